package sim

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"slices"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/filestore"
	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/internal/certparse"
)

// CertKind tells a client certificate from a root CA certificate.
type CertKind int

// The kinds of stored certificate.
const (
	ClientCert CertKind = iota + 1
	RootCACert
)

// String returns "client", "rootca" or "unknown".
func (k CertKind) String() string {
	switch k {
	case ClientCert:
		return "client"
	case RootCACert:
		return "rootca"
	}
	return "unknown"
}

// certEntry is one stored certificate. Entries are never modified after creation: a replace
// makes a new entry, so the Wi-Fi side may keep a pointer to the entry it loaded.
type certEntry struct {
	id      string
	kind    CertKind
	size    int
	cert    *x509.Certificate
	key     crypto.Signer // client certificates only; never returned by any API
	subject string
	issuer  string
}

// StoredCertificate describes a certificate in the simulated store, for inspection by tests.
// It never includes key material.
type StoredCertificate struct {
	ID            string
	Kind          CertKind
	Size          int // bytes charged against the store's capacity
	Subject       string
	Issuer        string
	NotBefore     time.Time
	NotAfter      time.Time
	HasPrivateKey bool
	// Certificate is the parsed certificate (its public part).
	Certificate *x509.Certificate
}

// Certificates returns the stored certificates in index order.
func (d *Device) Certificates() []StoredCertificate {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]StoredCertificate, len(d.certs))
	for i, e := range d.certs {
		out[i] = StoredCertificate{
			ID: e.id, Kind: e.kind, Size: e.size, Subject: e.subject, Issuer: e.issuer,
			NotBefore: e.cert.NotBefore.UTC(), NotAfter: e.cert.NotAfter.UTC(),
			HasPrivateKey: e.key != nil, Certificate: e.cert,
		}
	}
	return out
}

// Usage returns the bytes the certificate store uses and its capacity. Used exceeds capacity
// only on a device made by Open over a directory filled under a larger capacity.
func (d *Device) Usage() (used, capacity int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.used, d.capacity
}

// CertStore returns the device's certificate store as a certstore.Backend.
func (d *Device) CertStore() certstore.Backend { return (*certStore)(d) }

// certStore is the certstore.Backend view of a Device.
type certStore Device

var _ certstore.Backend = (*certStore)(nil)

func (s *certStore) dev() *Device { return (*Device)(s) }

func (d *Device) certEnter(op string) error {
	return d.enter(op, d.caps.CertStore, "CertStore")
}

// certIndex maps each stored identifier to its position in d.certs, so that a look-up by
// identifier is O(1) and a listing O(n). The functions below are the only ones that change
// d.certs, and they keep d.certIdx in step. It is read and written with d.mu held.
type certIndex map[string]int

// lookup returns the position of id, or -1. d.mu is held.
func (d *Device) lookup(id string) int {
	if i, ok := d.certIdx[id]; ok {
		return i
	}
	return -1
}

// cert returns the stored entry for id, or nil. It is for the other simulated subsystems.
// d.mu is held.
func (d *Device) cert(id string) *certEntry {
	if i := d.lookup(id); i >= 0 {
		return d.certs[i]
	}
	return nil
}

// appendCert adds e at the end of the store. d.mu is held.
func (d *Device) appendCert(e *certEntry) {
	if d.certIdx == nil {
		d.certIdx = certIndex{}
	}
	d.certIdx[e.id] = len(d.certs)
	d.certs = append(d.certs, e)
	d.used += e.size
}

// setCert puts e at position i in place of the entry there, whose identifier it may change
// (a move); no other entry may hold e's identifier. d.mu is held.
func (d *Device) setCert(i int, e *certEntry) {
	old := d.certs[i]
	delete(d.certIdx, old.id)
	d.certIdx[e.id] = i
	d.used += e.size - old.size
	d.certs[i] = e
}

// removeCert removes the entry at position i; the ones after it move up by one, which costs
// O(n-i). d.mu is held.
func (d *Device) removeCert(i int) {
	e := d.certs[i]
	delete(d.certIdx, e.id)
	d.used -= e.size
	d.certs = slices.Delete(d.certs, i, i+1)
	for k := i; k < len(d.certs); k++ {
		d.certIdx[d.certs[k].id] = k
	}
}

// put stores e, replacing an entry with the same id in place. On a device with a
// nonvolatile store (Open), persist writes the change there after the capacity check and
// before the change is made in memory, so a failure leaves both as they were. d.mu is held.
func (d *Device) put(op string, e *certEntry, persist func(*filestore.Store) error) error {
	i := d.lookup(e.id)
	free := d.capacity - d.used
	if i >= 0 {
		free += d.certs[i].size
	}
	if e.size > free {
		if d.used > d.capacity {
			return apierr.Newf(op, e.id, syscall.ENOSPC, "certificate needs %d bytes; none are free: the store holds %d bytes, more than its capacity of %d", e.size, d.used, d.capacity)
		}
		return apierr.Newf(op, e.id, syscall.ENOSPC, "certificate needs %d bytes; %d are free", e.size, free)
	}
	if d.nv != nil {
		if err := persist(d.nv); err != nil {
			return apierr.Wrap(op, e.id, err)
		}
	}
	if i >= 0 {
		d.setCert(i, e)
	} else {
		d.appendCert(e)
	}
	return nil
}

// names renders the subject and issuer of cert in one-line form. A self-issued certificate
// (every root CA) has the same bytes for both, rendered once.
func names(cert *x509.Certificate) (subject, issuer string) {
	subject = certparse.OneLine(cert.Subject)
	if bytes.Equal(cert.RawIssuer, cert.RawSubject) {
		return subject, subject
	}
	return subject, certparse.OneLine(cert.Issuer)
}

// testHookParse, when set, is called by an install call after its entry checks and before
// its content checks, without the device's lock. Tests use it to hold an install in the
// middle of its expensive step.
var testHookParse atomic.Pointer[func(d *Device, op, id string)]

// install runs an install call in the device's order, holding the device's lock only for
// the cheap steps, so that parsing and decrypting (up to half a second for an encrypted key
// at certparse's limits) never make the other calls on the device wait:
//
//  1. Under the lock: an injected fault, then the capability (enter). A call that fails
//     here fails with that errno and does no other work.
//  2. Without the lock: check, the content checks (parse, decrypt, key match, names),
//     which returns the entry to store or EINVAL.
//  3. Under the lock again, in one hold: the capability once more, as the manifest may have
//     changed meanwhile (a fault injected meanwhile is for a later call: this one had
//     started), then the capacity, then the commit (nonvolatile store first, see put).
//
// Step 3 decides everything that depends on the store's state in the same lock hold that
// commits, so installs racing for one identifier or for the last free bytes take effect
// in the order of their commits, each as if it had run alone at that point.
func (d *Device) install(op, id string, check func() (*certEntry, error), persist func(*filestore.Store) error) error {
	d.mu.Lock()
	err := d.certEnter(op)
	d.mu.Unlock()
	if err != nil {
		return err
	}
	if h := testHookParse.Load(); h != nil {
		(*h)(d, op, id)
	}
	e, err := check()
	if err != nil {
		return apierr.Wrap(op, id, err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.caps.CertStore {
		return apierr.New(op, "", syscall.EACCES, "the application manifest lacks the CertStore capability (it was removed during the call)")
	}
	return d.put(op, e, persist)
}

func (s *certStore) InstallClient(id string, certPEM, keyPEM, password []byte) error {
	const op = "InstallClientCertificate"
	d := s.dev()
	// The nonvolatile store (Open) is written under the device's lock. Given the key as
	// decrypted here, it does not run the key derivation a second time there; see plainKey.
	nvKey, nvPassword := keyPEM, password
	var plain []byte // nvKey when it is ours (a decrypted key): cleared on return
	defer func() { clear(plain) }()
	return d.install(op, id, func() (*certEntry, error) {
		cert, key, err := certparse.ClientCertificate(certPEM, keyPEM, password)
		if err != nil {
			return nil, err
		}
		if d.nv != nil && len(password) > 0 {
			if plain = plainKey(key, len(keyPEM)); plain != nil {
				nvKey, nvPassword = plain, nil
			}
		}
		subject, issuer := names(cert)
		return &certEntry{
			id: id, kind: ClientCert, size: len(certPEM) + len(keyPEM), cert: cert, key: key,
			subject: subject, issuer: issuer,
		}, nil
	}, func(nv *filestore.Store) error { return nv.InstallClient(id, certPEM, nvKey, nvPassword) })
}

// plainKey encodes key as unencrypted PKCS#8 PEM padded with newlines to size bytes, or
// returns nil if it does not fit. The file store charges a certificate the lengths of the
// blobs it is given and keeps the key decrypted as PKCS#8 whatever form it came in, so this
// blob leaves it in the same state as the encrypted one would, without a second key
// derivation. An encrypted key's PEM is longer than the plain PKCS#8 of the same key (it adds
// the PBES2 or DEK-Info parameters and padding), so nil is a fallback that does not happen
// with the formats the device accepts.
func plainKey(key crypto.Signer, size int) []byte {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil
	}
	defer clear(der)
	b := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	if len(b) > size {
		clear(b)
		return nil
	}
	out := make([]byte, size)
	copy(out, b)
	clear(b)
	for i := len(b); i < size; i++ {
		out[i] = '\n'
	}
	return out
}

func (s *certStore) InstallRootCA(id string, certPEM []byte) error {
	const op = "InstallRootCACertificate"
	d := s.dev()
	return d.install(op, id, func() (*certEntry, error) {
		cert, err := certparse.Certificate(certPEM)
		if err != nil {
			return nil, err
		}
		subject, issuer := names(cert)
		return &certEntry{
			id: id, kind: RootCACert, size: len(certPEM), cert: cert,
			subject: subject, issuer: issuer,
		}, nil
	}, func(nv *filestore.Store) error { return nv.InstallRootCA(id, certPEM) })
}

func (s *certStore) Count() (int, error) {
	d := s.dev()
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.certEnter("GetCertificateCount"); err != nil {
		return 0, err
	}
	return len(d.certs), nil
}

// listingOps are the calls a listing stands for on the device: a fault injected for any of
// them fails a List.
var listingOps = []string{
	"GetCertificateCount", "GetCertificateIdentifierAt", "GetCertificateSubjectName",
	"GetCertificateIssuerName", "GetCertificateNotBefore", "GetCertificateNotAfter",
}

// List implements certstore.Lister: the store at one moment. A listing on the device is made
// of the query calls, so a fault injected for any of them (listingOps) fails it.
func (s *certStore) List() ([]certstore.Certificate, error) {
	d := s.dev()
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, op := range listingOps {
		if err := d.certEnter(op); err != nil {
			return nil, err
		}
	}
	out := make([]certstore.Certificate, len(d.certs))
	for i, e := range d.certs {
		out[i] = certstore.Certificate{ID: e.id, Subject: e.subject, Issuer: e.issuer, NotBefore: e.cert.NotBefore.UTC(), NotAfter: e.cert.NotAfter.UTC()}
	}
	return out, nil
}

func (s *certStore) IdentifierAt(index int) (string, error) {
	const op = "GetCertificateIdentifierAt"
	d := s.dev()
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.certEnter(op); err != nil {
		return "", err
	}
	if index < 0 || index >= len(d.certs) {
		return "", &apierr.Error{Op: op, Errno: syscall.ERANGE, Reason: indexReason(index, len(d.certs))}
	}
	return d.certs[index].id, nil
}

func indexReason(index, n int) string {
	if n == 0 {
		return "index " + strconv.Itoa(index) + " is out of range: the store is empty"
	}
	return "index " + strconv.Itoa(index) + " is out of range 0.." + strconv.Itoa(n-1)
}

func (s *certStore) AvailableSpace() (int, error) {
	d := s.dev()
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.certEnter("GetAvailableSpace"); err != nil {
		return 0, err
	}
	// A store opened over its capacity (Open) has none free, not a negative amount.
	return max(d.capacity-d.used, 0), nil
}

// entry runs the common start of the query functions. d.mu is held.
func (d *Device) entry(op, id string) (*certEntry, error) {
	if err := d.certEnter(op); err != nil {
		return nil, err
	}
	e := d.cert(id)
	if e == nil {
		return nil, apierr.New(op, id, syscall.ENOENT, "no certificate with this identifier")
	}
	return e, nil
}

func (s *certStore) SubjectName(id string) (string, error) {
	d := s.dev()
	d.mu.Lock()
	defer d.mu.Unlock()
	e, err := d.entry("GetCertificateSubjectName", id)
	if err != nil {
		return "", err
	}
	return e.subject, nil
}

func (s *certStore) IssuerName(id string) (string, error) {
	d := s.dev()
	d.mu.Lock()
	defer d.mu.Unlock()
	e, err := d.entry("GetCertificateIssuerName", id)
	if err != nil {
		return "", err
	}
	return e.issuer, nil
}

func (s *certStore) NotBefore(id string) (time.Time, error) {
	d := s.dev()
	d.mu.Lock()
	defer d.mu.Unlock()
	e, err := d.entry("GetCertificateNotBefore", id)
	if err != nil {
		return time.Time{}, err
	}
	return e.cert.NotBefore.UTC(), nil
}

func (s *certStore) NotAfter(id string) (time.Time, error) {
	d := s.dev()
	d.mu.Lock()
	defer d.mu.Unlock()
	e, err := d.entry("GetCertificateNotAfter", id)
	if err != nil {
		return time.Time{}, err
	}
	return e.cert.NotAfter.UTC(), nil
}

func (s *certStore) Move(src, dst string) error {
	const op = "MoveCertificate"
	d := s.dev()
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.certEnter(op); err != nil {
		return err
	}
	i := d.lookup(src)
	if i < 0 {
		return apierr.New(op, src, syscall.ENOENT, "no certificate with this identifier to move")
	}
	if src == dst {
		return nil
	}
	if d.nv != nil {
		if err := d.nv.Move(src, dst); err != nil {
			return apierr.Wrap(op, src, err)
		}
	}
	if j := d.lookup(dst); j >= 0 {
		d.removeCert(j)
		if j < i {
			i--
		}
	}
	moved := *d.certs[i]
	moved.id = dst
	d.setCert(i, &moved)
	return nil
}

func (s *certStore) Delete(id string) error {
	const op = "DeleteCertificate"
	d := s.dev()
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.certEnter(op); err != nil {
		return err
	}
	i := d.lookup(id)
	if i < 0 {
		return apierr.New(op, id, syscall.ENOENT, "no certificate with this identifier")
	}
	if d.nv != nil {
		if err := d.nv.Delete(id); err != nil {
			return apierr.Wrap(op, id, err)
		}
	}
	d.removeCert(i)
	return nil
}
