//go:build abidouble && cgo

package device_test

import (
	"testing"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/certstoretest"
	"github.com/azsphere-go/applibs/internal/device"
	"github.com/azsphere-go/applibs/internal/device/abidouble"
)

// suitePassword is the password certstoretest encrypts its keys with. The double cannot
// decrypt keys; it tells a wrong password from the right one by comparing with this.
var suitePassword = []byte(certstoretest.KeyPassword)

// resetDouble empties the double for a test and checks, when the test ends, that the binding
// kept to the ABI contract throughout.
func resetDouble(t *testing.T) {
	t.Helper()
	abidouble.Reset()
	abidouble.SetKeyPassword(suitePassword)
	t.Cleanup(func() {
		if n, what := abidouble.Violations(); n != 0 {
			t.Errorf("the binding broke the ABI contract %d times:\n%s", n, what)
		}
	})
}

// TestCertStoreConformance runs the certstore conformance suite through the cgo backend
// against the C double.
func TestCertStoreConformance(t *testing.T) {
	certstoretest.Run(t, func(t *testing.T) certstore.Backend {
		resetDouble(t)
		return device.CertStoreBackend()
	})
}
