package wificonfig

// Backend is the seam between a Config and a Wi-Fi implementation: the device (through
// libapplibs), the simulated device, or a wpa_supplicant controller. It has one method per
// operation of the device's Wi-Fi subsystem; the deprecated C functions (StoreOpenNetwork,
// StoreWPA2Network, ForgetNetwork) and GetStoredNetworkCount are made by the Config from
// these.
//
// A Config checks every argument before it calls the backend: network IDs are non-negative,
// SSIDs 1 to SSIDMaxLength bytes, PSKs 8 to WPA2KeyMaxBufferSize bytes (64 only as hex
// digits, passphrases printable ASCII), identities at most EAPIdentityMaxLength bytes
// without NUL, config names 1 to ConfigNameMaxLength bytes without NUL, certificate
// identifiers valid by the certstore rules, security types one of SecurityOpen,
// SecurityWPA2PSK, SecurityWPA2EAPTLS. A backend checks what depends on its state:
// capabilities (EACCES; the EAP-TLS settings and SecurityWPA2EAPTLS also need
// EnterpriseWifiConfig), network existence (ENODEV), readiness (EAGAIN, ENETDOWN), resources
// (ENOMEM, ENOSPC), and reports failures as a syscall.Errno or an error carrying one
// (*Error for instance). Implementations must be safe for concurrent use, must never return
// a PSK, and must leave their state unchanged when a call fails.
//
// Every method that takes or returns a network ID uses the backend's current IDs, which
// change when networks are added or removed and after ReloadConfig or a reboot. Set* calls
// change the running configuration only.
type Backend interface {
	// AddNetwork adds an empty network (no SSID, security Unknown, disabled) to the running
	// configuration and returns its ID. ENOMEM when no further network fits.
	AddNetwork() (int, error)
	// AddDuplicateNetwork copies network id to a new, disabled network named configName and
	// returns the new ID. ENODEV for an unknown id, EEXIST when another network already has
	// configName, ENOMEM when no further network fits.
	AddDuplicateNetwork(id int, configName string) (int, error)

	// SetSSID sets the SSID of network id.
	SetSSID(id int, ssid []byte) error
	// SetSecurityType sets the security type of network id.
	SetSecurityType(id int, s Security) error
	// SetNetworkEnabled enables or disables network id. Enabling loads the network's
	// certificates from the store and lets the device connect to it.
	SetNetworkEnabled(id int, enabled bool) error
	// SetTargetedScanEnabled switches targeted scanning of network id.
	SetTargetedScanEnabled(id int, enabled bool) error
	// SetPSK sets the pre-shared key of network id. The backend must not keep psk's array.
	SetPSK(id int, psk []byte) error
	// SetClientIdentity sets the EAP identity of network id.
	SetClientIdentity(id int, identity string) error
	// SetClientCertStoreIdentifier names the client certificate of network id.
	SetClientCertStoreIdentifier(id int, certID string) error
	// SetRootCACertStoreIdentifier names the root CA of network id.
	SetRootCACertStoreIdentifier(id int, certID string) error
	// SetConfigName names network id.
	SetConfigName(id int, name string) error

	// ClientIdentity returns the EAP identity of network id, "" when none is set.
	ClientIdentity(id int) (string, error)
	// ClientCertStoreIdentifier returns the client certificate identifier of network id.
	ClientCertStoreIdentifier(id int) (string, error)
	// RootCACertStoreIdentifier returns the root CA identifier of network id.
	RootCACertStoreIdentifier(id int) (string, error)
	// NetworkIDByConfigName returns the ID of the network named name; ENODEV when none is.
	NetworkIDByConfigName(name string) (int, error)

	// PersistConfig writes the running configuration to nonvolatile storage. ENOSPC when it
	// holds too many networks, EINVAL when a network has no SSID.
	PersistConfig() error
	// ReloadConfig replaces the running configuration with the stored one, dropping unsaved
	// changes and every connection, reloads the certificates the networks name, and starts
	// connecting again.
	ReloadConfig() error
	// ForgetNetworkByID removes network id from the running configuration, disconnecting it.
	ForgetNetworkByID(id int) error
	// ForgetAllNetworks removes every network from the running and the stored configuration.
	ForgetAllNetworks() error

	// StoredNetworks returns every network of the running configuration in ID order.
	StoredNetworks() ([]StoredNetwork, error)
	// CurrentNetwork describes the BSS the device is connected to; ENODATA when none.
	CurrentNetwork() (ConnectedNetwork, error)
	// ConnectedNetworkID returns the ID of the connected network; ENOTCONN when none.
	ConnectedNetworkID() (int, error)
	// TriggerScan scans (blocking) and returns the number of BSSs found.
	TriggerScan() (int, error)
	// ScannedNetworks returns every BSS found by the last scan.
	ScannedNetworks() ([]ScannedNetwork, error)
	// NetworkDiagnostics returns the last failure of network id and its current state;
	// ENODEV when the network does not exist or has no failure recorded.
	NetworkDiagnostics(id int) (NetworkDiagnostics, error)
	// SetPowerSavingsEnabled switches Wi-Fi power savings on or off.
	SetPowerSavingsEnabled(enabled bool) error
}
