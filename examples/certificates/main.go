package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/wificonfig"
)

//go:generate go run gen_material.go

// The identifiers the sample installs under (at most 16 characters of [A-Za-z0-9._-]).
const (
	rootCAID    = "SmplRootCACertId"
	clientID    = "SmplClientCertId"
	newRootCAID = "SmplNewRootCAId"
)

// timeLayout is how the sample prints validity times (strftime "%Y-%m-%d %T").
const timeLayout = "2006-01-02 15:04:05"

// material is what the sample installs: PEM blobs as an application would embed them.
type material struct {
	RootCA        []byte // first root CA certificate
	NewRootCA     []byte // the root CA that replaces it
	ClientCert    []byte // client certificate, issued by RootCA
	ClientKey     []byte // its private key, encrypted PKCS#8
	ClientKeyPass []byte // the key's password
}

// embedded returns the material the program installs: the PEM constants of material.go.
func embedded() *material {
	return &material{RootCA: []byte(rootCAPEM), NewRootCA: []byte(newRootCAPEM), ClientCert: []byte(clientCertPEM),
		ClientKey: []byte(clientKeyPEM), ClientKeyPass: []byte(clientKeyPassword)}
}

// run plays the sample's steps on store and wifi, printing what it does to w. It stops at the
// first failure and returns it.
func run(w io.Writer, store *certstore.Store, wifi *wificonfig.Config, m *material) error {
	step := 0
	say := func(format string, args ...any) {
		step++
		fmt.Fprintf(w, "[%d] "+format+"\n", append([]any{step}, args...)...)
	}

	// 1. Is there room for everything the sample installs? Space is compared with the length
	// of the PEM blobs, as the sample does.
	space, err := store.GetAvailableSpace()
	if err != nil {
		return err
	}
	need := len(m.RootCA) + len(m.ClientCert) + len(m.ClientKey) + len(m.NewRootCA)
	say("Available space in the certificate store: %d bytes; the sample needs %d.", space, need)
	if space < need {
		return fmt.Errorf("not enough space in the certificate store: %d bytes free, %d needed", space, need)
	}

	// 2. The root CA that authenticates the network's RADIUS server.
	if err := store.InstallRootCACertificate(rootCAID, m.RootCA); err != nil {
		return err
	}
	say("Installed root CA certificate %q.", rootCAID)

	// 3. The client certificate that authenticates the device, with its encrypted key.
	if err := store.InstallClientCertificate(clientID, m.ClientCert, m.ClientKey, m.ClientKeyPass); err != nil {
		return err
	}
	say("Installed client certificate %q (private key: encrypted PKCS#8).", clientID)

	// 4. A second root CA, for a CA rotation.
	if err := store.InstallRootCACertificate(newRootCAID, m.NewRootCA); err != nil {
		return err
	}
	say("Installed root CA certificate %q.", newRootCAID)

	// 5. Move the new root CA over the first: the identifier the Wi-Fi configuration uses now
	// names the new CA, and the new identifier is gone.
	if err := store.MoveCertificate(newRootCAID, rootCAID); err != nil {
		return err
	}
	say("Moved %q to %q, replacing the certificate that was there.", newRootCAID, rootCAID)

	// 6. Wi-Fi configurations see certificate changes only after a reload.
	if err := wifi.ReloadConfig(); err != nil {
		return err
	}
	say("Reloaded the Wi-Fi configuration so that it uses the new certificates.")

	// 7. Everything in the store, in index order.
	n, err := store.GetCertificateCount()
	if err != nil {
		return err
	}
	say("The store holds %d certificates:", n)
	for c, err := range store.Certificates() {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "    Certificate ID: %s\n", c.ID)
		fmt.Fprintf(w, "      Subject:    '%s'\n", c.Subject)
		fmt.Fprintf(w, "      Issuer:     '%s'\n", c.Issuer)
		fmt.Fprintf(w, "      Not before: %s\n", c.NotBefore.Format(timeLayout))
		fmt.Fprintf(w, "      Not after:  %s\n", c.NotAfter.Format(timeLayout))
	}

	// 8. Delete everything: indices close up after each delete, so always delete index 0.
	n, err = store.GetCertificateCount()
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		id, err := store.GetCertificateIdentifierAt(0)
		if err != nil {
			return err
		}
		if err := store.DeleteCertificate(id); err != nil {
			return err
		}
		say("Deleted certificate %q.", id)
	}
	left, err := store.GetCertificateCount()
	if err != nil {
		return err
	}
	if left != 0 {
		return errors.New("certificates remain after deleting them all")
	}
	space, err = store.GetAvailableSpace()
	if err != nil {
		return err
	}
	say("The store is empty again; %d bytes available.", space)
	return nil
}
