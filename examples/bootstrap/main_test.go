package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/deviceauth"
)

func newDevice(t *testing.T, opts sim.Options) *sim.Device {
	t.Helper()
	m, err := appManifest()
	if err != nil {
		t.Fatal(err)
	}
	if opts.Manifest == nil {
		opts.Manifest = m
	}
	dev := sim.New(opts)
	t.Cleanup(func() { dev.Close() })
	return dev
}

func TestRun(t *testing.T) {
	// The device's clock is sim.Epoch, not the real time: the service checks and issues
	// certificates on the device's clock.
	dev := newDevice(t, sim.Options{})
	var out bytes.Buffer
	if err := run(context.Background(), &out, dev); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	t.Log("\n" + out.String())

	conn, ok := dev.WifiConnection()
	if !ok {
		t.Fatal("the device is not connected")
	}
	if conn.SSID != eapSSID || conn.BSSID != eapBSSID || conn.ConfigName != configName {
		t.Errorf("connected to %q (%s, config %q), want %q (%s, config %q)", conn.SSID, conn.BSSID, conn.ConfigName, eapSSID, eapBSSID, configName)
	}
	if conn.ClientCert == nil || conn.ClientCert.Subject.CommonName != dev.DeviceID() {
		t.Errorf("authenticated with client certificate %v, want one issued to the device ID", conn.ClientCert)
	}
	if conn.RootCA == nil || conn.RootCA.Subject.CommonName != "Contoso Network CA" {
		t.Errorf("checked the RADIUS server with root CA %v, want the network CA", conn.RootCA)
	}
	if !strings.Contains(out.String(), "Connected to \""+eapSSID+"\"") {
		t.Errorf("output does not report the connection:\n%s", out.String())
	}

	// Everything was persisted: after a reboot the device is back on the EAP-TLS network.
	dev.Reboot()
	if conn, ok := dev.WifiConnection(); !ok || conn.SSID != eapSSID {
		t.Errorf("after a reboot: connected %v to %q, want %q", ok, conn.SSID, eapSSID)
	}
	var ids []string
	for id, err := range certstore.New(dev.CertStore()).Identifiers() {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if strings.Join(ids, ",") != rootCAID+","+clientID {
		t.Errorf("certificate store holds %v, want [%s %s]", ids, rootCAID, clientID)
	}
}

func TestRunWithoutTenant(t *testing.T) {
	m, err := appManifest()
	if err != nil {
		t.Fatal(err)
	}
	m.Capabilities.DeviceAuthentication = ""
	dev := newDevice(t, sim.Options{Manifest: m})
	err = run(context.Background(), new(bytes.Buffer), dev)
	var se *deviceauth.SSLError
	if !errors.As(err, &se) || se.Result != deviceauth.SSLGetTenantIDError {
		t.Fatalf("run without a tenant = %v, want *SSLError with SSLGetTenantIDError", err)
	}
	if len(dev.Certificates()) != 0 {
		t.Errorf("certificates were installed: %v", dev.Certificates())
	}
}

func TestRunWaitsForAttestation(t *testing.T) {
	// The device has never attested and cannot reach the Security Service yet: the
	// application waits until it can.
	dev := newDevice(t, sim.Options{DeviceAuth: sim.DeviceAuthOptions{Offline: true, NeverAttested: true}})
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(context.Background(), &out, dev) }()
	dev.SetOnline(true)
	if err := <-done; err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if conn, ok := dev.WifiConnection(); !ok || conn.SSID != eapSSID {
		t.Errorf("connected %v to %q, want %q", ok, conn.SSID, eapSSID)
	}
}

func TestRunGivesUpWithoutAttestation(t *testing.T) {
	dev := newDevice(t, sim.Options{DeviceAuth: sim.DeviceAuthOptions{Offline: true, NeverAttested: true}})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	var out bytes.Buffer
	err := run(ctx, &out, dev)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("run = %v, want context.DeadlineExceeded", err)
	}
	if strings.Contains(out.String(), "[1]") || len(dev.Certificates()) != 0 {
		t.Errorf("the application went on without device authentication:\n%s", out.String())
	}
}
