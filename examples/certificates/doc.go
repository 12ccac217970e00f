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
// The certificates are generated when the program starts. On a device build the same run
// function works on certstore.Default() and wificonfig.Default().
package main
