package wpa

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/azsphere-go/applibs/internal/wifimodel"
	"github.com/azsphere-go/applibs/internal/wpactrl"
	"github.com/azsphere-go/applibs/wificonfig"
)

// This file keeps the daemon in step with the model: building networks in the daemon,
// snapshots of their certificates, selecting the network to connect to, and the device's
// reactions to the daemon's events. c.mu is held throughout.

func (c *core) req(ctx context.Context, cmd string) (string, error) { return c.conn.Request(ctx, cmd) }

func (c *core) reqOK(ctx context.Context, cmd string) error { return c.conn.RequestOK(ctx, cmd) }

func (c *core) setNetwork(ctx context.Context, wpaID int, key, value string) error {
	return c.reqOK(ctx, "SET_NETWORK "+strconv.Itoa(wpaID)+" "+key+" "+value)
}

// fields returns the SET_NETWORK settings of n, without certificate files.
func (c *core) fields(n wifimodel.Network) [][2]string {
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
	case wificonfig.SecurityWPA2PSK:
		f = append(f, [2]string{"key_mgmt", "WPA-PSK"}, [2]string{"proto", "RSN"})
		if v, ok := wpactrl.PSK(n.PSK); ok {
			f = append(f, [2]string{"psk", v})
		}
	case wificonfig.SecurityWPA2EAPTLS:
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

// usable reports whether the device would try to connect to e.
func usable(e *network) bool {
	if !e.Enabled || len(e.SSID) == 0 || e.State.wpaID < 0 || e.State.certs.missing != "" {
		return false
	}
	switch e.Security {
	case wificonfig.SecurityOpen, wificonfig.SecurityWPA2EAPTLS:
		return true
	case wificonfig.SecurityWPA2PSK:
		return wifimodel.ValidPSK(e.PSK)
	}
	return false
}

// build creates n in the daemon, disabled, with fresh snapshots of its certificates, and
// returns its state. On failure it removes what it created, so the daemon is as before.
func (c *core) build(ctx context.Context, n wifimodel.Network) (netState, error) {
	st := newState()
	id, err := c.conn.RequestInt(ctx, "ADD_NETWORK")
	if err != nil {
		return st, err
	}
	st.wpaID = id
	undo := func(err error) (netState, error) {
		c.reqOK(ctx, "REMOVE_NETWORK "+strconv.Itoa(id))
		c.removeFiles(st.certs)
		return newState(), err
	}
	for _, kv := range c.fields(n) {
		if err := c.setNetwork(ctx, id, kv[0], kv[1]); err != nil {
			return undo(err)
		}
	}
	if n.Security != wificonfig.SecurityWPA2EAPTLS {
		return st, nil
	}
	st.certs = c.snapshot(n)
	for _, kv := range [][2]string{{"ca_cert", st.certs.caPath}, {"client_cert", st.certs.certPath}, {"private_key", st.certs.keyPath}} {
		if kv[1] != "" {
			if err := c.setNetwork(ctx, id, kv[0], wpactrl.String([]byte(kv[1]))); err != nil {
				return undo(err)
			}
		}
	}
	return st, nil
}

// rebuild replaces e's network in the daemon by one built from n (what the device does when
// a network is loaded or its key management changes), and commits n to e once the daemon has
// it. On failure e and the daemon are as before.
func (c *core) rebuild(ctx context.Context, e *network, n wifimodel.Network) error {
	st, err := c.build(ctx, n)
	if err != nil {
		return err
	}
	old := e.State
	e.Network, e.State = n, st
	if c.active == e {
		c.active, c.connected = nil, nil
	}
	c.drop(ctx, old)
	return nil
}

// drop removes a network's daemon network and snapshots. A daemon network that cannot be
// removed now is removed at the next reload (REMOVE_NETWORK all).
func (c *core) drop(ctx context.Context, st netState) {
	if st.wpaID >= 0 {
		c.reqOK(ctx, "REMOVE_NETWORK "+strconv.Itoa(st.wpaID))
	}
	c.removeFiles(st.certs)
}

// snapshot links the certificate files of n's identifiers into the state directory.
func (c *core) snapshot(n wifimodel.Network) loaded {
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

// link makes a snapshot of src in the state directory: a hard link, or else a copy in a
// file this process creates (O_EXCL, 0600), never one that was there before.
func (c *core) link(src, suffix string) (string, error) {
	c.snapSeq++
	dst := filepath.Join(c.dir, "certs", strconv.Itoa(os.Getpid())+"-"+strconv.Itoa(c.snapSeq)+suffix)
	if err := os.Link(src, dst); err == nil {
		return dst, nil
	}
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		return "", err
	}
	return dst, nil
}

func (c *core) removeFiles(l loaded) {
	for _, p := range []string{l.caPath, l.certPath, l.keyPath} {
		if p != "" {
			os.Remove(p)
		}
	}
}

// reload replaces the running configuration with the stored one and connects.
func (c *core) reload(ctx context.Context) error {
	for _, e := range c.cfg.Running {
		c.removeFiles(e.State.certs)
	}
	c.cfg.Running, c.active, c.connected, c.certErr = nil, nil, nil, nil
	if err := c.reqOK(ctx, "REMOVE_NETWORK all"); err != nil {
		return err
	}
	// Snapshots of an earlier process are garbage now.
	if entries, err := os.ReadDir(filepath.Join(c.dir, "certs")); err == nil {
		for _, e := range entries {
			os.Remove(filepath.Join(c.dir, "certs", e.Name()))
		}
	}
	for _, e := range c.cfg.Load(func(wifimodel.Network) netState { return newState() }) {
		st, err := c.build(ctx, e.Network)
		if err != nil {
			return err
		}
		e.State = st
	}
	return c.connect(ctx, 0)
}

// connect selects the first usable network at or after index from (wrapping around), as the
// device tries its enabled networks in turn, or disables every network when none is usable.
// Networks whose certificates are missing get a diagnostic.
func (c *core) connect(ctx context.Context, from int) error {
	c.certErr = nil
	run := c.cfg.Running
	for k := 0; k < len(run); k++ {
		e := run[(from+k)%len(run)]
		if e.Enabled && e.State.certs.missing != "" && e.State.wpaID >= 0 {
			e.Fail(c.opts.now(), wificonfig.DiagnosticErrorAuthenticationFailed, wificonfig.CertErrorNotFound, -1, "")
		}
		if !usable(e) {
			continue
		}
		if c.active == e {
			return nil
		}
		c.active, c.connected = e, nil
		return c.reqOK(ctx, "SELECT_NETWORK "+strconv.Itoa(e.State.wpaID))
	}
	c.active, c.connected = nil, nil
	if len(run) == 0 {
		return nil
	}
	return c.reqOK(ctx, "DISABLE_NETWORK all")
}

// reconnect is connect after a change that may have made the active network unusable or
// another one usable.
func (c *core) reconnect(ctx context.Context) error {
	if c.active != nil && usable(c.active) && slices.Contains(c.cfg.Running, c.active) {
		return nil
	}
	c.active = nil
	return c.connect(ctx, 0)
}

// handleEvents runs the device's reactions to the daemon's events until the monitor closes.
func (c *core) handleEvents() {
	defer c.wg.Done()
	for ev := range c.mon.Events() {
		c.mu.Lock()
		if !c.closed {
			if d := c.mon.Dropped(); d != c.dropped {
				// Events were lost: a certificate error seen before the gap may not
				// belong to the failure that follows it.
				c.dropped, c.certErr = d, nil
			}
			c.event(ev)
		}
		c.mu.Unlock()
	}
}

// event updates the state from one daemon event: the device's reaction to the outcome of a
// connection attempt.
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
		e := c.active
		c.connected = nil
		if e == nil {
			return
		}
		if c.certErr != nil {
			e.Fail(c.opts.now(), wificonfig.DiagnosticErrorAuthenticationFailed, wificonfig.CertErrorInvalidRootCA, c.certErr.Depth, c.certErr.Subject)
		} else {
			e.Fail(c.opts.now(), wificonfig.DiagnosticErrorAuthenticationFailed, wificonfig.CertErrorInvalidClientAuth, -1, "")
		}
		c.certErr = nil
		// wpa_supplicant (wired, ap_scan=0) would retry this network for ever; the device
		// moves on to the next enabled one.
		c.active = nil
		c.connect(ctx, c.cfg.ID(e)+1)
	case wpactrl.EventSSIDTempDisabled:
		// Wi-Fi: the daemon gave up on the network for a while (wrong PSK, repeated failures).
		if e := c.active; e != nil {
			if wpactrl.Fields(ev.Text)["reason"] == "WRONG_KEY" {
				e.Fail(c.opts.now(), wificonfig.DiagnosticErrorWrongKey, 0, -1, "")
			} else if e.Diag == nil || e.Diag.Error != wificonfig.DiagnosticErrorAuthenticationFailed {
				e.Fail(c.opts.now(), wificonfig.DiagnosticErrorConnectionFailed, 0, -1, "")
			}
		}
	case wpactrl.EventNetworkNotFound:
		if e := c.active; e != nil {
			e.Fail(c.opts.now(), wificonfig.DiagnosticErrorNetworkNotFound, 0, -1, "")
			c.active = nil
			c.connect(ctx, c.cfg.ID(e)+1)
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
	i := slices.IndexFunc(c.cfg.Running, func(e *network) bool { return e.State.wpaID == id })
	if i < 0 {
		return st, nil, nil
	}
	e := c.cfg.Running[i]
	// With 802.1X the link counts only once authentication succeeded.
	if e.Security == wificonfig.SecurityWPA2EAPTLS && (st["EAP state"] != "SUCCESS" || st["suppPortStatus"] != "Authorized") {
		return st, nil, nil
	}
	return st, e, nil
}
