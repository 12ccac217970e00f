package pkitest_test

import (
	"crypto/tls"
	"crypto/x509/pkix"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/pkitest"
)

// A root CA and a client certificate with an encrypted key, installed on a simulated device.
func Example() {
	ca := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Example RADIUS Root"}})
	client := ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device-1"}, Usage: pkitest.ClientOnly})
	password := []byte("correct horse")
	key := client.MustKeyPEM(pkitest.EncryptedPKCS8, password)

	store := certstore.New(sim.New(sim.Options{}).CertStore())
	if err := store.InstallRootCACertificate("RadiusRoot", ca.CertPEM); err != nil {
		fmt.Println(err)
	}
	if err := store.InstallClientCertificate("Client", client.CertPEM, key, password); err != nil {
		fmt.Println(err)
	}
	subject, _ := store.GetCertificateSubjectName("Client")
	issuer, _ := store.GetCertificateIssuerName("Client")
	fmt.Println(subject, "issued by", issuer)
	// Output:
	// /CN=device-1 issued by /CN=Example RADIUS Root
}

// Validity windows on the simulated device's clock: a certificate that expires in two days
// and one that becomes valid tomorrow.
func ExampleOptions_validity() {
	dev := sim.New(sim.Options{})
	now := dev.Now()
	ca := pkitest.MustCA(pkitest.Options{})
	expiring := ca.MustIssue(pkitest.Options{NotBefore: now.Add(-time.Hour), NotAfter: now.Add(48 * time.Hour)})
	future := ca.MustIssue(pkitest.Options{NotBefore: now.Add(24 * time.Hour), NotAfter: now.AddDate(1, 0, 0)})

	fmt.Println("device time:", now.Format(time.DateOnly))
	fmt.Println("expiring valid now:", !now.Before(expiring.Cert.NotBefore) && now.Before(expiring.Cert.NotAfter))
	fmt.Println("future valid now:", !now.Before(future.Cert.NotBefore))
	// Output:
	// device time: 2026-01-01
	// expiring valid now: true
	// future valid now: false
}

// The same keys in every PEM form the certificate store accepts.
func ExampleCert_KeyPEM() {
	ec := pkitest.MustCA(pkitest.Options{})
	rsa := pkitest.MustCA(pkitest.Options{KeyType: pkitest.RSA2048})
	for _, c := range []struct {
		cert *pkitest.Cert
		f    pkitest.KeyFormat
	}{
		{ec, pkitest.PKCS8}, {ec, pkitest.SEC1}, {rsa, pkitest.PKCS1},
		{ec, pkitest.EncryptedPKCS8}, {rsa, pkitest.LegacyEncrypted},
	} {
		if _, err := c.cert.KeyPEM(c.f, []byte("pw")); err != nil {
			fmt.Println(c.f, err)
			continue
		}
		fmt.Println(c.f, "ok")
	}
	_, err := ec.KeyPEM(pkitest.PKCS1, nil)
	fmt.Println(err)
	// Output:
	// PKCS8 ok
	// SEC1 ok
	// PKCS1 ok
	// EncryptedPKCS8 ok
	// LegacyEncrypted ok
	// pkitest: key *ecdsa.PrivateKey has no PKCS1 encoding
}

// A local HTTPS server with a certificate from a test CA, and a client that trusts that CA.
func ExampleCert_TLSCertificate() {
	ca := pkitest.MustCA(pkitest.Options{})
	serverCert := ca.MustIssue(pkitest.Options{DNSNames: []string{"localhost"}, Usage: pkitest.ServerOnly})

	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "hello over TLS")
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{serverCert.TLSCertificate()}}
	srv.StartTLS()
	defer srv.Close()

	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pkitest.Pool(ca), ServerName: "localhost"}}}
	resp, err := client.Get(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	fmt.Println(resp.Status)
	// Output:
	// 200 OK
}
