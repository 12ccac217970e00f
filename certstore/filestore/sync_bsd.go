//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package filestore

import "os"

// datasync makes the file's data durable. These systems have no fdatasync in the syscall
// package; File.Sync is fsync(2), and on darwin fcntl(F_FULLFSYNC), which also flushes the
// drive's cache (plain fsync there does not).
func datasync(f *os.File) error { return f.Sync() }
