//go:build (azsphere || abidouble) && cgo

package devapp

// #include "../applibs.h"
import "C"

import (
	"errors"
	"net"
	"strings"
	"syscall"
	"unsafe"

	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/internal/device"
)

// componentIDLength is the length of a component ID in GUID form.
const componentIDLength = 36

// App is the application runtime of the device. Its methods are those of
// application.Backend.
type App struct{}

var app App

// Backend returns the device's application runtime.
func Backend() *App { return &app }

func errnoOf(op, id string, err error) error {
	if errno, ok := err.(syscall.Errno); ok && errno != 0 {
		return errno
	}
	return apierr.New(op, id, syscall.EIO, "the C function failed without setting errno")
}

// IsDeviceAuthReady calls Application_IsDeviceAuthReady.
func (*App) IsDeviceAuthReady() (bool, error) {
	var ready C.uint8_t
	device.Lock()
	r, errno := device.ErrnoCall(func() C.int { return C.Application_IsDeviceAuthReady(&ready) })
	device.Unlock()
	if r != 0 {
		return false, errnoOf("IsDeviceAuthReady", "", errno)
	}
	return ready != 0, nil
}

// Connect calls Application_Connect and wraps the socket it returns in a net.Conn: through
// the runtime's poller with gc, with blocking reads and writes under TinyGo.
func (*App) Connect(componentID string) (net.Conn, error) {
	const op = "Connect"
	if strings.IndexByte(componentID, 0) >= 0 || len(componentID) > componentIDLength {
		return nil, apierr.New(op, componentID, syscall.EINVAL, "not a component ID")
	}
	buf := make([]byte, len(componentID)+1)
	copy(buf, componentID)
	device.Lock()
	fd, errno := device.ErrnoCall(func() C.int { return C.Application_Connect((*C.char)(unsafe.Pointer(&buf[0]))) })
	device.Unlock()
	if fd < 0 {
		return nil, errnoOf(op, componentID, errno)
	}
	return fileConn(op, componentID, int(fd))
}

// MemoryInfo does what the inline Applications_Get*MemoryUsageInKB wrappers do:
// z__Applications_GetMemoryInfo(attribute, &value, sizeof(size_t)), but reports a failure
// instead of returning 0.
func (*App) MemoryInfo(attribute uint32) (int, error) {
	var v C.size_t
	device.Lock()
	r, errno := device.ErrnoCall(func() C.int {
		return C.z__Applications_GetMemoryInfo(C.uint32_t(attribute), unsafe.Pointer(&v), C.size_t(unsafe.Sizeof(v)))
	})
	device.Unlock()
	if r != 0 {
		return 0, errnoOf("MemoryInfo", "", errno)
	}
	return int(v), nil
}

// OSVersion is not supported by the device backend: Applications_GetOsVersion is a static
// inline wrapper whose underlying exported call is not known to the project, so there is
// nothing to call that is known to be right.
func (*App) OSVersion() (string, error) {
	return "", &apierr.Error{Op: "GetOSVersion", Errno: syscall.ENOSYS,
		Reason: "the device backend does not know the exported call behind Applications_GetOsVersion",
		Err:    errors.ErrUnsupported}
}
