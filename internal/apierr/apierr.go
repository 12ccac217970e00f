// Package apierr defines the one error type that every package of the SDK returns for a
// failed applibs call: the operation, the identifier it was about, and the errno the device
// sets, plus a sentence saying what was wrong.
//
// Backends report failures with this type (or a bare syscall.Errno). Each public package has
// its own Error type with the same content (certstore.Error, wificonfig.Error, ...): its
// front end turns what a backend returned into that type with Parts, and formats it with
// Format, so that every package words its errors alike.
package apierr

import (
	"errors"
	"fmt"
	"syscall"
)

// Error describes a failed call. It unwraps to its Errno, so errors.Is(err, syscall.ENOSPC)
// reports whether the device would have set ENOSPC, and to Err when a cause is recorded.
type Error struct {
	// Op is the Go name of the function that failed, for example "InstallClientCertificate".
	Op string
	// ID names what the call was about: a certificate identifier, a network ID, a config
	// name, or a component ID. It is empty when the call has no such argument.
	ID string
	// Errno is the errno the device sets for this failure.
	Errno syscall.Errno
	// Reason says in words what was wrong. It may be empty.
	Reason string
	// Err is an underlying cause (a parse error, say), or nil.
	Err error
}

// Error formats the failure as "op "id": reason: errno text".
func (e *Error) Error() string {
	subject := ""
	if e.ID != "" {
		subject = fmt.Sprintf("%q", e.ID)
	}
	return Format(e.Op, subject, e.Errno, e.Reason, e.Err)
}

// Unwrap returns the errno and, if present, the underlying cause.
func (e *Error) Unwrap() []error { return Causes(e.Errno, e.Err) }

// Format renders a failure as "op subject: reason: cause (ENAME: errno text)", leaving out
// the parts that are empty. subject is what the call was about, already formatted (a quoted
// identifier, "network 3").
func Format(op, subject string, errno syscall.Errno, reason string, cause error) string {
	msg := op
	if subject != "" {
		msg += " " + subject
	}
	if reason != "" {
		msg += ": " + reason
	}
	if cause != nil {
		msg += ": " + cause.Error()
	}
	if errno != 0 {
		msg += " (" + ErrnoName(errno) + ": " + errno.Error() + ")"
	}
	return msg
}

// Causes returns what an error with errno and cause unwraps to: the errno when it is not 0,
// then the cause when it is not nil.
func Causes(errno syscall.Errno, cause error) []error {
	errs := make([]error, 0, 2)
	if errno != 0 {
		errs = append(errs, errno)
	}
	if cause != nil {
		errs = append(errs, cause)
	}
	return errs
}

// Parts returns the content of Wrap(op, id, err) as a value, for a public package that
// converts it to its own Error type. err must not be nil.
func Parts(op, id string, err error) Error {
	var e *Error
	if errors.As(Wrap(op, id, err), &e) {
		return *e
	}
	return Error{Op: op, ID: id, Errno: syscall.EIO, Err: err}
}

// New returns an *Error for op and id with the given errno and reason.
func New(op, id string, errno syscall.Errno, reason string) *Error {
	return &Error{Op: op, ID: id, Errno: errno, Reason: reason}
}

// Newf is New with a formatted reason.
func Newf(op, id string, errno syscall.Errno, format string, args ...any) *Error {
	return &Error{Op: op, ID: id, Errno: errno, Reason: fmt.Sprintf(format, args...)}
}

// Wrap attributes err to op and id. It returns nil for nil. An *Error keeps its errno and
// reason and takes op and id where it has none; a bare syscall.Errno becomes an *Error with that
// errno; any other error is recorded as the cause, with errno taken from anything in its chain
// that is a syscall.Errno, or EIO when nothing is.
func Wrap(op, id string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		if (e.Op != "" || op == "") && (e.ID != "" || id == "") {
			return err
		}
		c := *e
		if c.Op == "" {
			c.Op = op
		}
		if c.ID == "" {
			c.ID = id
		}
		return &c
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		if err == error(errno) {
			return &Error{Op: op, ID: id, Errno: errno, Reason: Describe(errno)}
		}
		return &Error{Op: op, ID: id, Errno: errno, Err: err}
	}
	return &Error{Op: op, ID: id, Errno: syscall.EIO, Err: err}
}

// Unsupported returns the error of a package's default backend on a build that has no
// device backend: it wraps errors.ErrUnsupported (and ENOSYS) and says how to get a backend.
func Unsupported(pkg, op string) error {
	return &Error{
		Op:     op,
		Errno:  syscall.ENOSYS,
		Reason: pkg + ": no device backend in this build (build with -tags azsphere for linux/arm with cgo, or use a simulated device from github.com/azsphere-go/applibs/application/sim)",
		Err:    errors.ErrUnsupported,
	}
}

// Describe returns a short default reason for errno, used when a backend reports a bare errno.
func Describe(errno syscall.Errno) string {
	switch errno {
	case syscall.EACCES:
		return "the application manifest lacks the capability for this call"
	case syscall.EAGAIN:
		return "the OS component is not ready yet; try again"
	case syscall.EFAULT:
		return "a required argument is missing"
	case syscall.ENOENT:
		return "not found"
	case syscall.ENOSPC:
		return "not enough space"
	case syscall.ERANGE:
		return "a value is out of range"
	case syscall.EINVAL:
		return "invalid argument"
	case syscall.ENODEV:
		return "no such network"
	case syscall.ENETDOWN:
		return "the Wi-Fi interface is unavailable"
	}
	return ""
}

// ErrnoName returns the C name of errno ("ENOSPC"), or "errno N" for one without a name here.
func ErrnoName(errno syscall.Errno) string {
	if name, ok := names[errno]; ok {
		return name
	}
	return fmt.Sprintf("errno %d", int(errno))
}

var names = map[syscall.Errno]string{
	syscall.EPERM:    "EPERM",
	syscall.EBADF:    "EBADF",
	syscall.ENOENT:   "ENOENT",
	syscall.EIO:      "EIO",
	syscall.EAGAIN:   "EAGAIN",
	syscall.ENOMEM:   "ENOMEM",
	syscall.EACCES:   "EACCES",
	syscall.EFAULT:   "EFAULT",
	syscall.EEXIST:   "EEXIST",
	syscall.ENODEV:   "ENODEV",
	syscall.EINVAL:   "EINVAL",
	syscall.EFBIG:    "EFBIG",
	syscall.ENOSPC:   "ENOSPC",
	syscall.ERANGE:   "ERANGE",
	syscall.ENOSYS:   "ENOSYS",
	syscall.ENODATA:  "ENODATA",
	syscall.ENETDOWN: "ENETDOWN",
	syscall.ENOBUFS:  "ENOBUFS",
	syscall.ENOTCONN: "ENOTCONN",
	syscall.ENOTSUP:  "ENOTSUP",
}

// WrapInto is Wrap for a public package's own error type: it attributes err to op and id as
// a PE (a pointer to that type). A PE in err's chain keeps its content and takes op and id
// where it has none (names returns pointers to its Op and ID fields); any other error becomes
// the PE conv makes from what Parts makes of it. nil stays nil.
func WrapInto[E any, PE interface {
	*E
	error
}](op, id string, err error, names func(PE) (op, id *string), conv func(Error) PE) error {
	if err == nil {
		return nil
	}
	var e PE
	if errors.As(err, &e) {
		eop, eid := names(e)
		if *eop != "" && (*eid != "" || id == "") {
			return err
		}
		c := *e
		cp := PE(&c)
		cop, cid := names(cp)
		if *cop == "" {
			*cop = op
		}
		if *cid == "" {
			*cid = id
		}
		return cp
	}
	return conv(Parts(op, id, err))
}
