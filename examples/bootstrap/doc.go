// Command bootstrap plays the "bootstrap" deployment of EAP-TLS certificates end to end on
// one machine: a high-level application authenticates to a certificate issuing service with
// its device-authentication (DAA) certificate, downloads the RADIUS server's root CA, a
// client certificate and its encrypted private key, installs them in the certificate store,
// and moves the device from an open setup network to the EAP-TLS network.
//
// Run it with
//
//	go run ./examples/bootstrap
//
// # The world
//
// Everything runs on loopback and on a simulated device (package application/sim) whose
// manifest is app_manifest.json: CertStore, WifiConfig, EnterpriseWifiConfig and the
// DeviceAuthentication tenant.
//
//   - The issuing service is a real HTTPS server on 127.0.0.1. It requires a client
//     certificate issued by the device's tenant CA (the device's DAA certificate), reads the
//     device ID from its common name, and answers GET /enroll with JSON: the network's root
//     CA, a client certificate for that device ID, the certificate's private key as
//     encrypted PKCS#8 and its password, the EAP identity and the SSID.
//   - The simulated radio has two access points: an open one for setup, on which the device
//     is connected when the program starts, and a WPA2 EAP-TLS one whose RADIUS server
//     holds a certificate from the same network CA and trusts client certificates from it.
//
// # The application
//
// The application (bootstrap in app.go) uses only the SDK's packages, through values bound
// to the device, as it would on a device through the package-level functions:
//
//  1. application.IsDeviceAuthReady, waiting until the device has attested;
//  2. deviceauth.ConfigureTLS on the tls.Config of an http.Client (DeviceAuth_CurlSslFunc in
//     the C sample), then GET /enroll;
//  3. certstore: GetAvailableSpace, InstallRootCACertificate, InstallClientCertificate with
//     the key's password;
//  4. wificonfig: a new network with the SSID, WifiConfig_Security_Wpa2_EAP_TLS, the client
//     identity and both certificate identifiers, enabled and persisted;
//  5. the setup network disabled, so that the device leaves it, and a wait until the device
//     is connected to the EAP-TLS network.
package main
