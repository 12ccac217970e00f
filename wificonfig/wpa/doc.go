// Package wpa is a wificonfig.Backend for Linux: it drives a running wpa_supplicant through
// its control socket and takes the certificates of EAP-TLS networks from a file-backed
// certificate store (github.com/azsphere-go/applibs/certstore/filestore), so that an
// application written against wificonfig and certstore runs unchanged on a Linux machine
// with real 802.1X authentication.
//
// # Mapping
//
// Each network of the running configuration is a network of the daemon (ADD_NETWORK,
// SET_NETWORK). Network IDs are indices of the running configuration, as on the device, not
// the daemon's ids. SSIDs go to the daemon in quotes when printable and as hex otherwise, so
// any bytes work. Security Open is key_mgmt=NONE, WPA2PSK is WPA-PSK, WPA2EAPTLS is WPA-EAP
// with eap=TLS (IEEE8021X with eapol_flags=0 under the Wired option). The config name, which
// wpa_supplicant has no field for, is kept by the backend (and also sent as id_str).
//
// Certificate identifiers are resolved when a network is loaded: at Open, ReloadConfig and
// SetNetworkEnabled(true). The store's files are then hard-linked (or copied) into the state
// directory and the daemon is given those paths (ca_cert, client_cert, private_key). The
// daemon so keeps using the certificates it was given until the next load, as the device's
// Wi-Fi subsystem keeps the certificates it read: installing or moving a certificate takes
// effect at ReloadConfig. Keys are unencrypted PKCS#8 files, mode 0600 (the store decrypted
// them at install time; no password is kept). An identifier that is not in the store makes
// the network fail with AuthenticationFailed / CertificateNotFound.
//
// # Stored and running configuration
//
// The running configuration lives in the backend and the daemon. PersistConfig writes it to
// networks.json in the state directory (mode 0600, since it holds PSKs; written to a
// temporary file, fsynced and renamed). ReloadConfig removes every network from the daemon
// and adds the stored ones again, reading their certificates afresh: unsaved changes are
// dropped and the connection restarts. Open does the same, so a restart of the program is a
// reboot. The daemon's own configuration file is not used (no SAVE_CONFIG), so the backend
// works whatever update_config says and never writes key passwords anywhere.
//
// # Connecting like the device
//
// The device connects to one enabled network and, when an attempt fails, tries the next
// enabled one. wpa_supplicant with the wired driver (ap_scan=0) instead retries the first
// enabled network for ever. The backend therefore decides itself: it keeps exactly one
// network selected in the daemon (SELECT_NETWORK), and on CTRL-EVENT-EAP-FAILURE records the
// diagnostics and selects the next enabled network, wrapping around. Enabled in the API is the
// backend's flag; which network the daemon has enabled is the backend's business.
//
// GetConnectedNetworkID, GetCurrentNetwork and the IsConnected flags come from STATUS: an
// EAP-TLS network is connected when wpa_state=COMPLETED, EAP state=SUCCESS and
// suppPortStatus=Authorized. GetNetworkDiagnostics comes from events: EAP failure after a
// CTRL-EVENT-EAP-TLS-CERT-ERROR is AuthenticationFailed with InvalidRootCA (101) and the
// depth and subject of the rejected certificate; EAP failure without it (the server rejected
// the device's certificate: expired, untrusted) is AuthenticationFailed with
// InvalidClientAuth (102).
//
// # Differences from the device
//
// No manifest capabilities are checked (EACCES never happens). With the wired driver scans
// find nothing (TriggerScanAndGetScannedNetworkCount returns 0), the BSSID of the current
// network is the PAE group address 01:80:c2:00:00:03 and frequency and signal are 0, and
// power saving is only recorded. Daemon failures map to errnos: a rejected request is EINVAL,
// no answer in time (or a cancelled context, see WithContext) EAGAIN, an unreachable daemon
// ENETDOWN. After Close every call fails with EBADF, wrapping net.ErrClosed and os.ErrClosed.
//
// A call the daemon refuses changes nothing: a change is made to a copy of the network's
// settings, sent to the daemon (one SET_NETWORK, which the daemon applies whole or not at
// all, or a network built afresh and swapped in when several settings change), and only then
// committed. The running and stored configuration, network IDs, limits, duplicates and
// persist rules are the model the simulator uses too (internal/wifimodel).
//
// # Concurrency and lifetime
//
// A Backend is safe for concurrent use. Open starts one goroutine that reads the daemon's
// events; Close stops it and closes both control sockets. Two Backends must not drive the same
// daemon.
package wpa
