package eaplab

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/internal/wpactrl"
)

// Install is the command that installs what a Lab needs.
const Install = "apt-get install -y hostapd wpasupplicant iproute2"

// Check reports what is missing to run a Lab, or nil.
func Check() error {
	var missing []string
	if os.Geteuid() != 0 {
		missing = append(missing, "root")
	}
	for _, bin := range []string{"hostapd", "wpa_supplicant", "ip"} {
		if _, err := lookPath(bin); err != nil {
			missing = append(missing, bin)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("eaplab: missing %s", strings.Join(missing, ", "))
	}
	return nil
}

func lookPath(bin string) (string, error) {
	if p, err := exec.LookPath(bin); err == nil {
		return p, nil
	}
	for _, d := range []string{"/usr/sbin", "/sbin"} {
		p := filepath.Join(d, bin)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found", bin)
}

// Require skips t when a Lab cannot run here, with a message saying what to install; when
// the environment variable CI is "true" it fails t instead.
func Require(t testing.TB) {
	t.Helper()
	if err := Check(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: CI must run as root with %s", err, Install)
		}
		t.Skipf("needs root and hostapd, wpasupplicant, iproute2 (%v): %s", err, Install)
	}
}

// ServerPKI is what the authenticator uses: the CA whose client certificates it accepts, and
// its own certificate and unencrypted key, all PEM.
type ServerPKI struct {
	ClientCA   []byte
	ServerCert []byte
	ServerKey  []byte
}

// Lab is a running authenticator and supplicant.
type Lab struct {
	t       testing.TB
	Dir     string // scratch directory (configs, logs, control sockets)
	id      string
	NSAuth  string // namespace of hostapd
	NSSupp  string // namespace of wpa_supplicant
	IfAuth  string // hostapd's veth end
	IfSupp  string // wpa_supplicant's veth end
	hostapd *daemon
	wpa     *daemon
}

// daemon is a started process and the channel closed when it has been reaped.
type daemon struct {
	cmd  *exec.Cmd
	done chan struct{}
}

// New creates the namespaces and the veth pair, starts hostapd with pki and wpa_supplicant
// with a configuration holding only its global settings (ctrl_interface, ap_scan=0,
// eapol_version=2, update_config=1), and waits for both control sockets. Cleanup stops both
// and deletes the namespaces.
func New(t testing.TB, pki ServerPKI) *Lab {
	t.Helper()
	Require(t)
	var b [3]byte
	rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	dir, err := os.MkdirTemp("", "eaplab-"+id+"-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	l := &Lab{t: t, Dir: dir, id: id, NSAuth: "eapa-" + id, NSSupp: "eaps-" + id,
		IfAuth: "ea" + id, IfSupp: "es" + id}
	t.Cleanup(l.teardown)
	steps := [][]string{
		{"netns", "add", l.NSAuth},
		{"netns", "add", l.NSSupp},
		{"link", "add", l.IfAuth, "type", "veth", "peer", "name", l.IfSupp},
		{"link", "set", l.IfAuth, "netns", l.NSAuth},
		{"link", "set", l.IfSupp, "netns", l.NSSupp},
		{"-n", l.NSAuth, "link", "set", l.IfAuth, "up"},
		{"-n", l.NSSupp, "link", "set", l.IfSupp, "up"},
	}
	for _, s := range steps {
		if out, err := exec.Command("ip", s...).CombinedOutput(); err != nil {
			t.Fatalf("eaplab: ip %s: %v: %s", strings.Join(s, " "), err, out)
		}
	}
	l.StartHostapd(pki)
	if err := l.startSupplicant(); err != nil {
		t.Fatal(err)
	}
	return l
}

// CtrlDir is wpa_supplicant's ctrl_interface directory.
func (l *Lab) CtrlDir() string { return filepath.Join(l.Dir, "wpa") }

// CtrlPath is the control socket of wpa_supplicant's interface.
func (l *Lab) CtrlPath() string { return filepath.Join(l.CtrlDir(), l.IfSupp) }

// ConfigPath is wpa_supplicant's configuration file.
func (l *Lab) ConfigPath() string { return filepath.Join(l.Dir, "wpa_supplicant.conf") }

func (l *Lab) write(name string, data []byte, mode os.FileMode) (string, error) {
	p := filepath.Join(l.Dir, name)
	if err := os.WriteFile(p, data, mode); err != nil {
		return "", fmt.Errorf("eaplab: %w", err)
	}
	return p, nil
}

// StartHostapd starts hostapd with pki, stopping a hostapd already running: a server that
// switches to a new PKI. It fails the Lab's test when hostapd does not come up.
func (l *Lab) StartHostapd(pki ServerPKI) {
	l.t.Helper()
	if err := l.RestartHostapd(pki); err != nil {
		l.t.Fatal(err)
	}
}

// RestartHostapd is StartHostapd returning an error instead of failing the Lab's test, for
// callers that run on another test's goroutine (subtests sharing one Lab, one at a time).
// The new hostapd knows nothing of earlier exchanges: it has no sessions and holds back no
// supplicant after a failure.
func (l *Lab) RestartHostapd(pki ServerPKI) error {
	if l.hostapd != nil {
		stop(l.hostapd)
		l.hostapd = nil
	}
	var paths [4]string
	for i, f := range []struct {
		name string
		data []byte
		mode os.FileMode
	}{
		{"server-ca.pem", pki.ClientCA, 0o644},
		{"server-cert.pem", pki.ServerCert, 0o644},
		{"server-key.pem", pki.ServerKey, 0o600},
		{"eap_users", []byte("* TLS\n"), 0o644},
	} {
		p, err := l.write(f.name, f.data, f.mode)
		if err != nil {
			return err
		}
		paths[i] = p
	}
	conf := fmt.Sprintf(`driver=wired
interface=%s
ctrl_interface=%s
ieee8021x=1
eapol_version=2
use_pae_group_addr=1
eap_reauth_period=0
eap_server=1
eap_user_file=%s
ca_cert=%s
server_cert=%s
private_key=%s
`, l.IfAuth, filepath.Join(l.Dir, "hostapd"), paths[3], paths[0], paths[1], paths[2])
	path, err := l.write("hostapd.conf", []byte(conf), 0o600)
	if err != nil {
		return err
	}
	// A killed hostapd leaves its socket behind; waitSocket must see the new one.
	os.Remove(filepath.Join(l.Dir, "hostapd", l.IfAuth))
	d, err := l.start("hostapd.log", "ip", "netns", "exec", l.NSAuth, mustPath("hostapd"), "-d", path)
	if err != nil {
		return err
	}
	l.hostapd = d
	return l.waitReady(filepath.Join(l.Dir, "hostapd", l.IfAuth), d, "hostapd.log")
}

func (l *Lab) startSupplicant() error {
	conf := fmt.Sprintf("ctrl_interface=%s\nap_scan=0\neapol_version=2\nupdate_config=1\n", l.CtrlDir())
	path, err := l.write("wpa_supplicant.conf", []byte(conf), 0o600)
	if err != nil {
		return err
	}
	d, err := l.start("wpa_supplicant.log", "ip", "netns", "exec", l.NSSupp, mustPath("wpa_supplicant"),
		"-D", "wired", "-i", l.IfSupp, "-c", path, "-d", "-t")
	if err != nil {
		return err
	}
	l.wpa = d
	return l.waitReady(l.CtrlPath(), d, "wpa_supplicant.log")
}

func mustPath(bin string) string {
	p, err := lookPath(bin)
	if err != nil {
		return bin
	}
	return p
}

func (l *Lab) start(logName string, args ...string) (*daemon, error) {
	logf, err := os.Create(filepath.Join(l.Dir, logName))
	if err != nil {
		return nil, fmt.Errorf("eaplab: %w", err)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("eaplab: start %s: %w", args, err)
	}
	logf.Close()
	d := &daemon{cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); close(d.done) }()
	return d, nil
}

// waitSocket polls for a control socket: the daemons create it once initialised.
func (l *Lab) waitSocket(path string, d *daemon, logName string) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil {
			return nil
		}
		select {
		case <-d.done:
			return fmt.Errorf("eaplab: %s exited; log:\n%s", logName, l.Log(logName))
		case <-time.After(10 * time.Millisecond):
		}
	}
	return fmt.Errorf("eaplab: %s did not appear; log:\n%s", path, l.Log(logName))
}

// waitReady waits for the daemon's control socket and then for an answer to PING: the daemon
// runs its event loop, so its driver (and the EAPOL socket) is set up.
func (l *Lab) waitReady(path string, d *daemon, logName string) error {
	if err := l.waitSocket(path, d, logName); err != nil {
		return err
	}
	c, err := wpactrl.Dial(path, "")
	if err != nil {
		return fmt.Errorf("eaplab: %w", err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		if r, err := c.Request(ctx, "PING"); err == nil && r == "PONG" {
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return fmt.Errorf("eaplab: %s does not answer PING; log:\n%s", path, l.Log(logName))
}

// LogContains reports whether a daemon's whole log ("hostapd.log" or "wpa_supplicant.log")
// contains s. hostapd logs the subject of each client certificate it verifies.
func (l *Lab) LogContains(name, s string) bool {
	b, _ := os.ReadFile(filepath.Join(l.Dir, name))
	return strings.Contains(string(b), s)
}

// Log returns the tail of a daemon's log ("hostapd.log" or "wpa_supplicant.log").
func (l *Lab) Log(name string) string {
	b, _ := os.ReadFile(filepath.Join(l.Dir, name))
	if len(b) > 8000 {
		b = b[len(b)-8000:]
	}
	return string(b)
}

// stop kills d by its PID (`ip netns exec` execs the daemon in place, so the PID is the
// daemon's) and waits until it has been reaped.
func stop(d *daemon) {
	if d == nil {
		return
	}
	d.cmd.Process.Kill()
	<-d.done
}

func (l *Lab) teardown() {
	stop(l.wpa)
	stop(l.hostapd)
	exec.Command("ip", "netns", "del", l.NSAuth).Run()
	exec.Command("ip", "netns", "del", l.NSSupp).Run()
	if l.t.Failed() {
		l.t.Logf("eaplab: hostapd log tail:\n%s", l.Log("hostapd.log"))
		l.t.Logf("eaplab: wpa_supplicant log tail:\n%s", l.Log("wpa_supplicant.log"))
	}
	if os.Getenv("EAPLAB_KEEP") != "" {
		l.t.Logf("eaplab: kept %s (EAPLAB_KEEP)", l.Dir)
		return
	}
	os.RemoveAll(l.Dir)
}
