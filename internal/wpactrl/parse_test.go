package wpactrl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The files in testdata are replies and events captured from wpa_supplicant 2.10 (Debian 12):
// the replies and events-success.txt by TestSmoke in internal/eaplab with EAPLAB_CAPTURE set,
// the failure transcripts by the lab tests of wificonfig/wpa with WPA_CAPTURE set.

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestKeyValuesStatus(t *testing.T) {
	st := KeyValues(read(t, "status.txt"))
	for k, want := range map[string]string{
		"wpa_state":            "COMPLETED",
		"Supplicant PAE state": "AUTHENTICATED",
		"suppPortStatus":       "Authorized",
		"EAP state":            "SUCCESS",
		"id":                   "0",
		"bssid":                "01:80:c2:00:00:03",
		"key_mgmt":             "IEEE 802.1X (no WPA)",
		"selectedMethod":       "13 (EAP-TLS)",
	} {
		if got := st[k]; got != want {
			t.Errorf("STATUS[%q] = %q, want %q", k, got, want)
		}
	}
}

func TestParseNetworks(t *testing.T) {
	got, err := ParseNetworks(read(t, "list_networks.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Network{{ID: 0, SSID: "lab", BSSID: "any", Flags: []string{"CURRENT"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseNetworks (-want +got):\n%s", diff)
	}
	got, err = ParseNetworks("network id / ssid / bssid / flags\n0\ta\tany\t[DISABLED]\n3\tb c\tany\t[CURRENT][TEMP-DISABLED]\n1\t\tany\t\n")
	if err != nil {
		t.Fatal(err)
	}
	want = []Network{
		{ID: 0, SSID: "a", BSSID: "any", Flags: []string{"DISABLED"}},
		{ID: 3, SSID: "b c", BSSID: "any", Flags: []string{"CURRENT", "TEMP-DISABLED"}},
		{ID: 1, SSID: "", BSSID: "any"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseNetworks (-want +got):\n%s", diff)
	}
	if !got[1].HasFlag("TEMP-DISABLED") || got[0].HasFlag("CURRENT") {
		t.Errorf("HasFlag wrong for %+v", got)
	}
	for _, bad := range []string{"", "garbage", "network id / ssid / bssid / flags\nx\ta\tany\t\n", "network id / ssid / bssid / flags\n0\ta\n"} {
		if _, err := ParseNetworks(bad); err == nil {
			t.Errorf("ParseNetworks(%q) succeeded", bad)
		}
	}
}

func TestParseScanResults(t *testing.T) {
	got, err := ParseScanResults(read(t, "scan_results.txt"))
	if err != nil || len(got) != 0 {
		t.Errorf("wired SCAN_RESULTS = %v, %v; want none", got, err)
	}
	got, err = ParseScanResults("bssid / frequency / signal level / flags / ssid\n" +
		"02:00:00:00:01:00\t2412\t-30\t[WPA2-EAP-CCMP][ESS]\tcorp net\n02:00:00:00:02:00\t5180\t-71\t[ESS]\t\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []ScanResult{
		{BSSID: "02:00:00:00:01:00", Frequency: 2412, Signal: -30, Flags: []string{"WPA2-EAP-CCMP", "ESS"}, SSID: "corp net"},
		{BSSID: "02:00:00:00:02:00", Frequency: 5180, Signal: -71, Flags: []string{"ESS"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseScanResults (-want +got):\n%s", diff)
	}
}

func TestParseEventTranscript(t *testing.T) {
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(read(t, "events-success.txt")), "\n") {
		ev, ok := ParseEvent(line)
		if !ok || ev.Level != 3 {
			t.Fatalf("ParseEvent(%q) = %+v, %v", line, ev, ok)
		}
		names = append(names, ev.Name)
		if ev.Name == EventEAPPeerCert {
			f := Fields(ev.Text)
			if f["depth"] == "" || !strings.HasPrefix(f["subject"], "/CN=") {
				t.Errorf("Fields(%q) = %v", ev.Text, f)
			}
		}
	}
	if names[len(names)-1] != EventEAPSuccess || names[3] != EventEAPStarted {
		t.Errorf("event names = %q", names)
	}
}

// TestFailureTranscripts checks the events of failed authentications captured from the real
// daemons (internal/eaplab, WPA_CAPTURE in wificonfig/wpa's lab tests): a wrong root CA gives
// a certificate error before the failure; a server that rejects the client certificate gives
// only the failure.
func TestFailureTranscripts(t *testing.T) {
	tests := []struct {
		file     string
		certErr  bool
		wantCert CertError
	}{
		{"events-wrong-root-ca.txt", true, CertError{Reason: 1, Depth: 0, Subject: "/CN=B radius", Err: "unable to get local issuer certificate"}},
		{"events-rejected-expired.txt", false, CertError{}},
		{"events-rejected-untrustedca.txt", false, CertError{}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var sawCertErr, sawFailure bool
			var ce CertError
			for _, line := range strings.Split(strings.TrimSpace(read(t, tt.file)), "\n") {
				ev, ok := ParseEvent(line)
				if !ok {
					t.Fatalf("ParseEvent(%q) failed", line)
				}
				switch ev.Name {
				case EventEAPTLSCertError:
					sawCertErr, ce = true, ParseCertError(ev.Text)
				case EventEAPFailure:
					sawFailure = true
				case EventEAPSuccess:
					t.Errorf("success in a failure transcript")
				}
			}
			if !sawFailure || sawCertErr != tt.certErr || ce != tt.wantCert {
				t.Errorf("failure %v, cert error %v %+v; want failure, cert error %v %+v", sawFailure, sawCertErr, ce, tt.certErr, tt.wantCert)
			}
		})
	}
}

func TestParseEvent(t *testing.T) {
	tests := []struct {
		in   string
		want Event
		ok   bool
	}{
		{"<3>CTRL-EVENT-EAP-FAILURE EAP authentication failed\n", Event{Level: 3, Name: EventEAPFailure, Text: "EAP authentication failed"}, true},
		{"IFNAME=wlan0 <4>CTRL-EVENT-TERMINATING", Event{Level: 4, Name: EventTerminating, Interface: "wlan0"}, true},
		{"OK\n", Event{}, false},
		{"<x>FOO", Event{}, false},
		{"<3", Event{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseEvent(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ParseEvent(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseCertError(t *testing.T) {
	got := ParseCertError("reason=1 depth=1 subject='/CN=Other CA/O=Two words' err='unable to get local issuer certificate'")
	want := CertError{Reason: 1, Depth: 1, Subject: "/CN=Other CA/O=Two words", Err: "unable to get local issuer certificate"}
	if got != want {
		t.Errorf("ParseCertError = %+v, want %+v", got, want)
	}
	if f := Fields(`a=1 junk b="x y" c='unterminated`); f["a"] != "1" || f["b"] != "x y" || f["c"] != "unterminated" {
		t.Errorf("Fields = %v", f)
	}
}

func TestEncoding(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{[]byte("lab"), `"lab"`},
		{[]byte("quo\"te"), "71756f227465"},
		{[]byte{0xff, 0x00, 'a'}, "ff0061"},
		{[]byte("caf\u00e9"), "636166c3a9"},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %s, want %s", tt.in, got, tt.want)
		}
		back, err := UnquoteString(tt.want)
		if err != nil || string(back) != string(tt.in) {
			t.Errorf("UnquoteString(%s) = %q, %v", tt.want, back, err)
		}
	}
	if got, _ := UnquoteString(strings.TrimSpace(read(t, "get_network.txt"))); string(got) != "lab" {
		t.Errorf("UnquoteString(captured) = %q", got)
	}
	for in, want := range map[string]string{
		"password":               `"password"`,
		strings.Repeat("ab", 32): strings.Repeat("ab", 32),
	} {
		if got, ok := PSK([]byte(in)); !ok || got != want {
			t.Errorf("PSK(%q) = %s, %v; want %s", in, got, ok, want)
		}
	}
	for _, bad := range []string{"short", strings.Repeat("x", 64), strings.Repeat("x", 63) + "\x01", "tab\there!"} {
		if _, ok := PSK([]byte(bad)); ok {
			t.Errorf("PSK(%q) accepted", bad)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("network id / ssid / bssid / flags\n0\tlab\tany\t[CURRENT]\n")
	f.Add("<3>CTRL-EVENT-EAP-TLS-CERT-ERROR reason=1 depth=0 subject='/CN=x' err='y'")
	f.Fuzz(func(t *testing.T, s string) {
		ParseNetworks(s)
		ParseScanResults(s)
		KeyValues(s)
		if ev, ok := ParseEvent(s); ok {
			Fields(ev.Text)
			ParseCertError(ev.Text)
		}
	})
}
