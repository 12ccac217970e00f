package manifest

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// pathRule is the part of a FieldError the tables check.
type pathRule struct {
	Path string
	Rule Rule
}

// pathRules returns the path and rule of every FieldError in err, which must be a
// *ValidationError.
func pathRules(t *testing.T, err error) []pathRule {
	t.Helper()
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("error = %v (%T), want a *ValidationError", err, err)
	}
	var got []pathRule
	for _, e := range verr.Errors {
		got = append(got, pathRule{e.Path, e.Rule})
	}
	return got
}

// withCaps returns a valid manifest document whose Capabilities value is caps.
func withCaps(caps string) string {
	return `{"SchemaVersion":1,"Name":"App","ComponentId":"11111111-2222-3333-4444-555555555555",` +
		`"EntryPoint":"/bin/app","CmdArgs":[],"Capabilities":` + caps + `}`
}

// withTop returns a valid manifest document with extra top-level members appended.
func withTop(extra string) string {
	return `{"SchemaVersion":1,"Name":"App","ComponentId":"11111111-2222-3333-4444-555555555555",` +
		`"EntryPoint":"/bin/app","CmdArgs":[],"Capabilities":{}` + extra + `}`
}

func TestParseFieldErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []pathRule
	}{
		{"valid", withCaps(`{}`), nil},
		{"unknown top-level key", withTop(`,"Foo":1`), []pathRule{{"Foo", RuleUnknownKey}}},
		{"policy field", withTop(`,"Policy":{}`), []pathRule{{"Policy", RuleUnknownKey}}},
		{"unknown key value skipped", withTop(`,"Foo":{"a":[1,{"b":[2]}]},"MallocVersion":-3`),
			[]pathRule{{"Foo", RuleUnknownKey}, {"MallocVersion", RuleValue}}},
		{"lower-case key", `{"SchemaVersion":1,"name":"App","ComponentId":"11111111-2222-3333-4444-555555555555","EntryPoint":"/bin/app","CmdArgs":[],"Capabilities":{}}`,
			[]pathRule{{"Name", RuleRequired}, {"name", RuleUnknownKey}}},
		{"unknown capability", withCaps(`{"Bluetooth":true}`), []pathRule{{"Capabilities.Bluetooth", RuleUnknownKey}}},
		{"capability case", withCaps(`{"certStore":true}`), []pathRule{{"Capabilities.certStore", RuleUnknownKey}}},
		{"unknown MutableStorage key", withCaps(`{"MutableStorage":{"SizeKB":8,"SizeKb":8}}`),
			[]pathRule{{"Capabilities.MutableStorage.SizeKb", RuleUnknownKey}}},
		{"duplicate top-level key", withTop(`,"Name":"Again"`), []pathRule{{"Name", RuleDuplicateKey}}},
		{"duplicate capability", withCaps(`{"CertStore":true,"CertStore":false}`), []pathRule{{"Capabilities.CertStore", RuleDuplicateKey}}},
		{"empty object", `{}`, []pathRule{
			{"SchemaVersion", RuleRequired}, {"Name", RuleRequired}, {"ComponentId", RuleRequired},
			{"EntryPoint", RuleRequired}, {"CmdArgs", RuleRequired}, {"Capabilities", RuleRequired},
		}},
		{"missing CmdArgs only", `{"SchemaVersion":1,"Name":"App","ComponentId":"11111111-2222-3333-4444-555555555555","EntryPoint":"/bin/app","Capabilities":{}}`,
			[]pathRule{{"CmdArgs", RuleRequired}}},
		{"missing Capabilities only", `{"SchemaVersion":1,"Name":"App","ComponentId":"11111111-2222-3333-4444-555555555555","EntryPoint":"/bin/app","CmdArgs":[]}`,
			[]pathRule{{"Capabilities", RuleRequired}}},
		{"MutableStorage without SizeKB", withCaps(`{"MutableStorage":{}}`), []pathRule{{"Capabilities.MutableStorage.SizeKB", RuleRequired}}},
		{"SchemaVersion string", `{"SchemaVersion":"1","Name":"App","ComponentId":"11111111-2222-3333-4444-555555555555","EntryPoint":"/bin/app","CmdArgs":[],"Capabilities":{}}`,
			[]pathRule{{"SchemaVersion", RuleType}}},
		{"SchemaVersion fractional", `{"SchemaVersion":1.0,"Name":"App","ComponentId":"11111111-2222-3333-4444-555555555555","EntryPoint":"/bin/app","CmdArgs":[],"Capabilities":{}}`,
			[]pathRule{{"SchemaVersion", RuleType}}},
		{"SchemaVersion huge", `{"SchemaVersion":123456789012345678901234567890,"Name":"App","ComponentId":"11111111-2222-3333-4444-555555555555","EntryPoint":"/bin/app","CmdArgs":[],"Capabilities":{}}`,
			[]pathRule{{"SchemaVersion", RuleRange}}},
		{"Name null", `{"SchemaVersion":1,"Name":null,"ComponentId":"11111111-2222-3333-4444-555555555555","EntryPoint":"/bin/app","CmdArgs":[],"Capabilities":{}}`,
			[]pathRule{{"Name", RuleType}}},
		{"Name number", `{"SchemaVersion":1,"Name":5,"ComponentId":"11111111-2222-3333-4444-555555555555","EntryPoint":"/bin/app","CmdArgs":[],"Capabilities":{}}`,
			[]pathRule{{"Name", RuleType}}},
		{"CmdArgs string", `{"SchemaVersion":1,"Name":"App","ComponentId":"11111111-2222-3333-4444-555555555555","EntryPoint":"/bin/app","CmdArgs":"-v","Capabilities":{}}`,
			[]pathRule{{"CmdArgs", RuleType}}},
		{"CmdArgs null", `{"SchemaVersion":1,"Name":"App","ComponentId":"11111111-2222-3333-4444-555555555555","EntryPoint":"/bin/app","CmdArgs":null,"Capabilities":{}}`,
			[]pathRule{{"CmdArgs", RuleType}}},
		{"CmdArgs element number", `{"SchemaVersion":1,"Name":"App","ComponentId":"11111111-2222-3333-4444-555555555555","EntryPoint":"/bin/app","CmdArgs":["a",1],"Capabilities":{}}`,
			[]pathRule{{"CmdArgs[1]", RuleType}}},
		{"Capabilities array", withCaps(`[]`), []pathRule{{"Capabilities", RuleType}}},
		{"Capabilities null", withCaps(`null`), []pathRule{{"Capabilities", RuleType}}},
		{"bool as string", withCaps(`{"CertStore":"true"}`), []pathRule{{"Capabilities.CertStore", RuleType}}},
		{"bool as number", withCaps(`{"WifiConfig":1}`), []pathRule{{"Capabilities.WifiConfig", RuleType}}},
		{"list as string", withCaps(`{"AllowedConnections":"example.com"}`), []pathRule{{"Capabilities.AllowedConnections", RuleType}}},
		{"port type and range keep indices", withCaps(`{"AllowedTcpServerPorts":[80,"x",70000]}`),
			[]pathRule{{"Capabilities.AllowedTcpServerPorts[1]", RuleType}, {"Capabilities.AllowedTcpServerPorts[2]", RuleRange}}},
		{"port fractional", withCaps(`{"AllowedUdpServerPorts":[80.5]}`), []pathRule{{"Capabilities.AllowedUdpServerPorts[0]", RuleType}}},
		{"Gpio bool", withCaps(`{"Gpio":[true]}`), []pathRule{{"Capabilities.Gpio[0]", RuleType}}},
		{"Gpio fractional", withCaps(`{"Gpio":[1,1.5]}`), []pathRule{{"Capabilities.Gpio[1]", RuleType}}},
		{"Gpio empty string", withCaps(`{"Gpio":[""]}`), []pathRule{{"Capabilities.Gpio[0]", RuleEmpty}}},
		{"Gpio null", withCaps(`{"Gpio":[null]}`), []pathRule{{"Capabilities.Gpio[0]", RuleType}}},
		{"Uart null element", withCaps(`{"Uart":[null]}`), []pathRule{{"Capabilities.Uart[0]", RuleType}}},
		{"MutableStorage number", withCaps(`{"MutableStorage":8}`), []pathRule{{"Capabilities.MutableStorage", RuleType}}},
		{"SizeKB string", withCaps(`{"MutableStorage":{"SizeKB":"8"}}`), []pathRule{{"Capabilities.MutableStorage.SizeKB", RuleType}}},
		{"DeviceAuthentication empty", withCaps(`{"DeviceAuthentication":""}`), []pathRule{{"Capabilities.DeviceAuthentication", RuleEmpty}}},
		{"DeviceAuthentication number", withCaps(`{"DeviceAuthentication":1}`), []pathRule{{"Capabilities.DeviceAuthentication", RuleType}}},
		{"ApplicationType empty", withTop(`,"ApplicationType":""`), []pathRule{{"ApplicationType", RuleEmpty}}},
		{"ApplicationType number", withTop(`,"ApplicationType":1`), []pathRule{{"ApplicationType", RuleType}}},
		{"MallocVersion zero", withTop(`,"MallocVersion":0`), []pathRule{{"MallocVersion", RuleValue}}},
		{"MallocVersion string", withTop(`,"MallocVersion":"2"`), []pathRule{{"MallocVersion", RuleType}}},
		{"false booleans are fine", withCaps(`{"CertStore":false,"NetworkConfig":false}`), nil},
		{"decode and validate errors together", `{"SchemaVersion":2,"Name":"","ComponentId":"x","EntryPoint":"/bin/app","CmdArgs":[],` +
			`"Capabilities":{"Bogus":1,"AllowedTcpServerPorts":[0],"PowerControls":[]},"ApplicationType":"Foo"}`,
			[]pathRule{
				{"SchemaVersion", RuleValue},
				{"Name", RuleRequired},
				{"ComponentId", RuleGUID},
				{"Capabilities.Bogus", RuleUnknownKey},
				{"Capabilities.AllowedTcpServerPorts[0]", RuleRange},
				{"Capabilities.PowerControls", RuleEmpty},
				{"ApplicationType", RuleValue},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(tt.in))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Parse(%s): %v", tt.in, err)
				}
				return
			}
			if m != nil {
				t.Errorf("Parse(%s) returned a manifest with an error", tt.in)
			}
			if diff := cmp.Diff(tt.want, pathRules(t, err)); diff != "" {
				t.Errorf("Parse(%s) errors mismatch (-want +got):\n%s\nerror: %v", tt.in, diff, err)
			}
		})
	}
}

func TestParseHint(t *testing.T) {
	_, err := Parse([]byte(withCaps(`{"certstore":true,"Nope":true}`)))
	var verr *ValidationError
	if !errors.As(err, &verr) || len(verr.Errors) != 2 {
		t.Fatalf("Parse error = %v, want two field errors", err)
	}
	if msg := verr.Errors[0].Msg; !strings.Contains(msg, `did you mean "CertStore"`) {
		t.Errorf("unknown key message = %q, want a hint naming CertStore", msg)
	}
	if msg := verr.Errors[1].Msg; strings.Contains(msg, "did you mean") {
		t.Errorf("unknown key message = %q, want no hint", msg)
	}
}

func TestParseFieldErrorPositions(t *testing.T) {
	in := "{\n" +
		"  \"SchemaVersion\": 1,\n" +
		"  \"Name\": \"Ünïcödé\", \"ComponentId\": \"not-a-guid\",\n" +
		"  \"EntryPoint\": \"/bin/app\",\n" +
		"  \"CmdArgs\": [],\n" +
		"  \"Capabilities\": {\n" +
		"    \"AllowedTcpServerPorts\": [ 80, 0 ],\n" +
		"    \"Gpio\": [ true ],\n" +
		"    \"Extra\": 1,\n" +
		"    \"MutableStorage\": {}\n" +
		"  }\n" +
		"}\n"
	_, err := Parse([]byte(in))
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Parse error = %v, want a *ValidationError", err)
	}
	type posErr struct {
		Path         string
		Line, Column int
	}
	var got []posErr
	for _, e := range verr.Errors {
		got = append(got, posErr{e.Path, e.Line, e.Column})
	}
	want := []posErr{
		{"ComponentId", 3, 37}, // columns count characters
		{"Capabilities.AllowedTcpServerPorts[1]", 7, 36},
		{"Capabilities.Gpio[0]", 8, 15},
		{"Capabilities.Extra", 9, 5},
		{"Capabilities.MutableStorage.SizeKB", 10, 23}, // the object that lacks it
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("positions mismatch (-want +got):\n%s\nerror: %v", diff, err)
	}
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Path != "ComponentId" {
		t.Errorf("errors.As(err, *FieldError) = %v, want the first field error", fe)
	}
	if got, want := verr.Errors[2].Error(), "Capabilities.Gpio[0]: must be a GPIO number or a \"$NAME\" string, not a boolean (line 8, column 15)"; got != want {
		t.Errorf("FieldError.Error() = %q, want %q", got, want)
	}
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		name         string
		in           string
		line, column int
		offset       int64
	}{
		{"empty", "", 1, 1, 0},
		{"white space only", "  \n ", 2, 1, 3},
		{"missing colon", `{"a" 1}`, 1, 6, 5},
		{"trailing comma", "{\n  \"SchemaVersion\": 1,\n}", 3, 1, 24},
		{"bad literal", "{\n \"a\": tru }", 2, 10, 11},
		{"control character", "{\"a\":\"\x01\"}", 1, 7, 6},
		{"array", `[]`, 1, 1, 0},
		{"string", ` "manifest"`, 1, 2, 1},
		{"null", `null`, 1, 1, 0},
		{"two objects", `{} {}`, 1, 4, 3},
		{"trailing garbage", "{}\nx", 2, 1, 3},
		{"truncated", `{"Name":"x"`, 1, 11, 10},
		{"multi-byte characters before", `{"Näme": "ü" x}`, 1, 14, 15},
		{"byte order mark not counted", "\xef\xbb\xbf{x}", 1, 2, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			var serr *SyntaxError
			if !errors.As(err, &serr) {
				t.Fatalf("Parse(%q) error = %v (%T), want a *SyntaxError", tt.in, err, err)
			}
			if serr.Line != tt.line || serr.Column != tt.column || serr.Offset != tt.offset {
				t.Errorf("Parse(%q) error at line %d, column %d, offset %d, want line %d, column %d, offset %d (%v)",
					tt.in, serr.Line, serr.Column, serr.Offset, tt.line, tt.column, tt.offset, err)
			}
			if serr.Msg == "" || !strings.Contains(err.Error(), serr.Msg) {
				t.Errorf("Parse(%q) error = %q, want it to contain the message %q", tt.in, err, serr.Msg)
			}
		})
	}
}

func TestValidationErrorFormat(t *testing.T) {
	one := &ValidationError{Errors: []FieldError{{Path: "Name", Rule: RuleRequired, Msg: "must not be empty"}}}
	if got, want := one.Error(), "manifest: Name: must not be empty"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	two := &ValidationError{Errors: []FieldError{
		{Path: "Name", Rule: RuleRequired, Msg: "must not be empty", Line: 2, Column: 3},
		{Path: "SchemaVersion", Rule: RuleValue, Msg: "must be 1, not 2"},
	}}
	want := "manifest: 2 problems:\n\tName: must not be empty (line 2, column 3)\n\tSchemaVersion: must be 1, not 2"
	if got := two.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got := (&ValidationError{}).Error(); got != "manifest: invalid" {
		t.Errorf("empty ValidationError.Error() = %q", got)
	}
}
