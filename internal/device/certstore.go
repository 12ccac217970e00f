//go:build (azsphere || abidouble) && cgo

package device

// #include "applibs.h"
import "C"

import (
	"syscall"
	"time"
	"unsafe"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// Values of the certstore macros and enumerators the backend passes to C.
const (
	certMaxIdentifierLength = 16   // CERTSTORE_MAX_IDENTIFIER_LENGTH
	certSubjectNameMax      = 300  // CERTSTORE_SUBJECTNAME_MAX_LENGTH (and ISSUERNAME)
	certMaxPasswordLength   = 256  // CERTSTORE_MAX_PRIVATE_KEY_PASSWORD_LENGTH
	certMaxCertSize         = 8192 // CERTSTORE_MAX_CERT_SIZE

	certInfoNotBefore   = 1 // z__CertInfo_NotBefore
	certInfoNotAfter    = 2 // z__CertInfo_NotAfter
	certInfoSubjectName = 3 // z__CertInfo_SubjectName
	certInfoIssuerName  = 4 // z__CertInfo_IssuerName
)

// CertStore is the device's certificate store. Its methods are those of certstore.Backend
// and call the CertStore_* functions of libapplibs.
type CertStore struct{}

var certStore CertStore

// CertStoreBackend returns the device's certificate store.
func CertStoreBackend() *CertStore { return &certStore }

// id converts a certificate identifier to a NUL-terminated buffer.
func certID(op, id string) ([]byte, error) { return cbuf(op, id, id, certMaxIdentifierLength) }

// InstallClient calls CertStore_InstallClientCertificate. A nil or empty password is passed
// as NULL; a password is passed as a NUL-terminated copy that is cleared after the call.
func (*CertStore) InstallClient(id string, certPEM, keyPEM, password []byte) error {
	const op = "InstallClientCertificate"
	cid, err := certID(op, id)
	if err != nil {
		return err
	}
	var pw []byte
	var cpw *C.char
	if len(password) > 0 {
		if pw, err = secretBuf(op, id, password, certMaxPasswordLength); err != nil {
			return err
		}
		defer clear(pw)
		cpw = cstr(pw)
	}
	mu.Lock()
	r, errno := errnoCall(func() C.int {
		return C.CertStore_InstallClientCertificate(cstr(cid), blob(certPEM), C.size_t(len(certPEM)),
			blob(keyPEM), C.size_t(len(keyPEM)), cpw)
	})
	mu.Unlock()
	if r != 0 {
		return errnoOf(op, id, errno)
	}
	return nil
}

// InstallRootCA calls CertStore_InstallRootCACertificate.
func (*CertStore) InstallRootCA(id string, certPEM []byte) error {
	const op = "InstallRootCACertificate"
	cid, err := certID(op, id)
	if err != nil {
		return err
	}
	mu.Lock()
	r, errno := errnoCall(func() C.int {
		return C.CertStore_InstallRootCACertificate(cstr(cid), blob(certPEM), C.size_t(len(certPEM)))
	})
	mu.Unlock()
	if r != 0 {
		return errnoOf(op, id, errno)
	}
	return nil
}

// Count calls CertStore_GetCertificateCount.
func (*CertStore) Count() (int, error) {
	mu.Lock()
	r, errno := errnoCall(func() C.ssize_t { return C.CertStore_GetCertificateCount() })
	mu.Unlock()
	if r < 0 {
		return 0, errnoOf("GetCertificateCount", "", errno)
	}
	return int(r), nil
}

// IdentifierAt calls CertStore_GetCertificateIdentifierAt.
func (*CertStore) IdentifierAt(index int) (string, error) {
	const op = "GetCertificateIdentifierAt"
	if index < 0 {
		return "", apierr.Newf(op, "", syscall.ERANGE, "index %d is negative", index)
	}
	var out C.struct_azsg_CertStore_Identifier
	mu.Lock()
	r, errno := errnoCall(func() C.int { return C.CertStore_GetCertificateIdentifierAt(C.size_t(index), &out) })
	mu.Unlock()
	if r != 0 {
		return "", errnoOf(op, "", errno)
	}
	return goString(&out.identifier[0], len(out.identifier)), nil
}

// AvailableSpace calls CertStore_GetAvailableSpace.
func (*CertStore) AvailableSpace() (int, error) {
	mu.Lock()
	r, errno := errnoCall(func() C.ssize_t { return C.CertStore_GetAvailableSpace() })
	mu.Unlock()
	if r < 0 {
		return 0, errnoOf("GetAvailableSpace", "", errno)
	}
	return int(r), nil
}

// certInfo calls z__CertStore_GetCertificateInfo for one field into out, as the static
// inline CertStore_GetCertificate* wrappers do.
// certInfo calls z__CertStore_GetCertificateInfo. mu is held.
func certInfo(op, id string, field C.enum_azsg_CertInfoField, out unsafe.Pointer, size uintptr) error {
	cid, err := certID(op, id)
	if err != nil {
		return err
	}
	r, errno := errnoCall(func() C.int { return C.z__CertStore_GetCertificateInfo(cstr(cid), field, out, C.size_t(size)) })
	if r != 0 {
		return errnoOf(op, id, errno)
	}
	return nil
}

// certNameLocked reads a name field. mu is held.
func certNameLocked(op, id string, field C.enum_azsg_CertInfoField) (string, error) {
	var out C.struct_azsg_CertStore_Name
	if err := certInfo(op, id, field, unsafe.Pointer(&out), unsafe.Sizeof(out)); err != nil {
		return "", err
	}
	return goString(&out.name[0], len(out.name)), nil
}

// certTimeLocked reads a time field. mu is held.
func certTimeLocked(op, id string, field C.enum_azsg_CertInfoField) (time.Time, error) {
	var tm C.struct_tm
	if err := certInfo(op, id, field, unsafe.Pointer(&tm), unsafe.Sizeof(tm)); err != nil {
		return time.Time{}, err
	}
	return goTime(&tm), nil
}

func certName(op, id string, field C.enum_azsg_CertInfoField) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	return certNameLocked(op, id, field)
}

func certTime(op, id string, field C.enum_azsg_CertInfoField) (time.Time, error) {
	mu.Lock()
	defer mu.Unlock()
	return certTimeLocked(op, id, field)
}

// CertInfo is one certificate as List reports it.
type CertInfo struct {
	ID, Subject, Issuer string
	NotBefore, NotAfter time.Time
}

// List reads the whole store (the count, each identifier, its names and dates) in one
// critical section, so that no call of this process changes the store meanwhile: a snapshot
// as far as this application can tell (the CLI could still change the store in between).
func (*CertStore) List() ([]CertInfo, error) {
	mu.Lock()
	defer mu.Unlock()
	n, errno := errnoCall(func() C.ssize_t { return C.CertStore_GetCertificateCount() })
	if n < 0 {
		return nil, errnoOf("GetCertificateCount", "", errno)
	}
	out := make([]CertInfo, 0, int(n))
	for i := 0; i < int(n); i++ {
		var ident C.struct_azsg_CertStore_Identifier
		r, errno := errnoCall(func() C.int { return C.CertStore_GetCertificateIdentifierAt(C.size_t(i), &ident) })
		if r != 0 {
			return nil, errnoOf("GetCertificateIdentifierAt", "", errno)
		}
		c := CertInfo{ID: goString(&ident.identifier[0], len(ident.identifier))}
		var err error
		if c.Subject, err = certNameLocked("GetCertificateSubjectName", c.ID, certInfoSubjectName); err != nil {
			return nil, err
		}
		if c.Issuer, err = certNameLocked("GetCertificateIssuerName", c.ID, certInfoIssuerName); err != nil {
			return nil, err
		}
		if c.NotBefore, err = certTimeLocked("GetCertificateNotBefore", c.ID, certInfoNotBefore); err != nil {
			return nil, err
		}
		if c.NotAfter, err = certTimeLocked("GetCertificateNotAfter", c.ID, certInfoNotAfter); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// SubjectName does what the inline CertStore_GetCertificateSubjectName does:
// z__CertStore_GetCertificateInfo(id, z__CertInfo_SubjectName, out, 301).
func (*CertStore) SubjectName(id string) (string, error) {
	return certName("GetCertificateSubjectName", id, certInfoSubjectName)
}

// IssuerName does what the inline CertStore_GetCertificateIssuerName does:
// z__CertStore_GetCertificateInfo(id, z__CertInfo_IssuerName, out, 301).
func (*CertStore) IssuerName(id string) (string, error) {
	return certName("GetCertificateIssuerName", id, certInfoIssuerName)
}

// NotBefore does what the inline CertStore_GetCertificateNotBefore does:
// z__CertStore_GetCertificateInfo(id, z__CertInfo_NotBefore, tm, sizeof(struct tm)).
func (*CertStore) NotBefore(id string) (time.Time, error) {
	return certTime("GetCertificateNotBefore", id, certInfoNotBefore)
}

// NotAfter does what the inline CertStore_GetCertificateNotAfter does:
// z__CertStore_GetCertificateInfo(id, z__CertInfo_NotAfter, tm, sizeof(struct tm)).
func (*CertStore) NotAfter(id string) (time.Time, error) {
	return certTime("GetCertificateNotAfter", id, certInfoNotAfter)
}

// Move calls CertStore_MoveCertificate.
func (*CertStore) Move(src, dst string) error {
	const op = "MoveCertificate"
	csrc, err := certID(op, src)
	if err != nil {
		return err
	}
	cdst, err := certID(op, dst)
	if err != nil {
		return err
	}
	mu.Lock()
	r, errno := errnoCall(func() C.int { return C.CertStore_MoveCertificate(cstr(csrc), cstr(cdst)) })
	mu.Unlock()
	if r != 0 {
		return errnoOf(op, src, errno)
	}
	return nil
}

// Delete calls CertStore_DeleteCertificate.
func (*CertStore) Delete(id string) error {
	const op = "DeleteCertificate"
	cid, err := certID(op, id)
	if err != nil {
		return err
	}
	mu.Lock()
	r, errno := errnoCall(func() C.int { return C.CertStore_DeleteCertificate(cstr(cid)) })
	mu.Unlock()
	if r != 0 {
		return errnoOf(op, id, errno)
	}
	return nil
}
