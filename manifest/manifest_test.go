package manifest

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// sampleWants holds the value every manifest in testdata must parse to.
var sampleWants = map[string]*Manifest{
	"certificates.json": {
		SchemaVersion: 1,
		Name:          "Cert_HighLevelApp",
		ComponentID:   "4e9b2f0a-6c1d-4b8e-9f3a-2d7c5e1b8a60",
		EntryPoint:    "/bin/app",
		CmdArgs:       []string{},
		Capabilities: Capabilities{
			AllowedConnections:    []string{},
			AllowedTCPServerPorts: []int{},
			AllowedUDPServerPorts: []int{},
			GPIO:                  []GPIO{},
			UART:                  []string{},
			CertStore:             true,
			EnterpriseWifiConfig:  true,
			WifiConfig:            true,
			SystemTime:            true,
		},
		ApplicationType: ApplicationTypeDefault,
	},
	"wifi.json": {
		SchemaVersion: 1,
		Name:          "WiFi_HighLevelApp",
		ComponentID:   "a7d3c1e2-5b9f-4a60-8e2d-31f0c9b7a415",
		EntryPoint:    "/bin/app",
		CmdArgs:       []string{},
		Capabilities: Capabilities{
			GPIO:          []GPIO{{Name: "$SAMPLE_BUTTON_1"}, {Name: "$SAMPLE_BUTTON_2"}},
			WifiConfig:    true,
			NetworkConfig: true,
		},
		ApplicationType: ApplicationTypeDefault,
	},
	"deviceid.json": {
		SchemaVersion: 1,
		Name:          "DeviceIdSnippet",
		ComponentID:   "0b6e2a91-3f7c-4d58-b1e0-9c4a7d2f6e83",
		EntryPoint:    "/bin/app",
		CmdArgs:       []string{},
		Capabilities: Capabilities{
			AllowedConnections:   []string{"global.azure-devices-provisioning.net"},
			DeviceAuthentication: "52fecdd6-5a57-4cd2-bea1-ec7fa1773c43",
		},
		ApplicationType: ApplicationTypeDefault,
	},
	"rtapp.json": {
		SchemaVersion: 1,
		Name:          "HelloWorld_RTApp_MT3620_BareMetal",
		ComponentID:   "005180BC-402F-4CB3-A662-72937DBCDE47",
		EntryPoint:    "/bin/app",
		CmdArgs:       []string{},
		Capabilities: Capabilities{
			GPIO:                          []GPIO{{Number: 8}, {Number: 9}, {Number: 10}},
			UART:                          []string{"ISU0"},
			AllowedApplicationConnections: []string{"25025d2c-66da-4448-bae1-ac26fcdd3627"},
		},
		ApplicationType: ApplicationTypeRealTimeCapable,
	},
	"intercore_hl.json": {
		SchemaVersion: 1,
		Name:          "IntercoreComms_HighLevelApp",
		ComponentID:   "25025d2c-66da-4448-bae1-ac26fcdd3627",
		EntryPoint:    "/bin/app",
		CmdArgs:       []string{},
		Capabilities: Capabilities{
			AllowedApplicationConnections: []string{"005180bc-402f-4cb3-a662-72937dbcde47"},
		},
		ApplicationType: ApplicationTypeDefault,
	},
	"peripherals.json": {
		SchemaVersion: 1,
		Name:          "Peripherals_KitchenSink",
		ComponentID:   "9c1f7e3a-2b4d-4e6f-8a0b-c5d7e9f1a3b5",
		EntryPoint:    "/bin/app",
		CmdArgs:       []string{"--verbose", ""},
		Capabilities: Capabilities{
			AllowedConnections:       []string{"contoso.azure-devices.net", "192.168.0.107", "255.255.255.255", "*.blob.core.windows.net"},
			AllowedTCPServerPorts:    []int{11000},
			AllowedUDPServerPorts:    []int{1824, 65535},
			GPIO:                     []GPIO{{Name: "$SAMPLE_LED"}, {Number: 0}, {Number: 4}, {Name: "$SAMPLE_BUTTON_1"}},
			UART:                     []string{"$SAMPLE_UART_LOOPBACK"},
			I2CMaster:                []string{"ISU2", "$SAMPLE_LSM6DS3_I2C"},
			SPIMaster:                []string{"$SAMPLE_LSM6DS3_SPI"},
			PWM:                      []string{"$SAMPLE_LED_PWM_CONTROLLER"},
			ADC:                      []string{"ADC-CONTROLLER-0"},
			HardwareAddressConfig:    true,
			DHCPService:              true,
			SNTPService:              true,
			TimeSyncConfig:           true,
			SystemTime:               true,
			ReadNetworkProxyConfig:   true,
			MutableStorage:           &MutableStorage{SizeKB: 64},
			PowerControls:            []string{PowerControlForcePowerDown, PowerControlForceReboot, PowerControlSetPowerProfile},
			SystemEventNotifications: true,
			SoftwareUpdateDeferral:   true,
			HeapMemStats:             true,
		},
		ApplicationType: ApplicationTypeDefault,
		MallocVersion:   2,
	},
	"minimal.json": {
		SchemaVersion: 1,
		Name:          "Minimal",
		ComponentID:   "11111111-2222-3333-4444-555555555555",
		EntryPoint:    "/bin/app",
		CmdArgs:       []string{},
	},
	"bom_crlf.json": {
		SchemaVersion:   1,
		Name:            "SavedWithBOM",
		ComponentID:     "1139a8b2-c835-2e27-27dd-e894b6d15fa9",
		EntryPoint:      "/bin/app",
		CmdArgs:         []string{},
		Capabilities:    Capabilities{AllowedConnections: []string{"example.com"}},
		ApplicationType: ApplicationTypeDefault,
	},
}

func TestParseSamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(sampleWants) {
		t.Errorf("testdata has %d manifests, sampleWants %d: keep them in step", len(files), len(sampleWants))
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			want, ok := sampleWants[name]
			if !ok {
				t.Fatalf("no expected value for %s", name)
			}
			got, err := ParseFile(file)
			if err != nil {
				t.Fatalf("ParseFile(%q): %v", file, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ParseFile(%q) mismatch (-want +got):\n%s", file, diff)
			}

			// Round trip, compact and indented.
			for _, marshal := range []func(any) ([]byte, error){
				json.Marshal,
				func(v any) ([]byte, error) { return json.MarshalIndent(v, "", "  ") },
			} {
				out, err := marshal(got)
				if err != nil {
					t.Fatalf("Marshal: %v", err)
				}
				again, err := Parse(out)
				if err != nil {
					t.Fatalf("Parse(Marshal(m)): %v\n%s", err, out)
				}
				if diff := cmp.Diff(got, again); diff != "" {
					t.Errorf("round trip mismatch (-want +got):\n%s\n%s", diff, out)
				}
			}
		})
	}
}

func TestParseFS(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "rtapp.json"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"app/app_manifest.json": {Data: data},
		"bad/app_manifest.json": {Data: []byte(`{"SchemaVersion": 2}`)},
	}
	got, err := ParseFS(fsys, "app/app_manifest.json")
	if err != nil {
		t.Fatalf("ParseFS: %v", err)
	}
	if diff := cmp.Diff(sampleWants["rtapp.json"], got); diff != "" {
		t.Errorf("ParseFS mismatch (-want +got):\n%s", diff)
	}

	_, err = ParseFS(fsys, "bad/app_manifest.json")
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("ParseFS(bad) error = %v, want a *ValidationError", err)
	}
	if !strings.HasPrefix(err.Error(), "bad/app_manifest.json: ") {
		t.Errorf("ParseFS(bad) error = %q, want it prefixed with the file name", err)
	}

	if _, err := ParseFS(fsys, "missing.json"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ParseFS(missing) error = %v, want os.ErrNotExist", err)
	}
	if _, err := ParseFile(filepath.Join(t.TempDir(), "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ParseFile(missing) error = %v, want os.ErrNotExist", err)
	}
}

func TestParseFileError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app_manifest.json")
	if err := os.WriteFile(path, []byte("{\n  \"SchemaVersion\": 1,\n}"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ParseFile(path)
	var serr *SyntaxError
	if !errors.As(err, &serr) {
		t.Fatalf("ParseFile error = %v, want a *SyntaxError", err)
	}
	if serr.Line != 3 || serr.Column != 1 {
		t.Errorf("ParseFile error at line %d, column %d, want line 3, column 1", serr.Line, serr.Column)
	}
	if !strings.HasPrefix(err.Error(), path+": ") {
		t.Errorf("ParseFile error = %q, want it prefixed with the path", err)
	}
}

func TestMarshal(t *testing.T) {
	tests := []struct {
		name string
		m    Manifest
		want string
	}{
		{
			name: "zero value writes required keys and empty capabilities",
			m:    Manifest{},
			want: `{"SchemaVersion":0,"Name":"","ComponentId":"","EntryPoint":"","CmdArgs":[],"Capabilities":{}}`,
		},
		{
			name: "key order and absent optionals",
			m: Manifest{
				MallocVersion:   2,
				ApplicationType: ApplicationTypeRealTimeCapable,
				Capabilities: Capabilities{
					ResetMemoryWatermarks: true,
					HeapMemStats:          true,
					PowerControls:         []string{PowerControlForceReboot},
					MutableStorage:        &MutableStorage{SizeKB: 8},
					DeviceAuthentication:  "52fecdd6-5a57-4cd2-bea1-ec7fa1773c43",
					SystemTime:            true,
					CertStore:             true,
					WifiConfig:            false,
					GPIO:                  []GPIO{{Number: 0}, {Name: "$LED"}},
					AllowedUDPServerPorts: []int{},
					AllowedConnections:    []string{"a.example"},
				},
				CmdArgs:       []string{"-x"},
				EntryPoint:    "/bin/app",
				ComponentID:   "11111111-2222-3333-4444-555555555555",
				Name:          "<&>",
				SchemaVersion: 1,
			},
			want: `{"SchemaVersion":1,"Name":"\u003c\u0026\u003e","ComponentId":"11111111-2222-3333-4444-555555555555",` +
				`"EntryPoint":"/bin/app","CmdArgs":["-x"],"Capabilities":{"AllowedConnections":["a.example"],` +
				`"AllowedUdpServerPorts":[],"Gpio":[0,"$LED"],"CertStore":true,"SystemTime":true,` +
				`"DeviceAuthentication":"52fecdd6-5a57-4cd2-bea1-ec7fa1773c43","MutableStorage":{"SizeKB":8},` +
				`"PowerControls":["ForceReboot"],"HeapMemStats":true,"ResetMemoryWatermarks":true},` +
				`"ApplicationType":"RealTimeCapable","MallocVersion":2}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range []any{tt.m, &tt.m} {
				got, err := json.Marshal(v)
				if err != nil {
					t.Fatalf("Marshal(%T): %v", v, err)
				}
				if diff := cmp.Diff(tt.want, string(got)); diff != "" {
					t.Errorf("Marshal(%T) mismatch (-want +got):\n%s", v, diff)
				}
			}
		})
	}
}

func TestUnmarshalJSON(t *testing.T) {
	// json.Unmarshal decodes strictly but does not validate.
	var m Manifest
	err := json.Unmarshal([]byte(`{"SchemaVersion":7,"Name":"x","Capabilities":{"Gpio":[1,"$A"],"MutableStorage":{"SizeKB":999}}}`), &m)
	if err == nil || !strings.Contains(err.Error(), "required") {
		t.Errorf("Unmarshal without required keys: error = %v, want a required-key error", err)
	}
	data := []byte(`{"SchemaVersion":7,"Name":"x","ComponentId":"nope","EntryPoint":"e","CmdArgs":[],` +
		`"Capabilities":{"Gpio":[1,"$A"],"MutableStorage":{"SizeKB":999}}}`)
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	want := Manifest{
		SchemaVersion: 7, Name: "x", ComponentID: "nope", EntryPoint: "e", CmdArgs: []string{},
		Capabilities: Capabilities{GPIO: []GPIO{{Number: 1}, {Name: "$A"}}, MutableStorage: &MutableStorage{SizeKB: 999}},
	}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("Unmarshal mismatch (-want +got):\n%s", diff)
	}

	var c Capabilities
	if err := json.Unmarshal([]byte(`{"certstore":true}`), &c); err == nil {
		t.Errorf("Unmarshal(Capabilities) with a lower-case key succeeded, want an unknown-key error")
	}
	var s MutableStorage
	if err := json.Unmarshal([]byte(`{"SizeKB":1.5}`), &s); err == nil {
		t.Errorf("Unmarshal(MutableStorage) with SizeKB 1.5 succeeded, want a type error")
	}
	var g GPIO
	if err := json.Unmarshal([]byte(`true`), &g); err == nil {
		t.Errorf("Unmarshal(Gpio) of true succeeded, want a type error")
	}
	// A failed Unmarshal leaves the target unchanged.
	before := m
	if err := json.Unmarshal([]byte(`{"Bogus":1}`), &m); err == nil {
		t.Errorf("Unmarshal with unknown key succeeded")
	}
	if diff := cmp.Diff(before, m); diff != "" {
		t.Errorf("failed Unmarshal changed the manifest (-want +got):\n%s", diff)
	}
}

func TestGPIOString(t *testing.T) {
	for _, tt := range []struct {
		g    GPIO
		want string
	}{
		{GPIO{Number: 0}, "0"},
		{GPIO{Number: 42}, "42"},
		{GPIO{Name: "$SAMPLE_LED"}, "$SAMPLE_LED"},
	} {
		if got := tt.g.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.g, got, tt.want)
		}
	}
}
