//go:build abidouble && cgo && !azsphere

package device_test

//lint:file-ignore SA1019 the deprecated C functions are bound too, and tested on purpose.

import (
	"errors"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/internal/device/abidouble"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/wificonfigtest"
)

func wantErrno(t *testing.T, what string, err error, errno syscall.Errno) {
	t.Helper()
	if !errors.Is(err, errno) {
		t.Errorf("%s: %v, want %v", what, err, errno)
	}
}

// TestWifiConfig drives the Wi-Fi functions through the front end, the cgo backend and the
// double: each setter's attribute encoding, the getters' buffers, the global operations with
// network ID -1, and the errnos that come back from C.
func TestWifiConfig(t *testing.T) {
	resetDouble(t)
	c := wificonfig.Default()
	id, err := c.AddNetwork()
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		what string
		err  error
	}{
		{"SetSSID", c.SetSSID(id, []byte("Contoso"))},
		{"SetSecurityType", c.SetSecurityType(id, wificonfig.SecurityWPA2PSK)},
		{"SetPSK", c.SetPSK(id, "passphrase-1234")},
		{"SetNetworkEnabled", c.SetNetworkEnabled(id, true)},
		{"SetTargetedScanEnabled", c.SetTargetedScanEnabled(id, true)},
		{"SetConfigName", c.SetConfigName(id, "home")},
		{"SetClientIdentity", c.SetClientIdentity(id, "device@contoso.com")},
		{"SetClientCertStoreIdentifier", c.SetClientCertStoreIdentifier(id, "client.cert")},
		{"SetRootCACertStoreIdentifier", c.SetRootCACertStoreIdentifier(id, "root_ca-1")},
	}
	for _, s := range steps {
		if s.err != nil {
			t.Errorf("%s: %v", s.what, s.err)
		}
	}
	if got := string(abidouble.StoredPSK(id)); got != "passphrase-1234" {
		t.Errorf("C holds PSK %q", got)
	}
	for _, g := range []struct {
		what string
		f    func(int) (string, error)
		want string
	}{
		{"GetClientIdentity", c.GetClientIdentity, "device@contoso.com"},
		{"GetClientCertStoreIdentifier", c.GetClientCertStoreIdentifier, "client.cert"},
		{"GetRootCACertStoreIdentifier", c.GetRootCACertStoreIdentifier, "root_ca-1"},
	} {
		if got, err := g.f(id); err != nil || got != g.want {
			t.Errorf("%s = %q, %v; want %q", g.what, got, err, g.want)
		}
	}
	if got, err := c.GetNetworkIDByConfigName("home"); err != nil || got != id {
		t.Errorf("GetNetworkIDByConfigName(home) = %d, %v; want %d", got, err, id)
	}
	_, err = c.GetNetworkIDByConfigName("nope")
	wantErrno(t, "GetNetworkIDByConfigName(nope)", err, syscall.ENODEV)
	dup, err := c.AddDuplicateNetwork(id, "copy")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.AddDuplicateNetwork(id, "copy")
	wantErrno(t, "AddDuplicateNetwork with a used name", err, syscall.EEXIST)
	wantErrno(t, "SetSSID of a missing network", c.SetSSID(99, []byte("x")), syscall.ENODEV)

	if err := c.PersistConfig(); err != nil {
		t.Fatalf("PersistConfig: %v", err)
	}
	if err := c.ForgetNetworkByID(dup); err != nil {
		t.Fatal(err)
	}
	if n, _ := c.GetStoredNetworkCount(); n != 1 {
		t.Errorf("GetStoredNetworkCount() = %d after forgetting one, want 1", n)
	}
	if err := c.ReloadConfig(); err != nil {
		t.Fatalf("ReloadConfig: %v", err)
	}
	if n, _ := c.GetStoredNetworkCount(); n != 2 {
		t.Errorf("GetStoredNetworkCount() = %d after ReloadConfig, want the 2 persisted", n)
	}

	// Connection state.
	_, err = c.GetCurrentNetwork()
	wantErrno(t, "GetCurrentNetwork when not connected", err, syscall.ENODATA)
	_, err = c.GetConnectedNetworkID()
	wantErrno(t, "GetConnectedNetworkID when not connected", err, syscall.ENOTCONN)
	bssid := [6]byte{0xde, 0xad, 0xbe, 0xef, 0, 1}
	abidouble.Connect(id, bssid, 5180, -42)
	cur, err := c.GetCurrentNetwork()
	want := wificonfig.ConnectedNetwork{SSID: []byte("Contoso"), BSSID: bssid, FrequencyMHz: 5180, SignalRSSI: -42, Security: wificonfig.SecurityWPA2PSK}
	if err != nil || string(cur.SSID) != string(want.SSID) || cur.BSSID != want.BSSID || cur.FrequencyMHz != want.FrequencyMHz || cur.SignalRSSI != want.SignalRSSI || cur.Security != want.Security {
		t.Errorf("GetCurrentNetwork() = %+v, %v; want %+v", cur, err, want)
	}
	if got, err := c.GetConnectedNetworkID(); err != nil || got != id {
		t.Errorf("GetConnectedNetworkID() = %d, %v; want %d", got, err, id)
	}
	_, err = c.GetNetworkDiagnostics(id)
	wantErrno(t, "GetNetworkDiagnostics without a failure", err, syscall.ENODEV)
	abidouble.SetDiagnostics(id, 5, 1700000000, 102, 0, "/CN=Device 1")
	d, err := c.GetNetworkDiagnostics(id)
	if err != nil || d.Error != wificonfig.DiagnosticErrorAuthenticationFailed || d.CertError != wificonfig.CertErrorInvalidClientAuth || d.CertSubject != "/CN=Device 1" || !d.IsConnected || !d.IsEnabled {
		t.Errorf("GetNetworkDiagnostics() = %+v, %v", d, err)
	}

	// Deprecated functions.
	if err := c.StoreOpenNetwork([]byte("Open")); err != nil {
		t.Fatal(err)
	}
	wantErrno(t, "StoreOpenNetwork twice", c.StoreOpenNetwork([]byte("Open")), syscall.EEXIST)
	if err := c.StoreWPA2Network([]byte("Wpa"), "0123456789"); err != nil {
		t.Fatal(err)
	}
	list, err := c.GetStoredNetworks()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ForgetNetwork(list[len(list)-1]); err != nil {
		t.Errorf("ForgetNetwork(%+v): %v", list[len(list)-1], err)
	}
	wantErrno(t, "ForgetNetwork twice", c.ForgetNetwork(list[len(list)-1]), syscall.ENOENT)
	if err := c.SetPowerSavingsEnabled(true); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("SetPowerSavingsEnabled: %v, want ErrUnsupported", err)
	}

	// Capabilities and faults come back as errnos.
	abidouble.SetCapabilities(abidouble.CapWifiConfig)
	wantErrno(t, "SetClientIdentity without EnterpriseWifiConfig", c.SetClientIdentity(id, "x"), syscall.EACCES)
	wantErrno(t, "SetSecurityType(EAP-TLS) without EnterpriseWifiConfig", c.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS), syscall.EACCES)
	abidouble.SetCapabilities(0)
	_, err = c.AddNetwork()
	wantErrno(t, "AddNetwork without WifiConfig", err, syscall.EACCES)
	abidouble.SetCapabilities(abidouble.CapAll)
	abidouble.FailNext("WifiConfig_ForgetAllNetworks", syscall.EAGAIN)
	wantErrno(t, "ForgetAllNetworks with a fault", c.ForgetAllNetworks(), syscall.EAGAIN)
	if err := c.ForgetAllNetworks(); err != nil {
		t.Fatal(err)
	}
	if list, err := c.GetStoredNetworks(); err != nil || len(list) != 0 {
		t.Errorf("GetStoredNetworks() = %v, %v after ForgetAllNetworks", list, err)
	}
}

// TestWifiConfigConformance runs the wificonfig conformance suite through the cgo backend
// against the C double, with the double's radio.
//
// One method is shimmed: the suite expects SetPowerSavingsEnabled to succeed, but the exported
// call behind the inline WifiConfig_SetPowerSavingsEnabled is not known, so the device backend
// reports ErrUnsupported (TestWifiConfig checks that) rather than guess an attribute number.
func TestWifiConfigConformance(t *testing.T) {
	wificonfigtest.Run(t, func(t *testing.T) wificonfigtest.Env {
		resetDouble(t)
		return wificonfigtest.Env{Backend: powerSavingsShim{wificonfig.Default().Backend()}, Reboot: abidouble.Reboot, Radio: radio{}}
	})
}

// powerSavingsShim is the device backend with SetPowerSavingsEnabled accepted and ignored.
type powerSavingsShim struct{ wificonfig.Backend }

func (powerSavingsShim) SetPowerSavingsEnabled(bool) error { return nil }

// radio puts access points in range of the double, which plays open and WPA2-PSK access
// points, scans and BSS information, and no EAP-TLS.
type radio struct{}

func (radio) Features() wificonfigtest.RadioFeatures {
	return wificonfigtest.RadioFeatures{Open: true, PSK: true, Scan: true, BSSInfo: true,
		Note: "the C double authenticates no EAP-TLS (attempts fail with ConnectionFailed)"}
}

func (radio) SetAccessPoint(ap wificonfigtest.AccessPoint) error {
	if len(ap.SSID) > 32 || len(ap.PSK) > 64 {
		return syscall.ERANGE
	}
	if !abidouble.SetAccessPoint(ap.SSID, ap.BSSID, ap.FrequencyMHz, ap.SignalRSSI, uint8(ap.Security), []byte(ap.PSK), ap.Hidden) {
		return syscall.ENOSPC
	}
	return nil
}
