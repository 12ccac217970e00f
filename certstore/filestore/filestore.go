package filestore

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
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
	"github.com/azsphere-go/applibs/internal/atomicfile"
	"github.com/azsphere-go/applibs/internal/certparse"
)

// File names inside the store's directory.
const (
	lockName  = "lock"
	exportDir = "export"
	magic     = "azsphere-certstore 2 "
)

// slotNames are the two files that hold the store's state alternately.
var slotNames = [2]string{"store.a", "store.b"}

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
	slots    [2]*os.File
	sizes    [2]int64 // length of each slot file
	st       state
	seq      uint64 // sequence number of st; 0 for the empty store that no slot holds
	cur      int    // the slot holding st, or -1
	cache    map[uint64]*parsed
	exported map[uint64]bool
	closed   bool
}

var _ certstore.Backend = (*Store)(nil)

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
	s := &Store{dir: dir, capacity: o.capacity, lock: lock, cur: -1,
		cache: map[uint64]*parsed{}, exported: map[uint64]bool{}}
	if err := s.flock(syscall.LOCK_EX); err != nil {
		lock.Close()
		return nil, fmt.Errorf("filestore: %w", err)
	}
	defer s.funlock()
	if err := s.open(); err != nil {
		s.closeFiles()
		return nil, err
	}
	return s, nil
}

// open opens (creating) the slot files, removes the export files of an earlier run and
// loads the state. The flock is held exclusively.
func (s *Store) open() error {
	created := false
	for i, name := range slotNames {
		path := filepath.Join(s.dir, name)
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if errors.Is(err, fs.ErrNotExist) {
			f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
			created = true
		}
		if err != nil {
			return fmt.Errorf("filestore: %w", err)
		}
		s.slots[i] = f
	}
	if created {
		// The slot files' names must be durable before a commit relies on them.
		if err := syncDir(s.dir); err != nil {
			return fmt.Errorf("filestore: %w", err)
		}
	}
	// Export files of a previous run; they are derived and may be stale.
	if err := os.RemoveAll(filepath.Join(s.dir, exportDir)); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	return s.reload()
}

func (s *Store) closeFiles() {
	for _, f := range s.slots {
		if f != nil {
			f.Close()
		}
	}
	s.lock.Close()
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
	s.closeFiles()
	return nil
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

// slot is what one slot file holds.
type slot struct {
	size  int64
	seq   uint64
	state state
	valid bool
}

func readSlot(f *os.File) (slot, error) {
	fi, err := f.Stat()
	if err != nil {
		return slot{}, err
	}
	sl := slot{size: fi.Size()}
	if sl.size == 0 {
		return sl, nil
	}
	data := make([]byte, sl.size)
	if _, err := f.ReadAt(data, 0); err != nil {
		return sl, err
	}
	sl.seq, sl.state, err = decode(data)
	sl.valid = err == nil
	return sl, nil
}

// peekSeq returns the sequence number in a slot's header, or 0.
func peekSeq(f *os.File) uint64 {
	var buf [64]byte
	n, _ := f.ReadAt(buf[:], 0)
	rest, ok := bytes.CutPrefix(buf[:n], []byte(magic+"seq="))
	if !ok {
		return 0
	}
	end := bytes.IndexByte(rest, ' ')
	if end < 0 {
		return 0
	}
	seq, _ := strconv.ParseUint(string(rest[:end]), 10, 64)
	return seq
}

// reload brings st up to date with the slot files, which another process may have changed.
// The flock is held.
func (s *Store) reload() error {
	if s.cur >= 0 && max(peekSeq(s.slots[0]), peekSeq(s.slots[1])) == s.seq {
		return nil // nothing committed since st was read
	}
	var sl [2]slot
	for i, f := range s.slots {
		var err error
		if sl[i], err = readSlot(f); err != nil {
			return fmt.Errorf("filestore: %w", err)
		}
		s.sizes[i] = sl[i].size
	}
	best := -1
	for i := range sl {
		if sl[i].valid && (best < 0 || sl[i].seq > sl[best].seq) {
			best = i
		}
	}
	if best < 0 {
		// Only a commit can write a slot, and a commit writes one slot: two damaged slots
		// are not the trace of a crash but of a damaged disk.
		if sl[0].size > 0 && sl[1].size > 0 {
			return fmt.Errorf("filestore: %s: both state files are damaged", s.dir)
		}
		// Empty, or the first commit was interrupted.
		s.st, s.seq, s.cur, s.cache = state{Next: 1}, 0, -1, map[uint64]*parsed{}
		return nil
	}
	cache := map[uint64]*parsed{}
	for _, e := range sl[best].state.Entries {
		p, err := parseEntry(e)
		if err != nil {
			return fmt.Errorf("filestore: %s: certificate %q: %w", filepath.Join(s.dir, slotNames[best]), e.ID, err)
		}
		cache[e.Gen] = p
	}
	s.st, s.seq, s.cur, s.cache = sl[best].state, sl[best].seq, best, cache
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

// encode renders st as a slot's contents: a header line with the sequence number, the
// length and SHA-256 of the body, then the body (JSON).
func encode(seq uint64, st *state) ([]byte, error) {
	body, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	out := fmt.Appendf(nil, "%sseq=%d len=%d sha256=%x\n", magic, seq, len(body), sum)
	return append(out, body...), nil
}

func decode(data []byte) (uint64, state, error) {
	var st state
	head, body, ok := bytes.Cut(data, []byte{'\n'})
	if !ok || !bytes.HasPrefix(head, []byte(magic)) {
		return 0, st, errors.New("not a certificate store file")
	}
	var seq uint64
	var n int
	var sum []byte
	if _, err := fmt.Sscanf(string(head[len(magic):]), "seq=%d len=%d sha256=%x", &seq, &n, &sum); err != nil {
		return 0, st, fmt.Errorf("bad header: %w", err)
	}
	if n < 0 {
		return 0, st, fmt.Errorf("bad header: negative length %d", n)
	}
	if n > len(body) {
		return 0, st, errors.New("truncated")
	}
	body = body[:n]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return 0, st, errors.New("checksum mismatch")
	}
	if err := json.Unmarshal(body, &st); err != nil {
		return 0, st, err
	}
	seen := map[string]bool{}
	for _, e := range st.Entries {
		if seen[e.ID] {
			return 0, st, fmt.Errorf("identifier %q appears twice", e.ID)
		}
		seen[e.ID] = true
		if e.Gen >= st.Next {
			return 0, st, fmt.Errorf("certificate %q has generation %d >= next %d", e.ID, e.Gen, st.Next)
		}
	}
	return seq, st, nil
}

// commit makes st the store's state. It writes st, with the next sequence number, over the
// slot that does not hold the current state, and fdatasyncs it: one write and one sync, the
// commit point. A crash before the sync completes leaves that slot torn or old, and Open
// takes the other slot, the state before the change. The flock is held exclusively. On error
// the state is unchanged.
func (s *Store) commit(st state, cache map[uint64]*parsed) error {
	seq := s.seq + 1
	data, err := encode(seq, &st)
	if err != nil {
		return err
	}
	target := 0
	if s.cur == 0 {
		target = 1
	}
	f := s.slots[target]
	if _, err := f.WriteAt(data, 0); err != nil {
		return err
	}
	if s.sizes[target] > int64(len(data)) {
		if err := f.Truncate(int64(len(data))); err != nil {
			return err
		}
	}
	s.sizes[target] = int64(len(data))
	if err := fdatasync(f); err != nil {
		return err
	}
	s.seq, s.cur = seq, target
	s.adopt(st, cache)
	return nil
}

func fdatasync(f *os.File) error {
	for {
		err := syscall.Fdatasync(int(f.Fd()))
		if err != syscall.EINTR {
			return err
		}
	}
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
		return nil, errClosed(op)
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
		Cert: bytes.Clone(certPEM), Key: plain}, newParsed(cert))
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
		if err := atomicfile.Write(keyPath, e.Key, 0o600, false); err != nil {
			return err
		}
	}
	return atomicfile.Write(certPath, e.Cert, 0o644, false)
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
