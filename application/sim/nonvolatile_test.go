package sim_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"os"
	"regexp"
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
	if err := store.InstallRootCACertificate("Late", radiusCA.CertPEM); !errors.Is(err, syscall.EBADF) || !errors.Is(err, os.ErrClosed) {
		t.Errorf("install after Close: %v, want EBADF wrapping os.ErrClosed", err)
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

// TestOpenOverCapacity is the regression test of defect 11.12: a directory holding more than
// the capacity the device is opened with (it was filled under a larger Options.Capacity).
// The device does as the file store under it does: it keeps every certificate, reports no
// free space (never a negative amount), refuses installs that would leave it over capacity,
// and frees space as certificates are deleted.
func TestOpenOverCapacity(t *testing.T) {
	dir := t.TempDir()
	valid := pkitest.Options{NotBefore: sim.Epoch.AddDate(0, -1, 0), NotAfter: sim.Epoch.AddDate(1, 0, 0)}
	ca := pkitest.MustCA(valid)
	size := len(ca.CertPEM)

	dev, err := sim.Open(dir, sim.Options{Capacity: 3 * size})
	if err != nil {
		t.Fatal(err)
	}
	s := certstore.New(dev.CertStore())
	for _, id := range []string{"a", "b", "c"} {
		if err := s.InstallRootCACertificate(id, ca.CertPEM); err != nil {
			t.Fatal(err)
		}
	}
	before := dev.Certificates()
	dev.Close()

	// Reopened with room for one and a half certificates: 3*size bytes are stored.
	capacity := size + size/2
	dev, err = sim.Open(dir, sim.Options{Capacity: capacity})
	if err != nil {
		t.Fatalf("Open over capacity: %v; want the store loaded", err)
	}
	defer dev.Close()
	s = certstore.New(dev.CertStore())
	ignoreParsed := cmpopts.IgnoreFields(sim.StoredCertificate{}, "Certificate")
	if diff := cmp.Diff(before, dev.Certificates(), ignoreParsed); diff != "" {
		t.Errorf("store opened over capacity (-before +after):\n%s", diff)
	}
	if used, c := dev.Usage(); used != 3*size || c != capacity {
		t.Errorf("Usage() = %d, %d; want %d, %d (what is stored, and the capacity)", used, c, 3*size, capacity)
	}
	space := func() int {
		t.Helper()
		n, err := s.GetAvailableSpace()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := space(); n != 0 {
		t.Errorf("GetAvailableSpace() = %d over capacity, want 0", n)
	}
	// Neither a new certificate nor a replace (same size: still over) fits.
	for _, id := range []string{"d", "a"} {
		err := s.InstallRootCACertificate(id, ca.CertPEM)
		csWantErr(t, err, syscall.ENOSPC, "InstallRootCACertificate", id)
		if err != nil && regexp.MustCompile(`-[0-9]`).MatchString(err.Error()) {
			t.Errorf("ENOSPC message %q reports a negative amount", err)
		}
	}
	// Deleting one leaves 2*size stored: still over, still 0. Deleting another leaves room.
	csMust(t, s.DeleteCertificate("a"))
	if n := space(); n != 0 {
		t.Errorf("GetAvailableSpace() = %d with %d of %d bytes stored, want 0", n, 2*size, capacity)
	}
	csMust(t, s.DeleteCertificate("b"))
	if n, want := space(), capacity-size; n != want {
		t.Errorf("GetAvailableSpace() = %d back under capacity, want %d", n, want)
	}
}
