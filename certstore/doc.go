// Package certstore manages the certificates of an Azure Sphere device: the Go counterpart of
// the applibs header certstore.h.
//
// # Model
//
// The device keeps one certificate store in nonvolatile memory, shared by every application,
// the Wi-Fi subsystem and the CLI. It holds two kinds of certificate under one namespace of
// identifiers: client certificates (a certificate and its private key, used to authenticate
// the device to an EAP-TLS network) and root CA certificates (used to authenticate the
// network's RADIUS server). The store holds at most 24 KiB; one certificate blob is at most
// MaxCertSize bytes. Installing under an identifier that is already used, by either kind,
// replaces that certificate. Certificates are addressed by index 0..count-1; deleting one
// closes the gap, so indices of the others shift.
//
// Private keys go in and never come out: no function returns a key, and a key's password is
// used to decrypt it during the install call and then dropped.
//
// # Functions, values and backends
//
// Every C function has a Go function of the same name without the CertStore_ prefix. The
// package-level functions call the default Store, which on a device build (-tags azsphere,
// linux/arm, cgo) is the device itself and elsewhere returns an error wrapping
// errors.ErrUnsupported. A Store bound to any Backend offers the same methods; hand one to the
// code under test. The simulated device in
// github.com/azsphere-go/applibs/application/sim is such a backend, usable on any machine.
//
// The Store checks the arguments the way the device checks them (identifier length and
// characters, blob sizes, password length) before any backend sees them, so every backend
// fails alike on bad input. Content checks (is this PEM, does the key match the certificate)
// are the backend's, as on the device the OS makes them.
//
// # Errors
//
// A failed call returns an *Error that names the operation and the identifier and unwraps to
// the errno the device sets: errors.Is(err, syscall.ENOSPC) says the store is full,
// errors.Is(err, syscall.EACCES) that the manifest lacks the CertStore capability.
package certstore
