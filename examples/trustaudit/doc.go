// Command trustaudit checks which root CAs a list of TLS endpoints depend on, ahead of a
// change of trusted roots (as when the Baltimore CyberTrust Root, which expired on 12 May
// 2025, left the Azure Sphere certificate store for DigiCert Global Root G2). It reports for
// each endpoint the chain it presents, the roots that chain leads to, and whether those are
// absent from the planned set or expire before a date; it exits with status 1 when an
// endpoint is flagged, so that a CI job can run it.
//
// Run it with
//
//	go run ./examples/trustaudit -planned planned.pem -before 2025-05-12 \
//		-endpoints global.azure-devices-provisioning.net,myhub.azure-devices.net
//
// Flags:
//
//	-endpoints list   endpoints, comma-separated, each host[:port] (port 443 by default);
//	                  @file reads them from a file, one per line (# starts a comment).
//	                  Endpoints may also follow the flags as arguments.
//	-planned file     PEM bundle of the roots that will stay trusted (optional).
//	-roots file       PEM bundle of the roots trusted now, to resolve chains against
//	                  (default: the system's roots).
//	-before date      flag what expires before this date (YYYY-MM-DD or RFC 3339; optional).
//	-at date          verify chains at this time instead of now.
//	-timeout d        connection and handshake timeout per endpoint (default 10s).
//	-chain            print each endpoint's presented chain.
//
// The exit status is 0 when every endpoint passes, 1 when one is flagged, 2 for bad usage.
package main
