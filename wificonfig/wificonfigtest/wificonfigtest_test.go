package wificonfigtest_test

import (
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/wificonfig/wificonfigtest"
)

// TestPartialRadio runs the suite with a radio that plays EAP-TLS only (the example's): the
// EAP-TLS variants run and pass, and the checks that need open or WPA2-PSK access points or
// scans skip instead of failing on SetAccessPoint's error.
func TestPartialRadio(t *testing.T) {
	wificonfigtest.Run(t, func(t *testing.T) wificonfigtest.Env {
		dev := sim.New(sim.Options{})
		return wificonfigtest.Env{Backend: dev.Wifi(), Reboot: dev.Reboot, Radio: eapOnlyRadio{dev}, Certs: certstore.New(dev.CertStore())}
	})
}
