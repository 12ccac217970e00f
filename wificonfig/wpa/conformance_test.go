package wpa_test

import (
	"testing"

	"github.com/azsphere-go/applibs/wificonfig/wificonfigtest"
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
// accepts.
func TestConformanceLab(t *testing.T) {
	t.Parallel()
	p := newPKI(t, "G", nil)
	wificonfigtest.Run(t, func(t *testing.T) wificonfigtest.Env {
		r := newRig(t, p.serverPKI)
		return wificonfigtest.Env{Backend: r.b, Reboot: func() {
			if err := r.b.ReloadConfig(); err != nil {
				t.Errorf("reboot: %v", err)
			}
		}}
	})
}
