//go:build (azsphere || abidouble) && cgo

package device

/*
#include <errno.h>
#include "applibs.h"
static int azsg_get_errno(void) { return errno; }
static void azsg_set_errno(int e) { errno = e; }
*/
import "C"

import (
	"bytes"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// mu serializes every call into the device libraries: the applibs functions are not thread
// safe, and the tests' double keeps global state. errno is read through errnoCall.
var mu sync.Mutex

// errnoOf converts the errno cgo captured with a failed call into the error the backend
// returns. A function that failed without setting errno gets EIO with a reason.
func errnoOf(op, id string, err error) error {
	if errno, ok := err.(syscall.Errno); ok && errno != 0 {
		return errno
	}
	return apierr.New(op, id, syscall.EIO, "the C function failed without setting errno")
}

// cbuf is a NUL-terminated copy of a Go string for a C function. It fails with EINVAL for a
// string with a NUL byte (C would see a shorter string) and ERANGE for one longer than max.
func cbuf(op, id, s string, max int) ([]byte, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, apierr.Newf(op, id, syscall.EINVAL, "string %q contains a NUL byte", s)
	}
	if len(s) > max {
		return nil, apierr.Newf(op, id, syscall.ERANGE, "string is %d bytes long; the limit is %d", len(s), max)
	}
	b := make([]byte, len(s)+1)
	copy(b, s)
	return b, nil
}

// cstr returns a pointer to the first byte of a NUL-terminated buffer made by cbuf.
func cstr(b []byte) *C.char { return (*C.char)(unsafe.Pointer(&b[0])) }

// blob returns a pointer to the bytes of b for a function that takes a length: NULL for a
// nil b, a valid pointer for an empty one.
func blob(b []byte) *C.char {
	if b == nil {
		return nil
	}
	if len(b) == 0 {
		return (*C.char)(unsafe.Pointer(&emptyBlob[0]))
	}
	return (*C.char)(unsafe.Pointer(unsafe.SliceData(b)))
}

var emptyBlob [1]byte

// secretBuf is a NUL-terminated copy of a secret for a C function, made without an
// intermediate string so that the caller can clear it after the call. It fails like cbuf.
func secretBuf(op, id string, s []byte, max int) ([]byte, error) {
	if bytes.IndexByte(s, 0) >= 0 {
		return nil, apierr.New(op, id, syscall.EINVAL, "password contains a NUL byte")
	}
	if len(s) > max {
		return nil, apierr.Newf(op, id, syscall.ERANGE, "password is %d bytes long; the limit is %d", len(s), max)
	}
	b := make([]byte, len(s)+1)
	copy(b, s)
	return b, nil
}

// goString returns the string in the n-byte C buffer p: the bytes up to the first NUL, or all
// n when there is none. It never includes a NUL or what follows one.
func goString(p *C.char, n int) string {
	b := unsafe.Slice((*byte)(unsafe.Pointer(p)), n)
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// goTime converts a struct tm that holds a UTC time into a time.Time in UTC: timegm
// semantics, independent of the local time zone. tm_wday, tm_yday and tm_isdst, undefined in
// what the device returns, are ignored.
func goTime(tm *C.struct_tm) time.Time {
	return time.Date(int(tm.tm_year)+1900, time.Month(int(tm.tm_mon)+1), int(tm.tm_mday),
		int(tm.tm_hour), int(tm.tm_min), int(tm.tm_sec), 0, time.UTC)
}

// Lock takes the lock that serializes every call into the device libraries, for the device
// backends in other packages (devapp). Unlock releases it.
func Lock() { mu.Lock() }

// Unlock releases the lock Lock took.
func Unlock() { mu.Unlock() }

// errnoCall calls f, which makes one call of a C function, and returns its result and the
// errno it set: what cgo's two-result form (r, err := C.f()) does, which TinyGo 0.33 lacks.
// As in that form, errno is cleared before the call and the error is nil when the call left
// it 0; the thread is locked so that the call and both errno accesses happen on one OS
// thread.
func errnoCall[T any](f func() T) (T, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	C.azsg_set_errno(0)
	r := f()
	if e := C.azsg_get_errno(); e != 0 {
		return r, syscall.Errno(e)
	}
	return r, nil
}

// ErrnoCall is errnoCall for the device backends in other packages (devapp).
func ErrnoCall[T any](f func() T) (T, error) { return errnoCall(f) }
