//go:build cgo && linux && azsphere && !abidouble

package curl

// The device: libcurl (the SDK's, over wolfSSL) and DeviceAuth_SslCtxFunc (libtlsutils) are
// linked.

// #cgo CFLAGS: -DAZSG_CURL_DLOPEN=0 -DAZSG_HAVE_DAA=1
// #cgo LDFLAGS: -lcurl -ltlsutils
import "C"

// haveDeviceAuth reports whether Client.DeviceAuth can work in this build.
const haveDeviceAuth = true
