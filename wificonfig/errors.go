package wificonfig

import (
	"errors"
	"fmt"
	"strconv"
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// Error is the error of a failed call: the operation, the network it was about, and the
// errno the device sets, with a sentence saying what was wrong. It unwraps to Errno and to
// Err, so errors.Is(err, syscall.ENODEV) tells that the network does not exist.
//
// A Backend may return an *Error, a bare syscall.Errno, or any error wrapping one; the
// Config turns each into an *Error naming the operation and the network.
type Error struct {
	// Op is the Go name of the function that failed, for example "SetSSID".
	Op string
	// NetworkID is the network ID the call was about, or -1 when it names none.
	NetworkID int
	// Name is the config name or SSID the call was about, or "".
	Name string
	// Errno is the errno the device sets for this failure.
	Errno syscall.Errno
	// Reason says in words what was wrong. It may be empty.
	Reason string
	// Err is an underlying cause, or nil.
	Err error
}

// Error formats the failure as `Op network N "Name": Reason: Err (ENAME: errno text)`,
// leaving out what is not set.
func (e *Error) Error() string {
	subject := ""
	if e.NetworkID >= 0 {
		subject = "network " + strconv.Itoa(e.NetworkID)
	}
	if e.Name != "" {
		if subject != "" {
			subject += " "
		}
		subject += strconv.Quote(e.Name)
	}
	return apierr.Format(e.Op, subject, e.Errno, e.Reason, e.Err)
}

// Unwrap returns Errno (when set) and Err (when set).
func (e *Error) Unwrap() []error { return apierr.Causes(e.Errno, e.Err) }

// noNetwork is the NetworkID of an error about a call that names no network.
const noNetwork = -1

// wrap attributes err to op, the network id (noNetwork for none) and name as an *Error; nil
// stays nil. The front end knows which network a call was about, so its id replaces
// whatever the backend put in an *Error.
func wrap(op string, id int, name string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		c := *e
		if c.Op == "" {
			c.Op = op
		}
		c.NetworkID = id
		if c.Name == "" {
			c.Name = name
		}
		return &c
	}
	p := apierr.Parts(op, "", err)
	return &Error{Op: p.Op, NetworkID: id, Name: name, Errno: p.Errno, Reason: p.Reason, Err: p.Err}
}

func errorf(op string, id int, errno syscall.Errno, format string, args ...any) *Error {
	return &Error{Op: op, NetworkID: id, Errno: errno, Reason: fmt.Sprintf(format, args...)}
}
