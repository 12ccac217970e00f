//go:build abidouble && cgo && !azsphere

package device_test

import (
	"crypto/x509/pkix"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/azsphere-go/applibs/deviceauth"
	"github.com/azsphere-go/applibs/deviceauth/deviceauthtest"
	"github.com/azsphere-go/applibs/internal/device/abidouble"
	"github.com/azsphere-go/applibs/pkitest"
)

// TestDeviceAuthConformance runs the deviceauth conformance suite through the cgo backend
// against the C double, with the device's DAA certificate in a file. The backend cannot sign
// for Go (Signing: false): the suite then expects SSLEnableHWSignError from ClientCertificate.
func TestDeviceAuthConformance(t *testing.T) {
	ca := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Tenant CA"}})
	leaf := ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: strings.Repeat("0123456789abcdef", 8)}})
	path := filepath.Join(t.TempDir(), "daa.pem")
	if err := os.WriteFile(path, append(append([]byte{}, leaf.CertPEM...), ca.CertPEM...), 0o600); err != nil {
		t.Fatal(err)
	}
	deviceauthtest.Run(t, func(t *testing.T) deviceauth.Backend {
		abidouble.Reset()
		abidouble.SetDAA(path, true, 0)
		return deviceauth.Default().Backend()
	}, deviceauthtest.Options{Ready: true, Signing: false})
}
