package main

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseStringObject compares parseStringObject with encoding/json on objects of strings,
// and checks that it refuses what is not one.
func TestParseStringObject(t *testing.T) {
	for _, in := range []string{
		`{}`, ` { "a" : "b" } `, `{"a":"b","c":"d"}`, `{"a":"1","a":"2"}`,
		`{"pem":"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"}`,
		`{"esc":"\"\\\/\b\f\n\r\t"}`, `{"u":"\u00e9\u4e2d\ud83d\ude00"}`, `{"lone":"\ud800x"}`,
		`{"utf8":"caf` + "\u00e9" + `"}`,
	} {
		got, err := parseStringObject([]byte(in))
		if err != nil {
			t.Errorf("parseStringObject(%s): %v", in, err)
			continue
		}
		var want map[string]string
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatalf("json.Unmarshal(%s): %v", in, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("parseStringObject(%s) (-encoding/json +got):\n%s", in, diff)
		}
	}
	for _, in := range []string{
		``, `[]`, `{"a":1}`, `{"a":"b"`, `{"a":"b",}`, `{"a" "b"}`, `{"a":"b"} x`, `{"a":"\x"}`,
		`{"a":"` + "\x01" + `"}`, `{"a":{"b":"c"}}`, `{"a":"\u12"}`, `{a:"b"}`,
	} {
		if _, err := parseStringObject([]byte(in)); err == nil {
			t.Errorf("parseStringObject(%q) accepted it", in)
		}
	}
}

// FuzzParseStringObject: whatever parseStringObject accepts, encoding/json reads the same.
func FuzzParseStringObject(f *testing.F) {
	f.Add([]byte(`{"rootCA":"-----BEGIN\n","ssid":"Contoso"}`))
	f.Add([]byte(`{"u":"\ud83d\ude00"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := parseStringObject(data)
		if err != nil {
			return
		}
		var want map[string]string
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatalf("parseStringObject accepted %q, which encoding/json refuses: %v", data, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("parseStringObject(%q) (-encoding/json +got):\n%s", data, diff)
		}
	})
}
