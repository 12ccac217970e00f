//go:build !linux

package filestore_test

import "os"

// fdatasync is the sync the store uses where there is no fdatasync(2).
func fdatasync(f *os.File) error { return f.Sync() }
