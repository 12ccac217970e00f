package sim_test

import (
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/deviceauth"
)

func ready(t *testing.T, dev *sim.Device) bool {
	t.Helper()
	ok, err := application.New(dev.Application()).IsDeviceAuthReady()
	if err != nil {
		t.Fatalf("IsDeviceAuthReady: %v", err)
	}
	return ok
}

// verifies reports whether the device's current certificate verifies against its tenant CA
// at the device's time.
func verifies(dev *sim.Device) error {
	c := dev.DeviceAuthCertificate()
	if c == nil {
		return errors.New("no certificate")
	}
	_, err := c.Verify(x509.VerifyOptions{
		Roots: dev.TenantCAPool(), CurrentTime: dev.Now(),
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	return err
}

func TestDeviceAuthLifecycle(t *testing.T) {
	dev := sim.New(sim.Options{DeviceAuth: sim.DeviceAuthOptions{Offline: true, NeverAttested: true}})
	defer dev.Close()

	// Before the first attestation.
	if ready(t, dev) {
		t.Fatal("ready before the first attestation")
	}
	if c := dev.DeviceAuthCertificate(); c != nil {
		t.Fatalf("certificate before the first attestation: %v", c.Subject)
	}

	// Attestation when the device comes online.
	dev.SetOnline(true)
	if !ready(t, dev) {
		t.Fatal("not ready after coming online")
	}
	n, at := dev.Attestations()
	if n != 1 || !at.Equal(dev.Now()) {
		t.Errorf("Attestations() = %d, %v; want 1, %v", n, at, dev.Now())
	}
	c := dev.DeviceAuthCertificate()
	if !c.NotBefore.Equal(dev.Now()) || !c.NotAfter.Equal(dev.Now().Add(sim.DAAValidity)) {
		t.Errorf("validity %v..%v, want %v..%v", c.NotBefore, c.NotAfter, dev.Now(), dev.Now().Add(sim.DAAValidity))
	}
	if !regexp.MustCompile(`^[0-9a-f]{128}$`).MatchString(c.Subject.CommonName) || c.Subject.CommonName != dev.DeviceID() {
		t.Errorf("subject CN = %q, want the device ID, 128 lowercase hex digits", c.Subject.CommonName)
	}
	if err := verifies(dev); err != nil {
		t.Errorf("certificate does not verify: %v", err)
	}

	// Online, the clock moving in steps of any size: always valid.
	for i, step := range []time.Duration{24 * time.Hour, 24 * time.Hour, 23*time.Hour + 59*time.Minute, time.Hour, 90 * time.Hour, time.Second, 30 * 24 * time.Hour} {
		dev.Advance(step)
		if !ready(t, dev) {
			t.Fatalf("step %d: not ready while online", i)
		}
		if err := verifies(dev); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if n, _ := dev.Attestations(); n < 5 {
		t.Errorf("%d attestations over 36 days online, want renewals", n)
	}

	// Persists across reboot: no new attestation needed.
	before := dev.DeviceAuthCertificate()
	n, _ = dev.Attestations()
	dev.Reboot()
	if !ready(t, dev) || !dev.DeviceAuthCertificate().Equal(before) {
		t.Error("the certificate did not survive a reboot")
	}
	if n2, _ := dev.Attestations(); n2 != n {
		t.Errorf("reboot attested again (%d -> %d)", n, n2)
	}

	// Offline: valid until DAAValidity after the last attestation, then expired.
	dev.SetOnline(false)
	_, last := dev.Attestations()
	dev.SetTime(last.Add(sim.DAAValidity))
	if !ready(t, dev) {
		t.Error("not ready at the end of the validity")
	}
	dev.Advance(time.Second)
	if ready(t, dev) {
		t.Error("ready after the certificate expired offline")
	}
	// Reboot while expired and offline: still not ready, still the old certificate.
	dev.Reboot()
	if ready(t, dev) || !dev.DeviceAuthCertificate().Equal(before) {
		t.Error("a reboot offline changed the certificate")
	}
	// Back online: renewed at once.
	dev.SetOnline(true)
	if !ready(t, dev) {
		t.Error("not ready after coming back online")
	}
	if err := verifies(dev); err != nil {
		t.Error(err)
	}
	if dev.DeviceAuthCertificate().Equal(before) {
		t.Error("no new certificate after coming back online")
	}
}

func TestDeviceAuthAttestedAtStart(t *testing.T) {
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	dev := sim.New(sim.Options{Start: start, DeviceAuth: sim.DeviceAuthOptions{Offline: true}})
	if !ready(t, dev) {
		t.Fatal("a device attested at start is not ready")
	}
	if got := dev.DeviceAuthCertificate().NotBefore; !got.Equal(start) {
		t.Errorf("NotBefore = %v, want the start %v", got, start)
	}
	// The clock set back before the attestation: not valid until the device attests again.
	dev.SetTime(start.Add(-time.Hour))
	if ready(t, dev) {
		t.Error("ready before the certificate's NotBefore")
	}
	dev.SetOnline(true)
	if !ready(t, dev) {
		t.Error("not ready after attesting at the earlier time")
	}
}

func TestDeviceAuthIdentity(t *testing.T) {
	id := "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	dev := sim.New(sim.Options{DeviceAuth: sim.DeviceAuthOptions{DeviceID: id}})
	if dev.DeviceID() != id || dev.DeviceAuthCertificate().Subject.CommonName != id {
		t.Errorf("device ID %q, certificate CN %q; want %q", dev.DeviceID(), dev.DeviceAuthCertificate().Subject.CommonName, id)
	}
	if got := dev.TenantCA().Subject.CommonName; got != sim.DefaultTenant {
		t.Errorf("tenant CA CN = %q, want the tenant %q", got, sim.DefaultTenant)
	}
	other := sim.New(sim.Options{})
	if other.DeviceID() == sim.New(sim.Options{}).DeviceID() {
		t.Error("two devices have the same random device ID")
	}
	if other.TenantCA().Equal(dev.TenantCA()) {
		t.Error("two devices share a tenant CA")
	}
	if err := verifies(other); err != nil {
		t.Error(err)
	}
	// The tenant follows the manifest at creation.
	const tenant = "52fecdd6-5a57-4cd2-bea1-ec7fa1773c43"
	d3 := sim.New(sim.Options{Capabilities: &sim.Capabilities{DeviceAuthentication: tenant}})
	if d3.Tenant() != tenant {
		t.Errorf("Tenant() = %q, want %q", d3.Tenant(), tenant)
	}
	if _, err := deviceauth.New(d3.DeviceAuth()).ClientCertificate(); err != nil {
		t.Errorf("ClientCertificate for the manifest's tenant: %v", err)
	}
}

func readCert(t *testing.T, path string) (*x509.Certificate, error) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, rest := pem.Decode(b)
	if block == nil || block.Type != "CERTIFICATE" || len(rest) != 0 {
		t.Fatalf("%s does not hold one PEM certificate", path)
	}
	return x509.ParseCertificate(block.Bytes)
}

func TestCertificateFile(t *testing.T) {
	dev := sim.New(sim.Options{DeviceAuth: sim.DeviceAuthOptions{Offline: true, NeverAttested: true}})
	id := deviceauth.New(dev.DeviceAuth())
	path, err := id.GetCertificatePath()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("file before attestation: %v, want it absent", err)
	}
	dev.SetOnline(true)
	c, err := readCert(t, path)
	if err != nil || !c.Equal(dev.DeviceAuthCertificate()) {
		t.Fatalf("file after attestation: %v; want the DAA certificate", err)
	}
	if p2, _ := id.GetCertificatePath(); p2 != path {
		t.Errorf("path changed within a boot: %q, %q", path, p2)
	}
	dev.Advance(sim.DAARenewalAge)
	c2, err := readCert(t, path)
	if err != nil || c2.Equal(c) || !c2.Equal(dev.DeviceAuthCertificate()) {
		t.Errorf("file after renewal: %v; want the renewed certificate", err)
	}
	dev.SetOnline(false)
	dev.Advance(sim.DAAValidity + time.Minute)
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("file after expiry: %v, want it removed", err)
	}
	dev.SetOnline(true)
	dev.Reboot()
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("file of the previous boot: %v, want it removed", err)
	}
	path2, err := id.GetCertificatePath()
	if err != nil {
		t.Fatal(err)
	}
	if path2 == path {
		t.Error("the path did not change with the reboot")
	}
	if _, err := readCert(t, path2); err != nil {
		t.Errorf("file after reboot: %v", err)
	}
	if err := dev.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Dir(path2)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("directory after Close: %v, want it removed", err)
	}
	if _, err := id.GetCertificatePath(); err == nil {
		t.Error("GetCertificatePath after Close succeeded")
	}
}

// TestConcurrentDeviceAuth runs the device-auth calls from many goroutines while the clock
// moves; run with -race.
func TestConcurrentDeviceAuth(t *testing.T) {
	dev := sim.New(sim.Options{})
	defer dev.Close()
	id := deviceauth.New(dev.DeviceAuth())
	app := application.New(dev.Application())
	done := make(chan struct{})
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; i < 20; i++ {
				id.GetCertificatePath()
				if c, err := id.ClientCertificate(); err == nil {
					c.PrivateKey.(crypto.Signer).Sign(rand.Reader, make([]byte, 32), crypto.SHA256)
				}
				app.IsDeviceAuthReady()
			}
		}()
	}
	for i := 0; i < 20; i++ {
		dev.Advance(7 * time.Hour)
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}

// TestUseAsDefaultDeviceAuthAndApplication checks that the device becomes the default
// backend of deviceauth and application, and that the defaults come back afterwards.
func TestUseAsDefaultDeviceAuthAndApplication(t *testing.T) {
	prevApp, prevAuth := application.Default().Backend(), deviceauth.Default().Backend()
	t.Run("installed", func(t *testing.T) {
		dev := sim.UseAsDefault(t, sim.Options{})
		t.Cleanup(func() { dev.Close() })
		if ok, err := application.IsDeviceAuthReady(); !ok || err != nil {
			t.Errorf("application.IsDeviceAuthReady() = %v, %v; want true", ok, err)
		}
		c, err := deviceauth.ClientCertificate()
		if err != nil || c.Leaf.Subject.CommonName != dev.DeviceID() {
			t.Errorf("deviceauth.ClientCertificate() = %v; want the device's certificate", err)
		}
	})
	if application.Default().Backend() != prevApp || deviceauth.Default().Backend() != prevAuth {
		t.Error("the previous defaults were not restored after the test")
	}
}
