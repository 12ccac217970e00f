//go:build azsphere && linux && arm && cgo

package deviceauth

import "github.com/azsphere-go/applibs/internal/device"

// platformBackend is the default backend of a device build: the device's
// device-authentication service, through libtlsutils.
func platformBackend() Backend { return device.DeviceAuthBackend() }
