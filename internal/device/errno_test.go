//go:build abidouble && cgo && !azsphere

package device_test

import (
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/internal/device"
	"github.com/azsphere-go/applibs/internal/device/abidouble"
)

// TestErrnoPropagates: the errno C sets reaches the caller, per call, for the errnos the
// suite cannot provoke (capability, not ready).
func TestErrnoPropagates(t *testing.T) {
	resetDouble(t)
	s := certstore.New(device.CertStoreBackend())
	abidouble.FailNext("CertStore_GetCertificateCount", syscall.EAGAIN)
	_, err := s.GetCertificateCount()
	wantErrno(t, "GetCertificateCount with a fault", err, syscall.EAGAIN)
	if n, err := s.GetCertificateCount(); err != nil || n != 0 {
		t.Errorf("GetCertificateCount() = %d, %v after the fault", n, err)
	}
	abidouble.FailNext("z__CertStore_GetCertificateInfo", syscall.EAGAIN)
	_, err = s.GetCertificateNotAfter("x")
	wantErrno(t, "GetCertificateNotAfter with a fault", err, syscall.EAGAIN)
	abidouble.SetCapabilities(0)
	_, err = s.GetAvailableSpace()
	wantErrno(t, "GetAvailableSpace without CertStore", err, syscall.EACCES)
	wantErrno(t, "DeleteCertificate without CertStore", s.DeleteCertificate("x"), syscall.EACCES)
}
