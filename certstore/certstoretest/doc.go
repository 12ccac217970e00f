// Package certstoretest checks a certstore.Backend against the contract of the device's
// certificate store, in the spirit of testing/fstest.TestFS and testing/slogtest.
//
// Run drives every function of certstore.Store over the backend under test and reports each
// deviation as a test failure. The simulated device runs it, and so does every other backend
// (the device itself through cgo, the file store), so that all of them fail and succeed alike.
//
// # What the suite asserts
//
//   - Installing client certificates with each key format the device accepts (PKCS#1 RSA,
//     SEC1 EC, PKCS#8, encrypted PKCS#8 and legacy encrypted PEM with a DEK-Info header) and
//     root CA certificates; a nil and an empty password both mean "not encrypted".
//   - Identifiers: one namespace for both kinds; installing under a used identifier replaces
//     that certificate without changing the count or its index; identifiers come back exactly
//     as given (no NUL bytes, no padding).
//   - Indices run 0..count-1, close up after a delete, and ERANGE is reported past the end.
//   - MoveCertificate renames, atomically replaces an existing destination, removes the
//     source, and fails with ENOENT for a missing source.
//   - Subject and issuer in the one-line form "/C=US/O=Example/CN=Name", with control
//     characters (NUL and newline among them), '/', '=', '\' and bytes that are not UTF-8
//     written as \xHH, non-ASCII text as UTF-8, cut to 300 bytes between characters and
//     escapes; values that crypto/x509 refuses (invalid UTF-8 in a UTF8String, say) make the
//     certificate EINVAL. NotBefore and NotAfter in UTC, equal to the certificate's to the
//     second.
//   - Content errors (garbage, two PEM blocks, text before or after the certificate's PEM
//     block, a key that does not match, a wrong, missing or superfluous password, a key where
//     a certificate belongs) are EINVAL.
//   - Capacity: GetAvailableSpace shrinks with every new certificate and grows back on delete,
//     and installing past it fails with ENOSPC. The suite does not assert how many bytes a
//     certificate is charged: that is not documented for the device. Backends with a known
//     rule (the simulator charges the PEM lengths) test it themselves.
//   - Every failed call leaves the store exactly as it was (compared through the query
//     functions before and after).
//   - Concurrent use from many goroutines (meaningful under the race detector).
//   - The Identifiers and Certificates iterators visit every certificate even when the loop
//     body deletes, and yield errors instead of stopping silently.
//
// Capabilities (EACCES) and transient faults (EAGAIN) cannot be provoked through the Backend
// interface alone; the simulator's own tests cover them.
package certstoretest
