//go:build abidouble && cgo && !azsphere

package devapp_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/deviceauth"
	"github.com/azsphere-go/applibs/internal/device"
	"github.com/azsphere-go/applibs/internal/device/abidouble"
	"github.com/azsphere-go/applibs/internal/device/devapp"
	"github.com/azsphere-go/applibs/pkitest"
)

const rtApp = "005180bc-402f-4cb3-a662-72937dbcde47"

func TestApplication(t *testing.T) {
	reset(t)
	a := application.Default()

	if ready, err := a.IsDeviceAuthReady(); err != nil || ready {
		t.Errorf("IsDeviceAuthReady() = %v, %v; want false", ready, err)
	}
	abidouble.SetDAA("/x", true, 0)
	if ready, err := a.IsDeviceAuthReady(); err != nil || !ready {
		t.Errorf("IsDeviceAuthReady() = %v, %v; want true", ready, err)
	}

	abidouble.SetMemory(300, 200, 250)
	b := devapp.Backend()
	for attr, want := range []int{300, 200, 250} {
		if got, err := b.MemoryInfo(uint32(attr)); err != nil || got != want {
			t.Errorf("MemoryInfo(%d) = %d, %v; want %d", attr, got, err, want)
		}
	}
	if _, err := b.MemoryInfo(7); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("MemoryInfo(7): %v, want EINVAL", err)
	}

	// Application_Connect returns a socket; the backend wraps it as a message connection.
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET, 0)
	if err != nil {
		t.Fatal(err)
	}
	peer := os.NewFile(uintptr(fds[1]), "peer")
	defer peer.Close()
	if _, err := a.Connect(rtApp); !errors.Is(err, syscall.EACCES) {
		t.Errorf("Connect to an app not allowed: %v, want EACCES", err)
	}
	abidouble.AllowConnection(rtApp, fds[0])
	conn, err := a.Connect(rtApp)
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	defer conn.Close()
	if _, err := peer.Write([]byte("one")); err != nil {
		t.Fatal(err)
	}
	if _, err := peer.Write([]byte("two")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	for _, want := range []string{"one", "two"} {
		n, err := conn.Read(buf)
		if err != nil || string(buf[:n]) != want {
			t.Errorf("Read = %q, %v; want %q", buf[:n], err, want)
		}
	}
	if _, err := a.GetOSVersion(); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("GetOSVersion: %v, want ErrUnsupported", err)
	}
}

func TestDeviceAuth(t *testing.T) {
	reset(t)
	ca := pkitest.MustCA(pkitest.Options{})
	path := filepath.Join(t.TempDir(), "daa.pem")
	if err := os.WriteFile(path, ca.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	abidouble.SetDAA(path, true, 0)
	id := deviceauth.Default()
	if got, err := id.GetCertificatePath(); err != nil || got != path {
		t.Errorf("GetCertificatePath() = %q, %v; want %q", got, err, path)
	}
	_, err := id.ClientCertificate()
	var se *deviceauth.SSLError
	if !errors.As(err, &se) || se.Result != deviceauth.SSLEnableHWSignError || !errors.Is(err, deviceauth.ErrHardwareKey) {
		t.Errorf("ClientCertificate: %v; want an SSLError EnableHwSignError wrapping ErrHardwareKey", err)
	}
	abidouble.SetDAA(path, true, int(deviceauth.SSLGetTenantIDError))
	var ctx [8]byte
	if r := device.DeviceAuthBackend().SSLCtxFunc(unsafePointer(&ctx)); r != int(deviceauth.SSLGetTenantIDError) {
		t.Errorf("SSLCtxFunc = %v, want GetTenantIdError", r)
	}
	if got := abidouble.LastSSLCtx(); got != uintptrOf(&ctx) {
		t.Errorf("DeviceAuth_SslCtxFunc received %#x, want %#x", got, uintptrOf(&ctx))
	}
}
