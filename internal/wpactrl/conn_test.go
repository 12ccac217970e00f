package wpactrl

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeDaemon is a unixgram server that answers like wpa_supplicant's control interface:
// replies from a table, and events sent to attached clients on demand.
type fakeDaemon struct {
	t        *testing.T
	c        *net.UnixConn
	path     string
	replies  map[string]string
	attached chan *net.UnixAddr
	done     chan struct{}
}

func newFake(t *testing.T, replies map[string]string) *fakeDaemon {
	t.Helper()
	path := filepath.Join(t.TempDir(), "wlan0")
	c, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	d := &fakeDaemon{t: t, c: c, path: path, replies: replies, attached: make(chan *net.UnixAddr, 4), done: make(chan struct{})}
	go d.serve()
	t.Cleanup(func() { c.Close(); <-d.done })
	return d
}

func (d *fakeDaemon) serve() {
	defer close(d.done)
	buf := make([]byte, 4096)
	for {
		n, from, err := d.c.ReadFromUnix(buf)
		if err != nil {
			return
		}
		cmd := string(buf[:n])
		reply, ok := d.replies[cmd]
		switch {
		case cmd == "ATTACH":
			reply = "OK\n"
			d.attached <- from
		case cmd == "SLOW":
			continue // never answers
		case !ok:
			reply = "UNKNOWN COMMAND\n"
		}
		d.c.WriteToUnix([]byte(reply), from)
	}
}

func TestRequest(t *testing.T) {
	d := newFake(t, map[string]string{"PING": "PONG\n", "BAD": "FAIL\n", "SET_NETWORK 0 psk \"secret12\"": "FAIL\n"})
	c, err := Dial(d.path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	if r, err := c.Request(ctx, "PING"); err != nil || r != "PONG" {
		t.Errorf("PING = %q, %v", r, err)
	}
	if _, err := c.Request(ctx, "BAD"); !errors.Is(err, ErrFailed) {
		t.Errorf("BAD = %v, want ErrFailed", err)
	}
	if _, err := c.Request(ctx, "NOPE"); !errors.Is(err, ErrUnknownCommand) {
		t.Errorf("NOPE = %v, want ErrUnknownCommand", err)
	}
	_, err = c.Request(ctx, `SET_NETWORK 0 psk "secret12"`)
	if err == nil || strings.Contains(err.Error(), "secret12") {
		t.Errorf("failed psk command error %v shows the secret", err)
	}
	if err := c.RequestOK(ctx, "PING"); err == nil {
		t.Errorf("RequestOK(PING) accepted PONG")
	}
	// A cancelled context ends the wait for a reply that never comes.
	cctx, cancel := context.WithCancel(ctx)
	go cancel()
	if _, err := c.Request(cctx, "SLOW"); !errors.Is(err, context.Canceled) {
		t.Errorf("SLOW with cancel = %v, want context.Canceled", err)
	}
	c.Close()
	if _, err := c.Request(ctx, "PING"); !errors.Is(err, net.ErrClosed) {
		t.Errorf("after Close = %v, want net.ErrClosed", err)
	}
}

func TestMonitor(t *testing.T) {
	d := newFake(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	m, err := Attach(ctx, d.path, "", 1)
	if err != nil {
		t.Fatal(err)
	}
	to := <-d.attached
	d.c.WriteToUnix([]byte("OK\n"), to) // a stray reply is not an event
	d.c.WriteToUnix([]byte("<3>CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully"), to)
	ev := <-m.Events()
	if ev.Name != EventEAPSuccess {
		t.Errorf("event = %+v", ev)
	}
	// Fill the buffer and block the reader; Close must still end it.
	for i := 0; i < 3; i++ {
		d.c.WriteToUnix([]byte("<3>CTRL-EVENT-EAP-STARTED x"), to)
	}
	if err := m.Close(); err != nil {
		t.Errorf("Close = %v", err)
	}
	for range m.Events() {
	}
	if err := m.Err(); err != nil {
		t.Errorf("Err after Close = %v", err)
	}
	m.Close() // twice is fine
}
