// Package atomicfile replaces a file's contents in one step: readers see the old contents or
// the new, never a mix.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write replaces the file at path with data, with permissions perm, by writing a temporary
// file in the same directory and renaming it over path. With durable set, the data and then
// the directory entry are synced to disk before Write returns, so the new contents survive
// a crash; without it the replacement is atomic but may be lost on a crash (for files that
// can be rebuilt). On error the temporary file is removed and path is untouched.
func Write(path string, data []byte, perm os.FileMode, durable bool) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil && durable {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	if !durable {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
