package wpactrl

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// DefaultTimeout bounds a request whose context has no deadline.
const DefaultTimeout = 5 * time.Second

// maxReply is the largest reply read; wpa_supplicant's own client uses 4096, and
// SCAN_RESULTS or GET_NETWORK stay within it for the networks this SDK configures.
const maxReply = 16 * 1024

// ErrFailed is returned (wrapped) when the daemon answers a command with FAIL.
var ErrFailed = errors.New("wpa_supplicant: command failed")

// ErrUnknownCommand is returned (wrapped) when the daemon answers UNKNOWN COMMAND.
var ErrUnknownCommand = errors.New("wpa_supplicant: unknown command")

// Conn is a control connection to one interface of wpa_supplicant. Requests are serialized;
// a Conn is safe for concurrent use.
type Conn struct {
	mu     sync.Mutex // serializes requests
	c      *net.UnixConn
	dir    string // the temporary directory holding the local socket
	remote string
}

// Dial connects to the control socket at path (ctrl_interface directory joined with the
// interface name). It binds a local socket in a new temporary directory under localDir
// (os.TempDir() when empty).
func Dial(path, localDir string) (*Conn, error) {
	dir, err := os.MkdirTemp(localDir, "wpactrl-")
	if err != nil {
		return nil, err
	}
	// The daemon runs as root and answers to our path; make the directory reachable.
	os.Chmod(dir, 0o755)
	laddr := &net.UnixAddr{Name: filepath.Join(dir, "c"), Net: "unixgram"}
	raddr := &net.UnixAddr{Name: path, Net: "unixgram"}
	c, err := net.DialUnix("unixgram", laddr, raddr)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("wpactrl: dial %s: %w", path, err)
	}
	return &Conn{c: c, dir: dir, remote: path}, nil
}

// Close closes the socket and removes its path. Requests in progress fail with an error
// that satisfies errors.Is(err, net.ErrClosed).
func (c *Conn) Close() error {
	err := c.c.Close()
	os.RemoveAll(c.dir)
	return err
}

// Request sends cmd and returns the reply, without its trailing newline. A reply of FAIL
// gives an error wrapping ErrFailed, UNKNOWN COMMAND one wrapping ErrUnknownCommand. ctx
// bounds the wait (DefaultTimeout when it has no deadline); cancelling ctx ends the wait.
func (c *Conn) Request(ctx context.Context, cmd string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	reply, err := c.roundTrip(ctx, cmd)
	if err != nil {
		return "", err
	}
	return checkReply(cmd, reply)
}

func checkReply(cmd, reply string) (string, error) {
	switch strings.TrimRight(reply, "\n") {
	case "FAIL":
		return "", fmt.Errorf("%w: %s", ErrFailed, redact(cmd))
	case "UNKNOWN COMMAND":
		return "", fmt.Errorf("%w: %s", ErrUnknownCommand, redact(cmd))
	}
	return strings.TrimSuffix(reply, "\n"), nil
}

// redact hides the value of SET_NETWORK commands that carry secrets.
func redact(cmd string) string {
	f := strings.Fields(cmd)
	if len(f) >= 3 && f[0] == "SET_NETWORK" {
		switch f[2] {
		case "psk", "password", "private_key_passwd":
			return strings.Join(f[:3], " ") + " [redacted]"
		}
	}
	return cmd
}

// RequestOK is Request for commands that answer OK: any other reply is an error.
func (c *Conn) RequestOK(ctx context.Context, cmd string) error {
	reply, err := c.Request(ctx, cmd)
	if err != nil {
		return err
	}
	if reply != "OK" {
		return fmt.Errorf("wpactrl: %s: unexpected reply %q", redact(cmd), reply)
	}
	return nil
}

func (c *Conn) roundTrip(ctx context.Context, cmd string) (string, error) {
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(DefaultTimeout)
	}
	if err := c.c.SetDeadline(deadline); err != nil {
		return "", err
	}
	stop := context.AfterFunc(ctx, func() { c.c.SetDeadline(time.Now()) })
	defer stop()
	if _, err := c.c.Write([]byte(cmd)); err != nil {
		return "", c.err(ctx, cmd, err)
	}
	buf := make([]byte, maxReply)
	for {
		n, err := c.c.Read(buf)
		if err != nil {
			return "", c.err(ctx, cmd, err)
		}
		reply := string(buf[:n])
		// An unsolicited event (only if this socket was attached) is not the reply.
		if strings.HasPrefix(reply, "<") && cmd != "ATTACH" {
			continue
		}
		return reply, nil
	}
}

func (c *Conn) err(ctx context.Context, cmd string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("wpactrl: %s: %w", redact(cmd), ctx.Err())
	}
	return fmt.Errorf("wpactrl: %s: %w", redact(cmd), err)
}
