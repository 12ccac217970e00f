package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/deviceauth"
	"github.com/azsphere-go/applibs/wificonfig"
)

// The identifiers the application installs its certificates under (at most 16 characters
// of [A-Za-z0-9._-]) and the name of its Wi-Fi configuration.
const (
	rootCAID   = "EapTlsRootCA"
	clientID   = "EapTlsClient"
	configName = "EapTls"
)

// pollInterval is how often the application checks device-auth readiness and the Wi-Fi
// connection while it waits.
const pollInterval = 100 * time.Millisecond

// bootstrap is the high-level application: the SDK packages it uses, bound to a device, and
// what it knows about the issuing service (its URL and the roots its certificate chains to,
// as an application would embed them).
type bootstrap struct {
	app   *application.App
	auth  *deviceauth.Identity
	store *certstore.Store
	wifi  *wificonfig.Config

	serviceURL   string
	serviceName  string
	serviceRoots *x509.CertPool
	setupNetwork string // config name of the open network used for bootstrapping

	out  io.Writer
	step int
}

func (b *bootstrap) say(format string, args ...any) {
	b.step++
	fmt.Fprintf(b.out, "[%d] "+format+"\n", append([]any{b.step}, args...)...)
}

// Run performs the bootstrap. It stops at the first failure and returns it.
func (b *bootstrap) Run(ctx context.Context) error {
	// 1. The DAA certificate must be ready: the device attests when it reaches the Azure
	// Sphere Security Service over the setup network.
	if err := b.waitDeviceAuthReady(ctx); err != nil {
		return err
	}
	b.say("Device authentication is ready.")

	// 2. Authenticate to the issuing service with the DAA certificate and fetch the
	// EAP-TLS credentials.
	cred, err := b.enroll(ctx)
	if err != nil {
		return err
	}
	b.say("Received EAP-TLS credentials for network %q (identity %s...).", cred.SSID, cred.Identity[:16])

	// 3. Install the certificates, if they fit.
	space, err := b.store.GetAvailableSpace()
	if err != nil {
		return err
	}
	need := len(cred.RootCA) + len(cred.ClientCert) + len(cred.ClientKey)
	if space < need {
		return fmt.Errorf("not enough space in the certificate store: %d bytes free, %d needed", space, need)
	}
	if err := b.store.InstallRootCACertificate(rootCAID, []byte(cred.RootCA)); err != nil {
		return err
	}
	if err := b.store.InstallClientCertificate(clientID, []byte(cred.ClientCert), []byte(cred.ClientKey), []byte(cred.KeyPassword)); err != nil {
		return err
	}
	b.say("Installed root CA %q and client certificate %q (they needed %d bytes; %d were free).", rootCAID, clientID, need, space)

	// 4. Configure and enable the EAP-TLS network, and keep it across reboots.
	id, err := b.configure(cred)
	if err != nil {
		return err
	}
	b.say("Configured and enabled EAP-TLS network %q as network %d.", cred.SSID, id)

	// 5. Leave the setup network, so that the device connects to the EAP-TLS network.
	if b.setupNetwork != "" {
		setupID, err := b.wifi.GetNetworkIDByConfigName(b.setupNetwork)
		if err != nil {
			return err
		}
		if err := b.wifi.SetNetworkEnabled(setupID, false); err != nil {
			return err
		}
		if err := b.wifi.PersistConfig(); err != nil {
			return err
		}
		b.say("Disabled the setup network %q.", b.setupNetwork)
	}
	cur, err := b.waitConnected(ctx, id)
	if err != nil {
		return err
	}
	b.say("Connected to %q through access point %s.", cur.SSID, cur.BSSID)
	return nil
}

func (b *bootstrap) waitDeviceAuthReady(ctx context.Context) error {
	for {
		ready, err := b.app.IsDeviceAuthReady()
		if err != nil {
			return err
		}
		if ready {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for device authentication: %w", ctx.Err())
		case <-time.After(pollInterval):
		}
	}
}

// enroll fetches the credentials from the issuing service over TLS with mutual
// authentication: deviceauth.ConfigureTLS is the Go counterpart of passing
// DeviceAuth_CurlSslFunc as curl's CURLOPT_SSL_CTX_FUNCTION.
func (b *bootstrap) enroll(ctx context.Context) (*enrollment, error) {
	cfg := &tls.Config{RootCAs: b.serviceRoots, ServerName: b.serviceName, MinVersion: tls.VersionTLS12}
	if err := b.auth.ConfigureTLS(cfg); err != nil {
		var se *deviceauth.SSLError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("device authentication (%v): %w", se.Result, err)
		}
		return nil, err
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}, Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.serviceURL+"/enroll", nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("issuing service: %s", resp.Status)
	}
	var cred enrollment
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&cred); err != nil {
		return nil, fmt.Errorf("issuing service: %w", err)
	}
	if cred.RootCA == "" || cred.ClientCert == "" || cred.ClientKey == "" || cred.SSID == "" || len(cred.Identity) < 16 {
		return nil, errors.New("issuing service: incomplete answer")
	}
	return &cred, nil
}

// configure adds the EAP-TLS network, enables it and persists the configuration. It returns
// the network's ID.
func (b *bootstrap) configure(cred *enrollment) (int, error) {
	id, err := b.wifi.AddNetwork()
	if err != nil {
		return -1, err
	}
	steps := []func() error{
		func() error { return b.wifi.SetSSID(id, []byte(cred.SSID)) },
		func() error { return b.wifi.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS) },
		func() error { return b.wifi.SetClientIdentity(id, cred.Identity) },
		func() error { return b.wifi.SetClientCertStoreIdentifier(id, clientID) },
		func() error { return b.wifi.SetRootCACertStoreIdentifier(id, rootCAID) },
		func() error { return b.wifi.SetConfigName(id, configName) },
		func() error { return b.wifi.SetNetworkEnabled(id, true) },
		b.wifi.PersistConfig,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			b.wifi.ForgetNetworkByID(id)
			return -1, err
		}
	}
	return id, nil
}

func (b *bootstrap) waitConnected(ctx context.Context, id int) (wificonfig.ConnectedNetwork, error) {
	for {
		got, err := b.wifi.GetConnectedNetworkID()
		if err == nil && got == id {
			return b.wifi.GetCurrentNetwork()
		}
		select {
		case <-ctx.Done():
			diag, derr := b.wifi.GetNetworkDiagnostics(id)
			if derr == nil {
				return wificonfig.ConnectedNetwork{}, fmt.Errorf("not connected to the EAP-TLS network (%+v): %w", diag, ctx.Err())
			}
			return wificonfig.ConnectedNetwork{}, fmt.Errorf("not connected to the EAP-TLS network: %w", ctx.Err())
		case <-time.After(pollInterval):
		}
	}
}
