package sim_test

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/internal/testpki"
)

// benchEnv is a device connected to an EAP-TLS network whose root CA and client certificate
// are installed, as in the documentation's Network1.
func benchEnv(b *testing.B) (*eapEnv, *testpki.Cert) {
	b.Helper()
	t := b
	e := newEAPEnv(t)
	client := e.installClient(t, "ClientCert1", "device1", wt0.Add(-oneDay), wt0.Add(365*oneDay))
	e.installRoot(t, "RootCA1", wifiRadius1.root)
	e.setAP(t, radiusServer(wifiRadius1))
	e.addEAP(t, "Network1", "ClientCert1", "RootCA1")
	if _, err := e.cfg.GetConnectedNetworkID(); err != nil {
		b.Fatal(err)
	}
	return e, client
}

// BenchmarkVerifyBaseline is the baseline: the two x509 verifications the connect decision
// makes (server chain against the network's root CA, client certificate against the
// server's client CAs), at the device's time, with pools built beforehand.
func BenchmarkVerifyBaseline(b *testing.B) {
	e, cl := benchEnv(b)
	client := cl.Cert
	now := e.dev.Now()
	roots := x509.NewCertPool()
	roots.AddCert(wifiRadius1.root.Cert)
	inter := x509.NewCertPool()
	inter.AddCert(wifiRadius1.inter.Cert)
	clientRoots := x509.NewCertPool()
	clientRoots.AddCert(wifiClientCA.Cert)
	b.ResetTimer()
	for range b.N {
		if _, err := wifiRadius1.leaf.Cert.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err != nil {
			b.Fatal(err)
		}
		if _, err := client.Verify(x509.VerifyOptions{Roots: clientRoots, Intermediates: x509.NewCertPool(), CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReloadConfig is ReloadConfig with one EAP-TLS network: reload the configuration
// and the certificates from the store, then connect (one decision).
func BenchmarkReloadConfig(b *testing.B) {
	e, _ := benchEnv(b)
	b.ResetTimer()
	for range b.N {
		if err := e.cfg.ReloadConfig(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if _, ok := e.dev.WifiConnection(); !ok {
		b.Fatal("disconnected")
	}
}

// BenchmarkTLSHandshake is the alternative the simulator does not take: a full mutual TLS 1.2
// handshake over net.Pipe with the same certificates and verification at the same time.
func BenchmarkTLSHandshake(b *testing.B) {
	e, client := benchEnv(b)
	now := e.dev.Now()
	roots := x509.NewCertPool()
	roots.AddCert(wifiRadius1.root.Cert)
	clientRoots := x509.NewCertPool()
	clientRoots.AddCert(wifiClientCA.Cert)
	srvCfg := &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{wifiRadius1.leaf.Cert.Raw, wifiRadius1.inter.Cert.Raw}, PrivateKey: wifiRadius1.leaf.Key}},
		ClientAuth:   tls.RequireAndVerifyClientCert, ClientCAs: clientRoots,
		Time: func() time.Time { return now }, MaxVersion: tls.VersionTLS12,
	}
	cliCfg := &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{client.Cert.Raw}, PrivateKey: client.Key}},
		RootCAs:      roots, ServerName: "RADIUS 1 Server", InsecureSkipVerify: true,
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			leaf, err := x509.ParseCertificate(raw[0])
			if err != nil {
				return err
			}
			inter := x509.NewCertPool()
			for _, r := range raw[1:] {
				c, err := x509.ParseCertificate(r)
				if err != nil {
					return err
				}
				inter.AddCert(c)
			}
			_, err = leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: now})
			return err
		},
		Time: func() time.Time { return now }, MaxVersion: tls.VersionTLS12,
	}
	b.ResetTimer()
	for range b.N {
		c1, c2 := net.Pipe()
		done := make(chan error, 1)
		go func() {
			s := tls.Server(c2, srvCfg)
			done <- s.Handshake()
		}()
		cl := tls.Client(c1, cliCfg)
		if err := cl.Handshake(); err != nil {
			b.Fatal(err)
		}
		if err := <-done; err != nil {
			b.Fatal(err)
		}
		c1.Close()
		c2.Close()
	}
}
