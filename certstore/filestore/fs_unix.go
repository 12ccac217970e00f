//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package filestore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/internal/atomicfile"
)

// File names inside the store's directory, besides the state files.
const (
	lockName  = "lock"
	exportDir = "export"
)

// unixFS is the store's directory on a Unix system: flock(2) for the lock, O_NOFOLLOW for
// every file it opens, and fdatasync(2) (or fsync) for durability.
type unixFS struct {
	dir   string
	lockf *os.File
	uid   int
}

// newFS opens the store's directory dir, creating it (0700) if need be. It refuses a
// directory that is not the user's or that group or others can write, and a lock file
// that is not a regular file of the user's.
func newFS(dir string) (fileSystem, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, apierr.Wrap("Open", "", err)
	}
	u := &unixFS{dir: dir, uid: os.Geteuid()}
	if err := u.checkDir(dir); err != nil {
		return nil, err
	}
	f, err := u.openChecked(filepath.Join(dir, lockName), os.O_CREATE)
	if err != nil {
		return nil, err
	}
	u.lockf = f
	return u, nil
}

// refuse is the error for a path the store will not trust.
func refuse(path, reason string) error {
	return &apierr.Error{Op: "Open", Errno: syscall.EACCES, Reason: path + " " + reason}
}

func (u *unixFS) checkDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return apierr.Wrap("Open", "", err)
	}
	if !fi.IsDir() {
		return refuse(dir, "is not a directory")
	}
	if uid := int(fi.Sys().(*syscall.Stat_t).Uid); uid != u.uid {
		return refuse(dir, fmt.Sprintf("is owned by uid %d, not by this user (uid %d); a store holding private keys must be in a directory of its user's", uid, u.uid))
	}
	if perm := fi.Mode().Perm(); perm&0o022 != 0 {
		return refuse(dir, fmt.Sprintf("can be written by group or others (mode %#o); a store holding private keys needs a directory only its owner can write (chmod go-w)", perm))
	}
	return nil
}

// openChecked opens path for reading and writing without following a symbolic link,
// checks that it is a regular file of the user's with one link, and sets its mode to 0600
// on the open descriptor.
func (u *unixFS) openChecked(path string, flag int) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|syscall.O_NOFOLLOW|flag, 0o600)
	if err != nil {
		// Systems differ in the errno of O_NOFOLLOW on a link (ELOOP, EMLINK, EFTYPE).
		if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return nil, refuse(path, "is a symbolic link; the store writes only files it owns, never through a link")
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, apierr.Wrap("Open", "", err)
	}
	if err := u.checkFile(f, path); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func (u *unixFS) checkFile(f *os.File, path string) error {
	fi, err := f.Stat()
	if err != nil {
		return apierr.Wrap("Open", "", err)
	}
	if !fi.Mode().IsRegular() {
		return refuse(path, "is not a regular file")
	}
	st := fi.Sys().(*syscall.Stat_t)
	if uid := int(st.Uid); uid != u.uid {
		return refuse(path, fmt.Sprintf("is owned by uid %d, not by this user (uid %d)", uid, u.uid))
	}
	if n := uint64(st.Nlink); n != 1 {
		return refuse(path, fmt.Sprintf("has %d hard links; the store writes only files no other name reaches", n))
	}
	if fi.Mode().Perm() != 0o600 {
		if err := f.Chmod(0o600); err != nil {
			return apierr.Wrap("Open", "", err)
		}
	}
	return nil
}

func (u *unixFS) openState(name string) (stateFile, error) {
	f, err := u.openChecked(filepath.Join(u.dir, name), 0)
	if err != nil {
		return nil, err
	}
	return unixFile{f}, nil
}

func (u *unixFS) createState(name string, data []byte) (err error) {
	path := filepath.Join(u.dir, name)
	tmp := path + ".new"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err == nil {
		err = datasync(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func (u *unixFS) syncDir() error {
	d, err := os.Open(u.dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

func (u *unixFS) lock(exclusive bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	return flock(u.lockf, how)
}

func (u *unixFS) unlock() { _ = flock(u.lockf, syscall.LOCK_UN) }

func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}

func (u *unixFS) counter() uint64 {
	var b [8]byte
	u.lockf.ReadAt(b[:], 0) // a short file reads as zeros
	return binary.LittleEndian.Uint64(b[:])
}

func (u *unixFS) setCounter(c uint64) error {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], c)
	_, err := u.lockf.WriteAt(b[:], 0)
	return err
}

func (u *unixFS) exportDir() string { return filepath.Join(u.dir, exportDir) }

func (u *unixFS) resetExports() error {
	// RemoveAll removes a link planted at the name, not what it points to.
	if err := os.RemoveAll(u.exportDir()); err != nil {
		return err
	}
	return os.Mkdir(u.exportDir(), 0o700)
}

func (u *unixFS) export(name string, data []byte, perm os.FileMode) (string, error) {
	d := u.exportDir()
	fi, err := os.Lstat(d)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.Mkdir(d, 0o700); err != nil {
			return "", err
		}
		fi, err = os.Lstat(d)
	}
	if err != nil {
		return "", err
	}
	if !fi.IsDir() {
		return "", refuse(d, "is not a directory")
	}
	if uid := int(fi.Sys().(*syscall.Stat_t).Uid); uid != u.uid || fi.Mode().Perm()&0o077 != 0 {
		return "", refuse(d, fmt.Sprintf("is not a directory of this user's that only it can use (uid %d, mode %#o)", uid, fi.Mode().Perm()))
	}
	// atomicfile creates a new temporary file (O_EXCL, 0600) and renames it into place: a
	// link or file planted at the name is replaced, never written through.
	path := filepath.Join(d, name)
	return path, atomicfile.Write(path, data, perm, false)
}

func (u *unixFS) exportPath(name string) string { return filepath.Join(u.exportDir(), name) }

func (u *unixFS) exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func (u *unixFS) removeExport(name string) { os.Remove(filepath.Join(u.exportDir(), name)) }

func (u *unixFS) close() error { return u.lockf.Close() }

type unixFile struct{ *os.File }

func (f unixFile) size() (int64, error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

func (f unixFile) datasync() error { return datasync(f.File) }
