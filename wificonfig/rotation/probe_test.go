package rotation_test

import (
	"errors"
	"slices"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/wificonfig"
)

// probe stands between a Rotator and a simulated device's backends: it records each call
// under the simulator's operation name, and lets a test act before and after each call
// (inject a fault with FailNext, reboot the device, check an invariant).
type probe struct {
	dev   *sim.Device
	cs    certstore.Backend
	wb    wificonfig.Backend
	ops   []string
	dead  bool                         // the process "died": every call fails
	pre   func(k int, op string) error // before call k (0-based); an error fails the call
	post  func(k int, op string, err error)
	simOp map[string]bool
}

// errPowerLost is what calls return after a simulated power loss, until the test restarts
// the "application".
var errPowerLost = errors.New("the device lost power")

func newProbe(dev *sim.Device) *probe {
	p := &probe{dev: dev, cs: dev.CertStore(), wb: dev.Wifi(), simOp: map[string]bool{}}
	for _, op := range sim.Operations() {
		p.simOp[op] = true
	}
	return p
}

// do runs one call named op (a sim operation name).
func (p *probe) do(op string, f func() error) error {
	if !p.simOp[op] {
		panic("probe: " + op + " is not an operation of the simulator")
	}
	if p.dead {
		return errPowerLost
	}
	k := len(p.ops)
	p.ops = append(p.ops, op)
	if p.pre != nil {
		if err := p.pre(k, op); err != nil {
			return err
		}
	}
	err := f()
	if p.post != nil {
		p.post(k, op, err)
	}
	return err
}

// writes returns the recorded calls that change the device.
func (p *probe) writes() []string {
	var out []string
	for _, op := range p.ops {
		if isWrite(op) {
			out = append(out, op)
		}
	}
	return out
}

func isWrite(op string) bool {
	switch op {
	case "InstallClientCertificate", "InstallRootCACertificate", "MoveCertificate", "DeleteCertificate",
		"AddNetwork", "AddDuplicateNetwork", "PersistConfig", "ReloadConfig", "ForgetNetworkByID", "ForgetAllNetworks":
		return true
	}
	return len(op) > 3 && op[:3] == "Set"
}

func do1[T any](p *probe, op string, f func() (T, error)) (T, error) {
	var v T
	err := p.do(op, func() (err error) { v, err = f(); return err })
	return v, err
}

func (p *probe) certs() certstore.Backend { return (*probeCerts)(p) }
func (p *probe) wifi() wificonfig.Backend { return (*probeWifi)(p) }

type probeCerts probe

var (
	_ certstore.Backend = (*probeCerts)(nil)
	_ certstore.Lister  = (*probeCerts)(nil)
)

func (c *probeCerts) p() *probe { return (*probe)(c) }

func (c *probeCerts) InstallClient(id string, cert, key, pw []byte) error {
	return c.p().do("InstallClientCertificate", func() error { return c.cs.InstallClient(id, cert, key, pw) })
}
func (c *probeCerts) InstallRootCA(id string, cert []byte) error {
	return c.p().do("InstallRootCACertificate", func() error { return c.cs.InstallRootCA(id, cert) })
}
func (c *probeCerts) Count() (int, error) { return do1(c.p(), "GetCertificateCount", c.cs.Count) }
func (c *probeCerts) IdentifierAt(i int) (string, error) {
	return do1(c.p(), "GetCertificateIdentifierAt", func() (string, error) { return c.cs.IdentifierAt(i) })
}
func (c *probeCerts) AvailableSpace() (int, error) {
	return do1(c.p(), "GetAvailableSpace", c.cs.AvailableSpace)
}
func (c *probeCerts) SubjectName(id string) (string, error) {
	return do1(c.p(), "GetCertificateSubjectName", func() (string, error) { return c.cs.SubjectName(id) })
}
func (c *probeCerts) IssuerName(id string) (string, error) {
	return do1(c.p(), "GetCertificateIssuerName", func() (string, error) { return c.cs.IssuerName(id) })
}
func (c *probeCerts) NotBefore(id string) (time.Time, error) {
	return do1(c.p(), "GetCertificateNotBefore", func() (time.Time, error) { return c.cs.NotBefore(id) })
}
func (c *probeCerts) NotAfter(id string) (time.Time, error) {
	return do1(c.p(), "GetCertificateNotAfter", func() (time.Time, error) { return c.cs.NotAfter(id) })
}
func (c *probeCerts) Move(src, dst string) error {
	return c.p().do("MoveCertificate", func() error { return c.cs.Move(src, dst) })
}
func (c *probeCerts) Delete(id string) error {
	return c.p().do("DeleteCertificate", func() error { return c.cs.Delete(id) })
}

// List is recorded as GetCertificateCount: the simulator's listing fails with a fault
// injected into any of the query calls it stands for.
func (c *probeCerts) List() ([]certstore.Certificate, error) {
	return do1(c.p(), "GetCertificateCount", c.cs.(certstore.Lister).List)
}

type probeWifi probe

var _ wificonfig.Backend = (*probeWifi)(nil)

func (w *probeWifi) p() *probe { return (*probe)(w) }

func (w *probeWifi) AddNetwork() (int, error) { return do1(w.p(), "AddNetwork", w.wb.AddNetwork) }
func (w *probeWifi) AddDuplicateNetwork(id int, name string) (int, error) {
	return do1(w.p(), "AddDuplicateNetwork", func() (int, error) { return w.wb.AddDuplicateNetwork(id, name) })
}
func (w *probeWifi) SetSSID(id int, ssid []byte) error {
	return w.p().do("SetSSID", func() error { return w.wb.SetSSID(id, ssid) })
}
func (w *probeWifi) SetSecurityType(id int, s wificonfig.Security) error {
	return w.p().do("SetSecurityType", func() error { return w.wb.SetSecurityType(id, s) })
}
func (w *probeWifi) SetNetworkEnabled(id int, on bool) error {
	return w.p().do("SetNetworkEnabled", func() error { return w.wb.SetNetworkEnabled(id, on) })
}
func (w *probeWifi) SetTargetedScanEnabled(id int, on bool) error {
	return w.p().do("SetTargetedScanEnabled", func() error { return w.wb.SetTargetedScanEnabled(id, on) })
}
func (w *probeWifi) SetPSK(id int, psk []byte) error {
	return w.p().do("SetPSK", func() error { return w.wb.SetPSK(id, psk) })
}
func (w *probeWifi) SetClientIdentity(id int, s string) error {
	return w.p().do("SetClientIdentity", func() error { return w.wb.SetClientIdentity(id, s) })
}
func (w *probeWifi) SetClientCertStoreIdentifier(id int, s string) error {
	return w.p().do("SetClientCertStoreIdentifier", func() error { return w.wb.SetClientCertStoreIdentifier(id, s) })
}
func (w *probeWifi) SetRootCACertStoreIdentifier(id int, s string) error {
	return w.p().do("SetRootCACertStoreIdentifier", func() error { return w.wb.SetRootCACertStoreIdentifier(id, s) })
}
func (w *probeWifi) SetConfigName(id int, s string) error {
	return w.p().do("SetConfigName", func() error { return w.wb.SetConfigName(id, s) })
}
func (w *probeWifi) ClientIdentity(id int) (string, error) {
	return do1(w.p(), "GetClientIdentity", func() (string, error) { return w.wb.ClientIdentity(id) })
}
func (w *probeWifi) ClientCertStoreIdentifier(id int) (string, error) {
	return do1(w.p(), "GetClientCertStoreIdentifier", func() (string, error) { return w.wb.ClientCertStoreIdentifier(id) })
}
func (w *probeWifi) RootCACertStoreIdentifier(id int) (string, error) {
	return do1(w.p(), "GetRootCACertStoreIdentifier", func() (string, error) { return w.wb.RootCACertStoreIdentifier(id) })
}
func (w *probeWifi) NetworkIDByConfigName(name string) (int, error) {
	return do1(w.p(), "GetNetworkIDByConfigName", func() (int, error) { return w.wb.NetworkIDByConfigName(name) })
}
func (w *probeWifi) PersistConfig() error { return w.p().do("PersistConfig", w.wb.PersistConfig) }
func (w *probeWifi) ReloadConfig() error  { return w.p().do("ReloadConfig", w.wb.ReloadConfig) }
func (w *probeWifi) ForgetAllNetworks() error {
	return w.p().do("ForgetAllNetworks", w.wb.ForgetAllNetworks)
}
func (w *probeWifi) ForgetNetworkByID(id int) error {
	return w.p().do("ForgetNetworkByID", func() error { return w.wb.ForgetNetworkByID(id) })
}
func (w *probeWifi) StoredNetworks() ([]wificonfig.StoredNetwork, error) {
	return do1(w.p(), "GetStoredNetworks", w.wb.StoredNetworks)
}
func (w *probeWifi) CurrentNetwork() (wificonfig.ConnectedNetwork, error) {
	return do1(w.p(), "GetCurrentNetwork", w.wb.CurrentNetwork)
}
func (w *probeWifi) ConnectedNetworkID() (int, error) {
	return do1(w.p(), "GetConnectedNetworkID", w.wb.ConnectedNetworkID)
}
func (w *probeWifi) TriggerScan() (int, error) {
	return do1(w.p(), "TriggerScanAndGetScannedNetworkCount", w.wb.TriggerScan)
}
func (w *probeWifi) ScannedNetworks() ([]wificonfig.ScannedNetwork, error) {
	return do1(w.p(), "GetScannedNetworks", w.wb.ScannedNetworks)
}
func (w *probeWifi) NetworkDiagnostics(id int) (wificonfig.NetworkDiagnostics, error) {
	return do1(w.p(), "GetNetworkDiagnostics", func() (wificonfig.NetworkDiagnostics, error) { return w.wb.NetworkDiagnostics(id) })
}
func (w *probeWifi) SetPowerSavingsEnabled(on bool) error {
	return w.p().do("SetPowerSavingsEnabled", func() error { return w.wb.SetPowerSavingsEnabled(on) })
}

// documentedErrnos lists, for each operation, the errnos its documentation (certstore,
// wificonfig) gives for a failure of the device rather than of the arguments (the
// front end refuses bad arguments before any backend call): these are injected into every
// call of the operation.
//
// Left out are the errnos that are answers rather than failures, which the state they
// describe exercises: ENODEV from GetNetworkIDByConfigName ("no network has that name"),
// ENOTCONN from GetConnectedNetworkID ("not connected"), ENODEV from
// GetNetworkDiagnostics ("no failure recorded"). Injecting one would make the device lie
// about its state, which no device does. TestLies injects them anyway and checks that a lie
// never costs the device its connection.
var documentedErrnos = map[string][]syscall.Errno{
	"InstallClientCertificate":     {syscall.EAGAIN, syscall.EACCES, syscall.ENOSPC, syscall.EINVAL},
	"InstallRootCACertificate":     {syscall.EAGAIN, syscall.EACCES, syscall.ENOSPC, syscall.EINVAL},
	"GetCertificateCount":          {syscall.EAGAIN, syscall.EACCES},
	"MoveCertificate":              {syscall.EAGAIN, syscall.EACCES, syscall.ENOENT},
	"DeleteCertificate":            {syscall.EAGAIN, syscall.EACCES, syscall.ENOENT},
	"AddDuplicateNetwork":          {syscall.EAGAIN, syscall.EACCES, syscall.ENETDOWN, syscall.ENOMEM, syscall.EEXIST, syscall.ENODEV},
	"SetNetworkEnabled":            {syscall.EAGAIN, syscall.EACCES, syscall.ENETDOWN, syscall.ENODEV},
	"SetClientCertStoreIdentifier": {syscall.EAGAIN, syscall.EACCES, syscall.ENETDOWN, syscall.ENODEV},
	"SetRootCACertStoreIdentifier": {syscall.EAGAIN, syscall.EACCES, syscall.ENETDOWN, syscall.ENODEV},
	"GetClientCertStoreIdentifier": {syscall.EAGAIN, syscall.EACCES, syscall.ENETDOWN, syscall.ENODEV},
	"GetRootCACertStoreIdentifier": {syscall.EAGAIN, syscall.EACCES, syscall.ENETDOWN, syscall.ENODEV},
	"GetNetworkIDByConfigName":     {syscall.EAGAIN, syscall.EACCES, syscall.ENETDOWN},
	"PersistConfig":                {syscall.EAGAIN, syscall.EACCES, syscall.ENETDOWN, syscall.ENOSPC, syscall.EINVAL},
	"ReloadConfig":                 {syscall.EAGAIN, syscall.EACCES, syscall.ENETDOWN},
	"ForgetNetworkByID":            {syscall.EAGAIN, syscall.EACCES, syscall.ENETDOWN, syscall.ENODEV},
	"GetStoredNetworks":            {syscall.EAGAIN, syscall.EACCES},
	"GetConnectedNetworkID":        {syscall.EAGAIN, syscall.EACCES, syscall.ENETDOWN},
	"GetNetworkDiagnostics":        {syscall.EAGAIN, syscall.EACCES},
}

// answers are the errnos that are answers about the device's state (see documentedErrnos).
var answers = map[string][]syscall.Errno{
	"GetNetworkIDByConfigName": {syscall.ENODEV},
	"GetConnectedNetworkID":    {syscall.ENOTCONN},
	"GetNetworkDiagnostics":    {syscall.ENODEV},
}

func errnosOf(op string) []syscall.Errno {
	es, ok := documentedErrnos[op]
	if !ok {
		panic("no documented errnos for " + op)
	}
	return slices.Clone(es)
}
