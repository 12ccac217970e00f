package applibs_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
)

// The whole path on a simulated device: install the certificates, configure an EAP-TLS
// network, reload, and the simulated radio connects after verifying both chains at the
// device's clock. Then the RADIUS root CA expires, and the device drops the network.
func Example() {
	dev := sim.New(sim.Options{}) // every capability; clock at sim.Epoch
	store := certstore.New(dev.CertStore())
	wifi := wificonfig.New(dev.Wifi())

	// A throwaway PKI, valid for one year from a month before the device's clock.
	valid := pkitest.Options{NotBefore: sim.Epoch.AddDate(0, -1, 0), NotAfter: sim.Epoch.AddDate(0, 11, 0)}
	radiusCA := pkitest.MustCA(withCN(valid, "RADIUS Root"))
	server := radiusCA.MustIssue(withCN(valid, "radius.example"))
	clientCA := pkitest.MustCA(withCN(valid, "Devices CA"))
	client := clientCA.MustIssue(withCN(valid, "device-1"))

	// The radio environment: one EAP-TLS access point whose server trusts clientCA.
	if err := dev.SetAccessPoint(sim.AccessPoint{
		SSID: []byte("Corp"), BSSID: wificonfig.BSSID{2, 0, 0, 0, 0, 1}, SignalRSSI: -50,
		Security: wificonfig.SecurityWPA2EAPTLS,
		Server: &sim.AuthServer{
			Chain: []*x509.Certificate{server.Cert}, Key: server.Key,
			ClientCAs: []*x509.Certificate{clientCA.Cert},
		},
	}); err != nil {
		fmt.Println(err)
		return
	}

	// What the app does.
	key := client.MustKeyPEM(pkitest.EncryptedPKCS8, []byte("secret"))
	check(store.InstallRootCACertificate("RadiusRoot", radiusCA.CertPEM))
	check(store.InstallClientCertificate("ClientCert1", client.CertPEM, key, []byte("secret")))
	id, err := wifi.AddNetwork()
	check(err)
	check(wifi.SetSSID(id, []byte("Corp")))
	check(wifi.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS))
	check(wifi.SetClientIdentity(id, "device-1"))
	check(wifi.SetClientCertStoreIdentifier(id, "ClientCert1"))
	check(wifi.SetRootCACertStoreIdentifier(id, "RadiusRoot"))
	check(wifi.SetConfigName(id, "Corp"))
	check(wifi.SetNetworkEnabled(id, true))
	check(wifi.PersistConfig())
	check(wifi.ReloadConfig())

	connected, err := wifi.GetConnectedNetworkID()
	fmt.Println("connected to network", connected, err)

	// A year later the RADIUS root CA has expired.
	dev.Advance(365 * 24 * time.Hour)
	_, err = wifi.GetConnectedNetworkID()
	fmt.Println("not connected:", errors.Is(err, syscall.ENOTCONN))
	diag, err := wifi.GetNetworkDiagnostics(id)
	check(err)
	fmt.Println("diagnostics:", diag.Error, diag.CertError)
	// Output:
	// connected to network 0 <nil>
	// not connected: true
	// diagnostics: AuthenticationFailed InvalidRootCA
}

func withCN(o pkitest.Options, cn string) pkitest.Options {
	o.Subject = pkix.Name{CommonName: cn}
	return o
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}
