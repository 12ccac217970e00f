package filestore_test

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/filestore"
	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/internal/certparse"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/google/go-cmp/cmp"
)

var (
	pkiOnce sync.Once
	ca      *pkitest.Cert
	leaves  []*pkitest.Cert
)

func pki(t testing.TB) (*pkitest.Cert, []*pkitest.Cert) {
	t.Helper()
	pkiOnce.Do(func() {
		ca = pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Store Test CA"}})
		for i := 0; i < 4; i++ {
			leaves = append(leaves, ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "leaf " + string(rune('A'+i))}}))
		}
	})
	return ca, leaves
}

func open(t testing.TB, dir string, opts ...filestore.Option) *filestore.Store {
	t.Helper()
	s, err := filestore.Open(dir, opts...)
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skipf("the file store does not run here: %v", err)
	}
	if err != nil {
		t.Fatalf("Open(%q): %v", dir, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// skipUnsupported skips a test that starts processes using the store on a system where
// the store does not run.
func skipUnsupported(t *testing.T) {
	t.Helper()
	open(t, t.TempDir()).Close()
}

func ids(t *testing.T, s *certstore.Store) []string {
	t.Helper()
	var out []string
	for id, err := range s.Identifiers() {
		if err != nil {
			t.Fatalf("Identifiers: %v", err)
		}
		out = append(out, id)
	}
	return out
}

func TestRulesAndPersistence(t *testing.T) {
	ca, leaves := pki(t)
	dir := t.TempDir()
	fs := open(t, dir)
	s := certstore.New(fs)

	key := leaves[0].MustKeyPEM(pkitest.EncryptedPKCS8, []byte("pw"))
	if err := s.InstallClientCertificate("client", leaves[0].CertPEM, key, []byte("pw")); err != nil {
		t.Fatal(err)
	}
	if err := s.InstallRootCACertificate("root", ca.CertPEM); err != nil {
		t.Fatal(err)
	}
	if err := s.InstallRootCACertificate("other", leaves[1].CertPEM); err != nil {
		t.Fatal(err)
	}
	wantUsed := len(leaves[0].CertPEM) + len(key) + len(ca.CertPEM) + len(leaves[1].CertPEM)
	if free, _ := s.GetAvailableSpace(); free != certstore.DefaultCapacity-wantUsed {
		t.Errorf("GetAvailableSpace() = %d, want %d", free, certstore.DefaultCapacity-wantUsed)
	}
	// Replace in place keeps the index.
	if err := s.InstallRootCACertificate("client", leaves[2].CertPEM); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"client", "root", "other"}, ids(t, s)); diff != "" {
		t.Errorf("after replace (-want +got):\n%s", diff)
	}
	// Move over an existing destination: src keeps its index, dst disappears.
	if err := s.MoveCertificate("other", "root"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"client", "root"}, ids(t, s)); diff != "" {
		t.Errorf("after move (-want +got):\n%s", diff)
	}
	if subj, _ := s.GetCertificateSubjectName("root"); subj != "/CN=leaf B" {
		t.Errorf("subject of moved cert = %q, want /CN=leaf B", subj)
	}
	if err := s.MoveCertificate("nope", "x"); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("Move(missing) = %v, want ENOENT", err)
	}
	if err := s.DeleteCertificate("client"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteCertificate("client"); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("second Delete = %v, want ENOENT", err)
	}
	if id, err := s.GetCertificateIdentifierAt(0); err != nil || id != "root" {
		t.Errorf("IdentifierAt(0) = %q, %v; want root", id, err)
	}
	if _, err := s.GetCertificateIdentifierAt(1); !errors.Is(err, syscall.ERANGE) {
		t.Errorf("IdentifierAt(1) = %v, want ERANGE", err)
	}
	if err := s.InstallClientCertificate("c2", leaves[3].CertPEM, leaves[3].MustKeyPEM(pkitest.PKCS8, nil), nil); err != nil {
		t.Fatal(err)
	}
	before := ids(t, s)
	nb, _ := s.GetCertificateNotAfter("c2")
	fs.Close()

	// Reopen: same order, same answers.
	s2 := certstore.New(open(t, dir))
	if diff := cmp.Diff(before, ids(t, s2)); diff != "" {
		t.Errorf("after reopen (-want +got):\n%s", diff)
	}
	if na, err := s2.GetCertificateNotAfter("c2"); err != nil || !na.Equal(nb) {
		t.Errorf("NotAfter after reopen = %v, %v; want %v", na, err, nb)
	}
}

// TestClosed: every call on a closed store fails with EBADF wrapping os.ErrClosed (not
// EAGAIN, which tells callers to retry).
func TestClosed(t *testing.T) {
	ca, _ := pki(t)
	fs := open(t, t.TempDir())
	if err := fs.InstallRootCA("x", ca.CertPEM); err != nil {
		t.Fatal(err)
	}
	if err := fs.Close(); err != nil {
		t.Fatal(err)
	}
	if err := fs.Close(); err != nil {
		t.Errorf("second Close = %v, want nil", err)
	}
	calls := map[string]func() error{
		"Count":          func() error { _, err := fs.Count(); return err },
		"IdentifierAt":   func() error { _, err := fs.IdentifierAt(0); return err },
		"List":           func() error { _, err := fs.List(); return err },
		"AvailableSpace": func() error { _, err := fs.AvailableSpace(); return err },
		"SubjectName":    func() error { _, err := fs.SubjectName("x"); return err },
		"IssuerName":     func() error { _, err := fs.IssuerName("x"); return err },
		"NotBefore":      func() error { _, err := fs.NotBefore("x"); return err },
		"NotAfter":       func() error { _, err := fs.NotAfter("x"); return err },
		"InstallRootCA":  func() error { return fs.InstallRootCA("y", ca.CertPEM) },
		"InstallClient":  func() error { return fs.InstallClient("y", ca.CertPEM, nil, nil) },
		"Move":           func() error { return fs.Move("x", "z") },
		"Delete":         func() error { return fs.Delete("x") },
		"Kind":           func() error { _, err := fs.Kind("x"); return err },
		"Size":           func() error { _, err := fs.Size("x"); return err },
		"Paths":          func() error { _, _, err := fs.Paths("x"); return err },
		"Usage":          func() error { _, _, err := fs.Usage(); return err },
	}
	for name, call := range calls {
		err := call()
		var e *apierr.Error
		if !errors.As(err, &e) || e.Errno != syscall.EBADF || !errors.Is(err, os.ErrClosed) || !errors.Is(err, iofs.ErrClosed) {
			t.Errorf("%s on a closed store = %v, want an *apierr.Error with EBADF wrapping os.ErrClosed", name, err)
			continue
		}
		if errors.Is(err, syscall.EAGAIN) {
			t.Errorf("%s on a closed store = %v: EAGAIN tells the caller to retry", name, err)
		}
		if !strings.Contains(err.Error(), "the file store is closed") {
			t.Errorf("%s on a closed store = %q, want it to say the file store is closed", name, err)
		}
	}
}

func TestContentChecks(t *testing.T) {
	ca, leaves := pki(t)
	s := certstore.New(open(t, t.TempDir()))
	pw := []byte("secret")
	enc := leaves[0].MustKeyPEM(pkitest.EncryptedPKCS8, pw)
	plain := leaves[0].MustKeyPEM(pkitest.PKCS8, nil)
	tests := []struct {
		name      string
		cert, key []byte
		pw        []byte
		want      syscall.Errno
	}{
		{"garbage cert", []byte("hello"), plain, nil, syscall.EINVAL},
		{"wrong password", leaves[0].CertPEM, enc, []byte("nope"), syscall.EINVAL},
		{"missing password", leaves[0].CertPEM, enc, nil, syscall.EINVAL},
		{"password for plain key", leaves[0].CertPEM, plain, pw, syscall.EINVAL},
		{"key of another cert", leaves[1].CertPEM, plain, nil, syscall.EINVAL},
		{"two certs", append(bytes.Clone(leaves[0].CertPEM), ca.CertPEM...), plain, nil, syscall.EINVAL},
		{"ok legacy", leaves[0].CertPEM, leaves[0].MustKeyPEM(pkitest.LegacyEncrypted, pw), pw, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.InstallClientCertificate("id", tt.cert, tt.key, tt.pw)
			if tt.want == 0 {
				if err != nil {
					t.Fatalf("Install = %v, want success", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Install = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestCapacity(t *testing.T) {
	ca, leaves := pki(t)
	capacity := len(ca.CertPEM) + len(leaves[0].CertPEM) + 10
	s := certstore.New(open(t, t.TempDir(), filestore.WithCapacity(capacity)))
	if err := s.InstallRootCACertificate("a", ca.CertPEM); err != nil {
		t.Fatal(err)
	}
	if err := s.InstallRootCACertificate("b", leaves[0].CertPEM); err != nil {
		t.Fatal(err)
	}
	err := s.InstallRootCACertificate("c", leaves[1].CertPEM)
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("third install = %v, want ENOSPC", err)
	}
	// Replacing b with a certificate of the same size fits: its old bytes are freed.
	if err := s.InstallRootCACertificate("b", leaves[1].CertPEM); err != nil {
		t.Fatalf("replace = %v, want success", err)
	}
	if n, _ := s.GetCertificateCount(); n != 2 {
		t.Errorf("count = %d, want 2", n)
	}
}

func TestPathsAndKeyHandling(t *testing.T) {
	ca, leaves := pki(t)
	dir := t.TempDir()
	fs := open(t, dir)
	s := certstore.New(fs)
	pw := []byte("a password that must not be stored")
	if err := s.InstallClientCertificate("c", leaves[0].CertPEM, leaves[0].MustKeyPEM(pkitest.EncryptedPKCS8, pw), pw); err != nil {
		t.Fatal(err)
	}
	if err := s.InstallRootCACertificate("r", ca.CertPEM); err != nil {
		t.Fatal(err)
	}
	cp, kp, err := fs.Paths("c")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(cp)
	if !bytes.Equal(got, leaves[0].CertPEM) {
		t.Errorf("cert file differs from the installed PEM")
	}
	fi, err := os.Stat(kp)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %v, want 0600", fi.Mode().Perm())
	}
	keyPEM, _ := os.ReadFile(kp)
	if b, _ := pem.Decode(keyPEM); b == nil || b.Type != "PRIVATE KEY" {
		t.Fatalf("key file is not an unencrypted PKCS#8 PEM")
	}
	if _, _, err := certparse.ClientCertificate(leaves[0].CertPEM, keyPEM, nil); err != nil {
		t.Errorf("exported key does not match: %v", err)
	}
	for _, name := range []string{"store.a", "store.b"} {
		db, err := os.Stat(filepath.Join(dir, name))
		if err != nil || db.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, %v; want 0600", name, db.Mode().Perm(), err)
		}
		if bytes.Contains(mustRead(t, filepath.Join(dir, name)), pw) {
			t.Errorf("%s contains the password", name)
		}
	}
	_, rk, err := fs.Paths("r")
	if err != nil || rk != "" {
		t.Errorf("Paths(root) key = %q, %v; want empty", rk, err)
	}
	// Move keeps the files; replace removes the old ones.
	if err := s.MoveCertificate("c", "c2"); err != nil {
		t.Fatal(err)
	}
	cp2, _, _ := fs.Paths("c2")
	if cp2 != cp {
		t.Errorf("Paths after move = %q, want %q", cp2, cp)
	}
	if err := s.InstallRootCACertificate("c2", leaves[1].CertPEM); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(kp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("old key file still exists after replace: %v", err)
	}
	if _, _, err := fs.Paths("gone"); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("Paths(missing) = %v, want ENOENT", err)
	}
}

func mustRead(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestTwoHandlesSeeEachOther(t *testing.T) {
	ca, _ := pki(t)
	dir := t.TempDir()
	a := certstore.New(open(t, dir))
	b := certstore.New(open(t, dir))
	if err := a.InstallRootCACertificate("x", ca.CertPEM); err != nil {
		t.Fatal(err)
	}
	if n, _ := b.GetCertificateCount(); n != 1 {
		t.Errorf("other handle count = %d, want 1", n)
	}
	if err := b.DeleteCertificate("x"); err != nil {
		t.Fatal(err)
	}
	if n, _ := a.GetCertificateCount(); n != 0 {
		t.Errorf("first handle count = %d, want 0", n)
	}
}

func TestLeftoversCleaned(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "export"), 0o700)
	os.WriteFile(filepath.Join(dir, "export", "9.crt"), []byte("stale"), 0o600)
	open(t, dir)
	if _, err := os.Stat(filepath.Join(dir, "export", "9.crt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale export file survived Open: %v", err)
	}
}

func TestConcurrent(t *testing.T) {
	ca, leaves := pki(t)
	fs := open(t, t.TempDir())
	s := certstore.New(fs)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := "g" + string(rune('0'+g))
			for i := 0; i < 10; i++ {
				if err := s.InstallRootCACertificate(id, ca.CertPEM); err != nil {
					t.Error(err)
					return
				}
				if _, _, err := fs.Paths(id); err != nil {
					t.Error(err)
				}
				s.MoveCertificate(id, id+"m")
				s.GetCertificateSubjectName(id + "m")
				s.DeleteCertificate(id + "m")
			}
		}()
	}
	wg.Wait()
	_ = leaves
	if n, _ := s.GetCertificateCount(); n != 0 {
		t.Errorf("count = %d, want 0", n)
	}
	if used, _, _ := fs.Usage(); used != 0 {
		t.Errorf("used = %d, want 0", used)
	}
}

// TestNegativeLength: a state header with a negative body length is a damaged file, not a
// panic (issue 11.4).
func TestNegativeLength(t *testing.T) {
	skipUnsupported(t)
	for _, n := range []string{"-1", "-9223372036854775808"} {
		dir := t.TempDir()
		data := "azsphere-certstore 2 seq=1 len=" + n + " sha256=00\n{}"
		if err := os.WriteFile(filepath.Join(dir, "store.a"), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "store.b"), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := filestore.Open(dir)
		if err == nil {
			s.Close()
			t.Errorf("Open with len=%s succeeded, want an error", n)
		}
	}
}
