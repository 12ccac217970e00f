package wpa_test

import (
	"context"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/filestore"
	"github.com/azsphere-go/applibs/internal/eaplab"
	"github.com/azsphere-go/applibs/internal/testsize"
	"github.com/azsphere-go/applibs/internal/wpactrl"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/wpa"
)

// These tests run real EAP-TLS exchanges: hostapd (wired driver, internal EAP server) and
// wpa_supplicant (wired driver) in two network namespaces joined by a veth pair, set up by
// internal/eaplab. They need root and hostapd, wpasupplicant, iproute2; without them they
// skip, unless CI=true, when they fail. Each test has its own lab (fresh veth pair, so fresh
// MAC addresses: hostapd ignores EAPOL-Start from an address for ~5 s after a failure) and
// they run in parallel.

// longScenario skips a lab scenario that takes many connection cycles (10-15 s) unless the
// long trials run at full size (APPLIBS_TEST_FULL=1, as .ci/run sets), so that the default
// go test ./... stays quick. The shorter lab tests still run by default.
func longScenario(t *testing.T) {
	t.Helper()
	if !testsize.Full() {
		t.Skipf("long lab scenario: runs with %s=1 (as .ci/run does)", testsize.EnvFull)
	}
}

// waitFor bounds how long a test waits for the daemons to reach a state. It is a safety net
// for a broken setup, not a performance assertion: success normally comes in 1-7 s.
const waitFor = 45 * time.Second

// pkiSet is a RADIUS server's PKI and the device's: the server's root CA (the device's
// RootCA), the server's certificate, and the CA that signs accepted device certificates.
type pkiSet struct {
	serverCA  *pkitest.Cert
	server    *pkitest.Cert
	clientCA  *pkitest.Cert
	serverPKI eaplab.ServerPKI
}

func newPKI(t *testing.T, name string, clientCA *pkitest.Cert) pkiSet {
	t.Helper()
	p := pkiSet{serverCA: pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: name + " Server Root"}})}
	p.server = p.serverCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: name + " radius"}})
	p.clientCA = clientCA
	if p.clientCA == nil {
		p.clientCA = pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: name + " Device CA"}})
	}
	p.serverPKI = eaplab.ServerPKI{ClientCA: p.clientCA.CertPEM, ServerCert: p.server.CertPEM, ServerKey: p.server.MustKeyPEM(pkitest.PKCS8, nil)}
	return p
}

// rig is a lab with a certificate store and a backend driving its supplicant.
type rig struct {
	t      *testing.T
	lab    *eaplab.Lab
	fs     *filestore.Store
	certs  *certstore.Store
	b      *wpa.Backend
	cfg    *wificonfig.Config
	state  string
	events *eventLog
}

// eventLog records the daemon's raw events through a monitor of the test's own.
type eventLog struct {
	mu     sync.Mutex
	events []wpactrl.Event
}

func (l *eventLog) has(name string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range l.events {
		if e.Name == name {
			return true
		}
	}
	return false
}

func (l *eventLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for _, e := range l.events {
		fmt.Fprintf(&b, "<%d>%s %s\n", e.Level, e.Name, e.Text)
	}
	return b.String()
}

func newRig(t *testing.T, server eaplab.ServerPKI) *rig {
	t.Helper()
	lab := eaplab.New(t, server)
	r := &rig{t: t, lab: lab, state: t.TempDir(), events: &eventLog{}}
	var err error
	if r.fs, err = filestore.Open(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.fs.Close() })
	r.certs = certstore.New(r.fs)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	mon, err := wpactrl.Attach(ctx, lab.CtrlPath(), "", 256)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev := range mon.Events() {
			r.events.mu.Lock()
			r.events.events = append(r.events.events, ev)
			r.events.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		mon.Close()
		<-done
		if t.Failed() {
			t.Logf("supplicant events:\n%s", r.events)
		}
	})
	r.open()
	return r
}

// open starts the backend (again): what a reboot of the device does.
func (r *rig) open() {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := wpa.Open(ctx, r.lab.CtrlPath(), r.fs, r.state, wpa.Wired(), wpa.WithEAPOLTimers(1, 1, 60))
	if err != nil {
		r.t.Fatal(err)
	}
	r.b, r.cfg = b, wificonfig.New(b)
	r.t.Cleanup(func() { b.Close() })
}

func (r *rig) must(err error) {
	r.t.Helper()
	if err != nil {
		r.t.Fatal(err)
	}
}

// addEAPNetwork configures an enabled EAP-TLS network and returns its ID.
func (r *rig) addEAPNetwork(name, clientID, rootID string) int {
	r.t.Helper()
	id, err := r.cfg.AddNetwork()
	r.must(err)
	r.must(r.cfg.SetSSID(id, []byte("lab-wired")))
	r.must(r.cfg.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS))
	r.must(r.cfg.SetClientIdentity(id, "device"))
	r.must(r.cfg.SetClientCertStoreIdentifier(id, clientID))
	if rootID != "" {
		r.must(r.cfg.SetRootCACertStoreIdentifier(id, rootID))
	}
	r.must(r.cfg.SetConfigName(id, name))
	r.must(r.cfg.SetNetworkEnabled(id, true))
	return id
}

// installClient installs a client certificate with its key as encrypted PKCS#8.
func (r *rig) installClient(id string, c *pkitest.Cert) {
	r.t.Helper()
	pw := []byte("key password " + id)
	r.must(r.certs.InstallClientCertificate(id, c.CertPEM, c.MustKeyPEM(pkitest.EncryptedPKCS8, pw), pw))
}

// waitConnected polls until the device is connected to the network named name.
func (r *rig) waitConnected(name string) int {
	r.t.Helper()
	deadline := time.Now().Add(waitFor)
	for time.Now().Before(deadline) {
		want, err := r.cfg.GetNetworkIDByConfigName(name)
		r.must(err)
		if got, err := r.cfg.GetConnectedNetworkID(); err == nil && got == want {
			return got
		}
		time.Sleep(50 * time.Millisecond)
	}
	got, err := r.cfg.GetConnectedNetworkID()
	r.t.Fatalf("not connected to %q: GetConnectedNetworkID() = %d, %v", name, got, err)
	return -1
}

// waitDiag polls until network name has diagnostics with certError want.
func (r *rig) waitDiag(name string, want wificonfig.CertError) wificonfig.NetworkDiagnostics {
	r.t.Helper()
	deadline := time.Now().Add(waitFor)
	var d wificonfig.NetworkDiagnostics
	var err error
	for time.Now().Before(deadline) {
		id, ierr := r.cfg.GetNetworkIDByConfigName(name)
		r.must(ierr)
		d, err = r.cfg.GetNetworkDiagnostics(id)
		if err == nil && d.CertError == want {
			return d
		}
		time.Sleep(50 * time.Millisecond)
	}
	r.t.Fatalf("no diagnostics with certError %v for %q: last %+v, %v", want, name, d, err)
	return d
}

func TestEAPTLSSuccessAndReboot(t *testing.T) {
	t.Parallel()
	p := newPKI(t, "A", nil)
	r := newRig(t, p.serverPKI)
	r.must(r.certs.InstallRootCACertificate("RadiusRoot", p.serverCA.CertPEM))
	r.installClient("ClientCert1", p.clientCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device gen1"}}))
	start := time.Now()
	id := r.addEAPNetwork("Network1", "ClientCert1", "RadiusRoot")
	r.waitConnected("Network1")
	t.Logf("connected %v after enabling", time.Since(start).Round(time.Millisecond))

	cur, err := r.cfg.GetCurrentNetwork()
	r.must(err)
	if string(cur.SSID) != "lab-wired" || cur.Security != wificonfig.SecurityWPA2EAPTLS {
		t.Errorf("GetCurrentNetwork() = %+v", cur)
	}
	nets, err := r.cfg.GetStoredNetworks()
	r.must(err)
	if len(nets) != 1 || !nets[0].IsConnected || !nets[0].IsEnabled {
		t.Errorf("GetStoredNetworks() = %+v", nets)
	}
	if _, err := r.cfg.GetNetworkDiagnostics(id); !errors.Is(err, syscall.ENODEV) {
		t.Errorf("GetNetworkDiagnostics after a clean connect = %v, want ENODEV", err)
	}
	if n, err := r.cfg.TriggerScanAndGetScannedNetworkCount(); err != nil || n != 0 {
		t.Errorf("wired scan = %d, %v; want 0, nil", n, err)
	}
	// Any bytes make an SSID: the daemon takes them as hex.
	odd := []byte{0, 0xff, '"', ' ', 'x'}
	r.must(r.cfg.SetSSID(id, odd))
	if nets, err := r.cfg.GetStoredNetworks(); err != nil || string(nets[0].SSID) != string(odd) {
		t.Errorf("SSID after SetSSID(%q) = %+v, %v", odd, nets, err)
	}
	r.must(r.cfg.SetSSID(id, []byte("lab-wired")))

	// Persist, "reboot" (a new backend on the same state directory and store): the device
	// connects again with the stored configuration.
	r.must(r.cfg.PersistConfig())
	fi, err := os.Stat(filepath.Join(r.state, "networks.json"))
	r.must(err)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("networks.json mode = %v, want 0600", fi.Mode().Perm())
	}
	r.must(r.b.Close())
	if _, err := r.cfg.GetStoredNetworkCount(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("call after Close = %v, want an error wrapping net.ErrClosed", err)
	}
	r.open()
	r.waitConnected("Network1")
	if got, err := r.cfg.GetClientCertStoreIdentifier(0); err != nil || got != "ClientCert1" {
		t.Errorf("after reboot client cert = %q, %v", got, err)
	}
}

func TestWrongRootCA(t *testing.T) {
	t.Parallel()
	p := newPKI(t, "B", nil)
	other := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Unrelated Root"}})
	r := newRig(t, p.serverPKI)
	r.must(r.certs.InstallRootCACertificate("RadiusRoot", other.CertPEM))
	r.installClient("ClientCert1", p.clientCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device"}}))
	r.addEAPNetwork("Network1", "ClientCert1", "RadiusRoot")
	d := r.waitDiag("Network1", wificonfig.CertErrorInvalidRootCA)
	if d.Error != wificonfig.DiagnosticErrorAuthenticationFailed || d.IsConnected || !d.IsEnabled {
		t.Errorf("diagnostics = %+v, want AuthenticationFailed, enabled, not connected", d)
	}
	if !strings.Contains(d.CertSubject, "B Server Root") && !strings.Contains(d.CertSubject, "B radius") {
		t.Errorf("CertSubject = %q, want the server's chain", d.CertSubject)
	}
	if !r.events.has(wpactrl.EventEAPTLSCertError) {
		t.Errorf("supplicant sent no %s", wpactrl.EventEAPTLSCertError)
	}
	r.capture("events-wrong-root-ca.txt")
	if _, err := r.cfg.GetConnectedNetworkID(); !errors.Is(err, syscall.ENOTCONN) {
		t.Errorf("GetConnectedNetworkID = %v, want ENOTCONN", err)
	}
}

func TestServerRejectsClient(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		client func(p pkiSet) *pkitest.Cert
	}{
		{"Expired", func(p pkiSet) *pkitest.Cert {
			return p.clientCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "expired device"},
				NotBefore: time.Now().AddDate(-2, 0, 0), NotAfter: time.Now().AddDate(-1, 0, 0)})
		}},
		{"UntrustedCA", func(pkiSet) *pkitest.Cert {
			rogue := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Rogue CA"}})
			return rogue.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "rogue device"}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newPKI(t, "C"+tt.name, nil)
			r := newRig(t, p.serverPKI)
			r.must(r.certs.InstallRootCACertificate("RadiusRoot", p.serverCA.CertPEM))
			r.installClient("ClientCert1", tt.client(p))
			r.addEAPNetwork("Network1", "ClientCert1", "RadiusRoot")
			d := r.waitDiag("Network1", wificonfig.CertErrorInvalidClientAuth)
			if d.Error != wificonfig.DiagnosticErrorAuthenticationFailed || d.IsConnected {
				t.Errorf("diagnostics = %+v", d)
			}
			if r.events.has(wpactrl.EventEAPTLSCertError) {
				t.Errorf("supplicant reported a server certificate error; the server rejected the client")
			}
			r.capture("events-rejected-" + strings.ToLower(tt.name) + ".txt")
		})
	}
}

func TestMissingCertificate(t *testing.T) {
	t.Parallel()
	p := newPKI(t, "D", nil)
	r := newRig(t, p.serverPKI)
	r.must(r.certs.InstallRootCACertificate("RadiusRoot", p.serverCA.CertPEM))
	r.addEAPNetwork("Network1", "NoSuchCert", "RadiusRoot")
	d := r.waitDiag("Network1", wificonfig.CertErrorNotFound)
	if d.Error != wificonfig.DiagnosticErrorAuthenticationFailed {
		t.Errorf("diagnostics = %+v", d)
	}
}

// TestClientCertRotation runs the client-certificate update of "Certificate life cycle and
// renewal" against the real authenticator: ClientCert2 is tried through ReloadConfig; when
// it works it becomes ClientCert1; when it does not (not valid yet), the device goes back to
// ClientCert1.
func TestClientCertRotation(t *testing.T) {
	longScenario(t)
	t.Parallel()
	p := newPKI(t, "E", nil)
	r := newRig(t, p.serverPKI)
	r.must(r.certs.InstallRootCACertificate("RadiusRoot", p.serverCA.CertPEM))
	r.installClient("ClientCert1", p.clientCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device gen1"}}))
	r.addEAPNetwork("Network1", "ClientCert1", "RadiusRoot")
	r.must(r.cfg.PersistConfig())
	r.waitConnected("Network1")

	useCert := func(certID string) {
		t.Helper()
		id, err := r.cfg.GetNetworkIDByConfigName("Network1")
		r.must(err)
		r.must(r.cfg.SetClientCertStoreIdentifier(id, certID))
		r.must(r.cfg.PersistConfig())
		r.must(r.cfg.ReloadConfig())
	}

	// A renewal that is not valid yet: the server rejects it; go back to ClientCert1.
	r.installClient("ClientCert2", p.clientCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device early"},
		NotBefore: time.Now().Add(24 * time.Hour)}))
	useCert("ClientCert2")
	r.waitDiag("Network1", wificonfig.CertErrorInvalidClientAuth)
	useCert("ClientCert1")
	r.must(r.certs.DeleteCertificate("ClientCert2"))
	r.waitConnected("Network1")

	// A good renewal: connect with ClientCert2, then make it ClientCert1.
	r.installClient("ClientCert2", p.clientCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device gen2"}}))
	useCert("ClientCert2")
	r.waitConnected("Network1")
	r.must(r.certs.MoveCertificate("ClientCert2", "ClientCert1"))
	useCert("ClientCert1")
	r.waitConnected("Network1")
	if n, _ := r.certs.GetCertificateCount(); n != 2 {
		t.Errorf("certificate count = %d, want 2 (RadiusRoot, ClientCert1)", n)
	}
	if subj, _ := r.certs.GetCertificateSubjectName("ClientCert1"); subj != "/CN=device gen2" {
		t.Errorf("ClientCert1 subject = %q", subj)
	}
	if !r.lab.LogContains("hostapd.log", "CN=device gen2") {
		t.Errorf("hostapd never saw the renewed certificate")
	}
}

// TestRootCARollover runs the root-CA update of "Certificate life cycle and renewal": a
// duplicate network with the new root CA waits, disabled for the server, until the server
// switches to its new PKI; the device then fails on Network1 and moves to Network2.
func TestRootCARollover(t *testing.T) {
	longScenario(t)
	t.Parallel()
	old := newPKI(t, "F1", nil)
	next := newPKI(t, "F2", old.clientCA)
	r := newRig(t, old.serverPKI)
	r.must(r.certs.InstallRootCACertificate("RootCA1", old.serverCA.CertPEM))
	r.installClient("ClientCert1", old.clientCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device"}}))
	net1 := r.addEAPNetwork("Network1", "ClientCert1", "RootCA1")
	r.waitConnected("Network1")

	// The application learns of the new root CA and prepares Network2.
	r.must(r.certs.InstallRootCACertificate("RootCA2", next.serverCA.CertPEM))
	net2, err := r.cfg.AddDuplicateNetwork(net1, "Network2")
	r.must(err)
	if _, err := r.cfg.AddDuplicateNetwork(net1, "Network2"); !errors.Is(err, syscall.EEXIST) {
		t.Errorf("second AddDuplicateNetwork = %v, want EEXIST", err)
	}
	r.must(r.cfg.SetRootCACertStoreIdentifier(net2, "RootCA2"))
	r.must(r.cfg.SetNetworkEnabled(net2, true))
	r.must(r.cfg.PersistConfig())
	if got, err := r.cfg.GetConnectedNetworkID(); err != nil || got != net1 {
		t.Fatalf("before the switch GetConnectedNetworkID() = %d, %v; want %d", got, err, net1)
	}

	// The server switches to the new PKI, and re-authenticates the link.
	r.lab.StartHostapd(next.serverPKI)
	reauth(t, r.lab)
	r.waitConnected("Network2")
	d := r.waitDiag("Network1", wificonfig.CertErrorInvalidRootCA)
	if d.IsConnected {
		t.Errorf("Network1 diagnostics say connected: %+v", d)
	}

	// The application finishes: RootCA2 becomes RootCA1, Network2 goes.
	r.must(r.certs.MoveCertificate("RootCA2", "RootCA1"))
	r.must(r.cfg.ForgetNetworkByID(net2))
	r.must(r.cfg.PersistConfig())
	r.must(r.cfg.ReloadConfig())
	r.waitConnected("Network1")
	if n, _ := r.cfg.GetStoredNetworkCount(); n != 1 {
		t.Errorf("networks = %d, want 1", n)
	}
}

// capture writes the daemon's events to $WPA_CAPTURE/name when that variable is set: how the
// transcripts in internal/wpactrl/testdata were made.
func (r *rig) capture(name string) {
	if dir := os.Getenv("WPA_CAPTURE"); dir != "" {
		os.WriteFile(filepath.Join(dir, name), []byte(r.events.String()), 0o644)
	}
}

// reauth makes the supplicant authenticate again, as a RADIUS session timeout would.
func reauth(t *testing.T, lab *eaplab.Lab) {
	t.Helper()
	c, err := wpactrl.Dial(lab.CtrlPath(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.RequestOK(context.Background(), "REAUTHENTICATE"); err != nil {
		t.Fatal(err)
	}
}

// count returns how many events named name the supplicant has sent.
func (l *eventLog) count(name string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, e := range l.events {
		if e.Name == name {
			n++
		}
	}
	return n
}

// waitSuccesses polls until the supplicant has reported n EAP successes.
func (r *rig) waitSuccesses(n int) {
	r.t.Helper()
	deadline := time.Now().Add(waitFor)
	for r.events.count(wpactrl.EventEAPSuccess) < n {
		if time.Now().After(deadline) {
			r.t.Fatalf("fewer than %d EAP successes", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestCertificateSnapshot shows the device's caching of certificates: replacing the client
// certificate in the store changes nothing for the Wi-Fi side until ReloadConfig.
func TestCertificateSnapshot(t *testing.T) {
	longScenario(t)
	t.Parallel()
	p := newPKI(t, "H", nil)
	r := newRig(t, p.serverPKI)
	r.must(r.certs.InstallRootCACertificate("RadiusRoot", p.serverCA.CertPEM))
	r.installClient("ClientCert1", p.clientCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device snap1"}}))
	r.addEAPNetwork("Network1", "ClientCert1", "RadiusRoot")
	r.must(r.cfg.PersistConfig())
	r.waitConnected("Network1")
	r.waitSuccesses(1)

	// Replace ClientCert1 in place; the link re-authenticates with the loaded (old) files.
	r.installClient("ClientCert1", p.clientCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device snap2"}}))
	if !r.lab.LogContains("hostapd.log", "CN=device snap1") {
		t.Fatalf("hostapd's log does not show the client certificate's subject")
	}
	reauth(t, r.lab)
	r.waitSuccesses(2)
	if r.lab.LogContains("hostapd.log", "CN=device snap2") {
		t.Fatalf("the new certificate was used before ReloadConfig")
	}
	// ReloadConfig reads the store again.
	r.must(r.cfg.ReloadConfig())
	r.waitSuccesses(3)
	r.waitConnected("Network1")
	if !r.lab.LogContains("hostapd.log", "CN=device snap2") {
		t.Errorf("hostapd never saw the replaced certificate after ReloadConfig")
	}
}
