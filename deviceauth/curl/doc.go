// Package curl is a small HTTPS client for Azure Sphere device programs, over the libcurl of
// the SDK's sysroot through cgo. Its reason to exist is mutual TLS with the device's
// device-authentication (DAA) certificate: on the device the DAA key is held by the security
// subsystem and only a TLS context configured by DeviceAuth_SslCtxFunc can use it, which
// Go's crypto/tls cannot be (see deviceauth.ErrHardwareKey). Client.DeviceAuth makes
// libcurl call DeviceAuth_SslCtxFunc on its TLS context, as the C samples do with
// DeviceAuth_CurlSslFunc:
//
//	c := &curl.Client{DeviceAuth: true, RootCAFile: rootsPath, Timeout: 30 * time.Second}
//	resp, err := c.Get(ctx, "https://issuer.contoso.example/enroll")
//	var se *deviceauth.SSLError
//	if errors.As(err, &se) && se.Result == deviceauth.SSLGetTenantCertificateError {
//		// not attested yet: wait for application.IsDeviceAuthReady and try again
//	}
//
// # Model
//
// A Client holds settings: the roots that verify the server (a PEM file, PEM bytes, or
// libcurl's default), the client certificate (the device's, or files), a timeout and a
// limit on the response size. Each request (Do, Get, Post) runs on a new libcurl easy
// handle, driven through the multi interface on the calling goroutine: the client waits
// inside libcurl at most 100 ms at a time and checks the request's context in between, so
// that cancellation works without any call from C into Go. Every libcurl callback (the
// response body and header collectors, the SSL-context callback) is C; the response is
// copied into Go when the transfer ends. This keeps the package within TinyGo's cgo (no
// //export, no finalizers, no C.bool, no errno results).
//
// # Builds
//
//   - The device (GOOS=linux GOARCH=arm, cgo, -tags azsphere): links -lcurl -ltlsutils from
//     the sysroot. The SDK's libcurl uses wolfSSL: DeviceAuth_SslCtxFunc receives a
//     WOLFSSL_CTX*. RootCAs (CURLOPT_CAINFO_BLOB) needs a libcurl of 8.2 or later there;
//     with an older one use RootCAFile, a file in the image package.
//   - A Linux host (cgo): libcurl.so.4 is loaded at run time with dlopen, so building needs
//     no libcurl development files and a machine without libcurl gets an error wrapping
//     errors.ErrUnsupported. There is no DeviceAuth_SslCtxFunc: a request with
//     Client.DeviceAuth fails before it starts with a *deviceauth.SSLError wrapping
//     errors.ErrUnsupported; present a certificate with CertFile and KeyFile instead.
//   - Tests (-tags abidouble, cgo, Linux): as on a host, with DeviceAuth_SslCtxFunc from
//     the C test double in internal/device/abidouble, which loads a test certificate and
//     key into the OpenSSL SSL_CTX that Debian's libcurl hands it.
//   - Anything else (no cgo, not Linux): every request fails with an error wrapping
//     errors.ErrUnsupported.
//
// # Errors
//
// A request without a response fails with an *Error: libcurl's result code (Code, with the
// CURLcode values), libcurl's words (curl_easy_strerror and its error buffer), the errno that
// applies (ETIMEDOUT, ECONNREFUSED, EINVAL, EFBIG, ...) and the cause: a
// *deviceauth.SSLError with the DeviceAuthSslResult when DeviceAuth_SslCtxFunc failed (then
// Code is CodeSSLCertProblem, as DeviceAuth_CurlSslFunc returns), the context's error when
// the context ended, errors.ErrUnsupported for what the build or libcurl cannot do. An HTTP
// status is never an error: a server that refuses the device after the handshake answers
// 401 or 403 in a Response; one that refuses its certificate in the handshake ends the
// request with a TLS alert (see Error).
package curl
