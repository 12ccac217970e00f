package filestore

import (
	"io"
	"os"
)

// fileSystem is the file layer the store works through: the directory's state files, its
// lock and change counter, and the export files. Each Unix system has one implementation
// (unixFS); the power-loss test substitutes one that records every write and sync and
// rebuilds what a power cut could leave on disk.
type fileSystem interface {
	// openState opens the state file name for reading and writing; an error wrapping
	// fs.ErrNotExist if there is none.
	openState(name string) (stateFile, error)
	// createState creates the state file name holding data, whole and synced, under a
	// temporary name then renamed into place; the rename is durable after syncDir.
	createState(name string, data []byte) error
	syncDir() error
	// lock takes the directory's lock, shared or exclusive, across processes; unlock
	// releases it.
	lock(exclusive bool) error
	unlock()
	// counter returns the change counter: every commit changes it, before it writes.
	counter() uint64
	setCounter(uint64) error
	// resetExports removes every export file and leaves an empty export directory.
	resetExports() error
	// export writes an export file (through a new temporary file and a rename) and
	// returns its path; exportPath returns the path without writing; exists reports
	// whether the file is there.
	export(name string, data []byte, perm os.FileMode) (string, error)
	exportPath(name string) string
	exists(path string) bool
	removeExport(name string)
	close() error
}

// stateFile is an open state file.
type stateFile interface {
	io.ReaderAt
	io.WriterAt
	size() (int64, error)
	// datasync makes the file's data durable: fdatasync(2) where there is one, else the
	// strongest fsync the system has.
	datasync() error
	Close() error
}
