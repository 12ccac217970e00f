// Package eaplab runs a real 802.1X EAP-TLS authenticator and supplicant on one machine for
// integration tests: two network namespaces joined by a veth pair, hostapd (wired driver,
// internal EAP server) in one and wpa_supplicant (wired driver) in the other. Tests talk to
// wpa_supplicant through its control socket, whose directory is on the shared filesystem.
//
// It needs root and the Debian packages hostapd, wpasupplicant and iproute2. Require skips a
// test when they are missing, or fails it when the environment variable CI is "true".
// Everything a Lab starts is stopped by PID, and its namespaces deleted, in t.Cleanup. With
// EAPLAB_KEEP set the scratch directory (configurations and daemon logs) is kept.
package eaplab
