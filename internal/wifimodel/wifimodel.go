// Package wifimodel is the one model of a device's Wi-Fi configuration, shared by the
// backends that keep the configuration themselves (the simulated device and the
// wpa_supplicant backend): the running and the stored layer, network IDs that are indices of
// the running layer, duplicate networks, limits, the persist rules, config-name lookups,
// stored-network listings and diagnostics, and the checks of each setting.
//
// What happens around the configuration (connecting, loading certificates, talking to a
// daemon) is the backend's. A backend keeps its own state for each running network in
// [Entry.State] and applies a change to a copy of the settings first when it must be able to
// fail without effect (the daemon refused it), then commits it.
package wifimodel

import (
	"bytes"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/wificonfig"
)

// Network is the configuration of one network, as PersistConfig stores it. Its JSON form is
// the wpa backend's stored file.
type Network struct {
	SSID         []byte              `json:"ssid"`
	Security     wificonfig.Security `json:"security"`
	PSK          []byte              `json:"psk,omitempty"`
	Identity     string              `json:"identity,omitempty"`
	ClientCertID string              `json:"clientCert,omitempty"`
	RootCAID     string              `json:"rootCA,omitempty"`
	Enabled      bool                `json:"enabled"`
	TargetedScan bool                `json:"targetedScan,omitempty"`
	ConfigName   string              `json:"configName,omitempty"`
}

// Clone returns a copy of n that shares no memory with it.
func (n Network) Clone() Network {
	n.SSID = bytes.Clone(n.SSID)
	n.PSK = bytes.Clone(n.PSK)
	return n
}

// Entry is a network of the running configuration: its settings, the backend's state for
// it, and the last failed connection attempt recorded for it (nil for none).
type Entry[S any] struct {
	Network
	State S
	Diag  *wificonfig.NetworkDiagnostics
}

// Config is a device's Wi-Fi configuration: the running layer, whose indices are the network
// IDs, and the stored (nonvolatile) one. The caller serialises access.
type Config[S any] struct {
	Running []*Entry[S]
	Stored  []Network
	// Scanned holds the access points the last scan found.
	Scanned []wificonfig.ScannedNetwork
	// NetworkLimit is the most networks the running layer holds (ENOMEM beyond); 0 means no
	// limit.
	NetworkLimit int
	// PersistLimit is the most networks PersistConfig writes (ENOSPC beyond); 0 means no
	// limit.
	PersistLimit int
}

func idStr(id int) string { return strconv.Itoa(id) }

// Network returns running network id; ENODEV when there is none.
func (c *Config[S]) Network(op string, id int) (*Entry[S], error) {
	if id < 0 || id >= len(c.Running) {
		return nil, apierr.Newf(op, idStr(id), syscall.ENODEV, "no network has ID %d (%d networks are configured)", id, len(c.Running))
	}
	return c.Running[id], nil
}

// ID returns the ID of e, or -1 when e is not in the running layer (nil included).
func (c *Config[S]) ID(e *Entry[S]) int {
	if e == nil {
		return -1
	}
	return slices.Index(c.Running, e)
}

// CanAdd reports, as an ENOMEM error, whether the running layer is full.
func (c *Config[S]) CanAdd(op string) error {
	if c.NetworkLimit > 0 && len(c.Running) >= c.NetworkLimit {
		return apierr.Newf(op, "", syscall.ENOMEM, "the running configuration already holds %d networks", len(c.Running))
	}
	return nil
}

// Add appends e to the running layer (the caller checked CanAdd) and returns its ID.
func (c *Config[S]) Add(e *Entry[S]) int {
	c.Running = append(c.Running, e)
	return len(c.Running) - 1
}

// Duplicate checks that network id can be duplicated under configName and returns the copy's
// settings: every setting of the original, disabled, named configName. ENODEV for an unknown
// id, EEXIST when a network already has configName, ENOMEM when the running layer is full.
func (c *Config[S]) Duplicate(op string, id int, configName string) (Network, error) {
	src, err := c.Network(op, id)
	if err != nil {
		return Network{}, err
	}
	if _, err := c.IDByConfigName(op, configName); err == nil {
		return Network{}, apierr.Newf(op, idStr(id), syscall.EEXIST, "a network is already named %q", configName)
	}
	if err := c.CanAdd(op); err != nil {
		return Network{}, err
	}
	n := src.Network.Clone()
	n.Enabled = false
	n.ConfigName = configName
	return n, nil
}

// IDByConfigName returns the ID of the first running network named name; ENODEV when none is.
func (c *Config[S]) IDByConfigName(op, name string) (int, error) {
	for i, e := range c.Running {
		if e.ConfigName == name {
			return i, nil
		}
	}
	return -1, apierr.Newf(op, name, syscall.ENODEV, "no network is named %q", name)
}

// Remove removes running network id (which must exist) and returns it; the IDs after it
// shift down by one.
func (c *Config[S]) Remove(id int) *Entry[S] {
	e := c.Running[id]
	c.Running = slices.Delete(c.Running, id, id+1)
	return e
}

// Persistable checks that the running layer can be persisted and returns the settings to
// store: ENOSPC when it holds more than PersistLimit networks, EINVAL when a network has no
// SSID. It changes nothing; the caller stores the result (in Stored, and wherever it keeps
// it) once that succeeded.
func (c *Config[S]) Persistable(op string) ([]Network, error) {
	if c.PersistLimit > 0 && len(c.Running) > c.PersistLimit {
		return nil, apierr.Newf(op, "", syscall.ENOSPC, "%d networks are configured; %d can be persisted", len(c.Running), c.PersistLimit)
	}
	out := make([]Network, len(c.Running))
	for i, e := range c.Running {
		if len(e.SSID) == 0 {
			return nil, apierr.Newf(op, idStr(i), syscall.EINVAL, "network %d has no SSID; every network needs one to be persisted", i)
		}
		out[i] = e.Network.Clone()
	}
	return out, nil
}

// Load replaces the running layer with entries made from the stored one, in stored order,
// and returns them; state makes each entry's backend state. Diagnostics start empty.
func (c *Config[S]) Load(state func(Network) S) []*Entry[S] {
	c.Running = make([]*Entry[S], len(c.Stored))
	for i, n := range c.Stored {
		n = n.Clone()
		c.Running[i] = &Entry[S]{Network: n, State: state(n)}
	}
	return c.Running
}

// StoredNetworks describes the running layer as GetStoredNetworks reports it; connected is
// the entry the device is connected to, or nil.
func (c *Config[S]) StoredNetworks(connected *Entry[S]) []wificonfig.StoredNetwork {
	out := make([]wificonfig.StoredNetwork, len(c.Running))
	for i, e := range c.Running {
		ssid := bytes.Clone(e.SSID)
		if ssid == nil {
			ssid = []byte{}
		}
		out[i] = wificonfig.StoredNetwork{SSID: ssid, IsEnabled: e.Enabled, IsConnected: e == connected, Security: e.Security}
	}
	return out
}

// Diagnostics returns the last failure of network id with its current state; ENODEV when
// the network does not exist or has no failure recorded.
func (c *Config[S]) Diagnostics(op string, id int, connected *Entry[S]) (wificonfig.NetworkDiagnostics, error) {
	e, err := c.Network(op, id)
	if err != nil {
		return wificonfig.NetworkDiagnostics{}, err
	}
	if e.Diag == nil {
		return wificonfig.NetworkDiagnostics{}, apierr.Newf(op, idStr(id), syscall.ENODEV, "network %d has no failed connection recorded", id)
	}
	d := *e.Diag
	d.IsEnabled, d.IsConnected = e.Enabled, e == connected
	return d, nil
}

// Fail records a failed connection attempt of e at time at. depth is -1 when no certificate
// is at fault.
func (e *Entry[S]) Fail(at time.Time, code wificonfig.DiagnosticError, certErr wificonfig.CertError, depth int, subject string) {
	e.Diag = &wificonfig.NetworkDiagnostics{Error: code, Timestamp: at.UTC(), CertError: certErr, CertDepth: depth, CertSubject: subject}
}

// SetSSID checks ssid and sets it in n: ERANGE when it is empty or longer than
// wificonfig.SSIDMaxLength.
func SetSSID(op string, id int, n *Network, ssid []byte) error {
	if len(ssid) == 0 || len(ssid) > wificonfig.SSIDMaxLength {
		return apierr.Newf(op, idStr(id), syscall.ERANGE, "SSID is %d bytes; it must be 1 to %d", len(ssid), wificonfig.SSIDMaxLength)
	}
	n.SSID = bytes.Clone(ssid)
	return nil
}

// SetSecurity checks s and sets it in n: EINVAL unless it is Open, WPA2-PSK or WPA2-EAP-TLS.
func SetSecurity(op string, id int, n *Network, s wificonfig.Security) error {
	switch s {
	case wificonfig.SecurityOpen, wificonfig.SecurityWPA2PSK, wificonfig.SecurityWPA2EAPTLS:
		n.Security = s
		return nil
	}
	return apierr.Newf(op, idStr(id), syscall.EINVAL, "security type %v is not Open, Wpa2_Psk or Wpa2_EAP_TLS", s)
}

// SetPSK checks psk and sets it in n: ERANGE when it is longer than
// wificonfig.WPA2KeyMaxBufferSize, EINVAL when it is neither a passphrase of 8 to 63
// printable ASCII characters nor 64 hex digits. The error never quotes the key.
func SetPSK(op string, id int, n *Network, psk []byte) error {
	if len(psk) > wificonfig.WPA2KeyMaxBufferSize {
		return apierr.Newf(op, idStr(id), syscall.ERANGE, "PSK is %d bytes; the limit is %d", len(psk), wificonfig.WPA2KeyMaxBufferSize)
	}
	if !ValidPSK(psk) {
		return apierr.New(op, idStr(id), syscall.EINVAL, "a PSK is 8 to 63 printable ASCII characters or 64 hex digits")
	}
	n.PSK = bytes.Clone(psk)
	return nil
}

// ValidPSK reports whether psk is a WPA2 passphrase (8 to 63 printable ASCII characters) or
// a raw key (64 hex digits).
func ValidPSK(psk []byte) bool {
	switch {
	case len(psk) == 64:
		for _, c := range psk {
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
		return true
	case len(psk) >= 8 && len(psk) <= 63:
		for _, c := range psk {
			if c < 0x20 || c > 0x7e {
				return false
			}
		}
		return true
	}
	return false
}

// SetIdentity checks identity and sets it in n: ERANGE when it is longer than
// wificonfig.EAPIdentityMaxLength.
func SetIdentity(op string, id int, n *Network, identity string) error {
	if len(identity) > wificonfig.EAPIdentityMaxLength {
		return apierr.Newf(op, idStr(id), syscall.ERANGE, "identity is %d bytes; the limit is %d", len(identity), wificonfig.EAPIdentityMaxLength)
	}
	n.Identity = identity
	return nil
}

// SetConfigName checks name and sets it in n: ERANGE when it is empty or longer than
// wificonfig.ConfigNameMaxLength.
func SetConfigName(op string, id int, n *Network, name string) error {
	if len(name) == 0 || len(name) > wificonfig.ConfigNameMaxLength {
		return apierr.Newf(op, idStr(id), syscall.ERANGE, "config name is %d bytes; it must be 1 to %d", len(name), wificonfig.ConfigNameMaxLength)
	}
	n.ConfigName = name
	return nil
}

// Reader serves the wificonfig.Backend methods that only read the running configuration, the
// same way for every backend that keeps the model: embed it (through an unexported alias)
// and give it the backend's lock.
type Reader[S any] struct {
	// Lock runs the backend's entry checks for op (enterprise: the call is an EAP-TLS
	// setting) and returns its configuration locked, with the function that unlocks it.
	Lock func(op string, enterprise bool) (cfg *Config[S], unlock func(), err error)
}

// field returns a string setting of running network id.
func (r Reader[S]) field(op string, id int, get func(*Entry[S]) string) (string, error) {
	c, unlock, err := r.Lock(op, true)
	if err != nil {
		return "", err
	}
	defer unlock()
	e, err := c.Network(op, id)
	if err != nil {
		return "", err
	}
	return get(e), nil
}

// ClientIdentity implements wificonfig.Backend: the EAP identity of network id.
func (r Reader[S]) ClientIdentity(id int) (string, error) {
	return r.field("GetClientIdentity", id, func(e *Entry[S]) string { return e.Identity })
}

// ClientCertStoreIdentifier implements wificonfig.Backend: the client certificate
// identifier of network id.
func (r Reader[S]) ClientCertStoreIdentifier(id int) (string, error) {
	return r.field("GetClientCertStoreIdentifier", id, func(e *Entry[S]) string { return e.ClientCertID })
}

// RootCACertStoreIdentifier implements wificonfig.Backend: the root CA identifier of network
// id.
func (r Reader[S]) RootCACertStoreIdentifier(id int) (string, error) {
	return r.field("GetRootCACertStoreIdentifier", id, func(e *Entry[S]) string { return e.RootCAID })
}

// NetworkIDByConfigName implements wificonfig.Backend: the ID of the first running network
// named name; ENODEV when none is.
func (r Reader[S]) NetworkIDByConfigName(name string) (int, error) {
	const op = "GetNetworkIDByConfigName"
	c, unlock, err := r.Lock(op, false)
	if err != nil {
		return -1, err
	}
	defer unlock()
	return c.IDByConfigName(op, name)
}

// ScannedNetworks implements wificonfig.Backend: the access points the last scan found.
func (r Reader[S]) ScannedNetworks() ([]wificonfig.ScannedNetwork, error) {
	c, unlock, err := r.Lock("GetScannedNetworks", false)
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := make([]wificonfig.ScannedNetwork, len(c.Scanned))
	for i, s := range c.Scanned {
		s.SSID = bytes.Clone(s.SSID)
		out[i] = s
	}
	return out, nil
}
