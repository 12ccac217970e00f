package sim

import "github.com/azsphere-go/applibs/certstore"

// TB is the part of testing.TB that UseAsDefault needs.
type TB interface {
	Helper()
	Cleanup(func())
}

// installers make a device the default backend of one package and return a function that
// restores the previous default. Each simulated subsystem registers its own.
var installers = []func(d *Device) (restore func()){
	func(d *Device) func() {
		prev := certstore.SetDefault(d.CertStore())
		return func() { certstore.SetDefault(prev) }
	},
}

// UseAsDefault creates a device and makes it the default backend of every package of the SDK
// (certstore, wificonfig, deviceauth, application) until the test ends. The defaults are
// process-wide, so a test that uses this must not run in parallel with tests that use the
// package-level functions; handing values bound to the device (certstore.New(dev.CertStore()))
// to the code under test is the parallel-safe way.
func UseAsDefault(t TB, opts Options) *Device {
	t.Helper()
	d := New(opts)
	d.InstallAsDefault(t)
	return d
}

// InstallAsDefault makes d the default backend of every package of the SDK until the test
// ends. See UseAsDefault.
func (d *Device) InstallAsDefault(t TB) {
	t.Helper()
	for _, install := range installers {
		t.Cleanup(install(d))
	}
}
