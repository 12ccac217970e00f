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
	"sync/atomic"
	"testing"
	"time"
)

// fakeDaemon is a unixgram server that answers like wpa_supplicant's control interface: one
// request at a time, each reply sent to the address the request came from. Besides the
// replies table it knows these commands:
//
//	ATTACH      OK, and the client's address is sent on attached
//	ECHO tok    replies tok
//	LATE tok    reports the request on received, waits for release, then replies tok
//	SLOW tok    waits slow, then replies tok
//	EVENT tok   sends an event line, then replies tok (some daemons send events to any client)
//	SILENT      never answers
//
// Anything else is UNKNOWN COMMAND.
type fakeDaemon struct {
	t        *testing.T
	c        *net.UnixConn
	path     string
	replies  map[string]string
	attached chan *net.UnixAddr
	received chan string   // LATE requests, as they arrive
	release  chan struct{} // lets a LATE reply go
	lateSent chan error    // the result of sending each LATE reply
	slow     time.Duration
	slowSeen atomic.Int32 // SLOW requests received
	done     chan struct{}
}

func newFake(t *testing.T, replies map[string]string) *fakeDaemon {
	t.Helper()
	path := filepath.Join(t.TempDir(), "wlan0")
	c, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	d := &fakeDaemon{
		t: t, c: c, path: path, replies: replies,
		attached: make(chan *net.UnixAddr, 4),
		received: make(chan string, 16), release: make(chan struct{}), lateSent: make(chan error, 16),
		slow: 20 * time.Millisecond,
		done: make(chan struct{}),
	}
	go d.serve()
	t.Cleanup(func() { close(d.release); c.Close(); <-d.done })
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
		verb, arg, _ := strings.Cut(cmd, " ")
		reply, ok := d.replies[cmd]
		switch {
		case ok:
		case cmd == "ATTACH":
			reply = "OK\n"
			d.attached <- from
		case verb == "ECHO":
			reply = arg + "\n"
		case verb == "LATE":
			d.received <- arg
			<-d.release
			_, err := d.c.WriteToUnix([]byte(arg+"\n"), from)
			d.lateSent <- err
			continue
		case verb == "SLOW":
			d.slowSeen.Add(1)
			time.Sleep(d.slow)
			reply = arg + "\n"
		case verb == "EVENT":
			d.c.WriteToUnix([]byte("<3>CTRL-EVENT-SCAN-STARTED "), from)
			d.c.WriteToUnix([]byte("IFNAME=wlan0 <3>CTRL-EVENT-SCAN-STARTED "), from)
			reply = arg + "\n"
		case cmd == "SILENT":
			continue
		default:
			reply = "UNKNOWN COMMAND\n"
		}
		d.c.WriteToUnix([]byte(reply), from) // fails when the client is gone: fine
	}
}

func dial(t *testing.T, d *fakeDaemon) *Conn {
	t.Helper()
	c, err := Dial(d.path, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestRequest(t *testing.T) {
	d := newFake(t, map[string]string{"PING": "PONG\n", "BAD": "FAIL\n", "SET_NETWORK 0 psk \"secret12\"": "FAIL\n"})
	c := dial(t, d)
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
	_, err := c.Request(ctx, `SET_NETWORK 0 psk "secret12"`)
	if err == nil || strings.Contains(err.Error(), "secret12") {
		t.Errorf("failed psk command error %v shows the secret", err)
	}
	if err := c.RequestOK(ctx, "PING"); err == nil {
		t.Errorf("RequestOK(PING) accepted PONG")
	}
	// A cancelled context ends the wait for a reply that never comes.
	cctx, cancel := context.WithCancel(ctx)
	go cancel()
	if _, err := c.Request(cctx, "SILENT"); !errors.Is(err, context.Canceled) {
		t.Errorf("SILENT with cancel = %v, want context.Canceled", err)
	}
	c.Close()
	if _, err := c.Request(ctx, "PING"); !errors.Is(err, net.ErrClosed) {
		t.Errorf("after Close = %v, want net.ErrClosed", err)
	}
}

// TestLateReply is the regression test for defect 11.1: a reply that arrives after its
// request timed out must not be taken as the reply to the next request.
func TestLateReply(t *testing.T) {
	for _, mode := range []string{"deadline", "cancel"} {
		t.Run(mode, func(t *testing.T) {
			d := newFake(t, nil)
			c := dial(t, d)
			var ctx context.Context
			var cancel context.CancelFunc
			if mode == "deadline" {
				ctx, cancel = context.WithTimeout(context.Background(), 20*time.Millisecond)
			} else {
				ctx, cancel = context.WithCancel(context.Background())
				go func() { <-d.received; cancel() }()
			}
			defer cancel()
			_, err := c.Request(ctx, "LATE stale")
			want := context.DeadlineExceeded
			if mode == "cancel" {
				want = context.Canceled
			} else {
				<-d.received
			}
			if !errors.Is(err, want) {
				t.Fatalf("LATE = %v, want %v", err, want)
			}
			// The daemon answers the abandoned request, then the next ones.
			d.release <- struct{}{}
			<-d.lateSent
			for _, tok := range []string{"one", "two", "three"} {
				if r, err := c.Request(context.Background(), "ECHO "+tok); err != nil || r != tok {
					t.Errorf("ECHO %s = %q, %v; want %q", tok, r, err, tok)
				}
			}
		})
	}
}

// TestConcurrentRequests has many goroutines share a Conn while some of their requests time
// out: every reply a caller gets is the one to its own request, and a request that times out
// fails as a timeout.
func TestConcurrentRequests(t *testing.T) {
	d := newFake(t, nil)
	c := dial(t, d)
	// A SLOW reply comes d.slow after the daemon reads the request, and its caller gives up
	// a quarter of that after it calls: it always times out.
	slowCtx := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.Background(), d.slow/4)
	}
	// One slow request first, so that at least one reply certainly comes late.
	ctx, cancel := slowCtx()
	if _, err := c.Request(ctx, "SLOW first"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("SLOW first = %v, want a timeout", err)
	}
	cancel()
	const goroutines, perG = 8, 25
	var wg sync.WaitGroup
	var slowFailed, echoed atomic.Int32
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perG {
				tok := fmt.Sprintf("g%d-%d", g, i)
				if i%5 == g%5 {
					ctx, cancel := slowCtx()
					r, err := c.Request(ctx, "SLOW "+tok)
					cancel()
					// On a loaded machine the slow reply can still beat the deadline; then
					// it must be this request's own reply.
					if err == nil && r == tok {
						echoed.Add(1)
						continue
					}
					if !errors.Is(err, context.DeadlineExceeded) {
						t.Errorf("SLOW %s = %q, %v; want a timeout or its own reply", tok, r, err)
					}
					slowFailed.Add(1)
					continue
				}
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				r, err := c.Request(ctx, "ECHO "+tok)
				cancel()
				if err != nil || r != tok {
					t.Errorf("ECHO %s = %q, %v; want %q", tok, r, err, tok)
				}
				echoed.Add(1)
			}
		}()
	}
	wg.Wait()
	t.Logf("%d echoes, %d timeouts; the daemon saw %d slow requests", echoed.Load(), slowFailed.Load(), d.slowSeen.Load())
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
	// Fill the buffer; Close must still end the reader.
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

// TestLateReplyLeavesNoSockets checks that the sockets given up after timeouts are removed.
func TestLateReplyLeavesNoSockets(t *testing.T) {
	d := newFake(t, nil)
	local := t.TempDir()
	c, err := Dial(d.path, local)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i := range 3 {
		ctx, cancel := context.WithTimeout(context.Background(), d.slow/4)
		_, err := c.Request(ctx, fmt.Sprintf("SLOW %d", i))
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("SLOW = %v, want a timeout", err)
		}
	}
	if r, err := c.Request(context.Background(), "ECHO last"); err != nil || r != "last" {
		t.Fatalf("ECHO last = %q, %v", r, err)
	}
	socks, _ := filepath.Glob(filepath.Join(local, "wpactrl-*", "*"))
	if len(socks) != 1 {
		t.Errorf("local sockets after 3 timeouts = %q, want only the one in use", socks)
	}
	c.Close()
	if left, _ := filepath.Glob(filepath.Join(local, "*")); len(left) != 0 {
		t.Errorf("Close left %q", left)
	}
}

// TestEventsAreNotReplies checks that event lines sent to a request's socket are skipped.
func TestEventsAreNotReplies(t *testing.T) {
	d := newFake(t, nil)
	c := dial(t, d)
	if r, err := c.Request(context.Background(), "EVENT tok"); err != nil || r != "tok" {
		t.Errorf("EVENT tok = %q, %v; want tok", r, err)
	}
}

// TestErrorClasses checks the sentinel each kind of failure wraps, and that it wraps no other.
func TestErrorClasses(t *testing.T) {
	long := strings.Repeat("x", 5000)
	d := newFake(t, map[string]string{
		"BAD":    "FAIL\n",
		"SCAN":   "FAIL-BUSY\n",
		"CHAN":   "FAIL-CHANNEL-UNAVAILABLE\n",
		"LONG":   long + "\n",
		"HUGE":   strings.Repeat("y", maxReply+1),
		"EXACT":  strings.Repeat("z", maxReply),
		"ID":     "3\n",
		"NOID":   "nope\n",
		"PING":   "PONG\n",
		"REMOVE": "OK\n",
	})
	c := dial(t, d)
	classes := []error{ErrFailed, ErrBusy, ErrUnknownCommand, ErrUnexpectedReply, context.Canceled, context.DeadlineExceeded, net.ErrClosed}
	check := func(name string, err, want error) {
		t.Helper()
		if err == nil {
			t.Errorf("%s succeeded, want %v", name, want)
			return
		}
		for _, class := range classes {
			if got := errors.Is(err, class); got != (class == want) {
				t.Errorf("%s = %v: errors.Is(err, %v) = %v", name, err, class, got)
			}
		}
	}
	ctx := context.Background()
	req := func(cmd string) error { _, err := c.Request(ctx, cmd); return err }
	check("BAD", req("BAD"), ErrFailed)
	check("SCAN", req("SCAN"), ErrBusy)
	check("CHAN", req("CHAN"), ErrFailed)
	check("NOPE", req("NOPE"), ErrUnknownCommand)
	check("RequestOK(PING)", c.RequestOK(ctx, "PING"), ErrUnexpectedReply)
	check("RequestExpect(REMOVE, PONG)", c.RequestExpect(ctx, "REMOVE", "PONG"), ErrUnexpectedReply)
	_, err := c.RequestInt(ctx, "NOID")
	check("RequestInt(NOID)", err, ErrUnexpectedReply)
	check("HUGE", req("HUGE"), ErrUnexpectedReply)
	if err := c.RequestExpect(ctx, "PING", "PONG"); err != nil {
		t.Errorf("RequestExpect(PING, PONG) = %v", err)
	}
	if n, err := c.RequestInt(ctx, "ID"); err != nil || n != 3 {
		t.Errorf("RequestInt(ID) = %d, %v; want 3", n, err)
	}
	if r, err := c.Request(ctx, "EXACT"); err != nil || len(r) != maxReply {
		t.Errorf("EXACT = %d bytes, %v; want %d", len(r), err, maxReply)
	}
	// An unexpected reply is quoted, cut short.
	err = c.RequestOK(ctx, "LONG")
	check("RequestOK(LONG)", err, ErrUnexpectedReply)
	if msg := err.Error(); !strings.Contains(msg, "xxxx") || len(msg) > 200 {
		t.Errorf("RequestOK(LONG) message = %q (%d bytes): want the reply's start, cut", msg, len(msg))
	}
	// Parse errors are unexpected replies too.
	_, err = ParseNetworks(long)
	check("ParseNetworks", err, ErrUnexpectedReply)
	_, err = ParseScanResults("bssid / frequency\nx\ty")
	check("ParseScanResults", err, ErrUnexpectedReply)

	// Timeouts: by the context's deadline, and by the socket's (DefaultTimeout).
	tctx, cancel := context.WithTimeout(ctx, time.Millisecond)
	defer cancel()
	_, err = c.Request(tctx, "SILENT")
	check("SILENT with a deadline", err, context.DeadlineExceeded)
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("SILENT with a deadline = %v, want os.ErrDeadlineExceeded too", err)
	}
	err = c.wrap(ctx, "SILENT", os.ErrDeadlineExceeded)
	check("socket deadline", err, context.DeadlineExceeded)
	// Waiting for the turn ends with the context too.
	cctx, ccancel := context.WithCancel(ctx)
	ccancel()
	check("cancelled before", req2(c, cctx, "PING"), context.Canceled)

	// Close ends a request in progress and one waiting for its turn.
	errs := make(chan error, 2)
	go func() { _, err := c.Request(ctx, "SILENT"); errs <- err }()
	for len(c.turn) == 0 {
		time.Sleep(time.Millisecond)
	}
	go func() { _, err := c.Request(ctx, "PING"); errs <- err }()
	c.Close()
	check("in progress at Close", <-errs, net.ErrClosed)
	check("waiting at Close", <-errs, net.ErrClosed)
	check("after Close", req("PING"), net.ErrClosed)
}

func req2(c *Conn, ctx context.Context, cmd string) error { _, err := c.Request(ctx, cmd); return err }

// TestDaemonGone checks that a daemon that went away is an error of none of the classes, and
// that the Conn works again once the daemon is back.
func TestDaemonGone(t *testing.T) {
	d := newFake(t, nil)
	c := dial(t, d)
	d.c.Close()
	<-d.done
	os.Remove(d.path)
	_, err := c.Request(context.Background(), "ECHO x")
	if err == nil {
		t.Fatal("request to a daemon that is gone succeeded")
	}
	for _, class := range []error{ErrFailed, ErrBusy, ErrUnknownCommand, ErrUnexpectedReply, context.Canceled, context.DeadlineExceeded, net.ErrClosed} {
		if errors.Is(err, class) {
			t.Errorf("request to a daemon that is gone = %v, which is %v", err, class)
		}
	}
	// The daemon restarts at the same path.
	c2, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: d.path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	d2 := &fakeDaemon{t: t, c: c2, path: d.path, attached: make(chan *net.UnixAddr, 4), received: make(chan string, 16),
		release: make(chan struct{}), lateSent: make(chan error, 16), done: make(chan struct{})}
	go d2.serve()
	defer func() { c2.Close(); <-d2.done }()
	if r, err := c.Request(context.Background(), "ECHO back"); err != nil || r != "back" {
		t.Errorf("ECHO after the daemon restarted = %q, %v", r, err)
	}
}

// TestSecretsNotQuoted checks that no error quotes a secret from the request, whatever the
// failure, nor a reply to a request that carries one.
func TestSecretsNotQuoted(t *testing.T) {
	const secret = "hunter2hunter2"
	cmds := []string{
		`SET_NETWORK 0 psk "` + secret + `"`,
		`SET_NETWORK 12 password "` + secret + `"`,
		`SET_NETWORK 0 sae_password ` + secret,
		`SET_NETWORK 0 private_key_passwd "` + secret + `"`,
		`SET_NETWORK 0 wep_key0 ` + secret,
		`SET_NETWORK 0 psk"` + secret + `"`,
		`SET_NETWORK 0 PSK ` + secret,
		`SET_NETWORK 0 psk  ` + secret,
		"SET_NETWORK\t0\tpsk\t" + secret,
		`IFNAME=wlan0 SET_NETWORK 0 psk "` + secret + `"`,
		`SET_CRED 1 password "` + secret + `"`,
		`SET blob key ` + secret,
		`CTRL-RSP-PASSWORD-0:` + secret,
		`WPS_PIN any ` + secret,
		`P2P_CONNECT 02:00:00:00:00:01 ` + secret,
		secret,
		`ECHO ` + secret,
	}
	replies := map[string]string{}
	for _, cmd := range cmds {
		replies[cmd] = secret + "\n" // a reply that (hypothetically) echoed the secret
	}
	replies[cmds[1]] = "FAIL\n"
	replies[cmds[2]] = "FAIL-BUSY\n"
	replies[cmds[3]] = "FAIL-" + secret + "\n"
	d := newFake(t, replies)
	c := dial(t, d)
	for _, cmd := range cmds {
		errs := []error{c.RequestOK(context.Background(), cmd), c.RequestExpect(context.Background(), cmd, "PONG")}
		_, err := c.RequestInt(context.Background(), cmd)
		errs = append(errs, err)
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		_, err = c.Request(ctx, "SILENT "+cmd)
		cancel()
		errs = append(errs, err, unexpected(cmd, secret))
		for _, err := range errs {
			if err == nil {
				t.Errorf("%q succeeded", cmd)
			} else if strings.Contains(err.Error(), secret[:8]) {
				t.Errorf("error for %q shows the secret: %v", cmd, err)
			}
		}
	}
	c.Close()
	if _, err := c.Request(context.Background(), cmds[0]); err == nil || strings.Contains(err.Error(), secret) {
		t.Errorf("after Close: %v", err)
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"PING", "PING"},
		{"SELECT_NETWORK 3", "SELECT_NETWORK 3"},
		{`SET_NETWORK 0 ssid "lab"`, `SET_NETWORK 0 ssid "lab"`},
		{`SET_NETWORK 0 ca_cert "/var/lib/x.pem"`, `SET_NETWORK 0 ca_cert "/var/lib/x.pem"`},
		{`SET_NETWORK 0 psk "secret12"`, "SET_NETWORK 0 psk [redacted]"},
		{`SET_NETWORK 0 psk"secret12"`, "SET_NETWORK 0 psk [redacted]"},
		{`SET_NETWORK 0 psk`, "SET_NETWORK 0 psk"},
		{`SET_NETWORK 0 new_field x`, "SET_NETWORK 0 new_field [redacted]"},
		{"SET EAPOL::startPeriod 1", "SET EAPOL::startPeriod 1"},
		{"SET ps 1", "SET ps 1"},
		{`IFNAME=wlan0 SET_NETWORK 0 password "x"`, "IFNAME=wlan0 SET_NETWORK 0 password [redacted]"},
		{"CTRL-RSP-PIN-1:1234", "CTRL-RSP-PIN-1 [redacted]"},
		{"WPS_REG 02:00:00:00:00:01 12345670", "WPS_REG [redacted]"},
		{`SET_NETWORK 0 private_key "pkcs11:id=1;pin-value=1234"`, "SET_NETWORK 0 private_key [redacted]"},
		{"SET_NETWORK hunter2", "SET_NETWORK [redacted]"},
		{"SET_NETWORK 7", "SET_NETWORK 7"},
		{"NOPE", "NOPE"},
		{"hunter2", "command [redacted]"},
		{"ECHO hunter2", "ECHO [redacted]"},
		{`"secret"`, "command [redacted]"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
