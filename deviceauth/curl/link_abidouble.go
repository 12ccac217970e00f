//go:build cgo && linux && abidouble && !azsphere

package curl

// Tests: libcurl is loaded at run time as on a host, and DeviceAuth_SslCtxFunc is the C
// test double's, which loads a test certificate and key into the OpenSSL SSL_CTX that
// Debian's libcurl hands the callback.

// #cgo CFLAGS: -DAZSG_CURL_DLOPEN=1 -DAZSG_HAVE_DAA=1
// #cgo LDFLAGS: -ldl
import "C"

import _ "github.com/azsphere-go/applibs/internal/device/abidouble"

// haveDeviceAuth reports whether Client.DeviceAuth can work in this build.
const haveDeviceAuth = true
