package deviceauth

import (
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"sync/atomic"
	"syscall"
	"unsafe"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// Backend is the seam between an Identity and the device's device-authentication service:
// the device (through libtlsutils), or the simulated device. Implementations must be safe for
// concurrent use and must never hand out the private key.
type Backend interface {
	// CertificatePath returns the path of the PEM file holding the application's
	// device-authentication certificate, as DeviceAuth_GetCertificatePath does. The file may
	// be absent while the certificate is not ready.
	CertificatePath() (string, error)
	// Credentials returns the device-authentication certificate chain of the application's
	// tenant, leaf first, each certificate in DER, and a crypto.Signer for the leaf's public
	// key whose Sign runs on the device: the key itself never leaves the backend. It checks
	// what DeviceAuth_SslCtxFunc checks and reports a failure as an *SSLError with the
	// matching result (any other error counts as SSLGetTenantCertificateError).
	Credentials() (chain [][]byte, key crypto.Signer, err error)
}

// SSLCtxConfigurer is an optional interface of a Backend that configures a C TLS context
// itself, as DeviceAuth_SslCtxFunc does. The device backend implements it: there the key can
// be used only by a wolfSSL context that DeviceAuth_SslCtxFunc configured.
type SSLCtxConfigurer interface {
	// SSLCtxFunc calls DeviceAuth_SslCtxFunc on sslctx and returns its result.
	SSLCtxFunc(sslctx unsafe.Pointer) SSLResult
}

// Identity is the application's device-authentication identity, bound to a Backend. Its
// methods are the Go counterparts of the DeviceAuth_* functions. An Identity is safe for
// concurrent use if its backend is.
//
// An Identity without a backend (New(nil), or the default of a build without the device)
// fails every call with an error wrapping errors.ErrUnsupported that says how to get a
// backend; a nil *Identity fails every call with EFAULT.
type Identity struct {
	b Backend
}

// New returns an Identity that calls b. A nil b makes an Identity whose calls fail with an
// error wrapping errors.ErrUnsupported.
func New(b Backend) *Identity { return &Identity{b: b} }

// Backend returns the backend the identity calls, nil for none.
func (id *Identity) Backend() Backend {
	if id == nil {
		return nil
	}
	return id.b
}

// backend returns the backend for a call of op, or the error of an Identity without one: an
// *Error for GetCertificatePath, an *SSLError (with SSLGetTenantIDError, as the C function
// cannot start) for the TLS calls.
func (id *Identity) backend(op string, ssl bool) (Backend, error) {
	var err error
	switch {
	case id == nil:
		err = &Error{Op: op, Errno: syscall.EFAULT, Reason: "the *deviceauth.Identity is nil; make one with deviceauth.New or use deviceauth.Default"}
	case id.b == nil:
		err = wrap(op, apierr.Unsupported("deviceauth", op))
	default:
		return id.b, nil
	}
	if ssl {
		return nil, &SSLError{Op: op, Result: SSLGetTenantIDError, Reason: "no device-authentication backend", Err: err}
	}
	return nil, err
}

var defaultIdentity atomic.Pointer[Identity]

func init() { defaultIdentity.Store(New(platformBackend())) }

// Default returns the Identity that the package-level functions use.
func Default() *Identity { return defaultIdentity.Load() }

// SetDefault makes b the backend of the package-level functions and returns the previous
// one, so that a caller can restore it. A nil b makes them fail with an error wrapping
// errors.ErrUnsupported. The default is process-wide: tests that replace it
// must not run in parallel with other tests that use the package-level functions.
func SetDefault(b Backend) (previous Backend) {
	return defaultIdentity.Swap(New(b)).b
}

// GetCertificatePath mirrors DeviceAuth_GetCertificatePath: the path of a PEM file holding
// the application's device-authentication (DAA) certificate. As in C, a path is returned
// even when the certificate is not ready: check application.IsDeviceAuthReady first, and
// expect the file to be absent or replaced as the certificate expires and is renewed. The
// path is valid for the life of the process. The private key is never in the file; present
// the certificate with ConfigureTLS or ClientCertificate, which sign on the device.
//
// The C function cannot fail; a Go backend may (the default backend of a build without the
// device returns an error wrapping errors.ErrUnsupported).
func (id *Identity) GetCertificatePath() (string, error) {
	const op = "GetCertificatePath"
	b, err := id.backend(op, false)
	if err != nil {
		return "", err
	}
	p, err := b.CertificatePath()
	if err != nil {
		return "", wrap(op, err)
	}
	return p, nil
}

// ClientCertificate returns the application's device-authentication credentials as a
// tls.Certificate: Certificate holds the chain for the application's tenant (leaf first),
// Leaf the parsed leaf, and PrivateKey a crypto.Signer that signs on the device, never the
// key itself. It makes the checks DeviceAuth_SslCtxFunc makes; a failure is an *SSLError
// whose Result says which step failed.
//
// The certificate is renewed by the device about daily; call ClientCertificate for each
// connection (ConfigureTLS does) rather than keeping the result.
func (id *Identity) ClientCertificate() (*tls.Certificate, error) {
	return id.clientCertificate("ClientCertificate")
}

func (id *Identity) clientCertificate(op string) (*tls.Certificate, error) {
	b, err := id.backend(op, true)
	if err != nil {
		return nil, err
	}
	chain, key, err := b.Credentials()
	if err != nil {
		return nil, sslError(op, err)
	}
	if len(chain) == 0 || key == nil {
		return nil, &SSLError{Op: op, Result: SSLGetTenantCertificateError, Reason: "the backend returned no certificate"}
	}
	leaf, err := x509.ParseCertificate(chain[0])
	if err != nil {
		return nil, &SSLError{Op: op, Result: SSLGetTenantCertificateError, Reason: "the device-authentication certificate does not parse", Err: err}
	}
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(leaf.PublicKey) {
		return nil, &SSLError{Op: op, Result: SSLEnableHWSignError, Reason: "the device's signing key does not match the certificate"}
	}
	return &tls.Certificate{Certificate: chain, PrivateKey: key, Leaf: leaf}, nil
}

// ConfigureTLS is the Go counterpart of DeviceAuth_SslCtxFunc (and of
// DeviceAuth_CurlSslFunc, which calls it): it sets up cfg for TLS mutual authentication with
// the application's device-authentication credentials. It first checks that the credentials
// are available now, returning an *SSLError as the C function returns a
// DeviceAuthSslResult, and then sets cfg.GetClientCertificate to present them on every
// handshake, fetching them afresh each time so that a renewed certificate is used. If the
// credentials become unavailable later (the certificate expired while the device was
// offline), the handshake fails with that *SSLError.
//
// ConfigureTLS changes only GetClientCertificate, and only on success. Use it on the
// tls.Config of an http.Transport (TLSClientConfig) or of tls.Dial. A nil cfg is an
// *Error with EFAULT.
func (id *Identity) ConfigureTLS(cfg *tls.Config) error {
	const op = "ConfigureTLS"
	if cfg == nil {
		return &Error{Op: op, Errno: syscall.EFAULT, Reason: "tls.Config is nil"}
	}
	if _, err := id.clientCertificate(op); err != nil {
		return err
	}
	cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
		return id.clientCertificate("GetClientCertificate")
	}
	return nil
}

// SSLCtxFunc mirrors DeviceAuth_SslCtxFunc for programs that use a C TLS stack through cgo
// (wolfSSL directly, or libcurl's CURLOPT_SSL_CTX_FUNCTION callback, which is what
// DeviceAuth_CurlSslFunc does): it configures the WOLFSSL_CTX that sslctx points to for
// mutual authentication with the device-authentication credentials. It returns nil for
// DeviceAuthSslResult_Success and otherwise an *SSLError holding the result.
//
// It needs a backend that implements SSLCtxConfigurer (the device). With any other backend,
// the simulator for one, it returns an *SSLError with SSLEnableHWSignError wrapping
// errors.ErrUnsupported: Go code uses ConfigureTLS. A nil sslctx is an *Error with EFAULT.
func (id *Identity) SSLCtxFunc(sslctx unsafe.Pointer) error {
	const op = "SSLCtxFunc"
	if sslctx == nil {
		return &Error{Op: op, Errno: syscall.EFAULT, Reason: "sslctx is nil"}
	}
	b, err := id.backend(op, true)
	if err != nil {
		return err
	}
	c, ok := b.(SSLCtxConfigurer)
	if !ok {
		return &SSLError{Op: op, Result: SSLEnableHWSignError, Reason: "the backend cannot configure a C TLS context; use ConfigureTLS",
			Err: errors.ErrUnsupported}
	}
	if r := c.SSLCtxFunc(sslctx); r != SSLSuccess {
		return &SSLError{Op: op, Result: r}
	}
	return nil
}

// GetCertificatePath calls Default().GetCertificatePath: it mirrors
// DeviceAuth_GetCertificatePath.
func GetCertificatePath() (string, error) { return Default().GetCertificatePath() }

// ClientCertificate calls Default().ClientCertificate: the device-authentication
// credentials that DeviceAuth_SslCtxFunc would install, as a tls.Certificate.
func ClientCertificate() (*tls.Certificate, error) { return Default().ClientCertificate() }

// SSLCtxFunc calls Default().SSLCtxFunc: it mirrors DeviceAuth_SslCtxFunc on a C TLS
// context.
func SSLCtxFunc(sslctx unsafe.Pointer) error { return Default().SSLCtxFunc(sslctx) }

// ConfigureTLS calls Default().ConfigureTLS: it mirrors DeviceAuth_SslCtxFunc.
func ConfigureTLS(cfg *tls.Config) error { return Default().ConfigureTLS(cfg) }
