package rotation_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"sync"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/rotation"
)

// t0 is where the simulated devices' clocks start.
var t0 = sim.Epoch

const day = 24 * time.Hour

// testPKI is the world of the simulator tests: the RADIUS server's old and new PKI, the CA
// the server trusts for devices, and the device's client certificates. Validity windows are
// on the device's clock.
type testPKI struct {
	root1, root2     *pkitest.Cert // the server's roots: old (expires at t0+200d) and new
	server1, server2 *pkitest.Cert // the server's certificates under each
	clientCA         *pkitest.Cert // the CA the server trusts for devices
	rogueCA          *pkitest.Cert // a CA it does not trust
	client1          *pkitest.Cert // the device's certificate (expires at t0+60d)
	client2          *pkitest.Cert // its renewal, valid now
	clientLate       *pkitest.Cert // a renewal valid from t0+30d
	clientRogue      *pkitest.Cert // a renewal from rogueCA
}

var (
	pkiOnce sync.Once
	thePKI  testPKI
)

func span(from, to time.Duration) pkitest.Options {
	return pkitest.Options{NotBefore: t0.Add(from), NotAfter: t0.Add(to)}
}

func named(o pkitest.Options, cn string) pkitest.Options {
	o.Subject = pkix.Name{Organization: []string{"Contoso"}, CommonName: cn}
	return o
}

// fixture returns the PKI, made once per test binary.
func fixture() *testPKI {
	pkiOnce.Do(func() {
		p := &thePKI
		p.root1 = pkitest.MustCA(named(span(-700*day, 200*day), "Contoso RADIUS Root 2024"))
		p.root2 = pkitest.MustCA(named(span(-day, 3650*day), "Contoso RADIUS Root 2026"))
		server := named(span(-300*day, 199*day), "radius.contoso.example")
		server.Usage = pkitest.ServerOnly
		p.server1 = p.root1.MustIssue(server)
		server.NotAfter = t0.Add(700 * day)
		p.server2 = p.root2.MustIssue(server)
		p.clientCA = pkitest.MustCA(named(span(-700*day, 3650*day), "Contoso Device CA"))
		p.rogueCA = pkitest.MustCA(named(span(-700*day, 3650*day), "Rogue Device CA"))
		device := func(o pkitest.Options, ca *pkitest.Cert) *pkitest.Cert {
			o = named(o, "device-1")
			o.Usage = pkitest.ClientOnly
			return ca.MustIssue(o)
		}
		p.client1 = device(span(-300*day, 60*day), p.clientCA)
		p.client2 = device(span(-day, 730*day), p.clientCA)
		p.clientLate = device(span(30*day, 800*day), p.clientCA)
		p.clientRogue = device(span(-day, 730*day), p.rogueCA)
	})
	return &thePKI
}

// The radio environment: one EAP-TLS access point.
var (
	apSSID  = []byte("Contoso-Secure")
	apBSSID = wificonfig.BSSID{0x02, 0xc0, 0x50, 0, 0, 1}
)

// server returns the access point with a RADIUS server presenting leaf (issued under one of
// the roots) and trusting device certificates from clientCAs.
func server(leaf *pkitest.Cert, clientCAs ...*pkitest.Cert) sim.AccessPoint {
	var cas []*x509.Certificate
	for _, c := range clientCAs {
		cas = append(cas, c.Cert)
	}
	return sim.AccessPoint{SSID: apSSID, BSSID: apBSSID, SignalRSSI: -50, Security: wificonfig.SecurityWPA2EAPTLS,
		Server: &sim.AuthServer{Chain: []*x509.Certificate{leaf.Cert}, Key: leaf.Key, ClientCAs: cas}}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// clientPEM returns c as a rotation.ClientCertificate with an encrypted key.
func clientPEM(c *pkitest.Cert) rotation.ClientCertificate {
	pw := []byte("key password")
	return rotation.ClientCertificate{Cert: c.CertPEM, Key: c.MustKeyPEM(pkitest.EncryptedPKCS8, pw), Password: pw}
}

// keys caches the key PEMs of the fixture's client certificates: encrypting a key costs a
// key derivation, which the interruption tests would otherwise pay thousands of times.
var keys sync.Map // *pkitest.Cert -> rotation.ClientCertificate

func clientCert(c *pkitest.Cert) rotation.ClientCertificate {
	if v, ok := keys.Load(c); ok {
		return v.(rotation.ClientCertificate)
	}
	v, _ := keys.LoadOrStore(c, rotation.ClientCertificate{Cert: c.CertPEM, Key: c.MustKeyPEM(pkitest.PKCS8, nil)})
	return v.(rotation.ClientCertificate)
}

// newDevice returns a device whose network "Network1" uses ClientCert1 (client1) and
// RootCA1 (root1), connected to the server of the old PKI, with the configuration persisted.
func newDevice(t testing.TB) *sim.Device {
	t.Helper()
	p := fixture()
	dev := sim.New(sim.Options{Start: t0})
	t.Cleanup(func() { dev.Close() })
	must(t, dev.SetAccessPoint(server(p.server1, p.clientCA)))
	setupNetwork(t, certstore.New(dev.CertStore()), wificonfig.New(dev.Wifi()), "Network1", "ClientCert1", "RootCA1")
	if c, ok := dev.WifiConnection(); !ok || c.ConfigName != "Network1" {
		t.Fatalf("the new device is not connected to Network1: %+v", c)
	}
	return dev
}

// setupNetwork installs client1 as clientID and root1 as rootID and adds the enabled EAP-TLS
// network name using them, persisted.
func setupNetwork(t testing.TB, store *certstore.Store, wifi *wificonfig.Config, name, clientID, rootID string) {
	t.Helper()
	p := fixture()
	c := clientCert(p.client1)
	must(t, store.InstallClientCertificate(clientID, c.Cert, c.Key, nil))
	must(t, store.InstallRootCACertificate(rootID, p.root1.CertPEM))
	id, err := wifi.AddNetwork()
	must(t, err)
	must(t, wifi.SetSSID(id, apSSID))
	must(t, wifi.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS))
	must(t, wifi.SetClientIdentity(id, "device-1"))
	must(t, wifi.SetClientCertStoreIdentifier(id, clientID))
	must(t, wifi.SetRootCACertStoreIdentifier(id, rootID))
	must(t, wifi.SetConfigName(id, name))
	must(t, wifi.SetNetworkEnabled(id, true))
	must(t, wifi.PersistConfig())
}

// newRotator returns a Rotator over dev's own backends on its clock.
func newRotator(dev *sim.Device, o rotation.Options) *rotation.Rotator {
	o.Now = dev.Now
	return rotation.New(certstore.New(dev.CertStore()), wificonfig.New(dev.Wifi()), o)
}

// storedCert is a stored certificate as a comparable value.
type storedCert struct {
	ID   string
	Kind sim.CertKind
	Raw  string
}

// storeState is the certificate store as a comparable value, in index order.
func storeState(dev *sim.Device) []storedCert {
	var out []storedCert
	for _, c := range dev.Certificates() {
		out = append(out, storedCert{c.ID, c.Kind, string(c.Certificate.Raw)})
	}
	return out
}

// wantCerts checks the certificate store holds exactly want (ID -> certificate), in order.
func wantCerts(t testing.TB, dev *sim.Device, want ...any) {
	t.Helper()
	got := dev.Certificates()
	if len(got) != len(want)/2 {
		t.Fatalf("store holds %d certificates, want %d: %v", len(got), len(want)/2, ids(got))
	}
	for i := 0; i < len(want); i += 2 {
		id, c := want[i].(string), want[i+1].(*pkitest.Cert)
		if got[i/2].ID != id || !got[i/2].Certificate.Equal(c.Cert) {
			t.Fatalf("store[%d] = %s %s, want %s %s (store: %v)", i/2, got[i/2].ID, got[i/2].Subject, id, c.Cert.Subject, ids(got))
		}
	}
}

func ids(cs []sim.StoredCertificate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID+" "+c.Certificate.NotAfter.Format("2006-01-02"))
	}
	return out
}

// wantStored checks the stored Wi-Fi configuration: one "name client root" line per network.
func wantStored(t testing.TB, dev *sim.Device, want ...string) {
	t.Helper()
	got := describeNets(dev.WifiStoredConfig())
	if len(got) != len(want) {
		t.Fatalf("stored configuration = %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("stored configuration = %q, want %q", got, want)
		}
	}
}

func describeNets(ns []sim.WifiNetwork) []string {
	var out []string
	for _, n := range ns {
		s := n.ConfigName + " " + n.ClientCertID + " " + n.RootCAID
		if !n.Enabled {
			s += " disabled"
		}
		out = append(out, s)
	}
	return out
}

// wantConnection checks the device is connected to network name with the given certificates.
func wantConnection(t testing.TB, dev *sim.Device, name string, client, root *pkitest.Cert) {
	t.Helper()
	c, ok := dev.WifiConnection()
	if !ok {
		t.Fatalf("not connected; want %s", name)
	}
	if c.ConfigName != name || !c.ClientCert.Equal(client.Cert) || !c.RootCA.Equal(root.Cert) {
		t.Fatalf("connected to %s with client %v, root %v; want %s with %v, %v", c.ConfigName,
			c.ClientCert.Subject, c.RootCA.Subject, name, client.Cert.Subject, root.Cert.Subject)
	}
}
