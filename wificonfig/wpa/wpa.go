package wpa

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/certstore/filestore"
	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/internal/atomicfile"
	"github.com/azsphere-go/applibs/internal/wpactrl"
	"github.com/azsphere-go/applibs/wificonfig"
)

// DefaultNetworkLimit is how many networks the running configuration holds unless
// WithNetworkLimit says otherwise.
const DefaultNetworkLimit = 37

// storedName is the file of the stored configuration in the state directory.
const storedName = "networks.json"

// Option configures Open.
type Option func(*options)

type options struct {
	wired        bool
	eapol        []string
	networkLimit int
	now          func() time.Time
}

// Wired makes EAP-TLS networks use key_mgmt=IEEE8021X with eapol_flags=0, for
// wpa_supplicant's wired driver (802.1X on Ethernet). Without it they use WPA-EAP (WPA2
// Enterprise), for a Wi-Fi interface.
func Wired() Option { return func(o *options) { o.wired = true } }

// WithEAPOLTimers sets the supplicant's EAPOL timers in seconds (SET EAPOL::startPeriod,
// EAPOL::heldPeriod, EAPOL::maxStart); a value of 0 leaves the daemon's default (30, 60, 3).
// Short periods make the supplicant retry soon after a failure.
func WithEAPOLTimers(startPeriod, heldPeriod, maxStart int) Option {
	return func(o *options) {
		for _, kv := range []struct {
			k string
			v int
		}{{"startPeriod", startPeriod}, {"heldPeriod", heldPeriod}, {"maxStart", maxStart}} {
			if kv.v > 0 {
				o.eapol = append(o.eapol, fmt.Sprintf("SET EAPOL::%s %d", kv.k, kv.v))
			}
		}
	}
}

// WithNetworkLimit sets how many networks the running configuration holds before
// AddNetwork fails with ENOMEM.
func WithNetworkLimit(n int) Option { return func(o *options) { o.networkLimit = n } }

// network is one configured network. The exported fields are what PersistConfig stores.
type network struct {
	SSID         []byte              `json:"ssid"`
	Security     wificonfig.Security `json:"security"`
	PSK          []byte              `json:"psk,omitempty"`
	Identity     string              `json:"identity,omitempty"`
	ClientCertID string              `json:"clientCert,omitempty"`
	RootCAID     string              `json:"rootCA,omitempty"`
	Enabled      bool                `json:"enabled"`
	TargetedScan bool                `json:"targetedScan,omitempty"`
	ConfigName   string              `json:"configName,omitempty"`

	// Running layer only.
	wpaID int // the daemon's network id, or -1
	certs loaded
	diag  *wificonfig.NetworkDiagnostics
}

// loaded is the certificate files a network was loaded with: snapshots (hard links or copies)
// of the store's export files, so that the daemon keeps using them until the next load, as
// the device's Wi-Fi subsystem keeps the certificates it read.
type loaded struct {
	caPath, certPath, keyPath string
	missing                   string // a certificate identifier not found in the store
}

func (n *network) clone() *network {
	c := *n
	c.SSID = bytes.Clone(n.SSID)
	c.PSK = bytes.Clone(n.PSK)
	c.wpaID = -1
	c.certs = loaded{}
	c.diag = nil
	return &c
}

// core is the state shared by every view of a Backend.
type core struct {
	opts  options
	certs *filestore.Store
	dir   string

	conn *wpactrl.Conn
	mon  *wpactrl.Monitor
	wg   sync.WaitGroup

	mu         sync.Mutex
	closed     bool
	running    []*network // IDs are indices
	stored     []*network
	active     *network // the network selected in the daemon
	connected  *network // the network whose authentication succeeded, from events
	certErr    *wpactrl.CertError
	scanned    []wificonfig.ScannedNetwork
	powerSaves bool
	snapSeq    int
	events     []string // recent event names, for tests and debugging
}

// Backend is a wificonfig.Backend that drives a running wpa_supplicant through its control
// socket. Its methods are safe for concurrent use. See the package documentation.
type Backend struct {
	ctx context.Context
	c   *core
}

var _ wificonfig.Backend = (*Backend)(nil)

// Open connects to the wpa_supplicant control socket ctrlPath (the ctrl_interface directory
// joined with the interface name), takes over its networks (removing those it has), loads
// the stored configuration from stateDir (created 0700 if needed) with the certificates it
// names from certs, and starts connecting. ctx bounds the calls Open makes. Close stops it.
func Open(ctx context.Context, ctrlPath string, certs *filestore.Store, stateDir string, opts ...Option) (*Backend, error) {
	o := options{networkLimit: DefaultNetworkLimit, now: time.Now}
	for _, f := range opts {
		f(&o)
	}
	if err := os.MkdirAll(filepath.Join(stateDir, "certs"), 0o700); err != nil {
		return nil, fmt.Errorf("wpa: %w", err)
	}
	stored, err := readStored(filepath.Join(stateDir, storedName))
	if err != nil {
		return nil, err
	}
	conn, err := wpactrl.Dial(ctrlPath, "")
	if err != nil {
		return nil, fmt.Errorf("wpa: %w", err)
	}
	c := &core{opts: o, certs: certs, dir: stateDir, conn: conn, stored: stored}
	fail := func(err error) (*Backend, error) {
		if c.mon != nil {
			c.mon.Close()
		}
		conn.Close()
		return nil, fmt.Errorf("wpa: %w", err)
	}
	if r, err := conn.Request(ctx, "PING"); err != nil || r != "PONG" {
		return fail(fmt.Errorf("PING: %q, %v", r, err))
	}
	for _, cmd := range o.eapol {
		if err := conn.RequestOK(ctx, cmd); err != nil {
			return fail(err)
		}
	}
	if c.mon, err = wpactrl.Attach(ctx, ctrlPath, "", 64); err != nil {
		return fail(err)
	}
	c.mu.Lock()
	err = c.reload(ctx)
	c.mu.Unlock()
	if err != nil {
		c.mon.Close()
		return fail(err)
	}
	c.wg.Add(1)
	go c.handleEvents()
	return &Backend{ctx: context.Background(), c: c}, nil
}

// WithContext returns a view of b whose calls use ctx for their requests to the daemon: a
// deadline or cancellation of ctx ends a call with EAGAIN. Without it every request has
// wpactrl.DefaultTimeout.
func (b *Backend) WithContext(ctx context.Context) *Backend { return &Backend{ctx: ctx, c: b.c} }

// Close stops the event goroutine and closes the control connections. The daemon keeps the
// networks configured; a later Open takes them over. Later calls fail with EAGAIN.
func (b *Backend) Close() error {
	c := b.c
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.mu.Unlock()
	err := c.mon.Close()
	c.wg.Wait()
	if cerr := c.conn.Close(); err == nil {
		err = cerr
	}
	return err
}

func readStored(path string) ([]*network, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("wpa: %w", err)
	}
	var nets []*network
	if err := json.Unmarshal(data, &nets); err != nil {
		return nil, fmt.Errorf("wpa: %s: %w", path, err)
	}
	return nets, nil
}

// lock takes the core's lock for op; it fails with EAGAIN once the backend is closed.
func (b *Backend) lock(op string) (*core, error) {
	c := b.c
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, apierr.New(op, "", syscall.EAGAIN, "the wpa_supplicant backend is closed")
	}
	return c, nil
}

func (c *core) unlock() { c.mu.Unlock() }

// daemonErr converts a failed request into the errno the device would set.
func daemonErr(op, id string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, wpactrl.ErrFailed), errors.Is(err, wpactrl.ErrUnknownCommand):
		return &apierr.Error{Op: op, ID: id, Errno: syscall.EINVAL, Reason: "wpa_supplicant rejected the request", Err: err}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled), errors.Is(err, os.ErrDeadlineExceeded):
		return &apierr.Error{Op: op, ID: id, Errno: syscall.EAGAIN, Reason: "wpa_supplicant did not answer in time", Err: err}
	case errors.Is(err, net.ErrClosed):
		return &apierr.Error{Op: op, ID: id, Errno: syscall.EAGAIN, Reason: "the wpa_supplicant backend is closed", Err: err}
	}
	return &apierr.Error{Op: op, ID: id, Errno: syscall.ENETDOWN, Reason: "wpa_supplicant is unreachable", Err: err}
}

func (c *core) req(ctx context.Context, cmd string) (string, error) { return c.conn.Request(ctx, cmd) }

func (c *core) reqOK(ctx context.Context, cmd string) error { return c.conn.RequestOK(ctx, cmd) }

func (c *core) network(op string, id int) (*network, error) {
	if id < 0 || id >= len(c.running) {
		return nil, apierr.Newf(op, strconv.Itoa(id), syscall.ENODEV, "no network has ID %d (%d networks are configured)", id, len(c.running))
	}
	return c.running[id], nil
}

// ---- Pushing networks to the daemon ----

// fields returns the SET_NETWORK settings of n, without certificate files.
func (c *core) fields(n *network) [][2]string {
	var f [][2]string
	if len(n.SSID) > 0 {
		f = append(f, [2]string{"ssid", wpactrl.String(n.SSID)})
	}
	if n.TargetedScan {
		f = append(f, [2]string{"scan_ssid", "1"})
	} else {
		f = append(f, [2]string{"scan_ssid", "0"})
	}
	if n.ConfigName != "" {
		f = append(f, [2]string{"id_str", wpactrl.String([]byte(n.ConfigName))})
	}
	switch n.Security {
	case wificonfig.SecurityOpen:
		f = append(f, [2]string{"key_mgmt", "NONE"})
	case wificonfig.SecurityWpa2PSK:
		f = append(f, [2]string{"key_mgmt", "WPA-PSK"}, [2]string{"proto", "RSN"})
		if v, ok := wpactrl.PSK(n.PSK); ok {
			f = append(f, [2]string{"psk", v})
		}
	case wificonfig.SecurityWpa2EAPTLS:
		if c.opts.wired {
			f = append(f, [2]string{"key_mgmt", "IEEE8021X"}, [2]string{"eapol_flags", "0"})
		} else {
			f = append(f, [2]string{"key_mgmt", "WPA-EAP"}, [2]string{"proto", "RSN"})
		}
		f = append(f, [2]string{"eap", "TLS"})
		if n.Identity != "" {
			f = append(f, [2]string{"identity", wpactrl.String([]byte(n.Identity))})
		}
	}
	return f
}

// usable reports whether the device would try to connect to n.
func usable(n *network) bool {
	if !n.Enabled || len(n.SSID) == 0 || n.wpaID < 0 || n.certs.missing != "" {
		return false
	}
	switch n.Security {
	case wificonfig.SecurityOpen, wificonfig.SecurityWpa2EAPTLS:
		return true
	case wificonfig.SecurityWpa2PSK:
		_, ok := wpactrl.PSK(n.PSK)
		return ok
	}
	return false
}

// load (re)creates n in the daemon with fresh snapshots of its certificates: what the device
// does when a network is loaded (reload, boot) or enabled. The daemon's network stays
// disabled; connect selects it.
func (c *core) load(ctx context.Context, n *network) error {
	if n.wpaID >= 0 {
		if err := c.reqOK(ctx, "REMOVE_NETWORK "+strconv.Itoa(n.wpaID)); err != nil {
			return err
		}
		if c.active == n {
			c.active = nil
		}
		if c.connected == n {
			c.connected = nil
		}
		n.wpaID = -1
	}
	c.dropSnapshots(n)
	r, err := c.req(ctx, "ADD_NETWORK")
	if err != nil {
		return err
	}
	id, err := strconv.Atoi(strings.TrimSpace(r))
	if err != nil {
		return fmt.Errorf("ADD_NETWORK: reply %q", r)
	}
	n.wpaID = id
	for _, kv := range c.fields(n) {
		if err := c.set(ctx, n, kv[0], kv[1]); err != nil {
			return err
		}
	}
	if n.Security != wificonfig.SecurityWpa2EAPTLS {
		return nil
	}
	n.certs = c.snapshot(n)
	for _, kv := range [][2]string{{"ca_cert", n.certs.caPath}, {"client_cert", n.certs.certPath}, {"private_key", n.certs.keyPath}} {
		if kv[1] != "" {
			if err := c.set(ctx, n, kv[0], wpactrl.String([]byte(kv[1]))); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *core) set(ctx context.Context, n *network, key, value string) error {
	return c.reqOK(ctx, "SET_NETWORK "+strconv.Itoa(n.wpaID)+" "+key+" "+value)
}

// snapshot links the certificate files of n's identifiers into the state directory.
func (c *core) snapshot(n *network) loaded {
	var l loaded
	if c.certs == nil {
		if n.RootCAID != "" {
			return loaded{missing: n.RootCAID}
		}
		if n.ClientCertID != "" {
			return loaded{missing: n.ClientCertID}
		}
		return l
	}
	if n.RootCAID != "" {
		certPath, _, err := c.certs.Paths(n.RootCAID)
		if err == nil {
			l.caPath, err = c.link(certPath, ".ca.pem")
		}
		if err != nil {
			l.missing = n.RootCAID
		}
	}
	if n.ClientCertID != "" && l.missing == "" {
		certPath, keyPath, err := c.certs.Paths(n.ClientCertID)
		if err == nil && keyPath == "" {
			err = errors.New("not a client certificate")
		}
		if err == nil {
			l.certPath, err = c.link(certPath, ".crt.pem")
		}
		if err == nil {
			l.keyPath, err = c.link(keyPath, ".key.pem")
		}
		if err != nil {
			l.missing = n.ClientCertID
		}
	}
	if l.missing != "" {
		c.removeFiles(l)
		return loaded{missing: l.missing}
	}
	return l
}

func (c *core) link(src, suffix string) (string, error) {
	c.snapSeq++
	dst := filepath.Join(c.dir, "certs", strconv.Itoa(os.Getpid())+"-"+strconv.Itoa(c.snapSeq)+suffix)
	if err := os.Link(src, dst); err == nil {
		return dst, nil
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(src)
	if err != nil {
		return "", err
	}
	return dst, os.WriteFile(dst, data, fi.Mode().Perm())
}

func (c *core) removeFiles(l loaded) {
	for _, p := range []string{l.caPath, l.certPath, l.keyPath} {
		if p != "" {
			os.Remove(p)
		}
	}
}

func (c *core) dropSnapshots(n *network) {
	c.removeFiles(n.certs)
	n.certs = loaded{}
}

// reload replaces the running configuration with the stored one and connects. c.mu is held.
func (c *core) reload(ctx context.Context) error {
	for _, n := range c.running {
		c.dropSnapshots(n)
	}
	c.running, c.active, c.connected, c.certErr = nil, nil, nil, nil
	if err := c.reqOK(ctx, "REMOVE_NETWORK all"); err != nil {
		return err
	}
	// Snapshots of an earlier process are garbage now.
	if entries, err := os.ReadDir(filepath.Join(c.dir, "certs")); err == nil {
		for _, e := range entries {
			os.Remove(filepath.Join(c.dir, "certs", e.Name()))
		}
	}
	for _, s := range c.stored {
		n := s.clone()
		c.running = append(c.running, n)
		if err := c.load(ctx, n); err != nil {
			return err
		}
	}
	return c.connect(ctx, 0)
}

// connect selects the first usable network at or after index from (wrapping around), as the
// device tries its enabled networks in turn, or disables every network when none is usable.
// Networks whose certificates are missing get a diagnostic. c.mu is held.
func (c *core) connect(ctx context.Context, from int) error {
	c.certErr = nil
	for k := 0; k < len(c.running); k++ {
		n := c.running[(from+k)%len(c.running)]
		if n.Enabled && n.certs.missing != "" && n.wpaID >= 0 {
			c.fail(n, wificonfig.AuthenticationFailed, wificonfig.CertificateNotFound, -1, "")
		}
		if !usable(n) {
			continue
		}
		if c.active == n {
			return nil
		}
		c.active, c.connected = n, nil
		return c.reqOK(ctx, "SELECT_NETWORK "+strconv.Itoa(n.wpaID))
	}
	c.active, c.connected = nil, nil
	if len(c.running) == 0 {
		return nil
	}
	return c.reqOK(ctx, "DISABLE_NETWORK all")
}

// reconnect is connect after a change that may have made the active network unusable.
func (c *core) reconnect(ctx context.Context) error {
	if c.active != nil && usable(c.active) && slices.Contains(c.running, c.active) {
		return nil
	}
	c.active = nil
	return c.connect(ctx, 0)
}

func (c *core) fail(n *network, e wificonfig.DiagnosticError, ce wificonfig.CertError, depth int, subject string) {
	n.diag = &wificonfig.NetworkDiagnostics{Error: e, Timestamp: c.opts.now().UTC(), CertError: ce, CertDepth: depth, CertSubject: subject}
}

// ---- Events ----

func (c *core) handleEvents() {
	defer c.wg.Done()
	for ev := range c.mon.Events() {
		c.mu.Lock()
		if !c.closed {
			c.event(ev)
		}
		c.mu.Unlock()
	}
}

// event updates the state from one daemon event: the device's reaction to the outcome of a
// connection attempt. c.mu is held.
func (c *core) event(ev wpactrl.Event) {
	c.events = append(c.events, ev.Name)
	if len(c.events) > 64 {
		c.events = c.events[len(c.events)-64:]
	}
	ctx, cancel := context.WithTimeout(context.Background(), wpactrl.DefaultTimeout)
	defer cancel()
	switch ev.Name {
	case wpactrl.EventEAPStarted:
		c.certErr = nil
	case wpactrl.EventEAPTLSCertError:
		ce := wpactrl.ParseCertError(ev.Text)
		c.certErr = &ce
	case wpactrl.EventEAPSuccess:
		c.connected, c.certErr = c.active, nil
	case wpactrl.EventDisconnected:
		c.connected = nil
	case wpactrl.EventEAPFailure:
		n := c.active
		c.connected = nil
		if n == nil {
			return
		}
		if c.certErr != nil {
			c.fail(n, wificonfig.AuthenticationFailed, wificonfig.InvalidRootCA, c.certErr.Depth, c.certErr.Subject)
		} else {
			c.fail(n, wificonfig.AuthenticationFailed, wificonfig.InvalidClientAuth, -1, "")
		}
		c.certErr = nil
		// wpa_supplicant (wired, ap_scan=0) would retry this network for ever; the device
		// moves on to the next enabled one.
		i := slices.Index(c.running, n)
		c.active = nil
		c.connect(ctx, i+1)
	case wpactrl.EventSSIDTempDisabled:
		// Wi-Fi: the daemon gave up on the network for a while (wrong PSK, repeated failures).
		if n := c.active; n != nil {
			f := wpactrl.Fields(ev.Text)
			if f["reason"] == "WRONG_KEY" {
				c.fail(n, wificonfig.WrongKey, 0, -1, "")
			} else if n.diag == nil || n.diag.Error != wificonfig.AuthenticationFailed {
				c.fail(n, wificonfig.ConnectionFailed, 0, -1, "")
			}
		}
	case wpactrl.EventNetworkNotFound:
		if n := c.active; n != nil {
			c.fail(n, wificonfig.NetworkNotFound, 0, -1, "")
			c.active = nil
			c.connect(ctx, slices.Index(c.running, n)+1)
		}
	}
}

// status returns the daemon's STATUS and the running network it says is connected, or nil.
func (c *core) status(ctx context.Context) (map[string]string, *network, error) {
	r, err := c.req(ctx, "STATUS")
	if err != nil {
		return nil, nil, err
	}
	st := wpactrl.KeyValues(r)
	id, err := strconv.Atoi(st["id"])
	if err != nil || st["wpa_state"] != "COMPLETED" {
		return st, nil, nil
	}
	i := slices.IndexFunc(c.running, func(n *network) bool { return n.wpaID == id })
	if i < 0 {
		return st, nil, nil
	}
	n := c.running[i]
	// With 802.1X the link counts only once authentication succeeded.
	if n.Security == wificonfig.SecurityWpa2EAPTLS && (st["EAP state"] != "SUCCESS" || st["suppPortStatus"] != "Authorized") {
		return st, nil, nil
	}
	return st, n, nil
}

// ---- wificonfig.Backend ----

// AddNetwork implements wificonfig.Backend.
func (b *Backend) AddNetwork() (int, error) {
	const op = "AddNetwork"
	c, err := b.lock(op)
	if err != nil {
		return -1, err
	}
	defer c.unlock()
	return c.add(b.ctx, op, &network{wpaID: -1})
}

func (c *core) add(ctx context.Context, op string, n *network) (int, error) {
	if len(c.running) >= c.opts.networkLimit {
		return -1, apierr.Newf(op, "", syscall.ENOMEM, "the running configuration already holds %d networks", len(c.running))
	}
	if err := c.load(ctx, n); err != nil {
		return -1, daemonErr(op, "", err)
	}
	c.running = append(c.running, n)
	return len(c.running) - 1, nil
}

// AddDuplicateNetwork implements wificonfig.Backend.
func (b *Backend) AddDuplicateNetwork(id int, configName string) (int, error) {
	const op = "AddDuplicateNetwork"
	c, err := b.lock(op)
	if err != nil {
		return -1, err
	}
	defer c.unlock()
	src, err := c.network(op, id)
	if err != nil {
		return -1, err
	}
	for _, n := range c.running {
		if n.ConfigName == configName {
			return -1, apierr.Newf(op, strconv.Itoa(id), syscall.EEXIST, "a network is already named %q", configName)
		}
	}
	n := src.clone()
	n.Enabled, n.ConfigName = false, configName
	return c.add(b.ctx, op, n)
}

// SetNetworkOpt implements wificonfig.Backend. Settings take effect in the daemon at once;
// certificate identifiers are read from the store when the network is loaded: on
// SetNetworkEnabled(true), ReloadConfig and Open, as on the device.
func (b *Backend) SetNetworkOpt(id int, attr wificonfig.Attribute, value []byte) error {
	op := attr.SetterOp()
	c, err := b.lock(op)
	if err != nil {
		return err
	}
	defer c.unlock()
	n, err := c.network(op, id)
	if err != nil {
		return err
	}
	sid := strconv.Itoa(id)
	bad := func() error { return apierr.Newf(op, sid, syscall.EINVAL, "invalid value for attribute %v", attr) }
	ctx := b.ctx
	push := func() error { // the non-certificate settings, in place
		for _, kv := range c.fields(n) {
			if err := c.set(ctx, n, kv[0], kv[1]); err != nil {
				return daemonErr(op, sid, err)
			}
		}
		return nil
	}
	switch attr {
	case wificonfig.AttrSSID:
		if len(value) == 0 || len(value) > wificonfig.SSIDMaxLength {
			return apierr.Newf(op, sid, syscall.ERANGE, "SSID is %d bytes", len(value))
		}
		n.SSID = bytes.Clone(value)
	case wificonfig.AttrSecurityType:
		if len(value) != 1 || value[0] < byte(wificonfig.SecurityOpen) || value[0] > byte(wificonfig.SecurityWpa2EAPTLS) {
			return bad()
		}
		n.Security = wificonfig.Security(value[0])
		// The key management changes: load the network afresh.
		if err := c.load(ctx, n); err != nil {
			return daemonErr(op, sid, err)
		}
		return daemonErr(op, sid, c.reconnect(ctx))
	case wificonfig.AttrEnable:
		if len(value) != 1 {
			return bad()
		}
		n.Enabled = value[0] != 0
		if n.Enabled {
			// Enabling (re)loads the network's certificates and starts connecting.
			if c.active != n {
				if err := c.load(ctx, n); err != nil {
					return daemonErr(op, sid, err)
				}
			}
			if c.active == nil {
				return daemonErr(op, sid, c.connect(ctx, id))
			}
			return nil
		}
		if c.active == n {
			c.active, c.connected = nil, nil
			if err := c.reqOK(ctx, "DISABLE_NETWORK "+strconv.Itoa(n.wpaID)); err != nil {
				return daemonErr(op, sid, err)
			}
			return daemonErr(op, sid, c.connect(ctx, id+1))
		}
		return nil
	case wificonfig.AttrTargetedScan:
		if len(value) != 1 {
			return bad()
		}
		n.TargetedScan = value[0] != 0
	case wificonfig.AttrPresharedKey:
		if len(value) > wificonfig.WPA2KeyMaxBufferSize {
			return apierr.Newf(op, sid, syscall.ERANGE, "PSK is %d bytes", len(value))
		}
		if _, ok := wpactrl.PSK(value); !ok {
			return apierr.New(op, sid, syscall.EINVAL, "a PSK is 8 to 63 printable ASCII characters or 64 hex digits")
		}
		n.PSK = bytes.Clone(value)
	case wificonfig.AttrClientIdentity:
		if len(value) > wificonfig.EAPIdentityMaxLength {
			return apierr.Newf(op, sid, syscall.ERANGE, "identity is %d bytes", len(value))
		}
		n.Identity = string(value)
	case wificonfig.AttrClientCertStoreIdentifier:
		n.ClientCertID = string(value)
		return nil
	case wificonfig.AttrRootCACertStoreIdentifier:
		n.RootCAID = string(value)
		return nil
	case wificonfig.AttrConfigName:
		if len(value) == 0 || len(value) > wificonfig.ConfigNameMaxLength {
			return apierr.Newf(op, sid, syscall.ERANGE, "config name is %d bytes", len(value))
		}
		n.ConfigName = string(value)
	default:
		return apierr.Newf(op, sid, syscall.EINVAL, "attribute %v cannot be set", attr)
	}
	if err := push(); err != nil {
		return err
	}
	return daemonErr(op, sid, c.reconnect(ctx))
}

// NetworkOpt implements wificonfig.Backend. The PSK is never returned.
func (b *Backend) NetworkOpt(id int, attr wificonfig.Attribute) ([]byte, error) {
	op := attr.GetterOp()
	c, err := b.lock(op)
	if err != nil {
		return nil, err
	}
	defer c.unlock()
	n, err := c.network(op, id)
	if err != nil {
		return nil, err
	}
	switch attr {
	case wificonfig.AttrSSID:
		return bytes.Clone(n.SSID), nil
	case wificonfig.AttrSecurityType:
		return []byte{byte(n.Security)}, nil
	case wificonfig.AttrEnable:
		return boolByte(n.Enabled), nil
	case wificonfig.AttrTargetedScan:
		return boolByte(n.TargetedScan), nil
	case wificonfig.AttrClientIdentity:
		return []byte(n.Identity), nil
	case wificonfig.AttrClientCertStoreIdentifier:
		return []byte(n.ClientCertID), nil
	case wificonfig.AttrRootCACertStoreIdentifier:
		return []byte(n.RootCAID), nil
	case wificonfig.AttrConfigName:
		return []byte(n.ConfigName), nil
	}
	return nil, apierr.Newf(op, strconv.Itoa(id), syscall.EINVAL, "attribute %v cannot be read", attr)
}

func boolByte(v bool) []byte {
	if v {
		return []byte{1}
	}
	return []byte{0}
}

// PersistConfig implements wificonfig.Backend: it writes the running configuration to
// networks.json in the state directory (0600: it holds PSKs), atomically.
func (b *Backend) PersistConfig() error {
	const op = "PersistConfig"
	c, err := b.lock(op)
	if err != nil {
		return err
	}
	defer c.unlock()
	for i, n := range c.running {
		if len(n.SSID) == 0 {
			return apierr.Newf(op, strconv.Itoa(i), syscall.EINVAL, "network %d has no SSID", i)
		}
	}
	stored := make([]*network, len(c.running))
	for i, n := range c.running {
		stored[i] = n.clone()
	}
	if err := c.writeStored(stored); err != nil {
		return apierr.Wrap(op, "", err)
	}
	c.stored = stored
	return nil
}

func (c *core) writeStored(nets []*network) error {
	if nets == nil {
		nets = []*network{}
	}
	data, err := json.Marshal(nets)
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(c.dir, storedName), data, 0o600, true)
}

// ReloadConfig implements wificonfig.Backend: it removes every network from the daemon,
// adds the stored ones again with the certificates their identifiers name now, and
// connects.
func (b *Backend) ReloadConfig() error {
	const op = "ReloadConfig"
	c, err := b.lock(op)
	if err != nil {
		return err
	}
	defer c.unlock()
	return daemonErr(op, "", c.reload(b.ctx))
}

// NetworkIDByConfigName implements wificonfig.Backend.
func (b *Backend) NetworkIDByConfigName(name string) (int, error) {
	const op = "GetNetworkIDByConfigName"
	c, err := b.lock(op)
	if err != nil {
		return -1, err
	}
	defer c.unlock()
	for i, n := range c.running {
		if n.ConfigName == name {
			return i, nil
		}
	}
	return -1, apierr.Newf(op, name, syscall.ENODEV, "no network is named %q", name)
}

// ForgetNetworkByID implements wificonfig.Backend.
func (b *Backend) ForgetNetworkByID(id int) error {
	const op = "ForgetNetworkByID"
	c, err := b.lock(op)
	if err != nil {
		return err
	}
	defer c.unlock()
	if _, err := c.network(op, id); err != nil {
		return err
	}
	return daemonErr(op, strconv.Itoa(id), c.remove(b.ctx, id))
}

func (c *core) remove(ctx context.Context, i int) error {
	n := c.running[i]
	c.running = slices.Delete(c.running, i, i+1)
	c.dropSnapshots(n)
	if n.wpaID >= 0 {
		if err := c.reqOK(ctx, "REMOVE_NETWORK "+strconv.Itoa(n.wpaID)); err != nil {
			return err
		}
	}
	if c.active == n {
		c.active, c.connected = nil, nil
		return c.connect(ctx, i)
	}
	return nil
}

// ForgetAllNetworks implements wificonfig.Backend.
func (b *Backend) ForgetAllNetworks() error {
	const op = "ForgetAllNetworks"
	c, err := b.lock(op)
	if err != nil {
		return err
	}
	defer c.unlock()
	if err := c.writeStored(nil); err != nil {
		return apierr.Wrap(op, "", err)
	}
	c.stored = nil
	for _, n := range c.running {
		c.dropSnapshots(n)
	}
	c.running, c.active, c.connected = nil, nil, nil
	return daemonErr(op, "", c.reqOK(b.ctx, "REMOVE_NETWORK all"))
}

// StoredNetworkCount implements wificonfig.Backend.
func (b *Backend) StoredNetworkCount() (int, error) {
	c, err := b.lock("GetStoredNetworkCount")
	if err != nil {
		return 0, err
	}
	defer c.unlock()
	return len(c.running), nil
}

// StoredNetworks implements wificonfig.Backend.
func (b *Backend) StoredNetworks() ([]wificonfig.StoredNetwork, error) {
	const op = "GetStoredNetworks"
	c, err := b.lock(op)
	if err != nil {
		return nil, err
	}
	defer c.unlock()
	_, conn, err := c.status(b.ctx)
	if err != nil {
		return nil, daemonErr(op, "", err)
	}
	out := make([]wificonfig.StoredNetwork, len(c.running))
	for i, n := range c.running {
		out[i] = wificonfig.StoredNetwork{SSID: bytes.Clone(n.SSID), IsEnabled: n.Enabled, IsConnected: n == conn, Security: n.Security}
		if out[i].SSID == nil {
			out[i].SSID = []byte{}
		}
	}
	return out, nil
}

// CurrentNetwork implements wificonfig.Backend. With the wired driver the BSSID is the PAE
// group address and frequency and signal are 0.
func (b *Backend) CurrentNetwork() (wificonfig.ConnectedNetwork, error) {
	const op = "GetCurrentNetwork"
	c, err := b.lock(op)
	if err != nil {
		return wificonfig.ConnectedNetwork{}, err
	}
	defer c.unlock()
	st, n, err := c.status(b.ctx)
	if err != nil {
		return wificonfig.ConnectedNetwork{}, daemonErr(op, "", err)
	}
	if n == nil {
		return wificonfig.ConnectedNetwork{}, apierr.New(op, "", syscall.ENODATA, "the device is not connected to a network")
	}
	cn := wificonfig.ConnectedNetwork{SSID: bytes.Clone(n.SSID), Security: n.Security}
	cn.BSSID, _ = parseBSSID(st["bssid"])
	if f, err := strconv.Atoi(st["freq"]); err == nil && f > 0 {
		cn.FrequencyMHz = uint32(f)
	}
	if r, err := c.req(b.ctx, "SIGNAL_POLL"); err == nil {
		if v, err := strconv.Atoi(wpactrl.KeyValues(r)["RSSI"]); err == nil {
			cn.SignalRSSI = int8(max(min(v, 127), -128))
		}
	}
	return cn, nil
}

func parseBSSID(s string) (wificonfig.BSSID, bool) {
	var b wificonfig.BSSID
	hw, err := net.ParseMAC(s)
	if err != nil || len(hw) != len(b) {
		return b, false
	}
	copy(b[:], hw)
	return b, true
}

// ConnectedNetworkID implements wificonfig.Backend: the network the daemon reports
// authenticated (STATUS), as an ID of the running configuration.
func (b *Backend) ConnectedNetworkID() (int, error) {
	const op = "GetConnectedNetworkID"
	c, err := b.lock(op)
	if err != nil {
		return -1, err
	}
	defer c.unlock()
	_, n, err := c.status(b.ctx)
	if err != nil {
		return -1, daemonErr(op, "", err)
	}
	if n == nil {
		return -1, apierr.New(op, "", syscall.ENOTCONN, "the device is not connected to a network")
	}
	return slices.Index(c.running, n), nil
}

// TriggerScan implements wificonfig.Backend: SCAN, then the results once the daemon reports
// them. The wired driver cannot scan: the call then reports 0 networks.
func (b *Backend) TriggerScan() (int, error) {
	const op = "TriggerScanAndGetScannedNetworkCount"
	c, err := b.lock(op)
	if err != nil {
		return 0, err
	}
	defer c.unlock()
	c.scanned = nil
	if c.opts.wired {
		return 0, nil
	}
	if err := c.reqOK(b.ctx, "SCAN"); err != nil {
		return 0, daemonErr(op, "", err)
	}
	// The results event arrives through the monitor; wait for it without holding the lock.
	seen := len(c.events)
	deadline := time.Now().Add(15 * time.Second)
	if d, ok := b.ctx.Deadline(); ok {
		deadline = d
	}
	for {
		found := false
		for _, e := range c.events[min(seen, len(c.events)):] {
			found = found || e == wpactrl.EventScanResults
		}
		if found || time.Now().After(deadline) || c.closed {
			break
		}
		c.mu.Unlock()
		time.Sleep(50 * time.Millisecond)
		c.mu.Lock()
	}
	r, err := c.req(b.ctx, "SCAN_RESULTS")
	if err != nil {
		return 0, daemonErr(op, "", err)
	}
	res, err := wpactrl.ParseScanResults(r)
	if err != nil {
		return 0, apierr.Wrap(op, "", err)
	}
	for _, s := range res {
		sn := wificonfig.ScannedNetwork{FrequencyMHz: uint32(max(s.Frequency, 0)), SignalRSSI: int8(max(min(s.Signal, 127), -128))}
		sn.SSID, _ = unescapeSSID(s.SSID)
		sn.BSSID, _ = parseBSSID(s.BSSID)
		sn.Security = securityOf(s.Flags)
		c.scanned = append(c.scanned, sn)
	}
	return len(c.scanned), nil
}

func securityOf(flags []string) wificonfig.Security {
	for _, f := range flags {
		switch {
		case strings.Contains(f, "EAP"):
			return wificonfig.SecurityWpa2EAPTLS
		case strings.Contains(f, "PSK"):
			return wificonfig.SecurityWpa2PSK
		}
	}
	return wificonfig.SecurityOpen
}

// unescapeSSID undoes printf_encode (\\, \", \e, \n, \r, \t, \xHH).
func unescapeSSID(s string) ([]byte, error) {
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			out = append(out, s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'e':
			out = append(out, 0x1b)
		case 'x':
			if i+2 < len(s) {
				v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
				if err != nil {
					return nil, err
				}
				out = append(out, byte(v))
				i += 2
			}
		default:
			out = append(out, s[i])
		}
	}
	return out, nil
}

// ScannedNetworks implements wificonfig.Backend.
func (b *Backend) ScannedNetworks() ([]wificonfig.ScannedNetwork, error) {
	c, err := b.lock("GetScannedNetworks")
	if err != nil {
		return nil, err
	}
	defer c.unlock()
	out := make([]wificonfig.ScannedNetwork, len(c.scanned))
	for i, s := range c.scanned {
		s.SSID = bytes.Clone(s.SSID)
		out[i] = s
	}
	return out, nil
}

// NetworkDiagnostics implements wificonfig.Backend: the last failure the daemon's events
// showed for network id. An EAP failure after a CTRL-EVENT-EAP-TLS-CERT-ERROR is
// AuthenticationFailed with InvalidRootCA (the server's certificate did not verify against
// the network's root CA), with the depth and subject of the rejected certificate; an EAP
// failure without one is AuthenticationFailed with InvalidClientAuth (the server rejected the
// device's certificate); a certificate identifier not in the store is AuthenticationFailed
// with CertificateNotFound.
func (b *Backend) NetworkDiagnostics(id int) (wificonfig.NetworkDiagnostics, error) {
	const op = "GetNetworkDiagnostics"
	c, err := b.lock(op)
	if err != nil {
		return wificonfig.NetworkDiagnostics{}, err
	}
	defer c.unlock()
	n, err := c.network(op, id)
	if err != nil {
		return wificonfig.NetworkDiagnostics{}, err
	}
	if n.diag == nil {
		return wificonfig.NetworkDiagnostics{}, apierr.Newf(op, strconv.Itoa(id), syscall.ENODEV, "network %d has no failed connection recorded", id)
	}
	_, conn, err := c.status(b.ctx)
	if err != nil {
		return wificonfig.NetworkDiagnostics{}, daemonErr(op, strconv.Itoa(id), err)
	}
	d := *n.diag
	d.IsEnabled, d.IsConnected = n.Enabled, conn == n
	return d, nil
}

// SetPowerSavingsEnabled implements wificonfig.Backend. wpa_supplicant's power saving is a
// driver setting; the backend records the choice and, except with the wired driver, sends
// "SET ps".
func (b *Backend) SetPowerSavingsEnabled(enabled bool) error {
	const op = "SetPowerSavingsEnabled"
	c, err := b.lock(op)
	if err != nil {
		return err
	}
	defer c.unlock()
	if !c.opts.wired {
		v := "0"
		if enabled {
			v = "1"
		}
		if err := c.reqOK(b.ctx, "SET ps "+v); err != nil {
			return daemonErr(op, "", err)
		}
	}
	c.powerSaves = enabled
	return nil
}

func (c *core) findRunning(ssid []byte, sec wificonfig.Security) int {
	return slices.IndexFunc(c.running, func(n *network) bool { return n.Security == sec && bytes.Equal(n.SSID, ssid) })
}

// storeNow adds n to the running and the stored configuration at once.
func (c *core) storeNow(ctx context.Context, op string, n *network) error {
	if _, err := c.add(ctx, op, n); err != nil {
		return err
	}
	stored := append(slices.Clone(c.stored), n.clone())
	if err := c.writeStored(stored); err != nil {
		return apierr.Wrap(op, string(n.SSID), err)
	}
	c.stored = stored
	return daemonErr(op, "", c.reconnect(ctx))
}

// StoreOpenNetwork implements wificonfig.Backend; the network is stored at once.
func (b *Backend) StoreOpenNetwork(ssid []byte) error {
	const op = "StoreOpenNetwork"
	c, err := b.lock(op)
	if err != nil {
		return err
	}
	defer c.unlock()
	if c.findRunning(ssid, wificonfig.SecurityOpen) >= 0 {
		return apierr.Newf(op, string(ssid), syscall.EEXIST, "an open network with SSID %q is stored", ssid)
	}
	return c.storeNow(b.ctx, op, &network{SSID: bytes.Clone(ssid), Security: wificonfig.SecurityOpen, Enabled: true, wpaID: -1})
}

// StoreWpa2Network implements wificonfig.Backend; the network is stored at once.
func (b *Backend) StoreWpa2Network(ssid, psk []byte) error {
	const op = "StoreWpa2Network"
	c, err := b.lock(op)
	if err != nil {
		return err
	}
	defer c.unlock()
	if c.findRunning(ssid, wificonfig.SecurityWpa2PSK) >= 0 {
		return apierr.Newf(op, string(ssid), syscall.EEXIST, "a WPA2-PSK network with SSID %q is stored", ssid)
	}
	if _, ok := wpactrl.PSK(psk); !ok {
		return apierr.New(op, string(ssid), syscall.EINVAL, "a PSK is 8 to 63 printable ASCII characters or 64 hex digits")
	}
	return c.storeNow(b.ctx, op, &network{SSID: bytes.Clone(ssid), Security: wificonfig.SecurityWpa2PSK, Enabled: true, PSK: bytes.Clone(psk), wpaID: -1})
}

// ForgetNetwork implements wificonfig.Backend: it removes the matching network from the
// running and the stored configuration.
func (b *Backend) ForgetNetwork(sn wificonfig.StoredNetwork) error {
	const op = "ForgetNetwork"
	c, err := b.lock(op)
	if err != nil {
		return err
	}
	defer c.unlock()
	i := c.findRunning(sn.SSID, sn.Security)
	if i < 0 {
		return apierr.Newf(op, string(sn.SSID), syscall.ENOENT, "no %v network with SSID %q is stored", sn.Security, sn.SSID)
	}
	if j := slices.IndexFunc(c.stored, func(n *network) bool { return n.Security == sn.Security && bytes.Equal(n.SSID, sn.SSID) }); j >= 0 {
		stored := slices.Delete(slices.Clone(c.stored), j, j+1)
		if err := c.writeStored(stored); err != nil {
			return apierr.Wrap(op, string(sn.SSID), err)
		}
		c.stored = stored
	}
	return daemonErr(op, string(sn.SSID), c.remove(b.ctx, i))
}
