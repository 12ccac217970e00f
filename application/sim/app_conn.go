package sim

import (
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// MaxMessageSize is the largest message the simulated application connections carry, in
// bytes. The device gives each connection between a high-level and a real-time application
// a 1 KiB shared buffer; the simulator models that as a limit on one message. A larger Write
// fails with EMSGSIZE.
const MaxMessageSize = 1024

// queueDepth is how many unread messages a direction of a connection holds before Write
// blocks.
const queueDepth = 16

// appAddr is the address of an application: its component ID.
type appAddr string

func (a appAddr) Network() string { return "azsphere-app" }
func (a appAddr) String() string  { return string(a) }

// msgConn is one end of an in-process, message-oriented connection: each Write is one
// message and each Read returns one message, like the device's SOCK_SEQPACKET socket.
type msgConn struct {
	local, remote appAddr
	in            <-chan []byte
	out           chan<- []byte
	done          chan struct{} // closed by Close
	peerDone      <-chan struct{}
	once          sync.Once
	rd, wd        deadline
	onClose       func(*msgConn)
}

// newMsgPipe returns the two ends of a connection between a and b.
func newMsgPipe(a, b appAddr) (*msgConn, *msgConn) {
	ab := make(chan []byte, queueDepth)
	ba := make(chan []byte, queueDepth)
	ca := &msgConn{local: a, remote: b, in: ba, out: ab, done: make(chan struct{})}
	cb := &msgConn{local: b, remote: a, in: ab, out: ba, done: make(chan struct{})}
	ca.peerDone, cb.peerDone = cb.done, ca.done
	ca.rd.init()
	ca.wd.init()
	cb.rd.init()
	cb.wd.init()
	return ca, cb
}

var _ net.Conn = (*msgConn)(nil)

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func (c *msgConn) opError(op string, err error) error {
	return &net.OpError{Op: op, Net: c.local.Network(), Source: c.local, Addr: c.remote, Err: err}
}

// Read reads one message into b. A message longer than b is truncated, the rest discarded.
// After the peer closed, Read returns the messages still queued and then io.EOF.
func (c *msgConn) Read(b []byte) (int, error) {
	switch {
	case closed(c.done):
		return 0, c.opError("read", net.ErrClosed)
	case closed(c.rd.wait()):
		return 0, c.opError("read", os.ErrDeadlineExceeded)
	}
	select {
	case m := <-c.in:
		return copy(b, m), nil
	default:
	}
	select {
	case m := <-c.in:
		return copy(b, m), nil
	case <-c.done:
		return 0, c.opError("read", net.ErrClosed)
	case <-c.peerDone:
		select {
		case m := <-c.in:
			return copy(b, m), nil
		default:
			return 0, io.EOF
		}
	case <-c.rd.wait():
		return 0, c.opError("read", os.ErrDeadlineExceeded)
	}
}

// Write sends b as one message.
func (c *msgConn) Write(b []byte) (int, error) {
	switch {
	case closed(c.done):
		return 0, c.opError("write", net.ErrClosed)
	case closed(c.peerDone):
		return 0, c.opError("write", os.NewSyscallError("send", syscall.EPIPE))
	case len(b) > MaxMessageSize:
		return 0, c.opError("write", os.NewSyscallError("send", syscall.EMSGSIZE))
	case closed(c.wd.wait()):
		return 0, c.opError("write", os.ErrDeadlineExceeded)
	}
	m := append(make([]byte, 0, len(b)), b...)
	select {
	case c.out <- m:
		return len(b), nil
	case <-c.done:
		return 0, c.opError("write", net.ErrClosed)
	case <-c.peerDone:
		return 0, c.opError("write", os.NewSyscallError("send", syscall.EPIPE))
	case <-c.wd.wait():
		return 0, c.opError("write", os.ErrDeadlineExceeded)
	}
}

// Close closes this end; the peer reads the queued messages and then io.EOF.
func (c *msgConn) Close() error {
	if !c.shut() {
		return c.opError("close", net.ErrClosed)
	}
	if c.onClose != nil {
		c.onClose(c)
	}
	return nil
}

// shut closes the end without calling onClose and reports whether it was open.
func (c *msgConn) shut() bool {
	first := false
	c.once.Do(func() {
		first = true
		close(c.done)
		c.rd.stop()
		c.wd.stop()
	})
	return first
}

func (c *msgConn) LocalAddr() net.Addr  { return c.local }
func (c *msgConn) RemoteAddr() net.Addr { return c.remote }

func (c *msgConn) SetDeadline(t time.Time) error {
	c.rd.set(t)
	c.wd.set(t)
	return nil
}
func (c *msgConn) SetReadDeadline(t time.Time) error  { c.rd.set(t); return nil }
func (c *msgConn) SetWriteDeadline(t time.Time) error { c.wd.set(t); return nil }

// deadline is a channel that is closed when a deadline passes. Deadlines are on the host's
// real clock, as net.Conn requires, not on the device's clock.
type deadline struct {
	mu    sync.Mutex
	timer *time.Timer
	ch    chan struct{}
}

func (d *deadline) init() { d.ch = make(chan struct{}) }

func (d *deadline) set(t time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil && !d.timer.Stop() {
		<-d.ch // the timer fired: wait until its function has closed the channel
	}
	d.timer = nil
	isClosed := closed(d.ch)
	if isClosed {
		d.ch = make(chan struct{})
	}
	if t.IsZero() {
		return
	}
	if dur := time.Until(t); dur > 0 {
		ch := d.ch
		d.timer = time.AfterFunc(dur, func() { close(ch) })
		return
	}
	close(d.ch)
}

func (d *deadline) wait() <-chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.ch
}

func (d *deadline) stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil && !d.timer.Stop() {
		<-d.ch
	}
	d.timer = nil
}
