package sim_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/certstoretest"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
)

// TestOpenConformance runs the certstore contract on a device whose store is nonvolatile.
func TestOpenConformance(t *testing.T) {
	certstoretest.Run(t, func(t *testing.T) certstore.Backend {
		dev, err := sim.Open(t.TempDir(), sim.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { dev.Close() })
		return dev.CertStore()
	})
}

// TestOpenSurvivesRestart installs, moves and deletes on a device, closes it as a process
// exit would, opens the directory again, and finds the same store: same identifiers in the
// same order, same byte accounting, and a client certificate whose key still authenticates
// to an EAP-TLS network.
func TestOpenSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	valid := pkitest.Options{NotBefore: sim.Epoch.AddDate(0, -1, 0), NotAfter: sim.Epoch.AddDate(1, 0, 0)}
	cn := func(name string) pkitest.Options { o := valid; o.Subject = pkix.Name{CommonName: name}; return o }
	radiusCA := pkitest.MustCA(cn("RADIUS Root"))
	server := radiusCA.MustIssue(cn("radius.example"))
	clientCA := pkitest.MustCA(cn("Devices CA"))
	client := clientCA.MustIssue(cn("device-1"))
	pw := []byte("secret")

	dev, err := sim.Open(dir, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	store := certstore.New(dev.CertStore())
	for _, step := range []error{
		store.InstallRootCACertificate("Old", radiusCA.CertPEM),
		store.InstallClientCertificate("Client", client.CertPEM, client.MustKeyPEM(pkitest.EncryptedPKCS8, pw), pw),
		store.InstallRootCACertificate("New", radiusCA.CertPEM),
		store.MoveCertificate("New", "Root"),
		store.DeleteCertificate("Old"),
	} {
		if step != nil {
			t.Fatal(step)
		}
	}
	before := dev.Certificates()
	usedBefore, _ := dev.Usage()
	if err := dev.Close(); err != nil {
		t.Fatal(err)
	}
	if err := store.InstallRootCACertificate("Late", radiusCA.CertPEM); !errors.Is(err, syscall.EAGAIN) {
		t.Errorf("install after Close: %v, want EAGAIN", err)
	}
	if got := len(dev.Certificates()); got != len(before) {
		t.Errorf("a failed install after Close changed the store: %d certificates, want %d", got, len(before))
	}

	again, err := sim.Open(dir, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	ignoreParsed := cmpopts.IgnoreFields(sim.StoredCertificate{}, "Certificate")
	if diff := cmp.Diff(before, again.Certificates(), ignoreParsed); diff != "" {
		t.Errorf("store after reopening (-before +after):\n%s", diff)
	}
	if used, _ := again.Usage(); used != usedBefore {
		t.Errorf("used bytes after reopening = %d, want %d", used, usedBefore)
	}

	// The reloaded client key still proves possession to the simulated RADIUS server.
	if err := again.SetAccessPoint(sim.AccessPoint{
		SSID: []byte("Corp"), BSSID: wificonfig.BSSID{2, 0, 0, 0, 0, 1}, SignalRSSI: -40,
		Security: wificonfig.SecurityWPA2EAPTLS,
		Server:   &sim.AuthServer{Chain: []*x509.Certificate{server.Cert}, Key: server.Key, ClientCAs: []*x509.Certificate{clientCA.Cert}},
	}); err != nil {
		t.Fatal(err)
	}
	w := wificonfig.New(again.Wifi())
	id, err := w.AddNetwork()
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		w.SetSSID(id, []byte("Corp")),
		w.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS),
		w.SetClientIdentity(id, "device-1"),
		w.SetClientCertStoreIdentifier(id, "Client"),
		w.SetRootCACertStoreIdentifier(id, "Root"),
		w.SetNetworkEnabled(id, true),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got, err := w.GetConnectedNetworkID(); err != nil || got != id {
		t.Errorf("GetConnectedNetworkID after reopening = %d, %v; want %d", got, err, id)
	}
}
