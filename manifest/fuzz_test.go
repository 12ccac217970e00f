package manifest

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse checks that Parse never panics, that it returns either a manifest or a
// *SyntaxError / *ValidationError, and that a manifest it accepts survives Marshal and Parse
// unchanged.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(withCaps(`{"Gpio":[0,"$A",-1],"MutableStorage":{"SizeKB":8},"PowerControls":["ForceReboot"]}`)))
	f.Add([]byte(withCaps(`{"AllowedConnections":["*.example.com","10.0.0.1"],"DeviceAuthentication":"52fecdd6-5a57-4cd2-bea1-ec7fa1773c43"}`)))
	f.Add([]byte(withTop(`,"ApplicationType":"RealTimeCapable","MallocVersion":2,"Name":"dup"`)))
	f.Add([]byte("\xef\xbb\xbf{}"))
	f.Add([]byte(`[1,2,{"a":null}]`))

	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data)
		if err != nil {
			var serr *SyntaxError
			var verr *ValidationError
			if !errors.As(err, &serr) && !errors.As(err, &verr) {
				t.Fatalf("Parse error %v (%T) is neither a *SyntaxError nor a *ValidationError", err, err)
			}
			if verr != nil && len(verr.Errors) == 0 {
				t.Fatalf("Parse returned a *ValidationError without field errors")
			}
			if m != nil {
				t.Fatalf("Parse returned a manifest and an error")
			}
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("Parse accepted a manifest Validate rejects: %v", err)
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(Marshal(m)): %v\ninput: %q\nmarshalled: %s", err, data, out)
		}
		if diff := cmp.Diff(m, again); diff != "" {
			t.Fatalf("round trip mismatch (-want +got):\n%s\ninput: %q\nmarshalled: %s", diff, data, out)
		}
	})
}
