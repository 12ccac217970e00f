package apierr_test

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/internal/apierr"
)

func TestErrorText(t *testing.T) {
	cause := errors.New("asn1: structure error")
	tests := []struct {
		err  *apierr.Error
		want string
	}{
		{&apierr.Error{Op: "GetCertificateCount"}, "GetCertificateCount"},
		{apierr.New("DeleteCertificate", "root", syscall.ENOENT, "no certificate with this identifier"),
			`DeleteCertificate "root": no certificate with this identifier (ENOENT: no such file or directory)`},
		{&apierr.Error{Op: "InstallRootCACertificate", ID: "ca", Errno: syscall.EINVAL, Err: cause},
			`InstallRootCACertificate "ca": asn1: structure error (EINVAL: invalid argument)`},
		{&apierr.Error{Op: "InstallRootCACertificate", ID: "ca", Errno: syscall.EINVAL, Reason: "bad", Err: cause},
			`InstallRootCACertificate "ca": bad: asn1: structure error (EINVAL: invalid argument)`},
		{apierr.Newf("GetCertificateIdentifierAt", "", syscall.ERANGE, "index %d", 7),
			`GetCertificateIdentifierAt: index 7 (ERANGE: numerical result out of range)`},
		{&apierr.Error{Op: "X", Errno: syscall.Errno(200)}, "X (errno 200: " + syscall.Errno(200).Error() + ")"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestUnwrap(t *testing.T) {
	cause := errors.New("cause")
	err := error(&apierr.Error{Op: "Op", ID: "id", Errno: syscall.ENOSPC, Err: cause})
	if !errors.Is(err, syscall.ENOSPC) {
		t.Error("errors.Is(err, ENOSPC) = false, want true")
	}
	if !errors.Is(err, cause) {
		t.Error("errors.Is(err, cause) = false, want true")
	}
	if errors.Is(err, syscall.EINVAL) {
		t.Error("errors.Is(err, EINVAL) = true, want false")
	}
	var errno syscall.Errno
	if !errors.As(err, &errno) || errno != syscall.ENOSPC {
		t.Errorf("errors.As(err, &errno) gave %v, want ENOSPC", errno)
	}
	if got := (&apierr.Error{Op: "Op"}).Unwrap(); len(got) != 0 {
		t.Errorf("Unwrap() of an error without errno or cause = %v, want empty", got)
	}
}

func TestPermission(t *testing.T) {
	err := apierr.New("GetCertificateCount", "", syscall.EACCES, apierr.Describe(syscall.EACCES))
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("errors.Is(%v, fs.ErrPermission) = false, want true", err)
	}
	if !errors.Is(apierr.New("X", "", syscall.ENOENT, ""), fs.ErrNotExist) {
		t.Error("ENOENT does not match fs.ErrNotExist")
	}
}

func TestWrap(t *testing.T) {
	if err := apierr.Wrap("Op", "id", nil); err != nil {
		t.Fatalf("Wrap(nil) = %v, want nil", err)
	}

	t.Run("bare errno", func(t *testing.T) {
		err := apierr.Wrap("DeleteCertificate", "x", syscall.EAGAIN)
		var e *apierr.Error
		if !errors.As(err, &e) {
			t.Fatalf("Wrap(EAGAIN) = %T, want *Error", err)
		}
		if e.Op != "DeleteCertificate" || e.ID != "x" || e.Errno != syscall.EAGAIN || e.Reason == "" {
			t.Errorf("Wrap(EAGAIN) = %+v, want op, id, errno and a default reason", *e)
		}
	})

	t.Run("keeps errno of *Error", func(t *testing.T) {
		inner := apierr.New("", "", syscall.ENOSPC, "full")
		err := apierr.Wrap("InstallRootCACertificate", "ca", inner)
		var e *apierr.Error
		if !errors.As(err, &e) {
			t.Fatalf("got %T", err)
		}
		if e.Errno != syscall.ENOSPC || e.Reason != "full" || e.Op != "InstallRootCACertificate" || e.ID != "ca" {
			t.Errorf("Wrap = %+v", *e)
		}
		if inner.Op != "" || inner.ID != "" {
			t.Errorf("Wrap modified its argument: %+v", *inner)
		}
	})

	t.Run("complete *Error is returned as is", func(t *testing.T) {
		inner := apierr.New("Inner", "a", syscall.ENOENT, "gone")
		if got := apierr.Wrap("Outer", "b", inner); got != error(inner) {
			t.Errorf("Wrap = %v, want the same error", got)
		}
	})

	t.Run("errno in chain", func(t *testing.T) {
		cause := fmt.Errorf("read: %w", syscall.EAGAIN)
		err := apierr.Wrap("Op", "id", cause)
		var e *apierr.Error
		if !errors.As(err, &e) || e.Errno != syscall.EAGAIN || !errors.Is(err, cause) {
			t.Errorf("Wrap(%v) = %#v, want errno EAGAIN and the cause", cause, err)
		}
	})

	t.Run("other error is EIO", func(t *testing.T) {
		cause := errors.New("boom")
		err := apierr.Wrap("Op", "id", cause)
		if !errors.Is(err, syscall.EIO) || !errors.Is(err, cause) {
			t.Errorf("Wrap(%v) = %v, want EIO and the cause", cause, err)
		}
	})

	t.Run("non-comparable cause", func(t *testing.T) {
		// An *Error whose cause has a non-comparable dynamic type must not make Wrap panic.
		inner := &apierr.Error{Errno: syscall.EINVAL, Err: listError{"a", "b"}}
		err := apierr.Wrap("Op", "id", inner)
		if !errors.Is(err, syscall.EINVAL) || !strings.Contains(err.Error(), `Op "id"`) {
			t.Errorf("Wrap = %v", err)
		}
	})
}

type listError []string

func (l listError) Error() string { return strings.Join(l, ", ") }

func TestUnsupported(t *testing.T) {
	err := apierr.Unsupported("certstore", "GetCertificateCount")
	if !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("errors.Is(%v, errors.ErrUnsupported) = false", err)
	}
	if !errors.Is(err, syscall.ENOSYS) {
		t.Errorf("errors.Is(%v, ENOSYS) = false", err)
	}
	for _, want := range []string{"GetCertificateCount", "certstore", "sim"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not mention %q", err, want)
		}
	}
}

func TestDescribe(t *testing.T) {
	for _, errno := range []syscall.Errno{syscall.EACCES, syscall.EAGAIN, syscall.EFAULT, syscall.ENOENT, syscall.ENOSPC, syscall.ERANGE, syscall.EINVAL} {
		if apierr.Describe(errno) == "" {
			t.Errorf("Describe(%v) is empty", errno)
		}
	}
}
