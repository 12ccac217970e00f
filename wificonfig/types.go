package wificonfig

import (
	"fmt"
	"strconv"
	"time"
)

// Limits, with the values of the C macros they mirror.
const (
	// SSIDMaxLength is WIFICONFIG_SSID_MAX_LENGTH: the longest SSID in bytes.
	SSIDMaxLength = 32
	// WPA2KeyMaxBufferSize is WIFICONFIG_WPA2_KEY_MAX_BUFFER_SIZE: the longest PSK in bytes (a
	// 64-digit hex key; a passphrase is 8 to 63 characters).
	WPA2KeyMaxBufferSize = 64
	// WPA2KeyMinLength is the shortest WPA2 passphrase (the device's PskTooShort rule).
	WPA2KeyMinLength = 8
	// BSSIDBufferSize is WIFICONFIG_BSSID_BUFFER_SIZE: the length of a BSSID.
	BSSIDBufferSize = 6
	// ConfigNameMaxLength is WIFICONFIG_CONFIG_NAME_MAX_LENGTH: the longest config name.
	ConfigNameMaxLength = 16
	// EAPIdentityMaxLength is WIFICONFIG_EAP_IDENTITY_MAX_LENGTH: the longest EAP identity.
	EAPIdentityMaxLength = 254
)

// Security mirrors WifiConfig_Security_Type (a uint8_t holding a WifiConfig_Security value):
// the security of a network.
type Security uint8

// Security types, at the values of the WifiConfig_Security enumerators.
const (
	// SecurityUnknown is WifiConfig_Security_Unknown: a network whose security is not set.
	SecurityUnknown Security = 0
	// SecurityOpen is WifiConfig_Security_Open.
	SecurityOpen Security = 1
	// SecurityWPA2PSK is WifiConfig_Security_Wpa2_Psk.
	SecurityWPA2PSK Security = 2
	// SecurityWPA2EAPTLS is WifiConfig_Security_Wpa2_EAP_TLS.
	SecurityWPA2EAPTLS Security = 3
)

// String returns the C enumerator's suffix: "Open", "Wpa2_Psk", "Wpa2_EAP_TLS" or "Unknown".
func (s Security) String() string {
	switch s {
	case SecurityUnknown:
		return "Unknown"
	case SecurityOpen:
		return "Open"
	case SecurityWPA2PSK:
		return "Wpa2_Psk"
	case SecurityWPA2EAPTLS:
		return "Wpa2_EAP_TLS"
	}
	return fmt.Sprintf("Security(%d)", uint8(s))
}

// BSSID is the MAC address of an access point: the bssid field of
// WifiConfig_ConnectedNetwork and WifiConfig_ScannedNetwork.
type BSSID [BSSIDBufferSize]byte

// String formats the BSSID as six colon-separated lower-case hex bytes.
func (b BSSID) String() string {
	return fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5])
}

// StoredNetwork mirrors WifiConfig_StoredNetwork: a configured network as
// [Config.GetStoredNetworks] reports it.
type StoredNetwork struct {
	// SSID is the network name, exactly as long as it is (never padded); empty for a network
	// whose SSID has not been set.
	SSID []byte
	// IsEnabled reports whether the device may connect to the network.
	IsEnabled bool
	// IsConnected reports whether the device is connected to it now.
	IsConnected bool
	// Security is the network's security type.
	Security Security
}

// String formats n as `"SSID" Security enabled|disabled[, connected]`, the SSID quoted
// (bytes that are not UTF-8 escaped).
func (n StoredNetwork) String() string {
	state := "disabled"
	if n.IsEnabled {
		state = "enabled"
	}
	if n.IsConnected {
		state += ", connected"
	}
	return strconv.Quote(string(n.SSID)) + " " + n.Security.String() + " " + state
}

// ConnectedNetwork mirrors WifiConfig_ConnectedNetwork: the BSS the device is connected to.
type ConnectedNetwork struct {
	// SSID is the network name, exactly as long as it is.
	SSID []byte
	// BSSID is the access point's MAC address.
	BSSID BSSID
	// FrequencyMHz is the centre frequency of the BSS.
	FrequencyMHz uint32
	// SignalRSSI is the signal strength in dBm.
	SignalRSSI int8
	// Security is the access point's security type.
	Security Security
}

// String formats n as `"SSID" BSSID frequency MHz signal dBm Security`.
func (n ConnectedNetwork) String() string {
	return bssString(n.SSID, n.BSSID, n.FrequencyMHz, n.SignalRSSI, n.Security)
}

func bssString(ssid []byte, bssid BSSID, mhz uint32, rssi int8, sec Security) string {
	return fmt.Sprintf("%q %v %d MHz %d dBm %v", ssid, bssid, mhz, rssi, sec)
}

// ScannedNetwork mirrors WifiConfig_ScannedNetwork: one BSS found by the last scan.
type ScannedNetwork struct {
	// SSID is the network name, exactly as long as it is.
	SSID []byte
	// BSSID is the access point's MAC address.
	BSSID BSSID
	// FrequencyMHz is the centre frequency of the BSS.
	FrequencyMHz uint32
	// SignalRSSI is the signal strength in dBm.
	SignalRSSI int8
	// Security is the access point's security type.
	Security Security
}

// String formats n as `"SSID" BSSID frequency MHz signal dBm Security`.
func (n ScannedNetwork) String() string {
	return bssString(n.SSID, n.BSSID, n.FrequencyMHz, n.SignalRSSI, n.Security)
}

// DiagnosticError is the error field of WifiConfig_NetworkDiagnostics: why the last attempt
// to connect to a network failed. C names no enumeration; the constant names follow the
// header's comments.
type DiagnosticError int32

// Diagnostic error codes.
const (
	// DiagnosticErrorConnectionFailed (1) is a generic failure; for EAP-TLS, the RADIUS
	// server is unreachable or does not know the identity.
	DiagnosticErrorConnectionFailed DiagnosticError = 1
	// DiagnosticErrorNetworkNotFound (2): no access point has the SSID.
	DiagnosticErrorNetworkNotFound DiagnosticError = 2
	// DiagnosticErrorNoPSKIncluded (3): the network needs a password and has none.
	DiagnosticErrorNoPSKIncluded DiagnosticError = 3
	// DiagnosticErrorWrongKey (4): the password is wrong.
	DiagnosticErrorWrongKey DiagnosticError = 4
	// DiagnosticErrorAuthenticationFailed (5): EAP-TLS authentication failed; CertError
	// says why.
	DiagnosticErrorAuthenticationFailed DiagnosticError = 5
	// DiagnosticErrorSecurityTypeMismatch (6): the stored security type differs from the
	// access point's.
	DiagnosticErrorSecurityTypeMismatch DiagnosticError = 6
	// DiagnosticErrorNetworkFrequencyNotAllowed (7): the access point's frequency is not
	// allowed.
	DiagnosticErrorNetworkFrequencyNotAllowed DiagnosticError = 7
	// DiagnosticErrorNetworkNotEssPbssMbss (8): no ESS, PBSS or MBSS was detected.
	DiagnosticErrorNetworkNotEssPbssMbss DiagnosticError = 8
	// DiagnosticErrorNetworkNotSupported (9): the network is not supported.
	DiagnosticErrorNetworkNotSupported DiagnosticError = 9
	// DiagnosticErrorNetworkNonWPA (10): the access point is neither WPA2-PSK, WPA2-EAP nor
	// open.
	DiagnosticErrorNetworkNonWPA DiagnosticError = 10
)

// String returns the name of the code as the C header's comments give it, for example
// "AuthenticationFailed", or "None" for 0.
func (e DiagnosticError) String() string {
	switch e {
	case 0:
		return "None"
	case DiagnosticErrorConnectionFailed:
		return "ConnectionFailed"
	case DiagnosticErrorNetworkNotFound:
		return "NetworkNotFound"
	case DiagnosticErrorNoPSKIncluded:
		return "NoPskIncluded"
	case DiagnosticErrorWrongKey:
		return "WrongKey"
	case DiagnosticErrorAuthenticationFailed:
		return "AuthenticationFailed"
	case DiagnosticErrorSecurityTypeMismatch:
		return "SecurityTypeMismatch"
	case DiagnosticErrorNetworkFrequencyNotAllowed:
		return "NetworkFrequencyNotAllowed"
	case DiagnosticErrorNetworkNotEssPbssMbss:
		return "NetworkNotEssPbssMbss"
	case DiagnosticErrorNetworkNotSupported:
		return "NetworkNotSupported"
	case DiagnosticErrorNetworkNonWPA:
		return "NetworkNonWpa"
	}
	return fmt.Sprintf("DiagnosticError(%d)", int32(e))
}

// CertError is the certError field of WifiConfig_NetworkDiagnostics, meaningful only when
// the diagnostic error is [DiagnosticErrorAuthenticationFailed].
type CertError int32

// Certificate error codes.
const (
	// CertErrorNotFound (100): a certificate the network names is not loaded; it is missing
	// from the store, or was installed after the last ReloadConfig.
	CertErrorNotFound CertError = 100
	// CertErrorInvalidRootCA (101): the server's certificate did not verify against the
	// network's root CA.
	CertErrorInvalidRootCA CertError = 101
	// CertErrorInvalidClientAuth (102): the server rejected the client certificate, or the
	// identity is not bound to it.
	CertErrorInvalidClientAuth CertError = 102
	// CertErrorUnknownClientID (103): the server rejected the identity (listed only by the
	// 32-bit diagnostics struct; the 64-bit one reports this as ConnectionFailed).
	CertErrorUnknownClientID CertError = 103
)

// String returns the name of the code as the C header's comments give it, for example
// "InvalidRootCA", or "None" for 0.
func (e CertError) String() string {
	switch e {
	case 0:
		return "None"
	case CertErrorNotFound:
		return "CertificateNotFound"
	case CertErrorInvalidRootCA:
		return "InvalidRootCA"
	case CertErrorInvalidClientAuth:
		return "InvalidClientAuth"
	case CertErrorUnknownClientID:
		return "UnknownClientId"
	}
	return fmt.Sprintf("CertError(%d)", int32(e))
}

// NetworkDiagnostics mirrors WifiConfig_NetworkDiagnostics (the 64-bit time_t layout): the
// last failed connection attempt of a network and the network's current state.
type NetworkDiagnostics struct {
	// IsEnabled and IsConnected are the network's current state, not its stored one.
	IsEnabled   bool
	IsConnected bool
	// Error is why the last connection attempt failed.
	Error DiagnosticError
	// Timestamp is when it failed, on the device's clock, in UTC.
	Timestamp time.Time
	// CertError, CertDepth and CertSubject are meaningful only when Error is
	// DiagnosticErrorAuthenticationFailed. CertDepth is the depth in the peer's chain of the
	// certificate that failed (0 = leaf), or -1 when none applies; CertSubject is that
	// certificate's subject in one-line form (/C=../CN=..).
	CertError   CertError
	CertDepth   int
	CertSubject string
}
