package rotation_test

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TestDeviceBuildIsLean: a device build of the package links neither X.509 parsing nor the
// network stack (together larger than a device's flash), nor the simulator.
func TestDeviceBuildIsLean(t *testing.T) {
	if runtime.GOARCH == "arm" {
		t.Skip("runs on the build host, not under emulation")
	}
	gotool, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("go tool not found: %v", err)
		}
		t.Skipf("go tool not found: %v", err)
	}
	const pkg = "github.com/azsphere-go/applibs/wificonfig/rotation"
	cmd := exec.Command(gotool, "list", "-deps", "-tags", "azsphere", pkg)
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm", "GOARM=7", "CGO_ENABLED=1", "GOFLAGS=")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		deps[p] = true
	}
	if !deps["github.com/azsphere-go/applibs/internal/device"] {
		t.Errorf("the device build does not use the device backend; the check below proves nothing")
	}
	for _, p := range []string{"crypto/x509", "crypto/tls", "net", "github.com/azsphere-go/applibs/application/sim",
		"github.com/azsphere-go/applibs/internal/certparse"} {
		if deps[p] {
			t.Errorf("the device build of %s links %s", pkg, p)
		}
	}
}
