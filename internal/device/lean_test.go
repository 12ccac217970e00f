package device_test

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// goList runs "go list -deps" for pkg in the given environment and returns the packages.
func goList(t *testing.T, env []string, tags, pkg string) map[string]bool {
	t.Helper()
	if runtime.GOARCH == "arm" {
		t.Skip("runs on the build host, not under emulation")
	}
	gotool, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("go tool not found: %v", err)
		}
		t.Skipf("go tool not found: %v", err)
	}
	args := []string{"list", "-deps"}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	cmd := exec.Command(gotool, append(args, pkg)...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	deps := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		deps[p] = true
	}
	return deps
}

const mod = "github.com/azsphere-go/applibs/"

// TestDeviceBuildIsLean: a device program that uses only the certificate store links the
// cgo backend but neither the simulator, nor X.509 parsing, nor the network stack.
func TestDeviceBuildIsLean(t *testing.T) {
	deps := goList(t, []string{"GOOS=linux", "GOARCH=arm", "GOARM=7", "CGO_ENABLED=1", "GOFLAGS="}, "azsphere", mod+"internal/device/cmd/certlist")
	if !deps[mod+"internal/device"] {
		t.Errorf("the device build of certlist does not use internal/device")
	}
	for _, p := range []string{mod + "application/sim", mod + "internal/certparse", "crypto/x509", "net", "crypto/tls"} {
		if deps[p] {
			t.Errorf("the device build of certlist links %s", p)
		}
	}
}

// TestOtherBuildsLeaveDeviceOut: without the azsphere tag, the public packages do not
// import the cgo backend.
func TestOtherBuildsLeaveDeviceOut(t *testing.T) {
	for _, env := range [][]string{
		{"GOOS=linux", "GOARCH=arm", "GOARM=7", "CGO_ENABLED=1", "GOFLAGS="},
		{"GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=1", "GOFLAGS="},
	} {
		deps := goList(t, env, "", mod+"internal/device/cmd/certlist")
		if deps[mod+"internal/device"] {
			t.Errorf("%v without -tags azsphere: certlist links internal/device", env)
		}
	}
}

// TestDeviceBuildWithoutCgoFails: a device build with cgo off (the default when
// cross-compiling) fails with a message that says what to set, not with a link error or a
// program that cannot reach the device.
func TestDeviceBuildWithoutCgoFails(t *testing.T) {
	if runtime.GOARCH == "arm" {
		t.Skip("runs on the build host, not under emulation")
	}
	gotool, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("go tool not found: %v", err)
		}
		t.Skipf("go tool not found: %v", err)
	}
	cmd := exec.Command(gotool, "build", "-tags", "azsphere", "-o", os.DevNull, mod+"internal/device/cmd/certlist")
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm", "GOARM=7", "CGO_ENABLED=0", "GOFLAGS=")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go build -tags azsphere with CGO_ENABLED=0 succeeded")
	}
	if !strings.Contains(string(out), "azsphere_build_requires_cgo__set_CGO_ENABLED_1") {
		t.Errorf("go build -tags azsphere with CGO_ENABLED=0 failed without the message:\n%s", out)
	}
}
