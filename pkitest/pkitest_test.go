package pkitest_test

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"net"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/internal/certparse"
	"github.com/azsphere-go/applibs/pkitest"
)

func TestChain(t *testing.T) {
	ca := pkitest.MustCA(pkitest.Options{})
	if !ca.Cert.IsCA || ca.Cert.Subject.CommonName != "Test Root CA" {
		t.Errorf("NewCA: IsCA=%v CN=%q, want a CA named Test Root CA", ca.Cert.IsCA, ca.Cert.Subject.CommonName)
	}
	inter, err := ca.IssueCA(pkitest.Options{Subject: pkix.Name{CommonName: "Intermediate"}})
	if err != nil {
		t.Fatal(err)
	}
	leaf := inter.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "server"}, DNSNames: []string{"radius.example.com"}})
	roots, inters := x509.NewCertPool(), x509.NewCertPool()
	roots.AddCert(ca.Cert)
	inters.AddCert(inter.Cert)
	for _, usage := range []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth} {
		if _, err := leaf.Cert.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inters, DNSName: "radius.example.com", KeyUsages: []x509.ExtKeyUsage{usage}}); err != nil {
			t.Errorf("leaf does not verify for %v: %v", usage, err)
		}
	}
	if leaf.Cert.SerialNumber.Cmp(inter.Cert.SerialNumber) == 0 || inter.Cert.SerialNumber.Cmp(ca.Cert.SerialNumber) == 0 {
		t.Error("serial numbers repeat")
	}
	block, rest := pem.Decode(leaf.CertPEM)
	if block == nil || block.Type != "CERTIFICATE" || len(rest) != 0 {
		t.Errorf("CertPEM is not one CERTIFICATE block")
	}
}

func TestValidity(t *testing.T) {
	epoch := time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC) // sim.Epoch
	ca := pkitest.MustCA(pkitest.Options{})
	nb, na := ca.Cert.NotBefore, ca.Cert.NotAfter
	for _, at := range []time.Time{time.Now(), epoch, epoch.AddDate(5, 0, 0)} {
		if at.Before(nb) || at.After(na) {
			t.Errorf("default validity %v..%v does not cover %v", nb, na, at)
		}
	}
	if !na.Equal(nb.AddDate(10, 0, 0)) {
		t.Errorf("default NotAfter %v, want ten years after NotBefore %v", na, nb)
	}
	from := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	to := from.Add(48 * time.Hour)
	c := pkitest.MustCA(pkitest.Options{NotBefore: from, NotAfter: to})
	if !c.Cert.NotBefore.Equal(from) || !c.Cert.NotAfter.Equal(to) {
		t.Errorf("validity %v..%v, want %v..%v", c.Cert.NotBefore, c.Cert.NotAfter, from, to)
	}
}

func TestKeyPEM(t *testing.T) {
	ca := pkitest.MustCA(pkitest.Options{})
	ec := ca.MustIssue(pkitest.Options{})
	rsaCert := ca.MustIssue(pkitest.Options{KeyType: pkitest.RSA2048})
	if _, ok := ec.Key.(*ecdsa.PrivateKey); !ok {
		t.Errorf("EC256 key is %T", ec.Key)
	}
	if k, ok := rsaCert.Key.(*rsa.PrivateKey); !ok || k.N.BitLen() != 2048 {
		t.Errorf("RSA2048 key is %T", rsaCert.Key)
	}
	pw := []byte("pw")
	tests := []struct {
		c        *pkitest.Cert
		f        pkitest.KeyFormat
		pw       []byte
		pemType  string
		encrypts bool
	}{
		{ec, pkitest.PKCS8, nil, "PRIVATE KEY", false},
		{ec, pkitest.SEC1, nil, "EC PRIVATE KEY", false},
		{ec, pkitest.EncryptedPKCS8, pw, "ENCRYPTED PRIVATE KEY", true},
		{ec, pkitest.LegacyEncrypted, pw, "EC PRIVATE KEY", true},
		{rsaCert, pkitest.PKCS8, nil, "PRIVATE KEY", false},
		{rsaCert, pkitest.PKCS1, nil, "RSA PRIVATE KEY", false},
		{rsaCert, pkitest.EncryptedPKCS8, pw, "ENCRYPTED PRIVATE KEY", true},
		{rsaCert, pkitest.LegacyEncrypted, pw, "RSA PRIVATE KEY", true},
	}
	for _, tt := range tests {
		b, err := tt.c.KeyPEM(tt.f, tt.pw)
		if err != nil {
			t.Errorf("KeyPEM(%d): %v", tt.f, err)
			continue
		}
		block, _ := pem.Decode(b)
		if block == nil || block.Type != tt.pemType {
			t.Errorf("KeyPEM(%d) made %v, want a %s block", tt.f, block, tt.pemType)
			continue
		}
		if legacy := block.Headers["DEK-Info"] != ""; legacy != (tt.f == pkitest.LegacyEncrypted) {
			t.Errorf("KeyPEM(%d): DEK-Info header present=%v", tt.f, legacy)
		}
		key, err := certparse.PrivateKey(b, tt.pw)
		if err != nil {
			t.Errorf("KeyPEM(%d) does not parse back: %v", tt.f, err)
			continue
		}
		if !key.Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(tt.c.Key.Public()) {
			t.Errorf("KeyPEM(%d) holds another key", tt.f)
		}
	}
	for _, bad := range []struct {
		c *pkitest.Cert
		f pkitest.KeyFormat
	}{{ec, pkitest.PKCS1}, {rsaCert, pkitest.SEC1}, {ec, pkitest.KeyFormat(99)}} {
		if _, err := bad.c.KeyPEM(bad.f, nil); err == nil {
			t.Errorf("KeyPEM(%d) of a %T key succeeded, want an error", bad.f, bad.c.Key)
		}
	}
}

func TestMustKeyPEMPanics(t *testing.T) {
	ec := pkitest.MustCA(pkitest.Options{})
	defer func() {
		if recover() == nil {
			t.Error("MustKeyPEM(PKCS1) of an EC key did not panic")
		}
	}()
	ec.MustKeyPEM(pkitest.PKCS1, nil)
}

func TestUsage(t *testing.T) {
	ca := pkitest.MustCA(pkitest.Options{})
	for _, tc := range []struct {
		usage        pkitest.Usage
		client, serv bool
	}{
		{pkitest.ClientAndServer, true, true},
		{pkitest.ClientOnly, true, false},
		{pkitest.ServerOnly, false, true},
	} {
		leaf := ca.MustIssue(pkitest.Options{Usage: tc.usage})
		for usage, want := range map[x509.ExtKeyUsage]bool{x509.ExtKeyUsageClientAuth: tc.client, x509.ExtKeyUsageServerAuth: tc.serv} {
			_, err := leaf.Cert.Verify(x509.VerifyOptions{Roots: pkitest.Pool(ca), KeyUsages: []x509.ExtKeyUsage{usage}})
			if (err == nil) != want {
				t.Errorf("Usage %d: verify for %v: err = %v, want ok=%v", tc.usage, usage, err, want)
			}
		}
	}
	if _, err := ca.Issue(pkitest.Options{Usage: 9}); err == nil {
		t.Error("Issue with an unknown usage succeeded")
	}
	if _, err := pkitest.NewCA(pkitest.Options{KeyType: 9}); err == nil {
		t.Error("NewCA with an unknown key type succeeded")
	}
}

func TestTLSCertificate(t *testing.T) {
	root := pkitest.MustCA(pkitest.Options{})
	inter, err := root.IssueCA(pkitest.Options{Subject: pkix.Name{CommonName: "inter"}})
	if err != nil {
		t.Fatal(err)
	}
	leaf := inter.MustIssue(pkitest.Options{DNSNames: []string{"localhost"}})
	tc := leaf.TLSCertificate(inter)
	if len(tc.Certificate) != 2 || tc.Leaf != leaf.Cert || tc.PrivateKey != leaf.Key {
		t.Fatalf("TLSCertificate = %d certificates, leaf %v, want the leaf, its key and one intermediate", len(tc.Certificate), tc.Leaf == leaf.Cert)
	}
	if !bytes.Equal(tc.Certificate[1], inter.Cert.Raw) {
		t.Error("second certificate is not the intermediate")
	}
}

func TestIPAddresses(t *testing.T) {
	ca := pkitest.MustCA(pkitest.Options{})
	leaf := ca.MustIssue(pkitest.Options{Usage: pkitest.ServerOnly, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}})
	if _, err := leaf.Cert.Verify(x509.VerifyOptions{Roots: pkitest.Pool(ca), DNSName: "127.0.0.1"}); err != nil {
		t.Errorf("a server certificate for 127.0.0.1 does not verify for it: %v", err)
	}
	if _, err := leaf.Cert.Verify(x509.VerifyOptions{Roots: pkitest.Pool(ca), DNSName: "127.0.0.2"}); err == nil {
		t.Error("it verifies for 127.0.0.2 too")
	}
}
