// Package application is the Go counterpart of the applibs headers application.h and
// applications.h: it tells the running high-level application whether device
// authentication is ready, connects it to real-time capable applications, and reports its
// memory use and the OS version.
//
// # Model
//
// IsDeviceAuthReady (Application_IsDeviceAuthReady) reports whether the device holds a
// valid device-authentication certificate, which package deviceauth uses for TLS.
//
// Connect (Application_Connect) opens a connection to a real-time capable application
// (RTApp) on one of the device's real-time cores, named by its component ID. Where C returns
// a socket descriptor, Connect returns a net.Conn that keeps message boundaries: one Write is
// one message, one Read returns one message. Both applications' manifests must list each
// other in AllowedApplicationConnections.
//
// GetTotalMemoryUsageInKB, GetUserModeMemoryUsageInKB and GetPeakUserModeMemoryUsageInKB
// (Applications_Get*MemoryUsageInKB) report the application's memory use in KiB; a
// high-level application has 256 KiB of RAM. GetOSVersion (Applications_GetOsVersion)
// returns the OS version string.
//
// # Functions, values and backends
//
// The package-level functions call the default App, which on a device build (-tags
// azsphere, linux/arm, cgo) is the device itself and elsewhere returns an error wrapping
// errors.ErrUnsupported. An App bound to any Backend offers the same methods; the simulated
// device in github.com/azsphere-go/applibs/application/sim is such a backend.
//
// A failed call returns an *Error that names the operation and unwraps to the errno the
// device sets: errors.Is(err, syscall.EACCES) says the manifest does not allow the call.
package application
