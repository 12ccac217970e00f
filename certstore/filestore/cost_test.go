package filestore

import (
	"crypto/x509/pkix"
	"testing"

	"github.com/azsphere-go/applibs/pkitest"
)

// TestQueryCost: a query reads the change counter once and nothing else; only after
// another Store's commit does it take the lock and read the state files.
func TestQueryCost(t *testing.T) {
	ca := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Cost CA"}})
	files := map[string][]byte{}
	ma := newMemFS(files)
	a, err := openWith("mem", ma, options{capacity: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.InstallRootCA("x", ca.CertPEM); err != nil {
		t.Fatal(err)
	}
	// A second Store on the same files and counter, as another process would have.
	mb := newMemFS(files)
	mb.count = ma.count
	b, err := openWith("mem", mb, options{capacity: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	queries := func(s *Store) {
		if n, err := s.Count(); err != nil || n < 1 {
			t.Fatalf("Count = %d, %v", n, err)
		}
		if _, err := s.List(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SubjectName("x"); err != nil {
			t.Fatal(err)
		}
	}
	ma.locks, ma.counterReads, ma.reads = 0, 0, 0
	queries(a)
	if ma.locks != 0 || ma.reads != 0 || ma.counterReads != 3 {
		t.Errorf("3 queries: %d locks, %d file reads, %d counter reads; want 0, 0, 3", ma.locks, ma.reads, ma.counterReads)
	}
	if err := b.InstallRootCA("y", ca.CertPEM); err != nil {
		t.Fatal(err)
	}
	ma.locks, ma.counterReads, ma.reads = 0, 0, 0
	queries(a)
	if ma.locks != 1 || ma.reads != 2 {
		t.Errorf("3 queries after another Store's commit: %d locks, %d file reads; want 1 and 2 (both state files, once)", ma.locks, ma.reads)
	}
	if n, _ := a.Count(); n != 2 {
		t.Errorf("Count after the other Store's install = %d, want 2", n)
	}
}
