package wpa_test

import (
	"context"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/filestore"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/wpa"
	"github.com/google/go-cmp/cmp"
)

// fakeSupplicant answers the control-interface commands the backend sends, as wpa_supplicant
// 2.10 does, and lets a test send events and set what STATUS reports. It runs on any machine.
type fakeSupplicant struct {
	t    *testing.T
	c    *net.UnixConn
	path string
	done chan struct{}

	mu       sync.Mutex
	nets     map[int]map[string]string
	enabled  map[int]bool
	selected []int // SELECT_NETWORK history
	attached []*net.UnixAddr
	status   string // STATUS reply
	log      []string
	fail     map[string]string // command prefix -> reply, consumed by the next matching command
	bss      []string          // SCAN_RESULTS lines after the header
}

func newFakeSupplicant(t *testing.T) *fakeSupplicant {
	t.Helper()
	dir, err := os.MkdirTemp("", "fakewpa-")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "wlan0")
	c, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeSupplicant{t: t, c: c, path: path, done: make(chan struct{}), nets: map[int]map[string]string{},
		enabled: map[int]bool{}, status: "wpa_state=DISCONNECTED\n"}
	go f.serve()
	t.Cleanup(func() { c.Close(); <-f.done; os.RemoveAll(dir) })
	return f
}

func (f *fakeSupplicant) serve() {
	defer close(f.done)
	buf := make([]byte, 4096)
	for {
		n, from, err := f.c.ReadFromUnix(buf)
		if err != nil {
			return
		}
		reply := f.handle(string(buf[:n]), from)
		f.c.WriteToUnix([]byte(reply), from)
	}
}

func (f *fakeSupplicant) handle(cmd string, from *net.UnixAddr) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.log = append(f.log, cmd)
	for prefix, reply := range f.fail {
		if strings.HasPrefix(cmd, prefix) {
			delete(f.fail, prefix)
			return reply
		}
	}
	w := strings.SplitN(cmd, " ", 4)
	id := -1
	if len(w) > 1 {
		id, _ = strconv.Atoi(w[1])
	}
	switch w[0] {
	case "PING":
		return "PONG\n"
	case "ATTACH":
		f.attached = append(f.attached, from)
		return "OK\n"
	case "SET":
		return "OK\n"
	case "ADD_NETWORK":
		// wpa_config_add_network: one more than the highest id in use.
		id := 0
		for k := range f.nets {
			id = max(id, k+1)
		}
		f.nets[id] = map[string]string{}
		return strconv.Itoa(id) + "\n"
	case "SET_NETWORK":
		if _, ok := f.nets[id]; !ok || len(w) < 4 {
			return "FAIL\n"
		}
		f.nets[id][w[2]] = w[3]
		return "OK\n"
	case "REMOVE_NETWORK":
		if w[1] == "all" {
			f.nets = map[int]map[string]string{}
			f.enabled = map[int]bool{}
			return "OK\n"
		}
		if _, ok := f.nets[id]; !ok {
			return "FAIL\n"
		}
		delete(f.nets, id)
		delete(f.enabled, id)
		return "OK\n"
	case "SELECT_NETWORK":
		if _, ok := f.nets[id]; !ok {
			return "FAIL\n"
		}
		f.enabled = map[int]bool{id: true}
		f.selected = append(f.selected, id)
		return "OK\n"
	case "DISABLE_NETWORK":
		if w[1] == "all" {
			f.enabled = map[int]bool{}
		} else {
			delete(f.enabled, id)
		}
		return "OK\n"
	case "STATUS":
		return f.status
	case "SIGNAL_POLL":
		return "FAIL\n"
	case "SCAN":
		// The results come a moment later, as an event to the attached monitors.
		go func() {
			time.Sleep(10 * time.Millisecond)
			f.event("<2>CTRL-EVENT-SCAN-RESULTS ")
		}()
		return "OK\n"
	case "SCAN_RESULTS":
		return "bssid / frequency / signal level / flags / ssid\n" + strings.Join(f.bss, "\n")
	}
	return "UNKNOWN COMMAND\n"
}

// event sends an event line to every attached monitor.
func (f *fakeSupplicant) event(line string) {
	f.mu.Lock()
	to := append([]*net.UnixAddr(nil), f.attached...)
	f.mu.Unlock()
	for _, a := range to {
		f.c.WriteToUnix([]byte(line), a)
	}
}

// setBSS sets the access points SCAN_RESULTS reports, one line each.
func (f *fakeSupplicant) setBSS(lines ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.bss = lines
}

// failNext makes the next command starting with prefix get reply instead of its answer.
func (f *fakeSupplicant) failNext(prefix, reply string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail == nil {
		f.fail = map[string]string{}
	}
	f.fail[prefix] = reply
}

// networkCount returns how many networks the daemon has.
func (f *fakeSupplicant) networkCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.nets)
}

func (f *fakeSupplicant) lastSelected() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.selected) == 0 {
		return -1
	}
	return f.selected[len(f.selected)-1]
}

func (f *fakeSupplicant) network(id int) map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]string{}
	for k, v := range f.nets[id] {
		out[k] = v
	}
	return out
}

// idOf returns the daemon id of the network whose id_str is name, or -1.
func (f *fakeSupplicant) idOf(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	for id, n := range f.nets {
		if n["id_str"] == strconv.Quote(name) {
			return id
		}
	}
	return -1
}

// authenticated makes STATUS report wpa network id authenticated over 802.1X.
func (f *fakeSupplicant) authenticated(id int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status = fmt.Sprintf("bssid=01:80:c2:00:00:03\nfreq=0\nssid=x\nid=%d\nwpa_state=COMPLETED\nSupplicant PAE state=AUTHENTICATED\nsuppPortStatus=Authorized\nEAP state=SUCCESS\n", id)
}

type fakeRig struct {
	f     *fakeSupplicant
	fs    *filestore.Store
	certs *certstore.Store
	b     *wpa.Backend
	cfg   *wificonfig.Config
	state string
	opts  []wpa.Option
}

func newFakeRig(t *testing.T) *fakeRig {
	t.Helper()
	return newFakeRigWith(t, wpa.Wired())
}

// newFakeRigWith opens the backend with opts (newFakeRig uses the wired driver; Wi-Fi
// scanning needs a rig without it).
func newFakeRigWith(t *testing.T, opts ...wpa.Option) *fakeRig {
	t.Helper()
	r := &fakeRig{f: newFakeSupplicant(t), state: t.TempDir(), opts: opts}
	var err error
	if r.fs, err = filestore.Open(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.fs.Close() })
	r.certs = certstore.New(r.fs)
	r.open(t)
	return r
}

func (r *fakeRig) open(t *testing.T) {
	t.Helper()
	b, err := wpa.Open(context.Background(), r.f.path, r.fs, r.state, r.opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	r.b, r.cfg = b, wificonfig.New(b)
}

// eventually polls cond: the backend handles events on its own goroutine.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func mustNoErr(t *testing.T, errs ...error) {
	t.Helper()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func (r *fakeRig) eapNetwork(t *testing.T, name string) int {
	t.Helper()
	id, err := r.cfg.AddNetwork()
	mustNoErr(t, err)
	mustNoErr(t, r.cfg.SetSSID(id, []byte(name)), r.cfg.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS),
		r.cfg.SetClientIdentity(id, "dev"), r.cfg.SetClientCertStoreIdentifier(id, "Client"),
		r.cfg.SetRootCACertStoreIdentifier(id, "Root"), r.cfg.SetConfigName(id, name), r.cfg.SetNetworkEnabled(id, true))
	return id
}

func (r *fakeRig) installCerts(t *testing.T) {
	t.Helper()
	ca := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Fake Root"}})
	dev := ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "fake device"}})
	mustNoErr(t, r.certs.InstallRootCACertificate("Root", ca.CertPEM),
		r.certs.InstallClientCertificate("Client", dev.CertPEM, dev.MustKeyPEM(pkitest.PKCS8, nil), nil))
}

func TestFakeNetworkSettings(t *testing.T) {
	r := newFakeRig(t)
	r.installCerts(t)
	id := r.eapNetwork(t, "Net1")
	wid := r.f.idOf("Net1")
	got := r.f.network(wid)
	for k, want := range map[string]string{"ssid": `"Net1"`, "key_mgmt": "IEEE8021X", "eap": "TLS", "identity": `"dev"`, "eapol_flags": "0", "id_str": `"Net1"`} {
		if got[k] != want {
			t.Errorf("daemon network %s = %q, want %q", k, got[k], want)
		}
	}
	// Certificates are links into the state directory, not the store's own files; the key
	// keeps mode 0600.
	key, err := strconv.Unquote(got["private_key"])
	mustNoErr(t, err)
	if !strings.HasPrefix(key, r.state) {
		t.Errorf("private_key %q is not under the state directory %q", key, r.state)
	}
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key snapshot: %v, %v", fi, err)
	}
	if r.f.lastSelected() != wid {
		t.Errorf("selected = %d, want %d", r.f.lastSelected(), wid)
	}
	// A non-printable SSID goes as hex.
	mustNoErr(t, r.cfg.SetSSID(id, []byte{0xff, 'a'}))
	if got := r.f.network(wid)["ssid"]; got != "ff61" {
		t.Errorf("ssid = %q, want ff61", got)
	}
	if s, err := r.cfg.GetClientCertStoreIdentifier(id); err != nil || s != "Client" {
		t.Errorf("GetClientCertStoreIdentifier = %q, %v", s, err)
	}
	if err := r.cfg.SetPSK(id, "short"); !errors.Is(err, syscall.ERANGE) && !errors.Is(err, syscall.EINVAL) {
		t.Errorf("SetPSK(short) = %v", err)
	}
	if _, err := r.cfg.GetNetworkDiagnostics(id); !errors.Is(err, syscall.ENODEV) {
		t.Errorf("diagnostics without failure = %v, want ENODEV", err)
	}
	if _, err := r.cfg.GetConnectedNetworkID(); !errors.Is(err, syscall.ENOTCONN) {
		t.Errorf("GetConnectedNetworkID = %v, want ENOTCONN", err)
	}
	r.f.authenticated(wid)
	if got, err := r.cfg.GetConnectedNetworkID(); err != nil || got != id {
		t.Errorf("GetConnectedNetworkID = %d, %v; want %d", got, err, id)
	}
	cur, err := r.cfg.GetCurrentNetwork()
	mustNoErr(t, err)
	if cur.BSSID != (wificonfig.BSSID{0x01, 0x80, 0xc2, 0, 0, 3}) {
		t.Errorf("BSSID = %v", cur.BSSID)
	}
	if err := r.cfg.SetNetworkEnabled(5, true); !errors.Is(err, syscall.ENODEV) {
		t.Errorf("SetNetworkEnabled(5) = %v, want ENODEV", err)
	}
}

// TestFakeFailover checks the device's behaviour that wpa_supplicant lacks: after an EAP
// failure the next enabled network is selected, with diagnostics for the failed one.
func TestFakeFailover(t *testing.T) {
	r := newFakeRig(t)
	r.installCerts(t)
	n1 := r.eapNetwork(t, "Net1")
	n2, err := r.cfg.AddDuplicateNetwork(n1, "Net2")
	mustNoErr(t, err)
	if _, err := r.cfg.AddDuplicateNetwork(n1, "Net2"); !errors.Is(err, syscall.EEXIST) {
		t.Errorf("duplicate name = %v, want EEXIST", err)
	}
	mustNoErr(t, r.cfg.SetNetworkEnabled(n2, true))
	w1, w2 := r.f.idOf("Net1"), r.f.idOf("Net2")
	if got := r.f.lastSelected(); got != w1 {
		t.Fatalf("selected %d, want Net1's daemon id %d", got, w1)
	}
	// Net1's server certificate is rejected.
	r.f.event("<3>CTRL-EVENT-EAP-STARTED EAP authentication started")
	r.f.event("<3>CTRL-EVENT-EAP-TLS-CERT-ERROR reason=1 depth=1 subject='/CN=New Root' err='unable to get local issuer certificate'")
	r.f.event("<3>CTRL-EVENT-EAP-FAILURE EAP authentication failed")
	eventually(t, "Net2 selected", func() bool { return r.f.lastSelected() == w2 })
	d, err := r.cfg.GetNetworkDiagnostics(n1)
	mustNoErr(t, err)
	want := wificonfig.NetworkDiagnostics{IsEnabled: true, Error: wificonfig.DiagnosticErrorAuthenticationFailed,
		CertError: wificonfig.CertErrorInvalidRootCA, CertDepth: 1, CertSubject: "/CN=New Root", Timestamp: d.Timestamp}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("Net1 diagnostics (-want +got):\n%s", diff)
	}
	// Net2 is rejected by the server: InvalidClientAuth, and back to Net1.
	r.f.event("<3>CTRL-EVENT-EAP-STARTED EAP authentication started")
	r.f.event("<3>CTRL-EVENT-EAP-FAILURE EAP authentication failed")
	eventually(t, "Net1 selected again", func() bool { return r.f.lastSelected() == w1 })
	d, err = r.cfg.GetNetworkDiagnostics(n2)
	mustNoErr(t, err)
	if d.Error != wificonfig.DiagnosticErrorAuthenticationFailed || d.CertError != wificonfig.CertErrorInvalidClientAuth || d.CertDepth != -1 {
		t.Errorf("Net2 diagnostics = %+v", d)
	}
	// Disabling the selected network moves on as well.
	mustNoErr(t, r.cfg.SetNetworkEnabled(n1, false))
	if got := r.f.lastSelected(); got != w2 {
		t.Errorf("after disabling Net1 selected %d, want %d", got, w2)
	}
	mustNoErr(t, r.cfg.ForgetNetworkByID(n2))
	if n, _ := r.cfg.GetStoredNetworkCount(); n != 1 {
		t.Errorf("count = %d, want 1", n)
	}
}

func TestFakePersistReload(t *testing.T) {
	r := newFakeRig(t)
	r.installCerts(t)
	id, err := r.cfg.AddNetwork()
	mustNoErr(t, err)
	if err := r.cfg.PersistConfig(); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("PersistConfig with a network without SSID = %v, want EINVAL", err)
	}
	mustNoErr(t, r.cfg.SetSSID(id, []byte("home")), r.cfg.SetSecurityType(id, wificonfig.SecurityWPA2PSK),
		r.cfg.SetPSK(id, "correct horse"), r.cfg.SetNetworkEnabled(id, true), r.cfg.SetConfigName(id, "Home"))
	if got := r.f.network(r.f.idOf("Home"))["psk"]; got != `"correct horse"` {
		t.Errorf("psk = %q", got)
	}
	mustNoErr(t, r.cfg.PersistConfig())
	fi, err := os.Stat(filepath.Join(r.state, "networks.json"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("networks.json: %v, %v", fi, err)
	}
	// An unsaved change is dropped by ReloadConfig.
	_, err = r.cfg.AddNetwork()
	mustNoErr(t, err)
	mustNoErr(t, r.cfg.ReloadConfig())
	if n, _ := r.cfg.GetStoredNetworkCount(); n != 1 {
		t.Errorf("after reload count = %d, want 1", n)
	}
	if got, err := r.cfg.GetNetworkIDByConfigName("Home"); err != nil || got != 0 {
		t.Errorf("GetNetworkIDByConfigName = %d, %v", got, err)
	}
	// A new backend ("reboot") loads the stored configuration.
	mustNoErr(t, r.b.Close())
	// Regression: a closed backend reported EAGAIN, which callers are told to retry.
	if err := r.cfg.ReloadConfig(); !errors.Is(err, net.ErrClosed) || !errors.Is(err, os.ErrClosed) || errors.Is(err, syscall.EAGAIN) {
		t.Errorf("ReloadConfig after Close = %v, want an error wrapping net.ErrClosed and os.ErrClosed, not EAGAIN", err)
	}
	r.open(t)
	nets, err := r.cfg.GetStoredNetworks()
	mustNoErr(t, err)
	want := []wificonfig.StoredNetwork{{SSID: []byte("home"), IsEnabled: true, Security: wificonfig.SecurityWPA2PSK}}
	if diff := cmp.Diff(want, nets); diff != "" {
		t.Errorf("after reboot (-want +got):\n%s", diff)
	}
	mustNoErr(t, r.cfg.ForgetAllNetworks())
	mustNoErr(t, r.b.Close())
	r.open(t)
	if n, _ := r.cfg.GetStoredNetworkCount(); n != 0 {
		t.Errorf("after ForgetAllNetworks and reboot count = %d", n)
	}
}

func TestFakeMissingCertificate(t *testing.T) {
	r := newFakeRig(t)
	id := r.eapNetwork(t, "Net1") // no certificates installed
	d, err := r.cfg.GetNetworkDiagnostics(id)
	mustNoErr(t, err)
	if d.Error != wificonfig.DiagnosticErrorAuthenticationFailed || d.CertError != wificonfig.CertErrorNotFound {
		t.Errorf("diagnostics = %+v", d)
	}
	if got := r.f.lastSelected(); got != -1 {
		t.Errorf("a network without its certificates was selected (%d)", got)
	}
	// Installing the certificates takes effect at ReloadConfig (or enabling), as on the device.
	r.installCerts(t)
	mustNoErr(t, r.cfg.PersistConfig(), r.cfg.ReloadConfig())
	if got, want := r.f.lastSelected(), r.f.idOf("Net1"); got != want || want < 0 {
		t.Errorf("after install and reload selected %d, want %d", got, want)
	}
}

func TestFakeContextCancel(t *testing.T) {
	r := newFakeRig(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := wificonfig.New(r.b.WithContext(ctx)).AddNetwork()
	if !errors.Is(err, syscall.EAGAIN) || !errors.Is(err, context.Canceled) {
		t.Errorf("AddNetwork with a cancelled context = %v, want EAGAIN wrapping context.Canceled", err)
	}
}

// TestFakeTranscripts replays events captured from the real daemons (the transcripts in
// internal/wpactrl/testdata) and checks the diagnostics the backend derives from them.
func TestFakeTranscripts(t *testing.T) {
	tests := []struct {
		file    string
		want    wificonfig.CertError
		depth   int
		subject string
	}{
		{"events-wrong-root-ca.txt", wificonfig.CertErrorInvalidRootCA, 0, "/CN=B radius"},
		{"events-rejected-expired.txt", wificonfig.CertErrorInvalidClientAuth, -1, ""},
		{"events-rejected-untrustedca.txt", wificonfig.CertErrorInvalidClientAuth, -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "..", "internal", "wpactrl", "testdata", tt.file))
			mustNoErr(t, err)
			r := newFakeRig(t)
			r.installCerts(t)
			id := r.eapNetwork(t, "Net1")
			for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				r.f.event(line)
			}
			var d wificonfig.NetworkDiagnostics
			eventually(t, "diagnostics", func() bool {
				d, err = r.cfg.GetNetworkDiagnostics(id)
				return err == nil
			})
			want := wificonfig.NetworkDiagnostics{IsEnabled: true, Error: wificonfig.DiagnosticErrorAuthenticationFailed,
				CertError: tt.want, CertDepth: tt.depth, CertSubject: tt.subject, Timestamp: d.Timestamp}
			if diff := cmp.Diff(want, d); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFakeDaemonGone: when wpa_supplicant goes away, calls that need it fail with ENETDOWN,
// and Close still stops everything.
func TestFakeDaemonGone(t *testing.T) {
	r := newFakeRig(t)
	_, err := r.cfg.AddNetwork()
	mustNoErr(t, err)
	r.f.c.Close()
	<-r.f.done
	os.Remove(r.f.path)
	if _, err := r.cfg.AddNetwork(); !errors.Is(err, syscall.ENETDOWN) {
		t.Errorf("AddNetwork without a daemon = %v, want ENETDOWN", err)
	}
	if _, err := r.cfg.GetConnectedNetworkID(); !errors.Is(err, syscall.ENETDOWN) {
		t.Errorf("GetConnectedNetworkID without a daemon = %v, want ENETDOWN", err)
	}
	if n, err := r.cfg.GetStoredNetworkCount(); err != nil || n != 1 {
		t.Errorf("GetStoredNetworkCount = %d, %v; the backend's own state needs no daemon", n, err)
	}
	mustNoErr(t, r.b.Close())
}

// Regression (issue 11.5): once 64 events had arrived, a scan waited for results it had
// already been told about, until its deadline, and then failed.
func TestFakeScanAfterManyEvents(t *testing.T) {
	r := newFakeRigWith(t)
	r.f.setBSS("02:00:00:00:00:01\t2437\t-40\t[WPA2-PSK-CCMP][ESS]\tHome")
	for i := 0; i < 100; i++ {
		r.f.event("<3>CTRL-EVENT-DISCONNECTED bssid=02:00:00:00:00:01 reason=3")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	n, err := wificonfig.New(r.b.WithContext(ctx)).TriggerScanAndGetScannedNetworkCount()
	if err != nil || n != 1 {
		t.Fatalf("TriggerScanAndGetScannedNetworkCount after 100 events = %d, %v; want 1", n, err)
	}
	if ctx.Err() != nil {
		t.Error("the scan ran into its deadline instead of seeing the results event")
	}
}

// Regression (issue 11.8): concurrent scans counted each other's results (4, 2, 1, 3 for one
// access point).
func TestFakeConcurrentScans(t *testing.T) {
	r := newFakeRigWith(t)
	r.f.setBSS("02:00:00:00:00:01\t2437\t-40\t[ESS]\tCafe")
	var wg sync.WaitGroup
	counts := make([]int, 4)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := r.cfg.TriggerScanAndGetScannedNetworkCount()
			if err != nil {
				t.Errorf("scan %d: %v", i, err)
			}
			counts[i] = n
		}()
	}
	wg.Wait()
	if diff := cmp.Diff([]int{1, 1, 1, 1}, counts); diff != "" {
		t.Errorf("counts of concurrent scans (-want +got):\n%s", diff)
	}
	ns, err := r.cfg.GetScannedNetworks()
	if err != nil || len(ns) != 1 || string(ns[0].SSID) != "Cafe" || ns[0].Security != wificonfig.SecurityOpen {
		t.Errorf("GetScannedNetworks = %+v, %v", ns, err)
	}
}

// Regression (issue 11.9): a busy daemon was reported as unreachable (ENETDOWN).
func TestFakeBusyIsEAGAIN(t *testing.T) {
	r := newFakeRig(t)
	id, err := r.cfg.AddNetwork()
	mustNoErr(t, err)
	r.f.failNext("SET_NETWORK", "FAIL-BUSY\n")
	if err := r.cfg.SetSSID(id, []byte("Home")); !errors.Is(err, syscall.EAGAIN) {
		t.Errorf("SetSSID while the daemon is busy = %v, want EAGAIN", err)
	}
}

// Regression (issue 11.10): a failed SET_NETWORK left the new value in the stored list, and a
// failed AddNetwork left an orphan network in the daemon.
func TestFakeFailedCallsChangeNothing(t *testing.T) {
	r := newFakeRig(t)
	id, err := r.cfg.AddNetwork()
	mustNoErr(t, err, r.cfg.SetSSID(id, []byte("Before")))
	r.f.failNext("SET_NETWORK", "FAIL\n")
	if err := r.cfg.SetSSID(id, []byte("After")); !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("SetSSID refused by the daemon = %v, want EINVAL", err)
	}
	ns, err := r.cfg.GetStoredNetworks()
	if err != nil || len(ns) != 1 || string(ns[0].SSID) != "Before" {
		t.Errorf("after the refused SetSSID: %+v, %v; want the SSID unchanged", ns, err)
	}

	// A security type change rebuilds the network: a refusal half-way leaves the old one.
	before := r.f.networkCount()
	r.f.failNext("SET_NETWORK", "FAIL\n")
	if err := r.cfg.SetSecurityType(id, wificonfig.SecurityOpen); !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("SetSecurityType refused by the daemon = %v, want EINVAL", err)
	}
	if n := r.f.networkCount(); n != before {
		t.Errorf("the daemon has %d networks after a refused rebuild, want %d", n, before)
	}
	if ns, _ := r.cfg.GetStoredNetworks(); len(ns) != 1 || ns[0].Security != wificonfig.SecurityUnknown {
		t.Errorf("after the refused SetSecurityType: %+v", ns)
	}

	r.f.failNext("SET_NETWORK", "FAIL\n")
	if _, err := r.cfg.AddDuplicateNetwork(id, "Copy"); err == nil {
		t.Fatal("AddDuplicateNetwork with the daemon refusing a setting succeeded")
	}
	if n := r.f.networkCount(); n != before {
		t.Errorf("the daemon has %d networks after a failed AddDuplicateNetwork, want %d (no orphan)", n, before)
	}
	if n, _ := r.cfg.GetStoredNetworkCount(); n != 1 {
		t.Errorf("GetStoredNetworkCount = %d after the failed AddDuplicateNetwork, want 1", n)
	}
}

// Regression (issue 11.11): a stored file holding [null] made Open panic.
func TestFakeStoredFileNull(t *testing.T) {
	for _, content := range []string{"[null]", `[{"ssid":""}]`, `[{"ssid":"SG9tZQ==","security":9}]`, "{}"} {
		r := newFakeRig(t)
		mustNoErr(t, r.b.Close())
		if err := os.WriteFile(filepath.Join(r.state, "networks.json"), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := wpa.Open(context.Background(), r.f.path, r.fs, r.state, wpa.Wired())
		if err == nil || !strings.Contains(err.Error(), "networks.json") {
			t.Errorf("Open with networks.json %s = %v, want an error naming the file", content, err)
		}
	}
}

// TestOpenCtrlPathDirectory: the control path must be the socket, not the ctrl_interface
// directory; the error says what to pass.
func TestOpenCtrlPathDirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := wpa.Open(context.Background(), dir, nil, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "is a directory") || !strings.Contains(err.Error(), "wlan0") {
		t.Errorf("Open(directory) = %v, want an error saying to pass the socket in it", err)
	}
}

// TestOpenRefusesSharedStateDir: the state directory holds PSKs and key snapshots.
func TestOpenRefusesSharedStateDir(t *testing.T) {
	f := newFakeSupplicant(t)
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if _, err := wpa.Open(context.Background(), f.path, nil, dir, wpa.Wired()); err == nil || !strings.Contains(err.Error(), "writable by group or others") {
		t.Errorf("Open with a 0777 state directory = %v, want a refusal", err)
	}
}
