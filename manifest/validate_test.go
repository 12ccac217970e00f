package manifest

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// validManifest returns a manifest that passes Validate, for tests to break one field of.
func validManifest() *Manifest {
	return &Manifest{
		SchemaVersion: 1,
		Name:          "App",
		ComponentID:   "11111111-2222-3333-4444-555555555555",
		EntryPoint:    "/bin/app",
		CmdArgs:       []string{},
	}
}

func TestValidate(t *testing.T) {
	const guid = "52fecdd6-5a57-4cd2-bea1-ec7fa1773c43"
	tests := []struct {
		name   string
		modify func(m *Manifest)
		want   []pathRule // nil: valid
	}{
		{"valid", func(m *Manifest) {}, nil},
		{"nil CmdArgs is fine in Go", func(m *Manifest) { m.CmdArgs = nil }, nil},

		// Top level.
		{"SchemaVersion 0", func(m *Manifest) { m.SchemaVersion = 0 }, []pathRule{{"SchemaVersion", RuleValue}}},
		{"SchemaVersion 2", func(m *Manifest) { m.SchemaVersion = 2 }, []pathRule{{"SchemaVersion", RuleValue}}},
		{"Name empty", func(m *Manifest) { m.Name = "" }, []pathRule{{"Name", RuleRequired}}},
		{"Name long is fine", func(m *Manifest) { m.Name = strings.Repeat("n", 100) }, nil},
		{"ComponentId empty", func(m *Manifest) { m.ComponentID = "" }, []pathRule{{"ComponentId", RuleRequired}}},
		{"ComponentId upper case", func(m *Manifest) { m.ComponentID = "005180BC-402F-4CB3-A662-72937DBCDE47" }, nil},
		{"ComponentId braces", func(m *Manifest) { m.ComponentID = "{11111111-2222-3333-4444-555555555555}" }, []pathRule{{"ComponentId", RuleGUID}}},
		{"ComponentId no dashes", func(m *Manifest) { m.ComponentID = "11111111222233334444555555555555" }, []pathRule{{"ComponentId", RuleGUID}}},
		{"ComponentId misplaced dash", func(m *Manifest) { m.ComponentID = "1111111-12222-3333-4444-555555555555" }, []pathRule{{"ComponentId", RuleGUID}}},
		{"ComponentId non-hex", func(m *Manifest) { m.ComponentID = "g1111111-2222-3333-4444-555555555555" }, []pathRule{{"ComponentId", RuleGUID}}},
		{"EntryPoint empty", func(m *Manifest) { m.EntryPoint = "" }, []pathRule{{"EntryPoint", RuleRequired}}},
		{"ApplicationType Default", func(m *Manifest) { m.ApplicationType = "Default" }, nil},
		{"ApplicationType RealTimeCapable", func(m *Manifest) { m.ApplicationType = "RealTimeCapable" }, nil},
		{"ApplicationType wrong case", func(m *Manifest) { m.ApplicationType = "default" }, []pathRule{{"ApplicationType", RuleValue}}},
		{"MallocVersion 2", func(m *Manifest) { m.MallocVersion = 2 }, nil},
		{"MallocVersion negative", func(m *Manifest) { m.MallocVersion = -1 }, []pathRule{{"MallocVersion", RuleValue}}},

		// AllowedConnections.
		{"hosts valid", func(m *Manifest) {
			m.Capabilities.AllowedConnections = []string{
				"global.azure-devices-provisioning.net", "localhost", "192.168.0.107", "255.255.255.255",
				"0.0.0.0", "xn--bcher-kva.example", "a-b.c-d.example", "3com.com", "*.azure-devices.net",
				strings.Repeat("a", 63) + ".example",
			}
		}, nil},
		{"host empty", func(m *Manifest) { m.Capabilities.AllowedConnections = []string{"ok.example", ""} },
			[]pathRule{{"Capabilities.AllowedConnections[1]", RuleHost}}},
		{"host bad entries", func(m *Manifest) {
			m.Capabilities.AllowedConnections = []string{
				"under_score.example", "-lead.example", "trail-.example", "double..dot", "trailing.dot.",
				"1.2.3", "256.1.1.1", "1.2.3.04", "::1", "fe80::1", "http://example.com", "ex ample.com",
				"*", "a.*.example", strings.Repeat("a", 64) + ".example",
				strings.Repeat("abcdefghi.", 25) + "example",
			}
		}, []pathRule{
			{"Capabilities.AllowedConnections[0]", RuleHost},
			{"Capabilities.AllowedConnections[1]", RuleHost},
			{"Capabilities.AllowedConnections[2]", RuleHost},
			{"Capabilities.AllowedConnections[3]", RuleHost},
			{"Capabilities.AllowedConnections[4]", RuleHost},
			{"Capabilities.AllowedConnections[5]", RuleHost},
			{"Capabilities.AllowedConnections[6]", RuleHost},
			{"Capabilities.AllowedConnections[7]", RuleHost},
			{"Capabilities.AllowedConnections[8]", RuleHost},
			{"Capabilities.AllowedConnections[9]", RuleHost},
			{"Capabilities.AllowedConnections[10]", RuleHost},
			{"Capabilities.AllowedConnections[11]", RuleHost},
			{"Capabilities.AllowedConnections[12]", RuleHost},
			{"Capabilities.AllowedConnections[13]", RuleHost},
			{"Capabilities.AllowedConnections[14]", RuleHost},
			{"Capabilities.AllowedConnections[15]", RuleHost},
		}},

		// Ports.
		{"ports valid", func(m *Manifest) {
			m.Capabilities.AllowedTCPServerPorts = []int{1, 11000, 65535}
			m.Capabilities.AllowedUDPServerPorts = []int{1824}
		}, nil},
		{"ports out of range", func(m *Manifest) {
			m.Capabilities.AllowedTCPServerPorts = []int{80, 443, 0, 65536}
			m.Capabilities.AllowedUDPServerPorts = []int{-1}
		}, []pathRule{
			{"Capabilities.AllowedTcpServerPorts[2]", RuleRange},
			{"Capabilities.AllowedTcpServerPorts[3]", RuleRange},
			{"Capabilities.AllowedUdpServerPorts[0]", RuleRange},
		}},

		// AllowedApplicationConnections.
		{"app connections valid", func(m *Manifest) {
			m.Capabilities.AllowedApplicationConnections = []string{guid, strings.ToUpper(guid)}
		}, nil},
		{"app connection not a GUID", func(m *Manifest) {
			m.Capabilities.AllowedApplicationConnections = []string{guid, "rtapp"}
		}, []pathRule{{"Capabilities.AllowedApplicationConnections[1]", RuleGUID}}},

		// Gpio.
		{"gpio valid", func(m *Manifest) {
			m.Capabilities.GPIO = []GPIO{{Number: 0}, {Number: 71}, {Name: "$SAMPLE_BUTTON_1"}, {Name: "$_x9"}}
		}, nil},
		{"gpio bad", func(m *Manifest) {
			m.Capabilities.GPIO = []GPIO{
				{Number: -1}, {Name: "SAMPLE_BUTTON_1"}, {Name: "$"}, {Name: "$9LED"},
				{Name: "$LED-1"}, {Name: "$LED", Number: 3},
			}
		}, []pathRule{
			{"Capabilities.Gpio[0]", RuleRange},
			{"Capabilities.Gpio[1]", RuleFormat},
			{"Capabilities.Gpio[2]", RuleFormat},
			{"Capabilities.Gpio[3]", RuleFormat},
			{"Capabilities.Gpio[4]", RuleFormat},
			{"Capabilities.Gpio[5]", RuleFormat},
		}},

		// Named peripherals.
		{"peripherals valid", func(m *Manifest) {
			c := &m.Capabilities
			c.UART = []string{"ISU0", "$SAMPLE_UART"}
			c.I2CMaster = []string{"ISU2"}
			c.SPIMaster = []string{"ISU1"}
			c.PWM = []string{"PWM-CONTROLLER-0"}
			c.ADC = []string{"ADC-CONTROLLER-0", "$SAMPLE_ADC"}
		}, nil},
		{"peripherals bad", func(m *Manifest) {
			c := &m.Capabilities
			c.UART = []string{"ISU0", ""}
			c.I2CMaster = []string{""}
			c.SPIMaster = []string{"$"}
			c.PWM = []string{"$ PWM"}
			c.ADC = []string{"ok", "", ""}
		}, []pathRule{
			{"Capabilities.Uart[1]", RuleEmpty},
			{"Capabilities.I2cMaster[0]", RuleEmpty},
			{"Capabilities.SpiMaster[0]", RuleFormat},
			{"Capabilities.Pwm[0]", RuleFormat},
			{"Capabilities.Adc[1]", RuleEmpty},
			{"Capabilities.Adc[2]", RuleEmpty},
		}},

		// DeviceAuthentication.
		{"DeviceAuthentication valid", func(m *Manifest) { m.Capabilities.DeviceAuthentication = guid }, nil},
		{"DeviceAuthentication bad", func(m *Manifest) { m.Capabilities.DeviceAuthentication = "my-tenant" },
			[]pathRule{{"Capabilities.DeviceAuthentication", RuleGUID}}},

		// MutableStorage.
		{"MutableStorage 1", func(m *Manifest) { m.Capabilities.MutableStorage = &MutableStorage{SizeKB: 1} }, nil},
		{"MutableStorage 64", func(m *Manifest) { m.Capabilities.MutableStorage = &MutableStorage{SizeKB: 64} }, nil},
		{"MutableStorage 0", func(m *Manifest) { m.Capabilities.MutableStorage = &MutableStorage{} },
			[]pathRule{{"Capabilities.MutableStorage.SizeKB", RuleRange}}},
		{"MutableStorage 65", func(m *Manifest) { m.Capabilities.MutableStorage = &MutableStorage{SizeKB: 65} },
			[]pathRule{{"Capabilities.MutableStorage.SizeKB", RuleRange}}},

		// PowerControls.
		{"PowerControls valid", func(m *Manifest) {
			m.Capabilities.PowerControls = []string{"SetPowerProfile", "ForcePowerDown", "ForceReboot"}
		}, nil},
		{"PowerControls empty", func(m *Manifest) { m.Capabilities.PowerControls = []string{} },
			[]pathRule{{"Capabilities.PowerControls", RuleEmpty}}},
		{"PowerControls bad values and duplicates", func(m *Manifest) {
			m.Capabilities.PowerControls = []string{"ForceReboot", "forcereboot", "ForceReboot", "Sleep", "Sleep"}
		}, []pathRule{
			{"Capabilities.PowerControls[1]", RuleValue},
			{"Capabilities.PowerControls[2]", RuleDuplicate},
			{"Capabilities.PowerControls[3]", RuleValue},
			{"Capabilities.PowerControls[4]", RuleValue},
		}},

		// Booleans have no rules; everything together is reported in field order.
		{"all problems collected", func(m *Manifest) {
			m.SchemaVersion = 3
			m.EntryPoint = ""
			m.Capabilities.AllowedUDPServerPorts = []int{0}
			m.Capabilities.MutableStorage = &MutableStorage{SizeKB: 100}
			m.ApplicationType = "Other"
		}, []pathRule{
			{"SchemaVersion", RuleValue},
			{"EntryPoint", RuleRequired},
			{"Capabilities.AllowedUdpServerPorts[0]", RuleRange},
			{"Capabilities.MutableStorage.SizeKB", RuleRange},
			{"ApplicationType", RuleValue},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validManifest()
			tt.modify(m)
			err := m.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if diff := cmp.Diff(tt.want, pathRules(t, err)); diff != "" {
				t.Errorf("Validate() errors mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
			var verr *ValidationError
			errors.As(err, &verr)
			for _, e := range verr.Errors {
				if e.Msg == "" || e.Line != 0 || e.Column != 0 {
					t.Errorf("Validate() field error %+v: want a message and no position", e)
				}
			}

			// Parse reports the same problems for the marshalled manifest, unless the
			// problem cannot be expressed in JSON.
			if tt.name == "gpio bad" {
				return
			}
			data, err := m.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			_, err = Parse(data)
			if diff := cmp.Diff(tt.want, pathRules(t, err)); diff != "" {
				t.Errorf("Parse(%s) errors mismatch (-want +got):\n%s", data, diff)
			}
		})
	}
}

// TestValidateGUID checks the GUID form Validate accepts, through ComponentId.
func TestValidateGUID(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"1139a8b2-c835-2e27-27dd-e894b6d15fa9", true},
		{"005180BC-402F-4CB3-A662-72937DBCDE47", true},
		{"00000000-0000-0000-0000-000000000000", true},
		{"{1139a8b2-c835-2e27-27dd-e894b6d15fa9}", false},
		{"1139a8b2-c835-2e27-27dd-e894b6d15fa", false},
		{"1139a8b2-c835-2e27-27dd-e894b6d15fa9a", false},
		{"1139a8b2xc835-2e27-27dd-e894b6d15fa9", false},
		{"1139a8b2-c835-2e27-27dd-e894b6d15fz9", false},
		{" 1139a8b2-c835-2e27-27dd-e894b6d15fa", false},
	} {
		m := validManifest()
		m.ComponentID = tt.s
		var want []pathRule
		if !tt.want {
			want = []pathRule{{"ComponentId", RuleGUID}}
		}
		var got []pathRule
		if err := m.Validate(); err != nil {
			got = pathRules(t, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Validate with ComponentID %q (-want +got):\n%s", tt.s, diff)
		}
	}
}
