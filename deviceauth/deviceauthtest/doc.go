// Package deviceauthtest is the conformance suite of deviceauth.Backend: the contract every
// backend (the simulated device, the cgo device backend) must keep, written once and run on
// each, in the manner of testing/fstest.TestFS.
package deviceauthtest
