package deviceauthtest_test

import (
	"testing"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/deviceauth"
	"github.com/azsphere-go/applibs/deviceauth/deviceauthtest"
)

func TestSimulatorReady(t *testing.T) {
	dev := sim.New(sim.Options{})
	t.Cleanup(func() { dev.Close() })
	deviceauthtest.Run(t, func(*testing.T) deviceauth.Backend { return dev.DeviceAuth() },
		deviceauthtest.Options{Ready: true, Signing: true, TenantCAs: dev.TenantCAPool(), Now: dev.Now})
}

func TestSimulatorNotReady(t *testing.T) {
	for name, opts := range map[string]sim.Options{
		"never attested": {DeviceAuth: sim.DeviceAuthOptions{Offline: true, NeverAttested: true}},
		"no tenant":      {Capabilities: &sim.Capabilities{}},
	} {
		t.Run(name, func(t *testing.T) {
			dev := sim.New(opts)
			t.Cleanup(func() { dev.Close() })
			deviceauthtest.Run(t, func(*testing.T) deviceauth.Backend { return dev.DeviceAuth() },
				deviceauthtest.Options{TenantCAs: dev.TenantCAPool(), Now: dev.Now})
		})
	}
	dev := sim.New(sim.Options{DeviceAuth: sim.DeviceAuthOptions{Offline: true}})
	t.Cleanup(func() { dev.Close() })
	dev.Advance(sim.DAAValidity + time.Minute)
	t.Run("expired", func(t *testing.T) {
		deviceauthtest.Run(t, func(*testing.T) deviceauth.Backend { return dev.DeviceAuth() }, deviceauthtest.Options{})
	})
}
