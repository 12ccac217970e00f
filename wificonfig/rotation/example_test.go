package rotation_test

import (
	"context"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/rotation"
)

// exampleWorld is a simulated device on an EAP-TLS network "Network1" (client certificate
// ClientCert1, root CA RootCA1), with the PKI around it. Certificates have fixed names and
// validity, so that the examples print the same every time.
type exampleWorld struct {
	dev                       *sim.Device
	oldRoot, newRoot          *pkitest.Cert
	oldServer, newServer      *pkitest.Cert
	deviceCA, client, renewal *pkitest.Cert
}

func cert(ca *pkitest.Cert, cn string, from, to time.Time) *pkitest.Cert {
	o := pkitest.Options{Subject: pkix.Name{CommonName: cn}, NotBefore: from, NotAfter: to}
	if ca == nil {
		return pkitest.MustCA(o)
	}
	return ca.MustIssue(o)
}

func newExampleWorld() *exampleWorld {
	day := 24 * time.Hour
	t0 := sim.Epoch
	w := &exampleWorld{dev: sim.New(sim.Options{})}
	w.oldRoot = cert(nil, "RADIUS Root 2024", t0.AddDate(-2, 0, 0), t0.Add(100*day))
	w.newRoot = cert(nil, "RADIUS Root 2026", t0.Add(-day), t0.AddDate(10, 0, 0))
	w.oldServer = cert(w.oldRoot, "radius", t0.AddDate(-1, 0, 0), t0.Add(99*day))
	w.newServer = cert(w.newRoot, "radius", t0.Add(-day), t0.AddDate(2, 0, 0))
	w.deviceCA = cert(nil, "Device CA", t0.AddDate(-2, 0, 0), t0.AddDate(10, 0, 0))
	w.client = cert(w.deviceCA, "device-1", t0.AddDate(-1, 0, 0), t0.Add(20*day))
	w.renewal = cert(w.deviceCA, "device-1", t0, t0.AddDate(1, 0, 0))
	w.serve(w.oldServer)

	store, wifi := certstore.New(w.dev.CertStore()), wificonfig.New(w.dev.Wifi())
	store.InstallClientCertificate("ClientCert1", w.client.CertPEM, w.client.MustKeyPEM(pkitest.PKCS8, nil), nil)
	store.InstallRootCACertificate("RootCA1", w.oldRoot.CertPEM)
	id, _ := wifi.AddNetwork()
	wifi.SetSSID(id, []byte("Contoso"))
	wifi.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS)
	wifi.SetClientIdentity(id, "device-1")
	wifi.SetClientCertStoreIdentifier(id, "ClientCert1")
	wifi.SetRootCACertStoreIdentifier(id, "RootCA1")
	wifi.SetConfigName(id, "Network1")
	wifi.SetNetworkEnabled(id, true)
	wifi.PersistConfig()
	return w
}

// serve makes the RADIUS server present leaf.
func (w *exampleWorld) serve(leaf *pkitest.Cert) {
	w.dev.SetAccessPoint(sim.AccessPoint{SSID: []byte("Contoso"), BSSID: wificonfig.BSSID{2, 0, 0, 0, 0, 1},
		Security: wificonfig.SecurityWPA2EAPTLS, Server: &sim.AuthServer{
			Chain: []*x509.Certificate{leaf.Cert}, Key: leaf.Key, ClientCAs: []*x509.Certificate{w.deviceCA.Cert}}})
}

func (w *exampleWorld) rotator(mode rotation.Mode) *rotation.Rotator {
	return rotation.New(certstore.New(w.dev.CertStore()), wificonfig.New(w.dev.Wifi()), rotation.Options{
		RootMode: mode, ClientMode: mode, Now: w.dev.Now,
		Logf: func(format string, args ...any) { fmt.Printf("  "+format+"\n", args...) },
	})
}

func ExampleRotator_StartRootRollover() {
	w := newExampleWorld()
	rot := w.rotator(rotation.ModeKeepIdentifier)
	ctx := context.Background()

	// The application receives the RADIUS server's new root CA.
	fmt.Println("start:")
	res, err := rot.StartRootRollover(ctx, "Network1", w.newRoot.CertPEM)
	fmt.Println(res.State, err)

	// Its daily check finds the old PKI still in use...
	fmt.Println("check:")
	res, _ = rot.Resume(ctx, "Network1", rotation.RootRollover)
	fmt.Println(res.State)

	// ...until the server changes to the new PKI.
	w.serve(w.newServer)
	fmt.Println("check after the server changed:")
	res, err = rot.Resume(ctx, "Network1", rotation.RootRollover)
	fmt.Println(res.State, res.Completed, res.Connected, err)
	// Output:
	// start:
	//   Network1: installed the new root CA as RootCA2
	//   Network1: added the duplicate network Network1+ca trusting RootCA2
	// root CA armed <nil>
	// check:
	// root CA armed
	// check after the server changed:
	//   Network1: the device is connected through Network1+ca: the new root CA is in use
	//   Network1: moved the new root CA RootCA2 over RootCA1
	//   Network1: reloaded the Wi-Fi configuration
	//   Network1: removed the duplicate network Network1+ca
	// idle true true <nil>
}

func ExampleRotator_RotateClient() {
	w := newExampleWorld()
	rot := w.rotator(rotation.ModeSwitchIdentifier)
	ctx := context.Background()
	pw := []byte("key password")
	renewal := rotation.ClientCertificate{Cert: w.renewal.CertPEM, Key: w.renewal.MustKeyPEM(pkitest.EncryptedPKCS8, pw), Password: pw}

	res, err := rot.RotateClient(ctx, "Network1", renewal)
	fmt.Println(res.State, res.Completed, res.Connected, err)
	// Output:
	//   Network1: installed the new client certificate as ClientCert2
	//   Network1: pointed Network1 at the new client certificate ClientCert2, with Network1+fb keeping ClientCert1
	//   Network1: reloaded the Wi-Fi configuration
	//   Network1: connected with the new client certificate ClientCert2
	//   Network1: deleted the old client certificate ClientCert1
	//   Network1: removed the duplicate network Network1+fb
	// idle true true <nil>
}

// A certificate the server does not accept (here: not valid yet) is tried, and the network
// returns to the old one; the new one stays staged for a later try.
func ExampleRotator_RotateClient_rejected() {
	w := newExampleWorld()
	rot := w.rotator(rotation.ModeKeepIdentifier)
	early := cert(w.deviceCA, "device-1", sim.Epoch.AddDate(0, 0, 10), sim.Epoch.AddDate(1, 0, 0))
	nc := rotation.ClientCertificate{Cert: early.CertPEM, Key: early.MustKeyPEM(pkitest.PKCS8, nil)}

	res, err := rot.RotateClient(context.Background(), "Network1", nc)
	fmt.Println(res.State, res.Connected, errors.Is(err, rotation.ErrRejected))
	fmt.Println(res.Rejection.Error, res.Rejection.CertError)
	// Output:
	//   Network1: installed the new client certificate as ClientCert2
	//   Network1: pointed Network1 at the new client certificate ClientCert2, with Network1+fb keeping ClientCert1
	//   Network1: reloaded the Wi-Fi configuration
	//   Network1: the new client certificate ClientCert2 did not connect: AuthenticationFailed (InvalidClientAuth, /CN=device-1)
	//   Network1: pointed Network1 at the old client certificate ClientCert1 again
	//   Network1: reloaded the Wi-Fi configuration
	//   Network1: removed the duplicate network Network1+fb
	// client certificate staged true true
	// AuthenticationFailed InvalidClientAuth
}

// exampleSource hands out the renewals of exampleWorld.
type exampleSource struct{ w *exampleWorld }

func (s exampleSource) NewRootCA(ctx context.Context, network string, current certstore.Certificate) ([]byte, error) {
	return s.w.newRoot.CertPEM, nil
}

func (s exampleSource) NewClientCertificate(ctx context.Context, network string, current certstore.Certificate) (*rotation.ClientCertificate, error) {
	return &rotation.ClientCertificate{Cert: s.w.renewal.CertPEM, Key: s.w.renewal.MustKeyPEM(pkitest.PKCS8, nil)}, nil
}

func ExampleRotator_Maintain() {
	w := newExampleWorld()
	rot := rotation.New(certstore.New(w.dev.CertStore()), wificonfig.New(w.dev.Wifi()), rotation.Options{Now: w.dev.Now})

	// The application's start-up check: rotate what expires within 30 days.
	startup := func() {
		rep, err := rot.Maintain(context.Background(), "Network1", 30*24*time.Hour, exampleSource{w})
		fmt.Printf("%s: client due %v, root CA due %v", w.dev.Now().Format("2006-01-02"), rep.Due.Client, rep.Due.RootCA)
		for _, r := range []*rotation.Result{rep.Client, rep.RootCA} {
			if r != nil {
				fmt.Printf("; %v: %v", r.Procedure, r.State)
			}
		}
		fmt.Println("; error:", err)
	}
	startup()                          // the client certificate expires in 20 days: rotated
	w.dev.Advance(75 * 24 * time.Hour) // the root CA expires in 25 days: rollover armed
	startup()
	w.serve(w.newServer) // the server changes its PKI
	startup()
	// Output:
	// 2026-01-01: client due true, root CA due false; client-certificate rotation: idle; error: <nil>
	// 2026-03-17: client due false, root CA due true; root-CA rollover: root CA armed; error: <nil>
	// 2026-03-17: client due false, root CA due true; root-CA rollover: idle; error: <nil>
}

func ExampleStagingID() {
	fmt.Println(rotation.StagingID("ClientCert1"), rotation.StagingID("RootCA2"), rotation.StagingID("radius-ca"))
	// Output: ClientCert2 RootCA1 radius-ca2
}

func ExampleDuplicateName() {
	fmt.Println(rotation.DuplicateName("Network1", rotation.SuffixNewRoot))
	fmt.Println(rotation.DuplicateName("Contoso-Building-7", rotation.SuffixFallback))
	// Output:
	// Network1+ca
	// Contoso-Bc6e7+fb
}
