package sim_test

import (
	"crypto/x509/pkix"
	"errors"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/internal/testpki"
)

func TestSmokeInstall(t *testing.T) {
	dev := sim.New(sim.Options{})
	s := certstore.New(dev.CertStore())
	ca := testpki.MustCA(testpki.Options{Subject: pkix.Name{Country: []string{"US"}, Organization: []string{"Example"}, CommonName: "Root"}})
	leaf := ca.MustIssue(testpki.Options{Subject: pkix.Name{CommonName: "dev1"}})
	for _, f := range []testpki.KeyFormat{testpki.PKCS8, testpki.SEC1, testpki.EncryptedPKCS8, testpki.LegacyEncrypted} {
		var pw []byte
		if f >= testpki.EncryptedPKCS8 {
			pw = []byte("secret")
		}
		if err := s.InstallClientCertificate("client", leaf.CertPEM, leaf.MustKeyPEM(f, pw), pw); err != nil {
			t.Fatalf("format %d: %v", f, err)
		}
	}
	if err := s.InstallRootCACertificate("root", ca.CertPEM); err != nil {
		t.Fatal(err)
	}
	sub, _ := s.GetCertificateSubjectName("root")
	if sub != "/C=US/O=Example/CN=Root" {
		t.Errorf("subject = %q", sub)
	}
	err := s.InstallClientCertificate("client", ca.CertPEM, leaf.MustKeyPEM(testpki.PKCS8, nil), nil)
	if !errors.Is(err, syscall.EINVAL) {
		t.Errorf("mismatch: %v", err)
	}
	t.Log(err)
	err = certstore.InstallRootCACertificate("x", ca.CertPEM)
	if !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("default: %v", err)
	}
	t.Log(err)
}
