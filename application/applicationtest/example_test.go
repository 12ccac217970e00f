package applicationtest_test

import (
	"testing"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/application/applicationtest"
	"github.com/azsphere-go/applibs/application/sim"
)

// Run the suite on a backend, here a simulated device without a real-time application, so
// that the message tests are skipped.
func ExampleRun() {
	// In a test function:
	var t *testing.T
	dev := sim.New(sim.Options{})
	applicationtest.Run(t, func(*testing.T) application.Backend { return dev.Application() }, applicationtest.Options{})
}
