package main

import (
	"context"
	"crypto/x509"
	_ "embed"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/deviceauth"
	"github.com/azsphere-go/applibs/manifest"
	"github.com/azsphere-go/applibs/wificonfig"
)

//go:embed app_manifest.json
var manifestJSON []byte

// The two networks of the simulated radio environment.
var (
	setupSSID  = "Contoso-Setup"
	setupBSSID = wificonfig.BSSID{0x02, 0xc0, 0x50, 0x00, 0x00, 0x01}
	eapSSID    = "Contoso-Secure"
	eapBSSID   = wificonfig.BSSID{0x02, 0xc0, 0x50, 0x00, 0x00, 0x02}
)

// setupConfigName is the configuration name of the open network the device is provisioned
// with at manufacture.
const setupConfigName = "Setup"

// appManifest returns the application's manifest.
func appManifest() (*manifest.Manifest, error) { return manifest.Parse(manifestJSON) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	m, err := appManifest()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bootstrap:", err)
		os.Exit(1)
	}
	dev := sim.New(sim.Options{Manifest: m, Start: time.Now()})
	err = run(ctx, os.Stdout, dev)
	dev.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bootstrap:", err)
		os.Exit(1)
	}
}

// run builds the world around dev (the issuing service on loopback, an open setup network
// the device is connected to, the EAP-TLS network) and runs the bootstrap application on
// dev, printing its steps to w. It gives up when ctx ends or after 30 seconds.
func run(ctx context.Context, w io.Writer, dev *sim.Device) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()

	p, err := newPKI(dev.Now().Add(-time.Hour))
	if err != nil {
		return err
	}
	svc, err := startIssuer(p, eapSSID, dev.TenantCAPool(), dev.Now, w)
	if err != nil {
		return err
	}
	defer svc.Close()
	if err := setupRadio(dev, p); err != nil {
		return err
	}
	conn, ok := dev.WifiConnection()
	if !ok {
		return fmt.Errorf("the device did not connect to the setup network %q", setupSSID)
	}
	// Lines from the simulated world around the application start with "(world)"; the
	// application's own steps are numbered.
	fmt.Fprintf(w, "(world) The issuing service listens at %s; the simulated device %s... is on the open setup network %q.\n", svc.URL(), dev.DeviceID()[:16], conn.SSID)

	b := &bootstrap{
		app:          application.New(dev.Application()),
		auth:         deviceauth.New(dev.DeviceAuth()),
		store:        certstore.New(dev.CertStore()),
		wifi:         wificonfig.New(dev.Wifi()),
		serviceURL:   svc.URL(),
		serviceName:  serviceName,
		serviceRoots: svc.Roots(),
		setupNetwork: setupConfigName,
		out:          w,
	}
	return b.Run(ctx)
}

// setupRadio adds the two access points and provisions the device with the open setup
// network, as it would be at manufacture, so that it is connected. Whether the device
// reaches the Azure Sphere Security Service through it (and so can attest) is the device's
// online state (sim.Device.SetOnline), which a new simulated device has.
func setupRadio(dev *sim.Device, p *pki) error {
	if err := dev.SetAccessPoint(sim.AccessPoint{
		SSID: []byte(setupSSID), BSSID: setupBSSID, SignalRSSI: -55, Security: wificonfig.SecurityOpen,
	}); err != nil {
		return err
	}
	if err := dev.SetAccessPoint(sim.AccessPoint{
		SSID: []byte(eapSSID), BSSID: eapBSSID, SignalRSSI: -48, Security: wificonfig.SecurityWPA2EAPTLS,
		Server: &sim.AuthServer{
			Chain:     []*x509.Certificate{p.radius.Cert},
			Key:       p.radius.Key,
			ClientCAs: []*x509.Certificate{p.networkCA.Cert},
		},
	}); err != nil {
		return err
	}
	// Provisioning happens before the application runs, with full access to the device.
	caps := dev.Capabilities()
	dev.SetCapabilities(*sim.AllCapabilities())
	defer dev.SetCapabilities(caps)
	wifi := wificonfig.New(dev.Wifi())
	id, err := wifi.AddNetwork()
	if err != nil {
		return err
	}
	for _, step := range []func() error{
		func() error { return wifi.SetSSID(id, []byte(setupSSID)) },
		func() error { return wifi.SetSecurityType(id, wificonfig.SecurityOpen) },
		func() error { return wifi.SetConfigName(id, setupConfigName) },
		func() error { return wifi.SetNetworkEnabled(id, true) },
		wifi.PersistConfig,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
