package testpki_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/internal/certparse"
	"github.com/azsphere-go/applibs/internal/testpki"
)

func TestChain(t *testing.T) {
	ca := testpki.MustCA(testpki.Options{})
	if !ca.Cert.IsCA || ca.Cert.Subject.CommonName != "Test Root CA" {
		t.Errorf("NewCA: IsCA=%v CN=%q, want a CA named Test Root CA", ca.Cert.IsCA, ca.Cert.Subject.CommonName)
	}
	inter, err := ca.IssueCA(testpki.Options{Subject: pkix.Name{CommonName: "Intermediate"}})
	if err != nil {
		t.Fatal(err)
	}
	leaf := inter.MustIssue(testpki.Options{Subject: pkix.Name{CommonName: "server"}, DNSNames: []string{"radius.example.com"}})
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
	before := time.Now()
	ca := testpki.MustCA(testpki.Options{})
	nb, na := ca.Cert.NotBefore, ca.Cert.NotAfter
	if nb.After(before) || nb.Before(before.Add(-2*time.Hour)) {
		t.Errorf("default NotBefore %v, want about an hour before %v", nb, before)
	}
	if !na.Equal(nb.AddDate(1, 0, 0)) {
		t.Errorf("default NotAfter %v, want a year after NotBefore %v", na, nb)
	}
	from := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	to := from.Add(48 * time.Hour)
	c := testpki.MustCA(testpki.Options{NotBefore: from, NotAfter: to})
	if !c.Cert.NotBefore.Equal(from) || !c.Cert.NotAfter.Equal(to) {
		t.Errorf("validity %v..%v, want %v..%v", c.Cert.NotBefore, c.Cert.NotAfter, from, to)
	}
}

func TestKeyPEM(t *testing.T) {
	ca := testpki.MustCA(testpki.Options{})
	ec := ca.MustIssue(testpki.Options{})
	rsaCert := ca.MustIssue(testpki.Options{KeyType: testpki.RSA2048})
	if _, ok := ec.Key.(*ecdsa.PrivateKey); !ok {
		t.Errorf("EC256 key is %T", ec.Key)
	}
	if k, ok := rsaCert.Key.(*rsa.PrivateKey); !ok || k.N.BitLen() != 2048 {
		t.Errorf("RSA2048 key is %T", rsaCert.Key)
	}
	pw := []byte("pw")
	tests := []struct {
		c        *testpki.Cert
		f        testpki.KeyFormat
		pw       []byte
		pemType  string
		encrypts bool
	}{
		{ec, testpki.PKCS8, nil, "PRIVATE KEY", false},
		{ec, testpki.SEC1, nil, "EC PRIVATE KEY", false},
		{ec, testpki.EncryptedPKCS8, pw, "ENCRYPTED PRIVATE KEY", true},
		{ec, testpki.LegacyEncrypted, pw, "EC PRIVATE KEY", true},
		{rsaCert, testpki.PKCS8, nil, "PRIVATE KEY", false},
		{rsaCert, testpki.PKCS1, nil, "RSA PRIVATE KEY", false},
		{rsaCert, testpki.EncryptedPKCS8, pw, "ENCRYPTED PRIVATE KEY", true},
		{rsaCert, testpki.LegacyEncrypted, pw, "RSA PRIVATE KEY", true},
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
		if legacy := block.Headers["DEK-Info"] != ""; legacy != (tt.f == testpki.LegacyEncrypted) {
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
		c *testpki.Cert
		f testpki.KeyFormat
	}{{ec, testpki.PKCS1}, {rsaCert, testpki.SEC1}, {ec, testpki.KeyFormat(99)}} {
		if _, err := bad.c.KeyPEM(bad.f, nil); err == nil {
			t.Errorf("KeyPEM(%d) of a %T key succeeded, want an error", bad.f, bad.c.Key)
		}
	}
}

func TestMustKeyPEMPanics(t *testing.T) {
	ec := testpki.MustCA(testpki.Options{})
	defer func() {
		if recover() == nil {
			t.Error("MustKeyPEM(PKCS1) of an EC key did not panic")
		}
	}()
	ec.MustKeyPEM(testpki.PKCS1, nil)
}
