package wificonfig

import (
	"strconv"
	"sync/atomic"
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// Config is the Wi-Fi configuration of a device, bound to a Backend. Its methods are the Go
// counterparts of the WifiConfig_* functions. A Config is safe for concurrent use if its
// backend is (every backend of this module is), although the C functions are not thread safe.
type Config struct {
	b Backend
}

// New returns a Config that calls b.
func New(b Backend) *Config { return &Config{b: b} }

// Backend returns the backend the Config calls.
func (c *Config) Backend() Backend { return c.b }

var defaultConfig atomic.Pointer[Config]

func init() { defaultConfig.Store(New(platformBackend())) }

// Default returns the Config that the package-level functions use.
func Default() *Config { return defaultConfig.Load() }

// SetDefault makes b the backend of the package-level functions and returns the previous
// one, so that a caller can restore it. The default is process-wide: tests that replace it
// must not run in parallel with other tests that use the package-level functions. Handing a
// Config to the code under test avoids the global.
func SetDefault(b Backend) (previous Backend) {
	return defaultConfig.Swap(New(b)).b
}

func idString(id int) string { return strconv.Itoa(id) }

// AddNetwork mirrors WifiConfig_AddNetwork: it adds an empty network to the running
// configuration and returns its ID, for the Set* calls. The new network has no SSID, security
// type Unknown, and is disabled until SetNetworkEnabled. Like every change of the running
// configuration it is lost on ReloadConfig or reboot unless PersistConfig follows.
//
// Errors: ENOMEM when no further network fits; EACCES without the WifiConfig capability;
// EAGAIN, ENETDOWN when the Wi-Fi subsystem is not ready or unavailable.
func (c *Config) AddNetwork() (int, error) {
	id, err := c.b.AddNetwork()
	if err != nil {
		return -1, apierr.Wrap("AddNetwork", "", err)
	}
	return id, nil
}

// AddDuplicateNetwork mirrors WifiConfig_AddDuplicateNetwork: it copies network id into a new,
// independent network named configName and returns the new ID. The copy is disabled. Root-CA
// rollover uses it: duplicate the network, point the copy at the new root CA, enable it.
//
// Errors: ERANGE when configName is empty or longer than ConfigNameMaxLength; EINVAL for a
// negative id or a configName holding NUL; ENODEV for an unknown id; EEXIST when another
// network is already named configName; ENOMEM; EACCES; EAGAIN; ENETDOWN.
func (c *Config) AddDuplicateNetwork(id int, configName string) (int, error) {
	const op = "AddDuplicateNetwork"
	if err := checkNetworkID(op, id); err != nil {
		return -1, err
	}
	if err := checkConfigName(op, idString(id), configName); err != nil {
		return -1, err
	}
	nid, err := c.b.AddDuplicateNetwork(id, configName)
	if err != nil {
		return -1, apierr.Wrap(op, idString(id), err)
	}
	return nid, nil
}

func (c *Config) set(id int, attr Attribute, value []byte) error {
	op := attr.SetterOp()
	return apierr.Wrap(op, idString(id), c.b.SetNetworkOpt(id, attr, value))
}

func boolByte(v bool) []byte {
	if v {
		return []byte{1}
	}
	return []byte{0}
}

// SetSSID mirrors WifiConfig_SetSSID: it sets the SSID of network id, raw bytes in any
// encoding, 1 to SSIDMaxLength long. The slice is copied.
//
// Errors: EFAULT when ssid is nil; ERANGE when it is empty or longer than SSIDMaxLength;
// EINVAL for a negative id; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetSSID(id int, ssid []byte) error {
	const op = "SetSSID"
	if err := checkNetworkID(op, id); err != nil {
		return err
	}
	if err := checkSSID(op, idString(id), ssid); err != nil {
		return err
	}
	return c.set(id, AttrSSID, append([]byte(nil), ssid...))
}

// SetSecurityType mirrors WifiConfig_SetSecurityType: it sets the security of network id to
// SecurityOpen, SecurityWpa2PSK or SecurityWpa2EAPTLS. EAP-TLS also needs the
// EnterpriseWifiConfig capability.
//
// Errors: EINVAL for another security value or a negative id; ENODEV for an unknown id;
// EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetSecurityType(id int, s Security) error {
	const op = "SetSecurityType"
	if err := checkNetworkID(op, id); err != nil {
		return err
	}
	switch s {
	case SecurityOpen, SecurityWpa2PSK, SecurityWpa2EAPTLS:
	default:
		return apierr.Newf(op, idString(id), syscall.EINVAL, "security type %v is not Open, Wpa2_Psk or Wpa2_EAP_TLS", s)
	}
	return c.set(id, AttrSecurityType, []byte{byte(s)})
}

// SetNetworkEnabled mirrors WifiConfig_SetNetworkEnabled: it enables or disables network id.
// The device connects to enabled networks on its own; enabling one starts an attempt.
//
// Errors: EINVAL for a negative id; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetNetworkEnabled(id int, enabled bool) error {
	if err := checkNetworkID("SetNetworkEnabled", id); err != nil {
		return err
	}
	return c.set(id, AttrEnable, boolByte(enabled))
}

// SetTargetedScanEnabled mirrors WifiConfig_SetTargetedScanEnabled: with targeted scanning
// (off by default) the device probes for the network's SSID by name, which finds hidden
// networks and reveals the SSID to anyone listening.
//
// Errors: EINVAL for a negative id; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetTargetedScanEnabled(id int, enabled bool) error {
	if err := checkNetworkID("SetTargetedScanEnabled", id); err != nil {
		return err
	}
	return c.set(id, AttrTargetedScan, boolByte(enabled))
}

// SetPSK mirrors WifiConfig_SetPSK: it sets the pre-shared key of a WPA2-PSK network, either a
// passphrase of WPA2KeyMinLength to 63 printable ASCII characters or WPA2KeyMaxBufferSize (64)
// hex digits.
//
// Errors: ERANGE when psk is longer than WPA2KeyMaxBufferSize or shorter than
// WPA2KeyMinLength (the header documents only the upper bound; the lower one is the device's
// PskTooShort rule, reported here as ERANGE too); EINVAL when a 64-byte key is not hex, a
// passphrase has a character outside printable ASCII, or id is negative; ENODEV for an unknown
// id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetPSK(id int, psk string) error {
	const op = "SetPSK"
	if err := checkNetworkID(op, id); err != nil {
		return err
	}
	if err := checkPSK(op, idString(id), psk); err != nil {
		return err
	}
	return c.set(id, AttrPresharedKey, []byte(psk))
}

// SetClientIdentity mirrors WifiConfig_SetClientIdentity: it sets the EAP identity of an
// EAP-TLS network, at most EAPIdentityMaxLength bytes. Needs EnterpriseWifiConfig.
//
// Errors: ERANGE when identity is too long; EINVAL when it holds NUL or id is negative;
// ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetClientIdentity(id int, identity string) error {
	const op = "SetClientIdentity"
	if err := checkNetworkID(op, id); err != nil {
		return err
	}
	if err := checkString(op, idString(id), "identity", identity, 0, EAPIdentityMaxLength); err != nil {
		return err
	}
	return c.set(id, AttrClientIdentity, []byte(identity))
}

// GetClientIdentity mirrors WifiConfig_GetClientIdentity: the EAP identity of network id, ""
// when none is set. Needs EnterpriseWifiConfig.
//
// Errors: EINVAL for a negative id; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) GetClientIdentity(id int) (string, error) {
	return c.get(id, AttrClientIdentity)
}

func (c *Config) get(id int, attr Attribute) (string, error) {
	op := attr.GetterOp()
	if err := checkNetworkID(op, id); err != nil {
		return "", err
	}
	v, err := c.b.NetworkOpt(id, attr)
	if err != nil {
		return "", apierr.Wrap(op, idString(id), err)
	}
	return string(v), nil
}

// SetClientCertStoreIdentifier mirrors WifiConfig_SetClientCertStoreIdentifier: it names the
// client certificate (in the certificate store) that EAP-TLS network id presents. The Wi-Fi
// subsystem reads the certificate when the configuration is loaded (ReloadConfig, reboot) or
// the network is enabled, not on every connection. Needs EnterpriseWifiConfig.
//
// Errors: ERANGE when the identifier is longer than certstore.MaxIdentifierLength; EINVAL when
// it is empty or has a character outside [A-Za-z0-9._-], or id is negative; ENODEV for an
// unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetClientCertStoreIdentifier(id int, certID string) error {
	const op = "SetClientCertStoreIdentifier"
	if err := checkNetworkID(op, id); err != nil {
		return err
	}
	if err := checkCertID(op, idString(id), certID); err != nil {
		return err
	}
	return c.set(id, AttrClientCertStoreIdentifier, []byte(certID))
}

// GetClientCertStoreIdentifier mirrors WifiConfig_GetClientCertStoreIdentifier: the client
// certificate identifier of network id, "" when none is set. Needs EnterpriseWifiConfig.
//
// Errors: EINVAL for a negative id; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) GetClientCertStoreIdentifier(id int) (string, error) {
	return c.get(id, AttrClientCertStoreIdentifier)
}

// SetRootCACertStoreIdentifier mirrors WifiConfig_SetRootCACertStoreIdentifier: it names the
// root CA certificate that authenticates the network's RADIUS server. A network without one
// does not authenticate the server at all. Loaded like the client certificate (see
// SetClientCertStoreIdentifier). Needs EnterpriseWifiConfig.
//
// Errors as for SetClientCertStoreIdentifier.
func (c *Config) SetRootCACertStoreIdentifier(id int, certID string) error {
	const op = "SetRootCACertStoreIdentifier"
	if err := checkNetworkID(op, id); err != nil {
		return err
	}
	if err := checkCertID(op, idString(id), certID); err != nil {
		return err
	}
	return c.set(id, AttrRootCACertStoreIdentifier, []byte(certID))
}

// GetRootCACertStoreIdentifier mirrors WifiConfig_GetRootCACertStoreIdentifier: the root CA
// identifier of network id, "" when none is set. Needs EnterpriseWifiConfig.
//
// Errors: EINVAL for a negative id; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) GetRootCACertStoreIdentifier(id int) (string, error) {
	return c.get(id, AttrRootCACertStoreIdentifier)
}

// SetConfigName mirrors WifiConfig_SetConfigName: it gives network id a name, 1 to
// ConfigNameMaxLength bytes, by which GetNetworkIDByConfigName finds it even after its ID
// changed. Names should be unique; like the header, this call does not enforce it.
//
// Errors: ERANGE when the name is empty or too long; EINVAL when it holds NUL or id is
// negative; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetConfigName(id int, name string) error {
	const op = "SetConfigName"
	if err := checkNetworkID(op, id); err != nil {
		return err
	}
	if err := checkConfigName(op, idString(id), name); err != nil {
		return err
	}
	return c.set(id, AttrConfigName, []byte(name))
}

// GetNetworkIDByConfigName mirrors WifiConfig_GetNetworkIdByConfigName: the current ID of
// the network named name. IDs change when networks are added or removed and after reboot, so
// look the ID up again before each change. When several networks share a name the result is
// one of them (undefined in C).
//
// Errors: ENODEV when no network has that name; ERANGE when the name is empty or too long;
// EINVAL when it holds NUL; EACCES; EAGAIN; ENETDOWN.
func (c *Config) GetNetworkIDByConfigName(name string) (int, error) {
	const op = "GetNetworkIDByConfigName"
	if err := checkConfigName(op, name, name); err != nil {
		return -1, err
	}
	id, err := c.b.NetworkIDByConfigName(name)
	if err != nil {
		return -1, apierr.Wrap(op, name, err)
	}
	return id, nil
}

// PersistConfig mirrors WifiConfig_PersistConfig: it writes the running configuration of every
// network to nonvolatile storage, where ReloadConfig and reboot read it.
//
// Errors: ENOSPC when there are too many networks to persist; EINVAL when a network has no
// SSID (the header says persisting then fails without naming the errno); EACCES; EAGAIN;
// ENETDOWN.
func (c *Config) PersistConfig() error {
	return apierr.Wrap("PersistConfig", "", c.b.PersistConfig())
}

// ReloadConfig mirrors WifiConfig_ReloadConfig: it replaces the running configuration with the
// stored one, discarding unsaved changes, drops every connection, reloads the certificates the
// networks name from the certificate store, and starts connecting again. Call it after
// installing or moving a certificate an EAP-TLS network uses.
//
// Errors: EACCES; EAGAIN; ENETDOWN.
func (c *Config) ReloadConfig() error {
	return apierr.Wrap("ReloadConfig", "", c.b.ReloadConfig())
}

// ForgetNetworkByID mirrors WifiConfig_ForgetNetworkById: it removes network id from the
// running configuration and disconnects from it. Not persistent until PersistConfig. The IDs
// of other networks may change.
//
// Errors: EINVAL for a negative id; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) ForgetNetworkByID(id int) error {
	const op = "ForgetNetworkByID"
	if err := checkNetworkID(op, id); err != nil {
		return err
	}
	return apierr.Wrap(op, idString(id), c.b.ForgetNetworkByID(id))
}

// ForgetAllNetworks mirrors WifiConfig_ForgetAllNetworks: it removes every network and
// disconnects. Unlike ForgetNetworkByID the change is persisted at once.
//
// Errors: EACCES; EAGAIN; ENETDOWN.
func (c *Config) ForgetAllNetworks() error {
	return apierr.Wrap("ForgetAllNetworks", "", c.b.ForgetAllNetworks())
}

// GetStoredNetworkCount mirrors WifiConfig_GetStoredNetworkCount: the number of configured
// networks. Errors: EACCES; EAGAIN; ENETDOWN.
func (c *Config) GetStoredNetworkCount() (int, error) {
	n, err := c.b.StoredNetworkCount()
	if err != nil {
		return 0, apierr.Wrap("GetStoredNetworkCount", "", err)
	}
	return n, nil
}

// GetStoredNetworks mirrors WifiConfig_GetStoredNetworks: every configured network, in ID
// order (the network at index i has ID i until the list changes). Unlike the C function it
// needs no array: it returns all of them, and an empty slice when there are none.
//
// Errors: EACCES; EAGAIN.
func (c *Config) GetStoredNetworks() ([]StoredNetwork, error) {
	ns, err := c.b.StoredNetworks()
	if err != nil {
		return nil, apierr.Wrap("GetStoredNetworks", "", err)
	}
	if ns == nil {
		ns = []StoredNetwork{}
	}
	return ns, nil
}

// GetCurrentNetwork mirrors WifiConfig_GetCurrentNetwork: the BSS the device is connected to.
//
// Errors: ENODATA when the device is not connected; EACCES; EAGAIN; ENETDOWN.
func (c *Config) GetCurrentNetwork() (ConnectedNetwork, error) {
	n, err := c.b.CurrentNetwork()
	if err != nil {
		return ConnectedNetwork{}, apierr.Wrap("GetCurrentNetwork", "", err)
	}
	return n, nil
}

// GetConnectedNetworkID mirrors WifiConfig_GetConnectedNetworkId: the ID of the network the
// device is connected to.
//
// Errors: ENOTCONN when the device is not connected; EACCES; EAGAIN; ENETDOWN.
func (c *Config) GetConnectedNetworkID() (int, error) {
	id, err := c.b.ConnectedNetworkID()
	if err != nil {
		return -1, apierr.Wrap("GetConnectedNetworkID", "", err)
	}
	return id, nil
}

// TriggerScanAndGetScannedNetworkCount mirrors WifiConfig_TriggerScanAndGetScannedNetworkCount:
// it scans for access points, blocking until the scan ends, and returns the number of BSSs
// found. GetScannedNetworks returns them.
//
// Errors: EACCES; EAGAIN; ENETDOWN.
func (c *Config) TriggerScanAndGetScannedNetworkCount() (int, error) {
	n, err := c.b.TriggerScan()
	if err != nil {
		return 0, apierr.Wrap("TriggerScanAndGetScannedNetworkCount", "", err)
	}
	return n, nil
}

// GetScannedNetworks mirrors WifiConfig_GetScannedNetworks: every BSS the last scan found, one
// element per BSS (an SSID served by several access points appears once per access point). It
// returns an empty slice when there are none.
//
// Errors: EACCES; EAGAIN.
func (c *Config) GetScannedNetworks() ([]ScannedNetwork, error) {
	ns, err := c.b.ScannedNetworks()
	if err != nil {
		return nil, apierr.Wrap("GetScannedNetworks", "", err)
	}
	if ns == nil {
		ns = []ScannedNetwork{}
	}
	return ns, nil
}

// GetNetworkDiagnostics mirrors WifiConfig_GetNetworkDiagnostics: why the last attempt to
// connect to network id failed, when, and the network's current enabled and connected state.
// A network that has never failed has no diagnostics.
//
// Errors: ENODEV when the network does not exist or has no failure recorded; EINVAL for a
// negative id; EACCES; EAGAIN.
func (c *Config) GetNetworkDiagnostics(id int) (NetworkDiagnostics, error) {
	const op = "GetNetworkDiagnostics"
	if err := checkNetworkID(op, id); err != nil {
		return NetworkDiagnostics{}, err
	}
	d, err := c.b.NetworkDiagnostics(id)
	if err != nil {
		return NetworkDiagnostics{}, apierr.Wrap(op, idString(id), err)
	}
	return d, nil
}

// SetPowerSavingsEnabled mirrors WifiConfig_SetPowerSavingsEnabled: it switches Wi-Fi power
// savings on or off. Its errnos and whether the setting persists are not documented.
//
// Errors: EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetPowerSavingsEnabled(enabled bool) error {
	return apierr.Wrap("SetPowerSavingsEnabled", "", c.b.SetPowerSavingsEnabled(enabled))
}

// StoreOpenNetwork mirrors WifiConfig_StoreOpenNetwork: it adds an enabled open network with
// the given SSID.
//
// Deprecated: use AddNetwork, SetSSID, SetSecurityType, SetNetworkEnabled and PersistConfig,
// as WifiConfig_StoreOpenNetwork is deprecated by WifiConfig_AddNetwork.
//
// Errors: EFAULT when ssid is nil; ERANGE when it is empty or too long; EEXIST when an open
// network with that SSID exists; ENOSPC; EACCES; EAGAIN; ENETDOWN.
func (c *Config) StoreOpenNetwork(ssid []byte) error {
	const op = "StoreOpenNetwork"
	if err := checkSSID(op, "", ssid); err != nil {
		return err
	}
	return apierr.Wrap(op, string(ssid), c.b.StoreOpenNetwork(append([]byte(nil), ssid...)))
}

// StoreWpa2Network mirrors WifiConfig_StoreWpa2Network: it adds an enabled WPA2-PSK network.
//
// Deprecated: use AddNetwork and the Set* functions, as WifiConfig_StoreWpa2Network is
// deprecated by WifiConfig_AddNetwork.
//
// Errors: EFAULT when ssid is nil; ERANGE when it is empty or too long or psk is out of range
// (see SetPSK); EINVAL for a malformed psk; EEXIST when a WPA2-PSK network with that SSID
// exists; ENOSPC; EACCES; EAGAIN; ENETDOWN.
func (c *Config) StoreWpa2Network(ssid []byte, psk string) error {
	const op = "StoreWpa2Network"
	if err := checkSSID(op, "", ssid); err != nil {
		return err
	}
	if err := checkPSK(op, string(ssid), psk); err != nil {
		return err
	}
	return apierr.Wrap(op, string(ssid), c.b.StoreWpa2Network(append([]byte(nil), ssid...), []byte(psk)))
}

// ForgetNetwork mirrors WifiConfig_ForgetNetwork: it removes the network that n, an element of
// GetStoredNetworks, describes (matched by SSID and security type).
//
// Deprecated: use ForgetNetworkByID, as WifiConfig_ForgetNetwork is deprecated by
// WifiConfig_ForgetNetworkById.
//
// Errors: ENOENT when no network matches; EFAULT when n.SSID is nil; ENOSPC; EACCES; EAGAIN;
// ENETDOWN.
func (c *Config) ForgetNetwork(n StoredNetwork) error {
	const op = "ForgetNetwork"
	if n.SSID == nil {
		return apierr.New(op, "", syscall.EFAULT, "network has no SSID")
	}
	n.SSID = append([]byte(nil), n.SSID...)
	return apierr.Wrap(op, string(n.SSID), c.b.ForgetNetwork(n))
}
