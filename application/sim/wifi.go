package sim

import (
	"bytes"
	"crypto/x509"
	"slices"
	"strconv"
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
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

// WifiOptions set the limits of the simulated Wi-Fi subsystem. Zero fields mean the defaults.
type WifiOptions struct {
	// NetworkLimit is the most networks the running configuration holds; AddNetwork,
	// AddDuplicateNetwork and the deprecated Store* calls fail with ENOMEM beyond it.
	NetworkLimit int
	// PersistLimit is the most networks the stored configuration holds; PersistConfig fails
	// with ENOSPC (and the deprecated Store* calls too) when the running configuration has
	// more.
	PersistLimit int
}

// SetWifiOptions changes the limits of the Wi-Fi subsystem. Networks already configured stay.
func (d *Device) SetWifiOptions(o WifiOptions) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if o.NetworkLimit <= 0 {
		o.NetworkLimit = DefaultWifiNetworkLimit
	}
	if o.PersistLimit <= 0 {
		o.PersistLimit = DefaultWifiPersistLimit
	}
	d.wifi.opts = o
}

// network is one Wi-Fi configuration, in the running or the stored layer.
type network struct {
	ssid         []byte
	security     wificonfig.Security
	enabled      bool
	psk          []byte
	targetedScan bool
	identity     string
	clientCertID string
	rootCAID     string
	configName   string

	// Running layer only.
	certs loadedCerts                    // certificates as read from the store at load time
	diag  *wificonfig.NetworkDiagnostics // last failure, or nil
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

// clone copies the configuration part of n (not diagnostics).
func (n *network) clone() *network {
	c := *n
	c.ssid = bytes.Clone(n.ssid)
	c.psk = bytes.Clone(n.psk)
	c.diag = nil
	return &c
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
	opts         WifiOptions
	running      []*network // IDs are indices
	stored       []*network // nonvolatile
	conn         *connection
	aps          []*accessPoint // the radio environment
	scanned      []wificonfig.ScannedNetwork
	powerSavings bool
	attempts     int // connection attempts made, for tests and benchmarks
}

func (w *wifiState) init(d *Device) {
	w.d = d
	w.opts = WifiOptions{NetworkLimit: DefaultWifiNetworkLimit, PersistLimit: DefaultWifiPersistLimit}
}

// clockChanged re-checks the connection at the new time and, when the device is not
// connected, tries the enabled networks again. d.mu is held.
func (w *wifiState) clockChanged() { w.reevaluate() }

// reboot reloads the stored configuration and connects again. d.mu is held.
func (w *wifiState) reboot() {
	w.scanned = nil
	w.reload()
}

// reload replaces the running configuration by the stored one, reads the certificates the
// networks name from the certificate store, drops the connection and connects again.
func (w *wifiState) reload() {
	w.conn = nil
	w.running = w.running[:0:0]
	for _, n := range w.stored {
		c := n.clone()
		w.loadCerts(c)
		w.running = append(w.running, c)
	}
	w.connectAny()
}

// loadCerts reads the certificates network n names from the store. Entries are immutable, so
// keeping pointers is keeping a snapshot.
func (w *wifiState) loadCerts(n *network) {
	lc := loadedCerts{loaded: true, clientID: n.clientCertID, rootID: n.rootCAID}
	if n.clientCertID != "" {
		if e := w.d.cert(n.clientCertID); e != nil && e.kind == ClientCert {
			lc.client = e
		}
	}
	if n.rootCAID != "" {
		if e := w.d.cert(n.rootCAID); e != nil {
			lc.root = e
			lc.rootPool = poolOf([]*x509.Certificate{e.cert})
		}
	}
	n.certs = lc
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
// and connect again. ForgetAllNetworks empties both. The deprecated StoreOpenNetwork and
// StoreWpa2Network add an enabled network to both layers at once, and ForgetNetwork removes it
// from both (the header does not say; the simulator persists, as their ENOSPC errno suggests).
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
func (d *Device) Wifi() wificonfig.Backend { return (*wifiBackend)(d) }

// wifiBackend is the wificonfig.Backend view of a Device.
type wifiBackend Device

var _ wificonfig.Backend = (*wifiBackend)(nil)

// lock takes d.mu and runs the checks every call starts with; on success the caller must
// unlock, on failure the lock is released already.
func (b *wifiBackend) lock(op string) (*wifiState, error) {
	d := (*Device)(b)
	d.mu.Lock()
	if err := d.enter(op, d.caps.WifiConfig, "WifiConfig"); err != nil {
		d.mu.Unlock()
		return nil, err
	}
	return &d.wifi, nil
}

func (b *wifiBackend) unlock() { b.mu.Unlock() }

// enterprise checks the EnterpriseWifiConfig capability after lock. The device documents the
// EAP-TLS functions as needing it in addition to WifiConfig.
func (b *wifiBackend) enterprise(op string) error {
	if !b.caps.EnterpriseWifiConfig {
		return apierr.New(op, "", syscall.EACCES, "the application manifest lacks the EnterpriseWifiConfig capability")
	}
	return nil
}

func (w *wifiState) network(op string, id int) (*network, error) {
	if id < 0 || id >= len(w.running) {
		return nil, apierr.Newf(op, strconv.Itoa(id), syscall.ENODEV, "no network has ID %d (%d networks are configured)", id, len(w.running))
	}
	return w.running[id], nil
}

func (w *wifiState) index(n *network) int { return slices.Index(w.running, n) }

func (w *wifiState) add(op string, n *network) (int, error) {
	if len(w.running) >= w.opts.NetworkLimit {
		return -1, apierr.Newf(op, "", syscall.ENOMEM, "the running configuration already holds %d networks", len(w.running))
	}
	w.running = append(w.running, n)
	return len(w.running) - 1, nil
}

func (b *wifiBackend) AddNetwork() (int, error) {
	const op = "AddNetwork"
	w, err := b.lock(op)
	if err != nil {
		return -1, err
	}
	defer b.unlock()
	n := &network{}
	n.certs.loaded = true
	return w.add(op, n)
}

func (b *wifiBackend) AddDuplicateNetwork(id int, configName string) (int, error) {
	const op = "AddDuplicateNetwork"
	w, err := b.lock(op)
	if err != nil {
		return -1, err
	}
	defer b.unlock()
	src, err := w.network(op, id)
	if err != nil {
		return -1, err
	}
	for _, n := range w.running {
		if n.configName == configName {
			return -1, apierr.Newf(op, strconv.Itoa(id), syscall.EEXIST, "a network is already named %q", configName)
		}
	}
	c := src.clone()
	c.enabled = false
	c.configName = configName
	return w.add(op, c)
}

func (b *wifiBackend) SetNetworkOpt(id int, attr wificonfig.Attribute, value []byte) error {
	op := attr.SetterOp()
	w, err := b.lock(op)
	if err != nil {
		return err
	}
	defer b.unlock()
	switch attr {
	case wificonfig.AttrClientIdentity, wificonfig.AttrClientCertStoreIdentifier, wificonfig.AttrRootCACertStoreIdentifier:
		if err := b.enterprise(op); err != nil {
			return err
		}
	case wificonfig.AttrSecurityType:
		if len(value) == 1 && wificonfig.Security(value[0]) == wificonfig.SecurityWpa2EAPTLS {
			if err := b.enterprise(op); err != nil {
				return err
			}
		}
	}
	n, err := w.network(op, id)
	if err != nil {
		return err
	}
	sid := strconv.Itoa(id)
	bad := func() error { return apierr.Newf(op, sid, syscall.EINVAL, "invalid value for attribute %v", attr) }
	switch attr {
	case wificonfig.AttrSSID:
		if len(value) == 0 || len(value) > wificonfig.SSIDMaxLength {
			return apierr.Newf(op, sid, syscall.ERANGE, "SSID is %d bytes", len(value))
		}
		n.ssid = bytes.Clone(value)
	case wificonfig.AttrSecurityType:
		if len(value) != 1 || value[0] < byte(wificonfig.SecurityOpen) || value[0] > byte(wificonfig.SecurityWpa2EAPTLS) {
			return bad()
		}
		n.security = wificonfig.Security(value[0])
	case wificonfig.AttrEnable:
		if len(value) != 1 {
			return bad()
		}
		on := value[0] != 0
		n.enabled = on
		if on {
			// Enabling (re)loads the network's certificates and starts connecting.
			w.loadCerts(n)
			w.reevaluate()
		} else if w.conn != nil && w.conn.net == n {
			w.conn = nil
			w.connectAny()
		}
	case wificonfig.AttrTargetedScan:
		if len(value) != 1 {
			return bad()
		}
		n.targetedScan = value[0] != 0
	case wificonfig.AttrPresharedKey:
		if len(value) > wificonfig.WPA2KeyMaxBufferSize {
			return apierr.Newf(op, sid, syscall.ERANGE, "PSK is %d bytes", len(value))
		}
		n.psk = bytes.Clone(value)
	case wificonfig.AttrClientIdentity:
		if len(value) > wificonfig.EAPIdentityMaxLength {
			return apierr.Newf(op, sid, syscall.ERANGE, "identity is %d bytes", len(value))
		}
		n.identity = string(value)
	case wificonfig.AttrClientCertStoreIdentifier:
		n.clientCertID = string(value)
	case wificonfig.AttrRootCACertStoreIdentifier:
		n.rootCAID = string(value)
	case wificonfig.AttrConfigName:
		if len(value) == 0 || len(value) > wificonfig.ConfigNameMaxLength {
			return apierr.Newf(op, sid, syscall.ERANGE, "config name is %d bytes", len(value))
		}
		n.configName = string(value)
	default:
		return apierr.Newf(op, sid, syscall.EINVAL, "attribute %v cannot be set", attr)
	}
	return nil
}

func (b *wifiBackend) NetworkOpt(id int, attr wificonfig.Attribute) ([]byte, error) {
	op := attr.GetterOp()
	w, err := b.lock(op)
	if err != nil {
		return nil, err
	}
	defer b.unlock()
	switch attr {
	case wificonfig.AttrClientIdentity, wificonfig.AttrClientCertStoreIdentifier, wificonfig.AttrRootCACertStoreIdentifier:
		if err := b.enterprise(op); err != nil {
			return nil, err
		}
	}
	n, err := w.network(op, id)
	if err != nil {
		return nil, err
	}
	switch attr {
	case wificonfig.AttrSSID:
		return bytes.Clone(n.ssid), nil
	case wificonfig.AttrSecurityType:
		return []byte{byte(n.security)}, nil
	case wificonfig.AttrEnable:
		return boolByte(n.enabled), nil
	case wificonfig.AttrTargetedScan:
		return boolByte(n.targetedScan), nil
	case wificonfig.AttrClientIdentity:
		return []byte(n.identity), nil
	case wificonfig.AttrClientCertStoreIdentifier:
		return []byte(n.clientCertID), nil
	case wificonfig.AttrRootCACertStoreIdentifier:
		return []byte(n.rootCAID), nil
	case wificonfig.AttrConfigName:
		return []byte(n.configName), nil
	}
	return nil, apierr.Newf(op, strconv.Itoa(id), syscall.EINVAL, "attribute %v cannot be read", attr)
}

func boolByte(v bool) []byte {
	if v {
		return []byte{1}
	}
	return []byte{0}
}

func (b *wifiBackend) PersistConfig() error {
	const op = "PersistConfig"
	w, err := b.lock(op)
	if err != nil {
		return err
	}
	defer b.unlock()
	if len(w.running) > w.opts.PersistLimit {
		return apierr.Newf(op, "", syscall.ENOSPC, "%d networks are configured; %d can be persisted", len(w.running), w.opts.PersistLimit)
	}
	for i, n := range w.running {
		if len(n.ssid) == 0 {
			return apierr.Newf(op, strconv.Itoa(i), syscall.EINVAL, "network %d has no SSID", i)
		}
	}
	w.stored = w.stored[:0:0]
	for _, n := range w.running {
		w.stored = append(w.stored, n.clone())
	}
	return nil
}

func (b *wifiBackend) ReloadConfig() error {
	w, err := b.lock("ReloadConfig")
	if err != nil {
		return err
	}
	defer b.unlock()
	w.reload()
	return nil
}

func (b *wifiBackend) NetworkIDByConfigName(name string) (int, error) {
	const op = "GetNetworkIDByConfigName"
	w, err := b.lock(op)
	if err != nil {
		return -1, err
	}
	defer b.unlock()
	for i, n := range w.running {
		if n.configName == name {
			return i, nil
		}
	}
	return -1, apierr.Newf(op, name, syscall.ENODEV, "no network is named %q", name)
}

func (b *wifiBackend) ForgetNetworkByID(id int) error {
	const op = "ForgetNetworkByID"
	w, err := b.lock(op)
	if err != nil {
		return err
	}
	defer b.unlock()
	if _, err := w.network(op, id); err != nil {
		return err
	}
	w.remove(id)
	return nil
}

// remove drops running network i; when it was connected the device tries the others.
func (w *wifiState) remove(i int) {
	n := w.running[i]
	w.running = slices.Delete(w.running, i, i+1)
	if w.conn != nil && w.conn.net == n {
		w.conn = nil
		w.connectAny()
	}
}

func (b *wifiBackend) ForgetAllNetworks() error {
	w, err := b.lock("ForgetAllNetworks")
	if err != nil {
		return err
	}
	defer b.unlock()
	w.running, w.stored, w.conn = nil, nil, nil
	return nil
}

func (b *wifiBackend) StoredNetworkCount() (int, error) {
	w, err := b.lock("GetStoredNetworkCount")
	if err != nil {
		return 0, err
	}
	defer b.unlock()
	return len(w.running), nil
}

func (b *wifiBackend) StoredNetworks() ([]wificonfig.StoredNetwork, error) {
	w, err := b.lock("GetStoredNetworks")
	if err != nil {
		return nil, err
	}
	defer b.unlock()
	out := make([]wificonfig.StoredNetwork, len(w.running))
	for i, n := range w.running {
		out[i] = wificonfig.StoredNetwork{
			SSID: bytes.Clone(n.ssid), IsEnabled: n.enabled,
			IsConnected: w.conn != nil && w.conn.net == n, Security: n.security,
		}
		if out[i].SSID == nil {
			out[i].SSID = []byte{}
		}
	}
	return out, nil
}

func (b *wifiBackend) CurrentNetwork() (wificonfig.ConnectedNetwork, error) {
	const op = "GetCurrentNetwork"
	w, err := b.lock(op)
	if err != nil {
		return wificonfig.ConnectedNetwork{}, err
	}
	defer b.unlock()
	if w.conn == nil {
		return wificonfig.ConnectedNetwork{}, apierr.New(op, "", syscall.ENODATA, "the device is not connected to a network")
	}
	ap := w.conn.ap
	return wificonfig.ConnectedNetwork{
		SSID: bytes.Clone(ap.SSID), BSSID: ap.BSSID, FrequencyMHz: ap.FrequencyMHz,
		SignalRSSI: ap.SignalRSSI, Security: ap.Security,
	}, nil
}

func (b *wifiBackend) ConnectedNetworkID() (int, error) {
	const op = "GetConnectedNetworkID"
	w, err := b.lock(op)
	if err != nil {
		return -1, err
	}
	defer b.unlock()
	if w.conn == nil {
		return -1, apierr.New(op, "", syscall.ENOTCONN, "the device is not connected to a network")
	}
	return w.index(w.conn.net), nil
}

func (b *wifiBackend) TriggerScan() (int, error) {
	w, err := b.lock("TriggerScanAndGetScannedNetworkCount")
	if err != nil {
		return 0, err
	}
	defer b.unlock()
	w.scanned = w.scan()
	return len(w.scanned), nil
}

func (b *wifiBackend) ScannedNetworks() ([]wificonfig.ScannedNetwork, error) {
	w, err := b.lock("GetScannedNetworks")
	if err != nil {
		return nil, err
	}
	defer b.unlock()
	out := make([]wificonfig.ScannedNetwork, len(w.scanned))
	for i, s := range w.scanned {
		s.SSID = bytes.Clone(s.SSID)
		out[i] = s
	}
	return out, nil
}

func (b *wifiBackend) NetworkDiagnostics(id int) (wificonfig.NetworkDiagnostics, error) {
	const op = "GetNetworkDiagnostics"
	w, err := b.lock(op)
	if err != nil {
		return wificonfig.NetworkDiagnostics{}, err
	}
	defer b.unlock()
	n, err := w.network(op, id)
	if err != nil {
		return wificonfig.NetworkDiagnostics{}, err
	}
	if n.diag == nil {
		return wificonfig.NetworkDiagnostics{}, apierr.Newf(op, strconv.Itoa(id), syscall.ENODEV, "network %d has no failed connection recorded", id)
	}
	diag := *n.diag
	diag.IsEnabled = n.enabled
	diag.IsConnected = w.conn != nil && w.conn.net == n
	return diag, nil
}

func (b *wifiBackend) SetPowerSavingsEnabled(enabled bool) error {
	w, err := b.lock("SetPowerSavingsEnabled")
	if err != nil {
		return err
	}
	defer b.unlock()
	w.powerSavings = enabled
	return nil
}

// storeNow adds n to the running and the stored configuration at once (the deprecated Store*
// calls persist immediately in the simulator).
func (w *wifiState) storeNow(op string, n *network) error {
	if len(w.stored) >= w.opts.PersistLimit {
		return apierr.Newf(op, string(n.ssid), syscall.ENOSPC, "%d networks are persisted already", len(w.stored))
	}
	if _, err := w.add(op, n); err != nil {
		return err
	}
	w.stored = append(w.stored, n.clone())
	w.reevaluate()
	return nil
}

func (w *wifiState) findStored(ssid []byte, sec wificonfig.Security) int {
	return slices.IndexFunc(w.running, func(n *network) bool {
		return n.security == sec && bytes.Equal(n.ssid, ssid)
	})
}

func (b *wifiBackend) StoreOpenNetwork(ssid []byte) error {
	const op = "StoreOpenNetwork"
	w, err := b.lock(op)
	if err != nil {
		return err
	}
	defer b.unlock()
	if w.findStored(ssid, wificonfig.SecurityOpen) >= 0 {
		return apierr.Newf(op, string(ssid), syscall.EEXIST, "an open network with SSID %q is stored", ssid)
	}
	n := &network{ssid: bytes.Clone(ssid), security: wificonfig.SecurityOpen, enabled: true}
	n.certs.loaded = true
	return w.storeNow(op, n)
}

func (b *wifiBackend) StoreWpa2Network(ssid, psk []byte) error {
	const op = "StoreWpa2Network"
	w, err := b.lock(op)
	if err != nil {
		return err
	}
	defer b.unlock()
	if w.findStored(ssid, wificonfig.SecurityWpa2PSK) >= 0 {
		return apierr.Newf(op, string(ssid), syscall.EEXIST, "a WPA2-PSK network with SSID %q is stored", ssid)
	}
	n := &network{ssid: bytes.Clone(ssid), security: wificonfig.SecurityWpa2PSK, enabled: true, psk: bytes.Clone(psk)}
	n.certs.loaded = true
	return w.storeNow(op, n)
}

func (b *wifiBackend) ForgetNetwork(sn wificonfig.StoredNetwork) error {
	const op = "ForgetNetwork"
	w, err := b.lock(op)
	if err != nil {
		return err
	}
	defer b.unlock()
	i := w.findStored(sn.SSID, sn.Security)
	if i < 0 {
		return apierr.Newf(op, string(sn.SSID), syscall.ENOENT, "no %v network with SSID %q is stored", sn.Security, sn.SSID)
	}
	if j := slices.IndexFunc(w.stored, func(n *network) bool {
		return n.security == sn.Security && bytes.Equal(n.ssid, sn.SSID)
	}); j >= 0 {
		w.stored = slices.Delete(w.stored, j, j+1)
	}
	w.remove(i)
	return nil
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

func (w *wifiState) describe(ns []*network) []WifiNetwork {
	out := make([]WifiNetwork, len(ns))
	for i, n := range ns {
		out[i] = WifiNetwork{
			ConfigName: n.configName, SSID: string(n.ssid), Security: n.security, Enabled: n.enabled,
			TargetedScan: n.targetedScan, HasPSK: len(n.psk) > 0, Identity: n.identity,
			ClientCertID: n.clientCertID, RootCAID: n.rootCAID,
			Connected: w.conn != nil && w.conn.net == n,
		}
	}
	return out
}

// WifiRunningConfig returns the running Wi-Fi configuration in ID order.
func (d *Device) WifiRunningConfig() []WifiNetwork {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.wifi.describe(d.wifi.running)
}

// WifiStoredConfig returns the Wi-Fi configuration in nonvolatile storage, which ReloadConfig
// and Reboot load.
func (d *Device) WifiStoredConfig() []WifiNetwork {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.wifi.describe(d.wifi.stored)
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
