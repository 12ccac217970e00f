//go:build azsphere && linux && arm && cgo

package certstore

import "github.com/azsphere-go/applibs/internal/device"

// platformBackend is the default backend of a device build: the device's certificate store,
// through libapplibs.
func platformBackend() Backend { return device.CertStoreBackend() }
