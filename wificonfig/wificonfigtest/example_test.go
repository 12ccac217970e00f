package wificonfigtest_test

import (
	"crypto/x509"
	"errors"
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/wificonfig"
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

// eapOnlyRadio puts EAP-TLS access points in range of a simulated device and says that it
// plays nothing else, as a wired 802.1X lab does.
type eapOnlyRadio struct{ dev *sim.Device }

func (r eapOnlyRadio) SetAccessPoint(ap wificonfigtest.AccessPoint) error {
	if ap.Security != wificonfig.SecurityWPA2EAPTLS || ap.Server == nil {
		return errors.New("this radio plays EAP-TLS access points only")
	}
	return r.dev.SetAccessPoint(sim.AccessPoint{SSID: ap.SSID, BSSID: ap.BSSID, Security: ap.Security,
		Server: &sim.AuthServer{
			Chain: []*x509.Certificate{ap.Server.Cert.Cert}, Key: ap.Server.Cert.Key,
			ClientCAs: []*x509.Certificate{ap.Server.ClientCA.Cert},
		}})
}

func (eapOnlyRadio) Features() wificonfigtest.RadioFeatures {
	return wificonfigtest.RadioFeatures{EAPTLS: true, Note: "the example radio plays EAP-TLS only"}
}

// A radio that plays part of the contract says which part. The suite then runs the EAP-TLS
// checks, installing the device's certificates in Env.Certs, and skips the others, quoting
// the radio's note. A backend whose connection state follows changes after a while sets
// Env.Settle too.
func ExampleFeatureRadio() {
	testBackend := func(t *testing.T) {
		wificonfigtest.Run(t, func(t *testing.T) wificonfigtest.Env {
			dev := sim.New(sim.Options{})
			return wificonfigtest.Env{Backend: dev.Wifi(), Radio: eapOnlyRadio{dev}, Certs: certstore.New(dev.CertStore())}
		})
	}
	_ = testBackend // in a _test.go file: func TestConformance(t *testing.T) { ... }
}
