package filestore

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/internal/certparse"
)

// File names inside the store's directory.
const (
	dbName    = "store.db"
	tmpName   = "store.db.tmp"
	lockName  = "lock"
	exportDir = "export"
	magic     = "azsphere-certstore 1 sha256="
)

// Kind tells a client certificate from a root CA certificate.
type Kind string

// The kinds of stored certificate, as recorded in store.db.
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

// entry is one certificate as store.db records it.
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
	Next    uint64  `json:"next"`
	Entries []entry `json:"entries"`
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

// parsed caches what the query functions return for one generation.
type parsed struct {
	subject, issuer     string
	notBefore, notAfter time.Time
}

// Store is a certificate store kept in a directory. It implements certstore.Backend; wrap it
// with certstore.New to get the checked front end. Its methods are safe for concurrent use.
type Store struct {
	dir      string
	capacity int

	mu       sync.Mutex
	lock     *os.File
	st       state
	loaded   fileID // identity of the store.db that st came from
	cache    map[uint64]*parsed
	exported map[uint64]bool
	closed   bool
}

var _ certstore.Backend = (*Store)(nil)

type fileID struct {
	dev, ino uint64
	ok       bool
}

// Open opens the store in dir, creating the directory (0700) and an empty store if there is
// none. It removes what interrupted changes left behind and checks every stored certificate.
// Close releases it.
func Open(dir string, opts ...Option) (*Store, error) {
	var o options
	for _, f := range opts {
		f(&o)
	}
	if o.capacity <= 0 {
		o.capacity = certstore.DefaultCapacity
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("filestore: %w", err)
	}
	lock, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("filestore: %w", err)
	}
	s := &Store{dir: dir, capacity: o.capacity, lock: lock,
		cache: map[uint64]*parsed{}, exported: map[uint64]bool{}}
	if err := s.flock(syscall.LOCK_EX); err != nil {
		lock.Close()
		return nil, fmt.Errorf("filestore: %w", err)
	}
	defer s.funlock()
	// Garbage of an interrupted change, and export files of a previous run.
	if err := os.Remove(filepath.Join(dir, tmpName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		lock.Close()
		return nil, fmt.Errorf("filestore: %w", err)
	}
	if err := os.RemoveAll(filepath.Join(dir, exportDir)); err != nil {
		lock.Close()
		return nil, fmt.Errorf("filestore: %w", err)
	}
	if err := s.reload(); err != nil {
		lock.Close()
		return nil, err
	}
	return s, nil
}

// Close releases the store. Later calls fail with EAGAIN.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	return s.lock.Close()
}

// Dir returns the directory of the store.
func (s *Store) Dir() string { return s.dir }

func (s *Store) flock(how int) error {
	for {
		err := syscall.Flock(int(s.lock.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}

func (s *Store) funlock() { _ = s.flock(syscall.LOCK_UN) }

func statID(path string) (fileID, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileID{}, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, nil
	}
	return fileID{dev: uint64(st.Dev), ino: st.Ino, ok: true}, nil
}

// reload reads store.db if it is not the one st came from. The flock is held.
func (s *Store) reload() error {
	path := filepath.Join(s.dir, dbName)
	id, err := statID(path)
	if errors.Is(err, fs.ErrNotExist) {
		s.st, s.loaded = state{Next: 1}, fileID{}
		return nil
	}
	if err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	if id.ok && id == s.loaded {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	st, err := decode(data)
	if err != nil {
		return fmt.Errorf("filestore: %s: %w", path, err)
	}
	cache := map[uint64]*parsed{}
	for _, e := range st.Entries {
		p, err := parseEntry(e)
		if err != nil {
			return fmt.Errorf("filestore: %s: certificate %q: %w", path, e.ID, err)
		}
		cache[e.Gen] = p
	}
	s.st, s.loaded, s.cache = st, id, cache
	return nil
}

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
	return newParsed(cert), nil
}

func newParsed(cert *x509.Certificate) *parsed {
	return &parsed{
		subject: certparse.OneLine(cert.Subject), issuer: certparse.OneLine(cert.Issuer),
		notBefore: cert.NotBefore.UTC(), notAfter: cert.NotAfter.UTC(),
	}
}

func encode(st *state) ([]byte, error) {
	body, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	out := make([]byte, 0, len(magic)+64+1+len(body))
	out = append(out, magic...)
	out = hex.AppendEncode(out, sum[:])
	out = append(out, '\n')
	return append(out, body...), nil
}

func decode(data []byte) (state, error) {
	var st state
	head, body, ok := bytes.Cut(data, []byte{'\n'})
	if !ok || !bytes.HasPrefix(head, []byte(magic)) {
		return st, errors.New("not a certificate store file")
	}
	want, err := hex.DecodeString(string(head[len(magic):]))
	if err != nil {
		return st, errors.New("bad checksum field")
	}
	if sum := sha256.Sum256(body); !bytes.Equal(sum[:], want) {
		return st, errors.New("checksum mismatch: the file is damaged")
	}
	if err := json.Unmarshal(body, &st); err != nil {
		return st, err
	}
	seen := map[string]bool{}
	for _, e := range st.Entries {
		if seen[e.ID] {
			return st, fmt.Errorf("identifier %q appears twice", e.ID)
		}
		seen[e.ID] = true
		if e.Gen >= st.Next {
			return st, fmt.Errorf("certificate %q has generation %d >= next %d", e.ID, e.Gen, st.Next)
		}
	}
	return st, nil
}

// commit makes st the store's state: write the temporary file, fsync, rename over store.db,
// fsync the directory. The flock is held exclusively. On error the state is unchanged.
func (s *Store) commit(st state, cache map[uint64]*parsed) error {
	data, err := encode(&st)
	if err != nil {
		return err
	}
	tmp := filepath.Join(s.dir, tmpName)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(s.dir, dbName))
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	// The rename happened: the new state is what a reader sees, so memory follows it even
	// when making it durable fails.
	err = syncDir(s.dir)
	s.adopt(st, cache)
	return err
}

func (s *Store) adopt(st state, cache map[uint64]*parsed) {
	old := s.st
	s.st, s.cache = st, cache
	s.loaded, _ = statID(filepath.Join(s.dir, dbName))
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

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// begin takes the lock for an operation and brings st up to date. It returns the function
// that ends the operation.
func (s *Store) begin(op string, write bool) (func(), error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, apierr.New(op, "", syscall.EAGAIN, "the certificate store is closed")
	}
	how := syscall.LOCK_SH
	if write {
		how = syscall.LOCK_EX
	}
	if err := s.flock(how); err != nil {
		s.mu.Unlock()
		return nil, ioErr(op, "", err)
	}
	if err := s.reload(); err != nil {
		s.funlock()
		s.mu.Unlock()
		return nil, ioErr(op, "", err)
	}
	return func() { s.funlock(); s.mu.Unlock() }, nil
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
// commits it. The flock is held exclusively.
func (s *Store) put(op string, e entry, p *parsed) error {
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
		Cert: bytes.Clone(certPEM), Key: plain}, newParsed(cert))
}

// InstallRootCA implements certstore.Backend.
func (s *Store) InstallRootCA(id string, certPEM []byte) error {
	const op = "InstallRootCACertificate"
	cert, err := certparse.Certificate(certPEM)
	if err != nil {
		return apierr.Wrap(op, id, err)
	}
	end, err := s.begin(op, true)
	if err != nil {
		return err
	}
	defer end()
	return s.put(op, entry{ID: id, Kind: RootCACert, Size: len(certPEM), Cert: bytes.Clone(certPEM)}, newParsed(cert))
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
	certPath, keyPath = s.exportPaths(e)
	if s.exported[e.Gen] {
		if _, err := os.Stat(certPath); err == nil {
			return certPath, keyPath, nil
		}
	}
	if err := s.export(e, certPath, keyPath); err != nil {
		return "", "", ioErr(op, id, err)
	}
	s.exported[e.Gen] = true
	return certPath, keyPath, nil
}

func (s *Store) exportPaths(e entry) (certPath, keyPath string) {
	base := filepath.Join(s.dir, exportDir, strconv.FormatUint(e.Gen, 10))
	certPath = base + ".crt"
	if e.Kind == ClientCert {
		keyPath = base + ".key"
	}
	return certPath, keyPath
}

// export writes the export files of e through temporary files and renames, so that no reader
// sees a partial file. Several processes may export the same generation at once; the
// contents are the same.
func (s *Store) export(e entry, certPath, keyPath string) error {
	if err := os.MkdirAll(filepath.Join(s.dir, exportDir), 0o700); err != nil {
		return err
	}
	if keyPath != "" {
		if err := writeReplace(keyPath, e.Key, 0o600); err != nil {
			return err
		}
	}
	return writeReplace(certPath, e.Cert, 0o644)
}

func writeReplace(path string, data []byte, mode os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(mode)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

func (s *Store) unexport(gen uint64) {
	delete(s.exported, gen)
	base := filepath.Join(s.dir, exportDir, strconv.FormatUint(gen, 10))
	os.Remove(base + ".crt")
	os.Remove(base + ".key")
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
