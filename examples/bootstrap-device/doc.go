// Command bootstrap-device is the "bootstrap" deployment of EAP-TLS certificates as a
// program for the Azure Sphere device: it authenticates to a certificate issuing service
// with the device's device-authentication (DAA) certificate, installs the root CA and the
// client certificate the service issues, and configures the EAP-TLS network. It is the
// device counterpart of examples/bootstrap, which plays the same flow on the simulator with
// Go's crypto/tls: on the device the DAA key can be used only through
// DeviceAuth_SslCtxFunc, so the HTTPS request goes through libcurl (package
// deviceauth/curl).
//
// It uses only the package-level functions of application, certstore and wificonfig, whose
// default backends are the device's libraries:
//
//  1. application.IsDeviceAuthReady, polled until the device has attested;
//  2. a GET of the issuing service's enrollment URL with curl.Client{DeviceAuth: true},
//     the service's roots from a file in the image package;
//  3. certstore.GetAvailableSpace, InstallRootCACertificate and InstallClientCertificate
//     (with the key's password) under the identifiers EapTlsRootCA and EapTlsClient;
//  4. a new Wi-Fi network: SSID, WifiConfig_Security_Wpa2_EAP_TLS, client identity, both
//     certificate identifiers, configuration name EapTls, enabled;
//  5. wificonfig.PersistConfig and ReloadConfig, so that the network is used now and after
//     a reboot.
//
// The service answers with JSON: {"rootCA", "clientCert", "clientKey", "keyPassword",
// "identity", "ssid"} (PEM certificates, the key as PEM, possibly encrypted).
//
// # Building
//
// For the device (the SDK's sysroot provides libapplibs, libtlsutils, libcurl):
//
//	CGO_ENABLED=1 GOOS=linux GOARCH=arm GOARM=7 CC=<sysroot>/...-gcc \
//	  go build -tags azsphere -trimpath -ldflags='-s -w' ./examples/bootstrap-device
//
// Its arguments come from CmdArgs in approot/app_manifest.json: -url (the enrollment URL, whose
// host must be in AllowedConnections) and -roots (the issuing service's root CA, a PEM file
// in the image package, resolved with Storage_GetAbsolutePathInImagePackage).
//
// The test (go test -tags abidouble ./examples/bootstrap-device, also for linux/arm under
// qemu-arm) runs the program's flow against the C test double of the device libraries and
// a local issuing service that requires the double's test DAA certificate. Any other build
// of this command only says that it needs the device.
package main
