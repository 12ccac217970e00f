package certstoretest_test

import (
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/certstoretest"
)

// A backend package runs the suite from one of its tests, handing it a fresh store for
// every subtest.
func ExampleRun() {
	testBackend := func(t *testing.T) {
		certstoretest.Run(t, func(t *testing.T) certstore.Backend {
			return sim.New(sim.Options{}).CertStore()
		})
	}
	_ = testBackend // in a _test.go file: func TestConformance(t *testing.T) { ... }
}
