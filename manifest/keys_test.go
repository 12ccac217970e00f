package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// jsonKeys lists every key of app_manifest.json the package knows, by path, spelt as
// manifests spell them. It is written out by hand, not derived from the package, so that a
// Go rename cannot change it.
var jsonKeys = []string{
	"SchemaVersion", "Name", "ComponentId", "EntryPoint", "CmdArgs", "Capabilities",
	"Capabilities.AllowedConnections",
	"Capabilities.AllowedTcpServerPorts",
	"Capabilities.AllowedUdpServerPorts",
	"Capabilities.AllowedApplicationConnections",
	"Capabilities.Gpio",
	"Capabilities.Uart",
	"Capabilities.I2cMaster",
	"Capabilities.SpiMaster",
	"Capabilities.Pwm",
	"Capabilities.Adc",
	"Capabilities.CertStore",
	"Capabilities.WifiConfig",
	"Capabilities.EnterpriseWifiConfig",
	"Capabilities.NetworkConfig",
	"Capabilities.ReadNetworkProxyConfig",
	"Capabilities.HardwareAddressConfig",
	"Capabilities.DhcpService",
	"Capabilities.SntpService",
	"Capabilities.TimeSyncConfig",
	"Capabilities.SystemTime",
	"Capabilities.DeviceAuthentication",
	"Capabilities.MutableStorage",
	"Capabilities.MutableStorage.SizeKB",
	"Capabilities.PowerControls",
	"Capabilities.SystemEventNotifications",
	"Capabilities.SoftwareUpdateDeferral",
	"Capabilities.HeapMemStats",
	"Capabilities.ResetMemoryWatermarks",
	"ApplicationType", "MallocVersion",
}

// everyKey is a valid manifest that uses every key of jsonKeys, in the order Marshal writes
// them, compact.
const everyKey = `{"SchemaVersion":1,"Name":"App","ComponentId":"11111111-2222-3333-4444-555555555555",` +
	`"EntryPoint":"/bin/app","CmdArgs":["--verbose"],"Capabilities":{` +
	`"AllowedConnections":["example.com"],` +
	`"AllowedTcpServerPorts":[11000],` +
	`"AllowedUdpServerPorts":[1824],` +
	`"AllowedApplicationConnections":["25025d2c-66da-4448-bae1-ac26fcdd3627"],` +
	`"Gpio":[8,"$SAMPLE_BUTTON_1"],` +
	`"Uart":["ISU0"],` +
	`"I2cMaster":["ISU2"],` +
	`"SpiMaster":["ISU1"],` +
	`"Pwm":["PWM-CONTROLLER-0"],` +
	`"Adc":["ADC-CONTROLLER-0"],` +
	`"CertStore":true,` +
	`"WifiConfig":true,` +
	`"EnterpriseWifiConfig":true,` +
	`"NetworkConfig":true,` +
	`"ReadNetworkProxyConfig":true,` +
	`"HardwareAddressConfig":true,` +
	`"DhcpService":true,` +
	`"SntpService":true,` +
	`"TimeSyncConfig":true,` +
	`"SystemTime":true,` +
	`"DeviceAuthentication":"52fecdd6-5a57-4cd2-bea1-ec7fa1773c43",` +
	`"MutableStorage":{"SizeKB":8},` +
	`"PowerControls":["ForceReboot"],` +
	`"SystemEventNotifications":true,` +
	`"SoftwareUpdateDeferral":true,` +
	`"HeapMemStats":true,` +
	`"ResetMemoryWatermarks":true` +
	`},"ApplicationType":"Default","MallocVersion":2}`

// keyPaths returns the path of every object key in the JSON document data, in order, with
// list indexes left out.
func keyPaths(t *testing.T, data []byte) []string {
	t.Helper()
	if !json.Valid(data) {
		t.Fatalf("not JSON: %s", data)
	}
	var paths []string
	collect(t, json.NewDecoder(bytes.NewReader(data)), "", &paths)
	return paths
}

// collect reads one value from dec and appends the paths of the object keys inside it,
// with list indexes left out.
func collect(t *testing.T, dec *json.Decoder, path string, paths *[]string) {
	t.Helper()
	tok, err := dec.Token()
	if err != nil {
		t.Fatal(err)
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			p := join(path, k.(string))
			*paths = append(*paths, p)
			collect(t, dec, p, paths)
		}
		dec.Token() // '}'
	case json.Delim('['):
		for dec.More() {
			collect(t, dec, path, paths)
		}
		dec.Token() // ']'
	}
}

// TestJSONKeysRoundTrip parses a manifest with every key the package knows and checks that
// Marshal writes it back byte for byte, every key spelt as manifests spell it, and that
// every Go field received a value.
func TestJSONKeysRoundTrip(t *testing.T) {
	var known []string
	for _, k := range manifestKeys {
		known = append(known, k)
		if k == "Capabilities" {
			for _, c := range AllCapabilities() {
				known = append(known, join(k, string(c)))
				if c == CapMutableStorage {
					for _, s := range mutableStorageKeys {
						known = append(known, join(join(k, string(c)), s))
					}
				}
			}
		}
	}
	if diff := cmp.Diff(jsonKeys, known); diff != "" {
		t.Errorf("the keys the package knows differ from the manifest's keys (-manifest +package):\n%s", diff)
	}
	if diff := cmp.Diff(jsonKeys, keyPaths(t, []byte(everyKey))); diff != "" {
		t.Fatalf("everyKey does not use every key (-want +got):\n%s", diff)
	}

	m, err := Parse([]byte(everyKey))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	for _, v := range []any{*m, m.Capabilities, *m.Capabilities.MutableStorage} {
		rv := reflect.ValueOf(v)
		for i := range rv.NumField() {
			if rv.Field(i).IsZero() {
				t.Errorf("after Parse, %s.%s is zero: its key did not reach it", rv.Type().Name(), rv.Type().Field(i).Name)
			}
		}
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	if string(out) != everyKey {
		t.Errorf("Marshal(Parse(doc)) differs from doc\n got: %s\nwant: %s", out, everyKey)
	}
	if diff := cmp.Diff(jsonKeys, keyPaths(t, out)); diff != "" {
		t.Errorf("Marshal keys (-want +got):\n%s", diff)
	}
}

// tagKey returns the JSON key a struct field's tag names.
func tagKey(f reflect.StructField) string {
	key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return key
}

// TestStructTags checks that the struct tag of every field of Manifest, Capabilities and
// MutableStorage names the key Marshal writes for the field and UnmarshalJSON reads into it.
func TestStructTags(t *testing.T) {
	// sample returns a value of type typ that is not zero and not what base holds.
	sample := func(typ reflect.Type) reflect.Value {
		switch typ {
		case reflect.TypeOf(0):
			return reflect.ValueOf(7)
		case reflect.TypeOf(""):
			return reflect.ValueOf("11111111-0000-0000-0000-000000000000")
		case reflect.TypeOf(true):
			return reflect.ValueOf(true)
		case reflect.TypeOf([]string{}):
			return reflect.ValueOf([]string{"x"})
		case reflect.TypeOf([]int{}):
			return reflect.ValueOf([]int{7})
		case reflect.TypeOf([]GPIO{}):
			return reflect.ValueOf([]GPIO{{Number: 7}})
		case reflect.TypeOf(&MutableStorage{}):
			return reflect.ValueOf(&MutableStorage{SizeKB: 7})
		case reflect.TypeOf(Capabilities{}):
			return reflect.ValueOf(Capabilities{CertStore: true})
		}
		t.Fatalf("no sample value for %v", typ)
		return reflect.Value{}
	}
	objects := func(t *testing.T, data []byte) map[string]json.RawMessage {
		t.Helper()
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(data, &obj); err != nil {
			t.Fatalf("json.Unmarshal(%s): %v", data, err)
		}
		return obj
	}
	for _, base := range []any{validManifest(), &Capabilities{}, &MutableStorage{SizeKB: 1}} {
		typ := reflect.TypeOf(base).Elem()
		for i := range typ.NumField() {
			f := typ.Field(i)
			t.Run(typ.Name()+"."+f.Name, func(t *testing.T) {
				key := tagKey(f)
				if key == "" {
					t.Fatalf("field has no json tag")
				}
				changed := reflect.New(typ)
				changed.Elem().Set(reflect.ValueOf(base).Elem())
				changed.Elem().Field(i).Set(sample(f.Type))
				before, err := json.Marshal(base)
				if err != nil {
					t.Fatal(err)
				}
				after, err := json.Marshal(changed.Interface())
				if err != nil {
					t.Fatal(err)
				}
				b, a := objects(t, before), objects(t, after)
				var differ []string
				for k, v := range a {
					if !bytes.Equal(v, b[k]) {
						differ = append(differ, k)
					}
				}
				for k := range b {
					if _, ok := a[k]; !ok {
						differ = append(differ, k)
					}
				}
				slices.Sort(differ)
				if diff := cmp.Diff([]string{key}, differ); diff != "" {
					t.Errorf("setting the field changed these keys of %s (-tag +Marshal):\n%s", after, diff)
				}
				back := reflect.New(typ)
				if err := json.Unmarshal(after, back.Interface()); err != nil {
					t.Fatalf("json.Unmarshal(%s): %v", after, err)
				}
				if diff := cmp.Diff(changed.Interface(), back.Interface()); diff != "" {
					t.Errorf("json.Unmarshal(%s) mismatch (-want +got):\n%s", after, diff)
				}
			})
		}
	}
}

// TestErrorsNameJSONKeys checks that errors about every list capability name it by its JSON
// key, from the decoder (wrong type) and from Validate (bad entry), and that the Go
// spelling of a key, used in a manifest, is an unknown key with a hint to the JSON one.
func TestErrorsNameJSONKeys(t *testing.T) {
	lists := map[string]string{ // JSON key: an entry Validate rejects
		"AllowedConnections":            `"a..b"`,
		"AllowedTcpServerPorts":         `0`,
		"AllowedUdpServerPorts":         `70000`,
		"AllowedApplicationConnections": `"x"`,
		"Gpio":                          `"NAME"`,
		"Uart":                          `"$"`,
		"I2cMaster":                     `""`,
		"SpiMaster":                     `"$1"`,
		"Pwm":                           `"$-"`,
		"Adc":                           `""`,
		"PowerControls":                 `"Sleep"`,
	}
	for key, bad := range lists {
		t.Run(key, func(t *testing.T) {
			_, err := Parse([]byte(withCaps(`{"` + key + `":[null,` + bad + `]}`)))
			var verr *ValidationError
			if !errors.As(err, &verr) || len(verr.Errors) != 2 {
				t.Fatalf("Parse error = %v, want two field errors", err)
			}
			for i, e := range verr.Errors {
				want := "Capabilities." + key + "[" + string(rune('0'+i)) + "]"
				if e.Path != want || !strings.HasPrefix(e.Error(), want+": ") {
					t.Errorf("error %d = %q (path %q), want path %q", i, e.Error(), e.Path, want)
				}
			}
		})
	}
	goNames := map[string]string{ // Go spelling: JSON key
		"ComponentID":           "ComponentId",
		"AllowedTCPServerPorts": "AllowedTcpServerPorts",
		"AllowedUDPServerPorts": "AllowedUdpServerPorts",
		"GPIO":                  "Gpio",
		"UART":                  "Uart",
		"I2CMaster":             "I2cMaster",
		"SPIMaster":             "SpiMaster",
		"PWM":                   "Pwm",
		"ADC":                   "Adc",
		"DHCPService":           "DhcpService",
		"SNTPService":           "SntpService",
	}
	for goName, key := range goNames {
		doc := withCaps(`{"` + goName + `":[]}`)
		path := "Capabilities." + goName
		if goName == "ComponentID" {
			doc = withTop(`,"ComponentID":"x"`)
			path = goName
		}
		_, err := Parse([]byte(doc))
		var verr *ValidationError
		if !errors.As(err, &verr) || len(verr.Errors) != 1 {
			t.Errorf("Parse with key %q: error = %v, want one field error", goName, err)
			continue
		}
		e := verr.Errors[0]
		if e.Path != path || e.Rule != RuleUnknownKey || !strings.Contains(e.Msg, `did you mean "`+key+`"?`) {
			t.Errorf("Parse with key %q: %v (rule %q), want an unknown key at %s with a hint to %q", goName, &e, e.Rule, path, key)
		}
	}
}
