//go:build azsphere && linux && arm && cgo

package wificonfig

import "github.com/azsphere-go/applibs/internal/device"

// platformBackend is the default backend of a device build: the device's Wi-Fi
// configuration, through libapplibs.
func platformBackend() Backend { return device.WifiConfigBackend() }
