package filestore

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
	"strings"
)

// The state files are made of blocks of blockSize bytes. Each block ends in a trailer that
// names the state it belongs to (its sequence number; 0 for filler), its index in the file
// and a CRC-32C of the rest, so that every block can be checked on its own: after a crash a
// file holds blocks of the state being written and blocks of what it held before, each
// whole and each with a right checksum, while damage leaves a block whose checksum is wrong
// (see the package documentation, "Damaged state files").
const (
	blockSize   = 512
	trailerSize = 16 // sequence number (8), index (4), CRC-32C (4); little endian
	payloadSize = blockSize - trailerSize
	// growStep is the step in which state files grow. They never shrink.
	growStep = 4096
	// headerSize is the header at the start of a state's payload: magic, body length,
	// SHA-256 of the body.
	headerSize = 8 + 4 + sha256.Size
	// maxBody bounds a state's body; a header claiming more is damaged.
	maxBody = 64 << 20
)

var (
	magic    = [8]byte{'a', 'z', 'c', 's', 't', 'o', 'r', '3'}
	magicV2  = []byte("azsphere-certstore 2 ")
	crcTable = crc32.MakeTable(crc32.Castagnoli)
)

// slotNames are the two files that hold the store's state alternately. "store.a" holds odd
// sequence numbers, "store.b" even ones.
var slotNames = [2]string{"store.a", "store.b"}

// slotOf returns the slot that holds sequence number seq.
func slotOf(seq uint64) int { return int(1 - seq%2) }

func putTrailer(b []byte, seq uint64, index uint32) {
	binary.LittleEndian.PutUint64(b[payloadSize:], seq)
	binary.LittleEndian.PutUint32(b[payloadSize+8:], index)
	binary.LittleEndian.PutUint32(b[payloadSize+12:], crc32.Checksum(b[:payloadSize+12], crcTable))
}

// checkBlock returns the sequence number and index of a block whose checksum is right.
func checkBlock(b []byte) (seq uint64, index uint32, ok bool) {
	if crc32.Checksum(b[:payloadSize+12], crcTable) != binary.LittleEndian.Uint32(b[payloadSize+12:]) {
		return 0, 0, false
	}
	return binary.LittleEndian.Uint64(b[payloadSize:]), binary.LittleEndian.Uint32(b[payloadSize+8:]), true
}

// filler returns the filler blocks for the byte range [from, to) of a state file (both
// multiples of blockSize): checksummed blocks that belong to no state.
func filler(from, to int64) []byte {
	out := make([]byte, to-from)
	for off := int64(0); off < int64(len(out)); off += blockSize {
		putTrailer(out[off:off+blockSize], 0, uint32((from+off)/blockSize))
	}
	return out
}

// body is a state as its files record it. IDs comes first so that a damaged state's
// identifiers can usually still be read (to say what a recovery loses).
type body struct {
	Next    uint64   `json:"next"`
	IDs     []string `json:"ids"`
	Entries []entry  `json:"entries"`
}

// encode renders st with sequence number seq as whole blocks.
func encode(seq uint64, st *state) ([]byte, error) {
	b := body{Next: st.Next, IDs: make([]string, len(st.Entries)), Entries: st.Entries}
	for i, e := range st.Entries {
		b.IDs[i] = e.ID
	}
	js, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	stream := make([]byte, headerSize, headerSize+len(js))
	copy(stream, magic[:])
	binary.LittleEndian.PutUint32(stream[8:], uint32(len(js)))
	sum := sha256.Sum256(js)
	copy(stream[12:], sum[:])
	stream = append(stream, js...)
	n := (len(stream) + payloadSize - 1) / payloadSize
	out := make([]byte, n*blockSize)
	for i := 0; i < n; i++ {
		blk := out[i*blockSize : (i+1)*blockSize]
		copy(blk[:payloadSize], stream[min(i*payloadSize, len(stream)):min((i+1)*payloadSize, len(stream))])
		putTrailer(blk, seq, uint32(i))
	}
	return out, nil
}

// extentOf returns the number of blocks of a state whose body is n bytes long.
func extentOf(n int) int { return (headerSize + n + payloadSize - 1) / payloadSize }

// fileScan is what one state file holds.
type fileScan struct {
	missing bool
	size    int64
	// complete: the file holds a whole state (every block of it right, the body's SHA-256
	// right, the body well formed): seq and st.
	complete bool
	seq      uint64
	st       state
	// problem says why the file holds no complete state.
	problem string
	// head: block 0 is a right block of state headSeq, with a readable header giving the
	// extent of that state in blocks.
	head    bool
	headSeq uint64
	extent  int
	// blocks holds each whole block's sequence number and index, and whether its
	// checksum is right.
	blocks []blockInfo
	// ids are the identifiers of state headSeq, read from the blocks of that state at the
	// start of the file; idsKnown says whether the list could be read whole.
	ids      []string
	idsKnown bool
	// prepared is the length of the longest prefix of the file made of right blocks.
	prepared int64
}

type blockInfo struct {
	seq   uint64
	index uint32
	ok    bool
}

// scan examines the contents of a state file.
func scan(data []byte) fileScan {
	sc := fileScan{size: int64(len(data))}
	n := len(data) / blockSize
	sc.blocks = make([]blockInfo, n)
	prefix := true
	for i := 0; i < n; i++ {
		seq, idx, ok := checkBlock(data[i*blockSize : (i+1)*blockSize])
		sc.blocks[i] = blockInfo{seq: seq, index: idx, ok: ok}
		if prefix && ok {
			sc.prepared = int64(i+1) * blockSize
		} else {
			prefix = false
		}
	}
	switch {
	case len(data) == 0:
		sc.problem = "is empty"
		return sc
	case bytes.HasPrefix(data, magicV2):
		sc.problem = "is in format 2, written by an earlier development version of this package, which this version does not read"
		return sc
	case n == 0:
		sc.problem = fmt.Sprintf("is %d bytes long, shorter than one block", len(data))
		return sc
	case !sc.blocks[0].ok:
		sc.problem = "block 0 (bytes 0-511) fails its checksum"
		return sc
	case sc.blocks[0].index != 0:
		sc.problem = fmt.Sprintf("block 0 carries index %d", sc.blocks[0].index)
		return sc
	case sc.blocks[0].seq == 0:
		sc.problem = "block 0 is filler, not the start of a state"
		return sc
	}
	if !bytes.Equal(data[:8], magic[:]) {
		sc.problem = "block 0 does not start with a state header"
		return sc
	}
	bodyLen := int(binary.LittleEndian.Uint32(data[8:12]))
	if bodyLen > maxBody {
		sc.problem = fmt.Sprintf("its header claims a body of %d bytes", bodyLen)
		return sc
	}
	sc.head, sc.headSeq, sc.extent = true, sc.blocks[0].seq, extentOf(bodyLen)
	// The stream of state headSeq's payloads, as far as its blocks are right.
	var stream []byte
	whole := true
	for i := 0; i < sc.extent; i++ {
		if i >= n {
			whole = false
			break
		}
		b := sc.blocks[i]
		if !b.ok || b.seq != sc.headSeq || b.index != uint32(i) {
			whole = false
			break
		}
		stream = append(stream, data[i*blockSize:i*blockSize+payloadSize]...)
	}
	if whole {
		js := stream[headerSize : headerSize+bodyLen]
		if sum := sha256.Sum256(js); !bytes.Equal(sum[:], data[12:12+sha256.Size]) {
			sc.problem = fmt.Sprintf("its blocks of state %d do not add up to that state (SHA-256 mismatch)", sc.headSeq)
		} else if st, ids, err := decodeBody(js); err != nil {
			sc.problem = fmt.Sprintf("state %d is malformed: %v", sc.headSeq, err)
		} else {
			sc.complete, sc.seq, sc.st, sc.ids, sc.idsKnown = true, sc.headSeq, st, ids, true
			return sc
		}
	}
	if len(stream) > headerSize {
		sc.ids, sc.idsKnown = readIDs(stream[headerSize:min(len(stream), headerSize+bodyLen)])
	}
	if sc.problem == "" {
		sc.problem = fmt.Sprintf("does not hold the whole of state %d", sc.headSeq)
	}
	return sc
}

// decodeBody parses and checks a state's body.
func decodeBody(js []byte) (state, []string, error) {
	var b body
	if err := json.Unmarshal(js, &b); err != nil {
		return state{}, nil, err
	}
	if len(b.IDs) != len(b.Entries) {
		return state{}, nil, errors.New("identifier list and entries differ")
	}
	seen := map[string]bool{}
	for i, e := range b.Entries {
		if b.IDs[i] != e.ID {
			return state{}, nil, errors.New("identifier list and entries differ")
		}
		if seen[e.ID] {
			return state{}, nil, fmt.Errorf("identifier %q appears twice", e.ID)
		}
		seen[e.ID] = true
		if e.Gen >= b.Next {
			return state{}, nil, fmt.Errorf("certificate %q has generation %d >= next %d", e.ID, e.Gen, b.Next)
		}
	}
	return state{Next: b.Next, Entries: b.Entries}, b.IDs, nil
}

// readIDs reads the identifier list at the start of a (possibly cut short) body.
func readIDs(prefix []byte) ([]string, bool) {
	dec := json.NewDecoder(bytes.NewReader(prefix))
	want := func(d json.Delim) bool {
		t, err := dec.Token()
		return err == nil && t == d
	}
	if !want('{') {
		return nil, false
	}
	if t, err := dec.Token(); err != nil || t != "next" {
		return nil, false
	}
	if _, err := dec.Token(); err != nil {
		return nil, false
	}
	if t, err := dec.Token(); err != nil || t != "ids" {
		return nil, false
	}
	if !want('[') {
		return nil, false
	}
	var ids []string
	for {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		if t == json.Delim(']') {
			return ids, true
		}
		id, ok := t.(string)
		if !ok {
			return nil, false
		}
		ids = append(ids, id)
	}
}

// verdict is what Open makes of the two state files.
type verdict struct {
	fresh   bool // no state file: a new store
	init    int  // >= 0: the initialization was interrupted; create slot init
	use     int  // the slot whose state is the store's, or -1
	damaged *DamageError
}

// judge applies the rule of the package documentation ("Damaged state files") to the two
// state files.
func judge(dir string, sc [2]fileScan) verdict {
	v := verdict{init: -1, use: -1}
	a, b := &sc[0], &sc[1]
	switch {
	case a.missing && b.missing:
		v.fresh = true
		return v
	case a.missing || b.missing:
		missing := 0
		if b.missing {
			missing = 1
		}
		other := &sc[1-missing]
		// Initialization writes both files, each with an empty state (store.a 1, store.b
		// 2), before anything else.
		if other.complete && len(other.st.Entries) == 0 && other.seq == uint64(2-missing) {
			v.init = missing
			v.use = 1 - missing
			return v
		}
		return damage(dir, sc, missing, "is missing")
	}
	for i := range sc {
		if sc[i].complete && slotOf(sc[i].seq) != i {
			return damage(dir, sc, i, fmt.Sprintf("holds state %d, whose number belongs in %s", sc[i].seq, slotNames[1-i]))
		}
	}
	switch {
	case a.complete && b.complete:
		hi := 0
		if b.seq > a.seq {
			hi = 1
		}
		if sc[hi].seq != sc[1-hi].seq+1 {
			return damage(dir, sc, 1-hi, fmt.Sprintf("holds state %d and %s state %d: a commit never leaves the two files more than one state apart", sc[1-hi].seq, slotNames[hi], sc[hi].seq))
		}
		v.use = hi
		return v
	case !a.complete && !b.complete:
		d := damage(dir, sc, 0, a.problem)
		d.damaged.Problem += "; " + slotNames[1] + " " + b.problem
		d.damaged.Both = true
		return d
	}
	x := 0 // the complete one
	if b.complete {
		x = 1
	}
	y := 1 - x
	if p := explainTorn(&sc[y], y, sc[x].seq); p != "" {
		return damage(dir, sc, y, p)
	}
	v.use = x
	return v
}

// explainTorn reports why the incomplete file y (in slot) cannot be the trace of a crash in
// the commit after state n, or "" if it can: then no state newer than n was ever committed.
func explainTorn(y *fileScan, slot int, n uint64) string {
	switch {
	case y.size%blockSize != 0:
		return fmt.Sprintf("%s (it is %d bytes long, not a whole number of blocks)", y.problem, y.size)
	case !y.head:
		return y.problem
	case y.headSeq < n && slotOf(y.headSeq) == slot:
		// The commit of n+1 did not reach block 0: it did not complete.
		return ""
	case y.headSeq != n+1:
		return fmt.Sprintf("starts with a block of state %d, which no commit after state %d writes there", y.headSeq, n)
	}
	// Block 0 is the header of state n+1. Files are prepared (filled with checksummed
	// blocks) before a state is written over them, so every block of n+1's extent must be a
	// right block of n+1 or of what the file held before.
	if need := int64(y.extent) * blockSize; y.size < need {
		return fmt.Sprintf("is %d bytes long, shorter than the %d bytes of state %d its header describes (truncated)", y.size, need, n+1)
	}
	for i := 1; i < y.extent; i++ {
		b := y.blocks[i]
		switch {
		case !b.ok:
			return fmt.Sprintf("block %d (bytes %d-%d) fails its checksum", i, i*blockSize, (i+1)*blockSize-1)
		case b.index != uint32(i):
			return fmt.Sprintf("block %d carries index %d", i, b.index)
		case b.seq == n+1, b.seq == 0, b.seq < n && slotOf(b.seq) == slot:
		default:
			return fmt.Sprintf("block %d belongs to state %d, which no commit writes there", i, b.seq)
		}
	}
	return ""
}

func damage(dir string, sc [2]fileScan, bad int, problem string) verdict {
	d := &DamageError{Dir: dir, File: slotNames[bad], Problem: problem}
	if o := &sc[1-bad]; o.complete {
		d.Intact = slotNames[1-bad]
		if sc[bad].idsKnown {
			d.Lost, d.Revived, d.Known = diffIDs(sc[bad].ids, o.ids), diffIDs(o.ids, sc[bad].ids), true
		}
	}
	return verdict{init: -1, use: -1, damaged: d}
}

// diffIDs returns the identifiers of a that b lacks.
func diffIDs(a, b []string) []string {
	var out []string
	for _, id := range a {
		if !slices.Contains(b, id) {
			out = append(out, id)
		}
	}
	return out
}

// DamageError reports state files that Open cannot explain as the trace of a crash: a
// commit that completed may have been lost, so Open refuses the store rather than open an
// older state (which could bring back a certificate that was deleted) or an empty one.
// Repair rebuilds the store after an explicit choice. Open returns it wrapped in an
// *apierr.Error with errno EIO; errors.As finds it.
type DamageError struct {
	// Dir is the store's directory.
	Dir string
	// File is the damaged state file ("store.a" or "store.b").
	File string
	// Problem says what is wrong with it.
	Problem string
	// Both is set when neither state file holds an intact state.
	Both bool
	// Intact is the other state file when it holds an intact state that
	// Repair(dir, RecoverOlder) can keep, or "".
	Intact string
	// Lost lists the identifiers in the damaged state that the intact one lacks: what
	// RecoverOlder loses. Revived lists those in the intact state that the damaged state no
	// longer had (deleted or renamed since): what RecoverOlder brings back. Known reports
	// whether the damaged state's identifiers could be read, that is whether Lost and
	// Revived are known; when it is false they cannot be known.
	Lost, Revived []string
	Known         bool
}

// Error names the damaged file, says what is wrong with it and how to recover.
func (e *DamageError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "certificate store %s: %s %s", e.Dir, e.File, e.Problem)
	if e.Intact != "" {
		fmt.Fprintf(&b, "; it may hold changes newer than the intact state in %s", e.Intact)
		if e.Known {
			fmt.Fprintf(&b, " (keeping %s loses %s and brings back %s)", e.Intact, listIDs(e.Lost), listIDs(e.Revived))
		} else {
			fmt.Fprintf(&b, " (what keeping %s would lose cannot be known: the damaged state's identifiers cannot be read)", e.Intact)
		}
		b.WriteString(". To recover, keep the older intact state with filestore.Repair(dir, filestore.RecoverOlder) or start empty with filestore.Repair(dir, filestore.RecoverEmpty)")
	} else {
		b.WriteString("; no intact state is left. To recover, start empty with filestore.Repair(dir, filestore.RecoverEmpty)")
	}
	return b.String()
}

func listIDs(ids []string) string {
	if len(ids) == 0 {
		return "no certificate"
	}
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = fmt.Sprintf("%q", id)
	}
	return strings.Join(q, ", ")
}
