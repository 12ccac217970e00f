package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/rotation"
)

// want is the whole output of run: both rotations, the client fallback, the failed reload
// and its completion after the restart, the final state.
const want = `2026-01-01: the device is on Network1 (client certificate valid until 2026-02-10, root CA Contoso RADIUS Root 2023)
day 10 (2026-01-11), start-up check:
  (service) issued client certificate 1, valid 2026-01-13 to 2027-01-13
  Network1: installed the new client certificate as ClientCert2
  Network1: pointed Network1 at the new client certificate ClientCert2, with Network1+fb keeping ClientCert1
  Network1: reloaded the Wi-Fi configuration
  Network1: the new client certificate ClientCert2 did not connect: AuthenticationFailed (InvalidClientAuth, /C=US/O=Contoso/CN=device-0001)
  Network1: pointed Network1 at the old client certificate ClientCert1 again
  Network1: reloaded the Wi-Fi configuration
  Network1: removed the duplicate network Network1+fb
  start-up check: rotation: Network1: client-certificate rotation: check the connection: the new client certificate did not connect; the network uses the old one again
  the device is on Network1 (client certificate valid until 2026-02-10, root CA Contoso RADIUS Root 2023)
day 11 (2026-01-12), start-up check:
  Network1: the staged client certificate ClientCert2 is not valid until 2026-01-13 00:00
  the device is on Network1 (client certificate valid until 2026-02-10, root CA Contoso RADIUS Root 2023)
day 12 (2026-01-13), start-up check:
  Network1: pointed Network1 at the new client certificate ClientCert2, with Network1+fb keeping ClientCert1
  Network1: reloaded the Wi-Fi configuration
  Network1: connected with the new client certificate ClientCert2
  Network1: pointed Network1 at ClientCert1 again, with Network1+mv keeping the new certificate ClientCert2
  Network1: moved the new client certificate ClientCert2 over ClientCert1
  Network1: reloaded the Wi-Fi configuration
  Network1: removed the duplicate network Network1+mv
  the device is on Network1 (client certificate valid until 2027-01-13, root CA Contoso RADIUS Root 2023)
day 120 (2026-05-01), start-up check:
  (service) handed out the new root CA Contoso RADIUS Root 2026
  Network1: installed the new root CA as RootCA2
  Network1: added the duplicate network Network1+ca trusting RootCA2
  the device is on Network1 (client certificate valid until 2027-01-13, root CA Contoso RADIUS Root 2023)
day 125 (2026-05-06), start-up check:
  (world) the RADIUS server changes to the new PKI; the device moves to Network1+ca (client certificate valid until 2027-01-13, root CA Contoso RADIUS Root 2026)
  (world) the Wi-Fi subsystem will refuse the next ReloadConfig (EAGAIN)
  Network1: the device is connected through Network1+ca: the new root CA is in use
  Network1: moved the new root CA RootCA2 over RootCA1
  start-up check: rotation: Network1: root-CA rollover: reload the Wi-Fi configuration: ReloadConfig: injected fault: the OS component is not ready yet; try again (EAGAIN: resource temporarily unavailable)
  the device is on Network1+ca (client certificate valid until 2027-01-13, root CA Contoso RADIUS Root 2026)
day 126 (2026-05-07), start-up check:
  (world) the device restarts; it is on Network1 (client certificate valid until 2027-01-13, root CA Contoso RADIUS Root 2026)
  Network1: reloaded the Wi-Fi configuration
  Network1: removed the duplicate network Network1+ca
  the device is on Network1 (client certificate valid until 2027-01-13, root CA Contoso RADIUS Root 2026)
day 160 (2026-06-10): certificate store:
  ClientCert1 client /C=US/O=Contoso/CN=device-0001, until 2027-01-13
  RootCA1     rootca /C=US/O=Contoso/CN=Contoso RADIUS Root 2026, until 2036-01-01
stored Wi-Fi configuration:
  Network1: client certificate ClientCert1, root CA RootCA1, enabled true
`

func TestRun(t *testing.T) {
	dev := sim.New(sim.Options{})
	t.Cleanup(func() { dev.Close() })
	var out bytes.Buffer
	if err := run(context.Background(), &out, dev); err != nil {
		t.Fatalf("run: %v\n%s", err, &out)
	}
	if got := out.String(); got != want {
		t.Errorf("output differs; got:\n%s\nwant:\n%s", got, want)
	}
	// The device ends on its one network with the renewed certificates, also after a restart.
	dev.Reboot()
	c, ok := dev.WifiConnection()
	if !ok || c.ConfigName != network || c.RootCA.Subject.CommonName != "Contoso RADIUS Root 2026" || c.ClientCert.NotAfter.Year() != 2027 {
		t.Fatalf("after a restart: connected %v: %+v", ok, c)
	}
}

// TestStartupCheckIdle: on a device with nothing due the check reads and changes nothing,
// however often it runs.
func TestStartupCheckIdle(t *testing.T) {
	dev := sim.New(sim.Options{})
	t.Cleanup(func() { dev.Close() })
	p, err := newPKI(dev.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := serve(dev, p, p.oldServer); err != nil {
		t.Fatal(err)
	}
	if err := provision(dev, p); err != nil {
		t.Fatal(err)
	}
	before := len(dev.Certificates())
	var out bytes.Buffer
	svc := &service{dev: dev, p: p, out: &out}
	rot := rotation.New(certstore.New(dev.CertStore()), wificonfig.New(dev.Wifi()), rotation.Options{Now: dev.Now})
	for range 3 {
		rep, err := startupCheck(context.Background(), rot, svc)
		if err != nil || rep.Client != nil || rep.RootCA != nil || rep.Due.Client || rep.Due.RootCA {
			t.Fatalf("startupCheck = %+v, %v; want nothing due, nothing run", rep, err)
		}
	}
	if len(dev.Certificates()) != before || len(dev.WifiStoredConfig()) != 1 || out.Len() != 0 || svc.issued != 0 {
		t.Fatalf("the check changed the device or asked the service: %q", out.String())
	}
	if !strings.Contains(connection(dev), network) {
		t.Fatalf("not connected: %s", connection(dev))
	}
}
