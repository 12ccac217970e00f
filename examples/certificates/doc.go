// Command certificates plays the scenario of the official Azure Sphere Certificates sample on
// a simulated device: it checks the free space of the certificate store, installs a root CA
// and a client certificate whose private key is encrypted, installs a second root CA and moves
// it over the first (the way a CA rotation keeps the identifier that Wi-Fi configurations
// use), reloads the Wi-Fi configuration so that it picks up the change, lists every
// certificate with its subject, issuer and validity, and finally deletes them all.
//
// Run it with
//
//	go run ./examples/certificates
//
// The certificates are embedded, as the C sample embeds them (material.go, made by
// gen_material.go).
//
// # On the device
//
// The same program is a device program: built for the device (TinyGo with the target that
// cmd/azsphere-tinygo-target generates, which sets the azsphere build tag; or gc with
// -tags azsphere for bigger Linux/ARM boards), main runs the same steps on the device's
// certificate store and Wi-Fi configuration through the package-level functions. approot/
// is ready for the image package: its app_manifest.json grants exactly what the program uses
// (CertStore, and WifiConfig for ReloadConfig); put the executable at approot/bin/app:
//
//	tinygo build -target=azsphere.json -o examples/certificates/approot/bin/app ./examples/certificates
//	az sphere image-package pack-application --package-directory examples/certificates/approot --output-file certificates.imagepackage
package main
