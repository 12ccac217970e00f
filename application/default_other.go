//go:build !(azsphere && linux && arm && cgo)

package application

import (
	"net"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// platformBackend is the default backend of a build without the device: every call fails
// with an error that wraps errors.ErrUnsupported and says how to get a backend.
func platformBackend() Backend { return unsupported{} }

type unsupported struct{}

func fail(op string) error { return apierr.Unsupported("application", op) }

func (unsupported) IsDeviceAuthReady() (bool, error) { return false, fail("IsDeviceAuthReady") }
func (unsupported) Connect(string) (net.Conn, error) { return nil, fail("Connect") }
func (unsupported) MemoryInfo(attribute uint32) (int, error) {
	switch MemoryAttribute(attribute) {
	case UserModeMemoryUsage:
		return 0, fail("GetUserModeMemoryUsageInKB")
	case PeakUserModeMemoryUsage:
		return 0, fail("GetPeakUserModeMemoryUsageInKB")
	}
	return 0, fail("GetTotalMemoryUsageInKB")
}
func (unsupported) OSVersion() (string, error) { return "", fail("GetOSVersion") }
