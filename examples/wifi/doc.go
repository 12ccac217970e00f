// Command wifi is the scenario of the official Wi-Fi sample (Samples/WiFi/WiFi_HighLevelApp)
// written with package wificonfig and run on the simulated device of package
// github.com/azsphere-go/applibs/application/sim.
//
// The sample reacts to button presses; this program plays the same operations in order:
// add and persist a WPA2-PSK network, enable it (the device connects), disable it,
// duplicate it under a second config name, forget the copy, show the diagnostics of a
// network with a wrong key, enable the network again, and print the status, the stored
// networks and a scan (every BSS, then the distinct SSIDs, as the sample de-duplicates).
//
// Run it with
//
//	go run ./examples/wifi
//
// The logic is in run, which takes any *wificonfig.Config.
//
// # On the device
//
// The same program is a device program: in a device build (TinyGo with the generated azsphere
// target, or gc with -tags azsphere) main runs the steps on the device's Wi-Fi configuration
// through the package-level functions. approot/app_manifest.json grants exactly what it uses
// (WifiConfig: open and WPA2-PSK networks need nothing more); put the executable at
// approot/bin/app and pack approot with az sphere image-package pack-application.
package main
