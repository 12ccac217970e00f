package wpactrl

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultTimeout bounds a request whose context has no deadline.
const DefaultTimeout = 5 * time.Second

// maxReply is the largest reply read; wpa_supplicant's own client uses 4096, and
// SCAN_RESULTS or GET_NETWORK stay within it for the networks this SDK configures.
const maxReply = 16 * 1024

// Conn is a control connection to one interface of wpa_supplicant. It is safe for
// concurrent use: requests take turns, and each caller gets the reply to its own request.
//
// The protocol has no request identifiers: the daemon answers each request, in order, to the
// address it came from. So when a request ends without its reply (its context expired or was
// cancelled, or the socket failed), the Conn closes its socket and later requests use a new
// one bound to a new address: the late reply goes to the old address, which no longer exists,
// and can never be taken for the reply to another request.
type Conn struct {
	remote string
	dir    string        // the temporary directory holding the local sockets
	turn   chan struct{} // holds a token while a request is in progress
	quit   chan struct{} // closed by Close

	mu     sync.Mutex    // guards what follows
	sock   *net.UnixConn // nil after a failed request: the next one dials again
	seq    int           // numbers the local socket names: never reused
	closed bool
}

// Dial connects to the control socket at path (ctrl_interface directory joined with the
// interface name). It binds a local socket in a new temporary directory under localDir
// (os.TempDir() when empty).
func Dial(path, localDir string) (*Conn, error) {
	dir, err := os.MkdirTemp(localDir, "wpactrl-")
	if err != nil {
		return nil, fmt.Errorf("wpactrl: dial %s: %w", path, err)
	}
	// The daemon runs as root and answers to our path; make the directory reachable.
	os.Chmod(dir, 0o755)
	c := &Conn{remote: path, dir: dir, turn: make(chan struct{}, 1), quit: make(chan struct{})}
	if c.sock, err = c.dial(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return c, nil
}

// dial binds a socket to a name not used before and connects it to the daemon. c.mu is held
// (or c is not shared yet).
func (c *Conn) dial() (*net.UnixConn, error) {
	laddr := &net.UnixAddr{Name: filepath.Join(c.dir, "c"+strconv.Itoa(c.seq)), Net: "unixgram"}
	c.seq++
	raddr := &net.UnixAddr{Name: c.remote, Net: "unixgram"}
	s, err := net.DialUnix("unixgram", laddr, raddr)
	if err != nil {
		os.Remove(laddr.Name)
		return nil, fmt.Errorf("wpactrl: dial %s: %w", c.remote, err)
	}
	return s, nil
}

// Close closes the socket and removes its path. Requests in progress or waiting for their
// turn fail with an error that satisfies errors.Is(err, net.ErrClosed), as do later ones.
func (c *Conn) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	close(c.quit)
	s := c.sock
	c.sock = nil
	c.mu.Unlock()
	var err error
	if s != nil {
		err = s.Close()
	}
	os.RemoveAll(c.dir)
	return err
}

// socket returns the socket for the next request, dialing a new one if the last request
// failed.
func (c *Conn) socket() (*net.UnixConn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, net.ErrClosed
	}
	if c.sock == nil {
		s, err := c.dial()
		if err != nil {
			return nil, err
		}
		c.sock = s
	}
	return c.sock, nil
}

// discard closes s, which may still receive the reply to an abandoned request, and removes
// its path: the daemon's late reply to it then fails to be delivered.
func (c *Conn) discard(s *net.UnixConn) {
	c.mu.Lock()
	if c.sock == s {
		c.sock = nil
	}
	c.mu.Unlock()
	s.Close()
	if a, ok := s.LocalAddr().(*net.UnixAddr); ok && a.Name != "" {
		os.Remove(a.Name)
	}
}

// Request sends cmd and returns the reply, without its trailing newline. ctx bounds the wait
// for the turn and for the reply (DefaultTimeout when it has no deadline).
//
// The error, if any, wraps one of: ErrFailed (the reply was FAIL), ErrBusy (FAIL-BUSY),
// ErrUnknownCommand (UNKNOWN COMMAND); context.Canceled (ctx was cancelled); a timeout, for
// which both errors.Is(err, context.DeadlineExceeded) and errors.Is(err,
// os.ErrDeadlineExceeded) hold; net.ErrClosed (Close was called); or the socket error that
// made the daemon unreachable. The message names the command with any secret redacted.
func (c *Conn) Request(ctx context.Context, cmd string) (string, error) {
	reply, err := c.roundTrip(ctx, cmd)
	if err != nil {
		return "", err
	}
	return checkReply(cmd, reply)
}

// RequestOK is Request for commands that answer OK: any other reply is an error wrapping
// ErrUnexpectedReply.
func (c *Conn) RequestOK(ctx context.Context, cmd string) error {
	return c.RequestExpect(ctx, cmd, "OK")
}

// RequestExpect is Request for commands with one right answer, such as PING (PONG): any
// other reply is an error wrapping ErrUnexpectedReply.
func (c *Conn) RequestExpect(ctx context.Context, cmd, want string) error {
	reply, err := c.Request(ctx, cmd)
	if err != nil {
		return err
	}
	if reply != want {
		return unexpected(cmd, reply)
	}
	return nil
}

// RequestInt is Request for commands that answer a decimal number, such as ADD_NETWORK (the
// new network's ID): any other reply is an error wrapping ErrUnexpectedReply.
func (c *Conn) RequestInt(ctx context.Context, cmd string) (int, error) {
	reply, err := c.Request(ctx, cmd)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(reply))
	if err != nil {
		return 0, unexpected(cmd, reply)
	}
	return n, nil
}

// checkReply turns the daemon's failure replies into errors.
func checkReply(cmd, reply string) (string, error) {
	reply = strings.TrimSuffix(reply, "\n")
	switch {
	case reply == "FAIL":
		return "", fmt.Errorf("%w: %s", ErrFailed, redact(cmd))
	case reply == "FAIL-BUSY":
		return "", fmt.Errorf("%w: %s", ErrBusy, redact(cmd))
	case strings.HasPrefix(reply, "FAIL-"):
		return "", fmt.Errorf("%w: %s: %s", ErrFailed, redact(cmd), quoteReply(cmd, reply))
	case reply == "UNKNOWN COMMAND":
		return "", fmt.Errorf("%w: %s", ErrUnknownCommand, redact(cmd))
	}
	return reply, nil
}

// roundTrip waits for the turn, sends cmd and reads its reply.
func (c *Conn) roundTrip(ctx context.Context, cmd string) (string, error) {
	select {
	case c.turn <- struct{}{}:
	case <-ctx.Done():
		return "", c.wrap(ctx, cmd, ctx.Err())
	case <-c.quit:
		return "", c.wrap(ctx, cmd, net.ErrClosed)
	}
	defer func() { <-c.turn }()
	if err := ctx.Err(); err != nil { // the turn and the end of ctx came together
		return "", c.wrap(ctx, cmd, err)
	}
	s, err := c.socket()
	if err != nil {
		return "", c.wrap(ctx, cmd, err)
	}
	reply, err := exchange(ctx, s, cmd)
	if err != nil {
		// The reply may still come: never read this socket again.
		c.discard(s)
		return "", c.wrap(ctx, cmd, err)
	}
	if len(reply) > maxReply {
		return "", fmt.Errorf("%w to %s: longer than %d bytes", ErrUnexpectedReply, redact(cmd), maxReply)
	}
	return reply, nil
}

// longAgo is a deadline in the past: it ends a pending read or write at once.
var longAgo = time.Unix(1, 0)

// exchange sends cmd on s and returns the first datagram that is not an event. The result
// is longer than maxReply when the reply was truncated.
func exchange(ctx context.Context, s *net.UnixConn, cmd string) (string, error) {
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(DefaultTimeout)
	}
	if err := s.SetDeadline(deadline); err != nil {
		return "", err
	}
	interrupted := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		s.SetDeadline(longAgo)
		close(interrupted)
	})
	defer func() {
		// Once the function has started, let it finish: it must not set a past deadline
		// during a later request on this socket.
		if !stop() {
			<-interrupted
		}
	}()
	if _, err := s.Write([]byte(cmd)); err != nil {
		return "", err
	}
	buf := make([]byte, maxReply+1)
	for {
		n, err := s.Read(buf)
		if err != nil {
			return "", err
		}
		msg := string(buf[:n])
		// Some daemons send events to any client, and an attached one gets them all: an
		// event is not the reply.
		if _, isEvent := ParseEvent(msg); isEvent {
			continue
		}
		return msg, nil
	}
}

// wrap describes err, the failure of cmd, in the classes Request documents.
func (c *Conn) wrap(ctx context.Context, cmd string, err error) error {
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	cmd = redact(cmd)
	switch {
	case closed || errors.Is(err, net.ErrClosed):
		return fmt.Errorf("wpactrl: %s: %w", cmd, net.ErrClosed)
	case errors.Is(ctx.Err(), context.Canceled):
		return fmt.Errorf("wpactrl: %s: %w", cmd, context.Canceled)
	case ctx.Err() != nil || errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("wpactrl: %s: %w", cmd, errDeadline)
	}
	return fmt.Errorf("wpactrl: %s: %w", cmd, err)
}
