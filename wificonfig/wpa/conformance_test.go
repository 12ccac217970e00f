package wpa_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/filestore"
	"github.com/azsphere-go/applibs/internal/eaplab"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/wificonfigtest"
	"github.com/azsphere-go/applibs/wificonfig/wpa"
)

// TestConformance runs the wificonfig backend contract over the backend driving the fake
// supplicant (the configuration part: the fake has no radio). A reboot is ReloadConfig, which
// is what Open does with the stored configuration.
func TestConformance(t *testing.T) {
	wificonfigtest.Run(t, func(t *testing.T) wificonfigtest.Env {
		r := newFakeRig(t)
		return wificonfigtest.Env{Backend: r.b, Reboot: func() {
			if err := r.b.ReloadConfig(); err != nil {
				t.Errorf("reboot: %v", err)
			}
		}}
	})
}

// TestConformanceLab runs the same contract against the real wpa_supplicant of a lab, so
// every value the backend sends (hex SSIDs, PSKs, id_str, key management) is one the daemon
// accepts, and the lab's hostapd plays the radio for the EAP-TLS checks (labRadio). One lab
// serves every subtest; each gets a fresh device on it: a new certificate store, state
// directory and backend (whose Open removes the networks the previous one left in the
// daemon).
//
// ConnectFailures/EAPTLS is a long scenario (about 8 s: two failed exchanges, and hostapd
// ignores the supplicant for 5 s after the first); TestWrongRootCA, TestServerRejectsClient
// and TestMissingCertificate check the same failures in the default run.
func TestConformanceLab(t *testing.T) {
	t.Parallel()
	lab := eaplab.New(t, newPKI(t, "G", nil).serverPKI)
	radio := labRadio{lab}
	wificonfigtest.Run(t, func(t *testing.T) wificonfigtest.Env {
		if strings.HasSuffix(t.Name(), "/ConnectFailures/EAPTLS") {
			longScenario(t)
		}
		fs, err := filestore.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { fs.Close() })
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		b, err := wpa.Open(ctx, lab.CtrlPath(), fs, t.TempDir(), wpa.Wired(), wpa.WithEAPOLTimers(1, 1, 60))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		return wificonfigtest.Env{
			Backend: b,
			Reboot: func() {
				if err := b.ReloadConfig(); err != nil {
					t.Errorf("reboot: %v", err)
				}
			},
			Radio:  radio,
			Certs:  certstore.New(fs),
			Settle: waitFor,
		}
	})
}

// labRadio lets the conformance suite use a lab as the radio: an EAP-TLS access point is
// hostapd restarted with the access point's server PKI. A wire has nothing else to play.
type labRadio struct{ lab *eaplab.Lab }

func (r labRadio) SetAccessPoint(ap wificonfigtest.AccessPoint) error {
	if ap.Security != wificonfig.SecurityWPA2EAPTLS || ap.Server == nil {
		return errors.New("the wired lab plays only EAP-TLS access points with a server")
	}
	key, err := ap.Server.Cert.KeyPEM(pkitest.PKCS8, nil)
	if err != nil {
		return err
	}
	return r.lab.RestartHostapd(eaplab.ServerPKI{ClientCA: ap.Server.ClientCA.CertPEM, ServerCert: ap.Server.Cert.CertPEM, ServerKey: key})
}

func (labRadio) Features() wificonfigtest.RadioFeatures {
	return wificonfigtest.RadioFeatures{EAPTLS: true,
		Note: "the lab is wired 802.1X (hostapd and wpa_supplicant over a veth pair): a wire matches no SSIDs, has no PSKs, no BSS information and nothing to scan"}
}
