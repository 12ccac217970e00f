//go:build (azsphere || abidouble) && cgo && tinygo

package devapp

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"time"
)

// fileConn wraps the socket in a net.Conn of blocking reads and writes on the descriptor:
// TinyGo's net package has no FileConn and no poller. Deadlines are not supported (their
// setters return an error wrapping errors.ErrUnsupported); a Read or Write after Close fails
// with an error wrapping net.ErrClosed.
func fileConn(_, componentID string, fd int) (net.Conn, error) {
	return &conn{f: os.NewFile(uintptr(fd), "rtapp:"+componentID), id: componentID}, nil
}

type conn struct {
	mu     sync.Mutex
	f      *os.File
	closed bool
	id     string
}

type addr string

func (a addr) Network() string { return "rtapp" }
func (a addr) String() string  { return string(a) }

func (c *conn) file(op string) (*os.File, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, fmt.Errorf("%s rtapp %s: %w", op, c.id, net.ErrClosed)
	}
	return c.f, nil
}

func (c *conn) Read(b []byte) (int, error) {
	f, err := c.file("read")
	if err != nil {
		return 0, err
	}
	return f.Read(b)
}

func (c *conn) Write(b []byte) (int, error) {
	f, err := c.file("write")
	if err != nil {
		return 0, err
	}
	return f.Write(b)
}

func (c *conn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return fmt.Errorf("close rtapp %s: %w", c.id, net.ErrClosed)
	}
	c.closed = true
	return c.f.Close()
}

func (c *conn) LocalAddr() net.Addr  { return addr("") }
func (c *conn) RemoteAddr() net.Addr { return addr(c.id) }

func (c *conn) SetDeadline(time.Time) error { return errNoDeadline }

func (c *conn) SetReadDeadline(time.Time) error { return errNoDeadline }

func (c *conn) SetWriteDeadline(time.Time) error { return errNoDeadline }

var errNoDeadline = fmt.Errorf("application.Connect under TinyGo: deadlines: %w", errors.ErrUnsupported)
