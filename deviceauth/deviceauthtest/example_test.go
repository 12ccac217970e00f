package deviceauthtest_test

import (
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/deviceauth"
	"github.com/azsphere-go/applibs/deviceauth/deviceauthtest"
)

// Run the suite on a backend, here a simulated device that is attested and online.
func ExampleRun() {
	// In a test function:
	var t *testing.T
	dev := sim.New(sim.Options{})
	defer dev.Close()
	deviceauthtest.Run(t, func(*testing.T) deviceauth.Backend { return dev.DeviceAuth() },
		deviceauthtest.Options{Ready: true, Signing: true, TenantCAs: dev.TenantCAPool(), Now: dev.Now})
}
