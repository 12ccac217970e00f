package sim_test

import (
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/pkitest"
)

func ExampleNew() {
	dev := sim.New(sim.Options{Capacity: 8 * 1024})
	store := certstore.New(dev.CertStore())

	ca := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Example CA"}})
	if err := store.InstallRootCACertificate("ca", ca.CertPEM); err != nil {
		fmt.Println(err)
		return
	}
	// The device's state can be inspected directly.
	for _, c := range dev.Certificates() {
		fmt.Println(c.ID, c.Kind, c.Subject, c.Size == len(ca.CertPEM))
	}
	used, capacity := dev.Usage()
	fmt.Println(used == len(ca.CertPEM), capacity)
	// Output:
	// ca rootca /CN=Example CA true
	// true 8192
}

func ExampleDevice_FailNext() {
	dev := sim.New(sim.Options{})
	store := certstore.New(dev.CertStore())

	// The OS certificate component is not ready yet for the next install.
	dev.FailNext("InstallRootCACertificate", syscall.EAGAIN)

	ca := pkitest.MustCA(pkitest.Options{})
	err := store.InstallRootCACertificate("ca", ca.CertPEM)
	fmt.Println(errors.Is(err, syscall.EAGAIN), len(dev.Certificates()))

	// A retry succeeds: the fault was for one call.
	err = store.InstallRootCACertificate("ca", ca.CertPEM)
	fmt.Println(err, len(dev.Certificates()))
	// Output:
	// true 0
	// <nil> 1
}

func ExampleDevice_SetCapabilities() {
	dev := sim.New(sim.Options{})
	store := certstore.New(dev.CertStore())

	// Deploy the application with a manifest that lacks "CertStore": true.
	dev.SetCapabilities(sim.Capabilities{WifiConfig: true})
	_, err := store.GetCertificateCount()
	fmt.Println(errors.Is(err, syscall.EACCES))
	// Output: true
}

// cleanupT stands in for the *testing.T a test would pass to UseAsDefault.
type cleanupT struct{ cleanups []func() }

func (t *cleanupT) Helper()          {}
func (t *cleanupT) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }
func (t *cleanupT) finish() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

func ExampleUseAsDefault() {
	t := &cleanupT{} // in a test: the test's *testing.T
	dev := sim.UseAsDefault(t, sim.Options{Start: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})

	// Code that calls the package-level functions now talks to dev.
	ca := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Example CA"}})
	_ = certstore.InstallRootCACertificate("ca", ca.CertPEM)
	n, _ := certstore.GetCertificateCount()
	fmt.Println(n, len(dev.Certificates()), dev.Now().Format(time.DateOnly))

	t.finish() // the test's end restores the previous defaults
	fmt.Println(certstore.Default().Backend() == dev.CertStore())
	// Output:
	// 1 1 2026-06-01
	// false
}
