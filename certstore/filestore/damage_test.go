package filestore_test

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/filestore"
	"github.com/google/go-cmp/cmp"
)

// history installs certificates one commit at a time and returns the contents of both
// state files after each commit: snaps[k] is the directory's files after commit k.
// Commit 1 installs x (store.a, state 3), 2 installs y (store.b, 4), 3 installs z
// (store.a, 5).
func history(t *testing.T, dir string) []map[string][]byte {
	t.Helper()
	ca, leaves := pki(t)
	fs := open(t, dir)
	s := certstore.New(fs)
	snaps := []map[string][]byte{snap(t, dir)}
	for i, id := range []string{"x", "y", "z"} {
		pemData := ca.CertPEM
		if i > 0 {
			pemData = leaves[i].CertPEM
		}
		if err := s.InstallRootCACertificate(id, pemData); err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, snap(t, dir))
	}
	fs.Close()
	return snaps
}

func snap(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	return map[string][]byte{"store.a": mustRead(t, filepath.Join(dir, "store.a")), "store.b": mustRead(t, filepath.Join(dir, "store.b"))}
}

func put(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// splice returns the blocks of from at the given block indices, the rest from base.
func splice(base, from []byte, blocks ...int) []byte {
	out := append([]byte(nil), base...)
	for _, b := range blocks {
		copy(out[b*512:(b+1)*512], from[b*512:(b+1)*512])
	}
	return out
}

// stateBlocks returns the number of blocks at the start of a state file that belong to the
// state in block 0 (each block's trailer ends in its sequence number, index and CRC).
func stateBlocks(data []byte) int {
	seq := binary.LittleEndian.Uint64(data[496:])
	n := 0
	for n*512 < len(data) && binary.LittleEndian.Uint64(data[n*512+496:]) == seq {
		n++
	}
	return n
}

func flip(data []byte, off int) []byte {
	out := append([]byte(nil), data...)
	out[off] ^= 0x10
	return out
}

func openIDs(t *testing.T, dir string) []string {
	t.Helper()
	return ids(t, certstore.New(open(t, dir)))
}

// wantDamage opens dir and checks that Open fails with EIO and a *DamageError naming file.
func wantDamage(t *testing.T, dir, file string) *filestore.DamageError {
	t.Helper()
	s, err := filestore.Open(dir)
	if err == nil {
		got := ids(t, certstore.New(s))
		s.Close()
		t.Fatalf("Open succeeded with %v; want it to fail on damaged %s", got, file)
	}
	var d *filestore.DamageError
	if !errors.Is(err, syscall.EIO) || !errors.As(err, &d) {
		t.Fatalf("Open = %v; want EIO and a *DamageError", err)
	}
	if d.File != file {
		t.Errorf("DamageError.File = %q, want %q (%v)", d.File, file, err)
	}
	return d
}

// TestTornWriteRecoversSilently: a commit interrupted by a crash leaves the file it was
// writing with blocks of the new state and blocks of the old, each whole; Open takes the
// state before the commit, without complaint (the crash tests show this at random; here
// the mixtures are chosen).
func TestTornWriteRecoversSilently(t *testing.T) {
	dir := t.TempDir()
	snaps := history(t, dir)
	newA, oldA := snaps[3]["store.a"], snaps[1]["store.a"] // state 5 over state 3
	n := stateBlocks(newA)
	if n < 4 {
		t.Fatalf("state file has %d blocks; the test needs a few", n)
	}
	cases := map[string][]byte{
		"header landed, rest old":   splice(oldA, newA, 0),
		"all but the last block":    splice(newA, oldA, n-1),
		"header old, rest landed":   splice(newA, oldA, 0),
		"every other block landed":  splice(oldA, newA, 0, 2),
		"nothing landed":            oldA,
		"all blocks but one landed": splice(newA, oldA, 1),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			put(t, dir, "store.a", data)
			put(t, dir, "store.b", snaps[3]["store.b"])
			if diff := cmp.Diff([]string{"x", "y"}, openIDs(t, dir)); diff != "" {
				t.Errorf("after a torn commit (-want +got):\n%s", diff)
			}
		})
	}
	// The next change goes over the torn file and wins.
	put(t, dir, "store.a", splice(oldA, newA, 0))
	s := certstore.New(open(t, dir))
	_, leaves := pki(t)
	if err := s.InstallRootCACertificate("w", leaves[3].CertPEM); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"x", "y", "w"}, openIDs(t, dir)); diff != "" {
		t.Errorf("after the next commit (-want +got):\n%s", diff)
	}
}

// TestDamageFailsOpen: a state file that no crash can explain makes Open fail, naming the
// file and what a recovery would lose, instead of opening an older or an empty store
// (issue 11.2). Each case passed silently before the rule existed.
func TestDamageFailsOpen(t *testing.T) {
	dir := t.TempDir()
	snaps := history(t, dir)
	a5, b4 := snaps[3]["store.a"], snaps[3]["store.b"]
	a3, b2 := snaps[1]["store.a"], snaps[1]["store.b"]
	tests := []struct {
		name       string
		a, b       []byte
		file       string
		intact     string
		lost       []string
		noA        bool
		unknownIDs bool
	}{
		{name: "bit flip in the newest state", a: flip(a5, 512*(stateBlocks(a5)-1)+10), b: b4, file: "store.a", intact: "store.b", lost: []string{"z"}},
		{name: "bit flip in the only state", a: flip(a3, 512*(stateBlocks(a3)-1)+10), b: b2, file: "store.a", intact: "store.b", lost: []string{"x"}},
		{name: "newest state truncated", a: a5[:512*(stateBlocks(a5)-1)], b: b4, file: "store.a", intact: "store.b", lost: []string{"z"}},
		{name: "only state truncated to a block", a: a3[:512], b: b2, file: "store.a", intact: "store.b", lost: []string{"x"}},
		{name: "only state emptied", a: []byte{}, b: b2, file: "store.a", intact: "store.b", unknownIDs: true},
		{name: "header of the newest destroyed", a: flip(a5, 20), b: b4, file: "store.a", intact: "store.b", unknownIDs: true},
		{name: "newest state missing", noA: true, b: b4, file: "store.a", intact: "store.b", unknownIDs: true},
		{name: "older file restored from a backup", a: a5, b: b2, file: "store.b", intact: "store.a", lost: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(filepath.Join(dir, "store.a"))
			if !tt.noA {
				put(t, dir, "store.a", tt.a)
			}
			put(t, dir, "store.b", tt.b)
			d := wantDamage(t, dir, tt.file)
			if d.Intact != tt.intact {
				t.Errorf("Intact = %q, want %q", d.Intact, tt.intact)
			}
			if d.Known == tt.unknownIDs {
				t.Errorf("Known = %v, want %v", d.Known, !tt.unknownIDs)
			}
			if d.Known {
				if diff := cmp.Diff(tt.lost, d.Lost); diff != "" {
					t.Errorf("Lost (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestDeletedCANotRevived: deleting a CA is a commit like any other; if the state after it
// is damaged, Open fails instead of bringing the deleted CA back, and says that
// RecoverOlder would.
func TestDeletedCANotRevived(t *testing.T) {
	ca, _ := pki(t)
	dir := t.TempDir()
	fs := open(t, dir)
	s := certstore.New(fs)
	if err := s.InstallRootCACertificate("revoked", ca.CertPEM); err != nil { // store.a, 3
		t.Fatal(err)
	}
	if err := s.DeleteCertificate("revoked"); err != nil { // store.b, 4
		t.Fatal(err)
	}
	fs.Close()
	b := mustRead(t, filepath.Join(dir, "store.b"))
	put(t, dir, "store.b", flip(b, 30))
	d := wantDamage(t, dir, "store.b")
	if d.Known && !cmp.Equal(d.Revived, []string{"revoked"}) {
		t.Errorf("Revived = %v, want [revoked]", d.Revived)
	}
}

// TestDamagedSupersededFileIgnored: damage to the older state file, away from its header,
// cannot hide a newer commit (its header shows it held the older state), so Open opens the
// newest state.
func TestDamagedSupersededFileIgnored(t *testing.T) {
	dir := t.TempDir()
	snaps := history(t, dir)
	put(t, dir, "store.b", flip(snaps[3]["store.b"], 1300))
	if diff := cmp.Diff([]string{"x", "y", "z"}, openIDs(t, dir)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestRepair(t *testing.T) {
	dir := t.TempDir()
	snaps := history(t, dir)
	a5 := snaps[3]["store.a"]

	// An intact store: Repair changes nothing.
	rep, err := filestore.Repair(dir, filestore.RecoverOlder)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Damage != nil || !cmp.Equal(rep.Kept, []string{"x", "y", "z"}) {
		t.Errorf("Repair of an intact store = %+v; want no damage, kept x y z", rep)
	}
	if got := mustRead(t, filepath.Join(dir, "store.a")); !cmp.Equal(got, a5) {
		t.Errorf("Repair of an intact store changed store.a")
	}

	// A store open meanwhile sees the damage on its next query after the change counter
	// moves, and the repaired state after Repair.
	other := certstore.New(open(t, dir))
	put(t, dir, "store.a", flip(a5, 700))
	if _, err := filestore.Repair(dir, filestore.Recovery(7)); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("Repair(7) = %v, want EINVAL", err)
	}
	rep, err = filestore.Repair(dir, filestore.RecoverOlder)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Damage == nil || rep.Damage.File != "store.a" || !rep.Known ||
		!cmp.Equal(rep.Lost, []string{"z"}) || !cmp.Equal(rep.Kept, []string{"x", "y"}) {
		t.Errorf("Repair(RecoverOlder) = %+v; want store.a damaged, z lost, x y kept", rep)
	}
	s := certstore.New(open(t, dir))
	if diff := cmp.Diff([]string{"x", "y"}, ids(t, s)); diff != "" {
		t.Errorf("after RecoverOlder (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"x", "y"}, ids(t, other)); diff != "" {
		t.Errorf("a store open during RecoverOlder lists (-want +got):\n%s", diff)
	}
	_, leaves := pki(t)
	if err := s.InstallRootCACertificate("w", leaves[3].CertPEM); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"x", "y", "w"}, openIDs(t, dir)); diff != "" {
		t.Errorf("after a change on the repaired store (-want +got):\n%s", diff)
	}

	// Both damaged: nothing older to keep; RecoverEmpty.
	for _, name := range []string{"store.a", "store.b"} {
		put(t, dir, name, flip(mustRead(t, filepath.Join(dir, name)), 5))
	}
	d := wantDamage(t, dir, "store.a")
	if !d.Both || d.Intact != "" {
		t.Errorf("DamageError = %+v; want Both and no intact file", d)
	}
	if _, err := filestore.Repair(dir, filestore.RecoverOlder); !errors.Is(err, syscall.EIO) {
		t.Errorf("Repair(RecoverOlder) with nothing intact = %v, want EIO", err)
	}
	rep, err = filestore.Repair(dir, filestore.RecoverEmpty)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Known || len(rep.Kept) != 0 {
		t.Errorf("Repair(RecoverEmpty) = %+v; want nothing kept and the loss unknown (both headers destroyed)", rep)
	}
	if got := openIDs(t, dir); len(got) != 0 {
		t.Errorf("after RecoverEmpty the store holds %v", got)
	}
}

// TestDamageRegression is issue 11.2 as reported, independent of the file format: a bit
// flip in the only state file made Open return an empty store, and one in the newest state
// file made it open the older state, both silently.
func TestDamageRegression(t *testing.T) {
	ca, leaves := pki(t)
	for _, installs := range []int{1, 2} {
		dir := t.TempDir()
		fs := open(t, dir)
		s := certstore.New(fs)
		if err := s.InstallRootCACertificate("x", ca.CertPEM); err != nil {
			t.Fatal(err)
		}
		newest := "store.a"
		if installs == 2 {
			if err := s.InstallRootCACertificate("y", leaves[0].CertPEM); err != nil {
				t.Fatal(err)
			}
			newest = "store.b"
		}
		fs.Close()
		put(t, dir, newest, flip(mustRead(t, filepath.Join(dir, newest)), 600))
		if s, err := filestore.Open(dir); err == nil {
			got := ids(t, certstore.New(s))
			s.Close()
			t.Errorf("%d installs, %s damaged: Open succeeded with %v", installs, newest, got)
		} else if !errors.Is(err, syscall.EIO) {
			t.Errorf("%d installs, %s damaged: Open = %v, want EIO", installs, newest, err)
		}
	}
}

// TestRepairInterrupted: a crash between Repair's two renames leaves one file with the kept
// state and the other as it was; the store opens with the kept state, or Repair runs again
// and keeps it.
func TestRepairInterrupted(t *testing.T) {
	for _, name := range []string{"store.a", "store.b"} {
		t.Run(name+" not yet replaced", func(t *testing.T) {
			dir := t.TempDir()
			snaps := history(t, dir)
			put(t, dir, "store.a", flip(snaps[3]["store.a"], 700))
			before := snap(t, dir)
			if _, err := filestore.Repair(dir, filestore.RecoverOlder); err != nil {
				t.Fatal(err)
			}
			put(t, dir, name, before[name])
			want := []string{"x", "y"}
			if s, err := filestore.Open(dir); err == nil {
				got := ids(t, certstore.New(s))
				s.Close()
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("Open after an interrupted Repair (-want +got):\n%s", diff)
				}
				return
			}
			rep, err := filestore.Repair(dir, filestore.RecoverOlder)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, rep.Kept); diff != "" {
				t.Errorf("second Repair kept (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want, openIDs(t, dir)); diff != "" {
				t.Errorf("after the second Repair (-want +got):\n%s", diff)
			}
		})
	}
}
