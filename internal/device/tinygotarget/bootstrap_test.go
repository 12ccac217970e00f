package tinygotarget

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/internal/enrolltest"
	"github.com/azsphere-go/applibs/pkitest"
)

// TestBootstrapDevice runs examples/bootstrap-device end to end as a device program: built
// with TinyGo for the generated target, run under qemu-arm against the C ABI double and a
// real libcurl, it authenticates with the double's test DAA certificate to a local issuing
// service, installs what the service issues and configures the EAP-TLS network.
//
// The musl stand-in has no real libcurl (Debian ships none for musl), so the program runs
// against the glibc test sysroot that `.ci/standin-sysroot.sh -glibc DIR` makes in the same
// layout: the same target generator and TinyGo build, Debian's armhf libcurl over OpenSSL, and
// the double as libapplibs/libtlsutils, seeded through AZSG_STANDIN_* (.ci/standin/seed.c).
// Its shape is not the device's: TestDevicePrograms and .ci/tinygo.sh check the shape and size
// of the same program against the musl stand-in. The test needs AZSPHERE_GLIBC_SYSROOT (skips
// without it), tinygo and qemu-arm (with AZSPHERE_GLIBC_SYSROOT set and CI=true, a missing
// tool fails it).
func TestBootstrapDevice(t *testing.T) {
	tc := needGlibc(t)
	bin := tc.buildPackage(t, Options{}, "./examples/bootstrap-device")
	w := newIssuer(t)
	args := manifestArgs(t, w.URL)

	t.Run("enrolls", func(t *testing.T) {
		before := w.Requests.Load()
		// The double has no cipher: it accepts the encrypted key only with the password it
		// is told, the one the service sends.
		out, code := tc.runProgram(t, bin, args, w.env("AZSG_STANDIN_DAA="+w.daaCert+":"+w.daaKey, "AZSG_STANDIN_REPORT=EapTls",
			"AZSG_STANDIN_KEY_PASSWORD="+keyPassword, "AZSG_STANDIN_MEMORY=1"))
		if code != 0 {
			t.Fatalf("exit status %d, want 0:\n%s", code, out)
		}
		if n := w.Requests.Load() - before; n != 1 {
			t.Errorf("%d enrollments, want 1", n)
		}
		// The program's own steps, then the double's state as the C API shows it at exit and
		// after a reboot (the persisted configuration).
		// The memory at exit is glibc's, OpenSSL's and libcurl's as much as the program's: a
		// figure for the log, not for the device.
		if m := residentRE.FindString(out); m != "" {
			t.Logf("glibc test sysroot, %s", strings.TrimSpace(m))
			out = strings.Replace(out, m, "", 1)
		}
		got := installedRE.ReplaceAllString(out, "(<bytes> of")
		golden := filepath.Join("..", "..", "..", "examples", "bootstrap-device", "testdata", "device.txt")
		checkGolden(t, golden, got)
		// The space the program reports installing is what the service sent.
		if m := installedRE.FindStringSubmatch(out); m == nil || m[1] != strconv.Itoa(int(w.IssuedBytes.Load())) {
			t.Errorf("the program reports installing %v bytes; the service sent %d", m, w.IssuedBytes.Load())
		}
	})

	t.Run("not attested", func(t *testing.T) {
		before := w.Requests.Load()
		// DeviceAuthSslResult_GetTenantCertificateError (2).
		out, code := tc.runProgram(t, bin, args, w.env("AZSG_STANDIN_DAA="+w.daaCert+":"+w.daaKey+":2", "AZSG_STANDIN_REPORT=1"))
		t.Logf("exit status %d:\n%s", code, out)
		if code != 1 || !strings.Contains(out, "CURLE_SSL_CERTPROBLEM") || !strings.Contains(out, "GetTenantCertificateError") {
			t.Errorf("exit status %d, output:\n%s\nwant 1 and CURLE_SSL_CERTPROBLEM with DeviceAuthSslResult GetTenantCertificateError", code, out)
		}
		if n := w.Requests.Load() - before; n != 0 || !strings.Contains(out, "stand-in state: 0 certificates") {
			t.Errorf("%d enrollments; output:\n%s\nwant none and no certificates", n, out)
		}
	})

	t.Run("untrusted service", func(t *testing.T) {
		untrusted := slices.Clone(args)
		untrusted[slices.Index(untrusted, "-roots")+1] = "certs/other-root.pem"
		out, code := tc.runProgram(t, bin, untrusted, w.env("AZSG_STANDIN_DAA="+w.daaCert+":"+w.daaKey, "AZSG_STANDIN_REPORT=1"))
		t.Logf("exit status %d:\n%s", code, out)
		if code != 1 || !strings.Contains(out, "CURLE_PEER_FAILED_VERIFICATION") || !strings.Contains(out, "stand-in state: 0 certificates") {
			t.Errorf("exit status %d, output:\n%s\nwant 1, CURLE_PEER_FAILED_VERIFICATION and no certificates", code, out)
		}
	})

	t.Run("waits for device authentication", func(t *testing.T) {
		before := w.Requests.Load()
		// The double starts not attested; -wait bounds the program's wait (a deadline it
		// polls: the target's default scheduler has no goroutines for timers).
		out, code := tc.runProgram(t, bin, append(slices.Clone(args), "-wait", "1s"), w.env("AZSG_STANDIN_REPORT=1"))
		t.Logf("exit status %d:\n%s", code, out)
		if code != 1 || !strings.Contains(out, "waiting for device authentication: context deadline exceeded") {
			t.Errorf("exit status %d, output:\n%s\nwant 1 and a wait for device authentication that ended", code, out)
		}
		if n := w.Requests.Load() - before; n != 0 || !strings.Contains(out, "DeviceAuth_SslCtxFunc calls: 0") {
			t.Errorf("%d enrollments; output:\n%s\nwant none and no DeviceAuth_SslCtxFunc call", n, out)
		}
	})
}

// TestBootstrapDeviceShape builds examples/bootstrap-device for the device against the
// AZSPHERE_SYSROOT (the musl stand-in, or the SDK's sysroot), checks its shape, NEEDED
// libcurl.so.4 included, and runs it against the stand-in, whose libcurl is a stub that fails
// every call: the program gets as far as its request. TestBootstrapDevice runs it end to end.
func TestBootstrapDeviceShape(t *testing.T) {
	tc := need(t)
	bin := tc.buildPackage(t, Options{}, "./examples/bootstrap-device")
	checkShape(t, bin, []string{"libc.so", "libapplibs.so", "libtlsutils.so", "libcurl.so.4"})
	if !tc.standin {
		t.Skipf("%s is the SDK's sysroot, not a stand-in: its libraries need the device", tc.sysroot)
	}
	args := manifestArgs(t, "https://127.0.0.1:9/enroll")
	out, code := tc.runProgram(t, bin, append(args, "-wait", "5s"), []string{"AZSG_STANDIN_DAA=:", "AZSG_STANDIN_REPORT=1"})
	t.Logf("exit status %d:\n%s", code, out)
	want := "[1] Device authentication is ready.\nbootstrap-device: curl GET https://127.0.0.1:9/enroll: curl_global_init failed\n"
	if code != 1 || !strings.HasPrefix(out, want) || !strings.Contains(out, "stand-in state: ABI violations: 0") {
		t.Errorf("exit status %d, output:\n%s\nwant 1, output starting with\n%sand no ABI violations", code, out, want)
	}
}

var residentRE = regexp.MustCompile(`resident writable memory: \d+ KiB\n`)

// installedRE matches the byte count in step [3] of bootstrap-device's output, which depends
// on the sizes of the freshly issued certificate and key.
var installedRE = regexp.MustCompile(`\((\d+) of`)

// needGlibc returns the toolchain with the glibc test sysroot, or skips (fails in CI) as need
// does.
func needGlibc(t *testing.T) toolchain {
	t.Helper()
	sysroot := os.Getenv("AZSPHERE_GLIBC_SYSROOT")
	if sysroot == "" {
		t.Skip("AZSPHERE_GLIBC_SYSROOT is not set: make a glibc test sysroot with .ci/standin-sysroot.sh -glibc DIR " +
			"(CI: .ci/tinygo.sh)")
	}
	if err := CheckSysroot(sysroot); err != nil {
		t.Fatalf("AZSPHERE_GLIBC_SYSROOT: %v", err)
	}
	if _, err := os.Stat(filepath.Join(sysroot, "usr", "lib", "libcurl.so")); err != nil {
		t.Fatalf("AZSPHERE_GLIBC_SYSROOT: no usr/lib/libcurl.so: make it with .ci/standin-sysroot.sh -glibc DIR")
	}
	tc := toolchain{sysroot: sysroot, standin: true}
	tc.tinygo = os.Getenv("TINYGO")
	if tc.tinygo == "" {
		var err error
		if tc.tinygo, err = exec.LookPath("tinygo"); err != nil {
			missing(t, "tinygo not found: install TinyGo 0.33, put it on PATH or set TINYGO to its path")
		}
	}
	return tc
}

// missing skips the test for a missing tool, or fails it in CI.
func missing(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(what)
	}
	t.Skip(what)
}

// runProgram runs prog under qemu-arm with the sysroot as its root, with args and extra
// environment variables, and returns its output (stdout, then stderr) and exit status.
func (tc toolchain) runProgram(t *testing.T, prog string, args, env []string) (string, int) {
	t.Helper()
	qemu, err := exec.LookPath("qemu-arm")
	if err != nil {
		missing(t, "qemu-arm not found: install qemu-user")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, qemu, append([]string{"-L", tc.sysroot, prog}, args...)...)
	// Only env sets up the double (.ci/tinygo.sh exports some AZSG_STANDIN_* for its own runs).
	cmd.Env = append(append(os.Environ(), "AZSG_STANDIN_ROOTCA=", "AZSG_STANDIN_DAA=", "AZSG_STANDIN_REPORT=",
		"AZSG_STANDIN_MEMORY=", "AZSG_STANDIN_IMAGE=", "AZSG_STANDIN_KEY_PASSWORD=", "AZSG_STANDIN_AP="), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return stdout.String() + stderr.String(), 0
	case errors.As(err, &exit) && ctx.Err() == nil:
		return stdout.String() + stderr.String(), exit.ExitCode()
	default:
		t.Fatalf("qemu-arm %s: %v\n%s%s", filepath.Base(prog), err, stdout.Bytes(), stderr.Bytes())
		return "", -1
	}
}

// manifestArgs returns the program's arguments from its app_manifest.json (CmdArgs), with the
// enrollment URL replaced by url.
func manifestArgs(t *testing.T, url string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", "bootstrap-device", "approot", "app_manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ CmdArgs []string }
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	i := slices.Index(m.CmdArgs, "-url")
	if i < 0 || i+1 >= len(m.CmdArgs) || !slices.Contains(m.CmdArgs, "-roots") {
		t.Fatalf("CmdArgs %q: want -url URL and -roots FILE", m.CmdArgs)
	}
	m.CmdArgs[i+1] = url
	return m.CmdArgs
}

// The device's identity in the issuing service's view (the DAA certificate's common name),
// and what the service issues for it: the network's SSID and the password of the key.
const (
	deviceID = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff" +
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	eapSSID     = "Contoso-Secure"
	keyPassword = "pw-for-00112233"
)

// issuer is the local issuing service (internal/enrolltest) and the device's DAA identity, as
// files: the PKI of one TestBootstrapDevice run.
type issuer struct {
	*enrolltest.Service
	daaCert, daaKey string // the double's test DAA certificate and key (PEM files)
	image           string // the stand-in's image package directory (AZSG_STANDIN_IMAGE)
}

// newIssuer starts the issuing service on 127.0.0.1 (qemu-user programs share the host's
// network). The service's root CA is written into an image package directory
// (AZSG_STANDIN_IMAGE) as certs/issuer-root.pem, the path in the program's CmdArgs, and a CA
// that did not issue the service's certificate as certs/other-root.pem.
func newIssuer(t *testing.T) *issuer {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		f := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(f), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	svc := enrolltest.Start(t, enrolltest.Options{DeviceID: deviceID, KeyPassword: keyPassword, SSID: eapSSID})
	w := &issuer{
		Service: svc,
		daaCert: write("daa/cert.pem", svc.DAA.CertPEM),
		daaKey:  write("daa/key.pem", svc.DAA.MustKeyPEM(pkitest.PKCS8, nil)),
		image:   filepath.Join(dir, "image"),
	}
	write("image/certs/issuer-root.pem", svc.ServiceCA.CertPEM)
	write("image/certs/other-root.pem", svc.OtherCA.CertPEM)
	return w
}

// env returns the environment of a run: the image package and vars.
func (w *issuer) env(vars ...string) []string {
	return append([]string{"AZSG_STANDIN_IMAGE=" + w.image}, vars...)
}
