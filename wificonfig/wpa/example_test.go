package wpa_test

import (
	"context"
	"log"
	"time"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/filestore"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/wpa"
)

// Configure an EAP-TLS network on a Linux machine whose wpa_supplicant runs with
// "ctrl_interface=/run/wpa_supplicant" on eth0 with the wired driver. The certificates come
// from a file store that the application fills through the certstore API.
func Example() {
	fs, err := filestore.Open("/var/lib/myapp/certstore")
	if err != nil {
		log.Fatal(err)
	}
	defer fs.Close()
	certs := certstore.New(fs)
	_ = certs // InstallRootCACertificate("RadiusRoot", ...), InstallClientCertificate("ClientCert1", ...)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := wpa.Open(ctx, "/run/wpa_supplicant/eth0", fs, "/var/lib/myapp/wifi", wpa.Wired())
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()
	wifi := wificonfig.New(b)

	id, err := wifi.AddNetwork()
	if err != nil {
		log.Fatal(err)
	}
	for _, err := range []error{
		wifi.SetSSID(id, []byte("corp")),
		wifi.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS),
		wifi.SetClientIdentity(id, "device-42"),
		wifi.SetClientCertStoreIdentifier(id, "ClientCert1"),
		wifi.SetRootCACertStoreIdentifier(id, "RadiusRoot"),
		wifi.SetConfigName(id, "Network1"),
		wifi.SetNetworkEnabled(id, true),
		wifi.PersistConfig(),
	} {
		if err != nil {
			log.Fatal(err)
		}
	}
}
