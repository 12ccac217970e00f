package filestore

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/internal/certparse"
)

// Kind tells a client certificate from a root CA certificate.
type Kind string

// The kinds of stored certificate, as recorded in the state files.
const (
	ClientCert Kind = "client"
	RootCACert Kind = "rootca"
)

// Option configures Open.
type Option func(*options)

type options struct {
	capacity int
}

// WithCapacity sets the size of the store in bytes; 0 or less means
// certstore.DefaultCapacity (24 KiB). A store opened with a capacity smaller than what it
// already holds keeps its certificates and reports no free space until enough are deleted.
func WithCapacity(n int) Option { return func(o *options) { o.capacity = n } }

// entry is one certificate as the state files record it.
type entry struct {
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	// Size is what the certificate is charged: the PEM lengths as given.
	Size int `json:"size"`
	// Gen names the export files; it changes whenever the contents change.
	Gen  uint64 `json:"gen"`
	Cert []byte `json:"cert"`
	// Key is the decrypted private key as PKCS#8 PEM (client certificates only).
	Key []byte `json:"key,omitempty"`
}

type state struct {
	Next    uint64
	Entries []entry
}

func (s *state) clone() state {
	return state{Next: s.Next, Entries: append([]entry(nil), s.Entries...)}
}

func (s *state) lookup(id string) int {
	for i := range s.Entries {
		if s.Entries[i].ID == id {
			return i
		}
	}
	return -1
}

func (s *state) used() int {
	n := 0
	for _, e := range s.Entries {
		n += e.Size
	}
	return n
}

func (s *state) ids() []string {
	out := make([]string, len(s.Entries))
	for i, e := range s.Entries {
		out[i] = e.ID
	}
	return out
}

// parsed caches what the query functions return for one generation.
type parsed struct {
	cert                []byte // the PEM it was parsed from
	subject, issuer     string
	notBefore, notAfter time.Time
}

// Store is a certificate store kept in a directory. It implements certstore.Backend and
// certstore.Lister; wrap it with certstore.New to get the checked front end. Its methods
// are safe for concurrent use.
type Store struct {
	dir      string
	capacity int
	fs       fileSystem

	mu       sync.Mutex
	slots    [2]stateFile
	prepared [2]int64 // bytes at the start of each slot file known to be checksummed blocks
	st       state
	seq      uint64 // sequence number of st
	cur      int    // the slot holding st
	seen     uint64 // the change counter when st was read or committed
	cache    map[uint64]*parsed
	exported map[uint64]bool
	closed   bool
}

var (
	_ certstore.Backend = (*Store)(nil)
	_ certstore.Lister  = (*Store)(nil)
)

// Open opens the store in dir, creating the directory (0700) and an empty store if there is
// none. It checks the state files (Open fails with EIO and a *DamageError rather than lose a
// committed change: see the package documentation), every stored certificate, and the
// ownership and modes of the directory and its files (EACCES when it will not trust them).
// It removes the export files of earlier runs. Close releases it.
//
// On systems other than Linux, macOS and the BSDs, Open fails with an error wrapping
// errors.ErrUnsupported (errno ENOSYS).
func Open(dir string, opts ...Option) (*Store, error) {
	var o options
	for _, f := range opts {
		f(&o)
	}
	if o.capacity <= 0 {
		o.capacity = certstore.DefaultCapacity
	}
	fsys, err := newFS(dir)
	if err != nil {
		return nil, err
	}
	s, err := openWith(dir, fsys, o)
	if err != nil {
		fsys.close()
		return nil, err
	}
	return s, nil
}

// openWith opens the store over fsys.
func openWith(dir string, fsys fileSystem, o options) (*Store, error) {
	const op = "Open"
	s := &Store{dir: dir, capacity: o.capacity, fs: fsys, cur: -1,
		cache: map[uint64]*parsed{}, exported: map[uint64]bool{}}
	if err := fsys.lock(true); err != nil {
		return nil, ioErr(op, "", err)
	}
	defer fsys.unlock()
	if err := s.open(); err != nil {
		s.closeSlots()
		return nil, apierr.Wrap(op, "", err)
	}
	// Export files of a previous run; they are derived and may be stale.
	if err := fsys.resetExports(); err != nil {
		s.closeSlots()
		return nil, ioErr(op, "", err)
	}
	return s, nil
}

// initialFile is what a new store's slot file holds: state st with sequence number seq,
// filled up to a multiple of growStep.
func initialFile(seq uint64, st *state) ([]byte, error) {
	data, err := encode(seq, st)
	if err != nil {
		return nil, err
	}
	end := (int64(len(data)) + growStep - 1) / growStep * growStep
	return append(data, filler(int64(len(data)), end)...), nil
}

// open opens the slot files, creating them for a new store (or finishing an interrupted
// creation), and loads the state. The lock is held exclusively.
func (s *Store) open() error {
	sc, err := s.scanSlots()
	if err != nil {
		return err
	}
	v := judge(s.dir, sc)
	if v.fresh || v.init >= 0 {
		// A new store: an empty state in each file, store.a 1 and store.b 2.
		empty := state{Next: 1}
		for i := 1; i >= 0; i-- {
			if !sc[i].missing {
				continue
			}
			data, err := initialFile(uint64(i+1), &empty)
			if err != nil {
				return err
			}
			if err := s.fs.createState(slotNames[i], data); err != nil {
				return err
			}
		}
		// The slot files' names must be durable before a commit relies on them.
		if err := s.fs.syncDir(); err != nil {
			return err
		}
		if err := s.fs.setCounter(s.fs.counter() + 1); err != nil {
			return err
		}
		if sc, err = s.scanSlots(); err != nil {
			return err
		}
		v = judge(s.dir, sc)
	}
	s.seen = s.fs.counter()
	return s.load(sc, v)
}

// scanSlots opens the slot files not yet open and examines both.
func (s *Store) scanSlots() ([2]fileScan, error) {
	var sc [2]fileScan
	for i, name := range slotNames {
		if s.slots[i] == nil {
			f, err := s.fs.openState(name)
			if errors.Is(err, fs.ErrNotExist) {
				sc[i].missing = true
				continue
			}
			if err != nil {
				return sc, err
			}
			s.slots[i] = f
		}
		f := s.slots[i]
		size, err := f.size()
		if err != nil {
			return sc, err
		}
		data := make([]byte, size)
		if _, err := f.ReadAt(data, 0); err != nil && !(errors.Is(err, io.EOF) && size == 0) {
			return sc, err
		}
		sc[i] = scan(data)
	}
	return sc, nil
}

// load makes the state that v chose the store's. The lock is held.
func (s *Store) load(sc [2]fileScan, v verdict) error {
	if v.damaged != nil {
		return v.damaged
	}
	if v.use < 0 {
		return fmt.Errorf("certificate store %s: no state file", s.dir)
	}
	st := sc[v.use].st
	cache := make(map[uint64]*parsed, len(st.Entries))
	for _, e := range st.Entries {
		if p, ok := s.cache[e.Gen]; ok && bytes.Equal(p.cert, e.Cert) {
			cache[e.Gen] = p
			continue
		}
		p, err := parseEntry(e)
		if err != nil {
			return fmt.Errorf("certificate store %s: %s: certificate %q: %w", s.dir, slotNames[v.use], e.ID, err)
		}
		cache[e.Gen] = p
	}
	for i := range sc {
		s.prepared[i] = sc[i].prepared
	}
	s.st, s.seq, s.cur, s.cache = st, sc[v.use].seq, v.use, cache
	return nil
}

// reload brings st up to date with the slot files, which another Store has changed. It
// opens them again, in case Repair replaced them. The lock is held.
func (s *Store) reload() error {
	c := s.fs.counter()
	s.closeSlots()
	sc, err := s.scanSlots()
	if err != nil {
		return err
	}
	if err := s.load(sc, judge(s.dir, sc)); err != nil {
		return err
	}
	s.seen = c
	return nil
}

func (s *Store) closeSlots() {
	for i, f := range s.slots {
		if f != nil {
			f.Close()
			s.slots[i] = nil
		}
	}
}

// Close releases the store. Later calls fail with an *apierr.Error whose errno is EBADF and
// that wraps os.ErrClosed (so errors.Is(err, fs.ErrClosed) holds): a closed store stays
// closed, and retrying cannot help.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	s.closeSlots()
	return s.fs.close()
}

// Dir returns the directory of the store.
func (s *Store) Dir() string { return s.dir }

func parseEntry(e entry) (*parsed, error) {
	var cert *x509.Certificate
	var err error
	switch e.Kind {
	case ClientCert:
		cert, _, err = certparse.ClientCertificate(e.Cert, e.Key, nil)
	case RootCACert:
		cert, err = certparse.Certificate(e.Cert)
	default:
		err = fmt.Errorf("unknown kind %q", e.Kind)
	}
	if err != nil {
		return nil, err
	}
	return newParsed(cert, e.Cert), nil
}

func newParsed(cert *x509.Certificate, pemData []byte) *parsed {
	return &parsed{
		cert:    pemData,
		subject: certparse.OneLine(cert.Subject), issuer: certparse.OneLine(cert.Issuer),
		notBefore: cert.NotBefore.UTC(), notAfter: cert.NotAfter.UTC(),
	}
}

// commit makes st the store's state. It announces the change (the change counter), then
// writes st, with the next sequence number, over the slot that does not hold the current
// state and fdatasyncs it: one write and one sync, the commit point. A slot file too short
// for st is first grown with filler blocks, synced (a second sync, only when the file
// grows). A crash before the sync completes leaves that slot torn or old, and Open takes the
// other slot, the state before the change. The lock is held exclusively. On error the state
// is unchanged.
func (s *Store) commit(st state, cache map[uint64]*parsed) error {
	seq := s.seq + 1
	target := slotOf(seq)
	data, err := encode(seq, &st)
	if err != nil {
		return err
	}
	if err := s.fs.setCounter(s.seen + 1); err != nil {
		return err
	}
	s.seen++
	f := s.slots[target]
	if need := int64(len(data)); need > s.prepared[target] {
		end := (need + growStep - 1) / growStep * growStep
		if _, err := f.WriteAt(filler(s.prepared[target], end), s.prepared[target]); err != nil {
			return err
		}
		if err := f.datasync(); err != nil {
			return err
		}
		s.prepared[target] = end
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		return err
	}
	if err := f.datasync(); err != nil {
		return err
	}
	s.seq, s.cur = seq, target
	s.adopt(st, cache)
	return nil
}

func (s *Store) adopt(st state, cache map[uint64]*parsed) {
	old := s.st
	s.st, s.cache = st, cache
	// Remove export files of generations that are gone.
	live := map[uint64]bool{}
	for _, e := range st.Entries {
		live[e.Gen] = true
	}
	for _, e := range old.Entries {
		if !live[e.Gen] {
			s.unexport(e.Gen)
		}
	}
}

// begin starts an operation and brings st up to date; it returns the function that ends
// the operation. A change takes the lock exclusively for the whole operation. A query costs
// one read of the change counter: it takes the lock (shared) and reads the state files only
// when another Store, in this process or another, has committed since st was read.
func (s *Store) begin(op string, write bool) (func(), error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, errClosed(op)
	}
	if !write && s.fs.counter() == s.seen {
		return s.mu.Unlock, nil
	}
	if err := s.fs.lock(write); err != nil {
		s.mu.Unlock()
		return nil, ioErr(op, "", err)
	}
	if !write || s.fs.counter() != s.seen {
		if err := s.reload(); err != nil {
			s.fs.unlock()
			s.mu.Unlock()
			return nil, apierr.Wrap(op, "", err)
		}
	}
	if !write {
		s.fs.unlock()
		return s.mu.Unlock, nil
	}
	return func() { s.fs.unlock(); s.mu.Unlock() }, nil
}

func (s *Store) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// errClosed is the error of every call on a closed store.
func errClosed(op string) error {
	return &apierr.Error{Op: op, Errno: syscall.EBADF, Reason: "the file store is closed", Err: os.ErrClosed}
}

func ioErr(op, id string, err error) error {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return &apierr.Error{Op: op, ID: id, Errno: errno, Reason: "certificate store I/O failed", Err: err}
	}
	return &apierr.Error{Op: op, ID: id, Errno: syscall.EIO, Reason: "certificate store I/O failed", Err: err}
}

func (s *Store) cloneCache() map[uint64]*parsed {
	c := make(map[uint64]*parsed, len(s.cache)+1)
	for k, v := range s.cache {
		c[k] = v
	}
	return c
}

// put stores e in a copy of the state, replacing an entry with the same id in place, and
// commits it. The lock is held exclusively.
func (s *Store) put(op string, e entry, cert *x509.Certificate) error {
	p := newParsed(cert, e.Cert)
	st := s.st.clone()
	i := st.lookup(e.ID)
	free := s.capacity - st.used()
	if i >= 0 {
		free += st.Entries[i].Size
	}
	if e.Size > free {
		return apierr.Newf(op, e.ID, syscall.ENOSPC, "certificate needs %d bytes; %d are free", e.Size, max(free, 0))
	}
	e.Gen = st.Next
	st.Next++
	if i >= 0 {
		st.Entries[i] = e
	} else {
		st.Entries = append(st.Entries, e)
	}
	cache := s.cloneCache()
	cache[e.Gen] = p
	if i >= 0 {
		delete(cache, s.st.Entries[i].Gen)
	}
	if err := s.commit(st, cache); err != nil {
		return ioErr(op, e.ID, err)
	}
	return nil
}

// InstallClient implements certstore.Backend. The key is decrypted with password and stored
// unencrypted (PKCS#8, 0600); the password is not kept.
func (s *Store) InstallClient(id string, certPEM, keyPEM, password []byte) error {
	const op = "InstallClientCertificate"
	if s.isClosed() {
		return errClosed(op)
	}
	cert, key, err := certparse.ClientCertificate(certPEM, keyPEM, password)
	if err != nil {
		return apierr.Wrap(op, id, err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return apierr.Wrap(op, id, &certparse.Problem{Errno: syscall.EINVAL, Reason: "cannot re-encode the private key", Err: err})
	}
	plain := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	clear(der)
	end, err := s.begin(op, true)
	if err != nil {
		return err
	}
	defer end()
	return s.put(op, entry{ID: id, Kind: ClientCert, Size: len(certPEM) + len(keyPEM),
		Cert: bytes.Clone(certPEM), Key: plain}, cert)
}

// InstallRootCA implements certstore.Backend.
func (s *Store) InstallRootCA(id string, certPEM []byte) error {
	const op = "InstallRootCACertificate"
	if s.isClosed() {
		return errClosed(op)
	}
	cert, err := certparse.Certificate(certPEM)
	if err != nil {
		return apierr.Wrap(op, id, err)
	}
	end, err := s.begin(op, true)
	if err != nil {
		return err
	}
	defer end()
	return s.put(op, entry{ID: id, Kind: RootCACert, Size: len(certPEM), Cert: bytes.Clone(certPEM)}, cert)
}

// Count implements certstore.Backend.
func (s *Store) Count() (int, error) {
	end, err := s.begin("GetCertificateCount", false)
	if err != nil {
		return 0, err
	}
	defer end()
	return len(s.st.Entries), nil
}

// IdentifierAt implements certstore.Backend.
func (s *Store) IdentifierAt(index int) (string, error) {
	const op = "GetCertificateIdentifierAt"
	end, err := s.begin(op, false)
	if err != nil {
		return "", err
	}
	defer end()
	if n := len(s.st.Entries); index < 0 || index >= n {
		reason := "index " + strconv.Itoa(index) + " is out of range: the store is empty"
		if n > 0 {
			reason = "index " + strconv.Itoa(index) + " is out of range 0.." + strconv.Itoa(n-1)
		}
		return "", &apierr.Error{Op: op, Errno: syscall.ERANGE, Reason: reason}
	}
	return s.st.Entries[index].ID, nil
}

// List implements certstore.Lister: the whole store as of one commit.
func (s *Store) List() ([]certstore.Certificate, error) {
	end, err := s.begin("GetCertificateCount", false)
	if err != nil {
		return nil, err
	}
	defer end()
	out := make([]certstore.Certificate, len(s.st.Entries))
	for i, e := range s.st.Entries {
		p := s.cache[e.Gen]
		out[i] = certstore.Certificate{ID: e.ID, Subject: p.subject, Issuer: p.issuer, NotBefore: p.notBefore, NotAfter: p.notAfter}
	}
	return out, nil
}

// AvailableSpace implements certstore.Backend.
func (s *Store) AvailableSpace() (int, error) {
	end, err := s.begin("GetAvailableSpace", false)
	if err != nil {
		return 0, err
	}
	defer end()
	return max(s.capacity-s.st.used(), 0), nil
}

func (s *Store) info(op, id string) (*parsed, error) {
	end, err := s.begin(op, false)
	if err != nil {
		return nil, err
	}
	defer end()
	i := s.st.lookup(id)
	if i < 0 {
		return nil, apierr.New(op, id, syscall.ENOENT, "no certificate with this identifier")
	}
	return s.cache[s.st.Entries[i].Gen], nil
}

// SubjectName implements certstore.Backend.
func (s *Store) SubjectName(id string) (string, error) {
	p, err := s.info("GetCertificateSubjectName", id)
	if err != nil {
		return "", err
	}
	return p.subject, nil
}

// IssuerName implements certstore.Backend.
func (s *Store) IssuerName(id string) (string, error) {
	p, err := s.info("GetCertificateIssuerName", id)
	if err != nil {
		return "", err
	}
	return p.issuer, nil
}

// NotBefore implements certstore.Backend.
func (s *Store) NotBefore(id string) (time.Time, error) {
	p, err := s.info("GetCertificateNotBefore", id)
	if err != nil {
		return time.Time{}, err
	}
	return p.notBefore, nil
}

// NotAfter implements certstore.Backend.
func (s *Store) NotAfter(id string) (time.Time, error) {
	p, err := s.info("GetCertificateNotAfter", id)
	if err != nil {
		return time.Time{}, err
	}
	return p.notAfter, nil
}

// Move implements certstore.Backend: src takes the name dst, keeping its index and its
// export files; a certificate already named dst is removed, in the same commit.
func (s *Store) Move(src, dst string) error {
	const op = "MoveCertificate"
	end, err := s.begin(op, true)
	if err != nil {
		return err
	}
	defer end()
	i := s.st.lookup(src)
	if i < 0 {
		return apierr.New(op, src, syscall.ENOENT, "no certificate with this identifier to move")
	}
	if src == dst {
		return nil
	}
	st := s.st.clone()
	st.Entries[i].ID = dst
	cache := s.cloneCache()
	if j := s.st.lookup(dst); j >= 0 {
		delete(cache, st.Entries[j].Gen)
		st.Entries = append(st.Entries[:j], st.Entries[j+1:]...)
	}
	if err := s.commit(st, cache); err != nil {
		return ioErr(op, src, err)
	}
	return nil
}

// Delete implements certstore.Backend.
func (s *Store) Delete(id string) error {
	const op = "DeleteCertificate"
	end, err := s.begin(op, true)
	if err != nil {
		return err
	}
	defer end()
	i := s.st.lookup(id)
	if i < 0 {
		return apierr.New(op, id, syscall.ENOENT, "no certificate with this identifier")
	}
	st := s.st.clone()
	cache := s.cloneCache()
	delete(cache, st.Entries[i].Gen)
	st.Entries = append(st.Entries[:i], st.Entries[i+1:]...)
	if err := s.commit(st, cache); err != nil {
		return ioErr(op, id, err)
	}
	return nil
}

// Kind returns the kind of the certificate id. Errors: ENOENT when there is none.
func (s *Store) Kind(id string) (Kind, error) {
	const op = "Kind"
	end, err := s.begin(op, false)
	if err != nil {
		return "", err
	}
	defer end()
	i := s.st.lookup(id)
	if i < 0 {
		return "", apierr.New(op, id, syscall.ENOENT, "no certificate with this identifier")
	}
	return s.st.Entries[i].Kind, nil
}

// Size returns the bytes the certificate id is charged against the store's capacity: the
// lengths of the PEM blobs it was installed with. Errors: ENOENT when there is no
// certificate id.
func (s *Store) Size(id string) (int, error) {
	const op = "Size"
	end, err := s.begin(op, false)
	if err != nil {
		return 0, err
	}
	defer end()
	i := s.st.lookup(id)
	if i < 0 {
		return 0, apierr.New(op, id, syscall.ENOENT, "no certificate with this identifier")
	}
	return s.st.Entries[i].Size, nil
}

// Paths returns the files that hold the certificate id, for a program that needs them as
// files (wpa_supplicant's ca_cert, client_cert and private_key): the certificate PEM
// (0644) and, for a client certificate, its private key as unencrypted PKCS#8 PEM (0600;
// keyPath is empty for a root CA). The files are written on first use and stay until the
// certificate is replaced or deleted, or the store is opened again; a caller that must keep
// using them after that (as the Wi-Fi subsystem keeps using the certificates it loaded until
// a reload) should link or copy them. Errors: ENOENT when there is no certificate id.
func (s *Store) Paths(id string) (certPath, keyPath string, err error) {
	const op = "Paths"
	end, err := s.begin(op, false)
	if err != nil {
		return "", "", err
	}
	defer end()
	i := s.st.lookup(id)
	if i < 0 {
		return "", "", apierr.New(op, id, syscall.ENOENT, "no certificate with this identifier")
	}
	e := s.st.Entries[i]
	certName, keyName := exportNames(e)
	certPath = s.fs.exportPath(certName)
	if keyName != "" {
		keyPath = s.fs.exportPath(keyName)
	}
	if s.exported[e.Gen] && s.fs.exists(certPath) && (keyPath == "" || s.fs.exists(keyPath)) {
		return certPath, keyPath, nil
	}
	// Several processes may export the same generation at once; the contents are the same,
	// and each file is written whole under a new temporary name and renamed.
	if keyName != "" {
		if _, err := s.fs.export(keyName, e.Key, 0o600); err != nil {
			return "", "", apierr.Wrap(op, id, err)
		}
	}
	if _, err := s.fs.export(certName, e.Cert, 0o644); err != nil {
		return "", "", apierr.Wrap(op, id, err)
	}
	s.exported[e.Gen] = true
	return certPath, keyPath, nil
}

func exportNames(e entry) (certName, keyName string) {
	base := strconv.FormatUint(e.Gen, 10)
	certName = base + ".crt"
	if e.Kind == ClientCert {
		keyName = base + ".key"
	}
	return certName, keyName
}

func (s *Store) unexport(gen uint64) {
	delete(s.exported, gen)
	base := strconv.FormatUint(gen, 10)
	s.fs.removeExport(base + ".crt")
	s.fs.removeExport(base + ".key")
}

// Usage returns the bytes the store's certificates are charged and its capacity.
func (s *Store) Usage() (used, capacity int, err error) {
	end, err := s.begin("Usage", false)
	if err != nil {
		return 0, 0, err
	}
	defer end()
	return s.st.used(), s.capacity, nil
}
