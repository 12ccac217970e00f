//go:build (azsphere || abidouble) && cgo

package device

// #include "applibs.h"
import "C"

import (
	"crypto"
	"encoding/pem"
	"errors"
	"os"
	"unsafe"

	"github.com/azsphere-go/applibs/internal/daa"
)

// DeviceAuth is the device-authentication service of the device. Its methods are those of
// deviceauth.Backend and call the DeviceAuth_* functions of libtlsutils.
type DeviceAuth struct{}

var deviceAuth DeviceAuth

// DeviceAuthBackend returns the device's device-authentication service.
func DeviceAuthBackend() *DeviceAuth { return &deviceAuth }

// CertificatePath calls DeviceAuth_GetCertificatePath. The C function cannot fail; a NULL
// result, which the documentation does not foresee, is reported as ENOENT.
func (*DeviceAuth) CertificatePath() (string, error) {
	mu.Lock()
	p := C.DeviceAuth_GetCertificatePath()
	mu.Unlock()
	if p == nil {
		return "", &daa.SSLError{Op: "GetCertificatePath", Result: daa.SSLGetTenantCertificateError,
			Reason: "DeviceAuth_GetCertificatePath returned NULL", Err: os.ErrNotExist}
	}
	return C.GoString(p), nil
}

// ErrHardwareKey is the cause of the error Credentials returns on the device.
var ErrHardwareKey = errors.New("the device-authentication key is held by the security subsystem and can be used only by a TLS context configured with DeviceAuth_SslCtxFunc; Go's crypto/tls cannot use it")

// Credentials reports the certificate chain in the file DeviceAuth_GetCertificatePath names,
// but no key: on the device the key never leaves the security subsystem, and the only way to
// use it the SDK documents is DeviceAuth_SslCtxFunc on a wolfSSL context, which Go's
// crypto/tls cannot be. The error is an SSLError with SSLEnableHWSignError wrapping
// ErrHardwareKey; use SSLCtxFunc from a C TLS stack instead.
func (d *DeviceAuth) Credentials() ([][]byte, crypto.Signer, error) {
	const op = "Credentials"
	path, err := d.CertificatePath()
	if err != nil {
		return nil, nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, &daa.SSLError{Op: op, Result: daa.SSLGetTenantCertificateError,
			Reason: "cannot read the device-authentication certificate", Err: err}
	}
	var chain [][]byte
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			break
		}
		if b.Type == "CERTIFICATE" {
			chain = append(chain, b.Bytes)
		}
	}
	if len(chain) == 0 {
		return nil, nil, &daa.SSLError{Op: op, Result: daa.SSLGetTenantCertificateError,
			Reason: "the device-authentication certificate file holds no certificate"}
	}
	return chain, nil, &daa.SSLError{Op: op, Result: daa.SSLEnableHWSignError, Err: ErrHardwareKey}
}

// SSLCtxFunc calls DeviceAuth_SslCtxFunc: it configures the wolfSSL context sslctx (the
// pointer libcurl hands a CURLOPT_SSL_CTX_FUNCTION callback) for mutual authentication with
// the application's device-authentication credentials, and returns the DeviceAuthSslResult.
func (*DeviceAuth) SSLCtxFunc(sslctx unsafe.Pointer) daa.SSLResult {
	mu.Lock()
	r := C.DeviceAuth_SslCtxFunc(sslctx)
	mu.Unlock()
	return daa.SSLResult(r)
}
