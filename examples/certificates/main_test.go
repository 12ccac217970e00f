package main

import (
	"bytes"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
)

var start = time.Date(2026, time.March, 1, 8, 0, 0, 0, time.UTC)

// newMaterial generates certificates like the embedded ones, valid from notBefore for
// validity, so that tests can choose the dates.
func newMaterial(notBefore time.Time, validity time.Duration) (*material, error) {
	name := func(cn string) pkix.Name {
		return pkix.Name{Country: []string{"US"}, Organization: []string{"Contoso"}, CommonName: cn}
	}
	opts := func(cn string) pkitest.Options {
		return pkitest.Options{Subject: name(cn), NotBefore: notBefore, NotAfter: notBefore.Add(validity)}
	}
	root, err := pkitest.NewCA(opts("Contoso Root CA"))
	if err != nil {
		return nil, err
	}
	newRoot, err := pkitest.NewCA(opts("Contoso Root CA 2"))
	if err != nil {
		return nil, err
	}
	client, err := root.Issue(opts("device-0001"))
	if err != nil {
		return nil, err
	}
	pass := []byte("sample key password")
	key, err := client.KeyPEM(pkitest.EncryptedPKCS8, pass)
	if err != nil {
		return nil, err
	}
	return &material{RootCA: root.CertPEM, NewRootCA: newRoot.CertPEM, ClientCert: client.CertPEM, ClientKey: key, ClientKeyPass: pass}, nil
}

// TestEmbeddedMaterial runs the program's own material: it installs on the simulator.
func TestEmbeddedMaterial(t *testing.T) {
	dev := sim.New(sim.Options{})
	var out bytes.Buffer
	if err := run(&out, certstore.New(dev.CertStore()), wificonfig.New(dev.Wifi()), embedded()); err != nil {
		t.Fatalf("run with the embedded certificates: %v\n%s", err, &out)
	}
	if !strings.Contains(out.String(), "Not after:  2035-01-01 00:00:00") {
		t.Errorf("output does not list the embedded certificates:\n%s", &out)
	}
}

func setup(t *testing.T, opts sim.Options) (*sim.Device, *certstore.Store, *wificonfig.Config, *material) {
	t.Helper()
	m, err := newMaterial(start, 90*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	dev := sim.New(opts)
	return dev, certstore.New(dev.CertStore()), wificonfig.New(dev.Wifi()), m
}

func TestRun(t *testing.T) {
	dev, store, wifi, m := setup(t, sim.Options{})
	var out bytes.Buffer
	if err := run(&out, store, wifi, m); err != nil {
		t.Fatalf("run: %v\noutput:\n%s", err, &out)
	}
	need := len(m.RootCA) + len(m.ClientCert) + len(m.ClientKey) + len(m.NewRootCA)
	want := fmt.Sprintf(`[1] Available space in the certificate store: 24576 bytes; the sample needs %d.
[2] Installed root CA certificate "SmplRootCACertId".
[3] Installed client certificate "SmplClientCertId" (private key: encrypted PKCS#8).
[4] Installed root CA certificate "SmplNewRootCAId".
[5] Moved "SmplNewRootCAId" to "SmplRootCACertId", replacing the certificate that was there.
[6] Reloaded the Wi-Fi configuration so that it uses the new certificates.
[7] The store holds 2 certificates:
    Certificate ID: SmplClientCertId
      Subject:    '/C=US/O=Contoso/CN=device-0001'
      Issuer:     '/C=US/O=Contoso/CN=Contoso Root CA'
      Not before: 2026-03-01 08:00:00
      Not after:  2026-05-30 08:00:00
    Certificate ID: SmplRootCACertId
      Subject:    '/C=US/O=Contoso/CN=Contoso Root CA 2'
      Issuer:     '/C=US/O=Contoso/CN=Contoso Root CA 2'
      Not before: 2026-03-01 08:00:00
      Not after:  2026-05-30 08:00:00
[8] Deleted certificate "SmplClientCertId".
[9] Deleted certificate "SmplRootCACertId".
[10] The store is empty again; 24576 bytes available.
`, need)
	if got := out.String(); got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
	if certs := dev.Certificates(); len(certs) != 0 {
		t.Errorf("%d certificates left on the device, want none", len(certs))
	}
	if used, _ := dev.Usage(); used != 0 {
		t.Errorf("%d bytes still used, want 0", used)
	}
}

// TestRunMoveReplacesFirstRoot stops the scenario before the deletes (by failing the first
// one) to look at the store the move left behind.
func TestRunMoveReplacesFirstRoot(t *testing.T) {
	dev, store, wifi, m := setup(t, sim.Options{})
	dev.FailNext("DeleteCertificate", syscall.EAGAIN)
	err := run(&bytes.Buffer{}, store, wifi, m)
	if !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("run: %v, want the injected EAGAIN", err)
	}
	certs := dev.Certificates()
	if len(certs) != 2 {
		t.Fatalf("%d certificates after the move, want 2", len(certs))
	}
	byID := map[string]sim.StoredCertificate{}
	for _, c := range certs {
		byID[c.ID] = c
	}
	root, ok := byID[rootCAID]
	if !ok || root.Subject != "/C=US/O=Contoso/CN=Contoso Root CA 2" || root.Size != len(m.NewRootCA) {
		t.Errorf("%s holds %+v, want the second root CA", rootCAID, root)
	}
	if _, ok := byID[newRootCAID]; ok {
		t.Errorf("%s still exists after the move", newRootCAID)
	}
	client := byID[clientID]
	if client.Kind != sim.ClientCert || !client.HasPrivateKey {
		t.Errorf("%s = %+v, want a client certificate with its key", clientID, client)
	}
}

func TestRunNotEnoughSpace(t *testing.T) {
	dev, store, wifi, m := setup(t, sim.Options{Capacity: 1500})
	var out bytes.Buffer
	err := run(&out, store, wifi, m)
	if err == nil || !strings.Contains(err.Error(), "not enough space") {
		t.Fatalf("run: %v, want a not-enough-space error", err)
	}
	if len(dev.Certificates()) != 0 {
		t.Error("run installed certificates although the space check failed")
	}
}

// TestRunStopsAtEachFailure makes each step of the scenario fail in turn and checks that run
// returns that failure.
func TestRunStopsAtEachFailure(t *testing.T) {
	for _, op := range []string{
		"GetAvailableSpace", "InstallRootCACertificate", "InstallClientCertificate", "MoveCertificate",
		"ReloadConfig", "GetCertificateCount", "GetCertificateSubjectName", "GetCertificateNotAfter",
		"GetCertificateIdentifierAt", "DeleteCertificate",
	} {
		t.Run(op, func(t *testing.T) {
			dev, store, wifi, m := setup(t, sim.Options{})
			dev.FailNext(op, syscall.EAGAIN)
			err := run(&bytes.Buffer{}, store, wifi, m)
			if !errors.Is(err, syscall.EAGAIN) {
				t.Fatalf("run: %v, want EAGAIN", err)
			}
			if !strings.HasPrefix(err.Error(), op) {
				t.Errorf("error %q does not name %s", err, op)
			}
		})
	}
}

func TestRunWithoutWifiCapability(t *testing.T) {
	caps := sim.AllCapabilities()
	caps.WifiConfig = false
	_, store, wifi, m := setup(t, sim.Options{Capabilities: caps})
	err := run(&bytes.Buffer{}, store, wifi, m)
	if !errors.Is(err, syscall.EACCES) || !strings.HasPrefix(err.Error(), "ReloadConfig") {
		t.Fatalf("run: %v, want EACCES from ReloadConfig", err)
	}
}
