//go:build cgo && ((azsphere && linux && arm) || abidouble)

package application

import "github.com/azsphere-go/applibs/internal/device/devapp"

// platformBackend is the default backend of a device build: the device's application
// runtime, through libapplibs. (With the test tag abidouble, the C double stands in.)
func platformBackend() Backend { return devapp.Backend() }
