package wificonfig

import (
	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/internal/wifitypes"
)

// Limits, with the values of the C macros they mirror.
const (
	// SSIDMaxLength is WIFICONFIG_SSID_MAX_LENGTH: the longest SSID in bytes.
	SSIDMaxLength = wifitypes.SSIDMaxLength
	// WPA2KeyMaxBufferSize is WIFICONFIG_WPA2_KEY_MAX_BUFFER_SIZE: the longest PSK in bytes (a
	// 64-digit hex key; a passphrase is 8 to 63 characters).
	WPA2KeyMaxBufferSize = wifitypes.WPA2KeyMaxBufferSize
	// WPA2KeyMinLength is the shortest WPA2 passphrase (the device's PskTooShort rule).
	WPA2KeyMinLength = 8
	// BSSIDBufferSize is WIFICONFIG_BSSID_BUFFER_SIZE: the length of a BSSID.
	BSSIDBufferSize = wifitypes.BSSIDBufferSize
	// ConfigNameMaxLength is WIFICONFIG_CONFIG_NAME_MAX_LENGTH: the longest config name.
	ConfigNameMaxLength = wifitypes.ConfigNameMaxLength
	// EAPIdentityMaxLength is WIFICONFIG_EAP_IDENTITY_MAX_LENGTH: the longest EAP identity.
	EAPIdentityMaxLength = wifitypes.EAPIdentityMaxLength
	// StructsVersion is WIFICONFIG_STRUCTS_VERSION, the only struct version there is.
	StructsVersion = wifitypes.StructsVersion
)

// Error is the error type of every failed call: the operation, the network ID or config name,
// and the errno the device sets. It unwraps to that syscall.Errno.
type Error = apierr.Error

// Security mirrors WifiConfig_Security_Type: the security of a network.
type Security = wifitypes.Security

// Security types, with the values of the WifiConfig_Security enumerators.
const (
	// SecurityUnknown is WifiConfig_Security_Unknown.
	SecurityUnknown = wifitypes.SecurityUnknown
	// SecurityOpen is WifiConfig_Security_Open.
	SecurityOpen = wifitypes.SecurityOpen
	// SecurityWpa2PSK is WifiConfig_Security_Wpa2_Psk.
	SecurityWpa2PSK = wifitypes.SecurityWpa2PSK
	// SecurityWpa2EAPTLS is WifiConfig_Security_Wpa2_EAP_TLS.
	SecurityWpa2EAPTLS = wifitypes.SecurityWpa2EAPTLS
)

// Attribute mirrors z__WifiConfig_Attribute: the network setting that Backend.SetNetworkOpt
// and Backend.NetworkOpt address. Applications do not need it; backends do.
type Attribute = wifitypes.Attribute

// Attributes, with the values of the z__WifiConfig_Attribute_* enumerators.
const (
	AttrSSID                      = wifitypes.AttrSSID                      // z__WifiConfig_Attribute_SSID
	AttrSecurityType              = wifitypes.AttrSecurityType              // z__WifiConfig_Attribute_Security_Type
	AttrEnable                    = wifitypes.AttrEnable                    // z__WifiConfig_Attribute_Enable
	AttrSave                      = wifitypes.AttrSave                      // z__WifiConfig_Attribute_Save
	AttrReload                    = wifitypes.AttrReload                    // z__WifiConfig_Attribute_Reload
	AttrPresharedKey              = wifitypes.AttrPresharedKey              // z__WifiConfig_Attribute_Preshared_Key
	AttrClientIdentity            = wifitypes.AttrClientIdentity            // z__WifiConfig_Attribute_Client_Identity
	AttrClientCertStoreIdentifier = wifitypes.AttrClientCertStoreIdentifier // z__WifiConfig_Attribute_Client_CertStore_Identifier
	AttrRootCACertStoreIdentifier = wifitypes.AttrRootCACertStoreIdentifier // z__WifiConfig_Attribute_RootCA_CertStore_Identifier
	AttrTargetedScan              = wifitypes.AttrTargetedScan              // z__WifiConfig_Attribute_Targeted_Scan
	AttrConfigName                = wifitypes.AttrConfigName                // z__WifiConfig_Attribute_Config_Name
	AttrNetworkDiagnostics32      = wifitypes.AttrNetworkDiagnostics32      // z__WifiConfig_Attribute_Network_Diagnostics32
	AttrNetworkDiagnostics64      = wifitypes.AttrNetworkDiagnostics64      // z__WifiConfig_Attribute_Network_Diagnostics64
)

// BSSID is the MAC address of an access point: the bssid field of WifiConfig_ConnectedNetwork
// and WifiConfig_ScannedNetwork.
type BSSID = wifitypes.BSSID

// StoredNetwork mirrors WifiConfig_StoredNetwork: a configured network as
// WifiConfig_GetStoredNetworks reports it. SSID has its real length, never padded.
type StoredNetwork = wifitypes.StoredNetwork

// ConnectedNetwork mirrors WifiConfig_ConnectedNetwork: the BSS the device is connected to.
type ConnectedNetwork = wifitypes.ConnectedNetwork

// ScannedNetwork mirrors WifiConfig_ScannedNetwork: one BSS found by the last scan.
type ScannedNetwork = wifitypes.ScannedNetwork

// NetworkDiagnostics mirrors WifiConfig_NetworkDiagnostics: the last failed connection attempt
// of a network and the network's current state.
type NetworkDiagnostics = wifitypes.NetworkDiagnostics

// DiagnosticError is the error field of WifiConfig_NetworkDiagnostics.
type DiagnosticError = wifitypes.DiagnosticError

// Diagnostic error codes (WifiConfig_NetworkDiagnostics.error), named after the header
// comments.
const (
	ConnectionFailed           = wifitypes.ConnectionFailed           // 1
	NetworkNotFound            = wifitypes.NetworkNotFound            // 2
	NoPSKIncluded              = wifitypes.NoPSKIncluded              // 3
	WrongKey                   = wifitypes.WrongKey                   // 4
	AuthenticationFailed       = wifitypes.AuthenticationFailed       // 5
	SecurityTypeMismatch       = wifitypes.SecurityTypeMismatch       // 6
	NetworkFrequencyNotAllowed = wifitypes.NetworkFrequencyNotAllowed // 7
	NetworkNotEssPbssMbss      = wifitypes.NetworkNotEssPbssMbss      // 8
	NetworkNotSupported        = wifitypes.NetworkNotSupported        // 9
	NetworkNonWpa              = wifitypes.NetworkNonWpa              // 10
)

// CertError is the certError field of WifiConfig_NetworkDiagnostics.
type CertError = wifitypes.CertError

// Certificate error codes (WifiConfig_NetworkDiagnostics.certError), meaningful only with
// AuthenticationFailed.
const (
	CertificateNotFound = wifitypes.CertificateNotFound // 100
	InvalidRootCA       = wifitypes.InvalidRootCA       // 101
	InvalidClientAuth   = wifitypes.InvalidClientAuth   // 102
	UnknownClientID     = wifitypes.UnknownClientID     // 103
)
