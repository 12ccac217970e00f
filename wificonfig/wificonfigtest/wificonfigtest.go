//lint:file-ignore SA1019 the deprecated WifiConfig functions are part of the API under test.

package wificonfigtest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/wificonfig"
)

// Env is a backend under test and what the suite may use of its surroundings.
type Env struct {
	// Backend is the Wi-Fi configuration under test, with the WifiConfig and
	// EnterpriseWifiConfig capabilities granted and room for at least four networks. The
	// suite empties it with ForgetAllNetworks first.
	Backend wificonfig.Backend
	// Reboot restarts the device (the stored configuration survives). Nil skips the reboot
	// checks.
	Reboot func()
	// Radio puts access points in range. Nil skips the checks that connect and scan, for
	// backends that cannot simulate a radio.
	Radio Radio
}

// Radio is the radio environment of a backend that can simulate one.
type Radio interface {
	// SetAccessPoint puts ap in range, replacing an access point with the same BSSID.
	SetAccessPoint(ap AccessPoint) error
}

// AccessPoint is an access point the suite puts in range.
type AccessPoint struct {
	SSID         []byte
	BSSID        wificonfig.BSSID
	FrequencyMHz uint32
	SignalRSSI   int8
	Security     wificonfig.Security // SecurityOpen or SecurityWPA2PSK
	PSK          string
	Hidden       bool
}

// Run runs the conformance suite on the environments newEnv returns, one per subtest.
// Subtests do not run in parallel, so newEnv may return the same device each time.
func Run(t *testing.T, newEnv func(t *testing.T) Env) {
	t.Helper()
	tests := []struct {
		name  string
		radio bool
		fn    func(t *testing.T, c *wificonfig.Config, env Env)
	}{
		{"Empty", false, testEmpty},
		{"AddAndConfigure", false, testAddAndConfigure},
		{"Duplicate", false, testDuplicate},
		{"ConfigName", false, testConfigName},
		{"PersistAndReload", false, testPersistAndReload},
		{"Reboot", false, testReboot},
		{"UnknownID", false, testUnknownID},
		{"ArgumentErrors", false, testArgumentErrors},
		{"Deprecated", false, testDeprecated},
		{"Concurrent", false, testConcurrent},
		{"Connect", true, testConnect},
		{"Scan", true, testScan},
		{"ConnectFailures", true, testConnectFailures},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newEnv(t)
			if env.Backend == nil {
				t.Fatal("newEnv returned no Backend")
			}
			if tt.radio && env.Radio == nil {
				t.Skip("the backend has no simulated radio")
			}
			c := wificonfig.New(env.Backend)
			if err := c.ForgetAllNetworks(); err != nil {
				t.Fatalf("ForgetAllNetworks: %v", err)
			}
			tt.fn(t, c, env)
		})
	}
}

func ok(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func wantErrno(t *testing.T, what string, err error, errno syscall.Errno) {
	t.Helper()
	if !errors.Is(err, errno) {
		t.Errorf("%s: error %v; want %s", what, err, apierr.ErrnoName(errno))
		return
	}
	var e *wificonfig.Error
	if !errors.As(err, &e) || e.Op == "" {
		t.Errorf("%s: error %#v is not a *wificonfig.Error naming its operation", what, err)
	}
}

func stored(t *testing.T, c *wificonfig.Config) []wificonfig.StoredNetwork {
	t.Helper()
	ns, err := c.GetStoredNetworks()
	ok(t, "GetStoredNetworks", err)
	n, err := c.GetStoredNetworkCount()
	ok(t, "GetStoredNetworkCount", err)
	if n != len(ns) {
		t.Fatalf("GetStoredNetworkCount() = %d but GetStoredNetworks returned %d", n, len(ns))
	}
	return ns
}

func wantStored(t *testing.T, c *wificonfig.Config, want []wificonfig.StoredNetwork) {
	t.Helper()
	if want == nil {
		want = []wificonfig.StoredNetwork{}
	}
	if diff := cmp.Diff(want, stored(t, c)); diff != "" {
		t.Fatalf("GetStoredNetworks (-want +got):\n%s", diff)
	}
}

// add adds a network with ssid, security and name, disabled.
func add(t *testing.T, c *wificonfig.Config, ssid string, sec wificonfig.Security, name string) int {
	t.Helper()
	id, err := c.AddNetwork()
	ok(t, "AddNetwork", err)
	ok(t, "SetSSID", c.SetSSID(id, []byte(ssid)))
	ok(t, "SetSecurityType", c.SetSecurityType(id, sec))
	if name != "" {
		ok(t, "SetConfigName", c.SetConfigName(id, name))
	}
	return id
}

func testEmpty(t *testing.T, c *wificonfig.Config, _ Env) {
	wantStored(t, c, nil)
	if id, err := c.GetConnectedNetworkID(); !errors.Is(err, syscall.ENOTCONN) {
		t.Errorf("GetConnectedNetworkID() = %d, %v; want ENOTCONN", id, err)
	}
	if n, err := c.GetCurrentNetwork(); !errors.Is(err, syscall.ENODATA) {
		t.Errorf("GetCurrentNetwork() = %+v, %v; want ENODATA", n, err)
	}
	if _, err := c.GetNetworkIDByConfigName("none"); !errors.Is(err, syscall.ENODEV) {
		t.Errorf("GetNetworkIDByConfigName: %v; want ENODEV", err)
	}
}

func testAddAndConfigure(t *testing.T, c *wificonfig.Config, _ Env) {
	for want := range 3 {
		id, err := c.AddNetwork()
		ok(t, "AddNetwork", err)
		if id != want {
			t.Fatalf("AddNetwork() = %d; want %d", id, want)
		}
	}
	wantStored(t, c, []wificonfig.StoredNetwork{{SSID: []byte{}}, {SSID: []byte{}}, {SSID: []byte{}}})

	ssid := []byte("\x00network\xff")
	ok(t, "SetSSID", c.SetSSID(1, ssid))
	ssid[1] = 'N' // the Config copies
	ok(t, "SetSecurityType", c.SetSecurityType(1, wificonfig.SecurityWPA2EAPTLS))
	ok(t, "SetNetworkEnabled", c.SetNetworkEnabled(1, true))
	ok(t, "SetTargetedScanEnabled", c.SetTargetedScanEnabled(1, true))
	ok(t, "SetClientIdentity", c.SetClientIdentity(1, "host/device1.contoso.com"))
	ok(t, "SetClientCertStoreIdentifier", c.SetClientCertStoreIdentifier(1, "ClientCert1"))
	ok(t, "SetRootCACertStoreIdentifier", c.SetRootCACertStoreIdentifier(1, "RootCA1"))
	ok(t, "SetConfigName", c.SetConfigName(1, "Network1"))
	ok(t, "SetSSID", c.SetSSID(2, bytes.Repeat([]byte{'s'}, wificonfig.SSIDMaxLength)))
	ok(t, "SetSecurityType", c.SetSecurityType(2, wificonfig.SecurityWPA2PSK))
	ok(t, "SetPSK", c.SetPSK(2, strings.Repeat("a1", 32)))
	ok(t, "SetPSK", c.SetPSK(2, "eight ch"))
	wantStored(t, c, []wificonfig.StoredNetwork{
		{SSID: []byte{}},
		{SSID: []byte("\x00network\xff"), IsEnabled: true, Security: wificonfig.SecurityWPA2EAPTLS},
		{SSID: bytes.Repeat([]byte{'s'}, 32), Security: wificonfig.SecurityWPA2PSK},
	})
	for _, tc := range []struct {
		name string
		get  func(int) (string, error)
		id   int
		want string
	}{
		{"GetClientIdentity", c.GetClientIdentity, 1, "host/device1.contoso.com"},
		{"GetClientCertStoreIdentifier", c.GetClientCertStoreIdentifier, 1, "ClientCert1"},
		{"GetRootCACertStoreIdentifier", c.GetRootCACertStoreIdentifier, 1, "RootCA1"},
		{"GetClientIdentity", c.GetClientIdentity, 0, ""},
		{"GetClientCertStoreIdentifier", c.GetClientCertStoreIdentifier, 0, ""},
		{"GetRootCACertStoreIdentifier", c.GetRootCACertStoreIdentifier, 0, ""},
	} {
		got, err := tc.get(tc.id)
		if err != nil || got != tc.want {
			t.Errorf("%s(%d) = %q, %v; want %q", tc.name, tc.id, got, err, tc.want)
		}
	}
	ok(t, "SetNetworkEnabled", c.SetNetworkEnabled(1, false))
	ok(t, "SetPowerSavingsEnabled", c.SetPowerSavingsEnabled(true))
	if ns := stored(t, c); ns[1].IsEnabled {
		t.Errorf("network 1 still enabled")
	}
}

func testDuplicate(t *testing.T, c *wificonfig.Config, _ Env) {
	src := add(t, c, "corp", wificonfig.SecurityWPA2EAPTLS, "Network1")
	ok(t, "SetClientIdentity", c.SetClientIdentity(src, "device1"))
	ok(t, "SetClientCertStoreIdentifier", c.SetClientCertStoreIdentifier(src, "ClientCert1"))
	ok(t, "SetRootCACertStoreIdentifier", c.SetRootCACertStoreIdentifier(src, "RootCA1"))
	ok(t, "SetNetworkEnabled", c.SetNetworkEnabled(src, true))
	dup, err := c.AddDuplicateNetwork(src, "Network2")
	ok(t, "AddDuplicateNetwork", err)
	if dup == src || dup < 0 {
		t.Fatalf("AddDuplicateNetwork = %d", dup)
	}
	ns := stored(t, c)
	want := wificonfig.StoredNetwork{SSID: []byte("corp"), IsEnabled: false, Security: wificonfig.SecurityWPA2EAPTLS}
	if diff := cmp.Diff(want, ns[dup]); diff != "" {
		t.Errorf("duplicate (-want +got):\n%s", diff)
	}
	if got, _ := c.GetClientIdentity(dup); got != "device1" {
		t.Errorf("duplicate identity %q", got)
	}
	if got, _ := c.GetClientCertStoreIdentifier(dup); got != "ClientCert1" {
		t.Errorf("duplicate client certificate %q", got)
	}
	if id, err := c.GetNetworkIDByConfigName("Network2"); err != nil || id != dup {
		t.Errorf("GetNetworkIDByConfigName(Network2) = %d, %v; want %d", id, err, dup)
	}
	// Independent: changing the copy leaves the original alone.
	ok(t, "SetRootCACertStoreIdentifier", c.SetRootCACertStoreIdentifier(dup, "RootCA2"))
	if got, _ := c.GetRootCACertStoreIdentifier(src); got != "RootCA1" {
		t.Errorf("original root CA = %q after changing the duplicate", got)
	}
	before := stored(t, c)
	_, err = c.AddDuplicateNetwork(src, "Network2")
	wantErrno(t, "AddDuplicateNetwork with a used name", err, syscall.EEXIST)
	_, err = c.AddDuplicateNetwork(src, "Network1")
	wantErrno(t, "AddDuplicateNetwork with the source's name", err, syscall.EEXIST)
	_, err = c.AddDuplicateNetwork(len(before), "Network3")
	wantErrno(t, "AddDuplicateNetwork of an unknown network", err, syscall.ENODEV)
	wantStored(t, c, before)
}

func testConfigName(t *testing.T, c *wificonfig.Config, _ Env) {
	add(t, c, "a", wificonfig.SecurityOpen, "alpha")
	add(t, c, "b", wificonfig.SecurityOpen, "b")
	add(t, c, "c", wificonfig.SecurityOpen, strings.Repeat("n", wificonfig.ConfigNameMaxLength))
	for name, want := range map[string]int{"alpha": 0, "b": 1, strings.Repeat("n", 16): 2} {
		if id, err := c.GetNetworkIDByConfigName(name); err != nil || id != want {
			t.Errorf("GetNetworkIDByConfigName(%q) = %d, %v; want %d", name, id, err, want)
		}
	}
	_, err := c.GetNetworkIDByConfigName("Alpha")
	wantErrno(t, "GetNetworkIDByConfigName(Alpha)", err, syscall.ENODEV)
	ok(t, "ForgetNetworkByID", c.ForgetNetworkByID(0))
	_, err = c.GetNetworkIDByConfigName("alpha")
	wantErrno(t, "GetNetworkIDByConfigName of a forgotten network", err, syscall.ENODEV)
	if _, err := c.GetNetworkIDByConfigName("b"); err != nil {
		t.Errorf("GetNetworkIDByConfigName(b) after forgetting another: %v", err)
	}
}

func testPersistAndReload(t *testing.T, c *wificonfig.Config, _ Env) {
	add(t, c, "kept", wificonfig.SecurityOpen, "kept")
	ok(t, "PersistConfig", c.PersistConfig())
	add(t, c, "unsaved", wificonfig.SecurityOpen, "unsaved")
	ok(t, "SetSSID", c.SetSSID(0, []byte("changed")))
	ok(t, "ReloadConfig", c.ReloadConfig())
	wantStored(t, c, []wificonfig.StoredNetwork{{SSID: []byte("kept"), Security: wificonfig.SecurityOpen}})

	ok(t, "ForgetNetworkByID", c.ForgetNetworkByID(0))
	wantStored(t, c, nil)
	ok(t, "ReloadConfig", c.ReloadConfig())
	wantStored(t, c, []wificonfig.StoredNetwork{{SSID: []byte("kept"), Security: wificonfig.SecurityOpen}})

	ok(t, "ForgetAllNetworks", c.ForgetAllNetworks())
	ok(t, "ReloadConfig", c.ReloadConfig())
	wantStored(t, c, nil)
}

func testReboot(t *testing.T, c *wificonfig.Config, env Env) {
	if env.Reboot == nil {
		t.Skip("the backend cannot reboot")
	}
	add(t, c, "kept", wificonfig.SecurityOpen, "kept")
	ok(t, "PersistConfig", c.PersistConfig())
	add(t, c, "unsaved", wificonfig.SecurityOpen, "unsaved")
	env.Reboot()
	wantStored(t, c, []wificonfig.StoredNetwork{{SSID: []byte("kept"), Security: wificonfig.SecurityOpen}})
	if _, err := c.GetNetworkIDByConfigName("unsaved"); !errors.Is(err, syscall.ENODEV) {
		t.Errorf("unsaved network after reboot: %v; want ENODEV", err)
	}
}

// idCalls are the functions that take a network ID.
func idCalls(c *wificonfig.Config) map[string]func(id int) error {
	str := func(f func(int) (string, error)) func(int) error {
		return func(id int) error { _, err := f(id); return err }
	}
	return map[string]func(int) error{
		"AddDuplicateNetwork":          func(id int) error { _, err := c.AddDuplicateNetwork(id, "dup"); return err },
		"SetSSID":                      func(id int) error { return c.SetSSID(id, []byte("x")) },
		"SetSecurityType":              func(id int) error { return c.SetSecurityType(id, wificonfig.SecurityOpen) },
		"SetNetworkEnabled":            func(id int) error { return c.SetNetworkEnabled(id, true) },
		"SetTargetedScanEnabled":       func(id int) error { return c.SetTargetedScanEnabled(id, true) },
		"SetPSK":                       func(id int) error { return c.SetPSK(id, "passphrase") },
		"SetClientIdentity":            func(id int) error { return c.SetClientIdentity(id, "me") },
		"GetClientIdentity":            str(c.GetClientIdentity),
		"SetClientCertStoreIdentifier": func(id int) error { return c.SetClientCertStoreIdentifier(id, "c") },
		"GetClientCertStoreIdentifier": str(c.GetClientCertStoreIdentifier),
		"SetRootCACertStoreIdentifier": func(id int) error { return c.SetRootCACertStoreIdentifier(id, "r") },
		"GetRootCACertStoreIdentifier": str(c.GetRootCACertStoreIdentifier),
		"SetConfigName":                func(id int) error { return c.SetConfigName(id, "n") },
		"ForgetNetworkByID":            c.ForgetNetworkByID,
		"GetNetworkDiagnostics": func(id int) error {
			_, err := c.GetNetworkDiagnostics(id)
			return err
		},
	}
}

func testUnknownID(t *testing.T, c *wificonfig.Config, _ Env) {
	id := add(t, c, "a", wificonfig.SecurityOpen, "a")
	before := stored(t, c)
	for name, call := range idCalls(c) {
		wantErrno(t, fmt.Sprintf("%s(%d)", name, id+1), call(id+1), syscall.ENODEV)
		wantErrno(t, name+"(-1)", call(-1), syscall.EINVAL)
	}
	// An existing network that never failed has no diagnostics either.
	_, err := c.GetNetworkDiagnostics(id)
	wantErrno(t, "GetNetworkDiagnostics of a network without failures", err, syscall.ENODEV)
	wantStored(t, c, before)
}

func testArgumentErrors(t *testing.T, c *wificonfig.Config, _ Env) {
	id := add(t, c, "a", wificonfig.SecurityWPA2PSK, "a")
	ok(t, "SetPSK", c.SetPSK(id, "passphrase"))
	ok(t, "SetClientIdentity", c.SetClientIdentity(id, "me"))
	ok(t, "SetClientCertStoreIdentifier", c.SetClientCertStoreIdentifier(id, "c"))
	before := stored(t, c)
	long := strings.Repeat("x", 300)
	tests := []struct {
		name  string
		err   error
		errno syscall.Errno
	}{
		{"SetSSID(nil)", c.SetSSID(id, nil), syscall.EFAULT},
		{"SetSSID(empty)", c.SetSSID(id, []byte{}), syscall.ERANGE},
		{"SetSSID(33 bytes)", c.SetSSID(id, make([]byte, 33)), syscall.ERANGE},
		{"SetSecurityType(Unknown)", c.SetSecurityType(id, wificonfig.SecurityUnknown), syscall.EINVAL},
		{"SetSecurityType(4)", c.SetSecurityType(id, 4), syscall.EINVAL},
		{"SetPSK(65 bytes)", c.SetPSK(id, long[:65]), syscall.ERANGE},
		{"SetPSK(7 bytes)", c.SetPSK(id, "1234567"), syscall.ERANGE},
		{"SetPSK(empty)", c.SetPSK(id, ""), syscall.ERANGE},
		{"SetPSK(64 non-hex)", c.SetPSK(id, long[:64]), syscall.EINVAL},
		{"SetPSK(control character)", c.SetPSK(id, "pass\nphrase"), syscall.EINVAL},
		{"SetClientIdentity(255 bytes)", c.SetClientIdentity(id, long[:255]), syscall.ERANGE},
		{"SetClientIdentity(NUL)", c.SetClientIdentity(id, "a\x00b"), syscall.EINVAL},
		{"SetClientCertStoreIdentifier(17)", c.SetClientCertStoreIdentifier(id, long[:17]), syscall.ERANGE},
		{"SetClientCertStoreIdentifier(empty)", c.SetClientCertStoreIdentifier(id, ""), syscall.EINVAL},
		{"SetClientCertStoreIdentifier(space)", c.SetClientCertStoreIdentifier(id, "a b"), syscall.EINVAL},
		{"SetRootCACertStoreIdentifier(17)", c.SetRootCACertStoreIdentifier(id, long[:17]), syscall.ERANGE},
		{"SetRootCACertStoreIdentifier(slash)", c.SetRootCACertStoreIdentifier(id, "a/b"), syscall.EINVAL},
		{"SetConfigName(empty)", c.SetConfigName(id, ""), syscall.ERANGE},
		{"SetConfigName(17)", c.SetConfigName(id, long[:17]), syscall.ERANGE},
		{"SetConfigName(NUL)", c.SetConfigName(id, "a\x00"), syscall.EINVAL},
		{"GetNetworkIDByConfigName(empty)", errOf(c.GetNetworkIDByConfigName("")), syscall.ERANGE},
		{"GetNetworkIDByConfigName(17)", errOf(c.GetNetworkIDByConfigName(long[:17])), syscall.ERANGE},
		{"AddDuplicateNetwork(empty name)", errOf(c.AddDuplicateNetwork(id, "")), syscall.ERANGE},
		{"AddDuplicateNetwork(17)", errOf(c.AddDuplicateNetwork(id, long[:17])), syscall.ERANGE},
		{"StoreOpenNetwork(nil)", c.StoreOpenNetwork(nil), syscall.EFAULT},
		{"StoreOpenNetwork(33)", c.StoreOpenNetwork(make([]byte, 33)), syscall.ERANGE},
		{"StoreWPA2Network(short key)", c.StoreWPA2Network([]byte("x"), "short"), syscall.ERANGE},
		{"ForgetNetwork(nil SSID)", c.ForgetNetwork(wificonfig.StoredNetwork{}), syscall.EFAULT},
	}
	for _, tt := range tests {
		wantErrno(t, tt.name, tt.err, tt.errno)
	}
	wantStored(t, c, before)
	for name, get := range map[string]func(int) (string, error){
		"GetClientIdentity": c.GetClientIdentity, "GetClientCertStoreIdentifier": c.GetClientCertStoreIdentifier,
	} {
		if v, err := get(id); err != nil || v == "" {
			t.Errorf("%s = %q, %v after failed calls; want the earlier value", name, v, err)
		}
	}
}

func errOf[T any](_ T, err error) error { return err }

func testDeprecated(t *testing.T, c *wificonfig.Config, _ Env) {
	ssid := []byte("legacy")
	ok(t, "StoreOpenNetwork", c.StoreOpenNetwork(ssid))
	wantErrno(t, "StoreOpenNetwork again", c.StoreOpenNetwork(ssid), syscall.EEXIST)
	ok(t, "StoreWPA2Network", c.StoreWPA2Network(ssid, "passphrase"))
	wantErrno(t, "StoreWPA2Network again", c.StoreWPA2Network(ssid, "passphrase"), syscall.EEXIST)
	ns := stored(t, c)
	if len(ns) != 2 {
		t.Fatalf("%d networks; want 2", len(ns))
	}
	for _, n := range ns {
		if !n.IsEnabled {
			t.Errorf("stored network %q is disabled; the Store* calls enable it", n.SSID)
		}
	}
	ok(t, "ForgetNetwork", c.ForgetNetwork(ns[0]))
	wantErrno(t, "ForgetNetwork again", c.ForgetNetwork(ns[0]), syscall.ENOENT)
	if got := stored(t, c); len(got) != 1 || got[0].Security != wificonfig.SecurityWPA2PSK {
		t.Errorf("after ForgetNetwork: %+v", got)
	}
}

func testConcurrent(t *testing.T, c *wificonfig.Config, _ Env) {
	add(t, c, "base", wificonfig.SecurityOpen, "base")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				switch (g + i) % 4 {
				case 0:
					if id, err := c.AddNetwork(); err == nil {
						_ = c.SetSSID(id, []byte{'a' + byte(g)})
						_ = c.ForgetNetworkByID(id)
					}
				case 1:
					_, _ = c.GetStoredNetworks()
				case 2:
					_, _ = c.GetNetworkIDByConfigName("base")
					_, _ = c.GetClientIdentity(0)
				case 3:
					_, _ = c.GetConnectedNetworkID()
					_ = c.SetTargetedScanEnabled(0, i%2 == 0)
				}
			}
		}()
	}
	wg.Wait()
	if id, err := c.GetNetworkIDByConfigName("base"); err != nil || id != 0 {
		t.Errorf("GetNetworkIDByConfigName(base) = %d, %v", id, err)
	}
}

var (
	bssid1 = wificonfig.BSSID{0x02, 0xaa, 0, 0, 0, 1}
	bssid2 = wificonfig.BSSID{0x02, 0xaa, 0, 0, 0, 2}
	bssid3 = wificonfig.BSSID{0x02, 0xaa, 0, 0, 0, 3}
)

func testConnect(t *testing.T, c *wificonfig.Config, env Env) {
	ok(t, "SetAccessPoint", env.Radio.SetAccessPoint(AccessPoint{SSID: []byte("home"), BSSID: bssid1, FrequencyMHz: 2412, SignalRSSI: -42, Security: wificonfig.SecurityWPA2PSK, PSK: "home passphrase"}))
	id := add(t, c, "home", wificonfig.SecurityWPA2PSK, "home")
	ok(t, "SetPSK", c.SetPSK(id, "home passphrase"))
	if _, err := c.GetConnectedNetworkID(); !errors.Is(err, syscall.ENOTCONN) {
		t.Fatalf("connected to a disabled network: %v", err)
	}
	ok(t, "SetNetworkEnabled", c.SetNetworkEnabled(id, true))
	got, err := c.GetConnectedNetworkID()
	if err != nil || got != id {
		t.Fatalf("GetConnectedNetworkID() = %d, %v; want %d", got, err, id)
	}
	cur, err := c.GetCurrentNetwork()
	ok(t, "GetCurrentNetwork", err)
	want := wificonfig.ConnectedNetwork{SSID: []byte("home"), BSSID: bssid1, FrequencyMHz: 2412, SignalRSSI: -42, Security: wificonfig.SecurityWPA2PSK}
	if diff := cmp.Diff(want, cur); diff != "" {
		t.Errorf("GetCurrentNetwork (-want +got):\n%s", diff)
	}
	if ns := stored(t, c); !ns[id].IsConnected {
		t.Errorf("GetStoredNetworks: network %d not marked connected", id)
	}
	ok(t, "SetNetworkEnabled(false)", c.SetNetworkEnabled(id, false))
	if _, err := c.GetConnectedNetworkID(); !errors.Is(err, syscall.ENOTCONN) {
		t.Errorf("still connected after disabling: %v", err)
	}
	// Not persisted: ReloadConfig drops the network and the connection.
	ok(t, "SetNetworkEnabled", c.SetNetworkEnabled(id, true))
	ok(t, "ReloadConfig", c.ReloadConfig())
	if _, err := c.GetCurrentNetwork(); !errors.Is(err, syscall.ENODATA) {
		t.Errorf("GetCurrentNetwork after reloading an unsaved network: %v; want ENODATA", err)
	}
}

func testScan(t *testing.T, c *wificonfig.Config, env Env) {
	aps := []AccessPoint{
		{SSID: []byte("one"), BSSID: bssid1, FrequencyMHz: 2412, SignalRSSI: -40, Security: wificonfig.SecurityOpen},
		{SSID: []byte("one"), BSSID: bssid2, FrequencyMHz: 5180, SignalRSSI: -70, Security: wificonfig.SecurityOpen},
		{SSID: []byte("hidden"), BSSID: bssid3, FrequencyMHz: 2437, SignalRSSI: -50, Security: wificonfig.SecurityWPA2PSK, PSK: "passphrase", Hidden: true},
	}
	for _, ap := range aps {
		ok(t, "SetAccessPoint", env.Radio.SetAccessPoint(ap))
	}
	n, err := c.TriggerScanAndGetScannedNetworkCount()
	ok(t, "TriggerScanAndGetScannedNetworkCount", err)
	got, err := c.GetScannedNetworks()
	ok(t, "GetScannedNetworks", err)
	if n != 2 || len(got) != 2 {
		t.Fatalf("scan: count %d, %d results; want 2 (the hidden access point is not found)", n, len(got))
	}
	id := add(t, c, "hidden", wificonfig.SecurityWPA2PSK, "hidden")
	ok(t, "SetTargetedScanEnabled", c.SetTargetedScanEnabled(id, true))
	n, err = c.TriggerScanAndGetScannedNetworkCount()
	ok(t, "TriggerScanAndGetScannedNetworkCount", err)
	got, err = c.GetScannedNetworks()
	ok(t, "GetScannedNetworks", err)
	if n != 3 || len(got) != 3 {
		t.Fatalf("targeted scan: count %d, %d results; want 3", n, len(got))
	}
	for _, ap := range aps {
		want := wificonfig.ScannedNetwork{SSID: ap.SSID, BSSID: ap.BSSID, FrequencyMHz: ap.FrequencyMHz, SignalRSSI: ap.SignalRSSI, Security: ap.Security}
		found := false
		for _, s := range got {
			found = found || cmp.Equal(want, s)
		}
		if !found {
			t.Errorf("scan results %+v lack %+v", got, want)
		}
	}
}

func testConnectFailures(t *testing.T, c *wificonfig.Config, env Env) {
	ok(t, "SetAccessPoint", env.Radio.SetAccessPoint(AccessPoint{SSID: []byte("psk"), BSSID: bssid1, FrequencyMHz: 2412, Security: wificonfig.SecurityWPA2PSK, PSK: "right passphrase"}))
	wrong := add(t, c, "psk", wificonfig.SecurityWPA2PSK, "wrong")
	ok(t, "SetPSK", c.SetPSK(wrong, "wrong passphrase"))
	ok(t, "SetNetworkEnabled", c.SetNetworkEnabled(wrong, true))
	absent := add(t, c, "absent", wificonfig.SecurityOpen, "absent")
	ok(t, "SetNetworkEnabled", c.SetNetworkEnabled(absent, true))
	if _, err := c.GetConnectedNetworkID(); !errors.Is(err, syscall.ENOTCONN) {
		t.Fatalf("GetConnectedNetworkID: %v; want ENOTCONN", err)
	}
	for id, want := range map[int]wificonfig.DiagnosticError{wrong: wificonfig.DiagnosticErrorWrongKey, absent: wificonfig.DiagnosticErrorNetworkNotFound} {
		d, err := c.GetNetworkDiagnostics(id)
		if err != nil || d.Error != want || !d.IsEnabled || d.IsConnected || d.Timestamp.IsZero() {
			t.Errorf("GetNetworkDiagnostics(%d) = %+v, %v; want enabled, not connected, error %v", id, d, err, want)
		}
	}
}
