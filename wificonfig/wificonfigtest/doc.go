// Package wificonfigtest checks a wificonfig.Backend against the contract of the device's
// Wi-Fi configuration, in the spirit of testing/fstest.TestFS and testing/slogtest.
//
// Run drives every function of wificonfig.Config over the backend under test and reports
// each deviation as a test failure. The simulated device runs it, as do the cgo backend
// against its C test double and the wpa_supplicant backend (over a fake supplicant, and over
// a real one in an 802.1X lab).
//
// # What the suite asserts
//
//   - A fresh (or emptied) configuration: no networks, GetStoredNetworks an empty slice,
//     GetConnectedNetworkID ENOTCONN, GetCurrentNetwork ENODATA.
//   - AddNetwork returns IDs 0, 1, ...; a new network has no SSID, security Unknown and is
//     disabled; every setter is visible through GetStoredNetworks or its getter; identity and
//     certificate identifiers read back as set, "" when unset.
//   - AddDuplicateNetwork copies every setting into an independent, disabled network under a
//     new name; EEXIST for a name in use.
//   - GetNetworkIDByConfigName finds networks by name; ENODEV for an unknown name.
//   - The two layers: changes are lost on ReloadConfig unless persisted; ForgetNetworkByID
//     is not persistent; ForgetAllNetworks is; with Env.Reboot, a reboot behaves like
//     ReloadConfig.
//   - IDs: every function that takes a network ID fails with ENODEV for an unknown one and
//     EINVAL for a negative one; GetNetworkDiagnostics fails with ENODEV for a network without
//     a recorded failure.
//   - Argument errors (ERANGE, EINVAL, EFAULT) as the Config reports them, and no failed call
//     changes the configuration.
//   - The deprecated calls: EEXIST for a duplicate StoreOpenNetwork / StoreWPA2Network, ENOENT
//     for ForgetNetwork of an unknown network.
//   - Concurrent use from many goroutines (meaningful under the race detector).
//
// With Env.Radio the suite also connects, in the variants the radio plays (see below):
//
//   - Connect/PSK and Connect/EAPTLS: a network configured for the access point in range (a
//     WPA2-PSK one with its passphrase; an EAP-TLS one with an identity, a client certificate
//     the server accepts and the root CA of the server's certificate) is not connected while
//     disabled; once enabled GetConnectedNetworkID returns its ID, GetCurrentNetwork its SSID
//     and security (and, when the radio reports BSS information, the access point's BSSID,
//     frequency and signal) and GetStoredNetworks marks it connected; once disabled
//     GetConnectedNetworkID fails with ENOTCONN; enabled again but never persisted, it is gone
//     after ReloadConfig and GetCurrentNetwork fails with ENODATA.
//   - Scan: one entry per BSS with its SSID, BSSID, frequency, signal and security; a hidden
//     access point only once a network with its SSID has targeted scanning enabled.
//   - ConnectFailures/PSK: a network with the wrong passphrase gets WrongKey diagnostics, an
//     open network whose SSID no access point has gets NetworkNotFound.
//   - ConnectFailures/EAPTLS: AuthenticationFailed diagnostics, with InvalidRootCA (and a
//     CertSubject naming the server's certificate or its issuer) for a network whose root CA
//     did not issue the server's certificate, InvalidClientAuth for a client certificate from
//     a CA the server does not trust, and CertificateNotFound for a client certificate
//     identifier the store does not hold.
//   - In both ConnectFailures variants every failed network's diagnostics say enabled, not
//     connected, with a timestamp, and the device is not connected.
//
// # What a backend provides
//
// Env.Backend is required. Env.Reboot enables the reboot check. Env.Radio puts access points
// in range ([Radio.SetAccessPoint]); a radio that cannot play everything implements
// [FeatureRadio] and says in [RadioFeatures] what it plays: the suite skips Connect/PSK
// without PSK, ConnectFailures/PSK without open and PSK, Scan without scans, open and PSK,
// Connect/EAPTLS and ConnectFailures/EAPTLS without EAPTLS, and compares GetCurrentNetwork's
// BSSID, frequency and signal only with BSSInfo; each skip names the missing feature and
// quotes RadioFeatures.Note. A radio that plays EAP-TLS needs Env.Certs, the certificate
// store the backend reads: the suite makes a throwaway PKI with pkitest, installs the
// device's certificates under identifiers starting "wct." and deletes them when the subtest
// ends, and passes the server's certificate and client CA in [AccessPoint.Server]. A
// backend whose connection state follows changes after a while (a real supplicant) sets
// Env.Settle: the suite polls the state for up to that long.
//
// Limits (ENOMEM, ENOSPC), capabilities (EACCES), transient faults (EAGAIN) and the finer
// EAP-TLS certificate decisions (expiry, intermediates, identities, the certificate snapshot
// at reload) depend on the backend's environment; the simulator's and the wpa backend's own
// tests cover them.
package wificonfigtest
