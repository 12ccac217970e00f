package filestore_test

import (
	"crypto/x509/pkix"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/pkitest"
)

// BenchmarkInstall measures InstallRootCACertificate (parse, encode the whole store, write
// over the spare state file, fdatasync) and, in the same run, the baselines the store is
// judged against: the like-for-like one, an overwrite in place of as many bytes as the
// store writes, then fdatasync (impl=InPlace); one write+fsync+rename of the certificate
// (impl=Baseline) and the same with the directory fsync that makes the rename durable
// (impl=BaselineDirSync). Compare with benchstat -col /impl.
func BenchmarkInstall(b *testing.B) {
	ca, leaves := pki(b)
	dir := b.TempDir()
	store := certstore.New(open(b, dir))
	if err := store.InstallRootCACertificate("other", leaves[0].CertPEM); err != nil {
		b.Fatal(err)
	}
	if err := store.InstallRootCACertificate("ca", ca.CertPEM); err != nil {
		b.Fatal(err)
	}
	// What one install writes: the state's blocks.
	state := mustRead(b, filepath.Join(dir, "store.b"))
	state = state[:512*stateBlocks(state)]
	b.Run("impl=Store", func(b *testing.B) {
		defer reportCPU(b)()
		for i := 0; i < b.N; i++ {
			if err := store.InstallRootCACertificate("ca", ca.CertPEM); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=InPlace", func(b *testing.B) {
		f, err := os.OpenFile(filepath.Join(b.TempDir(), "f"), os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		if _, err := f.Write(make([]byte, 4096*((len(state)+4095)/4096))); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		defer reportCPU(b)()
		for i := 0; i < b.N; i++ {
			if _, err := f.WriteAt(state, 0); err != nil {
				b.Fatal(err)
			}
			if err := fdatasync(f); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, dirSync := range []bool{false, true} {
		name := "impl=Baseline"
		if dirSync {
			name = "impl=BaselineDirSync"
		}
		b.Run(name, func(b *testing.B) {
			dir := b.TempDir()
			tmp, dst := filepath.Join(dir, "f.tmp"), filepath.Join(dir, "f")
			for i := 0; i < b.N; i++ {
				f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := f.Write(ca.CertPEM); err != nil {
					b.Fatal(err)
				}
				if err := f.Sync(); err != nil {
					b.Fatal(err)
				}
				f.Close()
				if err := os.Rename(tmp, dst); err != nil {
					b.Fatal(err)
				}
				if dirSync {
					d, err := os.Open(dir)
					if err != nil {
						b.Fatal(err)
					}
					d.Sync()
					d.Close()
				}
			}
		})
	}
}

// BenchmarkList lists a full store (24 KiB of certificates) through the certstore front end
// (Certificates), on the simulated device (impl=Sim, the baseline: a listing from memory)
// and on the file store (impl=FileStore: one read of the change counter, then memory).
// Compare with benchstat -col /impl.
func BenchmarkList(b *testing.B) {
	ca, _ := pki(b)
	fill := func(s *certstore.Store) int {
		n := 0
		for ; ; n++ {
			c := ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "bench " + strconv.Itoa(n)}})
			err := s.InstallRootCACertificate("c"+strconv.Itoa(n), c.CertPEM)
			if errors.Is(err, syscall.ENOSPC) {
				return n
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, impl := range []string{"Sim", "FileStore"} {
		b.Run("impl="+impl, func(b *testing.B) {
			var s *certstore.Store
			if impl == "Sim" {
				s = certstore.New(sim.New(sim.Options{}).CertStore())
			} else {
				s = certstore.New(open(b, b.TempDir()))
			}
			n := fill(s)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				got := 0
				for _, err := range s.Certificates() {
					if err != nil {
						b.Fatal(err)
					}
					got++
				}
				if got != n {
					b.Fatalf("listed %d certificates, want %d", got, n)
				}
			}
		})
	}
}

// reportCPU starts measuring the process's CPU time; the function it returns reports it as
// cpu-ns/op, which separates the store's own work from the wait for the disk.
func reportCPU(b *testing.B) func() {
	start, ok := processCPUTime()
	return func() {
		if end, ok2 := processCPUTime(); ok && ok2 && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}
