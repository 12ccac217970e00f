//go:build (azsphere || abidouble) && cgo

package device

// #include "applibs.h"
import "C"

import "unsafe"

// DeviceAuth is the device-authentication service of the device: its methods call the
// DeviceAuth_* functions of libtlsutils. Package deviceauth adapts them to its Backend in a
// device build.
type DeviceAuth struct{}

var deviceAuth DeviceAuth

// DeviceAuthBackend returns the device's device-authentication service.
func DeviceAuthBackend() *DeviceAuth { return &deviceAuth }

// CertificatePath calls DeviceAuth_GetCertificatePath. ok is false when it returned NULL,
// which the documentation does not foresee.
func (*DeviceAuth) CertificatePath() (path string, ok bool) {
	mu.Lock()
	p := C.DeviceAuth_GetCertificatePath()
	mu.Unlock()
	if p == nil {
		return "", false
	}
	return C.GoString(p), true
}

// SSLCtxFunc calls DeviceAuth_SslCtxFunc: it configures the TLS context sslctx (with the
// SDK's libcurl, the WOLFSSL_CTX* a CURLOPT_SSL_CTX_FUNCTION callback receives) for mutual
// authentication with the application's device-authentication credentials, and returns the
// DeviceAuthSslResult.
func (*DeviceAuth) SSLCtxFunc(sslctx unsafe.Pointer) int {
	mu.Lock()
	r := C.DeviceAuth_SslCtxFunc(sslctx)
	mu.Unlock()
	return int(r)
}
