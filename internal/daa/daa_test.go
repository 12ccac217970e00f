package daa

import (
	"errors"
	"syscall"
	"testing"
)

func TestSSLError(t *testing.T) {
	cause := syscall.EACCES
	e := &SSLError{Op: "ConfigureTLS", Result: SSLGetTenantIDError, Reason: "no tenant", Err: cause}
	const want = "ConfigureTLS: DeviceAuthSslResult_GetTenantIdError: no tenant: permission denied"
	if got := e.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(e, syscall.EACCES) {
		t.Error("SSLError does not unwrap to its cause")
	}
	if got := (&SSLError{Result: 7}).Error(); got != "DeviceAuthSslResult(7)" {
		t.Errorf("unknown result: Error() = %q", got)
	}
}
