//go:build abidouble && cgo && !azsphere

package devapp_test

import (
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/application/applicationtest"
	"github.com/azsphere-go/applibs/internal/device/abidouble"
)

// TestApplicationConformance runs the application conformance suite through the cgo backend
// against the C double. The real-time app is the other end of a SOCK_SEQPACKET socket pair
// whose first end the double's Application_Connect returns.
//
// One method is shimmed: the suite expects GetOSVersion to succeed, but the exported call
// behind the inline Applications_GetOsVersion is not known, so the device backend reports
// ErrUnsupported (TestApplication checks that) rather than guess a symbol.
func TestApplicationConformance(t *testing.T) {
	applicationtest.Run(t, func(t *testing.T) application.Backend {
		reset(t)
		abidouble.SetMemory(310, 200, 240)
		return osVersionShim{application.Default().Backend()}
	}, applicationtest.Options{RealTimeApp: realTimeApp})
}

// osVersionShim is the device backend with a fixed OS version.
type osVersionShim struct{ application.Backend }

func (osVersionShim) OSVersion() (string, error) { return "24.03", nil }

func realTimeApp(t *testing.T) (string, func() (net.Conn, error)) {
	t.Helper()
	const id = "005180bc-402f-4cb3-a662-72937dbcde47"
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET, 0)
	if err != nil {
		t.Fatal(err)
	}
	hl := os.NewFile(uintptr(fds[0]), "hl")
	t.Cleanup(func() { hl.Close() })
	abidouble.AllowConnection(id, fds[0])
	return id, func() (net.Conn, error) {
		f := os.NewFile(uintptr(fds[1]), "rtapp")
		defer f.Close()
		return net.FileConn(f)
	}
}
