//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package filestore_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/filestore"
	"github.com/azsphere-go/applibs/pkitest"
)

// wantRefused opens dir and checks that Open fails with EACCES.
func wantRefused(t *testing.T, dir string) {
	t.Helper()
	s, err := filestore.Open(dir)
	if err == nil {
		s.Close()
		t.Fatal("Open succeeded; want EACCES")
	}
	if !errors.Is(err, syscall.EACCES) {
		t.Fatalf("Open = %v; want EACCES", err)
	}
}

// TestPlantedLinks: a symbolic link planted at a state file, the lock file or the export
// directory is refused or replaced, never written through (issue 11.3). Before the fix the
// store wrote its whole state, keys included, into the link's target.
func TestPlantedLinks(t *testing.T) {
	for _, name := range []string{"store.a", "store.b", "lock"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			open(t, dir).Close()
			target := filepath.Join(t.TempDir(), "target")
			if err := os.WriteFile(target, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			os.Remove(filepath.Join(dir, name))
			if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
			wantRefused(t, dir)
			if data, _ := os.ReadFile(target); len(data) != 0 {
				t.Errorf("the store wrote %d bytes through the link", len(data))
			}
		})
	}
	t.Run("dangling link at a new store's lock", func(t *testing.T) {
		dir := t.TempDir()
		target := filepath.Join(t.TempDir(), "created")
		if err := os.Symlink(target, filepath.Join(dir, "lock")); err != nil {
			t.Fatal(err)
		}
		wantRefused(t, dir)
		if _, err := os.Lstat(target); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the store created the link's target: %v", err)
		}
	})
	t.Run("export", func(t *testing.T) {
		_, leaves := pki(t)
		dir := t.TempDir()
		fs := open(t, dir)
		s := certstore.New(fs)
		if err := s.InstallClientCertificate("c", leaves[0].CertPEM, leaves[0].MustKeyPEM(pkitest.PKCS8, nil), nil); err != nil {
			t.Fatal(err)
		}
		outside := t.TempDir()
		os.RemoveAll(filepath.Join(dir, "export"))
		if err := os.Symlink(outside, filepath.Join(dir, "export")); err != nil {
			t.Fatal(err)
		}
		if _, _, err := fs.Paths("c"); !errors.Is(err, syscall.EACCES) {
			t.Errorf("Paths with a link at export = %v, want EACCES", err)
		}
		if entries, _ := os.ReadDir(outside); len(entries) != 0 {
			t.Errorf("the store wrote %d files through the export link", len(entries))
		}
		// Open removes the link (not its target) and makes its own directory.
		fs.Close()
		fs = open(t, dir)
		if _, kp, err := fs.Paths("c"); err != nil || filepath.Dir(kp) != filepath.Join(dir, "export") {
			t.Errorf("Paths after reopen = %q, %v", kp, err)
		}
		if entries, _ := os.ReadDir(outside); len(entries) != 0 {
			t.Errorf("the link's target lost or gained files: %d", len(entries))
		}
	})
	t.Run("export file", func(t *testing.T) {
		_, leaves := pki(t)
		dir := t.TempDir()
		fs := open(t, dir)
		s := certstore.New(fs)
		if err := s.InstallClientCertificate("c", leaves[0].CertPEM, leaves[0].MustKeyPEM(pkitest.PKCS8, nil), nil); err != nil {
			t.Fatal(err)
		}
		// The key file's name is the certificate's generation; plant links at the likely
		// names before the first export.
		target := filepath.Join(t.TempDir(), "target")
		if err := os.WriteFile(target, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		for gen := 0; gen < 8; gen++ {
			os.Symlink(target, filepath.Join(dir, "export", string(rune('0'+gen))+".key"))
		}
		_, kp, err := fs.Paths("c")
		if err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Lstat(kp); err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
			t.Errorf("key file %s: %v, %v; want a regular 0600 file", kp, fi.Mode(), err)
		}
		if data, _ := os.ReadFile(target); len(data) != 0 {
			t.Errorf("the key was written through a link: %d bytes", len(data))
		}
	})
}

// TestModes: existing state and lock files get mode 0600 on Open; a directory group or
// others can write, or a file that is not a regular file of the user's with one link, is
// refused with EACCES (issue 11.3).
func TestModes(t *testing.T) {
	t.Run("0644 state file fixed", func(t *testing.T) {
		dir := t.TempDir()
		open(t, dir).Close()
		for _, name := range []string{"store.a", "store.b", "lock"} {
			if err := os.Chmod(filepath.Join(dir, name), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		open(t, dir).Close()
		for _, name := range []string{"store.a", "store.b", "lock"} {
			fi, err := os.Stat(filepath.Join(dir, name))
			if err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("%s: mode %v, %v; want 0600", name, fi.Mode().Perm(), err)
			}
		}
	})
	for _, mode := range []os.FileMode{0o777, 0o770, 0o702} {
		t.Run("directory "+mode.String(), func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Chmod(dir, mode); err != nil {
				t.Fatal(err)
			}
			wantRefused(t, dir)
			if _, err := os.Stat(filepath.Join(dir, "store.a")); err == nil {
				t.Error("Open created a state file in a directory others can write")
			}
		})
	}
	t.Run("hard link", func(t *testing.T) {
		dir := t.TempDir()
		open(t, dir).Close()
		if err := os.Link(filepath.Join(dir, "store.a"), filepath.Join(t.TempDir(), "copy")); err != nil {
			t.Skipf("cannot make a hard link across temporary directories: %v", err)
		}
		wantRefused(t, dir)
	})
	t.Run("fifo", func(t *testing.T) {
		dir := t.TempDir()
		if err := syscall.Mkfifo(filepath.Join(dir, "lock"), 0o600); err != nil {
			t.Skip(err)
		}
		wantRefused(t, dir)
	})
	t.Run("not the user's", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("needs root to give a file to another user")
		}
		for _, name := range []string{"", "store.a", "lock"} {
			dir := t.TempDir()
			open(t, dir).Close()
			if err := os.Chown(filepath.Join(dir, name), 65534, 65534); err != nil {
				t.Fatal(err)
			}
			wantRefused(t, dir)
		}
	})
}
