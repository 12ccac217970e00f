//go:build !(azsphere && linux && arm && cgo)

package certstore

import (
	"time"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// platformBackend is the default backend of a build without the device: every call fails
// with an error that wraps errors.ErrUnsupported and says how to get a backend.
func platformBackend() Backend { return unsupported{} }

type unsupported struct{}

func fail(op string) error { return apierr.Unsupported("certstore", op) }

func (unsupported) InstallClient(string, []byte, []byte, []byte) error {
	return fail("InstallClientCertificate")
}
func (unsupported) InstallRootCA(string, []byte) error { return fail("InstallRootCACertificate") }
func (unsupported) Count() (int, error)                { return 0, fail("GetCertificateCount") }
func (unsupported) IdentifierAt(int) (string, error) {
	return "", fail("GetCertificateIdentifierAt")
}
func (unsupported) AvailableSpace() (int, error) { return 0, fail("GetAvailableSpace") }
func (unsupported) SubjectName(string) (string, error) {
	return "", fail("GetCertificateSubjectName")
}
func (unsupported) IssuerName(string) (string, error) {
	return "", fail("GetCertificateIssuerName")
}
func (unsupported) NotBefore(string) (time.Time, error) {
	return time.Time{}, fail("GetCertificateNotBefore")
}
func (unsupported) NotAfter(string) (time.Time, error) {
	return time.Time{}, fail("GetCertificateNotAfter")
}
func (unsupported) Move(string, string) error { return fail("MoveCertificate") }
func (unsupported) Delete(string) error       { return fail("DeleteCertificate") }
