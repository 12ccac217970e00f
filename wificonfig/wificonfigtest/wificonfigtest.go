//lint:file-ignore SA1019 the deprecated WifiConfig functions are part of the API under test.

package wificonfigtest

import (
	"bytes"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/pkitest"
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
	// Certs is the certificate store the backend takes EAP-TLS certificates from, with room
	// for four certificates. The EAP-TLS checks install theirs in it and delete them when they
	// end. It must be set when the Radio plays EAP-TLS.
	Certs *certstore.Store
	// Settle is how long the backend may take for its connection state (the connected
	// network, diagnostics) to follow a change: enabling or disabling a network, ReloadConfig.
	// The suite polls for up to Settle before it reports a failure; zero means the state
	// follows at once, as on the simulator. It is a bound for a broken setup, not a
	// performance assertion.
	Settle time.Duration
}

// Radio is the radio environment of a backend that can simulate one.
type Radio interface {
	// SetAccessPoint puts ap in range, replacing an access point with the same BSSID (a
	// radio that plays one access point at a time replaces the one it has). It returns an
	// error for an access point it cannot play.
	SetAccessPoint(ap AccessPoint) error
}

// FeatureRadio is a Radio that says what it can play. A Radio without a Features method
// plays open and WPA2-PSK access points, scans and BSS information, and no EAP-TLS.
type FeatureRadio interface {
	Radio
	Features() RadioFeatures
}

// RadioFeatures is what a Radio can play. The suite skips the checks that need more, saying
// which feature is missing.
type RadioFeatures struct {
	// Open and PSK: open and WPA2-PSK access points, which a network finds by SSID (without
	// one, the network fails with NetworkNotFound) and, for WPA2-PSK, joins with the
	// access point's key (else WrongKey).
	Open, PSK bool
	// EAPTLS: EAP-TLS access points whose AuthServer accepts client certificates issued by
	// its ClientCA, while the device verifies the server's certificate against the network's
	// root CA; either refusal fails the attempt with AuthenticationFailed (InvalidClientAuth,
	// InvalidRootCA). The suite puts one EAP-TLS access point in range per subtest.
	EAPTLS bool
	// Scan: scans report the access points in range, one entry per BSS with its SSID,
	// BSSID, frequency, signal and security; hidden access points only for a network with
	// their SSID and targeted scanning enabled.
	Scan bool
	// BSSInfo: GetCurrentNetwork reports the BSSID, frequency and signal of the access point
	// the device is connected through.
	BSSInfo bool
	// Note says why features are missing; the skip messages quote it.
	Note string
}

// features returns what r plays.
func features(r Radio) RadioFeatures {
	if fr, ok := r.(FeatureRadio); ok {
		return fr.Features()
	}
	return RadioFeatures{Open: true, PSK: true, Scan: true, BSSInfo: true}
}

// AccessPoint is an access point the suite puts in range.
type AccessPoint struct {
	SSID         []byte
	BSSID        wificonfig.BSSID
	FrequencyMHz uint32
	SignalRSSI   int8
	Security     wificonfig.Security // SecurityOpen, SecurityWPA2PSK or SecurityWPA2EAPTLS
	PSK          string
	Hidden       bool
	// Server is the authentication server of an EAP-TLS access point; nil for the others.
	Server *AuthServer
}

// AuthServer is the EAP-TLS (RADIUS) server behind an access point.
type AuthServer struct {
	// Cert is the server's certificate and key, issued directly by a root CA (the chain the
	// server presents is Cert alone). Networks that should connect name that root CA.
	Cert *pkitest.Cert
	// ClientCA is the CA whose certificates the server accepts from devices.
	ClientCA *pkitest.Cert
}

// need is what a check needs of the radio.
type need uint8

const (
	needOpen need = 1 << iota
	needPSK
	needEAPTLS
	needScan
)

// missing returns what f lacks of n, or "".
func (f RadioFeatures) missing(n need) string {
	for _, m := range []struct {
		need need
		has  bool
		what string
	}{
		{needScan, f.Scan, "scans"},
		{needPSK, f.PSK, "WPA2-PSK access points"},
		{needOpen, f.Open, "open access points"},
		{needEAPTLS, f.EAPTLS, "EAP-TLS access points"},
	} {
		if n&m.need != 0 && !m.has {
			return m.what
		}
	}
	return ""
}

// subtest is one check of the suite, or a group of variants run as nested subtests.
type subtest struct {
	name     string
	need     need
	fn       func(t *testing.T, c *wificonfig.Config, env Env)
	variants []subtest
}

// Run runs the conformance suite on the environments newEnv returns, one per subtest (and per
// variant of Connect and ConnectFailures). Subtests do not run in parallel, so newEnv may
// return the same device each time.
func Run(t *testing.T, newEnv func(t *testing.T) Env) {
	t.Helper()
	tests := []subtest{
		{name: "Empty", fn: testEmpty},
		{name: "AddAndConfigure", fn: testAddAndConfigure},
		{name: "Duplicate", fn: testDuplicate},
		{name: "ConfigName", fn: testConfigName},
		{name: "PersistAndReload", fn: testPersistAndReload},
		{name: "Reboot", fn: testReboot},
		{name: "UnknownID", fn: testUnknownID},
		{name: "ArgumentErrors", fn: testArgumentErrors},
		{name: "Deprecated", fn: testDeprecated},
		{name: "Concurrent", fn: testConcurrent},
		{name: "Connect", variants: []subtest{
			{name: "PSK", need: needPSK, fn: testConnectPSK},
			{name: "EAPTLS", need: needEAPTLS, fn: testConnectEAPTLS},
		}},
		{name: "Scan", need: needScan | needOpen | needPSK, fn: testScan},
		{name: "ConnectFailures", variants: []subtest{
			{name: "PSK", need: needPSK | needOpen, fn: testConnectFailuresPSK},
			{name: "EAPTLS", need: needEAPTLS, fn: testConnectFailuresEAPTLS},
		}},
	}
	for _, tt := range tests {
		run(t, newEnv, tt)
	}
}

func run(t *testing.T, newEnv func(t *testing.T) Env, tt subtest) {
	t.Helper()
	t.Run(tt.name, func(t *testing.T) {
		for _, v := range tt.variants {
			run(t, newEnv, v)
		}
		if tt.fn == nil {
			return
		}
		env := newEnv(t)
		if env.Backend == nil {
			t.Fatal("newEnv returned no Backend")
		}
		if tt.need != 0 {
			if env.Radio == nil {
				t.Skip("the backend has no simulated radio (Env.Radio is nil)")
			}
			f := features(env.Radio)
			if m := f.missing(tt.need); m != "" {
				msg := "the radio does not support " + m
				if f.Note != "" {
					msg += ": " + f.Note
				}
				t.Skip(msg)
			}
			if tt.need&needEAPTLS != 0 && env.Certs == nil {
				t.Fatal("the radio plays EAP-TLS but Env.Certs is nil: the suite has nowhere to install the device's certificates")
			}
		}
		c := wificonfig.New(env.Backend)
		if err := c.ForgetAllNetworks(); err != nil {
			t.Fatalf("ForgetAllNetworks: %v", err)
		}
		tt.fn(t, c, env)
	})
}

// pollInterval is how often the suite looks at the connection state while it waits for it.
const pollInterval = 20 * time.Millisecond

// settle calls check until it reports nothing wrong ("") or env.Settle has passed, and
// returns what check last reported.
func settle(env Env, check func() string) string {
	deadline := time.Now().Add(env.Settle)
	for {
		msg := check()
		if msg == "" || !time.Now().Before(deadline) {
			return msg
		}
		time.Sleep(pollInterval)
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

func testConnectPSK(t *testing.T, c *wificonfig.Config, env Env) {
	ap := AccessPoint{SSID: []byte("home"), BSSID: bssid1, FrequencyMHz: 2412, SignalRSSI: -42, Security: wificonfig.SecurityWPA2PSK, PSK: "home passphrase"}
	ok(t, "SetAccessPoint", env.Radio.SetAccessPoint(ap))
	id := add(t, c, "home", wificonfig.SecurityWPA2PSK, "home")
	ok(t, "SetPSK", c.SetPSK(id, "home passphrase"))
	connectCycle(t, c, env, ap, id)
}

func testConnectEAPTLS(t *testing.T, c *wificonfig.Config, env Env) {
	p := newEAPPKI(t, env)
	ap := AccessPoint{SSID: []byte("corp"), BSSID: bssid2, FrequencyMHz: 5180, SignalRSSI: -48, Security: wificonfig.SecurityWPA2EAPTLS, Server: p.server}
	ok(t, "SetAccessPoint", env.Radio.SetAccessPoint(ap))
	id := addEAPTLS(t, c, "corp", certClient, certRoot)
	connectCycle(t, c, env, ap, id)
}

// connectCycle checks the life of a connection to network id, configured for ap and
// disabled: not connected while disabled; connected once enabled, with GetCurrentNetwork
// describing the network and the access point, and the network marked connected; not
// connected once disabled; and, the network never persisted, not connected after
// ReloadConfig.
func connectCycle(t *testing.T, c *wificonfig.Config, env Env, ap AccessPoint, id int) {
	t.Helper()
	if _, err := c.GetConnectedNetworkID(); !errors.Is(err, syscall.ENOTCONN) {
		t.Fatalf("connected to a disabled network: %v", err)
	}
	ok(t, "SetNetworkEnabled", c.SetNetworkEnabled(id, true))
	if msg := settle(env, func() string {
		if got, err := c.GetConnectedNetworkID(); err != nil || got != id {
			return fmt.Sprintf("GetConnectedNetworkID() = %d, %v; want %d", got, err, id)
		}
		return ""
	}); msg != "" {
		t.Fatalf("%s (waited %v)", msg, env.Settle)
	}
	cur, err := c.GetCurrentNetwork()
	ok(t, "GetCurrentNetwork", err)
	want := wificonfig.ConnectedNetwork{SSID: ap.SSID, BSSID: ap.BSSID, FrequencyMHz: ap.FrequencyMHz, SignalRSSI: ap.SignalRSSI, Security: ap.Security}
	if !features(env.Radio).BSSInfo {
		// The radio has no BSS information to report: compare the network's fields only.
		want.BSSID, want.FrequencyMHz, want.SignalRSSI = cur.BSSID, cur.FrequencyMHz, cur.SignalRSSI
	}
	if diff := cmp.Diff(want, cur); diff != "" {
		t.Errorf("GetCurrentNetwork (-want +got):\n%s", diff)
	}
	if ns := stored(t, c); !ns[id].IsConnected {
		t.Errorf("GetStoredNetworks: network %d not marked connected", id)
	}
	ok(t, "SetNetworkEnabled(false)", c.SetNetworkEnabled(id, false))
	if msg := settle(env, func() string {
		if got, err := c.GetConnectedNetworkID(); !errors.Is(err, syscall.ENOTCONN) {
			return fmt.Sprintf("still connected after disabling: GetConnectedNetworkID() = %d, %v; want ENOTCONN", got, err)
		}
		return ""
	}); msg != "" {
		t.Error(msg)
	}
	// Not persisted: ReloadConfig drops the network and the connection.
	ok(t, "SetNetworkEnabled", c.SetNetworkEnabled(id, true))
	ok(t, "ReloadConfig", c.ReloadConfig())
	if msg := settle(env, func() string {
		if cur, err := c.GetCurrentNetwork(); !errors.Is(err, syscall.ENODATA) {
			return fmt.Sprintf("GetCurrentNetwork after reloading an unsaved network = %+v, %v; want ENODATA", cur, err)
		}
		return ""
	}); msg != "" {
		t.Error(msg)
	}
	wantStored(t, c, nil)
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

func testConnectFailuresPSK(t *testing.T, c *wificonfig.Config, env Env) {
	ok(t, "SetAccessPoint", env.Radio.SetAccessPoint(AccessPoint{SSID: []byte("psk"), BSSID: bssid1, FrequencyMHz: 2412, Security: wificonfig.SecurityWPA2PSK, PSK: "right passphrase"}))
	wrong := add(t, c, "psk", wificonfig.SecurityWPA2PSK, "wrong")
	ok(t, "SetPSK", c.SetPSK(wrong, "wrong passphrase"))
	ok(t, "SetNetworkEnabled", c.SetNetworkEnabled(wrong, true))
	absent := add(t, c, "absent", wificonfig.SecurityOpen, "absent")
	ok(t, "SetNetworkEnabled", c.SetNetworkEnabled(absent, true))
	wantFailures(t, c, env, []wantFailure{
		{id: wrong, err: wificonfig.DiagnosticErrorWrongKey},
		{id: absent, err: wificonfig.DiagnosticErrorNetworkNotFound},
	})
}

func testConnectFailuresEAPTLS(t *testing.T, c *wificonfig.Config, env Env) {
	p := newEAPPKI(t, env)
	ok(t, "SetAccessPoint", env.Radio.SetAccessPoint(AccessPoint{SSID: []byte("corp"), BSSID: bssid2, FrequencyMHz: 5180, SignalRSSI: -48, Security: wificonfig.SecurityWPA2EAPTLS, Server: p.server}))
	// Each network offers the server one thing it should refuse, and the device tries them
	// in turn.
	root := addEAPTLS(t, c, "corp", certClient, certOtherRoot)
	client := addEAPTLS(t, c, "corp", certRogue, certRoot)
	missing := addEAPTLS(t, c, "corp", "NoSuchCert", certRoot)
	for _, id := range []int{root, client, missing} {
		ok(t, "SetNetworkEnabled", c.SetNetworkEnabled(id, true))
	}
	serverNames := []string{p.server.Cert.Cert.Subject.CommonName, p.root.Cert.Subject.CommonName}
	wantFailures(t, c, env, []wantFailure{
		{id: root, err: wificonfig.DiagnosticErrorAuthenticationFailed, cert: wificonfig.CertErrorInvalidRootCA, subjectOneOf: serverNames},
		{id: client, err: wificonfig.DiagnosticErrorAuthenticationFailed, cert: wificonfig.CertErrorInvalidClientAuth},
		{id: missing, err: wificonfig.DiagnosticErrorAuthenticationFailed, cert: wificonfig.CertErrorNotFound},
	})
}

// wantFailure is the diagnostics a network should have.
type wantFailure struct {
	id   int
	err  wificonfig.DiagnosticError
	cert wificonfig.CertError
	// subjectOneOf, when set, are common names one of which CertSubject must contain.
	subjectOneOf []string
}

// wantFailures waits for the networks' diagnostics (enabled, not connected, a timestamp, the
// error and certificate error), then checks that the device is not connected.
func wantFailures(t *testing.T, c *wificonfig.Config, env Env, want []wantFailure) {
	t.Helper()
	for _, w := range want {
		if msg := settle(env, func() string {
			d, err := c.GetNetworkDiagnostics(w.id)
			if err != nil || d.Error != w.err || d.CertError != w.cert || !d.IsEnabled || d.IsConnected || d.Timestamp.IsZero() {
				return fmt.Sprintf("GetNetworkDiagnostics(%d) = %+v, %v; want enabled, not connected, a timestamp, error %v, certificate error %v", w.id, d, err, w.err, w.cert)
			}
			if w.subjectOneOf != nil && !slices.ContainsFunc(w.subjectOneOf, func(cn string) bool { return strings.Contains(d.CertSubject, cn) }) {
				return fmt.Sprintf("GetNetworkDiagnostics(%d): CertSubject %q names none of %q", w.id, d.CertSubject, w.subjectOneOf)
			}
			return ""
		}); msg != "" {
			t.Error(msg)
		}
	}
	if id, err := c.GetConnectedNetworkID(); !errors.Is(err, syscall.ENOTCONN) {
		t.Errorf("GetConnectedNetworkID() = %d, %v; want ENOTCONN", id, err)
	}
}

// The certificate identifiers of the EAP-TLS checks.
const (
	certRoot      = "wct.RootCA"      // the root CA of the access point's server
	certOtherRoot = "wct.OtherRootCA" // a root CA that did not issue the server's certificate
	certClient    = "wct.Client"      // a client certificate the server accepts
	certRogue     = "wct.RogueClient" // a client certificate from a CA the server does not trust
)

// eapPKI is the certificates of the EAP-TLS checks.
type eapPKI struct {
	root   *pkitest.Cert // issued the server's certificate
	server *AuthServer
}

// newEAPPKI makes a server PKI and the device's certificates and installs the device's in
// env.Certs under the cert* identifiers, deleting them when t ends.
func newEAPPKI(t *testing.T, env Env) eapPKI {
	t.Helper()
	root := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "wificonfigtest Server Root"}})
	clientCA := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "wificonfigtest Device CA"}})
	p := eapPKI{root: root, server: &AuthServer{
		Cert:     root.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "wificonfigtest RADIUS"}}),
		ClientCA: clientCA,
	}}
	other := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "wificonfigtest Other Root"}})
	rogueCA := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "wificonfigtest Rogue CA"}})
	s := env.Certs
	t.Cleanup(func() {
		for _, id := range []string{certRoot, certOtherRoot, certClient, certRogue} {
			s.DeleteCertificate(id)
		}
	})
	ok(t, "InstallRootCACertificate", s.InstallRootCACertificate(certRoot, root.CertPEM))
	ok(t, "InstallRootCACertificate", s.InstallRootCACertificate(certOtherRoot, other.CertPEM))
	for id, ca := range map[string]*pkitest.Cert{certClient: clientCA, certRogue: rogueCA} {
		leaf := ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "wificonfigtest " + id}})
		pw := []byte("password of " + id)
		ok(t, "InstallClientCertificate", s.InstallClientCertificate(id, leaf.CertPEM, leaf.MustKeyPEM(pkitest.EncryptedPKCS8, pw), pw))
	}
	return p
}

// addEAPTLS adds a disabled EAP-TLS network, named eap<ID>, with identity "device" and the
// given certificate identifiers.
func addEAPTLS(t *testing.T, c *wificonfig.Config, ssid, clientCert, rootCA string) int {
	t.Helper()
	id := add(t, c, ssid, wificonfig.SecurityWPA2EAPTLS, "")
	ok(t, "SetConfigName", c.SetConfigName(id, fmt.Sprintf("eap%d", id)))
	ok(t, "SetClientIdentity", c.SetClientIdentity(id, "device"))
	ok(t, "SetClientCertStoreIdentifier", c.SetClientCertStoreIdentifier(id, clientCert))
	ok(t, "SetRootCACertStoreIdentifier", c.SetRootCACertStoreIdentifier(id, rootCA))
	return id
}
