// Package filestore is a certstore.Backend that keeps the certificate store in a directory, so
// that it survives restarts of the program, as the device's store survives reboots. It is
// the certificate store of the Linux backend: the wpa_supplicant Wi-Fi backend
// (github.com/azsphere-go/applibs/wificonfig/wpa) resolves certificate identifiers to files
// through Paths.
//
// # Rules
//
// The store follows the device's rules, as the simulated device does: a capacity of 24 KiB by
// default (WithCapacity changes it), each certificate charged the lengths of its PEM blobs as
// they were given (certificate plus key for a client certificate); installing under a used
// identifier replaces that certificate in place (its index is kept); Move renames atomically
// and replaces a certificate already named dst; Delete closes up the indices; indices follow
// the order of installation. Content checks are those of the device
// (github.com/azsphere-go/applibs/internal/certparse): one PEM CERTIFICATE block that parses,
// a key that parses, decrypts and matches; each failure is EINVAL.
//
// # Layout and crash safety
//
// The whole store (at most a few tens of KiB) is kept in two files, "store.a" and "store.b"
// (0600), used alternately. Each holds a complete state: a header line with a sequence
// number and the length and SHA-256 of the body, then the body. A change writes the new state,
// with the next sequence number, over the file that does not hold the current state, and
// fdatasyncs it: that sync is the commit point, and it is the only sync a change needs (no
// rename, so no directory sync). Open takes the file with the highest sequence number whose
// checksum is right. A crash at any moment leaves either the old state (the file being
// written is torn or old; the other one is intact) or the new one, never a mixture, and a
// call that returned nil has been committed durably. Both files damaged at once cannot come
// from a crash, since a change writes one file only; Open then fails rather than start empty.
//
// The files handed to the Wi-Fi side live in the "export" subdirectory. They are derived from
// the state, written (through a temporary file and a rename) the first time Paths asks for
// them, and wiped by Open, so they never need an fsync and can never disagree with the store
// after a crash. A certificate's export files keep their names as long as its contents stay
// the same (Move keeps them); replacing or deleting a certificate removes its export files.
//
// # Private keys
//
// A client certificate's key is decrypted when it is installed and kept as an unencrypted
// PKCS#8 "PRIVATE KEY" PEM, in the state files (0600) and in its export file (0600): the password is
// not retained, as on the device, and wpa_supplicant needs a key it can read without one. No
// method returns key material; Paths returns only the path of the key file, for a process
// with the rights to read it.
//
// # Concurrency
//
// A Store is safe for concurrent use by goroutines. Several processes may open the same
// directory: every operation takes an flock(2) on the file "lock" (shared for reads,
// exclusive for changes) and rereads the state when another process has committed a change
// (it compares sequence numbers).
//
// # Errors
//
// After Close every method fails with an *apierr.Error (certstore.Error) whose errno is
// EBADF and that wraps os.ErrClosed, so errors.Is(err, fs.ErrClosed) holds: a closed store
// stays closed, and retrying cannot help.
package filestore
