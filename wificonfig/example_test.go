package wificonfig_test

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/wificonfig"
)

// Configure a WPA2-PSK network, persist it, and see the device connect, on a simulated
// device with one access point in range.
func Example() {
	dev := sim.New(sim.Options{})
	_ = dev.SetAccessPoint(sim.AccessPoint{
		SSID: []byte("Contoso Home"), BSSID: wificonfig.BSSID{0x02, 0, 0, 0, 0, 1},
		FrequencyMHz: 2412, SignalRSSI: -45, Security: wificonfig.SecurityWPA2PSK, PSK: "correct horse",
	})
	wifi := wificonfig.New(dev.Wifi())

	id, err := wifi.AddNetwork()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, err := range []error{
		wifi.SetSSID(id, []byte("Contoso Home")),
		wifi.SetSecurityType(id, wificonfig.SecurityWPA2PSK),
		wifi.SetPSK(id, "correct horse"),
		wifi.SetConfigName(id, "home"),
		wifi.SetNetworkEnabled(id, true),
		wifi.PersistConfig(),
	} {
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	cur, err := wifi.GetCurrentNetwork()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("connected to %q via %v at %d MHz\n", cur.SSID, cur.BSSID, cur.FrequencyMHz)
	// Output: connected to "Contoso Home" via 02:00:00:00:00:01 at 2412 MHz
}

// GetConnectedNetworkID reports ENOTCONN when the device has no connection.
func ExampleConfig_GetConnectedNetworkID() {
	wifi := wificonfig.New(sim.New(sim.Options{}).Wifi())
	_, err := wifi.GetConnectedNetworkID()
	fmt.Println(errors.Is(err, syscall.ENOTCONN))
	fmt.Println(err)
	// Output:
	// true
	// GetConnectedNetworkID: the device is not connected to a network (ENOTCONN: transport endpoint is not connected)
}

// Changes not persisted are lost on ReloadConfig (and on reboot).
func ExampleConfig_ReloadConfig() {
	wifi := wificonfig.New(sim.New(sim.Options{}).Wifi())
	id, _ := wifi.AddNetwork()
	_ = wifi.SetSSID(id, []byte("saved"))
	_ = wifi.PersistConfig()
	id, _ = wifi.AddNetwork()
	_ = wifi.SetSSID(id, []byte("unsaved"))
	_ = wifi.ReloadConfig()
	networks, _ := wifi.GetStoredNetworks()
	for _, n := range networks {
		fmt.Printf("%s enabled=%v\n", n.SSID, n.IsEnabled)
	}
	// Output: saved enabled=false
}

// A failed EAP-TLS attempt leaves diagnostics: here the network names a client certificate
// that is not installed.
func ExampleConfig_GetNetworkDiagnostics() {
	dev := sim.New(sim.Options{})
	_ = dev.SetAccessPoint(sim.AccessPoint{SSID: []byte("corp"), BSSID: wificonfig.BSSID{2}, Security: wificonfig.SecurityWPA2EAPTLS})
	wifi := wificonfig.New(dev.Wifi())
	id, _ := wifi.AddNetwork()
	_ = wifi.SetSSID(id, []byte("corp"))
	_ = wifi.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS)
	_ = wifi.SetClientCertStoreIdentifier(id, "ClientCert1")
	_ = wifi.SetNetworkEnabled(id, true)
	d, err := wifi.GetNetworkDiagnostics(id)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Error, d.CertError, d.Timestamp.Equal(dev.Now()))
	// Output: AuthenticationFailed CertificateNotFound true
}
