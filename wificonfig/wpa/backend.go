package wpa

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/internal/wifimodel"
	"github.com/azsphere-go/applibs/internal/wpactrl"
	"github.com/azsphere-go/applibs/wificonfig"
)

// The wificonfig.Backend methods. Each takes the lock, checks against the model, brings the
// daemon in step, and only then commits the change to the model, so that a call the daemon
// refuses changes nothing.

// AddNetwork implements wificonfig.Backend.
func (b *Backend) AddNetwork() (int, error) {
	const op = "AddNetwork"
	c, err := b.lock(op)
	if err != nil {
		return -1, err
	}
	defer c.unlock()
	if err := c.cfg.CanAdd(op); err != nil {
		return -1, err
	}
	return c.add(b.ctx, op, wifimodel.Network{})
}

// add builds n in the daemon and appends it to the running configuration.
func (c *core) add(ctx context.Context, op string, n wifimodel.Network) (int, error) {
	st, err := c.build(ctx, n)
	if err != nil {
		return -1, daemonErr(op, -1, err)
	}
	return c.cfg.Add(&network{Network: n, State: st}), nil
}

// AddDuplicateNetwork implements wificonfig.Backend.
func (b *Backend) AddDuplicateNetwork(id int, configName string) (int, error) {
	const op = "AddDuplicateNetwork"
	c, err := b.lock(op)
	if err != nil {
		return -1, err
	}
	defer c.unlock()
	n, err := c.cfg.Duplicate(op, id, configName)
	if err != nil {
		return -1, err
	}
	return c.add(b.ctx, op, n)
}

// change applies apply to a copy of network id's settings, brings the daemon in step with
// the copy, commits it and lets the device reconnect. On failure nothing changes.
func (b *Backend) change(op string, id int, apply func(n *wifimodel.Network) error) error {
	c, err := b.lock(op)
	if err != nil {
		return err
	}
	defer c.unlock()
	e, err := c.cfg.Network(op, id)
	if err != nil {
		return err
	}
	next := e.Network.Clone()
	if err := apply(&next); err != nil {
		return err
	}
	if err := c.update(b.ctx, e, next); err != nil {
		return daemonErr(op, id, err)
	}
	return daemonErr(op, id, c.reconnect(b.ctx))
}

// update brings e's daemon network from e.Network to next and commits next. One changed
// setting is one SET_NETWORK, which the daemon applies whole or not at all; a change of
// several (a new security type changes the key management) rebuilds the network. Certificate
// identifiers are not daemon settings: they are read when the network is loaded.
func (c *core) update(ctx context.Context, e *network, next wifimodel.Network) error {
	before, after := c.fields(e.Network), c.fields(next)
	var changed [][2]string
	sameKeys := len(before) == len(after)
	for i := 0; sameKeys && i < len(after); i++ {
		if before[i][0] != after[i][0] {
			sameKeys = false
		} else if before[i][1] != after[i][1] {
			changed = append(changed, after[i])
		}
	}
	if !sameKeys || len(changed) > 1 {
		return c.rebuild(ctx, e, next)
	}
	if len(changed) == 1 {
		if err := c.setNetwork(ctx, e.State.wpaID, changed[0][0], changed[0][1]); err != nil {
			return err
		}
	}
	e.Network = next
	return nil
}

// SetSSID implements wificonfig.Backend.
func (b *Backend) SetSSID(id int, ssid []byte) error {
	const op = "SetSSID"
	return b.change(op, id, func(n *wifimodel.Network) error { return wifimodel.SetSSID(op, id, n, ssid) })
}

// SetSecurityType implements wificonfig.Backend. The network is rebuilt in the daemon with
// the new key management.
func (b *Backend) SetSecurityType(id int, s wificonfig.Security) error {
	const op = "SetSecurityType"
	return b.change(op, id, func(n *wifimodel.Network) error { return wifimodel.SetSecurity(op, id, n, s) })
}

// SetTargetedScanEnabled implements wificonfig.Backend (scan_ssid).
func (b *Backend) SetTargetedScanEnabled(id int, enabled bool) error {
	return b.change("SetTargetedScanEnabled", id, func(n *wifimodel.Network) error { n.TargetedScan = enabled; return nil })
}

// SetPSK implements wificonfig.Backend. The key is never returned nor quoted in errors.
func (b *Backend) SetPSK(id int, psk []byte) error {
	const op = "SetPSK"
	return b.change(op, id, func(n *wifimodel.Network) error { return wifimodel.SetPSK(op, id, n, psk) })
}

// SetClientIdentity implements wificonfig.Backend.
func (b *Backend) SetClientIdentity(id int, identity string) error {
	const op = "SetClientIdentity"
	return b.change(op, id, func(n *wifimodel.Network) error { return wifimodel.SetIdentity(op, id, n, identity) })
}

// SetClientCertStoreIdentifier implements wificonfig.Backend. The certificate is read from
// the store when the network is loaded: on SetNetworkEnabled(true), ReloadConfig and Open.
func (b *Backend) SetClientCertStoreIdentifier(id int, certID string) error {
	return b.change("SetClientCertStoreIdentifier", id, func(n *wifimodel.Network) error { n.ClientCertID = certID; return nil })
}

// SetRootCACertStoreIdentifier implements wificonfig.Backend; loaded like the client
// certificate.
func (b *Backend) SetRootCACertStoreIdentifier(id int, certID string) error {
	return b.change("SetRootCACertStoreIdentifier", id, func(n *wifimodel.Network) error { n.RootCAID = certID; return nil })
}

// SetConfigName implements wificonfig.Backend (kept by the backend, and sent as id_str).
func (b *Backend) SetConfigName(id int, name string) error {
	const op = "SetConfigName"
	return b.change(op, id, func(n *wifimodel.Network) error { return wifimodel.SetConfigName(op, id, n, name) })
}

// SetNetworkEnabled implements wificonfig.Backend. Enabling loads the network afresh, with
// new snapshots of its certificates, and connects when the device has no network selected;
// disabling the selected network moves on to the next enabled one.
func (b *Backend) SetNetworkEnabled(id int, enabled bool) error {
	const op = "SetNetworkEnabled"
	c, err := b.lock(op)
	if err != nil {
		return err
	}
	defer c.unlock()
	e, err := c.cfg.Network(op, id)
	if err != nil {
		return err
	}
	ctx := b.ctx
	next := e.Network.Clone()
	next.Enabled = enabled
	if enabled {
		if c.active == e {
			e.Network = next
			return nil
		}
		if err := c.rebuild(ctx, e, next); err != nil {
			return daemonErr(op, id, err)
		}
		if c.active == nil {
			return daemonErr(op, id, c.connect(ctx, id))
		}
		return nil
	}
	if c.active == e {
		if err := c.reqOK(ctx, "DISABLE_NETWORK "+strconv.Itoa(e.State.wpaID)); err != nil {
			return daemonErr(op, id, err)
		}
		e.Network = next
		c.active, c.connected = nil, nil
		return daemonErr(op, id, c.connect(ctx, id+1))
	}
	e.Network = next
	return nil
}

// PersistConfig implements wificonfig.Backend: it writes the running configuration to
// networks.json in the state directory (0600: it holds PSKs), atomically and durably.
func (b *Backend) PersistConfig() error {
	const op = "PersistConfig"
	c, err := b.lock(op)
	if err != nil {
		return err
	}
	defer c.unlock()
	stored, err := c.cfg.Persistable(op)
	if err != nil {
		return err
	}
	if err := c.writeStored(stored); err != nil {
		return apierr.Wrap(op, "", err)
	}
	c.cfg.Stored = stored
	return nil
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
	return daemonErr(op, -1, c.reload(b.ctx))
}

// ForgetNetworkByID implements wificonfig.Backend.
func (b *Backend) ForgetNetworkByID(id int) error {
	const op = "ForgetNetworkByID"
	c, err := b.lock(op)
	if err != nil {
		return err
	}
	defer c.unlock()
	e, err := c.cfg.Network(op, id)
	if err != nil {
		return err
	}
	ctx := b.ctx
	if err := c.reqOK(ctx, "REMOVE_NETWORK "+strconv.Itoa(e.State.wpaID)); err != nil {
		return daemonErr(op, id, err)
	}
	c.cfg.Remove(id)
	c.removeFiles(e.State.certs)
	if c.active == e {
		c.active, c.connected = nil, nil
		return daemonErr(op, id, c.connect(ctx, id))
	}
	return nil
}

// ForgetAllNetworks implements wificonfig.Backend: the stored file is emptied first, then
// the running configuration and the daemon.
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
	for _, e := range c.cfg.Running {
		c.removeFiles(e.State.certs)
	}
	c.cfg.Running, c.cfg.Stored, c.active, c.connected = nil, nil, nil, nil
	return daemonErr(op, -1, c.reqOK(b.ctx, "REMOVE_NETWORK all"))
}

// StoredNetworks implements wificonfig.Backend. The list is the backend's own state;
// IsConnected comes from the daemon's STATUS, and is false for every network when the
// daemon does not answer (GetStoredNetworks has no ENETDOWN on the device).
func (b *Backend) StoredNetworks() ([]wificonfig.StoredNetwork, error) {
	c, err := b.lock("GetStoredNetworks")
	if err != nil {
		return nil, err
	}
	defer c.unlock()
	_, conn, err := c.status(b.ctx)
	if err != nil {
		conn = nil
	}
	return c.cfg.StoredNetworks(conn), nil
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
	st, e, err := c.status(b.ctx)
	if err != nil {
		return wificonfig.ConnectedNetwork{}, daemonErr(op, -1, err)
	}
	if e == nil {
		return wificonfig.ConnectedNetwork{}, apierr.New(op, "", syscall.ENODATA, "the device is not connected to a network")
	}
	cn := wificonfig.ConnectedNetwork{SSID: bytes.Clone(e.SSID), Security: e.Security}
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
	_, e, err := c.status(b.ctx)
	if err != nil {
		return -1, daemonErr(op, -1, err)
	}
	if e == nil {
		return -1, apierr.New(op, "", syscall.ENOTCONN, "the device is not connected to a network")
	}
	return c.cfg.ID(e), nil
}

// TriggerScan implements wificonfig.Backend: SCAN, then the results once the daemon reports
// them (CTRL-EVENT-SCAN-RESULTS). Scans run one at a time, so concurrent callers each count
// the results of a scan of their own. The wired driver cannot scan: the call then reports 0
// networks.
func (b *Backend) TriggerScan() (int, error) {
	const op = "TriggerScanAndGetScannedNetworkCount"
	b.c.scanMu.Lock()
	defer b.c.scanMu.Unlock()
	c, err := b.lock(op)
	if err != nil {
		return 0, err
	}
	defer c.unlock()
	if c.opts.wired {
		c.cfg.Scanned = nil
		return 0, nil
	}
	// Subscribe before asking, so that the results event cannot be missed. A busy daemon is
	// already scanning: its results will do.
	sub := c.mon.Subscribe(wpactrl.EventScanResults, wpactrl.EventScanFailed)
	defer sub.Close()
	if err := c.reqOK(b.ctx, "SCAN"); err != nil && !errors.Is(err, wpactrl.ErrBusy) {
		return 0, daemonErr(op, -1, err)
	}
	wctx, cancel := b.ctx, context.CancelFunc(func() {})
	if _, ok := b.ctx.Deadline(); !ok {
		wctx, cancel = context.WithTimeout(b.ctx, 15*time.Second)
	}
	defer cancel()
	c.mu.Unlock() // wait without blocking the other calls and the event handler
	ev, err := sub.Next(wctx)
	c.mu.Lock()
	if c.closed {
		return 0, &apierr.Error{Op: op, Errno: syscall.EBADF, Err: closedError{}}
	}
	if err != nil {
		return 0, apierr.New(op, "", syscall.EAGAIN, "wpa_supplicant reported no scan results in time")
	}
	if ev.Name == wpactrl.EventScanFailed {
		return 0, apierr.New(op, "", syscall.EAGAIN, "wpa_supplicant could not scan; try again")
	}
	r, err := c.req(b.ctx, "SCAN_RESULTS")
	if err != nil {
		return 0, daemonErr(op, -1, err)
	}
	res, err := wpactrl.ParseScanResults(r)
	if err != nil {
		return 0, apierr.Wrap(op, "", err)
	}
	scanned := make([]wificonfig.ScannedNetwork, 0, len(res))
	for _, s := range res {
		sn := wificonfig.ScannedNetwork{FrequencyMHz: uint32(max(s.Frequency, 0)), SignalRSSI: int8(max(min(s.Signal, 127), -128))}
		sn.SSID, _ = unescapeSSID(s.SSID)
		sn.BSSID, _ = parseBSSID(s.BSSID)
		sn.Security = securityOf(s.Flags)
		scanned = append(scanned, sn)
	}
	c.cfg.Scanned = scanned
	return len(scanned), nil
}

func securityOf(flags []string) wificonfig.Security {
	for _, f := range flags {
		switch {
		case strings.Contains(f, "EAP"):
			return wificonfig.SecurityWPA2EAPTLS
		case strings.Contains(f, "PSK"):
			return wificonfig.SecurityWPA2PSK
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
	if _, err := c.cfg.Diagnostics(op, id, nil); err != nil {
		return wificonfig.NetworkDiagnostics{}, err
	}
	_, conn, err := c.status(b.ctx)
	if err != nil {
		return wificonfig.NetworkDiagnostics{}, daemonErr(op, id, err)
	}
	return c.cfg.Diagnostics(op, id, conn)
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
			return daemonErr(op, -1, err)
		}
	}
	c.powerSaves = enabled
	return nil
}
