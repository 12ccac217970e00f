// Package abidouble is a C test double of the applibs and tlsutils ABI: a small library, in
// plain C with only libc, that implements the symbols the device backend
// (internal/device) calls, with the behaviour the reference documents (a 24 KiB certificate
// store, a Wi-Fi configuration with running and stored networks, device authentication and
// application state). Its Go functions set the double up and report what the binding passed.
//
// It is built only with the build tags abidouble and cgo; in any other build the package is
// empty. The double keeps process-wide state: tests that use it must not run in parallel.
//
// What the double does not do: it has no cryptography, so it cannot decrypt an encrypted
// private key. It accepts an encrypted key when the password equals the one registered with
// SetKeyPassword (any non-empty password when none is registered), and it does not check that
// an encrypted key belongs to its certificate. For an Ed25519 key it checks only the algorithm.
package abidouble
