package application

import (
	"strconv"
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// Error is the error of a failed call: the operation, the component ID it was about, and the
// errno the device sets, with a sentence saying what was wrong. It unwraps to Errno and to
// Err, so errors.Is(err, syscall.EACCES) tells that the manifest does not allow the
// connection.
type Error struct {
	// Op is the Go name of the function that failed, for example "Connect".
	Op string
	// ID is the component ID the call was about ("" for calls without one).
	ID string
	// Errno is the errno the device sets for this failure.
	Errno syscall.Errno
	// Reason says in words what was wrong. It may be empty.
	Reason string
	// Err is an underlying cause, or nil.
	Err error
}

// Error formats the failure as `Op "ID": Reason: Err (ENAME: errno text)`.
func (e *Error) Error() string {
	subject := ""
	if e.ID != "" {
		subject = strconv.Quote(e.ID)
	}
	return apierr.Format(e.Op, subject, e.Errno, e.Reason, e.Err)
}

// Unwrap returns Errno (when set) and Err (when set).
func (e *Error) Unwrap() []error { return apierr.Causes(e.Errno, e.Err) }

// wrap attributes err to op and id as an *Error; nil stays nil.
func wrap(op, id string, err error) error {
	return apierr.WrapInto(op, id, err, func(e *Error) (*string, *string) { return &e.Op, &e.ID },
		func(p apierr.Error) *Error {
			return &Error{Op: p.Op, ID: p.ID, Errno: p.Errno, Reason: p.Reason, Err: p.Err}
		})
}
