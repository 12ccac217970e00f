package sim_test

import (
	"errors"
	"fmt"
	"log"
	"syscall"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/manifest"
)

// A device whose application has the capabilities of its app_manifest.json: here no
// CertStore, so the certificate store refuses with EACCES.
func ExampleOptions_manifest() {
	m, err := manifest.Parse([]byte(`{
		"SchemaVersion": 1, "Name": "NoCerts", "ComponentId": "1139a8b2-c835-2e27-27dd-e894b6d15fa9",
		"EntryPoint": "/bin/app", "CmdArgs": [], "Capabilities": {"WifiConfig": true}
	}`))
	if err != nil {
		log.Fatal(err)
	}
	dev := sim.New(sim.Options{Manifest: m})
	_, err = certstore.New(dev.CertStore()).GetCertificateCount()
	fmt.Println(errors.Is(err, syscall.EACCES))
	// Output: true
}
