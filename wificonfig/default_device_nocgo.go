//go:build azsphere && linux && arm && !cgo

package wificonfig

// A device build without cgo imports the device backend only to fail there, with a message
// that says to enable cgo (see internal/device/nocgo.go), instead of silently building a
// program whose default backend is unsupported.
import _ "github.com/azsphere-go/applibs/internal/device"
