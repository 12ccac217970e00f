package filestore

import (
	"slices"
	"strconv"
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// Recovery is how Repair rebuilds a damaged store.
type Recovery int

const (
	// RecoverOlder keeps the intact state of the other state file: the store as it was one
	// commit (or more) before the damaged state. Changes made since are lost, and
	// certificates deleted since come back: Report.Lost and Report.Revived say which.
	RecoverOlder Recovery = 1
	// RecoverEmpty starts an empty store.
	RecoverEmpty Recovery = 2
)

// String returns the name of the constant, for example "RecoverOlder".
func (r Recovery) String() string {
	switch r {
	case RecoverOlder:
		return "RecoverOlder"
	case RecoverEmpty:
		return "RecoverEmpty"
	}
	return "Recovery(" + strconv.Itoa(int(r)) + ")"
}

// Report says what Repair found and did.
type Report struct {
	// Damage is what made Open fail, or nil when the store was not damaged (Repair then
	// changes nothing).
	Damage *DamageError
	// Recovery is what Repair did (0 when it did nothing).
	Recovery Recovery
	// Kept lists the identifiers of the repaired store, in index order.
	Kept []string
	// Lost lists the identifiers that the damaged state (and, with RecoverEmpty, the
	// intact one) held and the repaired store lacks; Revived those the repaired store holds
	// that the damaged state did not (deleted or renamed by the changes that were lost).
	// Known reports whether the damaged state's identifiers could be read, that is whether
	// Lost and Revived are complete; when it is false, what was lost cannot be known.
	Lost, Revived []string
	Known         bool
}

// Repair rebuilds the store in dir after Open failed with a *DamageError, as how says, and
// reports what the repaired store lost. It writes the kept state (or an empty one) into
// both state files, as new files renamed into place, so the damaged file is gone; Open then
// succeeds. A store that is not damaged is left as it is (Report.Damage is nil). Repair
// takes the store's lock; a Store open elsewhere sees the repaired state at its next call.
// If Repair is interrupted (a crash), the file it already rewrote holds the state it keeps,
// numbered above anything else in the directory: Open then opens that state, or fails
// again and Repair can be run again.
//
// Errors: EINVAL for an unknown Recovery; EIO when RecoverOlder is asked for and no state
// file is intact; EACCES as for Open.
func Repair(dir string, how Recovery) (*Report, error) {
	const op = "Repair"
	if how != RecoverOlder && how != RecoverEmpty {
		return nil, apierr.Newf(op, "", syscall.EINVAL, "unknown recovery %v: use RecoverOlder or RecoverEmpty", how)
	}
	fsys, err := newFS(dir)
	if err != nil {
		return nil, err
	}
	defer fsys.close()
	if err := fsys.lock(true); err != nil {
		return nil, ioErr(op, "", err)
	}
	defer fsys.unlock()
	s := &Store{dir: dir, fs: fsys, cur: -1}
	defer s.closeSlots()
	sc, err := s.scanSlots()
	if err != nil {
		return nil, ioErr(op, "", err)
	}
	v := judge(dir, sc)
	if v.damaged == nil {
		rep := &Report{Known: true}
		if v.use >= 0 {
			rep.Kept = sc[v.use].st.ids()
		}
		return rep, nil
	}
	d := v.damaged
	rep := &Report{Damage: d, Recovery: how}
	var keep state
	switch how {
	case RecoverOlder:
		if d.Intact == "" {
			return nil, &apierr.Error{Op: op, Errno: syscall.EIO, Reason: "no state file is intact, so there is no older state to keep; RecoverEmpty starts an empty store", Err: d}
		}
		keep = sc[slices.Index(slotNames[:], d.Intact)].st.clone()
		rep.Lost, rep.Revived, rep.Known = d.Lost, d.Revived, d.Known
	case RecoverEmpty:
		keep = state{Next: 1}
		rep.Known = true
		for i := range sc {
			if !sc[i].missing && !sc[i].idsKnown {
				rep.Known = false
			}
			for _, id := range sc[i].ids {
				if !slices.Contains(rep.Lost, id) {
					rep.Lost = append(rep.Lost, id)
				}
			}
		}
		if !rep.Known && len(rep.Lost) == 0 {
			rep.Lost = nil
		}
	}
	// Skip the generation numbers the lost changes may have used, so that no export file
	// name or cached parse of a process that had the store open is reused for other
	// contents.
	var top uint64
	for i := range sc {
		top = max(top, sc[i].st.Next)
		for _, b := range sc[i].blocks {
			if b.ok {
				top = max(top, b.seq)
			}
		}
	}
	keep.Next = max(keep.Next, top) + 1<<32
	// Both files get the kept state, with the next two sequence numbers.
	for seq := top + 1; seq <= top+2; seq++ {
		data, err := initialFile(seq, &keep)
		if err != nil {
			return nil, ioErr(op, "", err)
		}
		if err := fsys.createState(slotNames[slotOf(seq)], data); err != nil {
			return nil, ioErr(op, "", err)
		}
	}
	if err := fsys.syncDir(); err != nil {
		return nil, ioErr(op, "", err)
	}
	if err := fsys.setCounter(fsys.counter() + 1); err != nil {
		return nil, ioErr(op, "", err)
	}
	rep.Kept = keep.ids()
	return rep, nil
}
