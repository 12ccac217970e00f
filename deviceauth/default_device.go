//go:build cgo && ((azsphere && linux && arm) || abidouble)

package deviceauth

import (
	"crypto"
	"encoding/pem"
	"os"
	"syscall"
	"unsafe"

	"github.com/azsphere-go/applibs/internal/device"
)

// platformBackend is the default backend of a device build: the device's
// device-authentication service, through libtlsutils. (With the test tag abidouble, the C
// double stands in.)
func platformBackend() Backend { return deviceIdentity{device.DeviceAuthBackend()} }

// deviceIdentity is the device's device-authentication service as a Backend and an
// SSLCtxConfigurer.
type deviceIdentity struct{ d *device.DeviceAuth }

// CertificatePath calls DeviceAuth_GetCertificatePath. The C function cannot fail; a NULL
// result, which the documentation does not foresee, is reported as ENOENT.
func (x deviceIdentity) CertificatePath() (string, error) {
	p, ok := x.d.CertificatePath()
	if !ok {
		return "", &Error{Op: "GetCertificatePath", Errno: syscall.ENOENT, Reason: "DeviceAuth_GetCertificatePath returned NULL"}
	}
	return p, nil
}

// Credentials reports the certificate chain in the file DeviceAuth_GetCertificatePath names,
// but no key: on the device the key never leaves the security subsystem, and the only way to
// use it the SDK documents is DeviceAuth_SslCtxFunc on a wolfSSL context, which Go's
// crypto/tls cannot be. The error is an *SSLError with SSLEnableHWSignError wrapping
// ErrHardwareKey.
func (x deviceIdentity) Credentials() ([][]byte, crypto.Signer, error) {
	const op = "Credentials"
	path, err := x.CertificatePath()
	if err != nil {
		return nil, nil, &SSLError{Op: op, Result: SSLGetTenantCertificateError, Err: err}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, &SSLError{Op: op, Result: SSLGetTenantCertificateError,
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
		return nil, nil, &SSLError{Op: op, Result: SSLGetTenantCertificateError,
			Reason: "the device-authentication certificate file holds no certificate"}
	}
	return chain, nil, &SSLError{Op: op, Result: SSLEnableHWSignError, Err: ErrHardwareKey}
}

// SSLCtxFunc implements SSLCtxConfigurer: it calls DeviceAuth_SslCtxFunc.
func (x deviceIdentity) SSLCtxFunc(sslctx unsafe.Pointer) SSLResult {
	return SSLResult(x.d.SSLCtxFunc(sslctx))
}
