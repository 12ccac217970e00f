//go:build abidouble && cgo

package abidouble

// #cgo linux LDFLAGS: -ldl
// #include <stdlib.h>
// #include "abidouble.h"
import "C"

import (
	"syscall"
	"unsafe"
)

// Capability bits for SetCapabilities, as the application manifest grants them.
const (
	CapCertStore      = C.AD_CAP_CERTSTORE
	CapWifiConfig     = C.AD_CAP_WIFICONFIG
	CapEnterpriseWifi = C.AD_CAP_ENTERPRISE_WIFI
	CapAll            = C.AD_CAP_ALL
)

// Fill modes for SetFill: what the double writes after the NUL of a string it returns, and
// after the SSID in an SSID array.
const (
	FillZero = C.AD_FILL_ZERO // NUL bytes: catches a binding that keeps trailing NULs
	FillJunk = C.AD_FILL_JUNK // printable junk: catches a binding that reads past the NUL
)

// Reset empties every store of the double and restores its defaults: all capabilities, no
// faults, FillJunk, a 24 KiB certificate store, no registered key password.
func Reset() {
	C.abidouble_reset()
	SetKeyPassword(nil)
}

// SetCapabilities sets the capabilities of the simulated manifest (Cap* bits).
func SetCapabilities(caps int) { C.abidouble_set_caps(C.int(caps)) }

// SetFill sets how returned buffers are filled after their contents.
func SetFill(mode int) { C.abidouble_set_fill(C.int(mode)) }

// SetCapacity sets the size of the certificate store in bytes.
func SetCapacity(n int) { C.abidouble_set_capacity(C.int(n)) }

// SetKeyPassword registers the password of the encrypted keys a test installs; nil means any
// non-empty password is accepted.
func SetKeyPassword(pw []byte) {
	if pw == nil {
		C.abidouble_set_key_password(nil)
		return
	}
	cs := C.CString(string(pw))
	defer C.free(unsafe.Pointer(cs))
	C.abidouble_set_key_password(cs)
}

// FailNext makes the next call of the C function fn fail with errno before it has any effect.
func FailNext(fn string, errno syscall.Errno) {
	cs := C.CString(fn)
	defer C.free(unsafe.Pointer(cs))
	C.abidouble_fail_next(cs, C.int(errno))
}

// Violations returns how many times the binding broke the ABI contract (an unterminated
// string, a wrong struct size or version, a wrong length for a typed attribute) since the last
// Reset, and a description of the first ones.
func Violations() (int, string) {
	var buf [2048]C.char
	n := C.abidouble_violations(&buf[0], C.size_t(len(buf)))
	return int(n), C.GoString(&buf[0])
}

// LastPassword reports what the last InstallClientCertificate call received as its password:
// null is true for a NULL pointer; installed is false when no install call has been made.
func LastPassword() (pw string, null, installed bool) {
	switch C.abidouble_last_password_was_null() {
	case -1:
		return "", false, false
	case 1:
		return "", true, true
	}
	var buf [512]C.char
	C.abidouble_last_password(&buf[0], C.size_t(len(buf)))
	return C.GoString(&buf[0]), false, true
}

// LastIdentifier returns the last certificate identifier a certstore function received, as
// the C code read it (up to its NUL).
func LastIdentifier() string {
	var buf [64]C.char
	C.abidouble_last_identifier(&buf[0], C.size_t(len(buf)))
	return C.GoString(&buf[0])
}

// AddScanned adds a BSS to the results of the next scan.
func AddScanned(ssid []byte, bssid [6]byte, security uint8, freqMHz uint32, rssi int8) {
	var s [32]C.uint8_t
	for i, b := range ssid {
		s[i] = C.uint8_t(b)
	}
	b := cBSSID(bssid)
	C.abidouble_add_scanned(&s[0], C.size_t(len(ssid)), &b[0], C.uint8_t(security), C.uint32_t(freqMHz), C.int8_t(rssi))
}

func cBSSID(b [6]byte) [6]C.uint8_t {
	var c [6]C.uint8_t
	for i := range b {
		c[i] = C.uint8_t(b[i])
	}
	return c
}

// Connect makes the double connected to network id (-1: disconnected) through the BSS
// bssid.
func Connect(id int, bssid [6]byte, freqMHz uint32, rssi int8) bool {
	b := cBSSID(bssid)
	return C.abidouble_connect(C.int(id), &b[0], C.uint32_t(freqMHz), C.int8_t(rssi)) == 0
}

// SetDiagnostics records a connection failure for network id.
func SetDiagnostics(id int, errorCode int32, timestamp int64, certError, certDepth int32, certSubject string) bool {
	cs := C.CString(certSubject)
	defer C.free(unsafe.Pointer(cs))
	return C.abidouble_set_diagnostics(C.int(id), C.int32_t(errorCode), C.int64_t(timestamp), C.int32_t(certError), C.int32_t(certDepth), cs) == 0
}

// SetAccessPoint puts an access point in range, replacing one with the same BSSID. From
// then on the double connects enabled networks to matching access points after every change,
// records diagnostics (NetworkNotFound, SecurityTypeMismatch, NoPskIncluded, WrongKey) for
// those that fail, and scans report the access points in range; hidden ones only for a
// network with targeted scanning. EAP-TLS networks never connect.
func SetAccessPoint(ssid []byte, bssid [6]byte, freqMHz uint32, rssi int8, security uint8, psk []byte, hidden bool) bool {
	var s [32]C.uint8_t
	for i, b := range ssid {
		s[i] = C.uint8_t(b)
	}
	var p [64]C.char
	for i, b := range psk {
		p[i] = C.char(b)
	}
	b := cBSSID(bssid)
	return C.abidouble_set_access_point(&s[0], C.size_t(len(ssid)), &b[0], C.uint32_t(freqMHz), C.int8_t(rssi),
		C.uint8_t(security), &p[0], C.size_t(len(psk)), C.bool(hidden)) == 0
}

// Reboot restarts the double's Wi-Fi side as a device reboot would: the stored
// configuration becomes the running one; connections and diagnostics are dropped. The
// certificate store is kept.
func Reboot() { C.abidouble_reboot() }

// StoredPSK returns the PSK the double holds for network id, or nil.
func StoredPSK(id int) []byte {
	var buf [64]C.char
	n := C.abidouble_stored_psk(C.int(id), &buf[0], C.size_t(len(buf)))
	if n < 0 {
		return nil
	}
	return C.GoBytes(unsafe.Pointer(&buf[0]), C.int(n))
}

// SetDAA sets the path DeviceAuth_GetCertificatePath returns, what
// Application_IsDeviceAuthReady reports, and the result of DeviceAuth_SslCtxFunc.
func SetDAA(path string, ready bool, sslResult int) {
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	C.abidouble_set_daa(cs, C.bool(ready), C.int(sslResult))
}

// SetMemory sets what z__Applications_GetMemoryInfo reports, in KiB.
func SetMemory(totalKB, userKB, peakKB uint) {
	C.abidouble_set_memory(C.size_t(totalKB), C.size_t(userKB), C.size_t(peakKB))
}

// AllowConnection makes Application_Connect(componentID) return fd (replacing the fd given
// before for the same component ID). The double does not close it.
func AllowConnection(componentID string, fd int) {
	cs := C.CString(componentID)
	defer C.free(unsafe.Pointer(cs))
	C.abidouble_allow_connection(cs, C.int(fd))
}

// LastSSLCtx returns the pointer the last DeviceAuth_SslCtxFunc call received.
func LastSSLCtx() uintptr { return uintptr(C.abidouble_last_sslctx()) }

// The values of DeviceAuthSslResult, for SetDAA.
const (
	SSLSuccess                   = C.DeviceAuthSslResult_Success
	SSLGetTenantIDError          = C.DeviceAuthSslResult_GetTenantIdError
	SSLGetTenantCertificateError = C.DeviceAuthSslResult_GetTenantCertificateError
	SSLEnableHWSignError         = C.DeviceAuthSslResult_EnableHwSignError
)

// SetDAACredentials names the PEM files of a test certificate chain and its private key that
// DeviceAuth_SslCtxFunc loads into the TLS context it is given, when its result (SetDAA) is
// SSLSuccess: it then presents them as the device would present its device-authentication
// certificate. The context must be an OpenSSL SSL_CTX*, as the SSL-context callback of an
// OpenSSL-backed libcurl receives (on the device it is a WOLFSSL_CTX*). Empty names load
// nothing. Reset clears them.
func SetDAACredentials(certChainFile, keyFile string) {
	cc := C.CString(certChainFile)
	defer C.free(unsafe.Pointer(cc))
	ck := C.CString(keyFile)
	defer C.free(unsafe.Pointer(ck))
	C.abidouble_set_daa_credentials(cc, ck)
}

// DAACalls returns how often DeviceAuth_SslCtxFunc was called since the last Reset.
func DAACalls() int { return int(C.abidouble_daa_calls()) }

// DAAError says why the last DeviceAuth_SslCtxFunc call could not load the credentials, or
// returns "" when it did not fail that way.
func DAAError() string {
	var buf [512]C.char
	C.abidouble_daa_error(&buf[0], C.size_t(len(buf)))
	return C.GoString(&buf[0])
}

// CurlSslFunc calls the double's DeviceAuth_CurlSslFunc (the exported form of older SDKs)
// with sslctx and returns its CURLcode: 0 or 58 (CURLE_SSL_CERTPROBLEM).
func CurlSslFunc(sslctx unsafe.Pointer) int {
	return int(C.DeviceAuth_CurlSslFunc(nil, sslctx, nil))
}
