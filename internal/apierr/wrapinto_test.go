package apierr

import (
	"errors"
	"syscall"
	"testing"
)

// pubErr stands for a public package's Error type.
type pubErr struct {
	Op, ID string
	Errno  syscall.Errno
	Reason string
}

func (e *pubErr) Error() string { return Format(e.Op, e.ID, e.Errno, e.Reason, nil) }

func (e *pubErr) Unwrap() error { return e.Errno }

func wrapPub(op, id string, err error) error {
	return WrapInto(op, id, err, func(e *pubErr) (*string, *string) { return &e.Op, &e.ID },
		func(p Error) *pubErr { return &pubErr{Op: p.Op, ID: p.ID, Errno: p.Errno, Reason: p.Reason} })
}

func TestWrapInto(t *testing.T) {
	if wrapPub("Op", "id", nil) != nil {
		t.Fatal("WrapInto(nil) is not nil")
	}
	var e *pubErr
	// A bare errno becomes the public type with op and id.
	if err := wrapPub("Delete", "x", syscall.ENOENT); !errors.As(err, &e) || e.Op != "Delete" || e.ID != "x" || e.Errno != syscall.ENOENT || e.Reason == "" {
		t.Errorf("WrapInto(ENOENT) = %#v", err)
	}
	// A public error without op and id takes them, in a copy.
	orig := &pubErr{Errno: syscall.EAGAIN, Reason: "busy"}
	if err := wrapPub("Install", "y", orig); !errors.As(err, &e) || e == orig || e.Op != "Install" || e.ID != "y" || e.Reason != "busy" || orig.Op != "" {
		t.Errorf("WrapInto(public without op) = %#v, original now %#v", err, orig)
	}
	// One that has them is returned as it is.
	full := &pubErr{Op: "Move", ID: "a", Errno: syscall.EINVAL}
	if err := wrapPub("Other", "b", full); err != error(full) {
		t.Errorf("WrapInto(complete public error) = %#v, want it unchanged", err)
	}
	// An internal *Error is converted.
	if err := wrapPub("Op", "", New("Inner", "z", syscall.ENOSPC, "full")); !errors.As(err, &e) || e.Op != "Inner" || e.ID != "z" || e.Reason != "full" {
		t.Errorf("WrapInto(*Error) = %#v", err)
	}
}
