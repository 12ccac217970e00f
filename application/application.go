package application

import (
	"net"
	"sync/atomic"
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/internal/guid"
)

// OSVersionSize is the size of the version member of the C struct Applications_OsVersion:
// a version string is at most OSVersionSize-1 bytes, leaving room for the terminating NUL.
const OSVersionSize = 16

// MemoryAttribute selects a figure of z__Applications_GetMemoryInfo; the constants have the
// values of the C enum.
type MemoryAttribute uint32

// The memory figures, with the values of the C enum z__Applications_MemoryAttribute_*.
const (
	// TotalMemoryUsage is z__Applications_MemoryAttribute_TotalMemoryUsageInKB (0).
	TotalMemoryUsage MemoryAttribute = 0
	// UserModeMemoryUsage is z__Applications_MemoryAttribute_UserModeMemoryUsageInKB (1).
	UserModeMemoryUsage MemoryAttribute = 1
	// PeakUserModeMemoryUsage is
	// z__Applications_MemoryAttribute_PeakUserModeMemoryUsageInKB (2).
	PeakUserModeMemoryUsage MemoryAttribute = 2
)

// Backend is the seam between an App and the application runtime of a device (through
// libapplibs) or of the simulated device. App checks the arguments before it calls the
// backend (component IDs are in GUID form); the backend checks capabilities and reports
// failures as a syscall.Errno or an *Error carrying one. Implementations must be safe for
// concurrent use.
type Backend interface {
	// IsDeviceAuthReady reports whether the device-authentication certificate is ready, as
	// Application_IsDeviceAuthReady does.
	IsDeviceAuthReady() (bool, error)
	// Connect opens a message-oriented connection to the real-time capable application
	// componentID, as Application_Connect does: each Write sends one message, each Read
	// returns one. EACCES when componentID is not in the manifest's
	// AllowedApplicationConnections.
	Connect(componentID string) (net.Conn, error)
	// MemoryInfo returns a memory figure in KiB, as z__Applications_GetMemoryInfo does.
	MemoryInfo(attribute MemoryAttribute) (kib int, err error)
	// OSVersion returns the OS version string, as Applications_GetOsVersion does; it is at
	// most OSVersionSize-1 bytes.
	OSVersion() (string, error)
}

// App is the running application's view of the OS, bound to a Backend. Its methods are the
// Go counterparts of the Application_* and Applications_* functions. An App is safe for
// concurrent use if its backend is.
//
// An App without a backend (New(nil), or the default of a build without the device) fails
// every call with an error wrapping errors.ErrUnsupported that says how to get a backend; a
// nil *App fails every call with EFAULT.
type App struct {
	b Backend
}

// New returns an App that calls b. A nil b makes an App whose calls fail with an error
// wrapping errors.ErrUnsupported.
func New(b Backend) *App { return &App{b: b} }

// Backend returns the backend the App calls, nil for none.
func (a *App) Backend() Backend {
	if a == nil {
		return nil
	}
	return a.b
}

// backend returns the backend for a call of op, or the error of an App without one.
func (a *App) backend(op string) (Backend, error) {
	if a == nil {
		return nil, &Error{Op: op, Errno: syscall.EFAULT, Reason: "the *application.App is nil; make one with application.New or use application.Default"}
	}
	if a.b == nil {
		return nil, wrap(op, "", apierr.Unsupported("application", op))
	}
	return a.b, nil
}

var defaultApp atomic.Pointer[App]

func init() { defaultApp.Store(New(platformBackend())) }

// Default returns the App that the package-level functions use.
func Default() *App { return defaultApp.Load() }

// SetDefault makes b the backend of the package-level functions and returns the previous
// one, so that a caller can restore it. A nil b makes them fail with an error wrapping
// errors.ErrUnsupported. The default is process-wide: tests that replace it
// must not run in parallel with other tests that use the package-level functions.
func SetDefault(b Backend) (previous Backend) {
	return defaultApp.Swap(New(b)).b
}

// IsDeviceAuthReady mirrors Application_IsDeviceAuthReady: it reports whether the device's
// device-authentication (DAA) certificate is ready for authenticating to services, that is
// whether the device has attested and its certificate has not expired. The device renews
// the certificate about daily while it can reach the Azure Sphere Security Service; check
// this before calling deviceauth.ConfigureTLS. No capability is documented for it; whether
// the device reports false to an application whose manifest has no DeviceAuthentication
// tenant is unconfirmed (the simulator reports the certificate's state regardless).
func (a *App) IsDeviceAuthReady() (bool, error) {
	const op = "IsDeviceAuthReady"
	b, err := a.backend(op)
	if err != nil {
		return false, err
	}
	ok, err := b.IsDeviceAuthReady()
	if err != nil {
		return false, wrap(op, "", err)
	}
	return ok, nil
}

// Connect mirrors Application_Connect: it opens a connection to the real-time capable
// application (RTApp) with component ID componentID, a GUID such as
// "005180bc-402f-4cb3-a662-72937dbcde47". Where C returns a socket descriptor, Connect
// returns a net.Conn. The connection is message-oriented, like the device's socket: each
// Write sends one message and each Read returns one message; a Read into a buffer shorter
// than the message returns the start of the message and discards the rest. Close the
// connection when done.
//
// Both applications' manifests must list each other's component ID in
// AllowedApplicationConnections.
//
// Errors: EINVAL when componentID is not a GUID; EACCES when it is not in this application's
// AllowedApplicationConnections; other errnos from the backend (the simulator reports
// ECONNREFUSED when no such RTApp runs).
func (a *App) Connect(componentID string) (net.Conn, error) {
	const op = "Connect"
	if !guid.Valid(componentID) {
		return nil, &Error{Op: op, ID: componentID, Errno: syscall.EINVAL, Reason: "component ID is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"}
	}
	b, err := a.backend(op)
	if err != nil {
		return nil, err
	}
	c, err := b.Connect(componentID)
	if err != nil {
		return nil, wrap(op, componentID, err)
	}
	return c, nil
}

// GetTotalMemoryUsageInKB mirrors Applications_GetTotalMemoryUsageInKB: the memory the
// application uses in KiB, user-mode allocations plus what the kernel allocates on its
// behalf. Where the C function returns 0 on failure, this returns an error (EAGAIN when the
// figure is temporarily unavailable).
func (a *App) GetTotalMemoryUsageInKB() (int, error) {
	return a.memory("GetTotalMemoryUsageInKB", TotalMemoryUsage)
}

// GetUserModeMemoryUsageInKB mirrors Applications_GetUserModeMemoryUsageInKB: the
// user-mode memory of the application and its libraries in KiB. Errors as for
// GetTotalMemoryUsageInKB.
func (a *App) GetUserModeMemoryUsageInKB() (int, error) {
	return a.memory("GetUserModeMemoryUsageInKB", UserModeMemoryUsage)
}

// GetPeakUserModeMemoryUsageInKB mirrors Applications_GetPeakUserModeMemoryUsageInKB: the
// high watermark of the user-mode memory in KiB for this session. Errors as for
// GetTotalMemoryUsageInKB.
func (a *App) GetPeakUserModeMemoryUsageInKB() (int, error) {
	return a.memory("GetPeakUserModeMemoryUsageInKB", PeakUserModeMemoryUsage)
}

func (a *App) memory(op string, attr MemoryAttribute) (int, error) {
	b, err := a.backend(op)
	if err != nil {
		return 0, err
	}
	n, err := b.MemoryInfo(attr)
	if err != nil {
		return 0, wrap(op, "", err)
	}
	return n, nil
}

// GetOSVersion mirrors Applications_GetOsVersion: the human-readable OS version, based on
// the release's year and month with an optional suffix for updates (such as "24.03" or
// "23.10.1"), the same value the CLI's show-os-version prints. It is at most OSVersionSize-1
// bytes.
func (a *App) GetOSVersion() (string, error) {
	const op = "GetOSVersion"
	b, err := a.backend(op)
	if err != nil {
		return "", err
	}
	v, err := b.OSVersion()
	if err != nil {
		return "", wrap(op, "", err)
	}
	return v, nil
}

// IsDeviceAuthReady calls Default().IsDeviceAuthReady: it mirrors
// Application_IsDeviceAuthReady.
func IsDeviceAuthReady() (bool, error) { return Default().IsDeviceAuthReady() }

// Connect calls Default().Connect: it mirrors Application_Connect.
func Connect(componentID string) (net.Conn, error) { return Default().Connect(componentID) }

// GetTotalMemoryUsageInKB calls Default().GetTotalMemoryUsageInKB: it mirrors
// Applications_GetTotalMemoryUsageInKB.
func GetTotalMemoryUsageInKB() (int, error) { return Default().GetTotalMemoryUsageInKB() }

// GetUserModeMemoryUsageInKB calls Default().GetUserModeMemoryUsageInKB: it mirrors
// Applications_GetUserModeMemoryUsageInKB.
func GetUserModeMemoryUsageInKB() (int, error) { return Default().GetUserModeMemoryUsageInKB() }

// GetPeakUserModeMemoryUsageInKB calls Default().GetPeakUserModeMemoryUsageInKB: it mirrors
// Applications_GetPeakUserModeMemoryUsageInKB.
func GetPeakUserModeMemoryUsageInKB() (int, error) {
	return Default().GetPeakUserModeMemoryUsageInKB()
}

// GetOSVersion calls Default().GetOSVersion: it mirrors Applications_GetOsVersion.
func GetOSVersion() (string, error) { return Default().GetOSVersion() }
