package certstore_test

import (
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/azsphere-go/applibs/certstore"
)

func TestValidateIdentifier(t *testing.T) {
	tests := []struct {
		id    string
		errno syscall.Errno // 0: valid
	}{
		{"a", 0},
		{"Z9", 0},
		{"my-cert_01.v2", 0},
		{"0123456789abcdef", 0},
		{"...", 0},
		{"-", 0},
		{"", syscall.EINVAL},
		{"0123456789abcdefg", syscall.ERANGE},
		{strings.Repeat("!", 40), syscall.ERANGE},
		{"has space", syscall.EINVAL},
		{"slash/", syscall.EINVAL},
		{"nul\x00", syscall.EINVAL},
		{"\x00", syscall.EINVAL},
		{"é", syscall.EINVAL},
		{"star*", syscall.EINVAL},
		{"colon:", syscall.EINVAL},
		{"tab\t", syscall.EINVAL},
	}
	for _, tt := range tests {
		err := certstore.ValidateIdentifier(tt.id)
		if tt.errno == 0 {
			if err != nil {
				t.Errorf("ValidateIdentifier(%q) = %v, want nil", tt.id, err)
			}
			continue
		}
		if !errors.Is(err, tt.errno) {
			t.Errorf("ValidateIdentifier(%q) = %v, want %v", tt.id, err, tt.errno)
		}
		var e *certstore.Error
		if !errors.As(err, &e) || e.Op != "ValidateIdentifier" || e.ID != tt.id {
			t.Errorf("ValidateIdentifier(%q) = %#v, want a *certstore.Error naming the op and id", tt.id, err)
		}
	}
}

// validID is an independent model of the identifier rule of certstore.h: 1 to 16
// characters, each a letter, a digit, '.', '-' or '_'.
func validID(id string) bool {
	if !utf8.ValidString(id) {
		return false
	}
	n := utf8.RuneCountInString(id)
	if n < 1 || n > 16 {
		return false
	}
	return strings.Trim(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == ""
}

func FuzzValidateIdentifier(f *testing.F) {
	for _, s := range []string{"", "a", "root-ca_1.pem", "0123456789abcdef", "0123456789abcdefg", "a b", "\x00", "é", "ééééééééé", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		err := certstore.ValidateIdentifier(id)
		if got, want := err == nil, validID(id); got != want {
			t.Fatalf("ValidateIdentifier(%q) = %v; the model says valid=%v", id, err, want)
		}
		if err == nil {
			return
		}
		var e *certstore.Error
		if !errors.As(err, &e) {
			t.Fatalf("ValidateIdentifier(%q) returned %T", id, err)
		}
		// Too long is ERANGE, whatever the characters; anything else invalid is EINVAL.
		want := syscall.EINVAL
		if len(id) > certstore.MaxIdentifierLength {
			want = syscall.ERANGE
		}
		if e.Errno != want {
			t.Fatalf("ValidateIdentifier(%q): errno %v, want %v", id, e.Errno, want)
		}
	})
}

// recorder is a backend that records what reaches it and succeeds.
type recorder struct {
	calls    []string
	password []byte
	nilPwd   bool
}

func (r *recorder) InstallClient(id string, c, k, p []byte) error {
	r.calls = append(r.calls, "InstallClient "+id)
	r.password, r.nilPwd = p, p == nil
	return nil
}
func (r *recorder) InstallRootCA(id string, c []byte) error {
	r.calls = append(r.calls, "InstallRootCA "+id)
	return nil
}
func (r *recorder) Count() (int, error) { r.calls = append(r.calls, "Count"); return 0, nil }
func (r *recorder) IdentifierAt(i int) (string, error) {
	r.calls = append(r.calls, "IdentifierAt")
	return "", syscall.ERANGE
}
func (r *recorder) AvailableSpace() (int, error) {
	r.calls = append(r.calls, "AvailableSpace")
	return 0, nil
}
func (r *recorder) SubjectName(id string) (string, error) {
	r.calls = append(r.calls, "SubjectName "+id)
	return "", nil
}
func (r *recorder) IssuerName(id string) (string, error) {
	r.calls = append(r.calls, "IssuerName "+id)
	return "", nil
}
func (r *recorder) NotBefore(id string) (time.Time, error) {
	r.calls = append(r.calls, "NotBefore "+id)
	return time.Time{}, nil
}
func (r *recorder) NotAfter(id string) (time.Time, error) {
	r.calls = append(r.calls, "NotAfter "+id)
	return time.Time{}, nil
}
func (r *recorder) Move(src, dst string) error {
	r.calls = append(r.calls, "Move "+src+" "+dst)
	return nil
}
func (r *recorder) Delete(id string) error { r.calls = append(r.calls, "Delete "+id); return nil }

var _ certstore.Backend = (*recorder)(nil)

// TestArgumentsCheckedBeforeBackend checks that the Store rejects bad arguments itself, so
// that no backend ever sees them and all fail alike.
func TestArgumentsCheckedBeforeBackend(t *testing.T) {
	c, k := []byte("cert"), []byte("key")
	big := make([]byte, certstore.MaxCertSize+1)
	long := strings.Repeat("a", 17)
	tests := []struct {
		name  string
		call  func(s *certstore.Store) error
		errno syscall.Errno
	}{
		{"client nil cert", func(s *certstore.Store) error { return s.InstallClientCertificate("a", nil, k, nil) }, syscall.EFAULT},
		{"client nil key", func(s *certstore.Store) error { return s.InstallClientCertificate("a", c, nil, nil) }, syscall.EFAULT},
		{"client empty cert", func(s *certstore.Store) error { return s.InstallClientCertificate("a", []byte{}, k, nil) }, syscall.ERANGE},
		{"client big key", func(s *certstore.Store) error { return s.InstallClientCertificate("a", c, big, nil) }, syscall.ERANGE},
		{"client long password", func(s *certstore.Store) error {
			return s.InstallClientCertificate("a", c, k, make([]byte, certstore.MaxPrivateKeyPasswordLength+1))
		}, syscall.ERANGE},
		{"client NUL in password", func(s *certstore.Store) error { return s.InstallClientCertificate("a", c, k, []byte("a\x00b")) }, syscall.EINVAL},
		{"client bad id", func(s *certstore.Store) error { return s.InstallClientCertificate("a b", c, k, nil) }, syscall.EINVAL},
		{"root nil", func(s *certstore.Store) error { return s.InstallRootCACertificate("a", nil) }, syscall.EFAULT},
		{"root big", func(s *certstore.Store) error { return s.InstallRootCACertificate("a", big) }, syscall.ERANGE},
		{"root long id", func(s *certstore.Store) error { return s.InstallRootCACertificate(long, c) }, syscall.ERANGE},
		{"idAt negative", func(s *certstore.Store) error { _, err := s.GetCertificateIdentifierAt(-1); return err }, syscall.ERANGE},
		{"subject empty id", func(s *certstore.Store) error { _, err := s.GetCertificateSubjectName(""); return err }, syscall.EINVAL},
		{"issuer long id", func(s *certstore.Store) error { _, err := s.GetCertificateIssuerName(long); return err }, syscall.ERANGE},
		{"notBefore bad id", func(s *certstore.Store) error { _, err := s.GetCertificateNotBefore("a?"); return err }, syscall.EINVAL},
		{"notAfter bad id", func(s *certstore.Store) error { _, err := s.GetCertificateNotAfter("a?"); return err }, syscall.EINVAL},
		{"move bad src", func(s *certstore.Store) error { return s.MoveCertificate("", "b") }, syscall.EINVAL},
		{"move bad dst", func(s *certstore.Store) error { return s.MoveCertificate("a", long) }, syscall.ERANGE},
		{"delete bad id", func(s *certstore.Store) error { return s.DeleteCertificate("a b") }, syscall.EINVAL},
	}
	for _, tt := range tests {
		r := &recorder{}
		err := tt.call(certstore.New(r))
		if !errors.Is(err, tt.errno) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.errno)
		}
		if len(r.calls) != 0 {
			t.Errorf("%s: the backend was called: %q", tt.name, r.calls)
		}
	}
}

// Regression: nil and empty passwords both reach the backend as nil ("no password").
func TestEmptyPasswordIsNone(t *testing.T) {
	for _, pw := range [][]byte{nil, {}} {
		r := &recorder{}
		if err := certstore.New(r).InstallClientCertificate("a", []byte("c"), []byte("k"), pw); err != nil {
			t.Fatal(err)
		}
		if !r.nilPwd {
			t.Errorf("password %#v reached the backend as %#v, want nil", pw, r.password)
		}
	}
	r := &recorder{}
	if err := certstore.New(r).InstallClientCertificate("a", []byte("c"), []byte("k"), []byte("pw")); err != nil || string(r.password) != "pw" {
		t.Errorf("password pw reached the backend as %q, %v", r.password, err)
	}
	maxPwd := []byte(strings.Repeat("p", certstore.MaxPrivateKeyPasswordLength))
	if err := certstore.New(r).InstallClientCertificate("a", []byte("c"), []byte("k"), maxPwd); err != nil {
		t.Errorf("password of exactly MaxPrivateKeyPasswordLength: %v", err)
	}
}
