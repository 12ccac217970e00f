//go:build !(cgo && ((azsphere && linux && arm) || abidouble))

package certstore_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/azsphere-go/applibs/certstore"
)

// TestDefaultUnsupported checks the default backend of a build without the device: every
// package-level function fails with an error that wraps errors.ErrUnsupported and names the
// operation. It must not run in parallel with tests that replace the default.
func TestDefaultUnsupported(t *testing.T) {
	calls := map[string]func() error{
		"InstallClientCertificate": func() error {
			return certstore.InstallClientCertificate("a", []byte("c"), []byte("k"), nil)
		},
		"InstallRootCACertificate":   func() error { return certstore.InstallRootCACertificate("a", []byte("c")) },
		"GetCertificateCount":        func() error { _, err := certstore.GetCertificateCount(); return err },
		"GetCertificateIdentifierAt": func() error { _, err := certstore.GetCertificateIdentifierAt(0); return err },
		"GetAvailableSpace":          func() error { _, err := certstore.GetAvailableSpace(); return err },
		"GetCertificateSubjectName":  func() error { _, err := certstore.GetCertificateSubjectName("a"); return err },
		"GetCertificateIssuerName":   func() error { _, err := certstore.GetCertificateIssuerName("a"); return err },
		"GetCertificateNotBefore":    func() error { _, err := certstore.GetCertificateNotBefore("a"); return err },
		"GetCertificateNotAfter":     func() error { _, err := certstore.GetCertificateNotAfter("a"); return err },
		"MoveCertificate":            func() error { return certstore.MoveCertificate("a", "b") },
		"DeleteCertificate":          func() error { return certstore.DeleteCertificate("a") },
		"Identifiers": func() error {
			for _, err := range certstore.Identifiers() {
				return err
			}
			return nil
		},
		"Certificates": func() error {
			for _, err := range certstore.Certificates() {
				return err
			}
			return nil
		},
	}
	for name, call := range calls {
		err := call()
		if !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("%s: %v, want an error wrapping errors.ErrUnsupported", name, err)
			continue
		}
		op := name
		if name == "Identifiers" || name == "Certificates" {
			op = "GetCertificateCount"
		}
		if msg := err.Error(); !strings.HasPrefix(msg, op) || !strings.Contains(msg, "sim") {
			t.Errorf("%s: message %q should name %s and say how to get a backend", name, msg, op)
		}
	}
}
