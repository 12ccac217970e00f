package application_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/application/sim"
)

const rtID = "005180bc-402f-4cb3-a662-72937dbcde47"

func newDevice(t *testing.T, caps *sim.Capabilities) *sim.Device {
	t.Helper()
	dev := sim.New(sim.Options{Capabilities: caps})
	t.Cleanup(func() { dev.Close() })
	return dev
}

func TestConnectRejectsInvalidComponentID(t *testing.T) {
	dev := newDevice(t, &sim.Capabilities{AllowedApplicationConnections: []string{rtID}})
	// A fault for Connect would fire if the backend were called.
	dev.FailTimes("Connect", syscall.EIO, -1)
	app := application.New(dev.Application())
	for _, id := range []string{
		"",
		"005180bc402f4cb3a66272937dbcde47",
		"005180bc-402f-4cb3-a662-72937dbcde4",
		"005180bc-402f-4cb3-a662-72937dbcde477",
		"005180bc-402f-4cb3-a662_72937dbcde47",
		"005180bg-402f-4cb3-a662-72937dbcde47",
		"{005180bc-402f-4cb3-a662-72937dbcde47}",
	} {
		_, err := app.Connect(id)
		if !errors.Is(err, syscall.EINVAL) {
			t.Errorf("Connect(%q) = %v, want EINVAL", id, err)
		}
		var e *application.Error
		if !errors.As(err, &e) || e.Op != "Connect" || e.ID != id {
			t.Errorf("Connect(%q) error = %#v, want *Error with Op Connect and the ID", id, err)
		}
	}
}

func TestConnectErrors(t *testing.T) {
	other := "11111111-2222-3333-4444-555555555555"
	dev := newDevice(t, &sim.Capabilities{AllowedApplicationConnections: []string{rtID, other}})
	app := application.New(dev.Application())
	if _, err := app.Connect(other); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("Connect to an RTApp that does not run = %v, want ECONNREFUSED", err)
	}
	rt, err := dev.RegisterRealTimeApp(other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dev.RegisterRealTimeApp(other); err == nil {
		t.Error("RegisterRealTimeApp twice succeeded")
	}
	c, err := app.Connect(other)
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	defer c.Close()
	rt.Close()
	if _, err := rt.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Accept after Close = %v, want net.ErrClosed", err)
	}
	if _, err := app.Connect(other); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("Connect after the RTApp stopped = %v, want ECONNREFUSED", err)
	}
	// The connection that was never accepted was closed by the RTApp's Close.
	if _, err := c.Read(make([]byte, 8)); err != io.EOF {
		t.Errorf("Read on a connection the RTApp dropped = %v, want io.EOF", err)
	}
	// Not in AllowedApplicationConnections: EACCES, even in upper case the allowed ID works.
	if _, err := app.Connect("99999999-2222-3333-4444-555555555555"); !errors.Is(err, syscall.EACCES) {
		t.Errorf("Connect to an unlisted component = %v, want EACCES", err)
	}
	if _, err := dev.RegisterRealTimeApp(rtID); err != nil {
		t.Fatal(err)
	}
	if c, err := app.Connect("005180BC-402F-4CB3-A662-72937DBCDE47"); err != nil {
		t.Errorf("Connect with the ID in upper case: %v", err)
	} else {
		c.Close()
	}
}

func TestConnectKeepsMessageBoundaries(t *testing.T) {
	dev := newDevice(t, &sim.Capabilities{AllowedApplicationConnections: []string{rtID}})
	rt, err := dev.RegisterRealTimeApp(rtID)
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	app := application.New(dev.Application())
	hl, err := app.Connect(rtID)
	if err != nil {
		t.Fatal(err)
	}
	peer, err := rt.Accept()
	if err != nil {
		t.Fatal(err)
	}
	if got := hl.RemoteAddr().String(); got != rtID {
		t.Errorf("RemoteAddr = %q, want %q", got, rtID)
	}

	msgs := [][]byte{[]byte("hello"), {}, bytes.Repeat([]byte{0xA5}, sim.MaxMessageSize), []byte("x")}
	for _, m := range msgs {
		if n, err := hl.Write(m); n != len(m) || err != nil {
			t.Fatalf("Write(%d bytes) = %d, %v", len(m), n, err)
		}
	}
	buf := make([]byte, 2*sim.MaxMessageSize)
	for i, want := range msgs {
		n, err := peer.Read(buf)
		if err != nil || !bytes.Equal(buf[:n], want) {
			t.Errorf("message %d: Read = %d bytes, %v; want %d bytes", i, n, err, len(want))
		}
	}

	// A short buffer gets the start of the message; the rest is discarded.
	peer.Write([]byte("0123456789"))
	peer.Write([]byte("next"))
	small := make([]byte, 4)
	if n, err := hl.Read(small); err != nil || string(small[:n]) != "0123" {
		t.Errorf("short Read = %q, %v; want %q", small[:n], err, "0123")
	}
	if n, err := hl.Read(buf); err != nil || string(buf[:n]) != "next" {
		t.Errorf("Read after a truncated message = %q, %v; want %q", buf[:n], err, "next")
	}

	if _, err := hl.Write(make([]byte, sim.MaxMessageSize+1)); !errors.Is(err, syscall.EMSGSIZE) {
		t.Errorf("Write of an oversized message = %v, want EMSGSIZE", err)
	}

	hl.SetReadDeadline(time.Now().Add(-time.Second))
	if _, err := hl.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Read past the deadline = %v, want os.ErrDeadlineExceeded", err)
	}
	hl.SetReadDeadline(time.Time{})

	// Queued messages survive the writer's Close; then the reader sees EOF.
	peer.Write([]byte("last"))
	peer.Close()
	if n, err := hl.Read(buf); err != nil || string(buf[:n]) != "last" {
		t.Errorf("Read after peer Close = %q, %v; want %q", buf[:n], err, "last")
	}
	if _, err := hl.Read(buf); err != io.EOF {
		t.Errorf("Read at end = %v, want io.EOF", err)
	}
	if _, err := hl.Write([]byte("x")); !errors.Is(err, syscall.EPIPE) {
		t.Errorf("Write to a closed peer = %v, want EPIPE", err)
	}
	hl.Close()
	if _, err := hl.Read(buf); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Read after Close = %v, want net.ErrClosed", err)
	}
	if err := hl.Close(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("second Close = %v, want net.ErrClosed", err)
	}
}

func TestConnectionsCloseOnReboot(t *testing.T) {
	dev := newDevice(t, &sim.Capabilities{AllowedApplicationConnections: []string{rtID}})
	rt, _ := dev.RegisterRealTimeApp(rtID)
	defer rt.Close()
	app := application.New(dev.Application())
	hl, err := app.Connect(rtID)
	if err != nil {
		t.Fatal(err)
	}
	peer, _ := rt.Accept()
	dev.Reboot()
	if _, err := hl.Read(make([]byte, 1)); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Read after Reboot = %v, want net.ErrClosed", err)
	}
	if _, err := peer.Write([]byte("x")); !errors.Is(err, net.ErrClosed) {
		t.Errorf("RTApp Write after Reboot = %v, want net.ErrClosed", err)
	}
	// The RTApp still runs: a new connection works.
	hl2, err := app.Connect(rtID)
	if err != nil {
		t.Fatalf("Connect after Reboot: %v", err)
	}
	hl2.Close()
}

func TestConcurrentMessages(t *testing.T) {
	dev := newDevice(t, &sim.Capabilities{AllowedApplicationConnections: []string{rtID}})
	rt, _ := dev.RegisterRealTimeApp(rtID)
	defer rt.Close()
	hl, err := application.New(dev.Application()).Connect(rtID)
	if err != nil {
		t.Fatal(err)
	}
	defer hl.Close()
	peer, _ := rt.Accept()
	// The RTApp echoes every message.
	go func() {
		buf := make([]byte, sim.MaxMessageSize)
		for {
			n, err := peer.Read(buf)
			if err != nil {
				peer.Close()
				return
			}
			peer.Write(buf[:n])
		}
	}()
	const count = 200
	go func() {
		for i := 0; i < count; i++ {
			hl.Write(bytes.Repeat([]byte{byte(i)}, i%50+1))
		}
	}()
	buf := make([]byte, sim.MaxMessageSize)
	for i := 0; i < count; i++ {
		n, err := hl.Read(buf)
		if err != nil || !bytes.Equal(buf[:n], bytes.Repeat([]byte{byte(i)}, i%50+1)) {
			t.Fatalf("echo %d = %v, %v", i, buf[:n], err)
		}
	}
}

func TestMemoryAndOSVersion(t *testing.T) {
	dev := newDevice(t, nil)
	app := application.New(dev.Application())
	dev.SetMemoryUsage(120, 80)
	dev.SetMemoryUsage(100, 60)
	for _, tc := range []struct {
		name string
		f    func() (int, error)
		want int
	}{
		{"GetTotalMemoryUsageInKB", app.GetTotalMemoryUsageInKB, 100},
		{"GetUserModeMemoryUsageInKB", app.GetUserModeMemoryUsageInKB, 60},
		{"GetPeakUserModeMemoryUsageInKB", app.GetPeakUserModeMemoryUsageInKB, 80},
	} {
		if got, err := tc.f(); got != tc.want || err != nil {
			t.Errorf("%s() = %d, %v; want %d", tc.name, got, err, tc.want)
		}
		dev.FailNext(tc.name, syscall.EAGAIN)
		if _, err := tc.f(); !errors.Is(err, syscall.EAGAIN) {
			t.Errorf("%s() with an injected fault = %v, want EAGAIN", tc.name, err)
		}
	}
	dev.Reboot()
	if got, _ := app.GetPeakUserModeMemoryUsageInKB(); got != 60 {
		t.Errorf("peak after Reboot = %d, want 60 (the current figure)", got)
	}

	if v, err := app.GetOSVersion(); v != sim.DefaultOSVersion || err != nil {
		t.Errorf("GetOSVersion() = %q, %v; want %q", v, err, sim.DefaultOSVersion)
	}
	if err := dev.SetOSVersion("23.10.1"); err != nil {
		t.Fatal(err)
	}
	if v, _ := app.GetOSVersion(); v != "23.10.1" {
		t.Errorf("GetOSVersion() = %q, want %q", v, "23.10.1")
	}
	for _, bad := range []string{"", "0123456789abcdef", "a\x00b"} {
		if err := dev.SetOSVersion(bad); err == nil {
			t.Errorf("SetOSVersion(%q) succeeded", bad)
		}
	}
}

func TestIsDeviceAuthReady(t *testing.T) {
	dev := sim.New(sim.Options{DeviceAuth: sim.DeviceAuthOptions{Offline: true, NeverAttested: true}})
	app := application.New(dev.Application())
	if ok, err := app.IsDeviceAuthReady(); ok || err != nil {
		t.Errorf("IsDeviceAuthReady before attestation = %v, %v; want false", ok, err)
	}
	dev.SetOnline(true)
	if ok, err := app.IsDeviceAuthReady(); !ok || err != nil {
		t.Errorf("IsDeviceAuthReady after attestation = %v, %v; want true", ok, err)
	}
	dev.FailNext("IsDeviceAuthReady", syscall.EAGAIN)
	if _, err := app.IsDeviceAuthReady(); !errors.Is(err, syscall.EAGAIN) {
		t.Errorf("IsDeviceAuthReady with a fault = %v, want EAGAIN", err)
	}
}

func TestSetDefault(t *testing.T) {
	dev := newDevice(t, nil)
	prev := application.SetDefault(dev.Application())
	defer application.SetDefault(prev)
	if v, err := application.GetOSVersion(); v != sim.DefaultOSVersion || err != nil {
		t.Errorf("GetOSVersion() through the default = %q, %v", v, err)
	}
}
