package wpactrl

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// Event is one unsolicited message of the daemon, such as
// "<3>CTRL-EVENT-EAP-FAILURE EAP authentication failed".
type Event struct {
	// Level is the priority in angle brackets (wpa_debug levels: 2 debug, 3 info, 4 warning).
	Level int
	// Name is the first word, for example "CTRL-EVENT-EAP-FAILURE".
	Name string
	// Text is what follows the name.
	Text string
	// Interface is the IFNAME= prefix of events from a global control socket, or empty.
	Interface string
}

// Well-known event names.
const (
	EventConnected        = "CTRL-EVENT-CONNECTED"
	EventDisconnected     = "CTRL-EVENT-DISCONNECTED"
	EventEAPStarted       = "CTRL-EVENT-EAP-STARTED"
	EventEAPMethod        = "CTRL-EVENT-EAP-METHOD"
	EventEAPSuccess       = "CTRL-EVENT-EAP-SUCCESS"
	EventEAPFailure       = "CTRL-EVENT-EAP-FAILURE"
	EventEAPTLSCertError  = "CTRL-EVENT-EAP-TLS-CERT-ERROR"
	EventEAPPeerCert      = "CTRL-EVENT-EAP-PEER-CERT"
	EventEAPStatus        = "CTRL-EVENT-EAP-STATUS"
	EventTerminating      = "CTRL-EVENT-TERMINATING"
	EventNetworkNotFound  = "CTRL-EVENT-NETWORK-NOT-FOUND"
	EventScanStarted      = "CTRL-EVENT-SCAN-STARTED"
	EventScanResults      = "CTRL-EVENT-SCAN-RESULTS"
	EventScanFailed       = "CTRL-EVENT-SCAN-FAILED"
	EventSSIDTempDisabled = "CTRL-EVENT-SSID-TEMP-DISABLED"
)

// ParseEvent parses one message from an attached socket. It reports false for a message
// that is not an event (no "<level>" prefix): a reply to a request.
func ParseEvent(msg string) (Event, bool) {
	var ev Event
	msg = strings.TrimRight(msg, "\n")
	if rest, ok := strings.CutPrefix(msg, "IFNAME="); ok {
		ifname, after, ok := strings.Cut(rest, " ")
		if !ok {
			return ev, false
		}
		ev.Interface, msg = ifname, after
	}
	if !strings.HasPrefix(msg, "<") {
		return ev, false
	}
	end := strings.IndexByte(msg, '>')
	if end < 0 {
		return ev, false
	}
	level, err := strconv.Atoi(msg[1:end])
	if err != nil {
		return ev, false
	}
	ev.Level = level
	ev.Name, ev.Text, _ = strings.Cut(msg[end+1:], " ")
	return ev, true
}

// Fields parses the key=value words of an event text, where a value may be quoted with
// single or double quotes and then hold spaces: reason=1 depth=0 subject='/CN=x y' err='..'.
// Words that are not key=value are skipped.
func Fields(text string) map[string]string {
	out := map[string]string{}
	i := 0
	for i < len(text) {
		for i < len(text) && text[i] == ' ' {
			i++
		}
		start := i
		for i < len(text) && text[i] != '=' && text[i] != ' ' {
			i++
		}
		if i >= len(text) || text[i] == ' ' {
			continue
		}
		key := text[start:i]
		i++ // '='
		var val string
		if i < len(text) && (text[i] == '\'' || text[i] == '"') {
			q := text[i]
			j := strings.IndexByte(text[i+1:], q)
			if j < 0 {
				val, i = text[i+1:], len(text)
			} else {
				val, i = text[i+1:i+1+j], i+2+j
			}
		} else {
			j := strings.IndexByte(text[i:], ' ')
			if j < 0 {
				j = len(text) - i
			}
			val, i = text[i:i+j], i+j
		}
		out[key] = val
	}
	return out
}

// CertError is a CTRL-EVENT-EAP-TLS-CERT-ERROR: the supplicant rejected the server's
// certificate.
type CertError struct {
	Reason  int    // enum tls_fail_reason: 1 untrusted, 2 revoked, 3 not yet valid, 4 expired, ...
	Depth   int    // 0 for the server's own certificate
	Subject string // of the rejected certificate
	Err     string // the TLS library's words
}

// ParseCertError parses the text of a CTRL-EVENT-EAP-TLS-CERT-ERROR event.
func ParseCertError(text string) CertError {
	f := Fields(text)
	r, _ := strconv.Atoi(f["reason"])
	d, _ := strconv.Atoi(f["depth"])
	return CertError{Reason: r, Depth: d, Subject: f["subject"], Err: f["err"]}
}

// KeyValues parses a reply made of key=value lines (STATUS, STATUS-VERBOSE, MIB).
func KeyValues(reply string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(reply, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			out[k] = v
		}
	}
	return out
}

// Network is one row of LIST_NETWORKS.
type Network struct {
	ID    int
	SSID  string // as the daemon prints it (non-printable bytes escaped)
	BSSID string
	Flags []string // e.g. CURRENT, DISABLED, TEMP-DISABLED
}

// HasFlag reports whether the network has flag (without brackets).
func (n Network) HasFlag(flag string) bool {
	for _, f := range n.Flags {
		if f == flag {
			return true
		}
	}
	return false
}

// ParseNetworks parses the reply to LIST_NETWORKS: a header line, then
// "id\tssid\tbssid\t[FLAG][FLAG]" rows. A reply of another form gives an error wrapping
// ErrUnexpectedReply.
func ParseNetworks(reply string) ([]Network, error) {
	lines := strings.Split(strings.TrimRight(reply, "\n"), "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "network id") {
		return nil, fmt.Errorf("%w: no header", unexpected("LIST_NETWORKS", reply))
	}
	var out []Network
	for _, line := range lines[1:] {
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 4 {
			return nil, fmt.Errorf("%w: %d fields", unexpected("LIST_NETWORKS", line), len(f))
		}
		id, err := strconv.Atoi(f[0])
		if err != nil {
			return nil, fmt.Errorf("%w: bad network ID", unexpected("LIST_NETWORKS", line))
		}
		out = append(out, Network{ID: id, SSID: f[1], BSSID: f[2], Flags: parseFlags(f[3])})
	}
	return out, nil
}

func parseFlags(s string) []string {
	var flags []string
	for s != "" {
		if s[0] != '[' {
			break
		}
		end := strings.IndexByte(s, ']')
		if end < 0 {
			break
		}
		flags = append(flags, s[1:end])
		s = s[end+1:]
	}
	return flags
}

// ScanResult is one row of SCAN_RESULTS.
type ScanResult struct {
	BSSID     string
	Frequency int // MHz
	Signal    int // dBm
	Flags     []string
	SSID      string // as the daemon prints it
}

// ParseScanResults parses the reply to SCAN_RESULTS: a header line, then
// "bssid\tfrequency\tsignal level\tflags\tssid" rows. A reply of another form gives an
// error wrapping ErrUnexpectedReply.
func ParseScanResults(reply string) ([]ScanResult, error) {
	lines := strings.Split(strings.TrimRight(reply, "\n"), "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "bssid") {
		return nil, fmt.Errorf("%w: no header", unexpected("SCAN_RESULTS", reply))
	}
	var out []ScanResult
	for _, line := range lines[1:] {
		if line == "" {
			continue
		}
		f := strings.SplitN(line, "\t", 5)
		if len(f) < 4 {
			return nil, fmt.Errorf("%w: %d fields", unexpected("SCAN_RESULTS", line), len(f))
		}
		freq, err1 := strconv.Atoi(f[1])
		sig, err2 := strconv.Atoi(f[2])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%w: bad number", unexpected("SCAN_RESULTS", line))
		}
		r := ScanResult{BSSID: f[0], Frequency: freq, Signal: sig, Flags: parseFlags(f[3])}
		if len(f) == 5 {
			r.SSID = f[4]
		}
		out = append(out, r)
	}
	return out, nil
}

// String encodes a string value for SET_NETWORK as the config parser reads it
// (wpa_config_parse_string): in double quotes when every byte is printable ASCII, otherwise
// as hex digits, which carry any bytes. Use it for ssid, identity, ca_cert, client_cert,
// private_key and other string fields; not for psk (see PSK).
func String(v []byte) string {
	for _, c := range v {
		if c < 0x20 || c > 0x7e || c == '"' {
			return hex.EncodeToString(v)
		}
	}
	return `"` + string(v) + `"`
}

// PSK encodes a WPA2 key for SET_NETWORK psk: 64 hex digits go as they are (a raw key); a
// passphrase goes in double quotes. A passphrase must be 8 to 63 printable ASCII characters;
// PSK reports false otherwise.
func PSK(key []byte) (string, bool) {
	if len(key) == 64 {
		if _, err := hex.DecodeString(string(key)); err == nil {
			return string(key), true
		}
		return "", false
	}
	if len(key) < 8 || len(key) > 63 {
		return "", false
	}
	for _, c := range key {
		if c < 0x20 || c > 0x7e {
			return "", false
		}
	}
	return `"` + string(key) + `"`, true
}

// UnquoteString decodes a string value as GET_NETWORK prints it: in double quotes, or hex.
func UnquoteString(v string) ([]byte, error) {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return []byte(v[1 : len(v)-1]), nil
	}
	return hex.DecodeString(v)
}
