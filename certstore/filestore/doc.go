// Package filestore is a certstore.Backend that keeps the certificate store in a directory, so
// that it survives restarts of the program, as the device's store survives reboots. It is
// the certificate store of the Linux backend: the wpa_supplicant Wi-Fi backend
// (github.com/azsphere-go/applibs/wificonfig/wpa) resolves certificate identifiers to files
// through [Store.Paths].
//
// # Platforms
//
// The store runs on Linux, macOS and the BSDs: it needs flock(2), O_NOFOLLOW and Unix file
// ownership. It syncs with fdatasync(2) on Linux, fcntl(F_FULLFSYNC) on macOS (plain fsync
// there does not flush the drive's cache) and fsync(2) on the BSDs. On any other system
// (Windows among them) the package builds, and [Open] and [Repair] fail with an error
// wrapping errors.ErrUnsupported (errno ENOSYS) that says the file store needs a Unix
// system.
//
// # Rules
//
// The store follows the device's rules, as the simulated device does: a capacity of 24 KiB by
// default ([WithCapacity] changes it), each certificate charged the lengths of its PEM blobs
// as they were given (certificate plus key for a client certificate); installing under a
// used identifier replaces that certificate in place (its index is kept); Move renames
// atomically and replaces a certificate already named dst; Delete closes up the indices;
// indices follow the order of installation. Content checks are those of the device
// (github.com/azsphere-go/applibs/internal/certparse): one PEM CERTIFICATE block that parses,
// a key that parses, decrypts and matches; each failure is EINVAL.
//
// # Layout and crash safety
//
// The whole store (at most a few tens of KiB) is kept in two files, "store.a" and "store.b"
// (0600), used alternately: each holds a complete state, numbered (store.a odd numbers,
// store.b even ones; a new store starts with an empty state 1 in store.a and 2 in
// store.b). A state file is a sequence of 512-byte blocks; each block ends in the number of
// the state it belongs to, its index and a CRC-32C, so that it can be checked on its own.
// The first block starts with a header giving the length and the SHA-256 of the state's
// body (JSON, listing the identifiers first). Blocks past the end of the state are left
// from earlier states or are filler (checksummed blocks that belong to no state); the files
// grow in steps of 4 KiB and never shrink.
//
// A change writes the new state, with the next number, over the file that does not hold
// the current state, and fdatasyncs it: that sync is the commit point, and it is the only
// sync a change needs (no rename, so no directory sync). When the file is too short for the
// new state it is first grown with filler blocks, synced (a second sync, only when the file
// grows). A call that returned nil has been committed durably.
//
// # Damaged state files
//
// A crash during a commit leaves the file being written torn: each of its blocks is whole
// (disks write 512-byte sectors atomically) and is either a block of the new state or what
// the file held before, all with right checksums. Open recovers from that silently: it
// opens the state before the interrupted commit, which no caller was told had been made.
// Everything else is damage. Precisely, Open opens the highest-numbered complete state (every
// block of it present with a right checksum, the body's SHA-256 right) when
//
//   - the other file holds a complete state numbered one less, or
//   - the other file's first block is a block of an older state of that file (the
//     interrupted commit never reached it; damage elsewhere in a superseded state is
//     ignored), or
//   - the other file's first block is the header of the next state (n+1), the file is as
//     long as that state, and each of that state's blocks is a block of n+1, of an older
//     state of that file, or filler (a commit interrupted after its first block).
//
// In every other case Open fails with errno EIO and a [*DamageError]: a block whose checksum
// is wrong, a file shorter than the state its header describes (truncated), an empty or a
// missing state file (both are created together, before the first commit; a store is new
// only when neither exists), a state number in the wrong file, two complete states more
// than one apart (a file restored from a backup), or no complete state at all. In each of
// those a commit that was reported done may have been lost, and opening the older state
// could bring back a certificate that was deleted (a revoked CA), so the store does not
// choose for its user. The error names the damaged file and says what is wrong with it,
// which intact state is left and what keeping it would lose and bring back (when the
// damaged state's identifiers can still be read; otherwise it says that they cannot be
// known). [Repair] then rebuilds the store after an explicit choice: [RecoverOlder] keeps
// the intact state, [RecoverEmpty] starts empty; its [Report] lists what was lost.
//
// The rule assumes what fdatasync promises: data it flushed stays as written. A disk that
// acknowledges a flush and then loses the write can make a committed state look like an
// interrupted one.
//
// # Files the store trusts
//
// The state files, the lock file and the export files hold private keys, so the store
// writes only files it made, in a directory only its user can write. Open refuses with
// EACCES a directory that is not owned by the user or that group or others can write, and a
// state or lock file that is a symbolic link (files are opened with O_NOFOLLOW), is not a
// regular file, is not owned by the user, or has other hard links; it sets the mode of its
// state and lock files to 0600 on the open descriptor (an existing 0644 file is fixed). New
// state files are created under a temporary name (O_EXCL) and renamed into place. Export
// files are always new files (O_EXCL, renamed into place), in an export directory that
// Open recreates (a link planted there is removed, not followed) and that Paths refuses with
// EACCES if it is not a directory of the user's that group and others cannot use.
//
// The files handed to the Wi-Fi side live in the "export" subdirectory. They are derived from
// the state, written the first time Paths asks for them, and wiped by Open, so they never
// need an fsync and can never disagree with the store after a crash. A certificate's export
// files keep their names as long as its contents stay the same (Move keeps them); replacing
// or deleting a certificate removes its export files.
//
// # Private keys
//
// A client certificate's key is decrypted when it is installed and kept as an unencrypted
// PKCS#8 "PRIVATE KEY" PEM, in the state files (0600) and in its export file (0600): the
// password is not retained, as on the device, and wpa_supplicant needs a key it can read
// without one. No method returns key material; Paths returns only the path of the key
// file, for a process with the rights to read it.
//
// # Concurrency and cost
//
// A Store is safe for concurrent use by goroutines. Several processes may open the same
// directory: every change takes an flock(2) on the file "lock" exclusively, and each commit
// first bumps a change counter kept in that file. A query is served from the state in
// memory after one pread(2) of the counter; only when another Store (in this process or
// another) has committed since does it take the lock, shared, and read the state files
// again. A listing is a snapshot of one commit and costs O(n).
//
// # Errors
//
// Failures are *apierr.Error values (certstore.Error) carrying the errno: EINVAL for bad
// content, ENOSPC, ENOENT, ERANGE as on the device, EIO (or the system's errno) for I/O
// failures and damaged state files, EACCES for files and directories the store will not
// trust. After Close every method fails with errno EBADF, wrapping os.ErrClosed, so
// errors.Is(err, fs.ErrClosed) holds: a closed store stays closed, and retrying cannot help.
package filestore
