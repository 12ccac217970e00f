package wificonfigtest_test

import (
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/wificonfig/wificonfigtest"
)

// A backend package runs the suite from one of its tests. A backend without a simulated
// radio leaves Env.Radio nil and the suite checks the configuration functions only.
func ExampleRun() {
	testBackend := func(t *testing.T) {
		wificonfigtest.Run(t, func(t *testing.T) wificonfigtest.Env {
			dev := sim.New(sim.Options{})
			return wificonfigtest.Env{Backend: dev.Wifi(), Reboot: dev.Reboot}
		})
	}
	_ = testBackend // in a _test.go file: func TestConformance(t *testing.T) { ... }
}
