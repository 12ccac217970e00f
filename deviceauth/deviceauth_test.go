package deviceauth_test

import (
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/deviceauth"
)

// newServer starts an HTTPS server on loopback that requires a client certificate issued by
// dev's tenant CA, verified at dev's time, and answers with the certificate's common name
// and serial number.
func newServer(t *testing.T, dev *sim.Device) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := r.TLS.PeerCertificates[0]
		io.WriteString(w, c.Subject.CommonName+" "+c.SerialNumber.String())
	}))
	srv.TLS = &tls.Config{
		ClientAuth: tls.RequireAndVerifyClientCert,
		ClientCAs:  dev.TenantCAPool(),
		Time:       dev.Now,
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

// client returns an HTTP client that trusts srv and authenticates with cfg.
func client(srv *httptest.Server, cfg *tls.Config) *http.Client {
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	cfg.RootCAs = roots
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg, DisableKeepAlives: true}}
}

func get(c *http.Client, url string) (string, error) {
	resp, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func TestConfigureTLSHandshake(t *testing.T) {
	dev := sim.New(sim.Options{})
	defer dev.Close()
	srv := newServer(t, dev)
	id := deviceauth.New(dev.DeviceAuth())

	cfg := &tls.Config{}
	if err := id.ConfigureTLS(cfg); err != nil {
		t.Fatalf("ConfigureTLS: %v", err)
	}
	c := client(srv, cfg)
	first, err := get(c, srv.URL)
	if err != nil {
		t.Fatalf("GET with the device certificate: %v", err)
	}
	want := dev.DeviceID() + " " + dev.DeviceAuthCertificate().SerialNumber.String()
	if first != want {
		t.Errorf("server saw %q, want %q", first, want)
	}

	// Three days later, online all along: the device renewed its certificate and the same
	// tls.Config presents the new one.
	for i := 0; i < 3; i++ {
		dev.Advance(24 * time.Hour)
	}
	renewed, err := get(c, srv.URL)
	if err != nil {
		t.Fatalf("GET after renewals: %v", err)
	}
	if renewed == first {
		t.Errorf("server saw the same certificate after three days: %q", renewed)
	}

	// A signature that fails breaks that handshake only.
	dev.FailNext("Sign", syscall.EIO)
	if _, err := get(c, srv.URL); err == nil {
		t.Error("GET with a failing signature succeeded")
	}
	if _, err := get(c, srv.URL); err != nil {
		t.Errorf("GET after the failed signature: %v", err)
	}

	// Offline for longer than the validity: the handshake fails on the client with the
	// typed error.
	dev.SetOnline(false)
	dev.Advance(sim.DAAValidity + time.Hour)
	_, err = get(c, srv.URL)
	var se *deviceauth.SSLError
	if !errors.As(err, &se) || se.Result != deviceauth.SSLGetTenantCertificateError {
		t.Errorf("GET with an expired certificate = %v, want *SSLError with SSLGetTenantCertificateError", err)
	}
	dev.SetOnline(true)
	if _, err := get(c, srv.URL); err != nil {
		t.Errorf("GET after coming back online: %v", err)
	}
}

func TestClientCertificate(t *testing.T) {
	dev := sim.New(sim.Options{})
	defer dev.Close()
	cert, err := deviceauth.New(dev.DeviceAuth()).ClientCertificate()
	if err != nil {
		t.Fatal(err)
	}
	if _, isKey := cert.PrivateKey.(*ecdsa.PrivateKey); isKey {
		t.Error("PrivateKey is the private key itself, want a signer that delegates to the device")
	}
	if cert.Leaf.Subject.CommonName != dev.DeviceID() {
		t.Errorf("leaf CN = %q, want the device ID %q", cert.Leaf.Subject.CommonName, dev.DeviceID())
	}
	if len(cert.Certificate) != 2 || !dev.TenantCA().Equal(mustParse(t, cert.Certificate[1])) {
		t.Errorf("chain has %d certificates, want leaf and tenant CA", len(cert.Certificate))
	}
	_, err = cert.Leaf.Verify(x509.VerifyOptions{
		Roots: dev.TenantCAPool(), CurrentTime: dev.Now(),
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	if err != nil {
		t.Errorf("the leaf does not verify against the tenant CA: %v", err)
	}
}

func mustParse(t *testing.T, der []byte) *x509.Certificate {
	t.Helper()
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestFailures(t *testing.T) {
	tests := []struct {
		name  string
		setup func() *sim.Device
		want  deviceauth.SSLResult
		errno syscall.Errno // also in the chain, when not 0
	}{
		{"no tenant in the manifest", func() *sim.Device {
			return sim.New(sim.Options{Capabilities: &sim.Capabilities{CertStore: true}})
		}, deviceauth.SSLGetTenantIDError, syscall.EACCES},
		{"fault while getting the tenant", func() *sim.Device {
			d := sim.New(sim.Options{})
			d.FailNext("Credentials", syscall.EAGAIN)
			return d
		}, deviceauth.SSLGetTenantIDError, syscall.EAGAIN},
		{"another tenant", func() *sim.Device {
			return sim.New(sim.Options{Capabilities: &sim.Capabilities{DeviceAuthentication: "11111111-2222-3333-4444-555555555555"},
				DeviceAuth: sim.DeviceAuthOptions{Tenant: sim.DefaultTenant}})
		}, deviceauth.SSLGetTenantCertificateError, 0},
		{"never attested", func() *sim.Device {
			return sim.New(sim.Options{DeviceAuth: sim.DeviceAuthOptions{Offline: true, NeverAttested: true}})
		}, deviceauth.SSLGetTenantCertificateError, 0},
		{"expired while offline", func() *sim.Device {
			d := sim.New(sim.Options{DeviceAuth: sim.DeviceAuthOptions{Offline: true}})
			d.Advance(sim.DAAValidity + time.Second)
			return d
		}, deviceauth.SSLGetTenantCertificateError, 0},
		{"hardware signing unavailable", func() *sim.Device {
			d := sim.New(sim.Options{})
			d.FailNext("EnableHwSign", syscall.EIO)
			return d
		}, deviceauth.SSLEnableHWSignError, syscall.EIO},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dev := tc.setup()
			defer dev.Close()
			cfg := &tls.Config{}
			err := deviceauth.New(dev.DeviceAuth()).ConfigureTLS(cfg)
			var se *deviceauth.SSLError
			if !errors.As(err, &se) || se.Result != tc.want || se.Op != "ConfigureTLS" {
				t.Fatalf("ConfigureTLS = %v, want *SSLError from ConfigureTLS with %v", err, tc.want)
			}
			if tc.errno != 0 && !errors.Is(err, tc.errno) {
				t.Errorf("ConfigureTLS = %v, want it to wrap %v", err, tc.errno)
			}
			if cfg.GetClientCertificate != nil {
				t.Error("a failed ConfigureTLS set GetClientCertificate")
			}
		})
	}
}

func TestResultValues(t *testing.T) {
	for _, tc := range []struct {
		r    deviceauth.SSLResult
		want int
		name string
	}{
		{deviceauth.SSLSuccess, 0, "DeviceAuthSslResult_Success"},
		{deviceauth.SSLGetTenantIDError, 1, "DeviceAuthSslResult_GetTenantIdError"},
		{deviceauth.SSLGetTenantCertificateError, 2, "DeviceAuthSslResult_GetTenantCertificateError"},
		{deviceauth.SSLEnableHWSignError, 3, "DeviceAuthSslResult_EnableHwSignError"},
	} {
		if int(tc.r) != tc.want || tc.r.String() != tc.name {
			t.Errorf("%v = %d, want %s = %d", tc.r, int(tc.r), tc.name, tc.want)
		}
	}
}

func TestConfigureTLSNil(t *testing.T) {
	dev := sim.New(sim.Options{})
	if err := deviceauth.New(dev.DeviceAuth()).ConfigureTLS(nil); !errors.Is(err, syscall.EFAULT) {
		t.Errorf("ConfigureTLS(nil) = %v, want EFAULT", err)
	}
}

// ctxBackend is a backend that configures C TLS contexts, as the device backend does.
type ctxBackend struct {
	deviceauth.Backend
	result deviceauth.SSLResult
	got    unsafe.Pointer
}

func (b *ctxBackend) SSLCtxFunc(sslctx unsafe.Pointer) deviceauth.SSLResult {
	b.got = sslctx
	return b.result
}

func TestSSLCtxFunc(t *testing.T) {
	dev := sim.New(sim.Options{})
	var ctx [8]byte // stands for a WOLFSSL_CTX
	p := unsafe.Pointer(&ctx)

	err := deviceauth.New(dev.DeviceAuth()).SSLCtxFunc(p)
	var se *deviceauth.SSLError
	if !errors.As(err, &se) || se.Result != deviceauth.SSLEnableHWSignError || !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("SSLCtxFunc on the simulator = %v, want *SSLError with SSLEnableHWSignError wrapping errors.ErrUnsupported", err)
	}

	for _, r := range []deviceauth.SSLResult{deviceauth.SSLSuccess, deviceauth.SSLGetTenantIDError, deviceauth.SSLGetTenantCertificateError, deviceauth.SSLEnableHWSignError} {
		b := &ctxBackend{Backend: dev.DeviceAuth(), result: r}
		err := deviceauth.New(b).SSLCtxFunc(p)
		if b.got != p {
			t.Errorf("backend got context %p, want %p", b.got, p)
		}
		if r == deviceauth.SSLSuccess {
			if err != nil {
				t.Errorf("SSLCtxFunc with result %v = %v, want nil", r, err)
			}
			continue
		}
		if !errors.As(err, &se) || se.Result != r || se.Op != "SSLCtxFunc" {
			t.Errorf("SSLCtxFunc with result %v = %v, want *SSLError with that result", r, err)
		}
	}
	if err := deviceauth.New(dev.DeviceAuth()).SSLCtxFunc(nil); !errors.Is(err, syscall.EFAULT) {
		t.Errorf("SSLCtxFunc(nil) = %v, want EFAULT", err)
	}
}
