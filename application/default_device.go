//go:build cgo && ((azsphere && linux && arm) || abidouble)

package application

import "github.com/azsphere-go/applibs/internal/device/devapp"

// platformBackend is the default backend of a device build: the device's application
// runtime, through libapplibs. (With the test tag abidouble, the C double stands in.)
func platformBackend() Backend { return deviceApp{devapp.Backend()} }

// deviceApp is the device's application runtime as a Backend.
type deviceApp struct{ *devapp.App }

// MemoryInfo calls z__Applications_GetMemoryInfo for attribute.
func (d deviceApp) MemoryInfo(attribute MemoryAttribute) (int, error) {
	return d.App.MemoryInfo(uint32(attribute))
}
