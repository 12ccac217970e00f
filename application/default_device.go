//go:build azsphere && linux && arm && cgo

package application

import "github.com/azsphere-go/applibs/internal/device/devapp"

// platformBackend is the default backend of a device build: the device's application
// runtime, through libapplibs.
func platformBackend() Backend { return devapp.Backend() }
