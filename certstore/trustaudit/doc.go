// Package trustaudit checks which root CAs TLS endpoints and a certificate store depend on,
// ahead of a change of the trusted roots: the retirement of a root (as the Baltimore
// CyberTrust Root, which expired on 12 May 2025, gave way to DigiCert Global Root G2 in the
// Azure Sphere certificate store), or a planned set of roots an application will ship.
//
// # Model
//
// An audit is given a set of roots to resolve chains against ([Options].Roots: the roots
// trusted now, including those about to go, or the certificate store's root CAs through
// [RootsFromStore]), the planned set ([Options].Planned) and a date ([Options].Before).
//
// For each endpoint ([AuditEndpoints]) it connects, reads the chain the server presents
// (without trusting it), and finds every root the chain leads to at [Options].Now: by
// verification for roots that are certificates, by name for roots known only by their
// description (the certificate store gives out no certificates; such a match is marked
// [Match].ByName). An endpoint passes when it leads to at least one root that is in the
// planned set (when one is given) and does not expire before the date (when one is given);
// a cross-signed chain that leads to a retiring root and a planned one passes. Otherwise
// the report says why ([RootNotPlanned], [RootExpires], [Untrusted], [Unreachable]). It also
// flags presented certificates that expire before the date ([CertExpires]) and a leaf that
// is not valid for the server name ([NameMismatch]).
//
// For the certificate store ([AuditStore]) it flags root CAs (self-issued certificates) that
// are not in the planned set, matched by subject and validity, and certificates that expire
// before the date.
//
// [AuditChain] audits a chain obtained some other way. The command examples/trustaudit runs
// an audit from the command line.
//
// The package links crypto/tls and crypto/x509: it is for a development machine or a CI
// job, not for a device build.
package trustaudit
