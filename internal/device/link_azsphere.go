//go:build azsphere && cgo && !abidouble

package device

// The device libraries: certstore, wificonfig and application(s) are in libapplibs, the
// device authentication functions in libtlsutils.

// #cgo LDFLAGS: -lapplibs -ltlsutils
import "C"
