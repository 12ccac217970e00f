// Package deviceauth authenticates an Azure Sphere application to services with the
// device's device-authentication and attestation (DAA) certificate: the Go counterpart of
// the tlsutils headers deviceauth.h (DeviceAuth_GetCertificatePath) and deviceauth_curl.h
// (DeviceAuth_SslCtxFunc, DeviceAuth_CurlSslFunc).
//
// # Model
//
// Every day the device attests to the Azure Sphere Security Service and receives a DAA
// certificate, issued by its tenant's CA, whose subject common name is the device ID (128
// hexadecimal characters). The certificate is valid for about a day and survives reboots; a
// device that cannot reach the service for longer loses it. application.IsDeviceAuthReady
// says whether it is valid now. Its private key never leaves the device's security
// subsystem: signatures are made there.
//
// An application that names its tenant in the DeviceAuthentication capability of its
// manifest can use the certificate for TLS mutual authentication. In C it calls
// DeviceAuth_SslCtxFunc on a wolfSSL context (or passes DeviceAuth_CurlSslFunc to curl). In
// Go, ConfigureTLS sets up a tls.Config, whose GetClientCertificate then presents the chain
// and signs on the device on every handshake:
//
//	cfg := &tls.Config{RootCAs: serverRoots}
//	if err := deviceauth.ConfigureTLS(cfg); err != nil {
//		var se *deviceauth.SSLError
//		if errors.As(err, &se) && se.Result == deviceauth.SSLGetTenantCertificateError {
//			// not attested yet, or expired: try again later
//		}
//		return err
//	}
//	client := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
//
// ClientCertificate returns the same credentials as a tls.Certificate, whose PrivateKey is a
// crypto.Signer that signs on the device. GetCertificatePath returns the path of a PEM file
// holding the certificate, for code that wants the certificate itself. SSLCtxFunc is
// DeviceAuth_SslCtxFunc itself, for programs that use a C TLS stack (wolfSSL, libcurl)
// through cgo.
//
// Whether crypto/tls can use the key depends on the backend. The simulator signs for it. On
// the device the SDK documents no way to use the key other than DeviceAuth_SslCtxFunc on a
// wolfSSL context, so the device backend reports SSLEnableHWSignError (wrapping
// [ErrHardwareKey]) from [ClientCertificate] and [ConfigureTLS]; and a TinyGo device program
// has no usable crypto/tls or net/http at all. There, use package
// github.com/azsphere-go/applibs/deviceauth/curl: an HTTPS client over the SDK's libcurl
// that presents the DAA certificate through DeviceAuth_SslCtxFunc
// (curl.Client{DeviceAuth: true}); or [SSLCtxFunc] with a C TLS stack of your own.
//
// # Backends and errors
//
// The package-level functions call the [Default] [Identity], which in a device build (the
// azsphere build tag, with cgo) is the device and elsewhere fails with an error wrapping
// errors.ErrUnsupported. The simulated device in
// github.com/azsphere-go/applibs/application/sim provides a Backend on any machine, with a
// tenant CA that test servers can trust.
//
// ClientCertificate and ConfigureTLS fail with an *SSLError whose Result is the
// DeviceAuthSslResult the C function would return; its cause, when known, unwraps further
// (to EACCES for a manifest without DeviceAuthentication, for example).
package deviceauth
