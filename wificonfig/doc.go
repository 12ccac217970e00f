// Package wificonfig configures the Wi-Fi networks of an Azure Sphere device: the Go
// counterpart of the applibs header wificonfig.h.
//
// # Model
//
// The device keeps two copies of its Wi-Fi configuration. The running configuration is what
// the device uses now; every [Config.AddNetwork], [Config.AddDuplicateNetwork], Set* call and
// [Config.ForgetNetworkByID] changes it at once. The stored configuration, in nonvolatile
// memory, is what the device loads at boot and on [Config.ReloadConfig].
// [Config.PersistConfig] copies running to stored; ReloadConfig and a reboot copy stored to
// running, which drops unsaved changes and every connection and starts connecting again.
// [Config.ForgetAllNetworks] changes both at once.
//
// Networks are addressed by ID. IDs are small non-negative integers that change when networks
// are added or removed and after a reload; give each network a config name
// ([Config.SetConfigName]) and look its ID up with [Config.GetNetworkIDByConfigName] before
// changing it.
//
// The device connects on its own to one of the enabled networks. When an attempt fails it
// records why ([Config.GetNetworkDiagnostics]) and tries the next enabled network. EAP-TLS
// networks name their client certificate and the root CA of their RADIUS server by
// certificate store identifier (package certstore); the Wi-Fi subsystem reads those
// certificates when the configuration is loaded, so after installing or moving a certificate
// call ReloadConfig.
//
// # Functions, values and backends
//
// Every C function has a Go function of the same name without the WifiConfig_ prefix (with
// Go's initialisms: [GetNetworkIDByConfigName], [ForgetNetworkByID], [StoreWPA2Network]). The
// package-level functions call the [Default] Config, which in a device build (the azsphere
// build tag, with cgo) is the device and elsewhere returns an error wrapping
// errors.ErrUnsupported. A Config bound to any [Backend] offers the same methods; hand one to
// the code under test. The simulated device in
// github.com/azsphere-go/applibs/application/sim is a Backend with a radio environment that
// tests set up, and decides EAP-TLS connections by verifying the real certificates at its own
// clock.
//
// Functions that fill a C array ([Config.GetStoredNetworks], [Config.GetScannedNetworks])
// return a slice of every entry. SSIDs are byte slices of their real length. The deprecated C
// functions ([Config.StoreOpenNetwork], [Config.StoreWPA2Network], [Config.ForgetNetwork])
// are made from the current ones the same way on every backend: add or forget the network,
// then persist the configuration.
//
// A Backend has one typed method per operation; how a setting is encoded for the C function
// z__WifiConfig_SetNetworkOpt is the device backend's business. A Config without a backend
// ([New](nil), or the default of a build without the device) fails every call with an error
// wrapping errors.ErrUnsupported.
//
// The Config checks arguments as the device does before any backend sees them: negative
// network IDs and bad security types give EINVAL, SSIDs of 0 or more than [SSIDMaxLength]
// bytes ERANGE, nil SSIDs EFAULT, PSKs outside 8..64 bytes ERANGE, identities over
// [EAPIdentityMaxLength] ERANGE, config names outside 1..[ConfigNameMaxLength] ERANGE,
// certificate identifiers by the certstore rules.
//
// # Errors
//
// A failed call returns an *[Error] that names the operation and the network ID (or config
// name), as in `SetSSID network 3: no network has ID 3 (ENODEV: no such device)`, and unwraps
// to the errno the device sets: errors.Is(err, syscall.ENODEV) says the network does not
// exist, errors.Is(err, syscall.ENOTCONN) that [Config.GetConnectedNetworkID] found no
// connection, errors.Is(err, syscall.EACCES) that the manifest lacks WifiConfig (or
// EnterpriseWifiConfig for the EAP-TLS settings).
package wificonfig
