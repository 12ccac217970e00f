// Package wpactrl speaks wpa_supplicant's control-interface protocol: a client over a unix
// datagram socket (Conn, for request/response; Monitor, an ATTACHed socket whose events a
// goroutine delivers until Close), and pure functions that parse what the daemon says
// (LIST_NETWORKS, STATUS, SCAN_RESULTS, event lines) and encode values for SET_NETWORK.
//
// A client binds its own socket path (in a temporary directory it creates), so it can reach
// a daemon in another network namespace through the shared filesystem; the path is removed by
// Close.
package wpactrl
