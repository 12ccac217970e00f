package certstore_test

import (
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/pkitest"
)

// exampleCA makes a root CA with a fixed subject and validity, so that the output of the
// examples does not depend on when they run.
func exampleCA(cn string) *pkitest.Cert {
	return pkitest.MustCA(pkitest.Options{
		Subject:   pkix.Name{Country: []string{"US"}, Organization: []string{"Example"}, CommonName: cn},
		NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:  time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC),
	})
}

func ExampleNew() {
	// A Store over a simulated device; on a device build, certstore.Default() is the device.
	dev := sim.New(sim.Options{})
	store := certstore.New(dev.CertStore())

	space, err := store.GetAvailableSpace()
	if err != nil {
		fmt.Println(err)
		return
	}
	n, _ := store.GetCertificateCount()
	fmt.Printf("%d certificates, %d bytes free\n", n, space)
	// Output: 0 certificates, 24576 bytes free
}

func ExampleStore_InstallRootCACertificate() {
	store := certstore.New(sim.New(sim.Options{}).CertStore())
	ca := exampleCA("Example Root CA")

	// The samples check the space first: a certificate is charged the length of its PEM.
	if space, _ := store.GetAvailableSpace(); space < len(ca.CertPEM) {
		fmt.Println("not enough space")
		return
	}
	if err := store.InstallRootCACertificate("radius-ca", ca.CertPEM); err != nil {
		fmt.Println(err)
		return
	}
	subject, _ := store.GetCertificateSubjectName("radius-ca")
	notAfter, _ := store.GetCertificateNotAfter("radius-ca")
	fmt.Println(subject)
	fmt.Println(notAfter.Format(time.DateTime))
	// Output:
	// /C=US/O=Example/CN=Example Root CA
	// 2035-01-01 00:00:00
}

func ExampleStore_InstallClientCertificate() {
	store := certstore.New(sim.New(sim.Options{}).CertStore())
	ca := exampleCA("Example Root CA")
	client := ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device-42"}})
	password := []byte("key password")
	key := client.MustKeyPEM(pkitest.EncryptedPKCS8, password)

	if err := store.InstallClientCertificate("eap-client", client.CertPEM, key, password); err != nil {
		fmt.Println(err)
		return
	}
	// A wrong password is EINVAL, and the certificate installed before stays.
	err := store.InstallClientCertificate("eap-client", client.CertPEM, key, []byte("guess"))
	fmt.Println(errors.Is(err, syscall.EINVAL))
	issuer, _ := store.GetCertificateIssuerName("eap-client")
	fmt.Println(issuer)
	// Output:
	// true
	// /C=US/O=Example/CN=Example Root CA
}

func ExampleStore_Certificates() {
	store := certstore.New(sim.New(sim.Options{}).CertStore())
	_ = store.InstallRootCACertificate("ca-1", exampleCA("First CA").CertPEM)
	_ = store.InstallRootCACertificate("ca-2", exampleCA("Second CA").CertPEM)

	for c, err := range store.Certificates() {
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Printf("%s: %s, valid %s to %s\n", c.ID, c.Subject,
			c.NotBefore.Format(time.DateOnly), c.NotAfter.Format(time.DateOnly))
	}
	// Output:
	// ca-1: /C=US/O=Example/CN=First CA, valid 2025-01-01 to 2035-01-01
	// ca-2: /C=US/O=Example/CN=Second CA, valid 2025-01-01 to 2035-01-01
}

func ExampleStore_MoveCertificate() {
	store := certstore.New(sim.New(sim.Options{}).CertStore())
	_ = store.InstallRootCACertificate("current", exampleCA("Old CA").CertPEM)
	_ = store.InstallRootCACertificate("next", exampleCA("New CA").CertPEM)

	// Rotate: the new CA takes the identifier the Wi-Fi configuration uses.
	if err := store.MoveCertificate("next", "current"); err != nil {
		fmt.Println(err)
		return
	}
	n, _ := store.GetCertificateCount()
	subject, _ := store.GetCertificateSubjectName("current")
	_, err := store.GetCertificateSubjectName("next")
	fmt.Println(n, subject)
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	// Output:
	// 1 /C=US/O=Example/CN=New CA
	// true
}

// Errors unwrap to the errno the device sets.
func Example_errors() {
	// A store with room for about one certificate.
	store := certstore.New(sim.New(sim.Options{Capacity: 1024}).CertStore())
	_ = store.InstallRootCACertificate("first", exampleCA("First").CertPEM)

	err := store.InstallRootCACertificate("second", exampleCA("Second").CertPEM)
	fmt.Println(errors.Is(err, syscall.ENOSPC))

	err = store.DeleteCertificate("missing")
	fmt.Println(errors.Is(err, syscall.ENOENT), err)

	_, err = store.GetCertificateIdentifierAt(1)
	fmt.Println(errors.Is(err, syscall.ERANGE))

	err = store.InstallRootCACertificate("bad id!", nil)
	var e *certstore.Error
	if errors.As(err, &e) {
		fmt.Println(e.Op, e.Errno == syscall.EINVAL)
	}
	// Output:
	// true
	// true DeleteCertificate "missing": no certificate with this identifier (ENOENT: no such file or directory)
	// true
	// InstallRootCACertificate true
}

// Deleting every certificate: always delete the one at index 0, as the indices close up
// after each delete.
func Example_deleteAll() {
	store := certstore.New(sim.New(sim.Options{}).CertStore())
	for _, id := range []string{"a", "b", "c"} {
		_ = store.InstallRootCACertificate(id, exampleCA(id).CertPEM)
	}
	n, _ := store.GetCertificateCount()
	for i := 0; i < n; i++ {
		id, err := store.GetCertificateIdentifierAt(0)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("deleting", id)
		_ = store.DeleteCertificate(id)
	}
	n, _ = store.GetCertificateCount()
	fmt.Println(n, "left")
	// Output:
	// deleting a
	// deleting b
	// deleting c
	// 0 left
}
