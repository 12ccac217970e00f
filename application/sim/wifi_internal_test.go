package sim

import (
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"net"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
)

// decisionFixture is a device connected to one EAP-TLS network, and the inputs of the
// connection decision taken from it.
type decisionFixture struct {
	dev          *Device
	now          time.Time
	ap           *accessPoint
	cs           certSet
	root, client *pkitest.Cert
}

func newDecisionFixture(tb testing.TB) *decisionFixture {
	tb.Helper()
	nb, na := Epoch.Add(-24*time.Hour), Epoch.Add(365*24*time.Hour)
	root := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Root"}, NotBefore: nb, NotAfter: na})
	inter, err := root.IssueCA(pkitest.Options{Subject: pkix.Name{CommonName: "Issuing"}, NotBefore: nb, NotAfter: na})
	if err != nil {
		tb.Fatal(err)
	}
	leaf := inter.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "Server"}, NotBefore: nb, NotAfter: na})
	clientCA := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Devices"}, NotBefore: nb, NotAfter: na})
	client := clientCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device1"}, NotBefore: nb, NotAfter: na})

	d := New(Options{})
	cs1 := d.CertStore()
	if err := cs1.InstallClient("c", client.CertPEM, client.MustKeyPEM(pkitest.PKCS8, nil), nil); err != nil {
		tb.Fatal(err)
	}
	if err := cs1.InstallRootCA("r", root.CertPEM); err != nil {
		tb.Fatal(err)
	}
	if err := d.SetAccessPoint(AccessPoint{
		SSID: []byte("corp"), BSSID: wificonfig.BSSID{2}, Security: wificonfig.SecurityWPA2EAPTLS,
		Server: &AuthServer{Chain: []*x509.Certificate{leaf.Cert, inter.Cert}, Key: leaf.Key, ClientCAs: []*x509.Certificate{clientCA.Cert}},
	}); err != nil {
		tb.Fatal(err)
	}
	c := wificonfig.New(d.Wifi())
	id, _ := c.AddNetwork()
	for _, err := range []error{
		c.SetSSID(id, []byte("corp")), c.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS),
		c.SetClientIdentity(id, "device1"), c.SetClientCertStoreIdentifier(id, "c"),
		c.SetRootCACertStoreIdentifier(id, "r"), c.SetNetworkEnabled(id, true), c.PersistConfig(),
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
	return &decisionFixture{dev: d, now: d.now, ap: d.wifi.aps[0], cs: usableCerts(d.wifi.cfg.Running[0]), root: root, client: client}
}

// BenchmarkEAPTLS compares, on one fixture and at one time, the simulator's EAP-TLS
// connection decision with its baseline and with the alternatives:
//
//   - impl=x509-verify: the baseline, the two x509 verifications the decision makes (server
//     chain against the network's root CA, client certificate against the server's client CAs)
//     with the same pools and time, and nothing else;
//   - impl=decision: the decision (eapTLS) as every connection attempt makes it;
//   - impl=reload-config: wificonfig ReloadConfig through the front end: reload the
//     configuration and the certificates from the store, then connect (one decision);
//   - impl=tls-handshake: the alternative the simulator does not take, a full mutual TLS 1.2
//     handshake over net.Pipe with the same certificates, verifying at the same time.
//
// Compare with benchstat -col /impl.
func BenchmarkEAPTLS(b *testing.B) {
	f := newDecisionFixture(b)
	now, ap, cs := f.now, f.ap, f.cs
	leaf, client := ap.Server.Chain[0], cs.client.cert
	b.Run("impl=x509-verify", func(b *testing.B) {
		for range b.N {
			if _, err := leaf.Verify(x509.VerifyOptions{Roots: cs.rootPool, Intermediates: ap.serverInter, CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err != nil {
				b.Fatal(err)
			}
			if _, err := client.Verify(x509.VerifyOptions{Roots: ap.clientRoots, Intermediates: ap.clientInter, CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=decision", func(b *testing.B) {
		for range b.N {
			if f := eapTLS(now, "device1", ap, cs); f != nil {
				b.Fatalf("decision failed: %+v", f)
			}
		}
	})
	b.Run("impl=reload-config", func(b *testing.B) {
		c := wificonfig.New(f.dev.Wifi())
		for range b.N {
			if err := c.ReloadConfig(); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := c.GetConnectedNetworkID(); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("impl=tls-handshake", func(b *testing.B) {
		roots := x509.NewCertPool()
		roots.AddCert(f.root.Cert)
		srvCfg := &tls.Config{
			Certificates: []tls.Certificate{{Certificate: [][]byte{leaf.Raw, ap.Server.Chain[1].Raw}, PrivateKey: ap.Server.Key}},
			ClientAuth:   tls.RequireAndVerifyClientCert, ClientCAs: ap.clientRoots,
			Time: func() time.Time { return now }, MaxVersion: tls.VersionTLS12,
		}
		cliCfg := &tls.Config{
			Certificates: []tls.Certificate{{Certificate: [][]byte{client.Raw}, PrivateKey: f.client.Key}},
			// The server name is not checked on EAP-TLS; verify the chain at the device time.
			InsecureSkipVerify: true,
			VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
				certs := make([]*x509.Certificate, len(raw))
				for i, r := range raw {
					c, err := x509.ParseCertificate(r)
					if err != nil {
						return err
					}
					certs[i] = c
				}
				_, err := certs[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: poolOf(certs[1:]), CurrentTime: now})
				return err
			},
			Time: func() time.Time { return now }, MaxVersion: tls.VersionTLS12,
		}
		for range b.N {
			c1, c2 := net.Pipe()
			done := make(chan error, 1)
			go func() { done <- tls.Server(c2, srvCfg).Handshake() }()
			if err := tls.Client(c1, cliCfg).Handshake(); err != nil {
				b.Fatal(err)
			}
			if err := <-done; err != nil {
				b.Fatal(err)
			}
			c1.Close()
			c2.Close()
		}
	})
}

func TestDecisionFixture(t *testing.T) {
	fx := newDecisionFixture(t)
	if f := eapTLS(fx.now, "device1", fx.ap, fx.cs); f != nil {
		t.Fatalf("eapTLS = %+v; want success", f)
	}
	if f := eapTLS(fx.now.Add(400*24*time.Hour), "device1", fx.ap, fx.cs); f == nil || f.cert != wificonfig.CertErrorInvalidRootCA {
		t.Fatalf("eapTLS after expiry = %+v; want InvalidRootCA", f)
	}
}
