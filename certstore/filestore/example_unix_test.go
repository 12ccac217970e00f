//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package filestore_test

import (
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"syscall"

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

// Open refuses a store whose newest state file is damaged, and says what keeping the older
// state would lose; Repair makes that choice explicit.
func ExampleRepair() {
	dir, err := os.MkdirTemp("", "certstore")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	ca := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Example CA"}})
	fs, err := filestore.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	store := certstore.New(fs)
	for _, id := range []string{"RadiusCA", "OldCA"} { // state 3 in store.a, 4 in store.b
		if err := store.InstallRootCACertificate(id, ca.CertPEM); err != nil {
			log.Fatal(err)
		}
	}
	if err := store.DeleteCertificate("OldCA"); err != nil { // state 5 in store.a
		log.Fatal(err)
	}
	fs.Close()

	// A bit flips in the newest state file.
	path := filepath.Join(dir, "store.a")
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	data[600] ^= 1
	if err := os.WriteFile(path, data, 0o600); err != nil {
		log.Fatal(err)
	}

	_, err = filestore.Open(dir)
	var damage *filestore.DamageError
	if errors.As(err, &damage) {
		fmt.Println("EIO:", errors.Is(err, syscall.EIO))
		fmt.Println("damaged:", damage.File, "intact:", damage.Intact)
		fmt.Println("keeping the intact state brings back:", damage.Revived)
	}
	report, err := filestore.Repair(dir, filestore.RecoverOlder)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("kept:", report.Kept, "lost:", report.Lost)
	// Output:
	// EIO: true
	// damaged: store.a intact: store.b
	// keeping the intact state brings back: [OldCA]
	// kept: [RadiusCA OldCA] lost: []
}
