package sim

import (
	"bytes"
	"cmp"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"golang.org/x/crypto/pbkdf2"

	"github.com/azsphere-go/applibs/internal/certparse"
	"github.com/azsphere-go/applibs/wificonfig"
)

// AccessPoint is one BSS of the simulated radio environment.
type AccessPoint struct {
	// SSID is the network name, 1 to wificonfig.SSIDMaxLength bytes.
	SSID []byte
	// BSSID identifies the access point; SetAccessPoint replaces an access point with the same
	// BSSID.
	BSSID wificonfig.BSSID
	// FrequencyMHz is the centre frequency; 0 means 2437 (channel 6). Frequencies outside the
	// 2.4 GHz (2412-2484) and 5 GHz (5150-5895) bands are refused with
	// NetworkFrequencyNotAllowed.
	FrequencyMHz uint32
	// SignalRSSI is the signal strength in dBm. Among access points with the same SSID the
	// device tries the strongest first.
	SignalRSSI int8
	// Security is what the access point requires: SecurityOpen, SecurityWPA2PSK or
	// SecurityWPA2EAPTLS.
	Security wificonfig.Security
	// Hidden access points do not broadcast their SSID: scans and connections find them only
	// for a configured network with that SSID and targeted scanning enabled.
	Hidden bool
	// PSK is the WPA2 key: a passphrase of 8 to 63 characters or 64 hex digits. A network
	// matches when its PSK derives the same pairwise master key.
	PSK string
	// Server is the RADIUS server of an EAP-TLS access point; nil makes every attempt fail
	// with ConnectionFailed, as an unreachable server does.
	Server *AuthServer
}

// AuthServer is the EAP-TLS authentication (RADIUS) server behind an access point. It
// shares the device's clock: certificates are checked at Device.Now.
type AuthServer struct {
	// Chain is the server's certificate chain, leaf first, then intermediates (not the root).
	Chain []*x509.Certificate
	// Key is the private key of Chain[0]; the device checks that the server holds it.
	Key crypto.Signer
	// ClientCAs are the roots the server trusts for client certificates, and
	// ClientIntermediates any intermediate CAs it holds for building client chains.
	ClientCAs           []*x509.Certificate
	ClientIntermediates []*x509.Certificate
	// Identities, when not nil, are the EAP identities the server knows, each mapped to the
	// common name the client certificate must carry ("" for any). An unknown identity fails
	// with ConnectionFailed; a known one presented with another certificate fails with
	// InvalidClientAuth.
	Identities map[string]string
	// Unreachable makes the server unreachable: attempts fail with ConnectionFailed.
	Unreachable bool
}

// accessPoint is an AccessPoint as the device keeps it, with precomputed pools and keys.
type accessPoint struct {
	AccessPoint
	pmk         []byte         // pairwise master key for WPA2-PSK, when PSK is hex
	serverInter *x509.CertPool // Chain[1:]
	clientRoots *x509.CertPool
	clientInter *x509.CertPool
	serverKeyOK bool // Server.Key is the private key of Server.Chain[0]
}

// SetAccessPoint adds ap to the radio environment, replacing an access point with the same
// BSSID. The device reacts as to a change in its surroundings: it re-checks its connection
// and, when it has none, tries its enabled networks. It returns an error, changing nothing,
// when ap is not a valid access point.
func (d *Device) SetAccessPoint(ap AccessPoint) error {
	a, err := newAccessPoint(ap)
	if err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	w := &d.wifi
	if i := slices.IndexFunc(w.aps, func(x *accessPoint) bool { return x.BSSID == ap.BSSID }); i >= 0 {
		w.aps[i] = a
	} else {
		w.aps = append(w.aps, a)
	}
	w.reevaluate()
	return nil
}

// RemoveAccessPoint removes the access point bssid and reports whether there was one. A
// device connected through it loses the connection and tries its other networks.
func (d *Device) RemoveAccessPoint(bssid wificonfig.BSSID) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	w := &d.wifi
	i := slices.IndexFunc(w.aps, func(x *accessPoint) bool { return x.BSSID == bssid })
	if i < 0 {
		return false
	}
	w.aps = slices.Delete(w.aps, i, i+1)
	w.reevaluate()
	return true
}

// AccessPoints returns the radio environment in the order the access points were added.
func (d *Device) AccessPoints() []AccessPoint {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]AccessPoint, len(d.wifi.aps))
	for i, a := range d.wifi.aps {
		out[i] = a.AccessPoint
		out[i].SSID = bytes.Clone(a.SSID)
	}
	return out
}

func newAccessPoint(ap AccessPoint) (*accessPoint, error) {
	if len(ap.SSID) == 0 || len(ap.SSID) > wificonfig.SSIDMaxLength {
		return nil, fmt.Errorf("sim: access point SSID is %d bytes; want 1 to %d", len(ap.SSID), wificonfig.SSIDMaxLength)
	}
	ap.SSID = bytes.Clone(ap.SSID)
	if ap.FrequencyMHz == 0 {
		ap.FrequencyMHz = 2437
	}
	a := &accessPoint{AccessPoint: ap}
	switch ap.Security {
	case wificonfig.SecurityOpen:
	case wificonfig.SecurityWPA2PSK:
		if pmk, ok := hexPMK([]byte(ap.PSK)); ok {
			a.pmk = pmk
		} else if n := len(ap.PSK); n < 8 || n > 63 {
			return nil, fmt.Errorf("sim: access point PSK is %d bytes; want a passphrase of 8 to 63 or 64 hex digits", n)
		}
	case wificonfig.SecurityWPA2EAPTLS:
		if s := ap.Server; s != nil {
			if len(s.Chain) == 0 || s.Key == nil {
				return nil, errors.New("sim: access point's AuthServer needs a certificate chain and its key")
			}
			c := *s
			c.Chain = slices.Clone(s.Chain)
			c.Identities = cloneMap(s.Identities)
			a.Server = &c
			a.serverInter = poolOf(s.Chain[1:])
			a.serverKeyOK = holdsKey(s.Chain[0], s.Key)
			a.clientRoots = poolOf(s.ClientCAs)
			a.clientInter = poolOf(s.ClientIntermediates)
		}
	default:
		return nil, fmt.Errorf("sim: access point security %v is not Open, Wpa2_Psk or Wpa2_EAP_TLS", ap.Security)
	}
	return a, nil
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func poolOf(certs []*x509.Certificate) *x509.CertPool {
	p := x509.NewCertPool()
	for _, c := range certs {
		p.AddCert(c)
	}
	return p
}

// hexPMK decodes a 64-hex-digit PSK.
func hexPMK(psk []byte) ([]byte, bool) {
	if len(psk) != 64 {
		return nil, false
	}
	pmk := make([]byte, 32)
	if _, err := hex.Decode(pmk, psk); err != nil {
		return nil, false
	}
	return pmk, true
}

// pskMatches reports whether a network's PSK gives the access point's pairwise master key.
// Two passphrases match when equal; a hex key is compared with the passphrase's PBKDF2
// derivation over the SSID (IEEE 802.11i).
func pskMatches(psk []byte, ap *accessPoint) bool {
	mine, mineHex := hexPMK(psk)
	if !mineHex && ap.pmk == nil {
		return bytes.Equal(psk, []byte(ap.PSK))
	}
	if !mineHex {
		mine = pbkdf2.Key(psk, ap.SSID, 4096, 32, sha1.New)
	}
	theirs := ap.pmk
	if theirs == nil {
		theirs = pbkdf2.Key([]byte(ap.PSK), ap.SSID, 4096, 32, sha1.New)
	}
	return bytes.Equal(mine, theirs)
}

func frequencyAllowed(mhz uint32) bool {
	return 2412 <= mhz && mhz <= 2484 || 5150 <= mhz && mhz <= 5895
}

// visible reports whether the device can find ap for a network with the given SSID and
// targeted-scan setting (nil ssid: a passive scan).
func visible(ap *accessPoint, ssid []byte, targeted bool) bool {
	if ssid != nil && !bytes.Equal(ap.SSID, ssid) {
		return false
	}
	return !ap.Hidden || targeted
}

// scan returns one entry per BSS the device hears: every broadcasting access point, and hidden
// ones whose SSID a configured network probes for with targeted scanning.
func (w *wifiState) scan() []wificonfig.ScannedNetwork {
	var out []wificonfig.ScannedNetwork
	for _, ap := range w.aps {
		found := !ap.Hidden
		for _, n := range w.cfg.Running {
			if found {
				break
			}
			found = n.TargetedScan && bytes.Equal(n.SSID, ap.SSID)
		}
		if found {
			out = append(out, wificonfig.ScannedNetwork{
				SSID: bytes.Clone(ap.SSID), BSSID: ap.BSSID, FrequencyMHz: ap.FrequencyMHz,
				SignalRSSI: ap.SignalRSSI, Security: ap.Security,
			})
		}
	}
	return out
}

// certSet is what a network offers for EAP-TLS at an attempt.
type certSet struct {
	client        *certEntry
	root          *certEntry
	rootPool      *x509.CertPool
	clientMissing bool // a client certificate is needed and not loaded
	rootMissing   bool // a root CA is named and not loaded
}

// usableCerts returns the certificates n can use now: those loaded under the identifiers the
// network still names. A certificate named after the last load is not usable until the next
// (ReloadConfig, reboot, enabling the network).
func usableCerts(n *network) certSet {
	lc := n.State.certs
	cs := certSet{}
	if lc.loaded && lc.clientID == n.ClientCertID && lc.client != nil {
		cs.client = lc.client
	} else {
		cs.clientMissing = true
	}
	if n.RootCAID != "" {
		if lc.loaded && lc.rootID == n.RootCAID && lc.root != nil {
			cs.root, cs.rootPool = lc.root, lc.rootPool
		} else {
			cs.rootMissing = true
		}
	}
	return cs
}

// failure is why an attempt failed, as diagnostics report it.
type failure struct {
	err     wificonfig.DiagnosticError
	cert    wificonfig.CertError
	depth   int
	subject string
}

func fail(e wificonfig.DiagnosticError) *failure { return &failure{err: e, depth: -1} }

func authFail(c wificonfig.CertError, depth int, subject string) *failure {
	return &failure{err: wificonfig.DiagnosticErrorAuthenticationFailed, cert: c, depth: depth, subject: subject}
}

// reevaluate re-checks the connection (the access point is still there and, for EAP-TLS, the
// certificates it authenticated with are still accepted at the current time) and, when the
// device is not connected, tries every enabled network.
func (w *wifiState) reevaluate() {
	if c := w.conn; c != nil {
		i := slices.IndexFunc(w.aps, func(x *accessPoint) bool { return x.BSSID == c.ap.BSSID })
		if i < 0 || !visible(w.aps[i], c.net.SSID, c.net.TargetedScan) {
			w.conn = nil
		} else if f := w.authenticate(c.net, w.aps[i], c.certs); f != nil {
			w.record(c.net, f)
			w.conn = nil
		} else {
			c.ap = w.aps[i]
			return
		}
	}
	w.connectAny()
}

// connectAny tries the enabled networks in ID order until one connects, unless the device is
// connected already.
func (w *wifiState) connectAny() {
	if w.conn != nil {
		return
	}
	for _, n := range w.cfg.Running {
		if n.Enabled && len(n.SSID) > 0 && w.try(n) {
			return
		}
	}
}

// try attempts to connect to n through each access point that serves it, strongest first. On
// failure it records the failure of the strongest access point.
func (w *wifiState) try(n *network) bool {
	var cands []*accessPoint
	for _, ap := range w.aps {
		if visible(ap, n.SSID, n.TargetedScan) {
			cands = append(cands, ap)
		}
	}
	w.attempts++
	if len(cands) == 0 {
		w.record(n, fail(wificonfig.DiagnosticErrorNetworkNotFound))
		return false
	}
	slices.SortStableFunc(cands, func(a, b *accessPoint) int { return cmp.Compare(b.SignalRSSI, a.SignalRSSI) })
	cs := usableCerts(n)
	var first *failure
	for _, ap := range cands {
		f := w.authenticate(n, ap, cs)
		if f == nil {
			w.conn = &connection{net: n, ap: ap, certs: cs}
			return true
		}
		if first == nil {
			first = f
		}
	}
	w.record(n, first)
	return false
}

func (w *wifiState) record(n *network, f *failure) {
	n.Fail(w.d.now, f.err, f.cert, f.depth, f.subject)
}

// authenticate decides whether network n can associate with ap at the device's time, offering
// the certificates cs. It returns nil on success.
func (w *wifiState) authenticate(n *network, ap *accessPoint, cs certSet) *failure {
	if !frequencyAllowed(ap.FrequencyMHz) {
		return fail(wificonfig.DiagnosticErrorNetworkFrequencyNotAllowed)
	}
	if n.Security != ap.Security {
		return fail(wificonfig.DiagnosticErrorSecurityTypeMismatch)
	}
	switch ap.Security {
	case wificonfig.SecurityOpen:
		return nil
	case wificonfig.SecurityWPA2PSK:
		if len(n.PSK) == 0 {
			return fail(wificonfig.DiagnosticErrorNoPSKIncluded)
		}
		if !pskMatches(n.PSK, ap) {
			return fail(wificonfig.DiagnosticErrorWrongKey)
		}
		return nil
	}
	return eapTLS(w.d.now, n.Identity, ap, cs)
}

// eapTLS plays the EAP-TLS exchange: the device checks it has its certificates, the server
// looks up the identity, the device authenticates the server against the network's root CA
// (when one is configured) and the server authenticates the client certificate against its
// client CAs. Each side must hold the private key of its leaf; as that does not change between
// attempts it is checked once: for the server when the access point is set up (a signature
// made with AuthServer.Key and verified with the leaf's public key), for the client when the
// certificate store installed the certificate (the key must match).
func eapTLS(now time.Time, identity string, ap *accessPoint, cs certSet) *failure {
	if cs.clientMissing {
		return authFail(wificonfig.CertErrorNotFound, -1, "")
	}
	if cs.rootMissing {
		return authFail(wificonfig.CertErrorNotFound, -1, "")
	}
	srv := ap.Server
	if srv == nil || srv.Unreachable {
		return fail(wificonfig.DiagnosticErrorConnectionFailed)
	}
	wantCN, known := "", true
	if srv.Identities != nil {
		wantCN, known = srv.Identities[identity]
	}
	if !known {
		return fail(wificonfig.DiagnosticErrorConnectionFailed)
	}
	leaf := srv.Chain[0]
	if cs.root != nil {
		_, err := leaf.Verify(x509.VerifyOptions{
			Roots: cs.rootPool, Intermediates: ap.serverInter, CurrentTime: now,
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		})
		if err != nil {
			depth, subject := chainFailure(now, srv.Chain, cs.root.cert)
			return authFail(wificonfig.CertErrorInvalidRootCA, depth, subject)
		}
	}
	if !ap.serverKeyOK {
		if cs.root != nil {
			return authFail(wificonfig.CertErrorInvalidRootCA, 0, certparse.OneLine(leaf.Subject))
		}
		return fail(wificonfig.DiagnosticErrorConnectionFailed)
	}
	client := cs.client.cert
	_, err := client.Verify(x509.VerifyOptions{
		Roots: ap.clientRoots, Intermediates: ap.clientInter, CurrentTime: now,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	if err != nil || (wantCN != "" && client.Subject.CommonName != wantCN) {
		return authFail(wificonfig.CertErrorInvalidClientAuth, 0, certparse.OneLine(client.Subject))
	}
	return nil
}

// chainFailure finds the certificate that made a chain fail at now: the first one outside its
// validity (chain order, then the root), else the top of the presented chain, whose issuer
// the root did not vouch for.
func chainFailure(now time.Time, chain []*x509.Certificate, root *x509.Certificate) (int, string) {
	for i, c := range chain {
		if now.Before(c.NotBefore) || now.After(c.NotAfter) {
			return i, certparse.OneLine(c.Subject)
		}
	}
	if root != nil && (now.Before(root.NotBefore) || now.After(root.NotAfter)) {
		return len(chain), certparse.OneLine(root.Subject)
	}
	top := chain[len(chain)-1]
	return len(chain) - 1, certparse.OneLine(top.Subject)
}

// proofMessage is what each side signs to prove it holds its key.
var proofMessage = sha256.Sum256([]byte("azsphere-go sim EAP-TLS proof of possession"))

// holdsKey reports whether key is the private key of cert, by signing and verifying.
func holdsKey(cert *x509.Certificate, key crypto.Signer) bool {
	if key == nil {
		return false
	}
	switch pub := cert.PublicKey.(type) {
	case *ecdsa.PublicKey:
		sig, err := key.Sign(rand.Reader, proofMessage[:], crypto.SHA256)
		return err == nil && ecdsa.VerifyASN1(pub, proofMessage[:], sig)
	case *rsa.PublicKey:
		sig, err := key.Sign(rand.Reader, proofMessage[:], crypto.SHA256)
		return err == nil && rsa.VerifyPKCS1v15(pub, crypto.SHA256, proofMessage[:], sig) == nil
	case ed25519.PublicKey:
		sig, err := key.Sign(rand.Reader, proofMessage[:], crypto.Hash(0))
		return err == nil && ed25519.Verify(pub, proofMessage[:], sig)
	}
	return false
}

// WifiConnection describes the device's connection, for inspection by tests.
type WifiConnection struct {
	NetworkID  int
	ConfigName string
	SSID       string
	BSSID      wificonfig.BSSID
	// ClientCert and RootCA are the certificates an EAP-TLS connection authenticated with
	// (RootCA nil when the network names none).
	ClientCert *x509.Certificate
	RootCA     *x509.Certificate
}

// WifiConnection returns the device's connection, and false when it is not connected.
func (d *Device) WifiConnection() (WifiConnection, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.wifi.conn
	if c == nil {
		return WifiConnection{}, false
	}
	wc := WifiConnection{
		NetworkID: d.wifi.cfg.ID(c.net), ConfigName: c.net.ConfigName, SSID: string(c.net.SSID), BSSID: c.ap.BSSID,
	}
	if c.certs.client != nil && c.net.Security == wificonfig.SecurityWPA2EAPTLS {
		wc.ClientCert = c.certs.client.cert
	}
	if c.certs.root != nil {
		wc.RootCA = c.certs.root.cert
	}
	return wc, true
}
