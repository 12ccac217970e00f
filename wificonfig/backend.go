package wificonfig

// Backend is the seam between a Config and a Wi-Fi implementation: the device (through
// libapplibs), the simulated device, or a wpa_supplicant controller. Its methods follow the
// functions libapplibs exports rather than the static inline wrappers of wificonfig.h: one
// setter and one getter per network attribute (z__WifiConfig_SetNetworkOpt,
// z__WifiConfig_GetNetworkOpt), plus one method per other exported function.
//
// A Config checks every argument before it calls the backend: network IDs are non-negative,
// SSIDs 1 to SSIDMaxLength bytes, PSKs 8 to WPA2KeyMaxBufferSize bytes (64 only as hex
// digits), identities at most EAPIdentityMaxLength bytes without NUL, config names 1 to
// ConfigNameMaxLength bytes without NUL, certificate identifiers valid by the certstore
// rules, security types one of Open, Wpa2PSK, Wpa2EAPTLS. A backend checks what depends on its
// state: capabilities (EACCES), network existence (ENODEV), readiness (EAGAIN, ENETDOWN),
// resources (ENOMEM, ENOSPC), and reports failures as a syscall.Errno or an *Error carrying
// one. Implementations must be safe for concurrent use and must never return a PSK.
//
// Every method that takes or returns a network ID uses the backend's current IDs, which may
// change when networks are added or removed and after ReloadConfig or a reboot.
//
// A backend implemented outside this package (internal/device, to avoid an import cycle)
// names the types through package internal/wifitypes; the names here are aliases of those.
type Backend interface {
	// AddNetwork adds an empty network (no SSID, security Unknown, disabled) to the running
	// configuration and returns its ID. ENOMEM when no further network fits.
	AddNetwork() (int, error)
	// AddDuplicateNetwork copies network id to a new, disabled network named configName and
	// returns the new ID. ENODEV for an unknown id, EEXIST when another network already has
	// configName, ENOMEM when no further network fits.
	AddDuplicateNetwork(id int, configName string) (int, error)
	// SetNetworkOpt sets one attribute of network id in the running configuration
	// (z__WifiConfig_SetNetworkOpt). value is encoded as the C wrappers pass it, without a
	// terminating NUL: AttrSSID the SSID bytes; AttrSecurityType one byte (a Security);
	// AttrEnable and AttrTargetedScan one byte, 0 or 1; AttrPresharedKey the key bytes;
	// AttrClientIdentity, AttrClientCertStoreIdentifier, AttrRootCACertStoreIdentifier and
	// AttrConfigName the string's bytes. Other attributes give EINVAL. Enterprise attributes
	// and AttrSecurityType with SecurityWpa2EAPTLS need the EnterpriseWifiConfig capability.
	SetNetworkOpt(id int, attr Attribute, value []byte) error
	// NetworkOpt returns one attribute of network id (z__WifiConfig_GetNetworkOpt), encoded as
	// for SetNetworkOpt. Backends support at least AttrClientIdentity,
	// AttrClientCertStoreIdentifier and AttrRootCACertStoreIdentifier (empty when unset);
	// others may give EINVAL. AttrPresharedKey always gives EINVAL.
	NetworkOpt(id int, attr Attribute) ([]byte, error)
	// PersistConfig writes the running configuration to nonvolatile storage.
	PersistConfig() error
	// ReloadConfig replaces the running configuration with the stored one, dropping unsaved
	// changes and every connection, reloads the certificates the networks name, and starts
	// connecting again.
	ReloadConfig() error
	// NetworkIDByConfigName returns the ID of the network named name; ENODEV when none is.
	NetworkIDByConfigName(name string) (int, error)
	// ForgetNetworkByID removes network id from the running configuration, disconnecting it.
	ForgetNetworkByID(id int) error
	// ForgetAllNetworks removes every network from the running and the stored configuration.
	ForgetAllNetworks() error
	// StoredNetworkCount returns the number of networks in the running configuration.
	StoredNetworkCount() (int, error)
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
	// NetworkDiagnostics returns the last failure of network id and its current state; ENODEV
	// when the network does not exist or has no failure recorded.
	NetworkDiagnostics(id int) (NetworkDiagnostics, error)
	// SetPowerSavingsEnabled switches Wi-Fi power savings on or off.
	SetPowerSavingsEnabled(enabled bool) error
	// StoreOpenNetwork stores an open network (deprecated C API); EEXIST when an open network
	// with that SSID exists.
	StoreOpenNetwork(ssid []byte) error
	// StoreWpa2Network stores a WPA2-PSK network (deprecated C API); EEXIST when a WPA2-PSK
	// network with that SSID exists.
	StoreWpa2Network(ssid, psk []byte) error
	// ForgetNetwork removes the network that n (from StoredNetworks) describes (deprecated C
	// API); ENOENT when none matches its SSID and security type.
	ForgetNetwork(n StoredNetwork) error
}
