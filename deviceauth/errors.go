package deviceauth

import (
	"errors"
	"strconv"
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// SSLResult mirrors the C enum DeviceAuthSslResult; the constants have its values.
type SSLResult int

// The values of DeviceAuthSslResult.
const (
	// SSLSuccess is DeviceAuthSslResult_Success (0).
	SSLSuccess SSLResult = 0
	// SSLGetTenantIDError is DeviceAuthSslResult_GetTenantIdError (1): the application's
	// tenant ID could not be determined, because the manifest has no DeviceAuthentication
	// capability.
	SSLGetTenantIDError SSLResult = 1
	// SSLGetTenantCertificateError is DeviceAuthSslResult_GetTenantCertificateError (2): the
	// device-authentication certificate of the tenant is not available: the device has not
	// attested yet, its certificate expired, or the device is not in that tenant.
	SSLGetTenantCertificateError SSLResult = 2
	// SSLEnableHWSignError is DeviceAuthSslResult_EnableHwSignError (3): signing with the
	// device's hardware-held key could not be enabled.
	SSLEnableHWSignError SSLResult = 3
)

// String returns the C name of r, for example "DeviceAuthSslResult_GetTenantIdError".
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

// SSLError is a failure to set up device-authenticated TLS, the Go counterpart of a
// DeviceAuth_SslCtxFunc result other than DeviceAuthSslResult_Success: the result, a
// sentence saying why, and the underlying cause (often an error carrying an errno, such as
// EACCES for a missing capability). ClientCertificate, ConfigureTLS and SSLCtxFunc return
// it; use errors.As to get it.
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

// Error formats the failure as "Op: Result: Reason: Err".
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

// Error is the error of GetCertificatePath and of calls given a nil argument: the
// operation and the errno, with a sentence saying what was wrong. It unwraps to Errno and
// Err.
type Error struct {
	// Op is the Go name of the function that failed, for example "GetCertificatePath".
	Op string
	// Errno is the errno the device would set.
	Errno syscall.Errno
	// Reason says in words what was wrong. It may be empty.
	Reason string
	// Err is an underlying cause, or nil.
	Err error
}

// Error formats the failure as "Op: Reason: Err (ENAME: errno text)".
func (e *Error) Error() string { return apierr.Format(e.Op, "", e.Errno, e.Reason, e.Err) }

// Unwrap returns Errno (when set) and Err (when set).
func (e *Error) Unwrap() []error { return apierr.Causes(e.Errno, e.Err) }

// wrap attributes err to op as an *Error, unless it is an *SSLError or *Error already.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var se *SSLError
	if errors.As(err, &se) {
		return sslError(op, err)
	}
	var e *Error
	if errors.As(err, &e) {
		if e.Op != "" {
			return err
		}
		c := *e
		c.Op = op
		return &c
	}
	p := apierr.Parts(op, "", err)
	return &Error{Op: p.Op, Errno: p.Errno, Reason: p.Reason, Err: p.Err}
}

// sslError attributes a backend failure to op as an *SSLError; a failure that is not an
// *SSLError counts as SSLGetTenantCertificateError.
func sslError(op string, err error) error {
	var se *SSLError
	if errors.As(err, &se) {
		if se.Op != "" {
			return err
		}
		c := *se
		c.Op = op
		return &c
	}
	return &SSLError{Op: op, Result: SSLGetTenantCertificateError, Err: err}
}

// ErrHardwareKey is the cause of the *SSLError that ClientCertificate and ConfigureTLS
// return on the device: the device-authentication key is held by the security subsystem and
// only a TLS context configured by DeviceAuth_SslCtxFunc (wolfSSL, through the SDK's
// libcurl) can use it; Go's crypto/tls cannot. Use the HTTPS client of package
// github.com/azsphere-go/applibs/deviceauth/curl there, or [SSLCtxFunc] from a C TLS stack.
var ErrHardwareKey = errors.New("the device-authentication key is held by the security subsystem and can be used only by a TLS context configured with DeviceAuth_SslCtxFunc; Go's crypto/tls cannot use it")
