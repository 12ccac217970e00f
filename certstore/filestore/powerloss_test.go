package filestore

import (
	"bytes"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/internal/testsize"
	"github.com/azsphere-go/applibs/pkitest"
)

// The power-loss test runs the store over memFS, a file layer that records every write
// and sync, and at every point of the run (between any two events) rebuilds the disk
// images a power cut there could leave: what was synced, plus any subset of the writes not
// yet synced, sector by sector (none, all, prefixes as a killed process leaves, random
// subsets in any order, the last write torn). Each image must open, silently, with the
// state of every change acknowledged before the cut, plus at most the one in flight.

type evKind int

const (
	evWrite   evKind = iota // data written at off in name
	evSync                  // datasync of name
	evCreate                // name created whole and synced, its name durable at the next evSyncDir
	evSyncDir               // directory synced
	evBegin                 // the test starts change op
	evAck                   // change op returned
)

type event struct {
	kind evKind
	name string
	off  int64
	data []byte
	op   int
}

// memFS is an in-memory fileSystem that records what the store does.
type memFS struct {
	files   map[string][]byte
	log     []event
	count   *uint64 // the change counter, shared by the memFS of one "directory"
	exports map[string][]byte
	// calls counts the calls of lock, counter and ReadAt.
	locks, counterReads, reads int
}

func newMemFS(files map[string][]byte) *memFS {
	return &memFS{files: files, count: new(uint64), exports: map[string][]byte{}}
}

func (m *memFS) openState(name string) (stateFile, error) {
	if _, ok := m.files[name]; !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{m: m, name: name}, nil
}

func (m *memFS) createState(name string, data []byte) error {
	m.files[name] = bytes.Clone(data)
	m.log = append(m.log, event{kind: evCreate, name: name, data: bytes.Clone(data)})
	return nil
}

func (m *memFS) syncDir() error {
	m.log = append(m.log, event{kind: evSyncDir})
	return nil
}

func (m *memFS) lock(bool) error           { m.locks++; return nil }
func (m *memFS) unlock()                   {}
func (m *memFS) counter() uint64           { m.counterReads++; return *m.count }
func (m *memFS) setCounter(c uint64) error { *m.count = c; return nil }
func (m *memFS) resetExports() error       { clear(m.exports); return nil }
func (m *memFS) export(name string, data []byte, _ os.FileMode) (string, error) {
	m.exports[name] = bytes.Clone(data)
	return name, nil
}
func (m *memFS) exportPath(name string) string { return name }
func (m *memFS) exists(path string) bool {
	_, ok := m.exports[path]
	return ok
}
func (m *memFS) removeExport(name string) { delete(m.exports, name) }
func (m *memFS) close() error             { return nil }

type memFile struct {
	m    *memFS
	name string
}

func (f *memFile) ReadAt(p []byte, off int64) (int, error) {
	f.m.reads++
	data := f.m.files[f.name]
	if off >= int64(len(data)) {
		return 0, io.EOF
	}
	n := copy(p, data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (f *memFile) WriteAt(p []byte, off int64) (int, error) {
	f.m.files[f.name] = writeAt(f.m.files[f.name], p, off)
	f.m.log = append(f.m.log, event{kind: evWrite, name: f.name, off: off, data: bytes.Clone(p)})
	return len(p), nil
}

func (f *memFile) size() (int64, error) { return int64(len(f.m.files[f.name])), nil }
func (f *memFile) datasync() error {
	f.m.log = append(f.m.log, event{kind: evSync, name: f.name})
	return nil
}
func (f *memFile) Close() error { return nil }

func writeAt(data, p []byte, off int64) []byte {
	if end := off + int64(len(p)); end > int64(len(data)) {
		data = append(data, make([]byte, end-int64(len(data)))...)
	}
	copy(data[off:], p)
	return data
}

// sector is one unsynced sector write.
type sector struct {
	name  string
	off   int64
	data  []byte
	write int // which write it belongs to
}

// disk is what a cut at some point of the log leaves: durable files, files whose creation
// is not yet durable, and unsynced sector writes in the order they were issued.
type disk struct {
	durable     map[string][]byte
	pendCreates map[string][]byte
	pend        []sector
}

func diskAt(t *testing.T, log []event) disk {
	d := disk{durable: map[string][]byte{}, pendCreates: map[string][]byte{}}
	writes := 0
	for _, e := range log {
		switch e.kind {
		case evCreate:
			d.pendCreates[e.name] = e.data
		case evSyncDir:
			for name, data := range d.pendCreates {
				d.durable[name] = data
			}
			clear(d.pendCreates)
		case evWrite:
			if e.off%blockSize != 0 || len(e.data)%blockSize != 0 {
				t.Fatalf("write of %d bytes at %d in %s is not whole blocks", len(e.data), e.off, e.name)
			}
			writes++
			for o := 0; o < len(e.data); o += blockSize {
				d.pend = append(d.pend, sector{e.name, e.off + int64(o), e.data[o : o+blockSize], writes})
			}
		case evSync:
			var keep []sector
			for _, s := range d.pend {
				if s.name == e.name {
					d.durable[s.name] = writeAt(d.durable[s.name], s.data, s.off)
				} else {
					keep = append(keep, s)
				}
			}
			d.pend = keep
		}
	}
	return d
}

// image applies the chosen unsynced sectors (in issue order) to the durable files. With
// zeroExtend the files take the length the unsynced writes gave them, the sectors that did
// not land reading as zeros (the size reached the disk, the data did not).
func (d disk) image(chosen []bool, creates, zeroExtend bool) map[string][]byte {
	files := map[string][]byte{}
	for name, data := range d.durable {
		files[name] = bytes.Clone(data)
	}
	if creates {
		for name, data := range d.pendCreates {
			files[name] = bytes.Clone(data)
		}
	}
	for i, s := range d.pend {
		if _, ok := files[s.name]; !ok {
			continue
		}
		if chosen[i] {
			files[s.name] = writeAt(files[s.name], s.data, s.off)
		} else if zeroExtend && s.off+blockSize > int64(len(files[s.name])) {
			files[s.name] = writeAt(files[s.name], make([]byte, blockSize), s.off)
		}
	}
	return files
}

type modelEntry struct {
	id   string
	kind Kind
	cert []byte
}

func snapshot(st state) []modelEntry {
	out := make([]modelEntry, len(st.Entries))
	for i, e := range st.Entries {
		out[i] = modelEntry{e.ID, e.Kind, e.Cert}
	}
	return out
}

func TestPowerLoss(t *testing.T) {
	ops := testsize.Pick(10, 40, 400)
	randomImages := testsize.Pick(2, 4, 16)
	ca := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Power CA"}})
	var pool []*pkitest.Cert
	for i := 0; i < 4; i++ {
		pool = append(pool, ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "power " + strconv.Itoa(i)}}))
	}
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 7))
	t.Logf("seed %d", seed)

	m := newMemFS(map[string][]byte{})
	s, err := openWith("mem", m, options{capacity: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	models := [][]modelEntry{snapshot(s.st)}
	for k := 1; k <= ops; k++ {
		m.log = append(m.log, event{kind: evBegin, op: k})
		id := "id" + strconv.Itoa(rng.IntN(14))
		c := pool[rng.IntN(len(pool))]
		switch r := rng.IntN(10); {
		case r < 4:
			err = s.InstallRootCA(id, c.CertPEM)
		case r < 7:
			err = s.InstallClient(id, c.CertPEM, c.MustKeyPEM(pkitest.PKCS8, nil), nil)
		case r < 8:
			err = s.Move(id, "id"+strconv.Itoa(rng.IntN(14)))
		default:
			err = s.Delete(id)
		}
		if err != nil && !errors.Is(err, syscall.ENOENT) {
			t.Fatalf("op %d: %v", k, err)
		}
		m.log = append(m.log, event{kind: evAck, op: k})
		models = append(models, snapshot(s.st))
	}
	s.Close()

	images, grows := 0, 0
	for _, e := range m.log {
		if e.kind == evWrite && e.off > 0 {
			grows++
		}
	}
	for c := 0; c <= len(m.log); c++ {
		acked, inflight := 0, false
		for _, e := range m.log[:c] {
			switch e.kind {
			case evAck:
				acked, inflight = e.op, false
			case evBegin:
				inflight = true
			}
		}
		d := diskAt(t, m.log[:c])
		n := len(d.pend)
		check := func(variant string, chosen []bool, creates, zeroExtend bool) {
			t.Helper()
			images++
			files := d.image(chosen, creates, zeroExtend)
			s, err := openWith("mem", newMemFS(files), options{capacity: 1 << 20})
			if err != nil {
				t.Fatalf("cut %d/%d (%d acknowledged, in flight %v), %s: Open: %v", c, len(m.log), acked, inflight, variant, err)
			}
			got := snapshot(s.st)
			if slices.EqualFunc(got, models[acked], equalEntry) || inflight && slices.EqualFunc(got, models[acked+1], equalEntry) {
				// The store goes on from the crash: a change over whatever the cut left
				// (torn blocks, zeros, a short file) commits, and a reopen sees it.
				if err := s.InstallRootCA("after", pool[0].CertPEM); err != nil {
					t.Fatalf("cut %d/%d, %s: install after the crash: %v", c, len(m.log), variant, err)
				}
				want := snapshot(s.st)
				s.Close()
				s2, err := openWith("mem", newMemFS(files), options{capacity: 1 << 20})
				if err != nil {
					t.Fatalf("cut %d/%d, %s: reopen after a change following the crash: %v", c, len(m.log), variant, err)
				}
				if got := snapshot(s2.st); !slices.EqualFunc(got, want, equalEntry) {
					t.Fatalf("cut %d/%d, %s: after a change following the crash the store holds %v, want %v", c, len(m.log), variant, ids(got), ids(want))
				}
				s2.Close()
				return
			}
			s.Close()
			t.Fatalf("cut %d/%d, %s: the store holds %v; want the state after change %d%s", c, len(m.log), variant, ids(got), acked,
				map[bool]string{true: fmt.Sprintf(" or %d", acked+1)}[inflight])
		}
		all := func(v bool) []bool {
			b := make([]bool, n)
			for i := range b {
				b[i] = v
			}
			return b
		}
		check("nothing unsynced landed", all(false), false, false)
		check("nothing unsynced landed, sizes did", all(false), false, true)
		check("everything landed", all(true), true, false)
		if n == 0 {
			continue
		}
		for _, k := range []int{1, n / 2, n - 1} {
			p := all(false)
			for i := 0; i < k; i++ {
				p[i] = true
			}
			check(fmt.Sprintf("first %d of %d sectors landed", k, n), p, true, false)
		}
		last := d.pend[n-1].write
		torn := all(true)
		cut := rng.IntN(n)
		for i := range torn {
			if d.pend[i].write == last && i >= cut {
				torn[i] = false
			}
		}
		check("last write torn", torn, true, false)
		for r := 0; r < randomImages; r++ {
			p := make([]bool, n)
			for i := range p {
				p[i] = rng.IntN(2) == 0
			}
			check("random subset", p, rng.IntN(2) == 0, rng.IntN(2) == 0)
		}
	}
	t.Logf("%d changes, %d events, %d file grows; %d power-cut images, each opened with every acknowledged change and then took one more", ops, len(m.log), grows, images)
}

func equalEntry(a, b modelEntry) bool {
	return a.id == b.id && a.kind == b.kind && bytes.Equal(a.cert, b.cert)
}

func ids(m []modelEntry) []string {
	out := make([]string, len(m))
	for i, e := range m {
		out[i] = e.id
	}
	return out
}
