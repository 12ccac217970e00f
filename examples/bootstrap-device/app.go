//go:build azsphere || abidouble

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/deviceauth/curl"
	"github.com/azsphere-go/applibs/wificonfig"
)

// The identifiers the program installs its certificates under and the name of its Wi-Fi
// configuration.
const (
	rootCAID   = "EapTlsRootCA"
	clientID   = "EapTlsClient"
	configName = "EapTls"
)

// pollInterval is how often the program checks device-auth readiness.
const pollInterval = 200 * time.Millisecond

// enrollment is the issuing service's answer.
// The JSON keys are rootCA, clientCert, clientKey, keyPassword, identity and ssid (the
// struct tags say so for the service's side; the program reads them with parseStringObject).
type enrollment struct {
	RootCA      string `json:"rootCA"`
	ClientCert  string `json:"clientCert"`
	ClientKey   string `json:"clientKey"`
	KeyPassword string `json:"keyPassword"`
	Identity    string `json:"identity"`
	SSID        string `json:"ssid"`
}

// config is what the program is told: the enrollment URL and the path of the service's
// roots.
type config struct {
	url     string
	roots   string
	timeout time.Duration
}

// run performs the bootstrap, printing its steps to w. It stops at the first failure.
func run(ctx context.Context, w io.Writer, cfg config) error {
	if err := waitDeviceAuthReady(ctx); err != nil {
		return err
	}
	fmt.Fprintln(w, "[1] Device authentication is ready.")

	cred, err := enroll(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "[2] Received EAP-TLS credentials for network %q.\n", cred.SSID)

	space, err := certstore.GetAvailableSpace()
	if err != nil {
		return err
	}
	need := len(cred.RootCA) + len(cred.ClientCert) + len(cred.ClientKey)
	if space < need {
		return fmt.Errorf("not enough space in the certificate store: %d bytes free, %d needed", space, need)
	}
	if err := certstore.InstallRootCACertificate(rootCAID, []byte(cred.RootCA)); err != nil {
		return err
	}
	if err := certstore.InstallClientCertificate(clientID, []byte(cred.ClientCert), []byte(cred.ClientKey), []byte(cred.KeyPassword)); err != nil {
		return err
	}
	fmt.Fprintf(w, "[3] Installed %s and %s (%d of %d free bytes).\n", rootCAID, clientID, need, space)

	id, err := configure(cred)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "[4] Configured and enabled network %d (%s).\n", id, configName)

	if err := wificonfig.PersistConfig(); err != nil {
		return err
	}
	if err := wificonfig.ReloadConfig(); err != nil {
		return err
	}
	fmt.Fprintln(w, "[5] Persisted and reloaded the Wi-Fi configuration.")
	return nil
}

func waitDeviceAuthReady(ctx context.Context) error {
	for {
		ready, err := application.IsDeviceAuthReady()
		if err != nil {
			return err
		}
		if ready {
			return nil
		}
		// Polling with Sleep rather than a select on a timer: TinyGo's default scheduler for
		// the device has no goroutines, and timers need them.
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("waiting for device authentication: %w", err)
		}
		time.Sleep(pollInterval)
	}
}

// enroll fetches the credentials over TLS with the DAA certificate as client certificate.
func enroll(ctx context.Context, cfg config) (*enrollment, error) {
	c := &curl.Client{DeviceAuth: true, RootCAFile: cfg.roots, Timeout: cfg.timeout, MaxResponseBytes: 32 << 10}
	resp, err := c.Get(ctx, cfg.url)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("issuing service: %s", resp.Status)
	}
	fields, err := parseStringObject(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("issuing service: %w", err)
	}
	cred := enrollment{RootCA: fields["rootCA"], ClientCert: fields["clientCert"], ClientKey: fields["clientKey"],
		KeyPassword: fields["keyPassword"], Identity: fields["identity"], SSID: fields["ssid"]}
	if cred.RootCA == "" || cred.ClientCert == "" || cred.ClientKey == "" || cred.SSID == "" || cred.Identity == "" {
		return nil, errors.New("issuing service: incomplete answer")
	}
	return &cred, nil
}

// configure adds the EAP-TLS network and enables it; on failure it forgets the network.
func configure(cred *enrollment) (int, error) {
	id, err := wificonfig.AddNetwork()
	if err != nil {
		return -1, err
	}
	for _, step := range []func() error{
		func() error { return wificonfig.SetSSID(id, []byte(cred.SSID)) },
		func() error { return wificonfig.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS) },
		func() error { return wificonfig.SetClientIdentity(id, cred.Identity) },
		func() error { return wificonfig.SetClientCertStoreIdentifier(id, clientID) },
		func() error { return wificonfig.SetRootCACertStoreIdentifier(id, rootCAID) },
		func() error { return wificonfig.SetConfigName(id, configName) },
		func() error { return wificonfig.SetNetworkEnabled(id, true) },
	} {
		if err := step(); err != nil {
			wificonfig.ForgetNetworkByID(id)
			return -1, err
		}
	}
	return id, nil
}
