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
		{"WIFICONFIG_STRUCTS_VERSION", wificonfig.StructsVersion, 1},
		{"WifiConfig_Security_Unknown", int64(wificonfig.SecurityUnknown), 0},
		{"WifiConfig_Security_Open", int64(wificonfig.SecurityOpen), 1},
		{"WifiConfig_Security_Wpa2_Psk", int64(wificonfig.SecurityWpa2PSK), 2},
		{"WifiConfig_Security_Wpa2_EAP_TLS", int64(wificonfig.SecurityWpa2EAPTLS), 3},
		{"z__WifiConfig_Attribute_SSID", int64(wificonfig.AttrSSID), 0},
		{"z__WifiConfig_Attribute_Security_Type", int64(wificonfig.AttrSecurityType), 1},
		{"z__WifiConfig_Attribute_Enable", int64(wificonfig.AttrEnable), 2},
		{"z__WifiConfig_Attribute_Save", int64(wificonfig.AttrSave), 3},
		{"z__WifiConfig_Attribute_Reload", int64(wificonfig.AttrReload), 4},
		{"z__WifiConfig_Attribute_Preshared_Key", int64(wificonfig.AttrPresharedKey), 5},
		{"z__WifiConfig_Attribute_Client_Identity", int64(wificonfig.AttrClientIdentity), 6},
		{"z__WifiConfig_Attribute_Client_CertStore_Identifier", int64(wificonfig.AttrClientCertStoreIdentifier), 7},
		{"z__WifiConfig_Attribute_RootCA_CertStore_Identifier", int64(wificonfig.AttrRootCACertStoreIdentifier), 8},
		{"z__WifiConfig_Attribute_Targeted_Scan", int64(wificonfig.AttrTargetedScan), 11},
		{"z__WifiConfig_Attribute_Config_Name", int64(wificonfig.AttrConfigName), 12},
		{"z__WifiConfig_Attribute_Network_Diagnostics32", int64(wificonfig.AttrNetworkDiagnostics32), 22},
		{"z__WifiConfig_Attribute_Network_Diagnostics64", int64(wificonfig.AttrNetworkDiagnostics64), 23},
		{"error ConnectionFailed", int64(wificonfig.ConnectionFailed), 1},
		{"error NetworkNotFound", int64(wificonfig.NetworkNotFound), 2},
		{"error NoPskIncluded", int64(wificonfig.NoPSKIncluded), 3},
		{"error WrongKey", int64(wificonfig.WrongKey), 4},
		{"error AuthenticationFailed", int64(wificonfig.AuthenticationFailed), 5},
		{"error SecurityTypeMismatch", int64(wificonfig.SecurityTypeMismatch), 6},
		{"error NetworkFrequencyNotAllowed", int64(wificonfig.NetworkFrequencyNotAllowed), 7},
		{"error NetworkNotEssPbssMbss", int64(wificonfig.NetworkNotEssPbssMbss), 8},
		{"error NetworkNotSupported", int64(wificonfig.NetworkNotSupported), 9},
		{"error NetworkNonWpa", int64(wificonfig.NetworkNonWpa), 10},
		{"certError CertificateNotFound", int64(wificonfig.CertificateNotFound), 100},
		{"certError InvalidRootCA", int64(wificonfig.InvalidRootCA), 101},
		{"certError InvalidClientAuth", int64(wificonfig.InvalidClientAuth), 102},
		{"certError UnknownClientId", int64(wificonfig.UnknownClientID), 103},
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
		{wificonfig.SecurityWpa2EAPTLS, "Wpa2_EAP_TLS"},
		{wificonfig.SecurityWpa2PSK, "Wpa2_Psk"},
		{wificonfig.Security(9), "Security(9)"},
		{wificonfig.AuthenticationFailed, "AuthenticationFailed"},
		{wificonfig.InvalidRootCA, "InvalidRootCA"},
		{wificonfig.AttrRootCACertStoreIdentifier, "RootCA_CertStore_Identifier"},
		{wificonfig.BSSID{0x02, 0xab, 0, 1, 2, 0xff}, "02:ab:00:01:02:ff"},
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
		{"StoreWpa2Network(empty SSID)", func() error { return c.StoreWpa2Network([]byte{}, "passphrase") }, syscall.ERANGE},
		{"StoreWpa2Network(65 PSK)", func() error { return c.StoreWpa2Network([]byte("x"), long[:65]) }, syscall.ERANGE},
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
	if !errors.As(err, &e) || e.Op != "SetSSID" || e.ID != "3" || e.Errno != syscall.ENODEV {
		t.Fatalf("SetSSID(3) on an empty configuration: %#v", err)
	}
	if !strings.HasPrefix(err.Error(), `SetSSID "3": `) {
		t.Errorf("Error() = %q", err.Error())
	}
}

// TestDefaultIsUnsupported: without a device backend the package functions fail with an
// error wrapping errors.ErrUnsupported that names the operation.
func TestDefaultIsUnsupported(t *testing.T) {
	calls := map[string]error{
		"AddNetwork":            errOf(wificonfig.AddNetwork()),
		"SetSSID":               wificonfig.SetSSID(0, []byte("x")),
		"GetClientIdentity":     errOf(wificonfig.GetClientIdentity(0)),
		"PersistConfig":         wificonfig.PersistConfig(),
		"GetStoredNetworks":     errOf(wificonfig.GetStoredNetworks()),
		"GetConnectedNetworkID": errOf(wificonfig.GetConnectedNetworkID()),
		"StoreOpenNetwork":      wificonfig.StoreOpenNetwork([]byte("x")),
	}
	for op, err := range calls {
		var e *wificonfig.Error
		if !errors.Is(err, errors.ErrUnsupported) || !errors.As(err, &e) || e.Op != op {
			t.Errorf("%s: %v; want an *Error for %s wrapping errors.ErrUnsupported", op, err, op)
		}
	}
}

func errOf[T any](_ T, err error) error { return err }

func TestSetDefault(t *testing.T) {
	dev := sim.New(sim.Options{})
	prev := wificonfig.SetDefault(dev.Wifi())
	defer wificonfig.SetDefault(prev)
	if _, err := wificonfig.AddNetwork(); err != nil {
		t.Fatal(err)
	}
	if n, err := wificonfig.GetStoredNetworkCount(); n != 1 || err != nil {
		t.Fatalf("GetStoredNetworkCount() = %d, %v", n, err)
	}
	if got := wificonfig.SetDefault(prev); got != dev.Wifi() {
		t.Fatalf("SetDefault returned %v; want the device's backend", got)
	}
	if _, err := wificonfig.AddNetwork(); !errors.Is(err, errors.ErrUnsupported) {
		t.Fatalf("after restoring: %v", err)
	}
}
