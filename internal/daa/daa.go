// Package daa holds the types that device-authentication backends share with package
// deviceauth: the DeviceAuthSslResult codes and the error that carries one. It is a leaf
// package so that a backend (the cgo device backend, the simulator) can build these values
// without importing deviceauth; deviceauth re-exports them as type aliases.
package daa

import "strconv"

// SSLResult mirrors the C enum DeviceAuthSslResult, with its values.
type SSLResult int

// The values of DeviceAuthSslResult.
const (
	// SSLSuccess is DeviceAuthSslResult_Success.
	SSLSuccess SSLResult = 0
	// SSLGetTenantIDError is DeviceAuthSslResult_GetTenantIdError: the application's tenant
	// ID could not be determined (the manifest has no DeviceAuthentication capability).
	SSLGetTenantIDError SSLResult = 1
	// SSLGetTenantCertificateError is DeviceAuthSslResult_GetTenantCertificateError: the
	// device-authentication certificate for the tenant could not be loaded (not attested yet,
	// expired, or the device is not in that tenant).
	SSLGetTenantCertificateError SSLResult = 2
	// SSLEnableHWSignError is DeviceAuthSslResult_EnableHwSignError: signing with the
	// device's hardware-held key could not be enabled.
	SSLEnableHWSignError SSLResult = 3
)

// String returns the C name of r.
func (r SSLResult) String() string {
	switch r {
	case SSLSuccess:
		return "DeviceAuthSslResult_Success"
	case SSLGetTenantIDError:
		return "DeviceAuthSslResult_GetTenantIdError"
	case SSLGetTenantCertificateError:
		return "DeviceAuthSslResult_GetTenantCertificateError"
	case SSLEnableHWSignError:
		return "DeviceAuthSslResult_EnableHwSignError"
	}
	return "DeviceAuthSslResult(" + strconv.Itoa(int(r)) + ")"
}

// SSLError is a failure to set up device-authenticated TLS: the DeviceAuthSslResult the C
// function DeviceAuth_SslCtxFunc would return, a sentence saying why, and the underlying
// cause (often an *apierr.Error carrying an errno, such as EACCES for a missing capability).
type SSLError struct {
	// Op is the Go name of the function that failed, for example "ConfigureTLS".
	Op string
	// Result is the DeviceAuthSslResult; never SSLSuccess.
	Result SSLResult
	// Reason says in words what was wrong. It may be empty.
	Reason string
	// Err is the underlying cause, or nil.
	Err error
}

// Error formats the failure as "op: result: reason: cause".
func (e *SSLError) Error() string {
	msg := e.Result.String()
	if e.Op != "" {
		msg = e.Op + ": " + msg
	}
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause.
func (e *SSLError) Unwrap() error { return e.Err }
