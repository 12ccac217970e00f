//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package filestore_test

import (
	"crypto/x509/pkix"
	"fmt"
	"log"
	"os"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/filestore"
	"github.com/azsphere-go/applibs/pkitest"
)

// A file store behind the certstore front end: certificates survive a reopen, and Paths
// hands the Wi-Fi side files it can load.
func Example() {
	dir, err := os.MkdirTemp("", "certstore")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	ca := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Example CA"}})
	dev := ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device"}})
	pw := []byte("key password")

	fs, err := filestore.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	store := certstore.New(fs)
	if err := store.InstallRootCACertificate("RadiusCA", ca.CertPEM); err != nil {
		log.Fatal(err)
	}
	if err := store.InstallClientCertificate("ClientCert1", dev.CertPEM, dev.MustKeyPEM(pkitest.EncryptedPKCS8, pw), pw); err != nil {
		log.Fatal(err)
	}
	fs.Close()

	fs, err = filestore.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer fs.Close()
	store = certstore.New(fs)
	for c, err := range store.Certificates() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(c.ID, c.Subject)
	}
	_, keyPath, err := fs.Paths("ClientCert1")
	if err != nil {
		log.Fatal(err)
	}
	fi, err := os.Stat(keyPath)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("key file mode:", fi.Mode().Perm())
	// Output:
	// RadiusCA /CN=Example CA
	// ClientCert1 /CN=device
	// key file mode: -rw-------
}
