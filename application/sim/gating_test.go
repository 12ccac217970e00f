//lint:file-ignore SA1019 the deprecated WifiConfig functions are part of the API under test.

package sim_test

import (
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"sync"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/deviceauth"
	"github.com/azsphere-go/applibs/manifest"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
)

const gateRTApp = "005180bc-402f-4cb3-a662-72937dbcde47"

var (
	gateSSID  = []byte("Corp")
	gateBSSID = wificonfig.BSSID{0x02, 0, 0, 0, 0, 0x01}
)

// gatePKI is an EAP-TLS PKI valid around sim.Epoch: a RADIUS CA with its server, a client CA
// with a client certificate.
var gatePKI = sync.OnceValue(func() (p struct{ radiusCA, server, clientCA, client *pkitest.Cert }) {
	o := func(cn string) pkitest.Options {
		return pkitest.Options{Subject: pkix.Name{CommonName: cn}, NotBefore: sim.Epoch.AddDate(0, -1, 0)}
	}
	p.radiusCA = pkitest.MustCA(o("RADIUS Root"))
	p.server = p.radiusCA.MustIssue(o("radius.example"))
	p.clientCA = pkitest.MustCA(o("Client CA"))
	p.client = p.clientCA.MustIssue(o("device-1"))
	return p
})

// gateEnv is a device with everything in place for every gated call to succeed: a client
// certificate and a root CA installed, an EAP-TLS network configured and connected, a
// running RTApp.
type gateEnv struct {
	dev   *sim.Device
	store *certstore.Store
	wifi  *wificonfig.Config
	id    *deviceauth.Identity
	app   *application.App
	netID int
	pskID int                        // set by setups that add a WPA2-PSK network
	saved []wificonfig.StoredNetwork // set by setups that list the stored networks
}

// gateManifest is the manifest of the application in the gating tests: the default one,
// which grants every gated capability, plus a connection to gateRTApp.
func gateManifest() *manifest.Manifest {
	m := sim.DefaultManifest()
	m.Capabilities.AllowedApplicationConnections = []string{gateRTApp}
	return m
}

func newGateEnv(t *testing.T) *gateEnv {
	t.Helper()
	p := gatePKI()
	dev := sim.New(sim.Options{Manifest: gateManifest()})
	t.Cleanup(func() { dev.Close() })
	e := &gateEnv{
		dev: dev, store: certstore.New(dev.CertStore()), wifi: wificonfig.New(dev.Wifi()),
		id: deviceauth.New(dev.DeviceAuth()), app: application.New(dev.Application()),
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(e.store.InstallRootCACertificate("radius", p.radiusCA.CertPEM))
	must(e.store.InstallClientCertificate("client", p.client.CertPEM, p.client.MustKeyPEM(pkitest.PKCS8, nil), nil))
	must(dev.SetAccessPoint(sim.AccessPoint{
		SSID: gateSSID, BSSID: gateBSSID, SignalRSSI: -50, Security: wificonfig.SecurityWPA2EAPTLS,
		Server: &sim.AuthServer{
			Chain: []*x509.Certificate{p.server.Cert}, Key: p.server.Key,
			ClientCAs: []*x509.Certificate{p.clientCA.Cert},
		},
	}))
	id, err := e.wifi.AddNetwork()
	must(err)
	e.netID = id
	must(e.wifi.SetSSID(id, gateSSID))
	must(e.wifi.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS))
	must(e.wifi.SetClientIdentity(id, "device-1"))
	must(e.wifi.SetClientCertStoreIdentifier(id, "client"))
	must(e.wifi.SetRootCACertStoreIdentifier(id, "radius"))
	must(e.wifi.SetConfigName(id, "corp"))
	must(e.wifi.SetNetworkEnabled(id, true))
	must(e.wifi.PersistConfig())
	if _, ok := dev.WifiConnection(); !ok {
		t.Fatal("the gating environment did not connect to its EAP-TLS network")
	}
	rt, err := dev.RegisterRealTimeApp(gateRTApp)
	must(err)
	t.Cleanup(func() { rt.Close() })
	return e
}

// Removers take one capability out of a manifest.
var (
	noCertStore  = func(c *manifest.Capabilities) { c.CertStore = false }
	noWifi       = func(c *manifest.Capabilities) { c.WifiConfig = false }
	noEnterprise = func(c *manifest.Capabilities) { c.EnterpriseWifiConfig = false }
	noTenant     = func(c *manifest.Capabilities) { c.DeviceAuthentication = "" }
	noConnection = func(c *manifest.Capabilities) { c.AllowedApplicationConnections = nil }
)

type gatedCall struct {
	name   string
	remove func(*manifest.Capabilities)
	call   func(e *gateEnv) error
}

// gateSetups prepare the device for a call, before the capability is removed.
var gateSetups = map[string]func(e *gateEnv) error{
	"WifiConfig_SetPSK": func(e *gateEnv) error {
		id, err := e.wifi.AddNetwork()
		if err != nil {
			return err
		}
		e.pskID = id
		return e.wifi.SetSecurityType(id, wificonfig.SecurityWPA2PSK)
	},
	"WifiConfig_ForgetNetwork": func(e *gateEnv) error {
		if err := e.wifi.StoreOpenNetwork([]byte("Guest")); err != nil {
			return err
		}
		var err error
		e.saved, err = e.wifi.GetStoredNetworks()
		return err
	},
}

func ignore[T any](_ T, err error) error { return err }

func gatedCalls() []gatedCall {
	return []gatedCall{
		// certstore: CertStore.
		{"CertStore_InstallClientCertificate", noCertStore, func(e *gateEnv) error {
			p := gatePKI()
			return e.store.InstallClientCertificate("client2", p.client.CertPEM, p.client.MustKeyPEM(pkitest.SEC1, nil), nil)
		}},
		{"CertStore_InstallRootCACertificate", noCertStore, func(e *gateEnv) error {
			return e.store.InstallRootCACertificate("radius2", gatePKI().radiusCA.CertPEM)
		}},
		{"CertStore_GetCertificateCount", noCertStore, func(e *gateEnv) error { return ignore(e.store.GetCertificateCount()) }},
		{"CertStore_GetCertificateIdentifierAt", noCertStore, func(e *gateEnv) error { return ignore(e.store.GetCertificateIdentifierAt(0)) }},
		{"CertStore_GetAvailableSpace", noCertStore, func(e *gateEnv) error { return ignore(e.store.GetAvailableSpace()) }},
		{"CertStore_GetCertificateSubjectName", noCertStore, func(e *gateEnv) error { return ignore(e.store.GetCertificateSubjectName("radius")) }},
		{"CertStore_GetCertificateIssuerName", noCertStore, func(e *gateEnv) error { return ignore(e.store.GetCertificateIssuerName("radius")) }},
		{"CertStore_GetCertificateNotBefore", noCertStore, func(e *gateEnv) error { return ignore(e.store.GetCertificateNotBefore("radius")) }},
		{"CertStore_GetCertificateNotAfter", noCertStore, func(e *gateEnv) error { return ignore(e.store.GetCertificateNotAfter("radius")) }},
		{"CertStore_MoveCertificate", noCertStore, func(e *gateEnv) error { return e.store.MoveCertificate("radius", "radius3") }},
		{"CertStore_DeleteCertificate", noCertStore, func(e *gateEnv) error { return e.store.DeleteCertificate("radius") }},

		// wificonfig: WifiConfig.
		{"WifiConfig_AddNetwork", noWifi, func(e *gateEnv) error { return ignore(e.wifi.AddNetwork()) }},
		{"WifiConfig_AddDuplicateNetwork", noWifi, func(e *gateEnv) error { return ignore(e.wifi.AddDuplicateNetwork(e.netID, "copy")) }},
		{"WifiConfig_SetSSID", noWifi, func(e *gateEnv) error { return e.wifi.SetSSID(e.netID, gateSSID) }},
		{"WifiConfig_SetSecurityType", noWifi, func(e *gateEnv) error { return e.wifi.SetSecurityType(e.netID, wificonfig.SecurityWPA2EAPTLS) }},
		{"WifiConfig_SetNetworkEnabled", noWifi, func(e *gateEnv) error { return e.wifi.SetNetworkEnabled(e.netID, true) }},
		{"WifiConfig_SetTargetedScanEnabled", noWifi, func(e *gateEnv) error { return e.wifi.SetTargetedScanEnabled(e.netID, true) }},
		{"WifiConfig_SetPSK", noWifi, func(e *gateEnv) error { return e.wifi.SetPSK(e.pskID, "correct horse battery") }},
		{"WifiConfig_SetClientIdentity", noWifi, func(e *gateEnv) error { return e.wifi.SetClientIdentity(e.netID, "device-1") }},
		{"WifiConfig_GetClientIdentity", noWifi, func(e *gateEnv) error { return ignore(e.wifi.GetClientIdentity(e.netID)) }},
		{"WifiConfig_SetClientCertStoreIdentifier", noWifi, func(e *gateEnv) error { return e.wifi.SetClientCertStoreIdentifier(e.netID, "client") }},
		{"WifiConfig_GetClientCertStoreIdentifier", noWifi, func(e *gateEnv) error { return ignore(e.wifi.GetClientCertStoreIdentifier(e.netID)) }},
		{"WifiConfig_SetRootCACertStoreIdentifier", noWifi, func(e *gateEnv) error { return e.wifi.SetRootCACertStoreIdentifier(e.netID, "radius") }},
		{"WifiConfig_GetRootCACertStoreIdentifier", noWifi, func(e *gateEnv) error { return ignore(e.wifi.GetRootCACertStoreIdentifier(e.netID)) }},
		{"WifiConfig_SetConfigName", noWifi, func(e *gateEnv) error { return e.wifi.SetConfigName(e.netID, "corp2") }},
		{"WifiConfig_GetNetworkIdByConfigName", noWifi, func(e *gateEnv) error { return ignore(e.wifi.GetNetworkIDByConfigName("corp")) }},
		{"WifiConfig_PersistConfig", noWifi, func(e *gateEnv) error { return e.wifi.PersistConfig() }},
		{"WifiConfig_ReloadConfig", noWifi, func(e *gateEnv) error { return e.wifi.ReloadConfig() }},
		{"WifiConfig_ForgetNetworkById", noWifi, func(e *gateEnv) error { return e.wifi.ForgetNetworkByID(e.netID) }},
		{"WifiConfig_ForgetAllNetworks", noWifi, func(e *gateEnv) error { return e.wifi.ForgetAllNetworks() }},
		{"WifiConfig_GetStoredNetworkCount", noWifi, func(e *gateEnv) error { return ignore(e.wifi.GetStoredNetworkCount()) }},
		{"WifiConfig_GetStoredNetworks", noWifi, func(e *gateEnv) error { return ignore(e.wifi.GetStoredNetworks()) }},
		{"WifiConfig_GetCurrentNetwork", noWifi, func(e *gateEnv) error { return ignore(e.wifi.GetCurrentNetwork()) }},
		{"WifiConfig_GetConnectedNetworkId", noWifi, func(e *gateEnv) error { return ignore(e.wifi.GetConnectedNetworkID()) }},
		{"WifiConfig_TriggerScanAndGetScannedNetworkCount", noWifi, func(e *gateEnv) error {
			return ignore(e.wifi.TriggerScanAndGetScannedNetworkCount())
		}},
		{"WifiConfig_GetScannedNetworks", noWifi, func(e *gateEnv) error { return ignore(e.wifi.GetScannedNetworks()) }},
		{"WifiConfig_GetNetworkDiagnostics", noWifi, func(e *gateEnv) error {
			// The RADIUS server becomes unreachable, so the network records a failure.
			err := e.dev.SetAccessPoint(sim.AccessPoint{
				SSID: gateSSID, BSSID: gateBSSID, SignalRSSI: -50, Security: wificonfig.SecurityWPA2EAPTLS,
				Server: &sim.AuthServer{Chain: []*x509.Certificate{gatePKI().server.Cert}, Key: gatePKI().server.Key, Unreachable: true},
			})
			if err != nil {
				return err
			}
			return ignore(e.wifi.GetNetworkDiagnostics(e.netID))
		}},
		{"WifiConfig_StoreOpenNetwork", noWifi, func(e *gateEnv) error { return e.wifi.StoreOpenNetwork([]byte("Guest")) }},
		{"WifiConfig_SetPowerSavingsEnabled", noWifi, func(e *gateEnv) error { return e.wifi.SetPowerSavingsEnabled(true) }},
		{"WifiConfig_ForgetNetwork", noWifi, func(e *gateEnv) error { return e.wifi.ForgetNetwork(e.saved[len(e.saved)-1]) }},
		{"WifiConfig_StoreWpa2Network", noWifi, func(e *gateEnv) error { return e.wifi.StoreWPA2Network([]byte("Home"), "correct horse battery") }},

		// wificonfig, EAP-TLS settings: EnterpriseWifiConfig.
		{"WifiConfig_SetSecurityType(EAP-TLS)/EnterpriseWifiConfig", noEnterprise, func(e *gateEnv) error {
			return e.wifi.SetSecurityType(e.netID, wificonfig.SecurityWPA2EAPTLS)
		}},
		{"WifiConfig_SetClientIdentity/EnterpriseWifiConfig", noEnterprise, func(e *gateEnv) error { return e.wifi.SetClientIdentity(e.netID, "device-1") }},
		{"WifiConfig_GetClientIdentity/EnterpriseWifiConfig", noEnterprise, func(e *gateEnv) error { return ignore(e.wifi.GetClientIdentity(e.netID)) }},
		{"WifiConfig_SetClientCertStoreIdentifier/EnterpriseWifiConfig", noEnterprise, func(e *gateEnv) error {
			return e.wifi.SetClientCertStoreIdentifier(e.netID, "client")
		}},
		{"WifiConfig_GetClientCertStoreIdentifier/EnterpriseWifiConfig", noEnterprise, func(e *gateEnv) error {
			return ignore(e.wifi.GetClientCertStoreIdentifier(e.netID))
		}},
		{"WifiConfig_SetRootCACertStoreIdentifier/EnterpriseWifiConfig", noEnterprise, func(e *gateEnv) error {
			return e.wifi.SetRootCACertStoreIdentifier(e.netID, "radius")
		}},
		{"WifiConfig_GetRootCACertStoreIdentifier/EnterpriseWifiConfig", noEnterprise, func(e *gateEnv) error {
			return ignore(e.wifi.GetRootCACertStoreIdentifier(e.netID))
		}},

		// deviceauth: DeviceAuthentication (the tenant).
		{"DeviceAuth_SslCtxFunc", noTenant, func(e *gateEnv) error { return e.id.ConfigureTLS(&tls.Config{}) }},
		{"DeviceAuth_SslCtxFunc/ClientCertificate", noTenant, func(e *gateEnv) error { return ignore(e.id.ClientCertificate()) }},

		// application: AllowedApplicationConnections.
		{"Application_Connect", noConnection, func(e *gateEnv) error {
			c, err := e.app.Connect(gateRTApp)
			if err == nil {
				c.Close()
			}
			return err
		}},
	}
}

// TestGating checks every gated function: with the capability in the manifest it works,
// without it it fails with EACCES (and, for the device-auth TLS functions, with
// DeviceAuthSslResult_GetTenantIdError).
func TestGating(t *testing.T) {
	for _, tc := range gatedCalls() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newGateEnv(t)
			if setup := gateSetups[tc.name]; setup != nil {
				if err := setup(e); err != nil {
					t.Fatalf("setup: %v", err)
				}
			}
			if err := tc.call(e); err != nil {
				t.Fatalf("with the capability: %v", err)
			}
			e = newGateEnv(t)
			if setup := gateSetups[tc.name]; setup != nil {
				if err := setup(e); err != nil {
					t.Fatalf("setup: %v", err)
				}
			}
			m := gateManifest()
			tc.remove(&m.Capabilities)
			e.dev.SetManifest(m)
			err := tc.call(e)
			if !errors.Is(err, syscall.EACCES) {
				t.Fatalf("without the capability: %v, want EACCES", err)
			}
			var se *deviceauth.SSLError
			if tc.remove != nil && isTenant(tc.remove) && (!errors.As(err, &se) || se.Result != deviceauth.SSLGetTenantIDError) {
				t.Errorf("without the tenant: %v, want *SSLError with SSLGetTenantIDError", err)
			}
		})
	}
}

func isTenant(remove func(*manifest.Capabilities)) bool {
	c := gateManifest().Capabilities
	remove(&c)
	return c.DeviceAuthentication == ""
}

// TestUngated checks the functions that need no capability: they work with an empty
// manifest.
func TestUngated(t *testing.T) {
	e := newGateEnv(t)
	m := gateManifest()
	m.Capabilities = manifest.Capabilities{}
	e.dev.SetManifest(m)
	calls := map[string]func() error{
		"Application_IsDeviceAuthReady":               func() error { return ignore(e.app.IsDeviceAuthReady()) },
		"Applications_GetTotalMemoryUsageInKB":        func() error { return ignore(e.app.GetTotalMemoryUsageInKB()) },
		"Applications_GetUserModeMemoryUsageInKB":     func() error { return ignore(e.app.GetUserModeMemoryUsageInKB()) },
		"Applications_GetPeakUserModeMemoryUsageInKB": func() error { return ignore(e.app.GetPeakUserModeMemoryUsageInKB()) },
		"Applications_GetOsVersion":                   func() error { return ignore(e.app.GetOSVersion()) },
		"DeviceAuth_GetCertificatePath":               func() error { return ignore(e.id.GetCertificatePath()) },
	}
	for name, call := range calls {
		if err := call(); err != nil {
			t.Errorf("%s with no capabilities: %v", name, err)
		}
	}
}

// TestManifestOptions checks that a device made from a manifest takes its capabilities and
// component ID from it.
func TestManifestOptions(t *testing.T) {
	const tenant = "52fecdd6-5a57-4cd2-bea1-ec7fa1773c43"
	m, err := manifest.Parse([]byte(`{
		"SchemaVersion": 1, "Name": "Bootstrap", "ComponentId": "1139a8b2-c835-2e27-27dd-e894b6d15fa9",
		"EntryPoint": "/bin/app", "CmdArgs": [],
		"Capabilities": {"CertStore": true, "DeviceAuthentication": "` + tenant + `",
			"AllowedApplicationConnections": ["` + gateRTApp + `"]}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	dev := sim.New(sim.Options{Manifest: m})
	defer dev.Close()
	got := dev.Capabilities()
	if !got.CertStore || got.WifiConfig || got.EnterpriseWifiConfig || got.DeviceAuthentication != tenant ||
		len(got.AllowedApplicationConnections) != 1 {
		t.Errorf("Capabilities() = %+v, want those of the manifest", got)
	}
	if dev.Tenant() != tenant {
		t.Errorf("Tenant() = %q, want the manifest's %q", dev.Tenant(), tenant)
	}
	rt, err := dev.RegisterRealTimeApp(gateRTApp)
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	c, err := application.New(dev.Application()).Connect(gateRTApp)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got := c.LocalAddr().String(); got != m.ComponentID {
		t.Errorf("LocalAddr = %q, want the manifest's component ID %q", got, m.ComponentID)
	}
	if got := *sim.FromManifest(sim.DefaultManifest()); !got.CertStore || !got.WifiConfig || !got.EnterpriseWifiConfig || got.DeviceAuthentication != sim.DefaultTenant {
		t.Errorf("FromManifest(DefaultManifest()) = %+v, want every gated capability", got)
	}
}
