package sim

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/deviceauth"
	"github.com/azsphere-go/applibs/internal/apierr"
)

// Timing of the simulated device-authentication (DAA) certificate. The documentation says
// the certificate is valid for 24 hours, a Microsoft blog says about 25; the simulator issues
// it for DAAValidity from the moment of attestation (NotBefore is the attestation time,
// truncated to the second, NotAfter that plus DAAValidity) and attests again whenever the
// certificate is DAARenewalAge old and the device is online. So while the device stays
// online its certificate is always valid, whatever steps the clock moves in; offline, it
// expires DAAValidity after the last attestation.
const (
	DAAValidity   = 25 * time.Hour
	DAARenewalAge = 24 * time.Hour
)

// DeviceAuthOptions configure the simulated device's identity and its attestation. The zero
// value is a device that is online and attested when its clock starts.
type DeviceAuthOptions struct {
	// Offline starts the device without a route to the Azure Sphere Security Service: it
	// cannot attest until SetOnline(true).
	Offline bool
	// NeverAttested starts the device without a DAA certificate, as a device that has never
	// attested. An online device attests at once, so this matters only with Offline.
	NeverAttested bool
	// DeviceID is the device ID: 128 lowercase hexadecimal characters. Empty means a random
	// one.
	DeviceID string
	// Tenant is the tenant the device is claimed into. Empty means the DeviceAuthentication
	// tenant of the initial capabilities, or DefaultTenant when they name none. An
	// application whose manifest names another tenant gets
	// DeviceAuthSslResult_GetTenantCertificateError.
	Tenant string
}

// daaState is the simulated device identity and its DAA certificate. d.mu guards it. Keys
// and certificates are made lazily, on first use, so that New stays cheap.
type daaState struct {
	d        *Device
	online   bool
	deviceID string
	tenant   string
	// attestedAt is the time of the last attestation, truncated to the second; zero when
	// the device never attested.
	attestedAt   time.Time
	attestations int

	caKey  *ecdsa.PrivateKey
	ca     *x509.Certificate
	devKey *ecdsa.PrivateKey
	leaf   *x509.Certificate // issued for attestedAt; nil until needed

	dir     string // temporary directory holding the certificate file; "" until asked for
	path    string // the file of this boot
	written []byte // what the file holds; nil when it is absent
	closed  bool
}

func (a *daaState) init(d *Device, o DeviceAuthOptions) {
	a.d = d
	a.online = !o.Offline
	a.deviceID = o.DeviceID
	a.tenant = o.Tenant
	if a.tenant == "" {
		a.tenant = d.caps.DeviceAuthentication
	}
	if a.tenant == "" {
		a.tenant = DefaultTenant
	}
	if !o.NeverAttested {
		a.attest()
	}
	a.update()
}

// attest records an attestation at the current time. d.mu is held.
func (a *daaState) attest() {
	a.attestedAt = a.d.now.Truncate(time.Second)
	a.attestations++
	a.leaf = nil
}

// ready reports whether the certificate is valid now. d.mu is held.
func (a *daaState) ready() bool {
	if a.attestedAt.IsZero() {
		return false
	}
	now := a.d.now
	return !now.Before(a.attestedAt) && !now.After(a.attestedAt.Add(DAAValidity))
}

// due reports whether an online device would attest now. d.mu is held.
func (a *daaState) due() bool {
	now := a.d.now
	return a.attestedAt.IsZero() || now.Before(a.attestedAt) || now.Sub(a.attestedAt) >= DAARenewalAge
}

// update attests when due and online and brings the certificate file up to date. d.mu is
// held.
func (a *daaState) update() {
	if a.online && a.due() {
		a.attest()
	}
	a.sync()
}

// clockChanged renews or expires the DAA certificate. d.mu is held.
func (a *daaState) clockChanged() { a.update() }

// reboot keeps the DAA certificate, as the device persists it, and gives the certificate
// file a new path, as the path is valid only for the life of the application's process.
// d.mu is held.
func (a *daaState) reboot() {
	if a.path != "" {
		os.Remove(a.path)
		a.path, a.written = "", nil
	}
	a.update()
}

// SetOnline connects the device to the Azure Sphere Security Service (true) or cuts it off
// (false). An online device attests at once if it has no certificate or its certificate is
// DAARenewalAge old, and again whenever the clock reaches that age; an offline device keeps
// its certificate until it expires.
func (d *Device) SetOnline(online bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.daa.online = online
	d.daa.update()
}

// Online reports whether the device can reach the Azure Sphere Security Service.
func (d *Device) Online() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.daa.online
}

// Attestations returns how many times the device has attested, and the time of the last
// attestation (zero if none).
func (d *Device) Attestations() (n int, last time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.daa.attestations, d.daa.attestedAt
}

// DeviceID returns the device ID: 128 lowercase hexadecimal characters, the common name of
// the DAA certificate's subject.
func (d *Device) DeviceID() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.daa.id()
}

// Tenant returns the ID of the tenant the device is claimed into.
func (d *Device) Tenant() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.daa.tenant
}

// TenantCA returns the certificate of the device's tenant CA, which issues its DAA
// certificates. Servers that authenticate devices trust it (see TenantCAPool). Note that the
// DAA certificate is valid on the device's clock: a server verifying it while the device's
// clock is not the real time must verify at the device's time (tls.Config.Time = d.Now).
func (d *Device) TenantCA() *x509.Certificate {
	d.mu.Lock()
	defer d.mu.Unlock()
	a := &d.daa
	if err := a.ensureCA(); err != nil {
		panic("sim: making the tenant CA: " + err.Error())
	}
	return a.ca
}

// TenantCAPool returns a pool holding only TenantCA, for tls.Config.ClientCAs.
func (d *Device) TenantCAPool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(d.TenantCA())
	return p
}

// DeviceAuthCertificate returns the current DAA certificate, or nil when the device never
// attested. It may have expired; see application.IsDeviceAuthReady.
func (d *Device) DeviceAuthCertificate() *x509.Certificate {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.daa.attestedAt.IsZero() {
		return nil
	}
	leaf, err := d.daa.ensureLeaf()
	if err != nil {
		panic("sim: making the DAA certificate: " + err.Error())
	}
	return leaf
}

// Close removes the temporary files of the device (the DAA certificate file), closes every
// connection between applications and, for a device made by Open, releases the directory of
// its certificate store (later changes to the store fail with EAGAIN; reads still work). The
// device's other state stays usable.
func (d *Device) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.app.close()
	nvErr := d.closeNonvolatile()
	a := &d.daa
	a.closed = true
	if a.dir == "" {
		return nvErr
	}
	err := os.RemoveAll(a.dir)
	a.dir, a.path, a.written = "", "", nil
	return errors.Join(err, nvErr)
}

// id returns the device ID, choosing a random one on first use. d.mu is held.
func (a *daaState) id() string {
	if a.deviceID == "" {
		var b [64]byte
		if _, err := io.ReadFull(rand.Reader, b[:]); err != nil {
			panic("sim: reading random bytes: " + err.Error())
		}
		a.deviceID = hex.EncodeToString(b[:])
	}
	return a.deviceID
}

var (
	daaFrom  = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)
	daaUntil = time.Date(2100, time.January, 1, 0, 0, 0, 0, time.UTC)
)

// ensureCA makes the tenant CA on first use. d.mu is held.
func (a *daaState) ensureCA() error {
	if a.ca != nil {
		return nil
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serialNumber(),
		Subject: pkix.Name{
			Organization: []string{"Simulated Azure Sphere Security Service"},
			CommonName:   a.tenant,
		},
		NotBefore:             daaFrom,
		NotAfter:              daaUntil,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return err
	}
	ca, err := x509.ParseCertificate(der)
	if err != nil {
		return err
	}
	a.caKey, a.ca = key, ca
	return nil
}

// ensureLeaf issues the DAA certificate of the last attestation on first use. The device
// key is the same for every certificate, as it lives in the device's hardware. d.mu is held.
func (a *daaState) ensureLeaf() (*x509.Certificate, error) {
	if a.leaf != nil {
		return a.leaf, nil
	}
	if err := a.ensureCA(); err != nil {
		return nil, err
	}
	if a.devKey == nil {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		a.devKey = key
	}
	tmpl := &x509.Certificate{
		SerialNumber: serialNumber(),
		Subject:      pkix.Name{CommonName: a.id()},
		NotBefore:    a.attestedAt,
		NotAfter:     a.attestedAt.Add(DAAValidity),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.ca, a.devKey.Public(), a.caKey)
	if err != nil {
		return nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	a.leaf = leaf
	return leaf, nil
}

func serialNumber() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		panic("sim: reading random bytes: " + err.Error())
	}
	return n.Add(n, big.NewInt(1))
}

// sync makes the certificate file hold the current certificate while it is valid and
// removes it otherwise. It does nothing until an application asked for the path. d.mu is
// held.
func (a *daaState) sync() {
	if a.path == "" {
		return
	}
	var want []byte
	if a.ready() {
		leaf, err := a.ensureLeaf()
		if err != nil {
			return
		}
		want = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf.Raw})
	}
	switch {
	case want == nil && a.written != nil:
		os.Remove(a.path)
		a.written = nil
	case want != nil && string(want) != string(a.written):
		if writeFileAtomic(a.path, want) == nil {
			a.written = want
		}
	}
}

func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// DeviceAuth returns the device's device-authentication service as a deviceauth.Backend.
//
// GetCertificatePath always returns a path, as in C; the file (in a temporary directory
// that Close removes) holds the DAA certificate, the leaf alone in PEM, while the
// certificate is valid, is replaced when the device attests again and is removed when the
// certificate expires. The path changes with each Reboot. Neither the path nor the file
// depends on the manifest.
//
// Credentials, behind deviceauth.ClientCertificate and ConfigureTLS, presents the chain
// leaf, tenant CA and a signer that signs with the device key held inside the simulator. It
// checks, in this order: the manifest's DeviceAuthentication tenant (absent:
// SSLGetTenantIDError wrapping EACCES); that the tenant is the device's and that the
// certificate is valid now (SSLGetTenantCertificateError); hardware signing
// (SSLEnableHWSignError). Faults injected with FailNext apply by operation name:
// "Credentials" fails the tenant step, "EnableHwSign" the signing step, "Sign" one
// signature during a handshake, "GetCertificatePath" the path.
func (d *Device) DeviceAuth() deviceauth.Backend { return (*deviceAuth)(d) }

// deviceAuth is the deviceauth.Backend view of a Device.
type deviceAuth Device

var _ deviceauth.Backend = (*deviceAuth)(nil)

func init() {
	installers = append(installers, func(d *Device) func() {
		prev := deviceauth.SetDefault(d.DeviceAuth())
		return func() { deviceauth.SetDefault(prev) }
	})
}

func (s *deviceAuth) CertificatePath() (string, error) {
	const op = "GetCertificatePath"
	d := (*Device)(s)
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.enter(op, true, ""); err != nil {
		return "", err
	}
	a := &d.daa
	if a.closed {
		return "", apierr.New(op, "", syscall.EIO, "the simulated device is closed")
	}
	if a.path == "" {
		if a.dir == "" {
			dir, err := os.MkdirTemp("", "azsphere-sim-daa-")
			if err != nil {
				return "", apierr.Wrap(op, "", err)
			}
			a.dir = dir
		}
		a.path = filepath.Join(a.dir, fmt.Sprintf("device-auth-%d.pem", d.boots))
		a.sync()
	}
	return a.path, nil
}

func (s *deviceAuth) Credentials() ([][]byte, crypto.Signer, error) {
	d := (*Device)(s)
	d.mu.Lock()
	defer d.mu.Unlock()
	a := &d.daa
	tenant := d.caps.DeviceAuthentication
	if err := d.enter("Credentials", tenant != "", "DeviceAuthentication"); err != nil {
		return nil, nil, &deviceauth.SSLError{Result: deviceauth.SSLGetTenantIDError, Reason: "cannot get the application's tenant ID", Err: err}
	}
	if !strings.EqualFold(tenant, a.tenant) {
		return nil, nil, &deviceauth.SSLError{Result: deviceauth.SSLGetTenantCertificateError,
			Reason: fmt.Sprintf("the manifest names tenant %s but the device is claimed into tenant %s", tenant, a.tenant)}
	}
	if !a.ready() {
		return nil, nil, &deviceauth.SSLError{Result: deviceauth.SSLGetTenantCertificateError, Reason: a.notReadyReason()}
	}
	if err := d.injected("EnableHwSign"); err != nil {
		return nil, nil, &deviceauth.SSLError{Result: deviceauth.SSLEnableHWSignError, Reason: "cannot enable hardware signing", Err: err}
	}
	leaf, err := a.ensureLeaf()
	if err != nil {
		return nil, nil, &deviceauth.SSLError{Result: deviceauth.SSLGetTenantCertificateError, Err: err}
	}
	return [][]byte{leaf.Raw, a.ca.Raw}, &daaSigner{d: d, pub: a.devKey.Public()}, nil
}

// notReadyReason says why the certificate is not valid now. d.mu is held.
func (a *daaState) notReadyReason() string {
	switch {
	case a.attestedAt.IsZero():
		return "the device has not attested yet"
	case a.d.now.Before(a.attestedAt):
		return "the device-authentication certificate is not valid yet (the clock is before the attestation)"
	case !a.online:
		return fmt.Sprintf("the device-authentication certificate expired at %s and the device is offline", a.attestedAt.Add(DAAValidity).Format(time.RFC3339))
	}
	return "the device-authentication certificate expired"
}

// daaSigner signs with the device key without exposing it, as the device's security
// subsystem does.
type daaSigner struct {
	d   *Device
	pub crypto.PublicKey
}

func (s *daaSigner) Public() crypto.PublicKey { return s.pub }

func (s *daaSigner) Sign(r io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	d := s.d
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.injected("Sign"); err != nil {
		return nil, err
	}
	if d.daa.devKey == nil {
		return nil, errors.New("sim: no device key")
	}
	return d.daa.devKey.Sign(r, digest, opts)
}
