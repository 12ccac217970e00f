//go:build abidouble && cgo && linux && !azsphere

package main

// Test support, not part of the example: the controls of the C test double of the device
// libraries (internal/device/abidouble), which a build with -tags abidouble links in place
// of libapplibs and libtlsutils. They are declared here, from the double's abidouble.h,
// because a program in examples/ imports only what other modules can import; main_test.go
// uses them.

// #include <stdbool.h>
// #include <stddef.h>
// void abidouble_reset(void);
// void abidouble_set_daa(const char *path, bool ready, int sslResult);
// void abidouble_set_daa_credentials(const char *certChainFile, const char *keyFile);
// int abidouble_daa_calls(void);
// size_t abidouble_daa_error(char *buf, size_t cap);
// void abidouble_reboot(void);
// int abidouble_violations(char *buf, size_t cap);
// #include <stdlib.h>
import "C"

import "unsafe"

// double drives the C test double.
type double struct{}

// Reset empties the double's stores and restores its defaults.
func (double) Reset() { C.abidouble_reset() }

// SetDAA sets the DAA certificate path, Application_IsDeviceAuthReady's answer and
// DeviceAuth_SslCtxFunc's result; cert and key are the PEM files DeviceAuth_SslCtxFunc loads
// into libcurl's (OpenSSL) TLS context when the result is success.
func (double) SetDAA(cert, key string, ready bool, result int) {
	cc, ck := C.CString(cert), C.CString(key)
	defer C.free(unsafe.Pointer(cc))
	defer C.free(unsafe.Pointer(ck))
	C.abidouble_set_daa(cc, C.bool(ready), C.int(result))
	C.abidouble_set_daa_credentials(cc, ck)
}

// DAACalls returns how often DeviceAuth_SslCtxFunc was called since the last reset.
func (double) DAACalls() int { return int(C.abidouble_daa_calls()) }

// DAAError says why DeviceAuth_SslCtxFunc could not load the test credentials, if it could not.
func (double) DAAError() string {
	var buf [512]C.char
	C.abidouble_daa_error(&buf[0], C.size_t(len(buf)))
	return C.GoString(&buf[0])
}

// Reboot restarts the double's Wi-Fi side: the stored configuration becomes the running one.
func (double) Reboot() { C.abidouble_reboot() }

// Violations reports the ABI violations the double saw since the last reset.
func (double) Violations() (int, string) {
	var buf [2048]C.char
	n := C.abidouble_violations(&buf[0], C.size_t(len(buf)))
	return int(n), C.GoString(&buf[0])
}
