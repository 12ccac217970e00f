// Package certstore manages the certificates of an Azure Sphere device: the Go counterpart of
// the applibs header certstore.h.
//
// # Model
//
// The device keeps one certificate store in nonvolatile memory, shared by every application,
// the Wi-Fi subsystem and the CLI. It holds two kinds of certificate under one namespace of
// identifiers: client certificates (a certificate and its private key, used to authenticate
// the device to an EAP-TLS network) and root CA certificates (used to authenticate the
// network's RADIUS server). The store holds at most 24 KiB ([DefaultCapacity]); one
// certificate blob is at most [MaxCertSize] bytes. Installing under an identifier that is already used, by either kind,
// replaces that certificate. Certificates are addressed by index 0..count-1; deleting one
// closes the gap, so indices of the others shift.
//
// Private keys go in and never come out: no function returns a key, and a key's password is
// used to decrypt it during the install call and then dropped.
//
// # Functions, values and backends
//
// Every C function has a Go function of the same name without the CertStore_ prefix. The
// package-level functions call the [Default] [Store], which in a device build (the azsphere
// build tag, with cgo) is the device itself and elsewhere returns an error wrapping
// errors.ErrUnsupported. A Store bound to any [Backend] offers the same methods; hand one to
// the code under test. The simulated device in
// github.com/azsphere-go/applibs/application/sim is such a backend, usable on any machine.
//
// The Store checks the arguments the way the device checks them (identifier length and
// characters, blob sizes, password length) before any backend sees them, so every backend
// fails alike on bad input. Content checks (is this PEM, does the key match the certificate)
// are the backend's, as on the device the OS makes them.
//
// # Contents
//
// A certificate blob holds exactly one PEM "CERTIFICATE" block; a key blob one private-key
// block (PKCS#1, SEC1, PKCS#8, encrypted PKCS#8, or legacy encrypted PEM with DEK-Info),
// optionally after an "EC PARAMETERS" block. Only white space (space, tab, CR, LF) may come
// before and after; anything else (the "Bag Attributes" lines openssl pkcs12 writes, a
// second certificate) is EINVAL. Off the device, an encrypted PKCS#8 key whose key
// derivation costs more than any usual tool's setting is EINVAL, naming the parameter: more
// than 2^20 PBKDF2 iterations, scrypt N*r*p above 2^20, or 128*r*(N+p) above 32 MiB.
//
// # Names
//
// GetCertificateSubjectName and GetCertificateIssuerName return a name on one line,
// "/C=US/O=Example/CN=Device 1": per attribute in the certificate's order, "/", its type (a
// short name such as CN, O, OU, C, L, ST, emailAddress, or the dotted OID), "=" and the value
// in UTF-8. In a value, control characters (U+0000-U+001F, U+007F-U+009F, so NUL and
// newline), '/', '=', '\' and bytes that are not UTF-8 are written \xHH (backslash, x, two
// uppercase hex digits), one escape per byte (U+0085 is \xC2\x85). A name is thus valid
// UTF-8 without control characters, a valid C string, and splits unambiguously at '/' and
// then at the first '='; replace each \xHH by its byte to recover a value. Names longer than
// [SubjectNameMaxLength] bytes are cut to at most that, never inside an escape or a
// character. The device's own format is undocumented; every backend of this module renders
// names this way, and certstoretest holds them to it.
//
// # Listings
//
// [Store.Identifiers] and [Store.Certificates] list the store in one step when the backend
// implements [Lister] (every backend of this module does): the listing is a snapshot of one
// moment, whatever other goroutines or processes change meanwhile.
//
// # Errors
//
// A failed call returns an *[Error] that names the operation and the identifier and unwraps
// to the errno the device sets: errors.Is(err, syscall.ENOSPC) says the store is full,
// errors.Is(err, syscall.EACCES) that the manifest lacks the CertStore capability. A Store
// without a backend (the default of a build without the device) returns errors wrapping
// errors.ErrUnsupported.
package certstore
