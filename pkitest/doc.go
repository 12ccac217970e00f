// Package pkitest makes throwaway certificate authorities, certificates and private keys for
// tests of code that uses this SDK: a root CA for a RADIUS server, a client certificate for
// EAP-TLS, a server certificate for an issuing service, each with its key in every PEM form
// the device's certificate store accepts.
//
// # Model
//
// A [Cert] is a certificate together with its private key. [NewCA] makes a self-signed root;
// [Cert.Issue] makes a leaf signed by a CA (usable for client and server authentication unless
// [Options.Usage] narrows it); [Cert.IssueCA] makes an intermediate CA. [Cert.CertPEM] is
// what certstore.InstallRootCACertificate and InstallClientCertificate take, and
// [Cert.KeyPEM] encodes the key as PKCS#8, PKCS#1, SEC1, encrypted PKCS#8 or legacy
// encrypted PEM.
//
// # Validity and the simulator's clock
//
// The simulated device (application/sim) has its own clock, which starts at sim.Epoch
// (2026-01-01 UTC), not at the present. Unless [Options] say otherwise a certificate is
// valid from an hour before the earlier of the present and that epoch, for ten years, so it
// verifies both on a new simulated device and against the wall clock. To test expiry and
// rotation, give explicit windows on the device's clock:
//
//	now := dev.Now()
//	soon := ca.MustIssue(pkitest.Options{NotBefore: now, NotAfter: now.Add(48 * time.Hour)})
//
// Keys are ECDSA P-256 by default (fast to generate); RSA 2048 on request.
//
// The certificates are for tests only: keys come from crypto/rand but nothing is kept, and
// serial numbers only count up within the process.
package pkitest
