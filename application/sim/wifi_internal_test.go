package sim

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/internal/testpki"
	"github.com/azsphere-go/applibs/wificonfig"
)

// decisionFixture is a device with one enabled EAP-TLS network and its access point, and the
// inputs of the connection decision taken from it.
func decisionFixture(tb testing.TB) (now time.Time, ap *accessPoint, cs certSet) {
	tb.Helper()
	nb, na := Epoch.Add(-24*time.Hour), Epoch.Add(365*24*time.Hour)
	root := testpki.MustCA(testpki.Options{Subject: pkix.Name{CommonName: "Root"}, NotBefore: nb, NotAfter: na})
	inter, err := root.IssueCA(testpki.Options{Subject: pkix.Name{CommonName: "Issuing"}, NotBefore: nb, NotAfter: na})
	if err != nil {
		tb.Fatal(err)
	}
	leaf := inter.MustIssue(testpki.Options{Subject: pkix.Name{CommonName: "Server"}, NotBefore: nb, NotAfter: na})
	clientCA := testpki.MustCA(testpki.Options{Subject: pkix.Name{CommonName: "Devices"}, NotBefore: nb, NotAfter: na})
	client := clientCA.MustIssue(testpki.Options{Subject: pkix.Name{CommonName: "device1"}, NotBefore: nb, NotAfter: na})

	d := New(Options{})
	cs1 := d.CertStore()
	if err := cs1.InstallClient("c", client.CertPEM, client.MustKeyPEM(testpki.PKCS8, nil), nil); err != nil {
		tb.Fatal(err)
	}
	if err := cs1.InstallRootCA("r", root.CertPEM); err != nil {
		tb.Fatal(err)
	}
	if err := d.SetAccessPoint(AccessPoint{
		SSID: []byte("corp"), BSSID: wificonfig.BSSID{2}, Security: wificonfig.SecurityWpa2EAPTLS,
		Server: &AuthServer{Chain: []*x509.Certificate{leaf.Cert, inter.Cert}, Key: leaf.Key, ClientCAs: []*x509.Certificate{clientCA.Cert}},
	}); err != nil {
		tb.Fatal(err)
	}
	c := wificonfig.New(d.Wifi())
	id, _ := c.AddNetwork()
	for _, err := range []error{
		c.SetSSID(id, []byte("corp")), c.SetSecurityType(id, wificonfig.SecurityWpa2EAPTLS),
		c.SetClientIdentity(id, "device1"), c.SetClientCertStoreIdentifier(id, "c"),
		c.SetRootCACertStoreIdentifier(id, "r"), c.SetNetworkEnabled(id, true),
	} {
		if err != nil {
			tb.Fatal(err)
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.wifi.conn == nil {
		tb.Fatal("not connected")
	}
	return d.now, d.wifi.aps[0], d.wifi.running[0].usableCerts()
}

// BenchmarkDecisionVerifyBaseline is the baseline of BenchmarkDecision: the same two x509
// verifications with the same pools and time, and nothing else.
func BenchmarkDecisionVerifyBaseline(b *testing.B) {
	now, ap, cs := decisionFixture(b)
	leaf, client := ap.Server.Chain[0], cs.client.cert
	b.ResetTimer()
	for range b.N {
		if _, err := leaf.Verify(x509.VerifyOptions{Roots: cs.rootPool, Intermediates: ap.serverInter, CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err != nil {
			b.Fatal(err)
		}
		if _, err := client.Verify(x509.VerifyOptions{Roots: ap.clientRoots, Intermediates: ap.clientInter, CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecision is one EAP-TLS connection decision: both verifications and both proofs
// of possession (an ECDSA signature made and checked per side).
func BenchmarkDecision(b *testing.B) {
	now, ap, cs := decisionFixture(b)
	b.ResetTimer()
	for range b.N {
		if f := eapTLS(now, "device1", ap, cs); f != nil {
			b.Fatalf("decision failed: %+v", f)
		}
	}
}

func TestDecisionFixture(t *testing.T) {
	now, ap, cs := decisionFixture(t)
	if f := eapTLS(now, "device1", ap, cs); f != nil {
		t.Fatalf("eapTLS = %+v; want success", f)
	}
	if f := eapTLS(now.Add(400*24*time.Hour), "device1", ap, cs); f == nil || f.cert != wificonfig.InvalidRootCA {
		t.Fatalf("eapTLS after expiry = %+v; want InvalidRootCA", f)
	}
}
