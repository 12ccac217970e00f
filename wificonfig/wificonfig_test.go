package wificonfig_test

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/wificonfig"
)

// TestConstants compares every constant with the value of the C macro or enumerator it
// mirrors (wificonfig.h, wificonfig_structs_v1.h, wificonfig_internal.h).
func TestConstants(t *testing.T) {
	tests := []struct {
		name      string
		got, want int64
	}{
		{"WIFICONFIG_SSID_MAX_LENGTH", wificonfig.SSIDMaxLength, 32},
		{"WIFICONFIG_WPA2_KEY_MAX_BUFFER_SIZE", wificonfig.WPA2KeyMaxBufferSize, 64},
		{"WIFICONFIG_BSSID_BUFFER_SIZE", wificonfig.BSSIDBufferSize, 6},
		{"WIFICONFIG_CONFIG_NAME_MAX_LENGTH", wificonfig.ConfigNameMaxLength, 16},
		{"WIFICONFIG_EAP_IDENTITY_MAX_LENGTH", wificonfig.EAPIdentityMaxLength, 254},
		{"WifiConfig_Security_Unknown", int64(wificonfig.SecurityUnknown), 0},
		{"WifiConfig_Security_Open", int64(wificonfig.SecurityOpen), 1},
		{"WifiConfig_Security_Wpa2_Psk", int64(wificonfig.SecurityWPA2PSK), 2},
		{"WifiConfig_Security_Wpa2_EAP_TLS", int64(wificonfig.SecurityWPA2EAPTLS), 3},
		{"error ConnectionFailed", int64(wificonfig.DiagnosticErrorConnectionFailed), 1},
		{"error NetworkNotFound", int64(wificonfig.DiagnosticErrorNetworkNotFound), 2},
		{"error NoPskIncluded", int64(wificonfig.DiagnosticErrorNoPSKIncluded), 3},
		{"error WrongKey", int64(wificonfig.DiagnosticErrorWrongKey), 4},
		{"error AuthenticationFailed", int64(wificonfig.DiagnosticErrorAuthenticationFailed), 5},
		{"error SecurityTypeMismatch", int64(wificonfig.DiagnosticErrorSecurityTypeMismatch), 6},
		{"error NetworkFrequencyNotAllowed", int64(wificonfig.DiagnosticErrorNetworkFrequencyNotAllowed), 7},
		{"error NetworkNotEssPbssMbss", int64(wificonfig.DiagnosticErrorNetworkNotEssPbssMbss), 8},
		{"error NetworkNotSupported", int64(wificonfig.DiagnosticErrorNetworkNotSupported), 9},
		{"error NetworkNonWpa", int64(wificonfig.DiagnosticErrorNetworkNonWPA), 10},
		{"certError CertificateNotFound", int64(wificonfig.CertErrorNotFound), 100},
		{"certError InvalidRootCA", int64(wificonfig.CertErrorInvalidRootCA), 101},
		{"certError InvalidClientAuth", int64(wificonfig.CertErrorInvalidClientAuth), 102},
		{"certError UnknownClientId", int64(wificonfig.CertErrorUnknownClientID), 103},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %d; want %d", tt.name, tt.got, tt.want)
		}
	}
}

func TestStrings(t *testing.T) {
	tests := []struct {
		v    fmt.Stringer
		want string
	}{
		{wificonfig.SecurityWPA2EAPTLS, "Wpa2_EAP_TLS"},
		{wificonfig.SecurityWPA2PSK, "Wpa2_Psk"},
		{wificonfig.Security(9), "Security(9)"},
		{wificonfig.DiagnosticErrorAuthenticationFailed, "AuthenticationFailed"},
		{wificonfig.CertErrorInvalidRootCA, "InvalidRootCA"},
		{wificonfig.BSSID{0x02, 0xab, 0, 1, 2, 0xff}, "02:ab:00:01:02:ff"},
		// Regression: an SSID printed as a byte list.
		{wificonfig.StoredNetwork{SSID: []byte("Café\xff"), IsEnabled: true, IsConnected: true, Security: wificonfig.SecurityWPA2PSK}, `"Café\xff" Wpa2_Psk enabled, connected`},
		{wificonfig.StoredNetwork{SSID: []byte{}, Security: wificonfig.SecurityUnknown}, `"" Unknown disabled`},
		{wificonfig.ScannedNetwork{SSID: []byte("Guest"), BSSID: wificonfig.BSSID{2, 0, 0, 0, 0, 3}, FrequencyMHz: 2462, SignalRSSI: -70, Security: wificonfig.SecurityOpen}, `"Guest" 02:00:00:00:00:03 2462 MHz -70 dBm Open`},
		{wificonfig.ConnectedNetwork{SSID: []byte("Lab"), FrequencyMHz: 5180, SignalRSSI: -61, Security: wificonfig.SecurityWPA2EAPTLS}, `"Lab" 00:00:00:00:00:00 5180 MHz -61 dBm Wpa2_EAP_TLS`},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("%#v.String() = %q; want %q", tt.v, got, tt.want)
		}
	}
}

// refuse is a Backend whose every method panics: a Config must not call it for bad input.
type refuse struct{ wificonfig.Backend }

// TestBadInputNeverReachesBackend: the Config rejects bad arguments itself, with the errno
// the device sets, so every backend fails alike.
func TestBadInputNeverReachesBackend(t *testing.T) {
	c := wificonfig.New(refuse{})
	long := strings.Repeat("x", 300)
	tests := []struct {
		name  string
		call  func() error
		errno syscall.Errno
	}{
		{"AddDuplicateNetwork(-1)", func() error { _, err := c.AddDuplicateNetwork(-1, "n"); return err }, syscall.EINVAL},
		{"AddDuplicateNetwork(name 17)", func() error { _, err := c.AddDuplicateNetwork(0, long[:17]); return err }, syscall.ERANGE},
		{"AddDuplicateNetwork(name empty)", func() error { _, err := c.AddDuplicateNetwork(0, ""); return err }, syscall.ERANGE},
		{"SetSSID(-1)", func() error { return c.SetSSID(-1, []byte("x")) }, syscall.EINVAL},
		{"SetSSID(nil)", func() error { return c.SetSSID(0, nil) }, syscall.EFAULT},
		{"SetSSID(empty)", func() error { return c.SetSSID(0, []byte{}) }, syscall.ERANGE},
		{"SetSSID(33)", func() error { return c.SetSSID(0, make([]byte, 33)) }, syscall.ERANGE},
		{"SetSecurityType(Unknown)", func() error { return c.SetSecurityType(0, wificonfig.SecurityUnknown) }, syscall.EINVAL},
		{"SetSecurityType(4)", func() error { return c.SetSecurityType(0, 4) }, syscall.EINVAL},
		{"SetNetworkEnabled(-1)", func() error { return c.SetNetworkEnabled(-1, true) }, syscall.EINVAL},
		{"SetTargetedScanEnabled(-1)", func() error { return c.SetTargetedScanEnabled(-1, true) }, syscall.EINVAL},
		{"SetPSK(65)", func() error { return c.SetPSK(0, long[:65]) }, syscall.ERANGE},
		{"SetPSK(7)", func() error { return c.SetPSK(0, long[:7]) }, syscall.ERANGE},
		{"SetPSK(64 non-hex)", func() error { return c.SetPSK(0, long[:64]) }, syscall.EINVAL},
		{"SetPSK(non-ASCII)", func() error { return c.SetPSK(0, "pässword") }, syscall.EINVAL},
		{"SetClientIdentity(255)", func() error { return c.SetClientIdentity(0, long[:255]) }, syscall.ERANGE},
		{"SetClientIdentity(NUL)", func() error { return c.SetClientIdentity(0, "\x00") }, syscall.EINVAL},
		{"GetClientIdentity(-1)", func() error { _, err := c.GetClientIdentity(-1); return err }, syscall.EINVAL},
		{"SetClientCertStoreIdentifier(17)", func() error { return c.SetClientCertStoreIdentifier(0, long[:17]) }, syscall.ERANGE},
		{"SetClientCertStoreIdentifier(empty)", func() error { return c.SetClientCertStoreIdentifier(0, "") }, syscall.EINVAL},
		{"GetClientCertStoreIdentifier(-1)", func() error { _, err := c.GetClientCertStoreIdentifier(-1); return err }, syscall.EINVAL},
		{"SetRootCACertStoreIdentifier(bad char)", func() error { return c.SetRootCACertStoreIdentifier(0, "ca*") }, syscall.EINVAL},
		{"GetRootCACertStoreIdentifier(-1)", func() error { _, err := c.GetRootCACertStoreIdentifier(-1); return err }, syscall.EINVAL},
		{"SetConfigName(17)", func() error { return c.SetConfigName(0, long[:17]) }, syscall.ERANGE},
		{"SetConfigName(empty)", func() error { return c.SetConfigName(0, "") }, syscall.ERANGE},
		{"GetNetworkIDByConfigName(empty)", func() error { _, err := c.GetNetworkIDByConfigName(""); return err }, syscall.ERANGE},
		{"ForgetNetworkByID(-1)", func() error { return c.ForgetNetworkByID(-1) }, syscall.EINVAL},
		{"GetNetworkDiagnostics(-1)", func() error { _, err := c.GetNetworkDiagnostics(-1); return err }, syscall.EINVAL},
		{"StoreOpenNetwork(nil)", func() error { return c.StoreOpenNetwork(nil) }, syscall.EFAULT},
		{"StoreOpenNetwork(33)", func() error { return c.StoreOpenNetwork(make([]byte, 33)) }, syscall.ERANGE},
		{"StoreWPA2Network(empty SSID)", func() error { return c.StoreWPA2Network([]byte{}, "passphrase") }, syscall.ERANGE},
		{"StoreWPA2Network(65 PSK)", func() error { return c.StoreWPA2Network([]byte("x"), long[:65]) }, syscall.ERANGE},
		{"ForgetNetwork(nil SSID)", func() error { return c.ForgetNetwork(wificonfig.StoredNetwork{}) }, syscall.EFAULT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("the backend was called: %v", r)
				}
			}()
			err := tt.call()
			if !errors.Is(err, tt.errno) {
				t.Fatalf("error %v; want %v", err, tt.errno)
			}
			var e *wificonfig.Error
			if !errors.As(err, &e) || e.Op == "" || strings.Contains(e.Op, "(") {
				t.Fatalf("error %#v does not name its operation", err)
			}
		})
	}
}

// TestValidInputReachesBackend: the limits themselves are accepted.
func TestValidInputReachesBackend(t *testing.T) {
	dev := sim.New(sim.Options{})
	c := wificonfig.New(dev.Wifi())
	id, err := c.AddNetwork()
	if err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"SetSSID(32)":                      c.SetSSID(id, make([]byte, 32)),
		"SetPSK(8)":                        c.SetPSK(id, "12345678"),
		"SetPSK(63)":                       c.SetPSK(id, strings.Repeat("~", 63)),
		"SetPSK(64 hex)":                   c.SetPSK(id, strings.Repeat("aF", 32)),
		"SetClientIdentity(254)":           c.SetClientIdentity(id, strings.Repeat("i", 254)),
		"SetClientIdentity(empty)":         c.SetClientIdentity(id, ""),
		"SetConfigName(16)":                c.SetConfigName(id, strings.Repeat("n", 16)),
		"SetClientCertStoreIdentifier(16)": c.SetClientCertStoreIdentifier(id, "A-z_0.9abcdefghi"),
	} {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestErrorNamesOperationAndNetwork(t *testing.T) {
	c := wificonfig.New(sim.New(sim.Options{}).Wifi())
	err := c.SetSSID(3, []byte("x"))
	var e *wificonfig.Error
	if !errors.As(err, &e) || e.Op != "SetSSID" || e.NetworkID != 3 || e.Errno != syscall.ENODEV {
		t.Fatalf("SetSSID(3) on an empty configuration: %#v", err)
	}
	if !strings.HasPrefix(err.Error(), `SetSSID network 3: `) {
		t.Errorf("Error() = %q, want the network ID as a number", err.Error())
	}
	_, err = c.GetNetworkIDByConfigName("Office")
	if !errors.As(err, &e) || e.NetworkID != -1 || e.Name != "Office" || !strings.HasPrefix(err.Error(), `GetNetworkIDByConfigName "Office": `) {
		t.Errorf("GetNetworkIDByConfigName(Office) = %#v (%v), want it to name the config name and no network", err, err)
	}
	_, err = c.AddNetwork()
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.AddDuplicateNetwork(0, "")
	if got := err.Error(); !strings.HasPrefix(got, "AddDuplicateNetwork network 0: config name is empty") {
		t.Errorf("AddDuplicateNetwork(0, \"\") = %q", got)
	}
}

// Regression: PSK errors quoted the key's characters.
func TestPSKErrorsDoNotQuoteTheKey(t *testing.T) {
	c := wificonfig.New(refuse{})
	for _, psk := range []string{"secret\x01word", strings.Repeat("s3cr3tG", 9) + "s", "seCRET\xe9\xe9\xe9"} {
		for _, err := range []error{c.SetPSK(0, psk), c.StoreWPA2Network([]byte("net"), psk)} {
			if err == nil {
				t.Fatalf("PSK %q accepted", psk)
			}
			for _, part := range []string{"s", "S", "c", "C", "\\x01", "é", "\\xe9", "G"} {
				if strings.Contains(err.Error(), "'"+part+"'") || strings.Contains(err.Error(), "\""+psk) {
					t.Errorf("error %q quotes the key", err)
				}
			}
		}
	}
}

// TestNilConfig: a nil *Config fails with EFAULT and a Config without backend with
// ErrUnsupported, instead of panicking.
func TestNilConfig(t *testing.T) {
	var c *wificonfig.Config
	if _, err := c.AddNetwork(); !errors.Is(err, syscall.EFAULT) || !strings.Contains(err.Error(), "nil") {
		t.Errorf("nil *Config: AddNetwork = %v, want EFAULT saying it is nil", err)
	}
	if c.Backend() != nil {
		t.Error("nil *Config: Backend() != nil")
	}
	if err := wificonfig.New(nil).SetSSID(2, []byte("x")); !errors.Is(err, errors.ErrUnsupported) || !strings.HasPrefix(err.Error(), "SetSSID network 2") {
		t.Errorf("New(nil).SetSSID = %v, want ErrUnsupported naming the call and network", err)
	}
}

// TestDeprecatedCallsChangeNothingOnFailure: the emulated Store* calls undo their steps when
// one fails, so the configuration is as before.
func TestDeprecatedCallsChangeNothingOnFailure(t *testing.T) {
	for _, op := range []string{"AddNetwork", "SetSSID", "SetSecurityType", "SetPSK", "SetNetworkEnabled", "PersistConfig"} {
		t.Run(op, func(t *testing.T) {
			dev := sim.New(sim.Options{})
			c := wificonfig.New(dev.Wifi())
			if err := c.StoreOpenNetwork([]byte("Existing")); err != nil {
				t.Fatal(err)
			}
			running, stored := dev.WifiRunningConfig(), dev.WifiStoredConfig()
			dev.FailNext(op, syscall.EAGAIN)
			err := c.StoreWPA2Network([]byte("Home"), "correct horse")
			if !errors.Is(err, syscall.EAGAIN) || !strings.HasPrefix(err.Error(), `StoreWPA2Network "Home": `+op) {
				t.Fatalf("StoreWPA2Network with %s failing: %v, want EAGAIN naming the call and the step", op, err)
			}
			if got := dev.WifiRunningConfig(); len(got) != len(running) {
				t.Errorf("running configuration after the failure: %+v, want %+v", got, running)
			}
			if got := dev.WifiStoredConfig(); len(got) != len(stored) {
				t.Errorf("stored configuration after the failure: %+v, want %+v", got, stored)
			}
		})
	}
}
