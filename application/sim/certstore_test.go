package sim_test

import (
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/certstoretest"
)

func TestCertStoreConformance(t *testing.T) {
	certstoretest.Run(t, func(t *testing.T) certstore.Backend {
		return sim.New(sim.Options{}).CertStore()
	})
}
