// Package applibs is the root of a Go SDK for the Azure Sphere application libraries: the
// certificate store, Wi-Fi configuration (EAP-TLS included), device authentication and the
// application runtime, re-created function for function from the applibs C headers, with a
// simulated device that lets all of it be tested on any machine.
//
// This package holds no code; the packages are:
//
//   - certstore: CertStore_* (certstore.h): install, list, query, move and delete
//     certificates.
//   - wificonfig: WifiConfig_* (wificonfig.h): networks, EAP-TLS settings, persist and
//     reload, connection state, scans and diagnostics.
//   - deviceauth: DeviceAuth_* (tlsutils/deviceauth.h, deviceauth_curl.h): the device
//     authentication (DAA) certificate and a crypto/tls hook that presents it.
//   - application: Application_* and Applications_* (application.h, applications.h):
//     device-auth readiness, connections to real-time apps, memory use, OS version.
//   - manifest: app_manifest.json: parsing, validation, and the capabilities that gate the
//     APIs.
//   - application/sim: the simulated device, for tests and for running the examples.
//   - certstore/filestore and wificonfig/wpa: a backend for Linux hosts: a persistent
//     certificate store in a directory and Wi-Fi over wpa_supplicant.
//
// # Backends
//
// Each package's functions run over a Backend interface. On the device (build with
// -tags azsphere for linux/arm with cgo) the default backend calls libapplibs and
// libtlsutils. On any other build the default returns an error wrapping
// errors.ErrUnsupported; bind the packages to the simulator or the Linux backend instead:
//
//	dev := sim.New(sim.Options{})
//	store := certstore.New(dev.CertStore())
//	err := store.InstallRootCACertificate("RadiusRoot", rootPEM)
//
// # Errors
//
// Every failure is an error that unwraps to the syscall.Errno the device sets, so
// errors.Is(err, syscall.ENOSPC) works everywhere, and whose message names the operation and
// the identifier.
package applibs
