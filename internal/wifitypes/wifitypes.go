package wifitypes

import (
	"fmt"
	"time"
)

// Limits, with the values of the C macros they mirror (wificonfig_structs_v1.h, wificonfig.h).
const (
	SSIDMaxLength        = 32  // WIFICONFIG_SSID_MAX_LENGTH
	WPA2KeyMaxBufferSize = 64  // WIFICONFIG_WPA2_KEY_MAX_BUFFER_SIZE
	BSSIDBufferSize      = 6   // WIFICONFIG_BSSID_BUFFER_SIZE
	ConfigNameMaxLength  = 16  // WIFICONFIG_CONFIG_NAME_MAX_LENGTH
	EAPIdentityMaxLength = 254 // WIFICONFIG_EAP_IDENTITY_MAX_LENGTH
	StructsVersion       = 1   // WIFICONFIG_STRUCTS_VERSION
)

// Security mirrors WifiConfig_Security_Type (a uint8_t holding a WifiConfig_Security value).
type Security uint8

// Security types, at the values of the WifiConfig_Security enumerators.
const (
	SecurityUnknown    Security = 0 // WifiConfig_Security_Unknown
	SecurityOpen       Security = 1 // WifiConfig_Security_Open
	SecurityWpa2PSK    Security = 2 // WifiConfig_Security_Wpa2_Psk
	SecurityWpa2EAPTLS Security = 3 // WifiConfig_Security_Wpa2_EAP_TLS
)

// String returns the C enumerator suffix: "Open", "Wpa2_Psk", "Wpa2_EAP_TLS" or "Unknown".
func (s Security) String() string {
	switch s {
	case SecurityUnknown:
		return "Unknown"
	case SecurityOpen:
		return "Open"
	case SecurityWpa2PSK:
		return "Wpa2_Psk"
	case SecurityWpa2EAPTLS:
		return "Wpa2_EAP_TLS"
	}
	return fmt.Sprintf("Security(%d)", uint8(s))
}

// Attribute mirrors z__WifiConfig_Attribute: which setting of a network
// z__WifiConfig_SetNetworkOpt and z__WifiConfig_GetNetworkOpt address.
type Attribute uint32

// Attributes, at the values of the z__WifiConfig_Attribute_* enumerators. Save (3), Reload (4)
// and the diagnostics attributes (22, 23) have their own Backend methods.
const (
	AttrSSID                      Attribute = 0  // z__WifiConfig_Attribute_SSID
	AttrSecurityType              Attribute = 1  // z__WifiConfig_Attribute_Security_Type
	AttrEnable                    Attribute = 2  // z__WifiConfig_Attribute_Enable
	AttrSave                      Attribute = 3  // z__WifiConfig_Attribute_Save
	AttrReload                    Attribute = 4  // z__WifiConfig_Attribute_Reload
	AttrPresharedKey              Attribute = 5  // z__WifiConfig_Attribute_Preshared_Key
	AttrClientIdentity            Attribute = 6  // z__WifiConfig_Attribute_Client_Identity
	AttrClientCertStoreIdentifier Attribute = 7  // z__WifiConfig_Attribute_Client_CertStore_Identifier
	AttrRootCACertStoreIdentifier Attribute = 8  // z__WifiConfig_Attribute_RootCA_CertStore_Identifier
	AttrTargetedScan              Attribute = 11 // z__WifiConfig_Attribute_Targeted_Scan
	AttrConfigName                Attribute = 12 // z__WifiConfig_Attribute_Config_Name
	AttrNetworkDiagnostics32      Attribute = 22 // z__WifiConfig_Attribute_Network_Diagnostics32
	AttrNetworkDiagnostics64      Attribute = 23 // z__WifiConfig_Attribute_Network_Diagnostics64
)

// String returns the C enumerator suffix, for example "SSID" or "Client_Identity".
func (a Attribute) String() string {
	switch a {
	case AttrSSID:
		return "SSID"
	case AttrSecurityType:
		return "Security_Type"
	case AttrEnable:
		return "Enable"
	case AttrSave:
		return "Save"
	case AttrReload:
		return "Reload"
	case AttrPresharedKey:
		return "Preshared_Key"
	case AttrClientIdentity:
		return "Client_Identity"
	case AttrClientCertStoreIdentifier:
		return "Client_CertStore_Identifier"
	case AttrRootCACertStoreIdentifier:
		return "RootCA_CertStore_Identifier"
	case AttrTargetedScan:
		return "Targeted_Scan"
	case AttrConfigName:
		return "Config_Name"
	case AttrNetworkDiagnostics32:
		return "Network_Diagnostics32"
	case AttrNetworkDiagnostics64:
		return "Network_Diagnostics64"
	}
	return fmt.Sprintf("Attribute(%d)", uint32(a))
}

// BSSID is the MAC address of an access point (the bssid field of the C structs).
type BSSID [BSSIDBufferSize]byte

// String formats the BSSID as six colon-separated lower-case hex bytes.
func (b BSSID) String() string {
	return fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5])
}

// StoredNetwork mirrors WifiConfig_StoredNetwork (struct z__WifiConfig_StoredNetwork_v1).
type StoredNetwork struct {
	// SSID is the network name, exactly ssidLength bytes long (never padded); empty for a
	// network whose SSID has not been set.
	SSID        []byte
	IsEnabled   bool
	IsConnected bool
	Security    Security
}

// ConnectedNetwork mirrors WifiConfig_ConnectedNetwork: the BSS the device is connected to.
type ConnectedNetwork struct {
	SSID         []byte // exactly ssidLength bytes
	BSSID        BSSID
	FrequencyMHz uint32 // centre frequency of the BSS
	SignalRSSI   int8   // dBm
	Security     Security
}

// ScannedNetwork mirrors WifiConfig_ScannedNetwork: one BSS found by the last scan.
type ScannedNetwork struct {
	SSID         []byte // exactly ssidLength bytes
	BSSID        BSSID
	FrequencyMHz uint32
	SignalRSSI   int8
	Security     Security
}

// DiagnosticError is the error field of WifiConfig_NetworkDiagnostics: why the last attempt to
// connect to a network failed. C names no enumeration; the names follow the header comments.
type DiagnosticError int32

// Diagnostic error codes.
const (
	ConnectionFailed           DiagnosticError = 1  // generic failure (EAP-TLS: RADIUS unreachable or identity unknown)
	NetworkNotFound            DiagnosticError = 2  // SSID not found
	NoPSKIncluded              DiagnosticError = 3  // password missing
	WrongKey                   DiagnosticError = 4  // wrong password
	AuthenticationFailed       DiagnosticError = 5  // EAP-TLS authentication failed; see CertError
	SecurityTypeMismatch       DiagnosticError = 6  // stored security type differs from the AP's
	NetworkFrequencyNotAllowed DiagnosticError = 7  // frequency not allowed
	NetworkNotEssPbssMbss      DiagnosticError = 8  // no ESS, PBSS or MBSS detected
	NetworkNotSupported        DiagnosticError = 9  // network not supported
	NetworkNonWpa              DiagnosticError = 10 // AP is neither WPA2-PSK, WPA2-EAP nor open
)

// String returns the name of the code, for example "AuthenticationFailed".
func (e DiagnosticError) String() string {
	switch e {
	case 0:
		return "None"
	case ConnectionFailed:
		return "ConnectionFailed"
	case NetworkNotFound:
		return "NetworkNotFound"
	case NoPSKIncluded:
		return "NoPskIncluded"
	case WrongKey:
		return "WrongKey"
	case AuthenticationFailed:
		return "AuthenticationFailed"
	case SecurityTypeMismatch:
		return "SecurityTypeMismatch"
	case NetworkFrequencyNotAllowed:
		return "NetworkFrequencyNotAllowed"
	case NetworkNotEssPbssMbss:
		return "NetworkNotEssPbssMbss"
	case NetworkNotSupported:
		return "NetworkNotSupported"
	case NetworkNonWpa:
		return "NetworkNonWpa"
	}
	return fmt.Sprintf("DiagnosticError(%d)", int32(e))
}

// CertError is the certError field of WifiConfig_NetworkDiagnostics, meaningful only when
// Error is AuthenticationFailed.
type CertError int32

// Certificate error codes.
const (
	CertificateNotFound CertError = 100 // a configured certificate is missing (ReloadConfig? right ID?)
	InvalidRootCA       CertError = 101 // the server's certificate did not verify against the root CA
	InvalidClientAuth   CertError = 102 // the server rejected the client certificate
	UnknownClientID     CertError = 103 // the server rejected the identity (32-bit struct comment only)
)

// String returns the name of the code, for example "InvalidRootCA".
func (e CertError) String() string {
	switch e {
	case 0:
		return "None"
	case CertificateNotFound:
		return "CertificateNotFound"
	case InvalidRootCA:
		return "InvalidRootCA"
	case InvalidClientAuth:
		return "InvalidClientAuth"
	case UnknownClientID:
		return "UnknownClientId"
	}
	return fmt.Sprintf("CertError(%d)", int32(e))
}

// NetworkDiagnostics mirrors WifiConfig_NetworkDiagnostics (the 64-bit time_t layout).
type NetworkDiagnostics struct {
	// IsEnabled and IsConnected are the network's current state, not its stored one.
	IsEnabled   bool
	IsConnected bool
	// Error is why the last connection attempt failed.
	Error DiagnosticError
	// Timestamp is when it failed, on the device's clock, in UTC.
	Timestamp time.Time
	// CertError, CertDepth and CertSubject are meaningful only when Error is
	// AuthenticationFailed. CertDepth is the depth in the peer's chain of the certificate that
	// failed (0 = leaf), or -1 when none applies; CertSubject is that certificate's subject in
	// one-line form (/C=../CN=..).
	CertError   CertError
	CertDepth   int
	CertSubject string
}

// SetterOp returns the Go name of the wificonfig function that sets a, for example "SetSSID"
// for AttrSSID, so backends can name the operation in errors and fault injection.
func (a Attribute) SetterOp() string {
	switch a {
	case AttrSSID:
		return "SetSSID"
	case AttrSecurityType:
		return "SetSecurityType"
	case AttrEnable:
		return "SetNetworkEnabled"
	case AttrSave:
		return "PersistConfig"
	case AttrReload:
		return "ReloadConfig"
	case AttrPresharedKey:
		return "SetPSK"
	case AttrClientIdentity:
		return "SetClientIdentity"
	case AttrClientCertStoreIdentifier:
		return "SetClientCertStoreIdentifier"
	case AttrRootCACertStoreIdentifier:
		return "SetRootCACertStoreIdentifier"
	case AttrTargetedScan:
		return "SetTargetedScanEnabled"
	case AttrConfigName:
		return "SetConfigName"
	}
	return "SetNetworkOpt"
}

// GetterOp returns the Go name of the wificonfig function that reads a, for example
// "GetClientIdentity" for AttrClientIdentity.
func (a Attribute) GetterOp() string {
	switch a {
	case AttrClientIdentity:
		return "GetClientIdentity"
	case AttrClientCertStoreIdentifier:
		return "GetClientCertStoreIdentifier"
	case AttrRootCACertStoreIdentifier:
		return "GetRootCACertStoreIdentifier"
	case AttrNetworkDiagnostics32, AttrNetworkDiagnostics64:
		return "GetNetworkDiagnostics"
	}
	return "GetNetworkOpt"
}
