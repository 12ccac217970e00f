package wpactrl

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Monitor is an ATTACHed control connection: a goroutine reads the daemon's events and
// delivers them on Events, and to Subscriptions, until Close.
//
// The goroutine never waits for a receiver. Events that a monitor leaves unread stay charged
// to the daemon's socket, whose send buffer (208 KiB by default on Linux: a few hundred
// events) also carries its replies to every client. When it is full, wpa_supplicant holds
// events back, fails replies and re-creates its control socket, and detaches a monitor
// whose sends keep failing, after which no event comes at all. So when a channel is full,
// its oldest event is discarded to make room and the discard is counted (Dropped): events
// are always delivered in the order the daemon sent them, with gaps only where Dropped
// counts them.
type Monitor struct {
	conn    *Conn
	sock    *net.UnixConn
	events  chan Event
	dropped atomic.Uint64
	done    chan struct{} // closed by Close
	wg      sync.WaitGroup
	once    sync.Once

	mu      sync.Mutex // guards what follows
	subs    map[*Subscription]struct{}
	stopped bool
	err     error // why the reader stopped on its own
}

// Attach dials path as Dial does and sends ATTACH. Events are delivered on a channel with
// room for buffer events (at least 1); when it is full, the oldest is dropped (see Monitor).
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
	m := &Monitor{
		conn: c, sock: s, events: make(chan Event, max(buffer, 1)), done: make(chan struct{}),
		subs: map[*Subscription]struct{}{},
	}
	m.wg.Add(1)
	go m.read()
	return m, nil
}

// Events returns the channel of events. It is closed when the reader stops: after Close, or
// when the socket fails (Err says why).
func (m *Monitor) Events() <-chan Event { return m.events }

// Dropped returns how many events have been discarded from Events because the channel was
// full. A receiver that keeps state from events should compare it before and after it
// handles an event: a change means its view has a gap, and it should read the daemon's
// state again (STATUS).
func (m *Monitor) Dropped() uint64 { return m.dropped.Load() }

func (m *Monitor) read() {
	defer m.wg.Done()
	buf := make([]byte, maxReply)
	for {
		n, err := m.sock.Read(buf)
		if err != nil {
			m.stop(err)
			return
		}
		ev, ok := ParseEvent(string(buf[:n]))
		if !ok {
			continue // a reply to a request (PING, DETACH), not an event
		}
		// Events first: a subscriber that sees an event knows Events has it too.
		offer(m.events, ev, &m.dropped)
		m.mu.Lock()
		for s := range m.subs {
			if s.wants(ev) {
				offer(s.ch, ev, &s.dropped)
			}
		}
		m.mu.Unlock()
	}
}

// offer puts ev on ch without waiting: when ch is full, it discards the oldest event and
// counts it in dropped. The caller is ch's only sender, and ch has room for one event at
// least, so the loop ends by the second turn.
func offer(ch chan Event, ev Event, dropped *atomic.Uint64) {
	for {
		select {
		case ch <- ev:
			return
		default:
		}
		select {
		case <-ch:
			dropped.Add(1)
		default: // the receiver took one meanwhile
		}
	}
}

// stop records why the reader stopped and closes every channel.
func (m *Monitor) stop(err error) {
	m.mu.Lock()
	select {
	case <-m.done: // Close
	default:
		m.err = fmt.Errorf("wpactrl: monitor: %w", err)
	}
	m.stopped = true
	for s := range m.subs {
		close(s.ch)
		s.chClosed = true
		delete(m.subs, s)
	}
	m.mu.Unlock()
	close(m.events)
}

// Err returns why the reader stopped on its own, or nil (still running, or stopped by Close).
// Call it after Events is closed.
func (m *Monitor) Err() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.err
}

// Close closes the socket, which detaches it (the daemon drops a monitor whose socket is
// gone), and waits for the reader goroutine to end. Subscriptions then report net.ErrClosed.
func (m *Monitor) Close() error {
	var err error
	m.once.Do(func() {
		close(m.done)
		// DETACH would race with the reader for the reply; closing the socket is enough.
		err = m.conn.Close()
		m.wg.Wait()
	})
	return err
}

// subBuffer is the room of a Subscription's channel.
const subBuffer = 64

// Subscription receives copies of a Monitor's events of some names, from the moment it is
// made, independently of Events and of other subscriptions. Its methods are safe for
// concurrent use.
type Subscription struct {
	m        *Monitor
	names    map[string]bool // nil: every event
	ch       chan Event
	dropped  atomic.Uint64
	chClosed bool // guarded by m.mu
	closed   bool // by Close; guarded by m.mu
}

// Subscribe returns a Subscription to the events named names (every event when none is
// given). Events the daemon sends from now on are kept for Next, up to 64 of them (beyond,
// the oldest are dropped and counted by Subscription.Dropped).
//
// To wait for the outcome of a command, subscribe before sending it, so that the event
// cannot come before the subscription:
//
//	sub := m.Subscribe(wpactrl.EventScanResults, wpactrl.EventScanFailed)
//	defer sub.Close()
//	if err := conn.RequestOK(ctx, "SCAN"); err != nil { ... }
//	ev, err := sub.Next(ctx)
func (m *Monitor) Subscribe(names ...string) *Subscription {
	s := &Subscription{m: m, ch: make(chan Event, subBuffer)}
	if len(names) > 0 {
		s.names = map[string]bool{}
		for _, n := range names {
			s.names[n] = true
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		close(s.ch)
		s.chClosed = true
	} else {
		m.subs[s] = struct{}{}
	}
	return s
}

func (s *Subscription) wants(ev Event) bool { return s.names == nil || s.names[ev.Name] }

// Next returns the oldest event received and not yet returned, waiting for one until ctx
// ends (Next has no default timeout). When ctx ends first, the error wraps context.Canceled
// or is a timeout (errors.Is holds for context.DeadlineExceeded and os.ErrDeadlineExceeded).
// Once the Monitor or the Subscription is closed, Next returns the events still kept and
// then an error wrapping net.ErrClosed, or the error that stopped the Monitor (Monitor.Err).
func (s *Subscription) Next(ctx context.Context) (Event, error) {
	select {
	case ev, ok := <-s.ch:
		if ok {
			return ev, nil
		}
		return Event{}, s.stopErr()
	default:
	}
	select {
	case ev, ok := <-s.ch:
		if ok {
			return ev, nil
		}
		return Event{}, s.stopErr()
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return Event{}, fmt.Errorf("wpactrl: waiting for an event: %w", errDeadline)
		}
		return Event{}, fmt.Errorf("wpactrl: waiting for an event: %w", ctx.Err())
	}
}

func (s *Subscription) stopErr() error {
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	switch {
	case s.closed:
		return fmt.Errorf("wpactrl: subscription closed: %w", net.ErrClosed)
	case s.m.err != nil:
		return s.m.err
	}
	return fmt.Errorf("wpactrl: monitor closed: %w", net.ErrClosed)
}

// Dropped returns how many events the subscription discarded because 64 were waiting.
func (s *Subscription) Dropped() uint64 { return s.dropped.Load() }

// Close ends the subscription: the Monitor stops keeping events for it. Closing twice is
// fine.
func (s *Subscription) Close() {
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	s.closed = true
	delete(s.m.subs, s)
	if !s.chClosed {
		close(s.ch)
		s.chClosed = true
	}
}
