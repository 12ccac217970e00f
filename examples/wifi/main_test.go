package main

import (
	"bytes"
	"errors"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/wificonfig"
)

func TestRun(t *testing.T) {
	dev := newDevice()
	var out bytes.Buffer
	if err := run(&out, wificonfig.New(dev.Wifi())); err != nil {
		t.Fatalf("run: %v\noutput:\n%s", err, &out)
	}
	want := `
== Add network
added "Contoso Office" as network 0 (SampleNetwork), persisted, disabled

== Enable network
status: connected to "Contoso Office" (network 0), BSSID 02:50:f2:00:00:01, 2437 MHz, -48 dBm, Wpa2_Psk

== Disable network
status: not connected

== Duplicate network
duplicated network 0 as network 1 (SampleCopy, disabled)
duplicating again under the same name: EEXIST=true
2 stored networks:
  0: "Contoso Office" Wpa2_Psk enabled=false connected=false
  1: "Contoso Office" Wpa2_Psk enabled=false connected=false

== Forget the duplicate
forgot network 1; looking SampleCopy up again: ENODEV=true

== Network with a wrong key
added network 1 (WrongKey) with a wrong passphrase and enabled it
diagnostics of network 1: enabled=true connected=false error=WrongKey (4) at 2026-01-01 00:00:00 UTC
forgot network 1 (WrongKey)

== Enable network again and show status
status: connected to "Contoso Office" (network 0), BSSID 02:50:f2:00:00:01, 2437 MHz, -48 dBm, Wpa2_Psk
diagnostics of network 0: no failure recorded

== Stored networks
1 stored network:
  0: "Contoso Office" Wpa2_Psk enabled=true connected=true

== Scan
scan found 3 BSSs:
  02:50:f2:00:00:01 "Contoso Office" 2437 MHz -48 dBm Wpa2_Psk
  02:50:f2:00:00:02 "Contoso Office" 5180 MHz -61 dBm Wpa2_Psk
  02:50:f2:00:00:03 "Contoso Guest" 2462 MHz -70 dBm Open
2 distinct SSIDs: "Contoso Office", "Contoso Guest"
`
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	// The persisted configuration is what the scenario leaves: the sample network, enabled.
	dev.Reboot()
	if got := dev.WifiStoredConfig(); len(got) != 1 || got[0].ConfigName != configName || !got[0].Enabled {
		t.Errorf("stored configuration after reboot: %+v", got)
	}
	if _, ok := dev.WifiConnection(); !ok {
		t.Error("not connected after reboot")
	}
}

// TestRunFails: a device error surfaces from run with its errno.
func TestRunFails(t *testing.T) {
	dev := newDevice()
	dev.FailNext("PersistConfig", syscall.EAGAIN)
	var out bytes.Buffer
	err := run(&out, wificonfig.New(dev.Wifi()))
	if !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("run: %v; want EAGAIN", err)
	}
}

// TestRunWithoutCapability: without WifiConfig the first call fails with EACCES.
func TestRunWithoutCapability(t *testing.T) {
	dev := sim.New(sim.Options{Capabilities: &sim.Capabilities{}})
	err := run(&bytes.Buffer{}, wificonfig.New(dev.Wifi()))
	if !errors.Is(err, syscall.EACCES) {
		t.Fatalf("run: %v; want EACCES", err)
	}
}
