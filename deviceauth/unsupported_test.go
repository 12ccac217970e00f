//go:build !(cgo && ((azsphere && linux && arm) || abidouble))

package deviceauth_test

import (
	"crypto/tls"
	"errors"
	"testing"

	"github.com/azsphere-go/applibs/deviceauth"
)

// TestUnsupportedDefault runs in a build without the device.
func TestUnsupportedDefault(t *testing.T) {
	if _, err := deviceauth.GetCertificatePath(); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("GetCertificatePath() = %v, want errors.ErrUnsupported", err)
	}
	err := deviceauth.ConfigureTLS(&tls.Config{})
	var se *deviceauth.SSLError
	if !errors.Is(err, errors.ErrUnsupported) || !errors.As(err, &se) {
		t.Errorf("ConfigureTLS() = %v, want an *SSLError wrapping errors.ErrUnsupported", err)
	}
}
