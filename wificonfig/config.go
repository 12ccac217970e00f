package wificonfig

import (
	"sync/atomic"
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// Config is the Wi-Fi configuration of a device, bound to a Backend. Its methods are the Go
// counterparts of the WifiConfig_* functions. A Config is safe for concurrent use if its
// backend is (every backend of this module is), although the C functions are not thread
// safe.
//
// A Config without a backend (New(nil), or the default of a build without the device) fails
// every call with an error wrapping errors.ErrUnsupported that says how to get a backend; a
// nil *Config fails every call with EFAULT.
type Config struct {
	b Backend
}

// New returns a Config that calls b. A nil b makes a Config whose calls fail with an error
// wrapping errors.ErrUnsupported.
func New(b Backend) *Config { return &Config{b: b} }

// Backend returns the backend the Config calls, nil for none.
func (c *Config) Backend() Backend {
	if c == nil {
		return nil
	}
	return c.b
}

// backend returns the backend for a call of op, or the error of a Config without one.
func (c *Config) backend(op string, id int) (Backend, error) {
	if c == nil {
		return nil, errorf(op, id, syscall.EFAULT, "the *wificonfig.Config is nil; make one with wificonfig.New or use wificonfig.Default")
	}
	if c.b == nil {
		return nil, wrap(op, id, "", apierr.Unsupported("wificonfig", op))
	}
	return c.b, nil
}

var defaultConfig atomic.Pointer[Config]

func init() { defaultConfig.Store(New(platformBackend())) }

// Default returns the Config that the package-level functions use.
func Default() *Config { return defaultConfig.Load() }

// SetDefault makes b the backend of the package-level functions and returns the previous
// one, so that a caller can restore it. A nil b makes them fail with an error wrapping
// errors.ErrUnsupported. The default is process-wide: tests that replace it must not run in
// parallel with other tests that use the package-level functions. Handing a Config to the
// code under test avoids the global.
func SetDefault(b Backend) (previous Backend) {
	return defaultConfig.Swap(New(b)).b
}

// AddNetwork mirrors WifiConfig_AddNetwork: it adds an empty network to the running
// configuration and returns its ID, for the Set* calls. The new network has no SSID, security
// type Unknown, and is disabled until SetNetworkEnabled. Like every change of the running
// configuration it is lost on [Config.ReloadConfig] or reboot unless
// [Config.PersistConfig] follows.
//
// Errors: ENOMEM when no further network fits; EACCES without the WifiConfig capability;
// EAGAIN, ENETDOWN when the Wi-Fi subsystem is not ready or unavailable.
func (c *Config) AddNetwork() (int, error) {
	const op = "AddNetwork"
	b, err := c.backend(op, noNetwork)
	if err != nil {
		return -1, err
	}
	id, err := b.AddNetwork()
	if err != nil {
		return -1, wrap(op, noNetwork, "", err)
	}
	return id, nil
}

// AddDuplicateNetwork mirrors WifiConfig_AddDuplicateNetwork: it copies network id into a
// new, independent network named configName and returns the new ID. The copy is disabled.
// Root-CA rollover uses it: duplicate the network, point the copy at the new root CA, enable
// it.
//
// Errors: ERANGE when configName is empty or longer than [ConfigNameMaxLength]; EINVAL for a
// negative id or a configName holding NUL; ENODEV for an unknown id; EEXIST when another
// network is already named configName; ENOMEM; EACCES; EAGAIN; ENETDOWN.
func (c *Config) AddDuplicateNetwork(id int, configName string) (int, error) {
	const op = "AddDuplicateNetwork"
	if err := checkNetworkID(op, id); err != nil {
		return -1, err
	}
	if err := checkConfigName(op, id, configName); err != nil {
		return -1, err
	}
	b, err := c.backend(op, id)
	if err != nil {
		return -1, err
	}
	nid, err := b.AddDuplicateNetwork(id, configName)
	if err != nil {
		return -1, wrap(op, id, configName, err)
	}
	return nid, nil
}

// set runs the checks of a Set* call on network id and then the backend call.
func (c *Config) set(op string, id int, check func() error, call func(Backend) error) error {
	if err := checkNetworkID(op, id); err != nil {
		return err
	}
	if check != nil {
		if err := check(); err != nil {
			return err
		}
	}
	b, err := c.backend(op, id)
	if err != nil {
		return err
	}
	return wrap(op, id, "", call(b))
}

// SetSSID mirrors WifiConfig_SetSSID: it sets the SSID of network id, raw bytes in any
// encoding, 1 to [SSIDMaxLength] long. The slice is copied.
//
// Errors: EFAULT when ssid is nil; ERANGE when it is empty or longer than SSIDMaxLength;
// EINVAL for a negative id; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetSSID(id int, ssid []byte) error {
	const op = "SetSSID"
	return c.set(op, id, func() error { return checkSSID(op, id, ssid) },
		func(b Backend) error { return b.SetSSID(id, append([]byte(nil), ssid...)) })
}

// SetSecurityType mirrors WifiConfig_SetSecurityType: it sets the security of network id to
// [SecurityOpen], [SecurityWPA2PSK] or [SecurityWPA2EAPTLS]. EAP-TLS also needs the
// EnterpriseWifiConfig capability.
//
// Errors: EINVAL for another security value or a negative id; ENODEV for an unknown id;
// EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetSecurityType(id int, s Security) error {
	const op = "SetSecurityType"
	return c.set(op, id, func() error {
		switch s {
		case SecurityOpen, SecurityWPA2PSK, SecurityWPA2EAPTLS:
			return nil
		}
		return errorf(op, id, syscall.EINVAL, "security type %v is not Open, Wpa2_Psk or Wpa2_EAP_TLS", s)
	}, func(b Backend) error { return b.SetSecurityType(id, s) })
}

// SetNetworkEnabled mirrors WifiConfig_SetNetworkEnabled: it enables or disables network id.
// The device connects to enabled networks on its own; enabling one starts an attempt and
// loads the certificates it names from the store.
//
// Errors: EINVAL for a negative id; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetNetworkEnabled(id int, enabled bool) error {
	return c.set("SetNetworkEnabled", id, nil, func(b Backend) error { return b.SetNetworkEnabled(id, enabled) })
}

// SetTargetedScanEnabled mirrors WifiConfig_SetTargetedScanEnabled: with targeted scanning
// (off by default) the device probes for the network's SSID by name, which finds hidden
// networks and reveals the SSID to anyone listening.
//
// Errors: EINVAL for a negative id; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetTargetedScanEnabled(id int, enabled bool) error {
	return c.set("SetTargetedScanEnabled", id, nil, func(b Backend) error { return b.SetTargetedScanEnabled(id, enabled) })
}

// SetPSK mirrors WifiConfig_SetPSK: it sets the pre-shared key of a WPA2-PSK network, either
// a passphrase of [WPA2KeyMinLength] to 63 printable ASCII characters or
// [WPA2KeyMaxBufferSize] (64) hex digits. Errors never quote the key.
//
// Errors: ERANGE when psk is longer than WPA2KeyMaxBufferSize or shorter than
// WPA2KeyMinLength (the header documents only the upper bound; the lower one is the device's
// PskTooShort rule, reported here as ERANGE too); EINVAL when a 64-byte key is not hex, a
// passphrase has a character outside printable ASCII, or id is negative; ENODEV for an
// unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetPSK(id int, psk string) error {
	const op = "SetPSK"
	return c.set(op, id, func() error { return checkPSK(op, id, "", psk) },
		func(b Backend) error { return b.SetPSK(id, []byte(psk)) })
}

// SetClientIdentity mirrors WifiConfig_SetClientIdentity: it sets the EAP identity of an
// EAP-TLS network, at most [EAPIdentityMaxLength] bytes. Needs EnterpriseWifiConfig.
//
// Errors: ERANGE when identity is too long; EINVAL when it holds NUL or id is negative;
// ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetClientIdentity(id int, identity string) error {
	const op = "SetClientIdentity"
	return c.set(op, id, func() error { return checkString(op, id, "identity", identity, 0, EAPIdentityMaxLength) },
		func(b Backend) error { return b.SetClientIdentity(id, identity) })
}

// get runs a getter of network id.
func (c *Config) get(op string, id int, call func(Backend) (string, error)) (string, error) {
	if err := checkNetworkID(op, id); err != nil {
		return "", err
	}
	b, err := c.backend(op, id)
	if err != nil {
		return "", err
	}
	v, err := call(b)
	if err != nil {
		return "", wrap(op, id, "", err)
	}
	return v, nil
}

// GetClientIdentity mirrors WifiConfig_GetClientIdentity: the EAP identity of network id, ""
// when none is set. Needs EnterpriseWifiConfig.
//
// Errors: EINVAL for a negative id; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) GetClientIdentity(id int) (string, error) {
	return c.get("GetClientIdentity", id, func(b Backend) (string, error) { return b.ClientIdentity(id) })
}

// SetClientCertStoreIdentifier mirrors WifiConfig_SetClientCertStoreIdentifier: it names the
// client certificate (in the certificate store) that EAP-TLS network id presents. The Wi-Fi
// subsystem reads the certificate when the configuration is loaded (ReloadConfig, reboot) or
// the network is enabled, not on every connection. Needs EnterpriseWifiConfig.
//
// Errors: ERANGE when the identifier is longer than certstore.MaxIdentifierLength; EINVAL
// when it is empty or has a character outside [A-Za-z0-9._-], or id is negative; ENODEV for
// an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetClientCertStoreIdentifier(id int, certID string) error {
	const op = "SetClientCertStoreIdentifier"
	return c.set(op, id, func() error { return checkCertID(op, id, certID) },
		func(b Backend) error { return b.SetClientCertStoreIdentifier(id, certID) })
}

// GetClientCertStoreIdentifier mirrors WifiConfig_GetClientCertStoreIdentifier: the client
// certificate identifier of network id, "" when none is set. Needs EnterpriseWifiConfig.
//
// Errors: EINVAL for a negative id; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) GetClientCertStoreIdentifier(id int) (string, error) {
	return c.get("GetClientCertStoreIdentifier", id, func(b Backend) (string, error) { return b.ClientCertStoreIdentifier(id) })
}

// SetRootCACertStoreIdentifier mirrors WifiConfig_SetRootCACertStoreIdentifier: it names the
// root CA certificate that authenticates the network's RADIUS server. A network without one
// does not authenticate the server at all. Loaded like the client certificate (see
// [Config.SetClientCertStoreIdentifier]). Needs EnterpriseWifiConfig.
//
// Errors as for SetClientCertStoreIdentifier.
func (c *Config) SetRootCACertStoreIdentifier(id int, certID string) error {
	const op = "SetRootCACertStoreIdentifier"
	return c.set(op, id, func() error { return checkCertID(op, id, certID) },
		func(b Backend) error { return b.SetRootCACertStoreIdentifier(id, certID) })
}

// GetRootCACertStoreIdentifier mirrors WifiConfig_GetRootCACertStoreIdentifier: the root CA
// identifier of network id, "" when none is set. Needs EnterpriseWifiConfig.
//
// Errors: EINVAL for a negative id; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) GetRootCACertStoreIdentifier(id int) (string, error) {
	return c.get("GetRootCACertStoreIdentifier", id, func(b Backend) (string, error) { return b.RootCACertStoreIdentifier(id) })
}

// SetConfigName mirrors WifiConfig_SetConfigName: it gives network id a name, 1 to
// [ConfigNameMaxLength] bytes, by which [Config.GetNetworkIDByConfigName] finds it even after
// its ID changed. Names should be unique; like the header, this call does not enforce it.
//
// Errors: ERANGE when the name is empty or too long; EINVAL when it holds NUL or id is
// negative; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetConfigName(id int, name string) error {
	const op = "SetConfigName"
	return c.set(op, id, func() error { return checkConfigName(op, id, name) },
		func(b Backend) error { return b.SetConfigName(id, name) })
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
	if err := checkConfigName(op, noNetwork, name); err != nil {
		err.(*Error).Name = name
		return -1, err
	}
	b, err := c.backend(op, noNetwork)
	if err != nil {
		return -1, err
	}
	id, err := b.NetworkIDByConfigName(name)
	if err != nil {
		return -1, wrap(op, noNetwork, name, err)
	}
	return id, nil
}

// global runs a call that names no network.
func (c *Config) global(op string, call func(Backend) error) error {
	b, err := c.backend(op, noNetwork)
	if err != nil {
		return err
	}
	return wrap(op, noNetwork, "", call(b))
}

// PersistConfig mirrors WifiConfig_PersistConfig: it writes the running configuration of
// every network to nonvolatile storage, where ReloadConfig and reboot read it.
//
// Errors: ENOSPC when there are too many networks to persist; EINVAL when a network has no
// SSID (the header says persisting then fails without naming the errno); EACCES; EAGAIN;
// ENETDOWN.
func (c *Config) PersistConfig() error {
	return c.global("PersistConfig", Backend.PersistConfig)
}

// ReloadConfig mirrors WifiConfig_ReloadConfig: it replaces the running configuration with
// the stored one, discarding unsaved changes, drops every connection, reloads the
// certificates the networks name from the certificate store, and starts connecting again.
// Call it after installing or moving a certificate an EAP-TLS network uses.
//
// Errors: EACCES; EAGAIN; ENETDOWN.
func (c *Config) ReloadConfig() error {
	return c.global("ReloadConfig", Backend.ReloadConfig)
}

// ForgetNetworkByID mirrors WifiConfig_ForgetNetworkById: it removes network id from the
// running configuration and disconnects from it. Not persistent until PersistConfig. The IDs
// of other networks may change.
//
// Errors: EINVAL for a negative id; ENODEV for an unknown id; EACCES; EAGAIN; ENETDOWN.
func (c *Config) ForgetNetworkByID(id int) error {
	return c.set("ForgetNetworkByID", id, nil, func(b Backend) error { return b.ForgetNetworkByID(id) })
}

// ForgetAllNetworks mirrors WifiConfig_ForgetAllNetworks: it removes every network and
// disconnects. Unlike ForgetNetworkByID the change is persisted at once.
//
// Errors: EACCES; EAGAIN; ENETDOWN.
func (c *Config) ForgetAllNetworks() error {
	return c.global("ForgetAllNetworks", Backend.ForgetAllNetworks)
}

// GetStoredNetworkCount mirrors WifiConfig_GetStoredNetworkCount: the number of configured
// networks, the length of what GetStoredNetworks returns. Errors: EACCES; EAGAIN; ENETDOWN.
func (c *Config) GetStoredNetworkCount() (int, error) {
	const op = "GetStoredNetworkCount"
	b, err := c.backend(op, noNetwork)
	if err != nil {
		return 0, err
	}
	ns, err := b.StoredNetworks()
	if err != nil {
		return 0, wrap(op, noNetwork, "", err)
	}
	return len(ns), nil
}

// GetStoredNetworks mirrors WifiConfig_GetStoredNetworks: every configured network, in ID
// order (the network at index i has ID i until the list changes). Unlike the C function it
// needs no array: it returns all of them, and an empty slice when there are none.
//
// Errors: EACCES; EAGAIN.
func (c *Config) GetStoredNetworks() ([]StoredNetwork, error) {
	const op = "GetStoredNetworks"
	b, err := c.backend(op, noNetwork)
	if err != nil {
		return nil, err
	}
	ns, err := b.StoredNetworks()
	if err != nil {
		return nil, wrap(op, noNetwork, "", err)
	}
	if ns == nil {
		ns = []StoredNetwork{}
	}
	return ns, nil
}

// GetCurrentNetwork mirrors WifiConfig_GetCurrentNetwork: the BSS the device is connected
// to.
//
// Errors: ENODATA when the device is not connected; EACCES; EAGAIN; ENETDOWN.
func (c *Config) GetCurrentNetwork() (ConnectedNetwork, error) {
	const op = "GetCurrentNetwork"
	b, err := c.backend(op, noNetwork)
	if err != nil {
		return ConnectedNetwork{}, err
	}
	n, err := b.CurrentNetwork()
	if err != nil {
		return ConnectedNetwork{}, wrap(op, noNetwork, "", err)
	}
	return n, nil
}

// GetConnectedNetworkID mirrors WifiConfig_GetConnectedNetworkId: the ID of the network the
// device is connected to.
//
// Errors: ENOTCONN when the device is not connected; EACCES; EAGAIN; ENETDOWN.
func (c *Config) GetConnectedNetworkID() (int, error) {
	const op = "GetConnectedNetworkID"
	b, err := c.backend(op, noNetwork)
	if err != nil {
		return -1, err
	}
	id, err := b.ConnectedNetworkID()
	if err != nil {
		return -1, wrap(op, noNetwork, "", err)
	}
	return id, nil
}

// TriggerScanAndGetScannedNetworkCount mirrors
// WifiConfig_TriggerScanAndGetScannedNetworkCount: it scans for access points, blocking
// until the scan ends, and returns the number of BSSs found. [Config.GetScannedNetworks]
// returns them.
//
// Errors: EACCES; EAGAIN; ENETDOWN.
func (c *Config) TriggerScanAndGetScannedNetworkCount() (int, error) {
	const op = "TriggerScanAndGetScannedNetworkCount"
	b, err := c.backend(op, noNetwork)
	if err != nil {
		return 0, err
	}
	n, err := b.TriggerScan()
	if err != nil {
		return 0, wrap(op, noNetwork, "", err)
	}
	return n, nil
}

// GetScannedNetworks mirrors WifiConfig_GetScannedNetworks: every BSS the last scan found,
// one element per BSS (an SSID served by several access points appears once per access
// point). It returns an empty slice when there are none.
//
// Errors: EACCES; EAGAIN.
func (c *Config) GetScannedNetworks() ([]ScannedNetwork, error) {
	const op = "GetScannedNetworks"
	b, err := c.backend(op, noNetwork)
	if err != nil {
		return nil, err
	}
	ns, err := b.ScannedNetworks()
	if err != nil {
		return nil, wrap(op, noNetwork, "", err)
	}
	if ns == nil {
		ns = []ScannedNetwork{}
	}
	return ns, nil
}

// GetNetworkDiagnostics mirrors WifiConfig_GetNetworkDiagnostics: why the last attempt to
// connect to network id failed, when, and the network's current enabled and connected
// state. A network that has never failed has no diagnostics.
//
// Errors: ENODEV when the network does not exist or has no failure recorded; EINVAL for a
// negative id; EACCES; EAGAIN.
func (c *Config) GetNetworkDiagnostics(id int) (NetworkDiagnostics, error) {
	const op = "GetNetworkDiagnostics"
	if err := checkNetworkID(op, id); err != nil {
		return NetworkDiagnostics{}, err
	}
	b, err := c.backend(op, id)
	if err != nil {
		return NetworkDiagnostics{}, err
	}
	d, err := b.NetworkDiagnostics(id)
	if err != nil {
		return NetworkDiagnostics{}, wrap(op, id, "", err)
	}
	return d, nil
}

// SetPowerSavingsEnabled mirrors WifiConfig_SetPowerSavingsEnabled: it switches Wi-Fi power
// savings on or off. Its errnos and whether the setting persists are not documented.
//
// Errors: EACCES; EAGAIN; ENETDOWN.
func (c *Config) SetPowerSavingsEnabled(enabled bool) error {
	return c.global("SetPowerSavingsEnabled", func(b Backend) error { return b.SetPowerSavingsEnabled(enabled) })
}
