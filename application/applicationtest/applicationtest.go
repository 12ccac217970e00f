package applicationtest

import (
	"bytes"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/application"
)

// Options describe the environment of the backend under test.
type Options struct {
	// Unlisted is a component ID (GUID) that the application's manifest does not list in
	// AllowedApplicationConnections; empty means "ffffffff-ffff-4fff-bfff-ffffffffffff".
	Unlisted string
	// RealTimeApp, when not nil, starts (or names) a real-time capable application that the
	// manifest lists, and returns its component ID and a function that returns the RTApp's
	// end of the next connection. The message tests are skipped without it.
	RealTimeApp func(t *testing.T) (componentID string, accept func() (net.Conn, error))
	// MaxMessageSize is the largest message the connection carries; 0 means 256, a size
	// every backend supports.
	MaxMessageSize int
}

// Run runs the conformance suite on the backend that newBackend returns. Subtests do not run
// in parallel; newBackend may return the same backend each time.
func Run(t *testing.T, newBackend func(t *testing.T) application.Backend, opts Options) {
	t.Helper()
	if opts.Unlisted == "" {
		opts.Unlisted = "ffffffff-ffff-4fff-bfff-ffffffffffff"
	}
	if opts.MaxMessageSize == 0 {
		opts.MaxMessageSize = 256
	}
	tests := []struct {
		name string
		fn   func(t *testing.T, a *application.App, o Options)
	}{
		{"OSVersion", testOSVersion},
		{"Memory", testMemory},
		{"IsDeviceAuthReady", testIsDeviceAuthReady},
		{"ConnectErrors", testConnectErrors},
		{"Messages", testMessages},
		{"Concurrent", testConcurrent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBackend(t)
			if b == nil {
				t.Fatal("newBackend returned nil")
			}
			tt.fn(t, application.New(b), opts)
		})
	}
}

func testOSVersion(t *testing.T, a *application.App, _ Options) {
	v, err := a.GetOSVersion()
	if err != nil {
		t.Fatalf("GetOSVersion: %v", err)
	}
	if v == "" || len(v) >= application.OSVersionSize || strings.IndexByte(v, 0) >= 0 {
		t.Errorf("GetOSVersion() = %q, want 1 to %d bytes without NUL", v, application.OSVersionSize-1)
	}
}

func testMemory(t *testing.T, a *application.App, _ Options) {
	total, err := a.GetTotalMemoryUsageInKB()
	if err != nil {
		t.Fatalf("GetTotalMemoryUsageInKB: %v", err)
	}
	user, err := a.GetUserModeMemoryUsageInKB()
	if err != nil {
		t.Fatalf("GetUserModeMemoryUsageInKB: %v", err)
	}
	peak, err := a.GetPeakUserModeMemoryUsageInKB()
	if err != nil {
		t.Fatalf("GetPeakUserModeMemoryUsageInKB: %v", err)
	}
	if total < 0 || user < 0 || peak < user {
		t.Errorf("memory total %d, user mode %d, peak %d KiB; want non-negative figures and peak >= user mode", total, user, peak)
	}
}

func testIsDeviceAuthReady(t *testing.T, a *application.App, _ Options) {
	if _, err := a.IsDeviceAuthReady(); err != nil {
		t.Errorf("IsDeviceAuthReady: %v", err)
	}
}

func testConnectErrors(t *testing.T, a *application.App, o Options) {
	if c, err := a.Connect(o.Unlisted); !errors.Is(err, syscall.EACCES) {
		if c != nil {
			c.Close()
		}
		t.Errorf("Connect(%q) (not in the manifest) = %v, want EACCES", o.Unlisted, err)
	}
	if _, err := a.Connect("not-a-guid"); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("Connect(%q) = %v, want EINVAL", "not-a-guid", err)
	}
}

// pair connects to the RTApp and returns both ends.
func pair(t *testing.T, a *application.App, o Options) (hl, rt net.Conn) {
	t.Helper()
	id, accept := o.RealTimeApp(t)
	hl, err := a.Connect(id)
	if err != nil {
		t.Fatalf("Connect(%q): %v", id, err)
	}
	t.Cleanup(func() { hl.Close() })
	rt, err = accept()
	if err != nil {
		t.Fatalf("the RTApp did not accept: %v", err)
	}
	t.Cleanup(func() { rt.Close() })
	return hl, rt
}

func testMessages(t *testing.T, a *application.App, o Options) {
	if o.RealTimeApp == nil {
		t.Skip("no real-time capable application to connect to (Options.RealTimeApp)")
	}
	hl, rt := pair(t, a, o)
	msgs := [][]byte{[]byte("one"), bytes.Repeat([]byte{'x'}, o.MaxMessageSize), []byte("three")}
	for _, dir := range []struct {
		name     string
		from, to net.Conn
	}{{"to the RTApp", hl, rt}, {"from the RTApp", rt, hl}} {
		for _, m := range msgs {
			if n, err := dir.from.Write(m); n != len(m) || err != nil {
				t.Fatalf("%s: Write(%d bytes) = %d, %v", dir.name, len(m), n, err)
			}
		}
		buf := make([]byte, 2*o.MaxMessageSize)
		for i, want := range msgs {
			n, err := dir.to.Read(buf)
			if err != nil || !bytes.Equal(buf[:n], want) {
				t.Fatalf("%s: message %d: Read = %d bytes, %v; want %d bytes in one Read", dir.name, i, n, err, len(want))
			}
		}
	}
	// The RTApp closes: the high-level side reads the end.
	rt.Write([]byte("bye"))
	rt.Close()
	buf := make([]byte, 16)
	if n, err := hl.Read(buf); err != nil || string(buf[:n]) != "bye" {
		t.Errorf("Read after the RTApp closed = %q, %v; want the queued message", buf[:n], err)
	}
	if _, err := hl.Read(buf); err != io.EOF {
		t.Errorf("Read at the end = %v, want io.EOF", err)
	}
	hl.Close()
	if _, err := hl.Write([]byte("x")); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Write after Close = %v, want net.ErrClosed", err)
	}
}

func testConcurrent(t *testing.T, a *application.App, o Options) {
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				if _, err := a.IsDeviceAuthReady(); err != nil {
					t.Errorf("IsDeviceAuthReady: %v", err)
					return
				}
				if _, err := a.GetOSVersion(); err != nil {
					t.Errorf("GetOSVersion: %v", err)
					return
				}
				if _, err := a.GetUserModeMemoryUsageInKB(); err != nil {
					t.Errorf("GetUserModeMemoryUsageInKB: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
