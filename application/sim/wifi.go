package sim

import (
	"bytes"
	"crypto/x509"
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/internal/wifimodel"
	"github.com/azsphere-go/applibs/wificonfig"
)

func init() {
	installers = append(installers, func(d *Device) func() {
		prev := wificonfig.SetDefault(d.Wifi())
		return func() { wificonfig.SetDefault(prev) }
	})
}

// Default limits of the simulated Wi-Fi subsystem.
const (
	// DefaultWifiNetworkLimit is how many networks the running configuration holds before
	// AddNetwork fails with ENOMEM.
	DefaultWifiNetworkLimit = 10
	// DefaultWifiPersistLimit is how many networks PersistConfig writes before it fails with
	// ENOSPC.
	DefaultWifiPersistLimit = 10
)

// WifiOptions set the limits of the simulated Wi-Fi subsystem (Options.Wifi). Zero fields
// mean the defaults.
type WifiOptions struct {
	// NetworkLimit is the most networks the running configuration holds; AddNetwork and
	// AddDuplicateNetwork fail with ENOMEM beyond it. 0 means DefaultWifiNetworkLimit.
	NetworkLimit int
	// PersistLimit is the most networks the stored configuration holds; PersistConfig fails
	// with ENOSPC when the running configuration has more. 0 means
	// DefaultWifiPersistLimit.
	PersistLimit int
}

// network is a network of the running configuration, with the certificates the simulated
// Wi-Fi subsystem loaded for it.
type network = wifimodel.Entry[netState]

// netState is what the simulator keeps for a running network besides its settings.
type netState struct {
	certs loadedCerts // certificates as read from the store at load time
}

// loadedCerts are the certificates the Wi-Fi subsystem read from the certificate store for a
// network, with the identifiers they were read under. The subsystem uses a certificate only
// while the network still names the identifier it was loaded under.
type loadedCerts struct {
	loaded   bool
	clientID string
	client   *certEntry // nil: the store had no client certificate under clientID
	rootID   string
	root     *certEntry
	rootPool *x509.CertPool // root alone, for verifying servers
}

// connection is the association the device holds.
type connection struct {
	net   *network
	ap    *accessPoint
	certs certSet // the certificates it authenticated with (EAP-TLS)
}

// wifiState is the simulated Wi-Fi subsystem. d.mu guards it.
type wifiState struct {
	d            *Device
	cfg          wifimodel.Config[netState]
	conn         *connection
	aps          []*accessPoint // the radio environment
	powerSavings bool
	attempts     int       // connection attempts made, for tests and benchmarks
	view         *wifiView // the wificonfig.Backend of the device
}

func (w *wifiState) init(d *Device, o WifiOptions) {
	w.d = d
	w.view = newWifiView(d)
	w.cfg.NetworkLimit, w.cfg.PersistLimit = o.NetworkLimit, o.PersistLimit
	if w.cfg.NetworkLimit <= 0 {
		w.cfg.NetworkLimit = DefaultWifiNetworkLimit
	}
	if w.cfg.PersistLimit <= 0 {
		w.cfg.PersistLimit = DefaultWifiPersistLimit
	}
}

// clockChanged re-checks the connection at the new time and, when the device is not
// connected, tries the enabled networks again. d.mu is held.
func (w *wifiState) clockChanged() { w.reevaluate() }

// reboot reloads the stored configuration and connects again. d.mu is held.
func (w *wifiState) reboot() {
	w.cfg.Scanned = nil
	w.reload()
}

// reload replaces the running configuration by the stored one, reads the certificates the
// networks name from the certificate store, drops the connection and connects again.
func (w *wifiState) reload() {
	w.conn = nil
	w.cfg.Load(func(n wifimodel.Network) netState { return netState{certs: w.loadCerts(n)} })
	w.connectAny()
}

// loadCerts reads the certificates network n names from the store. Entries are immutable, so
// keeping pointers is keeping a snapshot.
func (w *wifiState) loadCerts(n wifimodel.Network) loadedCerts {
	lc := loadedCerts{loaded: true, clientID: n.ClientCertID, rootID: n.RootCAID}
	if n.ClientCertID != "" {
		if e := w.d.cert(n.ClientCertID); e != nil && e.kind == ClientCert {
			lc.client = e
		}
	}
	if n.RootCAID != "" {
		if e := w.d.cert(n.RootCAID); e != nil {
			lc.root = e
			lc.rootPool = poolOf([]*x509.Certificate{e.cert})
		}
	}
	return lc
}

// Wifi returns the device's Wi-Fi subsystem as a wificonfig.Backend. It shares the device's
// certificate store, clock, capabilities and injected faults (operation names are the Go names
// of the wificonfig functions: "SetSSID", "PersistConfig", ...).
//
// # Configuration
//
// There are two layers. AddNetwork, AddDuplicateNetwork, every Set* call and ForgetNetworkByID
// change the running configuration; PersistConfig copies it to the stored one; ReloadConfig and
// Reboot copy the stored one back, which drops unsaved changes, diagnostics and the connection,
// and connect again. ForgetAllNetworks empties both. (The deprecated StoreOpenNetwork,
// StoreWPA2Network and ForgetNetwork are made by wificonfig.Config from these operations.)
//
// A network ID is the network's index in the running configuration: removing a network shifts
// the IDs after it, and a reload re-packs them in stored order. AddNetwork makes a disabled
// network with no SSID and security Unknown. AddDuplicateNetwork copies every setting, disabled,
// and refuses a config name any network has (EEXIST); SetConfigName does not check uniqueness.
// The running configuration holds WifiOptions.NetworkLimit networks (default 10; ENOMEM beyond);
// PersistConfig writes at most WifiOptions.PersistLimit (default 10; ENOSPC beyond) and fails
// with EINVAL, persisting nothing, when a network has no SSID.
//
// # Certificates
//
// The Wi-Fi subsystem reads an EAP-TLS network's client certificate and root CA from the
// certificate store at two moments only: when the configuration is loaded (ReloadConfig,
// Reboot) and when the network is enabled (SetNetworkEnabled(id, true), also on an enabled
// network). It keeps the certificates it read, with the identifiers it read them under.
// Installing, replacing, moving or deleting a certificate afterwards changes nothing until the
// next load; a network whose identifier was changed by Set*CertStoreIdentifier after the load
// has no usable certificate for it and fails with CertificateNotFound until the next load.
//
// # Connecting
//
// The device connects on its own. It tries the enabled networks in ID order, and for each the
// access points with its SSID (hidden ones only with targeted scanning), strongest first, until
// one authenticates; every failed network gets diagnostics stamped with the device's clock. It
// tries when the configuration is loaded, when a network is enabled or the deprecated Store*
// calls add one, when its connection's network is disabled or forgotten, when the radio
// environment changes (SetAccessPoint, RemoveAccessPoint) and when the clock changes. A working
// connection is kept: enabling another network or a stronger access point does not move it. On
// a radio or clock change the connection itself is re-checked with the certificates it
// authenticated with, so an expired certificate ends it.
//
// EAP-TLS is decided with real X.509 verification at the device's clock: the device needs its
// client certificate (and the root CA, when the network names one) loaded, else
// AuthenticationFailed with CertificateNotFound; the server's Identities must know the
// identity, else ConnectionFailed; the server chain must verify against the network's root CA
// (skipped when the network names none, as on the device), else InvalidRootCA with the depth
// and subject of the failing certificate; the client certificate must verify against the
// server's client CAs with client-auth usage, else InvalidClientAuth; the server must hold the
// private key of its certificate (checked by a signature when the access point is set up; the
// client's key matches by the certificate store's install check), else InvalidRootCA or, for
// a network without root CA, ConnectionFailed. WPA2-PSK compares pairwise master keys (a passphrase or 64 hex
// digits); missing key NoPskIncluded, other key WrongKey, other security SecurityTypeMismatch.
func (d *Device) Wifi() wificonfig.Backend { return d.wifi.view }

// wifiBackend is the wificonfig.Backend view of a Device. The methods that only read the
// configuration come from the shared model (wifiView).
type wifiBackend Device

// wifiReader is the model's reader under an unexported name, to embed.
type wifiReader = wifimodel.Reader[netState]

// wifiView is what Wifi returns: the device's own methods and the model's readers.
type wifiView struct {
	*wifiBackend
	wifiReader
}

var _ wificonfig.Backend = (*wifiView)(nil)

// newWifiView makes the Wi-Fi view of d, once, so that Wifi returns the same value each time.
func newWifiView(d *Device) *wifiView {
	b := (*wifiBackend)(d)
	return &wifiView{wifiBackend: b, wifiReader: wifiReader{Lock: func(op string, enterprise bool) (*wifimodel.Config[netState], func(), error) {
		w, err := b.lock(op, enterprise)
		if err != nil {
			return nil, nil, err
		}
		return &w.cfg, b.unlock, nil
	}}}
}

// lock takes d.mu and runs the checks every call starts with (an injected fault, the
// WifiConfig capability, and EnterpriseWifiConfig when enterprise is true); on success the
// caller must unlock, on failure the lock is released already.
func (b *wifiBackend) lock(op string, enterprise bool) (*wifiState, error) {
	d := (*Device)(b)
	d.mu.Lock()
	if err := d.enter(op, d.caps.WifiConfig, "WifiConfig"); err != nil {
		d.mu.Unlock()
		return nil, err
	}
	if enterprise && !d.caps.EnterpriseWifiConfig {
		d.mu.Unlock()
		return nil, apierr.New(op, "", syscall.EACCES, "the application manifest lacks the EnterpriseWifiConfig capability")
	}
	return &d.wifi, nil
}

func (b *wifiBackend) unlock() { b.mu.Unlock() }

// call runs f on the Wi-Fi state under the device lock, after the entry checks for op.
func call[T any](b *wifiBackend, op string, f func(w *wifiState) (T, error)) (T, error) {
	return callAs(b, op, false, f)
}

// callAs is call for an operation that also needs EnterpriseWifiConfig when enterprise is
// true.
func callAs[T any](b *wifiBackend, op string, enterprise bool, f func(w *wifiState) (T, error)) (T, error) {
	w, err := b.lock(op, enterprise)
	if err != nil {
		var zero T
		return zero, err
	}
	defer b.unlock()
	return f(w)
}

// run is call for operations that return only an error.
func run(b *wifiBackend, op string, f func(w *wifiState) error) error {
	_, err := call(b, op, func(w *wifiState) (struct{}, error) { return struct{}{}, f(w) })
	return err
}

// edit runs change on running network id under the device lock.
func (b *wifiBackend) edit(op string, id int, enterprise bool, change func(w *wifiState, n *network) error) error {
	_, err := callAs(b, op, enterprise, func(w *wifiState) (struct{}, error) {
		n, err := w.cfg.Network(op, id)
		if err == nil {
			err = change(w, n)
		}
		return struct{}{}, err
	})
	return err
}

func (b *wifiBackend) AddNetwork() (int, error) {
	const op = "AddNetwork"
	return call(b, op, func(w *wifiState) (int, error) {
		if err := w.cfg.CanAdd(op); err != nil {
			return -1, err
		}
		return w.cfg.Add(&network{State: netState{certs: loadedCerts{loaded: true}}}), nil
	})
}

func (b *wifiBackend) AddDuplicateNetwork(id int, configName string) (int, error) {
	const op = "AddDuplicateNetwork"
	return call(b, op, func(w *wifiState) (int, error) {
		n, err := w.cfg.Duplicate(op, id, configName)
		if err != nil {
			return -1, err
		}
		return w.cfg.Add(&network{Network: n}), nil
	})
}

func (b *wifiBackend) SetSSID(id int, ssid []byte) error {
	const op = "SetSSID"
	return b.edit(op, id, false, func(_ *wifiState, n *network) error { return wifimodel.SetSSID(op, id, &n.Network, ssid) })
}

// SetSecurityType needs EnterpriseWifiConfig for SecurityWPA2EAPTLS, as on the device.
func (b *wifiBackend) SetSecurityType(id int, s wificonfig.Security) error {
	const op = "SetSecurityType"
	return b.edit(op, id, s == wificonfig.SecurityWPA2EAPTLS, func(_ *wifiState, n *network) error {
		return wifimodel.SetSecurity(op, id, &n.Network, s)
	})
}

// SetNetworkEnabled: enabling (re)loads the network's certificates and starts connecting;
// disabling the connected network drops the connection and tries the others.
func (b *wifiBackend) SetNetworkEnabled(id int, enabled bool) error {
	return b.edit("SetNetworkEnabled", id, false, func(w *wifiState, n *network) error {
		n.Enabled = enabled
		if enabled {
			n.State.certs = w.loadCerts(n.Network)
			w.reevaluate()
		} else if w.conn != nil && w.conn.net == n {
			w.conn = nil
			w.connectAny()
		}
		return nil
	})
}

func (b *wifiBackend) SetTargetedScanEnabled(id int, enabled bool) error {
	return b.edit("SetTargetedScanEnabled", id, false, func(_ *wifiState, n *network) error {
		n.TargetedScan = enabled
		return nil
	})
}

func (b *wifiBackend) SetPSK(id int, psk []byte) error {
	const op = "SetPSK"
	return b.edit(op, id, false, func(_ *wifiState, n *network) error { return wifimodel.SetPSK(op, id, &n.Network, psk) })
}

func (b *wifiBackend) SetClientIdentity(id int, identity string) error {
	const op = "SetClientIdentity"
	return b.edit(op, id, true, func(_ *wifiState, n *network) error { return wifimodel.SetIdentity(op, id, &n.Network, identity) })
}

func (b *wifiBackend) SetClientCertStoreIdentifier(id int, certID string) error {
	return b.edit("SetClientCertStoreIdentifier", id, true, func(_ *wifiState, n *network) error {
		n.ClientCertID = certID
		return nil
	})
}

func (b *wifiBackend) SetRootCACertStoreIdentifier(id int, certID string) error {
	return b.edit("SetRootCACertStoreIdentifier", id, true, func(_ *wifiState, n *network) error {
		n.RootCAID = certID
		return nil
	})
}

func (b *wifiBackend) SetConfigName(id int, name string) error {
	const op = "SetConfigName"
	return b.edit(op, id, false, func(_ *wifiState, n *network) error { return wifimodel.SetConfigName(op, id, &n.Network, name) })
}

func (b *wifiBackend) PersistConfig() error {
	const op = "PersistConfig"
	return run(b, op, func(w *wifiState) error {
		stored, err := w.cfg.Persistable(op)
		if err == nil {
			w.cfg.Stored = stored
		}
		return err
	})
}

func (b *wifiBackend) ReloadConfig() error {
	return run(b, "ReloadConfig", func(w *wifiState) error { w.reload(); return nil })
}

func (b *wifiBackend) ForgetNetworkByID(id int) error {
	return b.edit("ForgetNetworkByID", id, false, func(w *wifiState, n *network) error {
		w.cfg.Remove(id)
		if w.conn != nil && w.conn.net == n {
			w.conn = nil
			w.connectAny()
		}
		return nil
	})
}

func (b *wifiBackend) ForgetAllNetworks() error {
	return run(b, "ForgetAllNetworks", func(w *wifiState) error {
		w.cfg.Running, w.cfg.Stored, w.conn = nil, nil, nil
		return nil
	})
}

// connected returns the running network the device is connected to, or nil.
func (w *wifiState) connected() *network {
	if w.conn == nil {
		return nil
	}
	return w.conn.net
}

func (b *wifiBackend) StoredNetworks() ([]wificonfig.StoredNetwork, error) {
	return call(b, "GetStoredNetworks", func(w *wifiState) ([]wificonfig.StoredNetwork, error) {
		return w.cfg.StoredNetworks(w.connected()), nil
	})
}

func (b *wifiBackend) CurrentNetwork() (wificonfig.ConnectedNetwork, error) {
	const op = "GetCurrentNetwork"
	return call(b, op, func(w *wifiState) (wificonfig.ConnectedNetwork, error) {
		if w.conn == nil {
			return wificonfig.ConnectedNetwork{}, apierr.New(op, "", syscall.ENODATA, "the device is not connected to a network")
		}
		ap := w.conn.ap
		return wificonfig.ConnectedNetwork{SSID: bytes.Clone(ap.SSID), BSSID: ap.BSSID, FrequencyMHz: ap.FrequencyMHz,
			SignalRSSI: ap.SignalRSSI, Security: ap.Security}, nil
	})
}

func (b *wifiBackend) ConnectedNetworkID() (int, error) {
	const op = "GetConnectedNetworkID"
	return call(b, op, func(w *wifiState) (int, error) {
		if w.conn == nil {
			return -1, apierr.New(op, "", syscall.ENOTCONN, "the device is not connected to a network")
		}
		return w.cfg.ID(w.conn.net), nil
	})
}

func (b *wifiBackend) TriggerScan() (int, error) {
	return call(b, "TriggerScanAndGetScannedNetworkCount", func(w *wifiState) (int, error) {
		w.cfg.Scanned = w.scan()
		return len(w.cfg.Scanned), nil
	})
}

func (b *wifiBackend) NetworkDiagnostics(id int) (wificonfig.NetworkDiagnostics, error) {
	const op = "GetNetworkDiagnostics"
	return call(b, op, func(w *wifiState) (wificonfig.NetworkDiagnostics, error) {
		return w.cfg.Diagnostics(op, id, w.connected())
	})
}

func (b *wifiBackend) SetPowerSavingsEnabled(enabled bool) error {
	return run(b, "SetPowerSavingsEnabled", func(w *wifiState) error { w.powerSavings = enabled; return nil })
}

// WifiNetwork describes one network of the simulated Wi-Fi configuration, for inspection by
// tests. It never includes the PSK.
type WifiNetwork struct {
	ConfigName   string
	SSID         string
	Security     wificonfig.Security
	Enabled      bool
	TargetedScan bool
	HasPSK       bool
	Identity     string
	ClientCertID string
	RootCAID     string
	// Connected is true for the network the device is connected to (running layer only).
	Connected bool
}

func describe(n wifimodel.Network, connected bool) WifiNetwork {
	return WifiNetwork{
		ConfigName: n.ConfigName, SSID: string(n.SSID), Security: n.Security, Enabled: n.Enabled,
		TargetedScan: n.TargetedScan, HasPSK: len(n.PSK) > 0, Identity: n.Identity,
		ClientCertID: n.ClientCertID, RootCAID: n.RootCAID, Connected: connected,
	}
}

// WifiRunningConfig returns the running Wi-Fi configuration in ID order.
func (d *Device) WifiRunningConfig() []WifiNetwork {
	d.mu.Lock()
	defer d.mu.Unlock()
	w := &d.wifi
	out := make([]WifiNetwork, len(w.cfg.Running))
	for i, n := range w.cfg.Running {
		out[i] = describe(n.Network, n == w.connected())
	}
	return out
}

// WifiStoredConfig returns the Wi-Fi configuration in nonvolatile storage, which ReloadConfig
// and Reboot load.
func (d *Device) WifiStoredConfig() []WifiNetwork {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]WifiNetwork, len(d.wifi.cfg.Stored))
	for i, n := range d.wifi.cfg.Stored {
		out[i] = describe(n, false)
	}
	return out
}

// WifiPowerSavings reports whether the application enabled Wi-Fi power savings.
func (d *Device) WifiPowerSavings() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.wifi.powerSavings
}

// WifiConnectionAttempts returns how many connection attempts the device has made so far.
func (d *Device) WifiConnectionAttempts() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.wifi.attempts
}
