//go:build cgo && linux && !azsphere && !abidouble

package curl

// A Linux host: libcurl is loaded at run time (libcurl.so.4), so that building needs no
// libcurl development files; there is no DeviceAuth_SslCtxFunc.

// #cgo CFLAGS: -DAZSG_CURL_DLOPEN=1 -DAZSG_HAVE_DAA=0
// #cgo LDFLAGS: -ldl
import "C"

// haveDeviceAuth reports whether Client.DeviceAuth can work in this build.
const haveDeviceAuth = false
