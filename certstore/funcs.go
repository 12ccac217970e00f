package certstore

import (
	"iter"
	"time"
)

// InstallClientCertificate calls Default().InstallClientCertificate: it mirrors
// CertStore_InstallClientCertificate.
func InstallClientCertificate(id string, certPEM, keyPEM, password []byte) error {
	return Default().InstallClientCertificate(id, certPEM, keyPEM, password)
}

// InstallRootCACertificate calls Default().InstallRootCACertificate: it mirrors
// CertStore_InstallRootCACertificate.
func InstallRootCACertificate(id string, certPEM []byte) error {
	return Default().InstallRootCACertificate(id, certPEM)
}

// GetCertificateCount calls Default().GetCertificateCount: it mirrors
// CertStore_GetCertificateCount.
func GetCertificateCount() (int, error) { return Default().GetCertificateCount() }

// GetCertificateIdentifierAt calls Default().GetCertificateIdentifierAt: it mirrors
// CertStore_GetCertificateIdentifierAt.
func GetCertificateIdentifierAt(index int) (string, error) {
	return Default().GetCertificateIdentifierAt(index)
}

// GetAvailableSpace calls Default().GetAvailableSpace: it mirrors CertStore_GetAvailableSpace.
func GetAvailableSpace() (int, error) { return Default().GetAvailableSpace() }

// GetCertificateSubjectName calls Default().GetCertificateSubjectName: it mirrors
// CertStore_GetCertificateSubjectName.
func GetCertificateSubjectName(id string) (string, error) {
	return Default().GetCertificateSubjectName(id)
}

// GetCertificateIssuerName calls Default().GetCertificateIssuerName: it mirrors
// CertStore_GetCertificateIssuerName.
func GetCertificateIssuerName(id string) (string, error) {
	return Default().GetCertificateIssuerName(id)
}

// GetCertificateNotBefore calls Default().GetCertificateNotBefore: it mirrors
// CertStore_GetCertificateNotBefore.
func GetCertificateNotBefore(id string) (time.Time, error) {
	return Default().GetCertificateNotBefore(id)
}

// GetCertificateNotAfter calls Default().GetCertificateNotAfter: it mirrors
// CertStore_GetCertificateNotAfter.
func GetCertificateNotAfter(id string) (time.Time, error) {
	return Default().GetCertificateNotAfter(id)
}

// MoveCertificate calls Default().MoveCertificate: it mirrors CertStore_MoveCertificate.
func MoveCertificate(src, dst string) error { return Default().MoveCertificate(src, dst) }

// DeleteCertificate calls Default().DeleteCertificate: it mirrors CertStore_DeleteCertificate.
func DeleteCertificate(id string) error { return Default().DeleteCertificate(id) }

// Identifiers calls Default().Identifiers.
func Identifiers() iter.Seq2[string, error] { return Default().Identifiers() }

// Certificates calls Default().Certificates.
func Certificates() iter.Seq2[Certificate, error] { return Default().Certificates() }
