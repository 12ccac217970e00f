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
// The whole store (at most a few tens of KiB) is one file, "store.db", 0600, with a SHA-256
// checksum. Every change writes the complete new state to "store.db.tmp", fsyncs it, renames
// it over "store.db" and fsyncs the directory: the rename is the commit point. A crash at any
// moment leaves the old or the new state, never a mixture, and a call that returned nil has
// been committed durably. A leftover "store.db.tmp" is removed by Open.
//
// The files handed to the Wi-Fi side live in the "export" subdirectory. They are derived from
// store.db, written (through a temporary file and a rename) the first time Paths asks for
// them, and wiped by Open, so they never need an fsync and can never disagree with the store
// after a crash. A certificate's export files keep their names as long as its contents stay
// the same (Move keeps them); replacing or deleting a certificate removes its export files.
//
// # Private keys
//
// A client certificate's key is decrypted when it is installed and kept as an unencrypted
// PKCS#8 "PRIVATE KEY" PEM, in store.db (0600) and in its export file (0600): the password is
// not retained, as on the device, and wpa_supplicant needs a key it can read without one. No
// method returns key material; Paths returns only the path of the key file, for a process
// with the rights to read it.
//
// # Concurrency
//
// A Store is safe for concurrent use by goroutines. Several processes may open the same
// directory: every operation takes an flock(2) on the file "lock" (shared for reads,
// exclusive for changes) and reloads store.db when another process has replaced it.
package filestore
