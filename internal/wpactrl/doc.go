// Package wpactrl speaks wpa_supplicant's control-interface protocol: a client over a unix
// datagram socket (Conn, for request/response; Monitor, an ATTACHed socket whose events a
// goroutine delivers until Close), and pure functions that parse what the daemon says
// (LIST_NETWORKS, STATUS, SCAN_RESULTS, event lines) and encode values for SET_NETWORK.
//
// A client binds its own socket path (in a temporary directory it creates), so it can reach
// a daemon in another network namespace through the shared filesystem; the path is removed by
// Close.
//
// # Requests
//
// The protocol has no request identifiers: the daemon handles one request at a time and
// sends each reply to the address the request came from. A Conn lets one request at a time
// use its socket, and when a request ends without its reply (its context ended, or the
// socket failed) it replaces the socket with one bound to a new path and removes the old
// path. The daemon's late reply then has nowhere to go, so a reply is never taken for the
// answer to a later request. (Draining the socket before each request would not do: the late
// reply may not have been sent yet.)
//
// A failed request returns an error that wraps one class the caller can test with
// errors.Is: ErrFailed, ErrBusy, ErrUnknownCommand and ErrUnexpectedReply for what the
// daemon answered; context.Canceled; a timeout (context.DeadlineExceeded and
// os.ErrDeadlineExceeded both hold); net.ErrClosed after Close; otherwise the socket error
// (the daemon is not running, or went away). Messages name the command but never show a
// value that may be secret: only the commands and settings known to hold none are shown
// whole.
//
// # Events
//
// A Monitor's reader never waits for its receivers, because unread events fill the daemon's
// socket buffer, which its replies to every client share, and the daemon then detaches the
// monitor: when a channel is full its oldest event is dropped and counted (Monitor.Dropped). Events keep the daemon's order. To wait for the event that
// follows a command, Subscribe to its name before sending the command and call Next.
package wpactrl
