// Package wificonfigtest checks a wificonfig.Backend against the contract of the device's
// Wi-Fi configuration, in the spirit of testing/fstest.TestFS and testing/slogtest.
//
// Run drives every function of wificonfig.Config over the backend under test and reports
// each deviation as a test failure. The simulated device runs it; so can the cgo backend
// against its C test double and a wpa_supplicant backend.
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
//   - With Env.Radio: connecting to an open and a WPA2-PSK network, GetCurrentNetwork's fields,
//     WrongKey and NetworkNotFound diagnostics, scans returning one entry per BSS (hidden
//     access points only through targeted scanning).
//   - Concurrent use from many goroutines (meaningful under the race detector).
//
// Limits (ENOMEM, ENOSPC), capabilities (EACCES), transient faults (EAGAIN) and EAP-TLS
// certificate decisions depend on the backend's environment; the simulator's own tests cover
// them.
package wificonfigtest
