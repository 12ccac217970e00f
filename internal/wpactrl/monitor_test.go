package wpactrl

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"
)

// attach attaches a Monitor to d and returns it with the address d sends its events to.
func attach(t *testing.T, d *fakeDaemon, buffer int) (*Monitor, *net.UnixAddr) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	m, err := Attach(ctx, d.path, t.TempDir(), buffer)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m, <-d.attached
}

// send sends events to a monitor as the daemon does. The daemon never waits for a monitor
// (it gives up on one that cannot take its events); the deadline here only keeps a reader
// that stopped reading from hanging the test.
func send(t *testing.T, d *fakeDaemon, to *net.UnixAddr, lines ...string) {
	t.Helper()
	d.c.SetWriteDeadline(time.Now().Add(10 * time.Second))
	defer d.c.SetWriteDeadline(time.Time{})
	for _, l := range lines {
		if _, err := d.c.WriteToUnix([]byte(l), to); err != nil {
			t.Fatalf("sending %q: %v: the monitor stopped reading", l, err)
		}
	}
}

// next returns the next event of s, failing the test if none comes.
func next(t *testing.T, s *Subscription) Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ev, err := s.Next(ctx)
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	return ev
}

// TestMonitorBurst sends many more events than the buffer holds while nobody receives: the
// reader keeps reading, keeps the newest events in order, and counts the others. (A reader
// that waited for its receiver stalled the daemon's socket after about 280 such events.)
func TestMonitorBurst(t *testing.T) {
	d := newFake(t, nil)
	const buffer, burst = 4, 1000
	m, to := attach(t, d, buffer)
	mark := m.Subscribe("MARK")
	var lines []string
	for i := range burst {
		lines = append(lines, "<3>CTRL-EVENT-BURST "+strconv.Itoa(i))
	}
	send(t, d, to, append(lines, "<3>MARK")...)
	next(t, mark) // the reader has handled every event
	var got []string
	for len(m.Events()) > 0 {
		ev := <-m.Events()
		got = append(got, ev.Name+" "+ev.Text)
	}
	want := []string{"CTRL-EVENT-BURST 997", "CTRL-EVENT-BURST 998", "CTRL-EVENT-BURST 999", "MARK "}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("events kept = %q, want %q", got, want)
	}
	if n := m.Dropped(); n != burst+1-buffer {
		t.Errorf("Dropped = %d, want %d", n, burst+1-buffer)
	}
	// A receiver that keeps up loses nothing, in order.
	before := m.Dropped()
	for i := range 3 * buffer {
		send(t, d, to, "<3>CTRL-EVENT-STEP "+strconv.Itoa(i))
		if ev := <-m.Events(); ev.Text != strconv.Itoa(i) {
			t.Fatalf("event %d = %+v", i, ev)
		}
	}
	if m.Dropped() != before {
		t.Errorf("Dropped grew from %d to %d for a receiver that kept up", before, m.Dropped())
	}
}

func TestSubscription(t *testing.T) {
	d := newFake(t, nil)
	m, to := attach(t, d, 1)
	scan := m.Subscribe(EventScanResults, EventScanFailed)
	all := m.Subscribe()
	send(t, d, to, "<3>"+EventScanStarted+" ", "OK\n", "<3>"+EventScanResults+" ")
	if ev := next(t, scan); ev.Name != EventScanResults {
		t.Errorf("scan subscription got %+v", ev)
	}
	if a, b := next(t, all), next(t, all); a.Name != EventScanStarted || b.Name != EventScanResults {
		t.Errorf("subscription to all got %s, %s", a.Name, b.Name)
	}

	// Next ends with its context.
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if _, err := scan.Next(ctx); !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Next past the deadline = %v, want a timeout", err)
	}
	cctx, ccancel := context.WithCancel(context.Background())
	ccancel()
	if _, err := scan.Next(cctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Next cancelled = %v, want context.Canceled", err)
	}

	// A subscription that nobody reads keeps the newest 64 events.
	full := m.Subscribe("X")
	var lines []string
	for i := range subBuffer + 6 {
		lines = append(lines, "<3>X "+strconv.Itoa(i))
	}
	send(t, d, to, append(lines, "<3>"+EventScanFailed+" ")...)
	next(t, scan)
	if n := full.Dropped(); n != 6 {
		t.Errorf("Dropped = %d, want 6", n)
	}
	for i := 6; i < subBuffer+6; i++ {
		if ev := next(t, full); ev.Text != strconv.Itoa(i) {
			t.Fatalf("event = %+v, want X %d", ev, i)
		}
	}

	// Close: events already kept are still returned, then net.ErrClosed.
	sync := m.Subscribe("SYNC")
	send(t, d, to, "<3>X last", "<3>SYNC")
	next(t, sync) // X last has been handed to every subscription
	full.Close()
	full.Close()
	if ev := next(t, full); ev.Text != "last" {
		t.Errorf("after Close got %+v, want the event kept", ev)
	}
	if _, err := full.Next(context.Background()); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Next after Close = %v, want net.ErrClosed", err)
	}

	// Closing the monitor ends every subscription, and later ones.
	m.Close()
	if _, err := scan.Next(context.Background()); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Next after Monitor.Close = %v, want net.ErrClosed", err)
	}
	if _, err := m.Subscribe().Next(context.Background()); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Next on a subscription made after Monitor.Close = %v, want net.ErrClosed", err)
	}
	if err := m.Err(); err != nil {
		t.Errorf("Err after Close = %v", err)
	}
}

// TestSubscriptionConcurrent has goroutines subscribe, wait and unsubscribe while events
// flow and the main receiver reads Events.
func TestSubscriptionConcurrent(t *testing.T) {
	d := newFake(t, nil)
	m, to := attach(t, d, 8)
	stop := make(chan struct{})
	var senders, receivers sync.WaitGroup
	senders.Add(2)
	go func() { // the daemon
		defer senders.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			d.c.WriteToUnix([]byte("<3>TICK "+strconv.Itoa(i)), to)
			time.Sleep(100 * time.Microsecond)
		}
	}()
	go func() { // the main receiver
		defer senders.Done()
		last := -1
		for {
			select {
			case ev := <-m.Events():
				n, _ := strconv.Atoi(ev.Text)
				if n <= last {
					t.Errorf("event %d after %d", n, last)
				}
				last = n
			case <-stop:
				return
			}
		}
	}()
	for range 8 {
		receivers.Add(1)
		go func() {
			defer receivers.Done()
			for range 20 {
				s := m.Subscribe("TICK")
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				a, err1 := s.Next(ctx)
				b, err2 := s.Next(ctx)
				cancel()
				s.Close()
				if err1 != nil || err2 != nil {
					t.Errorf("Next = %v, %v", err1, err2)
					return
				}
				na, _ := strconv.Atoi(a.Text)
				nb, _ := strconv.Atoi(b.Text)
				if nb <= na {
					t.Errorf("subscription got %d then %d", na, nb)
				}
			}
		}()
	}
	receivers.Wait()
	close(stop)
	senders.Wait()
}
