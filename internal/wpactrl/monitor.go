package wpactrl

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// Monitor is an ATTACHed control connection: a goroutine reads the daemon's events and
// delivers them on Events until Close.
type Monitor struct {
	conn   *Conn
	sock   *net.UnixConn
	events chan Event
	done   chan struct{}
	wg     sync.WaitGroup
	once   sync.Once
	err    error // why the reader stopped, read after wg.Wait
}

// Attach dials path as Dial does and sends ATTACH. Events are delivered on a channel with
// room for buffer events; when the receiver falls behind, the reader waits for it.
func Attach(ctx context.Context, path, localDir string, buffer int) (*Monitor, error) {
	c, err := Dial(path, localDir)
	if err != nil {
		return nil, err
	}
	if err := c.RequestOK(ctx, "ATTACH"); err != nil {
		c.Close()
		return nil, err
	}
	s, err := c.socket() // the socket that attached
	if err == nil {
		err = s.SetDeadline(time.Time{}) // no deadline: Close interrupts the reads
	}
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("wpactrl: attach: %w", err)
	}
	m := &Monitor{conn: c, sock: s, events: make(chan Event, buffer), done: make(chan struct{})}
	m.wg.Add(1)
	go m.read()
	return m, nil
}

// Events returns the channel of events. It is closed when the reader stops: after Close, or
// when the socket fails (Err says why).
func (m *Monitor) Events() <-chan Event { return m.events }

func (m *Monitor) read() {
	defer m.wg.Done()
	defer close(m.events)
	buf := make([]byte, maxReply)
	for {
		n, err := m.sock.Read(buf)
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				m.err = fmt.Errorf("wpactrl: monitor: %w", err)
			}
			return
		}
		ev, ok := ParseEvent(string(buf[:n]))
		if !ok {
			continue // a reply to a request (PING, DETACH), not an event
		}
		select {
		case m.events <- ev:
		case <-m.done:
			return
		}
	}
}

// Err returns why the reader stopped on its own, or nil (still running, or stopped by Close).
// Call it after Events is closed.
func (m *Monitor) Err() error {
	select {
	case <-m.done:
		return nil
	default:
	}
	return m.err
}

// Close detaches (best effort), closes the socket and waits for the reader goroutine to end.
func (m *Monitor) Close() error {
	var err error
	m.once.Do(func() {
		close(m.done)
		// DETACH would race with the reader for the reply; closing the socket is enough: the
		// daemon drops a monitor whose socket is gone.
		err = m.conn.Close()
		m.wg.Wait()
	})
	return err
}
