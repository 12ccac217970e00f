package certstore_test

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/certstore"
)

// failing is a backend whose every call returns err.
type failing struct{ err error }

func (f failing) InstallClient(string, []byte, []byte, []byte) error { return f.err }
func (f failing) InstallRootCA(string, []byte) error                 { return f.err }
func (f failing) Count() (int, error)                                { return 0, f.err }
func (f failing) IdentifierAt(int) (string, error)                   { return "", f.err }
func (f failing) AvailableSpace() (int, error)                       { return 0, f.err }
func (f failing) SubjectName(string) (string, error)                 { return "", f.err }
func (f failing) IssuerName(string) (string, error)                  { return "", f.err }
func (f failing) NotBefore(string) (time.Time, error)                { return time.Time{}, f.err }
func (f failing) NotAfter(string) (time.Time, error)                 { return time.Time{}, f.err }
func (f failing) Move(string, string) error                          { return f.err }
func (f failing) Delete(string) error                                { return f.err }

// TestErrorFromBackend checks that whatever a backend returns (a bare errno, an *Error
// without operation, any error wrapping an errno, any other error) reaches the caller as an
// *certstore.Error naming the operation and the identifier, with the errno.
func TestErrorFromBackend(t *testing.T) {
	cause := errors.New("disk on fire")
	tests := []struct {
		name      string
		err       error
		wantErrno syscall.Errno
		wantText  string
	}{
		{"bare errno", syscall.ENOSPC, syscall.ENOSPC, `DeleteCertificate "root": not enough space (ENOSPC: no space left on device)`},
		{"Error without op", &certstore.Error{Errno: syscall.ENOENT, Reason: "gone"}, syscall.ENOENT, `DeleteCertificate "root": gone (ENOENT: no such file or directory)`},
		{"wrapped errno", fmt.Errorf("io: %w", syscall.EAGAIN), syscall.EAGAIN, `DeleteCertificate "root": io: resource temporarily unavailable (EAGAIN: resource temporarily unavailable)`},
		{"other error", cause, syscall.EIO, `DeleteCertificate "root": disk on fire (EIO: input/output error)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := certstore.New(failing{tt.err}).DeleteCertificate("root")
			var e *certstore.Error
			if !errors.As(err, &e) {
				t.Fatalf("DeleteCertificate = %T %v, want *certstore.Error", err, err)
			}
			if e.Op != "DeleteCertificate" || e.ID != "root" || e.Errno != tt.wantErrno {
				t.Errorf("Error{Op: %q, ID: %q, Errno: %v}, want DeleteCertificate, root, %v", e.Op, e.ID, e.Errno, tt.wantErrno)
			}
			if !errors.Is(err, tt.wantErrno) {
				t.Errorf("errors.Is(err, %v) = false", tt.wantErrno)
			}
			if got := err.Error(); got != tt.wantText {
				t.Errorf("Error() = %q, want %q", got, tt.wantText)
			}
		})
	}
	if err := certstore.New(failing{syscall.EACCES}).DeleteCertificate("x"); !errors.Is(err, fs.ErrPermission) {
		t.Errorf("EACCES does not match fs.ErrPermission: %v", err)
	}
}

// TestNilStore checks that a nil *Store and a Store without backend fail with a message
// instead of panicking.
func TestNilStore(t *testing.T) {
	var nilStore *certstore.Store
	if _, err := nilStore.GetCertificateCount(); !errors.Is(err, syscall.EFAULT) || !strings.Contains(err.Error(), "nil") {
		t.Errorf("nil *Store: GetCertificateCount = %v, want EFAULT saying the store is nil", err)
	}
	for _, err := range nilStore.Certificates() {
		if !errors.Is(err, syscall.EFAULT) {
			t.Errorf("nil *Store: Certificates yielded %v, want EFAULT", err)
		}
	}
	if nilStore.Backend() != nil {
		t.Error("nil *Store: Backend() != nil")
	}
	s := certstore.New(nil)
	err := s.InstallRootCACertificate("root", []byte("pem"))
	if !errors.Is(err, errors.ErrUnsupported) || !strings.HasPrefix(err.Error(), `InstallRootCACertificate`) {
		t.Errorf("New(nil): InstallRootCACertificate = %v, want ErrUnsupported naming the call", err)
	}
	// Argument checks still come first.
	if err := s.InstallRootCACertificate("", []byte("pem")); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("New(nil) with an empty ID: %v, want EINVAL", err)
	}
}

// Regression: a non-ASCII identifier was reported by a byte of its UTF-8 ('Ã' for 'í').
func TestIdentifierCharacterInMessage(t *testing.T) {
	err := certstore.ValidateIdentifier("raíz")
	if err == nil || !strings.Contains(err.Error(), `'í' at byte 2`) {
		t.Errorf("ValidateIdentifier(raíz) = %v, want it to name 'í' at byte 2", err)
	}
	err = certstore.ValidateIdentifier("a\xffb")
	if err == nil || !strings.Contains(err.Error(), "0xff at byte 1") {
		t.Errorf("ValidateIdentifier(a\\xffb) = %v, want it to name byte 0xff at byte 1", err)
	}
}
