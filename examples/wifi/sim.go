//go:build !azsphere

package main

import (
	"fmt"
	"os"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/wificonfig"
)

// main plays the sample on a simulated device (every build but the device's).
func main() {
	dev := newDevice()
	if err := run(os.Stdout, wificonfig.New(dev.Wifi())); err != nil {
		fmt.Fprintln(os.Stderr, "wifi:", err)
		os.Exit(1)
	}
}

// newDevice returns a simulated device with three access points in range: the sample's
// network on two bands and an open guest network.
func newDevice() *sim.Device {
	dev := sim.New(sim.Options{})
	for _, ap := range []sim.AccessPoint{
		{SSID: []byte(sampleSSID), BSSID: wificonfig.BSSID{0x02, 0x50, 0xf2, 0, 0, 0x01}, FrequencyMHz: 2437, SignalRSSI: -48, Security: wificonfig.SecurityWPA2PSK, PSK: samplePSK},
		{SSID: []byte(sampleSSID), BSSID: wificonfig.BSSID{0x02, 0x50, 0xf2, 0, 0, 0x02}, FrequencyMHz: 5180, SignalRSSI: -61, Security: wificonfig.SecurityWPA2PSK, PSK: samplePSK},
		{SSID: []byte("Contoso Guest"), BSSID: wificonfig.BSSID{0x02, 0x50, 0xf2, 0, 0, 0x03}, FrequencyMHz: 2462, SignalRSSI: -70, Security: wificonfig.SecurityOpen},
	} {
		if err := dev.SetAccessPoint(ap); err != nil {
			panic(err)
		}
	}
	return dev
}
