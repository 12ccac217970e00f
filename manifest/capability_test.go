package manifest

import (
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCapabilityTable checks that every Capabilities field has exactly one capability entry,
// in field order, with the JSON key of the field's struct tag, so the parser, Marshal and
// Has cover them all. (TestStructTags checks that the tags name the keys Marshal writes.)
func TestCapabilityTable(t *testing.T) {
	typ := reflect.TypeOf(Capabilities{})
	var fields []Capability
	for i := 0; i < typ.NumField(); i++ {
		fields = append(fields, Capability(tagKey(typ.Field(i))))
	}
	if diff := cmp.Diff(fields, AllCapabilities()); diff != "" {
		t.Errorf("AllCapabilities() does not follow the Capabilities fields (-fields +table):\n%s", diff)
	}
	all := AllCapabilities()
	all[0] = "changed"
	if AllCapabilities()[0] == "changed" {
		t.Errorf("AllCapabilities returns shared storage")
	}
}

// TestHas grants each capability alone, in its JSON shape, and checks Has, the parser and
// Marshal agree on it.
func TestHas(t *testing.T) {
	grant := map[Capability]func(c *Capabilities){
		CapAllowedConnections:    func(c *Capabilities) { c.AllowedConnections = []string{"example.com"} },
		CapAllowedTCPServerPorts: func(c *Capabilities) { c.AllowedTCPServerPorts = []int{11000} },
		CapAllowedUDPServerPorts: func(c *Capabilities) { c.AllowedUDPServerPorts = []int{1824} },
		CapAllowedApplicationConnections: func(c *Capabilities) {
			c.AllowedApplicationConnections = []string{"25025d2c-66da-4448-bae1-ac26fcdd3627"}
		},
		CapGPIO:                     func(c *Capabilities) { c.GPIO = []GPIO{{Name: "$SAMPLE_LED"}} },
		CapUART:                     func(c *Capabilities) { c.UART = []string{"ISU0"} },
		CapI2CMaster:                func(c *Capabilities) { c.I2CMaster = []string{"ISU2"} },
		CapSPIMaster:                func(c *Capabilities) { c.SPIMaster = []string{"ISU1"} },
		CapPWM:                      func(c *Capabilities) { c.PWM = []string{"PWM-CONTROLLER-0"} },
		CapADC:                      func(c *Capabilities) { c.ADC = []string{"ADC-CONTROLLER-0"} },
		CapCertStore:                func(c *Capabilities) { c.CertStore = true },
		CapWifiConfig:               func(c *Capabilities) { c.WifiConfig = true },
		CapEnterpriseWifiConfig:     func(c *Capabilities) { c.EnterpriseWifiConfig = true },
		CapNetworkConfig:            func(c *Capabilities) { c.NetworkConfig = true },
		CapReadNetworkProxyConfig:   func(c *Capabilities) { c.ReadNetworkProxyConfig = true },
		CapHardwareAddressConfig:    func(c *Capabilities) { c.HardwareAddressConfig = true },
		CapDHCPService:              func(c *Capabilities) { c.DHCPService = true },
		CapSNTPService:              func(c *Capabilities) { c.SNTPService = true },
		CapTimeSyncConfig:           func(c *Capabilities) { c.TimeSyncConfig = true },
		CapSystemTime:               func(c *Capabilities) { c.SystemTime = true },
		CapDeviceAuthentication:     func(c *Capabilities) { c.DeviceAuthentication = "52fecdd6-5a57-4cd2-bea1-ec7fa1773c43" },
		CapMutableStorage:           func(c *Capabilities) { c.MutableStorage = &MutableStorage{SizeKB: 8} },
		CapPowerControls:            func(c *Capabilities) { c.PowerControls = []string{PowerControlForceReboot} },
		CapSystemEventNotifications: func(c *Capabilities) { c.SystemEventNotifications = true },
		CapSoftwareUpdateDeferral:   func(c *Capabilities) { c.SoftwareUpdateDeferral = true },
		CapHeapMemStats:             func(c *Capabilities) { c.HeapMemStats = true },
		CapResetMemoryWatermarks:    func(c *Capabilities) { c.ResetMemoryWatermarks = true },
	}
	if len(grant) != len(AllCapabilities()) {
		t.Fatalf("grant covers %d capabilities, want %d", len(grant), len(AllCapabilities()))
	}
	for _, capName := range AllCapabilities() {
		t.Run(string(capName), func(t *testing.T) {
			m := validManifest()
			grant[capName](&m.Capabilities)
			for _, other := range AllCapabilities() {
				if got, want := m.Capabilities.Has(other), other == capName; got != want {
					t.Errorf("Has(%s) = %v, want %v", other, got, want)
				}
			}
			data, err := m.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(data)
			if err != nil {
				t.Fatalf("Parse(%s): %v", data, err)
			}
			if diff := cmp.Diff(m, got); diff != "" {
				t.Errorf("round trip of %s mismatch (-want +got):\n%s", data, diff)
			}
		})
	}
	var empty Capabilities
	empty.GPIO = []GPIO{}
	empty.AllowedConnections = []string{}
	empty.AllowedTCPServerPorts = []int{}
	for _, capName := range AllCapabilities() {
		if empty.Has(capName) {
			t.Errorf("Has(%s) on empty lists = true, want false", capName)
		}
	}
	if empty.Has("Bluetooth") {
		t.Errorf(`Has("Bluetooth") = true, want false`)
	}
}

func TestAllows(t *testing.T) {
	var none Capabilities
	cert := Capabilities{CertStore: true}
	wifi := Capabilities{WifiConfig: true}
	eap := Capabilities{EnterpriseWifiConfig: true}
	both := Capabilities{WifiConfig: true, EnterpriseWifiConfig: true}
	daa := Capabilities{DeviceAuthentication: "52fecdd6-5a57-4cd2-bea1-ec7fa1773c43"}
	conn := Capabilities{AllowedApplicationConnections: []string{"005180bc-402f-4cb3-a662-72937dbcde47"}}
	tests := []struct {
		fn   string
		caps Capabilities
		want bool
	}{
		{"CertStore_InstallRootCACertificate", cert, true},
		{"CertStore_InstallRootCACertificate", none, false},
		{"CertStore_GetCertificateNotAfter", cert, true},
		{"CertStore_MoveCertificate", wifi, false},
		{"WifiConfig_AddNetwork", wifi, true},
		{"WifiConfig_AddNetwork", cert, false},
		{"WifiConfig_AddNetwork", eap, false},
		{"WifiConfig_SetSecurityType", wifi, true},
		{"WifiConfig_SetSecurityType", eap, false},
		{"WifiConfig_ReloadConfig", wifi, true},
		{"WifiConfig_StoreWpa2Network", wifi, true},
		{"WifiConfig_SetClientIdentity", both, true},
		{"WifiConfig_SetClientIdentity", eap, false},
		{"WifiConfig_SetClientIdentity", wifi, false},
		{"WifiConfig_GetClientIdentity", both, true},
		{"WifiConfig_GetClientIdentity", eap, false},
		{"WifiConfig_SetClientCertStoreIdentifier", both, true},
		{"WifiConfig_SetClientCertStoreIdentifier", eap, false},
		{"WifiConfig_GetClientCertStoreIdentifier", both, true},
		{"WifiConfig_GetClientCertStoreIdentifier", eap, false},
		{"WifiConfig_SetRootCACertStoreIdentifier", both, true},
		{"WifiConfig_SetRootCACertStoreIdentifier", eap, false},
		{"WifiConfig_GetRootCACertStoreIdentifier", both, true},
		{"WifiConfig_GetRootCACertStoreIdentifier", eap, false},
		{"WifiConfig_GetRootCACertStoreIdentifier", wifi, false},
		{"DeviceAuth_GetCertificatePath", none, true},
		{"DeviceAuth_SslCtxFunc", daa, true},
		{"DeviceAuth_CurlSslFunc", none, false},
		{"Application_Connect", conn, true},
		{"Application_Connect", none, false},
		{"Application_IsDeviceAuthReady", none, true},
		{"Applications_GetOsVersion", none, true},
		{"Applications_GetTotalMemoryUsageInKB", none, true},
		{"Networking_SetInterfaceState", Capabilities{NetworkConfig: true}, false}, // not in the table
		{"CertStore_Bogus", cert, false},
		{"certstore_movecertificate", cert, false},
		{"", cert, false},
	}
	for _, tt := range tests {
		if got := tt.caps.Allows(tt.fn); got != tt.want {
			t.Errorf("%+v.Allows(%q) = %v, want %v", tt.caps, tt.fn, got, tt.want)
		}
	}
	if !both.AllowsEAPTLS() || eap.AllowsEAPTLS() || wifi.AllowsEAPTLS() {
		t.Errorf("AllowsEAPTLS: both = %v, EnterpriseWifiConfig only = %v, WifiConfig only = %v; want true, false, false",
			both.AllowsEAPTLS(), eap.AllowsEAPTLS(), wifi.AllowsEAPTLS())
	}
}

func TestRequiredCapability(t *testing.T) {
	// Every function of the parity checklist is in the table, under the right capability.
	want := map[Capability]int{
		CapCertStore:                     12, // 11 + z__CertStore_GetCertificateInfo
		CapWifiConfig:                    28,
		CapEnterpriseWifiConfig:          7,
		CapDeviceAuthentication:          2,
		CapAllowedApplicationConnections: 1,
		NoCapability:                     7, // incl. DeviceAuth_GetCertificatePath
	}
	for capName, n := range want {
		fns := FunctionsGatedBy(capName)
		if len(fns) != n {
			t.Errorf("FunctionsGatedBy(%q) has %d functions, want %d: %v", capName, len(fns), n, fns)
		}
		if !slices.IsSorted(fns) {
			t.Errorf("FunctionsGatedBy(%q) is not sorted", capName)
		}
		for _, fn := range fns {
			got, ok := RequiredCapability(fn)
			if !ok || got != capName {
				t.Errorf("RequiredCapability(%q) = %q, %v; want %q, true", fn, got, ok, capName)
			}
		}
	}
	if fns := FunctionsGatedBy(CapGPIO); fns != nil {
		t.Errorf("FunctionsGatedBy(Gpio) = %v, want nil", fns)
	}
	fns := FunctionsGatedBy(CapCertStore)
	fns[0] = "changed"
	if FunctionsGatedBy(CapCertStore)[0] == "changed" {
		t.Errorf("FunctionsGatedBy returns shared storage")
	}
	for _, fn := range []string{"z__WifiConfig_SetNetworkOpt", "z__WifiConfig_GetNetworkOpt", "GPIO_OpenAsOutput"} {
		if c, ok := RequiredCapability(fn); ok {
			t.Errorf("RequiredCapability(%q) = %q, true; want not known", fn, c)
		}
	}
}

func TestAllowsConnectionTo(t *testing.T) {
	c := Capabilities{AllowedApplicationConnections: []string{
		"005180BC-402F-4CB3-A662-72937DBCDE47", "25025d2c-66da-4448-bae1-ac26fcdd3627",
	}}
	tests := []struct {
		id   string
		want bool
	}{
		{"005180BC-402F-4CB3-A662-72937DBCDE47", true},
		{"005180bc-402f-4cb3-a662-72937dbcde47", true},
		{"25025D2C-66DA-4448-BAE1-AC26FCDD3627", true},
		{"25025d2c-66da-4448-bae1-ac26fcdd3628", false},
		{" 25025d2c-66da-4448-bae1-ac26fcdd3627", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := c.AllowsConnectionTo(tt.id); got != tt.want {
			t.Errorf("AllowsConnectionTo(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
	if (Capabilities{}).AllowsConnectionTo("005180bc-402f-4cb3-a662-72937dbcde47") {
		t.Errorf("empty Capabilities allow a connection")
	}
}
