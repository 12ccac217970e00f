package wpactrl

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// The classes of failure a request can end in. Each error a Conn returns wraps exactly one
// of them, or one of context.Canceled, a timeout (see Request), net.ErrClosed, or the socket
// error that made the daemon unreachable. Messages name the command, with any secret it
// carries redacted, and never quote a reply to a command that carries a secret.
var (
	// ErrFailed: the daemon answered FAIL, or FAIL-reason with a reason other than BUSY.
	ErrFailed = errors.New("wpa_supplicant: command failed")
	// ErrBusy: the daemon answered FAIL-BUSY (for example SCAN while a scan runs); trying
	// again later may succeed.
	ErrBusy = errors.New("wpa_supplicant: busy")
	// ErrUnknownCommand: the daemon answered UNKNOWN COMMAND (a command or option this build
	// of wpa_supplicant lacks).
	ErrUnknownCommand = errors.New("wpa_supplicant: unknown command")
	// ErrUnexpectedReply: the reply is not of the form the command answers with (RequestOK,
	// RequestExpect, RequestInt, the Parse functions), or it was too long to read whole.
	ErrUnexpectedReply = errors.New("wpa_supplicant: unexpected reply")
)

// deadlineError is the cause of a timeout: errors.Is holds for both context.DeadlineExceeded
// and os.ErrDeadlineExceeded, whichever clock ran out first.
type deadlineError struct{}

func (deadlineError) Error() string   { return "deadline exceeded" }
func (deadlineError) Timeout() bool   { return true }
func (deadlineError) Temporary() bool { return true }
func (deadlineError) Is(target error) bool {
	return target == context.DeadlineExceeded || target == os.ErrDeadlineExceeded
}

var errDeadline error = deadlineError{}

// maxQuoted is how much of a reply an error message quotes.
const maxQuoted = 64

// unexpected returns an error wrapping ErrUnexpectedReply for reply to cmd.
func unexpected(cmd, reply string) error {
	return fmt.Errorf("%w to %s: %s", ErrUnexpectedReply, redact(cmd), quoteReply(cmd, reply))
}

// quoteReply returns reply for an error message: quoted and cut to maxQuoted bytes, or only
// its length when cmd carries a secret (the daemon does not echo secrets, but a reply to
// such a command is not worth the risk).
func quoteReply(cmd, reply string) string {
	if redact(cmd) != cmd {
		return "reply of " + strconv.Itoa(len(reply)) + " bytes"
	}
	if len(reply) > maxQuoted {
		return strconv.Quote(reply[:maxQuoted]) + "..."
	}
	return strconv.Quote(reply)
}

// plainVerbs are the commands whose arguments never hold a secret: an error message shows
// them whole. Any other command is shown as its first word and [redacted].
var plainVerbs = map[string]bool{
	"PING": true, "ATTACH": true, "DETACH": true, "LEVEL": true, "LOG_LEVEL": true,
	"STATUS": true, "STATUS-VERBOSE": true, "MIB": true, "INTERFACES": true,
	"ADD_NETWORK": true, "REMOVE_NETWORK": true, "SELECT_NETWORK": true, "ENABLE_NETWORK": true,
	"DISABLE_NETWORK": true, "GET_NETWORK": true, "LIST_NETWORKS": true, "GET": true,
	"SCAN": true, "SCAN_RESULTS": true, "ABORT_SCAN": true, "BSS": true, "SIGNAL_POLL": true,
	"REAUTHENTICATE": true, "REASSOCIATE": true, "RECONNECT": true, "DISCONNECT": true,
	"SAVE_CONFIG": true, "RECONFIGURE": true, "LOGON": true, "LOGOFF": true,
}

// plainFields are the settings (SET_NETWORK, SET_CRED, SET) whose value is never secret: an
// error message shows it. The value of any other setting (psk, password, sae_password,
// private_key_passwd, wep_key0, pin, a blob, private_key, whose PKCS#11 URI may hold a
// pin-value...) is shown as [redacted].
var plainFields = map[string]bool{
	"ssid": true, "scan_ssid": true, "bssid": true, "id_str": true, "key_mgmt": true,
	"proto": true, "pairwise": true, "group": true, "eap": true, "identity": true,
	"anonymous_identity": true, "ca_cert": true, "ca_path": true, "client_cert": true,
	"domain_match": true, "domain_suffix_match": true, "phase1": true,
	"phase2": true, "eapol_flags": true, "priority": true, "disabled": true, "mode": true,
	"frequency": true, "scan_freq": true, "freq_list": true, "ieee80211w": true,
	"ps": true, "ap_scan": true,
}

// redact returns cmd as an error message may show it: whole when it cannot hold a secret,
// otherwise with the possibly secret part replaced by [redacted].
func redact(cmd string) string {
	f := strings.Fields(cmd)
	var prefix string
	if len(f) > 0 && strings.HasPrefix(f[0], "IFNAME=") { // the global control interface
		prefix, f = f[0]+" ", f[1:]
	}
	if len(f) == 0 {
		return strings.TrimSpace(prefix)
	}
	verb := f[0]
	name := 1 // the index of the setting's name
	switch verb {
	case "SET_NETWORK", "SET_CRED":
		name = 2
	case "SET":
	default:
		if plainVerbs[verb] {
			return prefix + strings.Join(f, " ")
		}
		// Show the command's name (the daemon's are upper case), never what follows.
		if i := strings.IndexFunc(verb, func(r rune) bool { return !isVerbByte(r) }); i >= 0 {
			verb = verb[:i] // CTRL-RSP-PASSWORD-0:secret
		}
		if verb == "" {
			return prefix + "command [redacted]"
		}
		if len(f) == 1 && verb == f[0] {
			return prefix + verb
		}
		return prefix + verb + " [redacted]"
	}
	if name == 2 && len(f) > 1 && strings.Trim(f[1], "0123456789") != "" {
		return prefix + verb + " [redacted]" // not a network ID
	}
	if len(f) <= name {
		return prefix + strings.Join(f, " ")
	}
	key := f[name]
	if i := strings.IndexFunc(key, func(r rune) bool { return !isWordByte(r) && r != ':' }); i >= 0 {
		key = key[:i] // psk"secret" written without a space
	}
	if plainFields[key] || strings.HasPrefix(key, "EAPOL::") || len(f) == name+1 && key == f[name] {
		return prefix + strings.Join(f, " ")
	}
	return prefix + strings.Join(append(f[:name:name], key), " ") + " [redacted]"
}

func isVerbByte(r rune) bool {
	return r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'
}

func isWordByte(r rune) bool {
	return r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
}
