package certstore

import (
	"errors"
	"iter"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// Limits of the certificate store, with the values of the C macros they mirror.
const (
	// MaxCertSize is CERTSTORE_MAX_CERT_SIZE: the largest certificate or key blob in bytes.
	MaxCertSize = 8192
	// MaxPrivateKeyPasswordLength is CERTSTORE_MAX_PRIVATE_KEY_PASSWORD_LENGTH: the longest
	// private-key password in bytes.
	MaxPrivateKeyPasswordLength = 256
	// MaxIdentifierLength is CERTSTORE_MAX_IDENTIFIER_LENGTH: the longest identifier.
	MaxIdentifierLength = 16
	// SubjectNameMaxLength is CERTSTORE_SUBJECTNAME_MAX_LENGTH: the longest subject name.
	SubjectNameMaxLength = 300
	// IssuerNameMaxLength is CERTSTORE_ISSUERNAME_MAX_LENGTH: the longest issuer name.
	IssuerNameMaxLength = 300
	// DefaultCapacity is the size of the device's certificate store in bytes (24 KiB).
	DefaultCapacity = 24 * 1024
)

// Backend is the seam between the Store and a certificate store implementation: the device
// (through libapplibs), the simulated device, or a file-backed store.
//
// A Store checks every argument before it calls the backend: identifiers are valid (1 to
// MaxIdentifierLength characters from [A-Za-z0-9._-]), blobs are 1 to MaxCertSize bytes,
// passwords at most MaxPrivateKeyPasswordLength bytes, indices non-negative. A backend checks
// contents (PEM, X.509, key match), capacity and capabilities, and reports failures as a
// syscall.Errno or an *Error carrying one. Implementations must be safe for concurrent use,
// must not keep the password after InstallClient returns, and must never return key material.
type Backend interface {
	// InstallClient stores a client certificate and its private key under id, replacing any
	// certificate with that id. password is nil for an unencrypted key.
	InstallClient(id string, certPEM, keyPEM, password []byte) error
	// InstallRootCA stores a root CA certificate under id, replacing any certificate with it.
	InstallRootCA(id string, certPEM []byte) error
	// Count returns the number of installed certificates.
	Count() (int, error)
	// IdentifierAt returns the identifier at index; ERANGE when index >= Count().
	IdentifierAt(index int) (string, error)
	// AvailableSpace returns the bytes still free in the store.
	AvailableSpace() (int, error)
	// SubjectName returns the subject of the certificate id in one-line form (/C=../CN=..).
	SubjectName(id string) (string, error)
	// IssuerName returns the issuer of the certificate id in one-line form.
	IssuerName(id string) (string, error)
	// NotBefore returns the start of the validity of the certificate id, in UTC.
	NotBefore(id string) (time.Time, error)
	// NotAfter returns the end of the validity of the certificate id, in UTC.
	NotAfter(id string) (time.Time, error)
	// Move renames src to dst atomically, replacing any certificate named dst.
	Move(src, dst string) error
	// Delete removes the certificate id; later indices shift down by one.
	Delete(id string) error
}

// Lister is an optional interface of a Backend that lists the whole store in one step. A
// Store's Identifiers and Certificates use it when the backend has it, which makes a listing
// a snapshot: it shows the store as it was at one moment, whatever other goroutines or
// processes change meanwhile, and costs O(n). Every backend of this module implements it.
type Lister interface {
	// List returns every installed certificate, in index order, as the store was at one
	// moment.
	List() ([]Certificate, error)
}

// Store is a certificate store bound to a Backend. Its methods are the Go counterparts of
// the CertStore_* functions. A Store is safe for concurrent use if its backend is.
//
// A Store without a backend (New(nil), or the default of a build without the device) fails
// every call with an error wrapping errors.ErrUnsupported that says how to get a backend; a
// nil *Store fails every call with EFAULT.
type Store struct {
	b Backend
}

// New returns a Store that calls b. A nil b makes a Store whose calls fail with an error
// wrapping errors.ErrUnsupported.
func New(b Backend) *Store { return &Store{b: b} }

// Backend returns the backend the store calls, nil for none.
func (s *Store) Backend() Backend {
	if s == nil {
		return nil
	}
	return s.b
}

// backend returns the backend for a call of op, or the error of a store without one.
func (s *Store) backend(op string) (Backend, error) {
	if s == nil {
		return nil, &Error{Op: op, Errno: syscall.EFAULT, Reason: "the *certstore.Store is nil; make one with certstore.New or use certstore.Default"}
	}
	if s.b == nil {
		return nil, wrap(op, "", apierr.Unsupported("certstore", op))
	}
	return s.b, nil
}

var defaultStore atomic.Pointer[Store]

func init() { defaultStore.Store(New(platformBackend())) }

// Default returns the Store that the package-level functions use.
func Default() *Store { return defaultStore.Load() }

// SetDefault makes b the backend of the package-level functions and returns the previous
// one, so that a caller can restore it. A nil b makes them fail with an error wrapping
// errors.ErrUnsupported. The default is process-wide: tests that replace it
// must not run in parallel with other tests that use the package-level functions. Handing a
// Store to the code under test avoids the global.
func SetDefault(b Backend) (previous Backend) {
	return defaultStore.Swap(New(b)).b
}

// InstallClientCertificate mirrors CertStore_InstallClientCertificate: it installs a client
// certificate (certPEM, one PEM CERTIFICATE block) with its private key (keyPEM: PKCS#1,
// SEC1, PKCS#8, encrypted PKCS#8, or legacy encrypted PEM) under id. A nil or empty password
// means the key is not encrypted. An existing certificate with the same id, of any kind, is
// replaced; when the call fails the store is unchanged.
//
// Errors: EFAULT when certPEM or keyPEM is nil; ERANGE when a blob is empty or longer than
// MaxCertSize, the password longer than MaxPrivateKeyPasswordLength, or id longer than
// MaxIdentifierLength; EINVAL for an invalid id, invalid certificate or key, a key that does
// not match the certificate, a wrong or missing password, or a password for an unencrypted key;
// ENOSPC when the store is full; EACCES without the CertStore capability; EAGAIN when the
// store is not ready.
func (s *Store) InstallClientCertificate(id string, certPEM, keyPEM, password []byte) error {
	const op = "InstallClientCertificate"
	if err := checkID(op, id); err != nil {
		return err
	}
	if err := checkBlob(op, id, "certificate", certPEM); err != nil {
		return err
	}
	if err := checkBlob(op, id, "private key", keyPEM); err != nil {
		return err
	}
	if err := checkPassword(op, id, password); err != nil {
		return err
	}
	if len(password) == 0 {
		password = nil
	}
	b, err := s.backend(op)
	if err != nil {
		return err
	}
	return wrap(op, id, b.InstallClient(id, certPEM, keyPEM, password))
}

// InstallRootCACertificate mirrors CertStore_InstallRootCACertificate: it installs a root CA
// certificate (one PEM CERTIFICATE block) under id, replacing any certificate with that id.
//
// Errors: EFAULT when certPEM is nil; ERANGE when it is empty or longer than MaxCertSize or id
// is too long; EINVAL for an invalid id or certificate; ENOSPC, EACCES, EAGAIN as for
// InstallClientCertificate.
func (s *Store) InstallRootCACertificate(id string, certPEM []byte) error {
	const op = "InstallRootCACertificate"
	if err := checkID(op, id); err != nil {
		return err
	}
	if err := checkBlob(op, id, "certificate", certPEM); err != nil {
		return err
	}
	b, err := s.backend(op)
	if err != nil {
		return err
	}
	return wrap(op, id, b.InstallRootCA(id, certPEM))
}

// GetCertificateCount mirrors CertStore_GetCertificateCount: the number of installed
// certificates. Errors: EACCES, EAGAIN.
func (s *Store) GetCertificateCount() (int, error) {
	const op = "GetCertificateCount"
	b, err := s.backend(op)
	if err != nil {
		return 0, err
	}
	n, err := b.Count()
	if err != nil {
		return 0, wrap(op, "", err)
	}
	return n, nil
}

// GetCertificateIdentifierAt mirrors CertStore_GetCertificateIdentifierAt: the identifier of
// the certificate at index, 0 <= index < GetCertificateCount(). The identifier never carries
// NUL bytes. Errors: ERANGE for an index out of range; EACCES, EAGAIN.
func (s *Store) GetCertificateIdentifierAt(index int) (string, error) {
	const op = "GetCertificateIdentifierAt"
	if index < 0 {
		return "", errorf(op, "", syscall.ERANGE, "index %d is negative", index)
	}
	b, err := s.backend(op)
	if err != nil {
		return "", err
	}
	id, err := b.IdentifierAt(index)
	if err != nil {
		return "", wrap(op, "", err)
	}
	return id, nil
}

// GetAvailableSpace mirrors CertStore_GetAvailableSpace: the bytes still free in the store.
// Compare it with the length of the PEM blobs to install. Errors: EACCES, EAGAIN.
func (s *Store) GetAvailableSpace() (int, error) {
	const op = "GetAvailableSpace"
	b, err := s.backend(op)
	if err != nil {
		return 0, err
	}
	n, err := b.AvailableSpace()
	if err != nil {
		return 0, wrap(op, "", err)
	}
	return n, nil
}

// GetCertificateSubjectName mirrors CertStore_GetCertificateSubjectName: the subject of the
// certificate id in one-line form, for example "/C=US/O=Contoso/CN=Device 1", at most
// SubjectNameMaxLength bytes. Errors: ENOENT when no certificate has that id; EINVAL or ERANGE
// for an invalid id; EACCES, EAGAIN.
func (s *Store) GetCertificateSubjectName(id string) (string, error) {
	const op = "GetCertificateSubjectName"
	if err := checkID(op, id); err != nil {
		return "", err
	}
	b, err := s.backend(op)
	if err != nil {
		return "", err
	}
	v, err := b.SubjectName(id)
	if err != nil {
		return "", wrap(op, id, err)
	}
	return v, nil
}

// GetCertificateIssuerName mirrors CertStore_GetCertificateIssuerName: the issuer of the
// certificate id in one-line form, at most IssuerNameMaxLength bytes. Errors as for
// GetCertificateSubjectName.
func (s *Store) GetCertificateIssuerName(id string) (string, error) {
	const op = "GetCertificateIssuerName"
	if err := checkID(op, id); err != nil {
		return "", err
	}
	b, err := s.backend(op)
	if err != nil {
		return "", err
	}
	v, err := b.IssuerName(id)
	if err != nil {
		return "", wrap(op, id, err)
	}
	return v, nil
}

// GetCertificateNotBefore mirrors CertStore_GetCertificateNotBefore: the start of the
// certificate's validity, in UTC. Errors as for GetCertificateSubjectName.
func (s *Store) GetCertificateNotBefore(id string) (time.Time, error) {
	const op = "GetCertificateNotBefore"
	if err := checkID(op, id); err != nil {
		return time.Time{}, err
	}
	b, err := s.backend(op)
	if err != nil {
		return time.Time{}, err
	}
	v, err := b.NotBefore(id)
	if err != nil {
		return time.Time{}, wrap(op, id, err)
	}
	return v, nil
}

// GetCertificateNotAfter mirrors CertStore_GetCertificateNotAfter: the end of the
// certificate's validity, in UTC. Errors as for GetCertificateSubjectName.
func (s *Store) GetCertificateNotAfter(id string) (time.Time, error) {
	const op = "GetCertificateNotAfter"
	if err := checkID(op, id); err != nil {
		return time.Time{}, err
	}
	b, err := s.backend(op)
	if err != nil {
		return time.Time{}, err
	}
	v, err := b.NotAfter(id)
	if err != nil {
		return time.Time{}, wrap(op, id, err)
	}
	return v, nil
}

// MoveCertificate mirrors CertStore_MoveCertificate: it renames the certificate src to dst in
// one atomic step. A certificate already named dst is replaced, without error. Wi-Fi
// configurations see the change only after wificonfig.ReloadConfig.
//
// Errors: ENOENT when src does not exist; EINVAL or ERANGE for an invalid identifier; EACCES,
// EAGAIN.
func (s *Store) MoveCertificate(src, dst string) error {
	const op = "MoveCertificate"
	if err := checkID(op, src); err != nil {
		return err
	}
	if err := checkID(op, dst); err != nil {
		return err
	}
	b, err := s.backend(op)
	if err != nil {
		return err
	}
	return wrap(op, src, b.Move(src, dst))
}

// DeleteCertificate mirrors CertStore_DeleteCertificate: it removes the certificate id. The
// certificates after it move down one index. Errors: ENOENT when no certificate has that id;
// EINVAL or ERANGE for an invalid id; EACCES, EAGAIN.
func (s *Store) DeleteCertificate(id string) error {
	const op = "DeleteCertificate"
	if err := checkID(op, id); err != nil {
		return err
	}
	b, err := s.backend(op)
	if err != nil {
		return err
	}
	return wrap(op, id, b.Delete(id))
}

// Certificate describes an installed certificate as the query functions report it.
type Certificate struct {
	// ID is the certificate's identifier.
	ID string
	// Subject and Issuer are the names GetCertificateSubjectName and
	// GetCertificateIssuerName return, in one-line form ("/C=US/O=Contoso/CN=Device 1").
	Subject string
	Issuer  string
	// NotBefore and NotAfter bound the certificate's validity, in UTC.
	NotBefore time.Time
	NotAfter  time.Time
}

// Identifiers returns an iterator over the identifiers of the installed certificates, in
// index order. The identifiers are read before the first is yielded, so the loop body may
// delete or move certificates without making the iteration skip one. A failure is yielded as
// a non-nil error with an empty identifier, and the iteration ends after it.
//
// Under concurrent change (other goroutines or processes installing and deleting), the
// listing is a snapshot of one moment when the backend implements Lister, as every backend
// of this module does. With another backend it is read index by index; if the store changes
// meanwhile it is read again (up to three times), and if it keeps changing the iteration
// yields an error wrapping EAGAIN rather than a list that might miss a certificate.
func (s *Store) Identifiers() iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		ids, _, err := s.snapshot("Identifiers", false)
		if err != nil {
			yield("", err)
			return
		}
		for _, id := range ids {
			if !yield(id, nil) {
				return
			}
		}
	}
}

// Certificates returns an iterator over the installed certificates with their names and
// validity, in index order, with the guarantees of Identifiers. With a backend that
// implements Lister every value comes from the one snapshot. With another backend the
// identifiers are listed first and each certificate is read when its turn comes: one that
// can no longer be read then (deleted meanwhile, say) is yielded with its ID and the error,
// and the iteration goes on. A failure to list the store is yielded once and ends the
// iteration.
func (s *Store) Certificates() iter.Seq2[Certificate, error] {
	return func(yield func(Certificate, error) bool) {
		ids, certs, err := s.snapshot("Certificates", true)
		if err != nil {
			yield(Certificate{}, err)
			return
		}
		if certs != nil {
			for _, c := range certs {
				if !yield(c, nil) {
					return
				}
			}
			return
		}
		for _, id := range ids {
			c, err := s.Certificate(id)
			if !yield(c, err) {
				return
			}
		}
	}
}

// Certificate returns the names and validity of the certificate id in one value. On error the
// returned Certificate carries only the ID.
func (s *Store) Certificate(id string) (Certificate, error) {
	c := Certificate{ID: id}
	var err error
	if c.Subject, err = s.GetCertificateSubjectName(id); err != nil {
		return Certificate{ID: id}, err
	}
	if c.Issuer, err = s.GetCertificateIssuerName(id); err != nil {
		return Certificate{ID: id}, err
	}
	if c.NotBefore, err = s.GetCertificateNotBefore(id); err != nil {
		return Certificate{ID: id}, err
	}
	if c.NotAfter, err = s.GetCertificateNotAfter(id); err != nil {
		return Certificate{ID: id}, err
	}
	return c, nil
}

// snapshot lists the store: through Lister when the backend has it (certs is then the whole
// listing, and ids nil unless wantCerts is false), otherwise index by index with a retry
// when the count changes or an index runs out meanwhile.
func (s *Store) snapshot(op string, wantCerts bool) (ids []string, certs []Certificate, err error) {
	b, err := s.backend("GetCertificateCount")
	if err != nil {
		return nil, nil, err
	}
	if l, ok := b.(Lister); ok {
		certs, err := l.List()
		if err != nil {
			return nil, nil, wrap(op, "", err)
		}
		if certs == nil {
			certs = []Certificate{}
		}
		if wantCerts {
			return nil, certs, nil
		}
		ids := make([]string, len(certs))
		for i, c := range certs {
			ids[i] = c.ID
		}
		return ids, nil, nil
	}
	const attempts = 3
	for try := 0; try < attempts; try++ {
		ids, changed, err := s.readIdentifiers(op)
		if err != nil {
			return nil, nil, err
		}
		if !changed {
			return ids, nil, nil
		}
	}
	return nil, nil, errorf(op, "", syscall.EAGAIN, "the store changed during each of %d attempts to list it", attempts)
}

// readIdentifiers reads the identifiers index by index and reports whether the store changed
// meanwhile (an index ran out, or the count differs afterwards).
func (s *Store) readIdentifiers(op string) (ids []string, changed bool, err error) {
	n, err := s.GetCertificateCount()
	if err != nil {
		return nil, false, wrap(op, "", err)
	}
	ids = make([]string, 0, n)
	for i := 0; i < n; i++ {
		id, err := s.GetCertificateIdentifierAt(i)
		if errors.Is(err, syscall.ERANGE) {
			return nil, true, nil
		}
		if err != nil {
			return nil, false, wrap(op, "", err)
		}
		ids = append(ids, id)
	}
	after, err := s.GetCertificateCount()
	if err != nil {
		return nil, false, wrap(op, "", err)
	}
	return ids, after != n, nil
}
