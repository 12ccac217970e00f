//lint:file-ignore SA1019 the deprecated WifiConfig functions are part of the API under test.

package sim_test

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/wificonfigtest"
)

const oneDay = 24 * time.Hour

var wt0 = sim.Epoch

// radius is the PKI of a RADIUS server: root, intermediate and server leaf.
type radius struct {
	root, inter, leaf *pkitest.Cert
}

// newRadius makes a server PKI. The root is valid [nb, rootNA]; the intermediate and the
// server certificate [nb, na].
func newRadius(name string, nb, rootNA, na time.Time) radius {
	root := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{Organization: []string{"Contoso"}, CommonName: name + " Root"}, NotBefore: nb, NotAfter: rootNA})
	inter := mustIssued(root.IssueCA(pkitest.Options{Subject: pkix.Name{Organization: []string{"Contoso"}, CommonName: name + " Issuing"}, NotBefore: nb, NotAfter: na}))
	leaf := inter.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: name + " Server"}, NotBefore: nb, NotAfter: na})
	return radius{root: root, inter: inter, leaf: leaf}
}

func mustIssued(c *pkitest.Cert, err error) *pkitest.Cert {
	if err != nil {
		panic(err)
	}
	return c
}

// The PKIs are made once: the tests only read them.
var (
	wifiPKIOnce  sync.Once
	wifiClientCA *pkitest.Cert
	wifiRadius1  radius // root expires at wt0+100d, before its server certificate
	wifiRadius2  radius
	wifiOtherCA  *pkitest.Cert
	corpSSID     = []byte("Contoso Corp")
	corpBSSID    = wificonfig.BSSID{0x02, 0, 0, 0, 0, 0x01}
)

func wifiPKIs() {
	wifiPKIOnce.Do(func() {
		wifiClientCA = pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Devices CA"}, NotBefore: wt0.Add(-365 * oneDay), NotAfter: wt0.Add(5 * 365 * oneDay)})
		wifiRadius1 = newRadius("RADIUS 1", wt0.Add(-365*oneDay), wt0.Add(100*oneDay), wt0.Add(200*oneDay))
		wifiRadius2 = newRadius("RADIUS 2", wt0.Add(-10*oneDay), wt0.Add(3*365*oneDay), wt0.Add(3*365*oneDay))
		wifiOtherCA = pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Other CA"}, NotBefore: wt0.Add(-365 * oneDay), NotAfter: wt0.Add(365 * oneDay)})
	})
}

// eapEnv is a device, the certificate store and the Wi-Fi configuration bound to it, and an
// EAP-TLS access point.
type eapEnv struct {
	dev   *sim.Device
	store *certstore.Store
	cfg   *wificonfig.Config
}

func newEAPEnv(t testing.TB) *eapEnv {
	t.Helper()
	wifiPKIs()
	dev := sim.New(sim.Options{})
	return &eapEnv{dev: dev, store: certstore.New(dev.CertStore()), cfg: wificonfig.New(dev.Wifi())}
}

func radiusServer(r radius) *sim.AuthServer {
	return &sim.AuthServer{
		Chain:     []*x509.Certificate{r.leaf.Cert, r.inter.Cert},
		Key:       r.leaf.Key,
		ClientCAs: []*x509.Certificate{wifiClientCA.Cert},
	}
}

func (e *eapEnv) setAP(t testing.TB, srv *sim.AuthServer) {
	t.Helper()
	err := e.dev.SetAccessPoint(sim.AccessPoint{
		SSID: corpSSID, BSSID: corpBSSID, FrequencyMHz: 5180, SignalRSSI: -48,
		Security: wificonfig.SecurityWPA2EAPTLS, Server: srv,
	})
	if err != nil {
		t.Fatal(err)
	}
}

// installClient issues a client certificate valid [nb, na] and installs it under id.
func (e *eapEnv) installClient(t testing.TB, id, cn string, nb, na time.Time) *pkitest.Cert {
	t.Helper()
	c := wifiClientCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: cn}, NotBefore: nb, NotAfter: na})
	if err := e.store.InstallClientCertificate(id, c.CertPEM, c.MustKeyPEM(pkitest.PKCS8, nil), nil); err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *eapEnv) installRoot(t testing.TB, id string, c *pkitest.Cert) {
	t.Helper()
	if err := e.store.InstallRootCACertificate(id, c.CertPEM); err != nil {
		t.Fatal(err)
	}
}

// addEAP configures, enables and persists an EAP-TLS network as the documentation's Network1.
func (e *eapEnv) addEAP(t testing.TB, name, clientID, rootID string) int {
	t.Helper()
	c := e.cfg
	id, err := c.AddNetwork()
	noErr(t, err)
	noErr(t, c.SetSSID(id, corpSSID))
	noErr(t, c.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS))
	noErr(t, c.SetConfigName(id, name))
	noErr(t, c.SetClientIdentity(id, "device1"))
	noErr(t, c.SetClientCertStoreIdentifier(id, clientID))
	if rootID != "" {
		noErr(t, c.SetRootCACertStoreIdentifier(id, rootID))
	}
	noErr(t, c.SetNetworkEnabled(id, true))
	noErr(t, c.PersistConfig())
	return id
}

func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (e *eapEnv) id(t testing.TB, name string) int {
	t.Helper()
	id, err := e.cfg.GetNetworkIDByConfigName(name)
	if err != nil {
		t.Fatalf("GetNetworkIDByConfigName(%q): %v", name, err)
	}
	return id
}

// wantConnected asserts the device is connected to the network named name and that its ID
// is wantID.
func (e *eapEnv) wantConnected(t testing.TB, name string, wantID int) {
	t.Helper()
	got, err := e.cfg.GetConnectedNetworkID()
	if err != nil {
		t.Fatalf("GetConnectedNetworkID: %v; want %q (ID %d)", err, name, wantID)
	}
	if got != wantID || e.id(t, name) != wantID {
		t.Fatalf("GetConnectedNetworkID() = %d, %q has ID %d; want both %d", got, name, e.id(t, name), wantID)
	}
	cur, err := e.cfg.GetCurrentNetwork()
	if err != nil || !bytes.Equal(cur.SSID, corpSSID) || cur.BSSID != corpBSSID {
		t.Fatalf("GetCurrentNetwork() = %+v, %v", cur, err)
	}
}

func (e *eapEnv) wantDisconnected(t testing.TB) {
	t.Helper()
	if id, err := e.cfg.GetConnectedNetworkID(); !errors.Is(err, syscall.ENOTCONN) {
		t.Fatalf("GetConnectedNetworkID() = %d, %v; want ENOTCONN", id, err)
	}
	if _, err := e.cfg.GetCurrentNetwork(); !errors.Is(err, syscall.ENODATA) {
		t.Fatalf("GetCurrentNetwork: %v; want ENODATA", err)
	}
}

func (e *eapEnv) wantDiag(t testing.TB, id int, want wificonfig.NetworkDiagnostics) {
	t.Helper()
	got, err := e.cfg.GetNetworkDiagnostics(id)
	if err != nil {
		t.Fatalf("GetNetworkDiagnostics(%d): %v", id, err)
	}
	if want.Timestamp.IsZero() {
		want.Timestamp = e.dev.Now()
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("GetNetworkDiagnostics(%d) (-want +got):\n%s", id, diff)
	}
}

// storedState is the stored configuration reduced to what the procedures change.
func wifiStoredState(dev *sim.Device) []string {
	var out []string
	for _, n := range dev.WifiStoredConfig() {
		out = append(out, fmt.Sprintf("%s enabled=%v client=%s root=%s", n.ConfigName, n.Enabled, n.ClientCertID, n.RootCAID))
	}
	return out
}

func wantWifiStored(t testing.TB, dev *sim.Device, want ...string) {
	t.Helper()
	if diff := cmp.Diff(want, wifiStoredState(dev)); diff != "" {
		t.Fatalf("stored configuration (-want +got):\n%s", diff)
	}
}

func oneLine(c *pkitest.Cert) string {
	s := ""
	for _, atv := range c.Cert.Subject.Names {
		switch atv.Type.String() {
		case "2.5.4.10":
			s += "/O=" + fmt.Sprint(atv.Value)
		case "2.5.4.3":
			s += "/CN=" + fmt.Sprint(atv.Value)
		}
	}
	return s
}

func TestEAPTLSConnects(t *testing.T) {
	e := newEAPEnv(t)
	e.installClient(t, "ClientCert1", "device1", wt0.Add(-oneDay), wt0.Add(365*oneDay))
	e.installRoot(t, "RootCA1", wifiRadius1.root)
	e.setAP(t, radiusServer(wifiRadius1))
	id := e.addEAP(t, "Network1", "ClientCert1", "RootCA1")
	e.wantConnected(t, "Network1", id)
	cur, err := e.cfg.GetCurrentNetwork()
	noErr(t, err)
	want := wificonfig.ConnectedNetwork{SSID: corpSSID, BSSID: corpBSSID, FrequencyMHz: 5180, SignalRSSI: -48, Security: wificonfig.SecurityWPA2EAPTLS}
	if diff := cmp.Diff(want, cur); diff != "" {
		t.Errorf("GetCurrentNetwork (-want +got):\n%s", diff)
	}
	// A network that connected without failing has no diagnostics.
	if _, err := e.cfg.GetNetworkDiagnostics(id); !errors.Is(err, syscall.ENODEV) {
		t.Errorf("GetNetworkDiagnostics: %v; want ENODEV", err)
	}
	conn, ok := e.dev.WifiConnection()
	if !ok || !conn.RootCA.Equal(wifiRadius1.root.Cert) || conn.ClientCert.Subject.CommonName != "device1" {
		t.Errorf("WifiConnection() = %+v, %v", conn, ok)
	}
}

// TestEAPTLSFailures checks each failure the device reports for EAP-TLS, with the
// certificates actually verified at the device's clock.
func TestEAPTLSFailures(t *testing.T) {
	wifiPKIs()
	untrusted := wifiOtherCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device1"}, NotBefore: wt0.Add(-oneDay), NotAfter: wt0.Add(oneDay)})
	tests := []struct {
		name    string
		setup   func(t *testing.T, e *eapEnv) (clientID, rootID string)
		server  func() *sim.AuthServer
		advance time.Duration
		want    wificonfig.NetworkDiagnostics
	}{{
		name: "client certificate not installed",
		setup: func(t *testing.T, e *eapEnv) (string, string) {
			e.installRoot(t, "RootCA1", wifiRadius1.root)
			return "NoSuchCert", "RootCA1"
		},
		want: wificonfig.NetworkDiagnostics{Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorNotFound, CertDepth: -1},
	}, {
		name: "root CA not installed",
		setup: func(t *testing.T, e *eapEnv) (string, string) {
			e.installClient(t, "ClientCert1", "device1", wt0.Add(-oneDay), wt0.Add(oneDay))
			return "ClientCert1", "NoSuchRoot"
		},
		want: wificonfig.NetworkDiagnostics{Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorNotFound, CertDepth: -1},
	}, {
		name: "server from another PKI",
		setup: func(t *testing.T, e *eapEnv) (string, string) {
			e.installClient(t, "ClientCert1", "device1", wt0.Add(-oneDay), wt0.Add(oneDay))
			e.installRoot(t, "RootCA1", wifiRadius1.root)
			return "ClientCert1", "RootCA1"
		},
		server: func() *sim.AuthServer { return radiusServer(wifiRadius2) },
		want:   wificonfig.NetworkDiagnostics{Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorInvalidRootCA, CertDepth: 1, CertSubject: oneLine(wifiRadius2.inter)},
	}, {
		name: "root CA expired",
		setup: func(t *testing.T, e *eapEnv) (string, string) {
			e.installClient(t, "ClientCert1", "device1", wt0.Add(-oneDay), wt0.Add(365*oneDay))
			e.installRoot(t, "RootCA1", wifiRadius1.root)
			return "ClientCert1", "RootCA1"
		},
		advance: 150 * oneDay,
		want:    wificonfig.NetworkDiagnostics{Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorInvalidRootCA, CertDepth: 2, CertSubject: oneLine(wifiRadius1.root)},
	}, {
		name: "server certificate expired",
		setup: func(t *testing.T, e *eapEnv) (string, string) {
			e.installClient(t, "ClientCert1", "device1", wt0.Add(-oneDay), wt0.Add(3*365*oneDay))
			e.installRoot(t, "RootCA2", wifiRadius2.root)
			return "ClientCert1", "RootCA2"
		},
		server:  func() *sim.AuthServer { return radiusServer(wifiRadius2) },
		advance: 4 * 365 * oneDay,
		want:    wificonfig.NetworkDiagnostics{Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorInvalidRootCA, CertDepth: 0, CertSubject: "/CN=RADIUS 2 Server"},
	}, {
		name: "client certificate from an untrusted CA",
		setup: func(t *testing.T, e *eapEnv) (string, string) {
			noErr(t, e.store.InstallClientCertificate("ClientCert1", untrusted.CertPEM, untrusted.MustKeyPEM(pkitest.SEC1, nil), nil))
			e.installRoot(t, "RootCA1", wifiRadius1.root)
			return "ClientCert1", "RootCA1"
		},
		want: wificonfig.NetworkDiagnostics{Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorInvalidClientAuth, CertDepth: 0, CertSubject: "/CN=device1"},
	}, {
		name: "client certificate expired",
		setup: func(t *testing.T, e *eapEnv) (string, string) {
			e.installClient(t, "ClientCert1", "device1", wt0.Add(-oneDay), wt0.Add(oneDay))
			e.installRoot(t, "RootCA1", wifiRadius1.root)
			return "ClientCert1", "RootCA1"
		},
		advance: 2 * oneDay,
		want:    wificonfig.NetworkDiagnostics{Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorInvalidClientAuth, CertDepth: 0, CertSubject: "/CN=device1"},
	}, {
		name: "identity unknown to the server",
		setup: func(t *testing.T, e *eapEnv) (string, string) {
			e.installClient(t, "ClientCert1", "device1", wt0.Add(-oneDay), wt0.Add(oneDay))
			return "ClientCert1", ""
		},
		server: func() *sim.AuthServer {
			s := radiusServer(wifiRadius1)
			s.Identities = map[string]string{"device2": ""}
			return s
		},
		want: wificonfig.NetworkDiagnostics{Error: wificonfig.DiagnosticErrorConnectionFailed, CertDepth: -1},
	}, {
		name: "identity bound to another certificate",
		setup: func(t *testing.T, e *eapEnv) (string, string) {
			e.installClient(t, "ClientCert1", "device9", wt0.Add(-oneDay), wt0.Add(oneDay))
			return "ClientCert1", ""
		},
		server: func() *sim.AuthServer {
			s := radiusServer(wifiRadius1)
			s.Identities = map[string]string{"device1": "device1"}
			return s
		},
		want: wificonfig.NetworkDiagnostics{Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorInvalidClientAuth, CertDepth: 0, CertSubject: "/CN=device9"},
	}, {
		name: "server unreachable",
		setup: func(t *testing.T, e *eapEnv) (string, string) {
			e.installClient(t, "ClientCert1", "device1", wt0.Add(-oneDay), wt0.Add(oneDay))
			return "ClientCert1", ""
		},
		server: func() *sim.AuthServer {
			s := radiusServer(wifiRadius1)
			s.Unreachable = true
			return s
		},
		want: wificonfig.NetworkDiagnostics{Error: wificonfig.DiagnosticErrorConnectionFailed, CertDepth: -1},
	}, {
		name: "server without the key of its certificate",
		setup: func(t *testing.T, e *eapEnv) (string, string) {
			e.installClient(t, "ClientCert1", "device1", wt0.Add(-oneDay), wt0.Add(oneDay))
			e.installRoot(t, "RootCA1", wifiRadius1.root)
			return "ClientCert1", "RootCA1"
		},
		server: func() *sim.AuthServer {
			s := radiusServer(wifiRadius1)
			s.Key = wifiRadius2.leaf.Key
			return s
		},
		want: wificonfig.NetworkDiagnostics{Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorInvalidRootCA, CertDepth: 0, CertSubject: "/CN=RADIUS 1 Server"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEAPEnv(t)
			clientID, rootID := tt.setup(t, e)
			srv := radiusServer(wifiRadius1)
			if tt.server != nil {
				srv = tt.server()
			}
			e.setAP(t, srv)
			if tt.advance != 0 {
				e.dev.Advance(tt.advance)
			}
			id := e.addEAP(t, "Network1", clientID, rootID)
			e.wantDisconnected(t)
			want := tt.want
			want.IsEnabled = true
			e.wantDiag(t, id, want)
		})
	}
}

// TestNoRootCAMeansNoServerAuthentication: a network without a root CA connects to any
// server, as the header says.
func TestNoRootCAMeansNoServerAuthentication(t *testing.T) {
	e := newEAPEnv(t)
	e.installClient(t, "ClientCert1", "device1", wt0.Add(-oneDay), wt0.Add(oneDay))
	e.setAP(t, radiusServer(wifiRadius2))
	id := e.addEAP(t, "Network1", "ClientCert1", "")
	e.wantConnected(t, "Network1", id)
}

// TestCertificatesLoadOnReload: the Wi-Fi subsystem reads certificates when the
// configuration is loaded or the network enabled; replacing or moving a certificate in the
// store is not seen until ReloadConfig.
func TestCertificatesLoadOnReload(t *testing.T) {
	e := newEAPEnv(t)
	e.installClient(t, "ClientCert1", "device1", wt0.Add(-oneDay), wt0.Add(365*oneDay))
	e.installRoot(t, "RootCA1", wifiRadius1.root)
	e.setAP(t, radiusServer(wifiRadius1))
	id := e.addEAP(t, "Network1", "ClientCert1", "RootCA1")
	e.wantConnected(t, "Network1", id)

	// The server moves to PKI 2 and the app installs RootCA2 under the same identifier.
	e.installRoot(t, "RootCA1", wifiRadius2.root)
	e.setAP(t, radiusServer(wifiRadius2))
	e.wantDisconnected(t) // still using the RootCA1 loaded before
	e.wantDiag(t, id, wificonfig.NetworkDiagnostics{IsEnabled: true, Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorInvalidRootCA, CertDepth: 1, CertSubject: oneLine(wifiRadius2.inter)})
	noErr(t, e.cfg.ReloadConfig())
	e.wantConnected(t, "Network1", id)

	// Setting an identifier does not load it: the network has no usable root CA until it is
	// enabled again (or reloaded).
	e.installRoot(t, "RootCA2", wifiRadius2.root)
	noErr(t, e.cfg.SetRootCACertStoreIdentifier(id, "RootCA2"))
	noErr(t, e.cfg.SetNetworkEnabled(id, false))
	e.wantDisconnected(t)
	noErr(t, e.cfg.SetNetworkEnabled(id, true))
	e.wantConnected(t, "Network1", id)

	// MoveCertificate onto the client identifier is picked up by ReloadConfig only.
	fresh := e.installClient(t, "ClientNew", "device1", wt0.Add(-oneDay), wt0.Add(365*oneDay))
	noErr(t, e.store.MoveCertificate("ClientNew", "ClientCert1"))
	conn, _ := e.dev.WifiConnection()
	if conn.ClientCert.Equal(fresh.Cert) {
		t.Fatal("connection uses the moved certificate before ReloadConfig")
	}
	noErr(t, e.cfg.ReloadConfig())
	conn, _ = e.dev.WifiConnection()
	if !conn.ClientCert.Equal(fresh.Cert) {
		t.Fatal("connection does not use the moved certificate after ReloadConfig")
	}
}

// setupNetwork1 is step 1 of both renewal procedures of "Certificate life cycle and
// renewal": Network1, EAP-TLS, linked to ClientCert1 and RootCA1, connected.
func setupNetwork1(t testing.TB, clientNotAfter time.Time) (*eapEnv, *pkitest.Cert) {
	e := newEAPEnv(t)
	c1 := e.installClient(t, "ClientCert1", "device1", wt0.Add(-300*oneDay), clientNotAfter)
	e.installRoot(t, "RootCA1", wifiRadius1.root)
	e.setAP(t, radiusServer(wifiRadius1))
	id := e.addEAP(t, "Network1", "ClientCert1", "RootCA1")
	e.wantConnected(t, "Network1", id)
	wantWifiStored(t, e.dev, "Network1 enabled=true client=ClientCert1 root=RootCA1")
	return e, c1
}

// prepareRollover is steps 2 to 5 of "Update a Root CA certificate": install Root CA2,
// duplicate Network1 as Network2 linked to it, enable Network2; the device stays on Network1.
func prepareRollover(t testing.TB, e *eapEnv) {
	e.installRoot(t, "RootCA2", wifiRadius2.root) // step 3
	n2, err := e.cfg.AddDuplicateNetwork(e.id(t, "Network1"), "Network2")
	noErr(t, err)
	if n2 != 1 {
		t.Fatalf("AddDuplicateNetwork = %d; want 1", n2)
	}
	if sn, _ := e.cfg.GetStoredNetworks(); sn[1].IsEnabled {
		t.Fatal("the duplicate is enabled; want disabled")
	}
	noErr(t, e.cfg.SetRootCACertStoreIdentifier(n2, "RootCA2"))
	noErr(t, e.cfg.SetNetworkEnabled(n2, true))
	noErr(t, e.cfg.PersistConfig())
	wantWifiStored(t, e.dev,
		"Network1 enabled=true client=ClientCert1 root=RootCA1",
		"Network2 enabled=true client=ClientCert1 root=RootCA2")
	// Step 5: the daily poll finds the device on Network1 while the old PKI works.
	for range 3 {
		e.dev.Advance(oneDay)
		e.wantConnected(t, "Network1", 0)
	}
}

// finishRollover is step 6: the device is on Network2, so the app links Root CA2 to
// Network1, deletes Network2 and the old root, persists and reloads.
func finishRollover(t testing.TB, e *eapEnv) {
	e.wantConnected(t, "Network2", 1)
	n1 := e.id(t, "Network1")
	noErr(t, e.cfg.SetRootCACertStoreIdentifier(n1, "RootCA2"))
	noErr(t, e.cfg.ForgetNetworkByID(e.id(t, "Network2")))
	// Network1 names RootCA2 but the Wi-Fi subsystem has not loaded it yet.
	e.wantDisconnected(t)
	e.wantDiag(t, n1, wificonfig.NetworkDiagnostics{IsEnabled: true, Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorNotFound, CertDepth: -1})
	noErr(t, e.cfg.PersistConfig())
	noErr(t, e.cfg.ReloadConfig())
	e.wantConnected(t, "Network1", 0)
	wantWifiStored(t, e.dev, "Network1 enabled=true client=ClientCert1 root=RootCA2")
	noErr(t, e.store.DeleteCertificate("RootCA1"))
	e.dev.Reboot()
	e.wantConnected(t, "Network1", 0)
	if conn, _ := e.dev.WifiConnection(); !conn.RootCA.Equal(wifiRadius2.root.Cert) {
		t.Fatalf("connected with root %v; want Root CA2", conn.RootCA.Subject)
	}
	if n, _ := e.cfg.GetStoredNetworkCount(); n != 1 {
		t.Fatalf("GetStoredNetworkCount() = %d; want 1", n)
	}
}

// TestRootCARolloverServerChangesPKI follows "Update a Root CA certificate" when the RADIUS
// server moves to a new PKI while Root CA1 is still valid.
func TestRootCARolloverServerChangesPKI(t *testing.T) {
	e, _ := setupNetwork1(t, wt0.Add(365*oneDay))
	prepareRollover(t, e)
	// The administrator switches the server to PKI 2: Network1 fails to authenticate the
	// server and the OS moves to Network2 on its own.
	e.setAP(t, radiusServer(wifiRadius2))
	e.wantConnected(t, "Network2", 1)
	e.wantDiag(t, 0, wificonfig.NetworkDiagnostics{IsEnabled: true, Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorInvalidRootCA, CertDepth: 1, CertSubject: oneLine(wifiRadius2.inter)})
	finishRollover(t, e)
}

// TestRootCARolloverRootExpires follows the same procedure when Root CA1 expires first: the
// device loses Network1 at the expiry, cannot use Network2 until the server presents the new
// chain, then moves to Network2.
func TestRootCARolloverRootExpires(t *testing.T) {
	e, _ := setupNetwork1(t, wt0.Add(365*oneDay))
	prepareRollover(t, e)
	e.dev.SetTime(wifiRadius1.root.Cert.NotAfter.Add(time.Hour))
	e.wantDisconnected(t)
	e.wantDiag(t, 0, wificonfig.NetworkDiagnostics{IsEnabled: true, Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorInvalidRootCA, CertDepth: 2, CertSubject: oneLine(wifiRadius1.root)})
	e.wantDiag(t, 1, wificonfig.NetworkDiagnostics{IsEnabled: true, Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorInvalidRootCA, CertDepth: 1, CertSubject: oneLine(wifiRadius1.inter)})
	e.setAP(t, radiusServer(wifiRadius2))
	finishRollover(t, e)
}

// TestClientCertRotation follows "Update a client certificate" with the constant identifiers
// ClientCert1 and ClientCert2. The documented steps 4 and 5 omit PersistConfig, but
// ReloadConfig discards unsaved changes (header), so the app persists before each reload; the
// subtest "without PersistConfig" shows what happens otherwise.
func TestClientCertRotation(t *testing.T) {
	rotate := func(t *testing.T, e *eapEnv, persist bool) bool {
		n1 := e.id(t, "Network1")
		noErr(t, e.cfg.SetClientCertStoreIdentifier(n1, "ClientCert2")) // step 4
		if persist {
			noErr(t, e.cfg.PersistConfig())
		}
		noErr(t, e.cfg.ReloadConfig()) // step 5
		_, err := e.cfg.GetConnectedNetworkID()
		return err == nil // step 6
	}
	t.Run("new certificate not yet valid", func(t *testing.T) {
		e, c1 := setupNetwork1(t, wt0.Add(60*oneDay))
		e.dev.Advance(35 * oneDay) // step 2: expires within four weeks
		e.installClient(t, "ClientCert2", "device1", wt0.Add(40*oneDay), wt0.Add(400*oneDay))
		if rotate(t, e, true) {
			t.Fatal("connected with a certificate that is not valid yet")
		}
		wantWifiStored(t, e.dev, "Network1 enabled=true client=ClientCert2 root=RootCA1")
		e.wantDiag(t, 0, wificonfig.NetworkDiagnostics{IsEnabled: true, Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorInvalidClientAuth, CertDepth: 0, CertSubject: "/CN=device1"})
		// Step 7: return to the original configuration and reload: ClientCert1 again.
		noErr(t, e.cfg.SetClientCertStoreIdentifier(0, "ClientCert1"))
		noErr(t, e.cfg.PersistConfig())
		noErr(t, e.cfg.ReloadConfig())
		e.wantConnected(t, "Network1", 0)
		wantWifiStored(t, e.dev, "Network1 enabled=true client=ClientCert1 root=RootCA1")
		if conn, _ := e.dev.WifiConnection(); !conn.ClientCert.Equal(c1.Cert) {
			t.Fatal("not connected with the old ClientCert1")
		}
	})
	t.Run("new certificate valid", func(t *testing.T) {
		e, c1 := setupNetwork1(t, wt0.Add(60*oneDay))
		e.dev.Advance(35 * oneDay)
		c2 := e.installClient(t, "ClientCert2", "device1", wt0.Add(30*oneDay), wt0.Add(400*oneDay))
		if !rotate(t, e, true) {
			t.Fatal("not connected with the new certificate")
		}
		e.wantConnected(t, "Network1", 0)
		// Step 7: ClientCert2 replaces ClientCert1, the network links ClientCert1 again.
		noErr(t, e.store.MoveCertificate("ClientCert2", "ClientCert1"))
		noErr(t, e.cfg.SetClientCertStoreIdentifier(0, "ClientCert1"))
		noErr(t, e.cfg.PersistConfig())
		noErr(t, e.cfg.ReloadConfig())
		e.wantConnected(t, "Network1", 0)
		wantWifiStored(t, e.dev, "Network1 enabled=true client=ClientCert1 root=RootCA1")
		if conn, _ := e.dev.WifiConnection(); !conn.ClientCert.Equal(c2.Cert) {
			t.Fatal("ClientCert1 is not the new certificate")
		}
		// The old certificate's expiry no longer matters.
		e.dev.SetTime(c1.Cert.NotAfter.Add(oneDay))
		e.wantConnected(t, "Network1", 0)
	})
	t.Run("without PersistConfig", func(t *testing.T) {
		e, c1 := setupNetwork1(t, wt0.Add(60*oneDay))
		e.installClient(t, "ClientCert2", "device1", wt0.Add(-oneDay), wt0.Add(400*oneDay))
		if !rotate(t, e, false) {
			t.Fatal("not connected")
		}
		if conn, _ := e.dev.WifiConnection(); !conn.ClientCert.Equal(c1.Cert) {
			t.Fatal("ReloadConfig kept an unsaved identifier")
		}
		if got, _ := e.cfg.GetClientCertStoreIdentifier(0); got != "ClientCert1" {
			t.Fatalf("GetClientCertStoreIdentifier = %q; want ClientCert1 (unsaved change discarded)", got)
		}
	})
}

// TestClientCertExpiryDropsConnection: the connection ends when the client certificate
// expires on the device's clock, and the device tries the other enabled networks.
func TestClientCertExpiryDropsConnection(t *testing.T) {
	e, _ := setupNetwork1(t, wt0.Add(10*oneDay))
	noErr(t, e.dev.SetAccessPoint(sim.AccessPoint{SSID: []byte("guest"), BSSID: wificonfig.BSSID{2, 0, 0, 0, 0, 9}, Security: wificonfig.SecurityOpen, SignalRSSI: -70}))
	guest := addOpenNetwork(t, e.cfg, "guest", "Guest")
	e.dev.Advance(9 * oneDay)
	e.wantConnected(t, "Network1", 0)
	e.dev.Advance(2 * oneDay)
	if id, err := e.cfg.GetConnectedNetworkID(); err != nil || id != guest {
		t.Fatalf("GetConnectedNetworkID() = %d, %v; want the guest network %d", id, err, guest)
	}
	e.wantDiag(t, 0, wificonfig.NetworkDiagnostics{IsEnabled: true, Error: wificonfig.DiagnosticErrorAuthenticationFailed, CertError: wificonfig.CertErrorInvalidClientAuth, CertDepth: 0, CertSubject: "/CN=device1"})
	// Moving the clock back makes the certificate valid again, but the device stays on a
	// working connection.
	e.dev.SetTime(wt0)
	if id, _ := e.cfg.GetConnectedNetworkID(); id != guest {
		t.Fatalf("GetConnectedNetworkID() = %d; want %d", id, guest)
	}
}

func addOpenNetwork(t testing.TB, c *wificonfig.Config, ssid, name string) int {
	t.Helper()
	id, err := c.AddNetwork()
	noErr(t, err)
	noErr(t, c.SetSSID(id, []byte(ssid)))
	noErr(t, c.SetSecurityType(id, wificonfig.SecurityOpen))
	noErr(t, c.SetConfigName(id, name))
	noErr(t, c.SetNetworkEnabled(id, true))
	return id
}

func addPSKNetwork(t testing.TB, c *wificonfig.Config, ssid, psk string) int {
	t.Helper()
	id, err := c.AddNetwork()
	noErr(t, err)
	noErr(t, c.SetSSID(id, []byte(ssid)))
	noErr(t, c.SetSecurityType(id, wificonfig.SecurityWPA2PSK))
	if psk != "" {
		noErr(t, c.SetPSK(id, psk))
	}
	noErr(t, c.SetNetworkEnabled(id, true))
	return id
}

func TestPSK(t *testing.T) {
	const pass = "correct horse battery"
	ssid := "home"
	// The PMK of pass over ssid, as 64 hex digits (PBKDF2-SHA1, 4096 rounds, IEEE 802.11i).
	const hexKey = "9b9adc2b779b04d555aa5c85a91a6f549dfe6b7464ed06f9179bb7a82c22abc2"
	const otherHex = "0b9adc2b779b04d555aa5c85a91a6f549dfe6b7464ed06f9179bb7a82c22abc2"
	tests := []struct {
		name, apPSK, psk string
		sec              wificonfig.Security
		want             wificonfig.DiagnosticError // 0: connects
	}{
		{"passphrase", pass, pass, wificonfig.SecurityWPA2PSK, 0},
		{"hex key of the passphrase", pass, hexKey, wificonfig.SecurityWPA2PSK, 0},
		{"passphrase of the AP's hex key", hexKey, pass, wificonfig.SecurityWPA2PSK, 0},
		{"hex keys", hexKey, hexKey, wificonfig.SecurityWPA2PSK, 0},
		{"wrong key", pass, "incorrect horse", wificonfig.SecurityWPA2PSK, wificonfig.DiagnosticErrorWrongKey},
		{"wrong hex key", pass, otherHex, wificonfig.SecurityWPA2PSK, wificonfig.DiagnosticErrorWrongKey},
		{"no key", pass, "", wificonfig.SecurityWPA2PSK, wificonfig.DiagnosticErrorNoPSKIncluded},
		{"open network configured", pass, "", wificonfig.SecurityOpen, wificonfig.DiagnosticErrorSecurityTypeMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dev := sim.New(sim.Options{})
			c := wificonfig.New(dev.Wifi())
			noErr(t, dev.SetAccessPoint(sim.AccessPoint{SSID: []byte(ssid), BSSID: wificonfig.BSSID{2, 1}, Security: wificonfig.SecurityWPA2PSK, PSK: tt.apPSK}))
			var id int
			if tt.sec == wificonfig.SecurityOpen {
				id = addOpenNetwork(t, c, ssid, "n")
			} else {
				id = addPSKNetwork(t, c, ssid, tt.psk)
			}
			got, err := c.GetConnectedNetworkID()
			if tt.want == 0 {
				if err != nil || got != id {
					t.Fatalf("GetConnectedNetworkID() = %d, %v; want %d", got, err, id)
				}
				return
			}
			if !errors.Is(err, syscall.ENOTCONN) {
				t.Fatalf("GetConnectedNetworkID() = %d, %v; want ENOTCONN", got, err)
			}
			d, err := c.GetNetworkDiagnostics(id)
			if err != nil || d.Error != tt.want {
				t.Fatalf("GetNetworkDiagnostics = %+v, %v; want error %v", d, err, tt.want)
			}
		})
	}
}

func wantErrno(t testing.TB, what string, err error, errno syscall.Errno) {
	t.Helper()
	if !errors.Is(err, errno) {
		t.Fatalf("%s: error %v; want %v", what, err, errno)
	}
	var e *wificonfig.Error
	if !errors.As(err, &e) || e.Op == "" {
		t.Fatalf("%s: error %#v is not a *wificonfig.Error with an Op", what, err)
	}
}

// TestWifiErrnos covers the errnos that depend on the simulator's limits, capabilities and
// radio; the conformance suite covers the rest.
func TestWifiErrnos(t *testing.T) {
	t.Run("ENOMEM at the network limit", func(t *testing.T) {
		dev := sim.New(sim.Options{})
		c := wificonfig.New(dev.Wifi())
		for i := range sim.DefaultWifiNetworkLimit {
			if _, err := c.AddNetwork(); err != nil {
				t.Fatalf("AddNetwork #%d: %v", i, err)
			}
		}
		_, err := c.AddNetwork()
		wantErrno(t, "AddNetwork", err, syscall.ENOMEM)
		_, err = c.AddDuplicateNetwork(0, "dup")
		wantErrno(t, "AddDuplicateNetwork", err, syscall.ENOMEM)
		if n, _ := c.GetStoredNetworkCount(); n != sim.DefaultWifiNetworkLimit {
			t.Fatalf("GetStoredNetworkCount() = %d", n)
		}
	})
	t.Run("ENOSPC from PersistConfig", func(t *testing.T) {
		dev := sim.New(sim.Options{Wifi: sim.WifiOptions{PersistLimit: 2}})
		c := wificonfig.New(dev.Wifi())
		for i := range 3 {
			id, err := c.AddNetwork()
			noErr(t, err)
			noErr(t, c.SetSSID(id, []byte{'a' + byte(i)}))
		}
		wantErrno(t, "PersistConfig", c.PersistConfig(), syscall.ENOSPC)
		if got := dev.WifiStoredConfig(); len(got) != 0 {
			t.Fatalf("stored configuration after failed PersistConfig = %v", got)
		}
		noErr(t, c.ForgetNetworkByID(2))
		noErr(t, c.PersistConfig())
	})
	t.Run("EINVAL from PersistConfig without SSID", func(t *testing.T) {
		dev := sim.New(sim.Options{})
		c := wificonfig.New(dev.Wifi())
		addOpenNetwork(t, c, "a", "A")
		noErr(t, c.PersistConfig())
		_, err := c.AddNetwork()
		noErr(t, err)
		wantErrno(t, "PersistConfig", c.PersistConfig(), syscall.EINVAL)
		if got := dev.WifiStoredConfig(); len(got) != 1 {
			t.Fatalf("stored configuration changed by a failed PersistConfig: %v", got)
		}
	})
	t.Run("EACCES without WifiConfig", func(t *testing.T) {
		dev := sim.New(sim.Options{Capabilities: &sim.Capabilities{EnterpriseWifiConfig: true}})
		c := wificonfig.New(dev.Wifi())
		_, err := c.AddNetwork()
		wantErrno(t, "AddNetwork", err, syscall.EACCES)
		_, err = c.GetStoredNetworks()
		wantErrno(t, "GetStoredNetworks", err, syscall.EACCES)
		_, err = c.TriggerScanAndGetScannedNetworkCount()
		wantErrno(t, "TriggerScanAndGetScannedNetworkCount", err, syscall.EACCES)
		_, err = c.GetClientIdentity(0)
		wantErrno(t, "GetClientIdentity", err, syscall.EACCES)
	})
	t.Run("EACCES without EnterpriseWifiConfig", func(t *testing.T) {
		dev := sim.New(sim.Options{Capabilities: &sim.Capabilities{WifiConfig: true}})
		c := wificonfig.New(dev.Wifi())
		id := addOpenNetwork(t, c, "a", "A") // the basic functions work
		for name, err := range map[string]error{
			"SetSecurityType(EAP-TLS)":     c.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS),
			"SetClientIdentity":            c.SetClientIdentity(id, "x"),
			"SetClientCertStoreIdentifier": c.SetClientCertStoreIdentifier(id, "c"),
			"SetRootCACertStoreIdentifier": c.SetRootCACertStoreIdentifier(id, "r"),
		} {
			wantErrno(t, name, err, syscall.EACCES)
		}
		for name, f := range map[string]func(int) (string, error){
			"GetClientIdentity":            c.GetClientIdentity,
			"GetClientCertStoreIdentifier": c.GetClientCertStoreIdentifier,
			"GetRootCACertStoreIdentifier": c.GetRootCACertStoreIdentifier,
		} {
			_, err := f(id)
			wantErrno(t, name, err, syscall.EACCES)
		}
		if sn, _ := c.GetStoredNetworks(); sn[0].Security != wificonfig.SecurityOpen {
			t.Fatalf("security changed to %v by a refused call", sn[0].Security)
		}
		noErr(t, c.SetSecurityType(id, wificonfig.SecurityWPA2PSK))
	})
	t.Run("injected EAGAIN", func(t *testing.T) {
		dev := sim.New(sim.Options{})
		c := wificonfig.New(dev.Wifi())
		dev.FailNext("SetSSID", syscall.EAGAIN)
		id, err := c.AddNetwork()
		noErr(t, err)
		wantErrno(t, "SetSSID", c.SetSSID(id, []byte("x")), syscall.EAGAIN)
		noErr(t, c.SetSSID(id, []byte("x")))
		dev.FailNext("ReloadConfig", syscall.ENETDOWN)
		wantErrno(t, "ReloadConfig", c.ReloadConfig(), syscall.ENETDOWN)
		if n, _ := c.GetStoredNetworkCount(); n != 1 {
			t.Fatal("a failed ReloadConfig changed the configuration")
		}
	})
}

// TestPersistRequiredAcrossReboot: a network that is not persisted is gone after a reboot
// (and after ReloadConfig); a persisted one comes back and connects.
func TestPersistRequiredAcrossReboot(t *testing.T) {
	dev := sim.New(sim.Options{})
	c := wificonfig.New(dev.Wifi())
	noErr(t, dev.SetAccessPoint(sim.AccessPoint{SSID: []byte("cafe"), BSSID: wificonfig.BSSID{2, 2}, Security: wificonfig.SecurityOpen}))
	saved := addOpenNetwork(t, c, "cafe", "saved")
	noErr(t, c.PersistConfig())
	addOpenNetwork(t, c, "cafe", "unsaved")
	noErr(t, c.ForgetNetworkByID(saved)) // not persisted either
	if n, _ := c.GetStoredNetworkCount(); n != 1 {
		t.Fatalf("GetStoredNetworkCount() = %d; want 1", n)
	}
	attempts := dev.WifiConnectionAttempts()
	dev.Reboot()
	if got := dev.WifiConnectionAttempts(); got != attempts+1 {
		t.Fatalf("connection attempts after reboot = %d; want %d (one for the persisted network)", got, attempts+1)
	}
	sn, err := c.GetStoredNetworks()
	noErr(t, err)
	want := []wificonfig.StoredNetwork{{SSID: []byte("cafe"), IsEnabled: true, IsConnected: true, Security: wificonfig.SecurityOpen}}
	if diff := cmp.Diff(want, sn); diff != "" {
		t.Fatalf("after reboot (-want +got):\n%s", diff)
	}
	if _, err := c.GetNetworkIDByConfigName("unsaved"); !errors.Is(err, syscall.ENODEV) {
		t.Fatalf("unsaved network after reboot: %v; want ENODEV", err)
	}
	if id, _ := c.GetNetworkIDByConfigName("saved"); id != 0 {
		t.Fatalf("saved network has ID %d; want 0", id)
	}
}

// TestIDsRepack: IDs are positions in the running configuration; they shift when a network
// before them is removed and are re-packed by a reload.
func TestIDsRepack(t *testing.T) {
	dev := sim.New(sim.Options{})
	c := wificonfig.New(dev.Wifi())
	for _, n := range []string{"a", "b", "c"} {
		addOpenNetwork(t, c, n, n)
	}
	noErr(t, c.PersistConfig())
	noErr(t, c.ForgetNetworkByID(0))
	if id, _ := c.GetNetworkIDByConfigName("c"); id != 1 {
		t.Fatalf("c has ID %d after removing a; want 1", id)
	}
	noErr(t, c.ReloadConfig())
	if id, _ := c.GetNetworkIDByConfigName("c"); id != 2 {
		t.Fatalf("c has ID %d after reload; want 2", id)
	}
}

// TestStoredNetworksEveryEntry: all networks come back, with SSIDs of their real length.
func TestStoredNetworksEveryEntry(t *testing.T) {
	dev := sim.New(sim.Options{})
	c := wificonfig.New(dev.Wifi())
	var want []wificonfig.StoredNetwork
	for i := range sim.DefaultWifiNetworkLimit {
		ssid := bytes.Repeat([]byte{'a' + byte(i)}, i+1)
		id := addPSKNetwork(t, c, string(ssid), "passphrase")
		if i%2 == 1 {
			noErr(t, c.SetNetworkEnabled(id, false))
		}
		want = append(want, wificonfig.StoredNetwork{SSID: ssid, IsEnabled: i%2 == 0, Security: wificonfig.SecurityWPA2PSK})
	}
	got, err := c.GetStoredNetworks()
	noErr(t, err)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("GetStoredNetworks (-want +got):\n%s", diff)
	}
}

// TestScanEveryEntry: one result per BSS, including several BSSs of one SSID, and hidden
// networks only through a targeted scan of a configured network.
func TestScanEveryEntry(t *testing.T) {
	dev := sim.New(sim.Options{})
	c := wificonfig.New(dev.Wifi())
	aps := []sim.AccessPoint{
		{SSID: []byte("office"), BSSID: wificonfig.BSSID{2, 0, 0, 0, 0, 1}, FrequencyMHz: 2412, SignalRSSI: -40, Security: wificonfig.SecurityWPA2PSK, PSK: "password"},
		{SSID: []byte("office"), BSSID: wificonfig.BSSID{2, 0, 0, 0, 0, 2}, FrequencyMHz: 5240, SignalRSSI: -60, Security: wificonfig.SecurityWPA2PSK, PSK: "password"},
		{SSID: []byte("guest"), BSSID: wificonfig.BSSID{2, 0, 0, 0, 0, 3}, FrequencyMHz: 2462, SignalRSSI: -75, Security: wificonfig.SecurityOpen},
		{SSID: []byte("\x00\xffbinary"), BSSID: wificonfig.BSSID{2, 0, 0, 0, 0, 4}, SignalRSSI: -80, Security: wificonfig.SecurityOpen},
		{SSID: []byte("lab"), BSSID: wificonfig.BSSID{2, 0, 0, 0, 0, 5}, SignalRSSI: -55, Security: wificonfig.SecurityOpen, Hidden: true},
	}
	for _, ap := range aps {
		noErr(t, dev.SetAccessPoint(ap))
	}
	scanned := func(aps ...sim.AccessPoint) []wificonfig.ScannedNetwork {
		var out []wificonfig.ScannedNetwork
		for _, ap := range aps {
			f := ap.FrequencyMHz
			if f == 0 {
				f = 2437
			}
			out = append(out, wificonfig.ScannedNetwork{SSID: ap.SSID, BSSID: ap.BSSID, FrequencyMHz: f, SignalRSSI: ap.SignalRSSI, Security: ap.Security})
		}
		return out
	}
	if got, err := c.GetScannedNetworks(); err != nil || len(got) != 0 {
		t.Fatalf("GetScannedNetworks before a scan = %v, %v; want none", got, err)
	}
	n, err := c.TriggerScanAndGetScannedNetworkCount()
	noErr(t, err)
	got, err := c.GetScannedNetworks()
	noErr(t, err)
	if diff := cmp.Diff(scanned(aps[:4]...), got); diff != "" || n != 4 {
		t.Fatalf("scan found %d (-want +got):\n%s", n, diff)
	}

	// The hidden network: a configured network does not find it without targeted scanning.
	id := addOpenNetwork(t, c, "lab", "lab")
	if _, err := c.GetConnectedNetworkID(); !errors.Is(err, syscall.ENOTCONN) {
		t.Fatalf("connected to a hidden network without targeted scan: %v", err)
	}
	if d, _ := c.GetNetworkDiagnostics(id); d.Error != wificonfig.DiagnosticErrorNetworkNotFound {
		t.Fatalf("diagnostics %+v; want NetworkNotFound", d)
	}
	noErr(t, c.SetTargetedScanEnabled(id, true))
	if n, _ := c.TriggerScanAndGetScannedNetworkCount(); n != 5 {
		t.Fatalf("targeted scan found %d; want 5", n)
	}
	got, _ = c.GetScannedNetworks()
	if diff := cmp.Diff(scanned(aps...), got); diff != "" {
		t.Fatalf("targeted scan (-want +got):\n%s", diff)
	}
	noErr(t, c.SetNetworkEnabled(id, true)) // enabling starts an attempt
	if got, err := c.GetConnectedNetworkID(); err != nil || got != id {
		t.Fatalf("GetConnectedNetworkID() = %d, %v; want %d", got, err, id)
	}
}

// TestStrongestAccessPointAndRoaming: the device picks the strongest BSS of an SSID and
// moves to another when its access point disappears.
func TestStrongestAccessPointAndRoaming(t *testing.T) {
	dev := sim.New(sim.Options{})
	c := wificonfig.New(dev.Wifi())
	weak := sim.AccessPoint{SSID: []byte("office"), BSSID: wificonfig.BSSID{2, 0, 0, 0, 0, 1}, SignalRSSI: -80, Security: wificonfig.SecurityOpen}
	strong := weak
	strong.BSSID, strong.SignalRSSI = wificonfig.BSSID{2, 0, 0, 0, 0, 2}, -30
	noErr(t, dev.SetAccessPoint(weak))
	addOpenNetwork(t, c, "office", "office")
	noErr(t, dev.SetAccessPoint(strong))
	if cur, _ := c.GetCurrentNetwork(); cur.BSSID != weak.BSSID {
		t.Fatalf("moved to %v while connected; want to stay on %v", cur.BSSID, weak.BSSID)
	}
	noErr(t, c.ReloadConfig()) // not persisted: the network is gone
	if _, err := c.GetCurrentNetwork(); !errors.Is(err, syscall.ENODATA) {
		t.Fatalf("GetCurrentNetwork after reload of an unsaved network: %v", err)
	}
	addOpenNetwork(t, c, "office", "office")
	if cur, _ := c.GetCurrentNetwork(); cur.BSSID != strong.BSSID {
		t.Fatalf("connected to %v; want the strongest %v", cur.BSSID, strong.BSSID)
	}
	if !dev.RemoveAccessPoint(strong.BSSID) {
		t.Fatal("RemoveAccessPoint = false")
	}
	if cur, _ := c.GetCurrentNetwork(); cur.BSSID != weak.BSSID {
		t.Fatalf("after losing the strong AP connected to %v; want %v", cur.BSSID, weak.BSSID)
	}
}

func TestFrequencyNotAllowed(t *testing.T) {
	dev := sim.New(sim.Options{})
	c := wificonfig.New(dev.Wifi())
	noErr(t, dev.SetAccessPoint(sim.AccessPoint{SSID: []byte("x"), BSSID: wificonfig.BSSID{2}, FrequencyMHz: 5955, Security: wificonfig.SecurityOpen}))
	id := addOpenNetwork(t, c, "x", "x")
	if d, err := c.GetNetworkDiagnostics(id); err != nil || d.Error != wificonfig.DiagnosticErrorNetworkFrequencyNotAllowed || d.Timestamp != dev.Now() {
		t.Fatalf("GetNetworkDiagnostics = %+v, %v", d, err)
	}
}

func TestDeprecatedStoreAndForget(t *testing.T) {
	dev := sim.New(sim.Options{})
	c := wificonfig.New(dev.Wifi())
	ssid := []byte("legacy")
	noErr(t, c.StoreOpenNetwork(ssid))
	wantErrno(t, "StoreOpenNetwork twice", c.StoreOpenNetwork(ssid), syscall.EEXIST)
	noErr(t, c.StoreWPA2Network(ssid, "passphrase")) // a keyed network does not clash
	wantErrno(t, "StoreWpa2Network twice", c.StoreWPA2Network(ssid, "passphrase"), syscall.EEXIST)
	if got := len(dev.WifiStoredConfig()); got != 2 {
		t.Fatalf("stored networks = %d; want 2 (the deprecated calls persist)", got)
	}
	sn, _ := c.GetStoredNetworks()
	noErr(t, c.ForgetNetwork(sn[0]))
	wantErrno(t, "ForgetNetwork again", c.ForgetNetwork(sn[0]), syscall.ENOENT)
	dev.Reboot()
	sn, _ = c.GetStoredNetworks()
	if len(sn) != 1 || sn[0].Security != wificonfig.SecurityWPA2PSK {
		t.Fatalf("after reboot %+v; want the WPA2 network only", sn)
	}
}

func TestPowerSavings(t *testing.T) {
	dev := sim.New(sim.Options{})
	c := wificonfig.New(dev.Wifi())
	noErr(t, c.SetPowerSavingsEnabled(true))
	if !dev.WifiPowerSavings() {
		t.Fatal("power savings not enabled")
	}
}

func TestWifiUseAsDefault(t *testing.T) {
	dev := sim.UseAsDefault(t, sim.Options{})
	if _, err := wificonfig.AddNetwork(); err != nil {
		t.Fatal(err)
	}
	if got := len(dev.WifiRunningConfig()); got != 1 {
		t.Fatalf("running networks = %d; want 1", got)
	}
}

// TestWifiConcurrent drives configuration, radio and clock from many goroutines; run with
// -race.
func TestWifiConcurrent(t *testing.T) {
	e := newEAPEnv(t)
	e.installClient(t, "ClientCert1", "device1", wt0.Add(-oneDay), wt0.Add(365*oneDay))
	e.installRoot(t, "RootCA1", wifiRadius1.root)
	e.setAP(t, radiusServer(wifiRadius1))
	e.addEAP(t, "Network1", "ClientCert1", "RootCA1")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				switch (g + i) % 6 {
				case 0:
					if id, err := e.cfg.AddNetwork(); err == nil {
						_ = e.cfg.SetSSID(id, []byte("x"))
						_ = e.cfg.ForgetNetworkByID(id)
					}
				case 1:
					_, _ = e.cfg.GetStoredNetworks()
					_, _ = e.cfg.GetConnectedNetworkID()
				case 2:
					_, _ = e.cfg.TriggerScanAndGetScannedNetworkCount()
					_, _ = e.cfg.GetScannedNetworks()
				case 3:
					e.dev.Advance(time.Minute)
				case 4:
					_ = e.dev.SetAccessPoint(sim.AccessPoint{SSID: []byte("g"), BSSID: wificonfig.BSSID{3, byte(g)}, Security: wificonfig.SecurityOpen})
				case 5:
					_ = e.cfg.ReloadConfig()
					_, _ = e.cfg.GetNetworkDiagnostics(0)
				}
			}
		}()
	}
	wg.Wait()
	noErr(t, e.cfg.ReloadConfig())
	e.wantConnected(t, "Network1", 0)
}

// simRadio lets the conformance suite set up the simulator's radio environment, which plays
// everything: open, WPA2-PSK and EAP-TLS access points, scans and BSS information.
type simRadio struct{ dev *sim.Device }

func (r simRadio) SetAccessPoint(ap wificonfigtest.AccessPoint) error {
	sap := sim.AccessPoint{
		SSID: ap.SSID, BSSID: ap.BSSID, FrequencyMHz: ap.FrequencyMHz, SignalRSSI: ap.SignalRSSI,
		Security: ap.Security, PSK: ap.PSK, Hidden: ap.Hidden,
	}
	if s := ap.Server; s != nil {
		sap.Server = &sim.AuthServer{Chain: []*x509.Certificate{s.Cert.Cert}, Key: s.Cert.Key, ClientCAs: []*x509.Certificate{s.ClientCA.Cert}}
	}
	return r.dev.SetAccessPoint(sap)
}

func (simRadio) Features() wificonfigtest.RadioFeatures {
	return wificonfigtest.RadioFeatures{Open: true, PSK: true, EAPTLS: true, Scan: true, BSSInfo: true}
}

func TestWifiConformance(t *testing.T) {
	wificonfigtest.Run(t, func(t *testing.T) wificonfigtest.Env {
		dev := sim.New(sim.Options{})
		return wificonfigtest.Env{Backend: dev.Wifi(), Reboot: dev.Reboot, Radio: simRadio{dev}, Certs: certstore.New(dev.CertStore())}
	})
}

// TestWifiConformanceWithoutRadio runs the configuration part alone, as a backend without a
// simulated radio does.
func TestWifiConformanceWithoutRadio(t *testing.T) {
	wificonfigtest.Run(t, func(t *testing.T) wificonfigtest.Env {
		return wificonfigtest.Env{Backend: sim.New(sim.Options{}).Wifi()}
	})
}
