//go:build !(cgo && ((azsphere && linux && arm) || abidouble))

package application_test

import (
	"errors"
	"testing"

	"github.com/azsphere-go/applibs/application"
)

// TestUnsupportedDefault runs in a build without the device: every package-level function
// reports errors.ErrUnsupported.
func TestUnsupportedDefault(t *testing.T) {
	checks := map[string]error{}
	_, checks["IsDeviceAuthReady"] = application.IsDeviceAuthReady()
	_, checks["Connect"] = application.Connect(rtID)
	_, checks["GetTotalMemoryUsageInKB"] = application.GetTotalMemoryUsageInKB()
	_, checks["GetUserModeMemoryUsageInKB"] = application.GetUserModeMemoryUsageInKB()
	_, checks["GetPeakUserModeMemoryUsageInKB"] = application.GetPeakUserModeMemoryUsageInKB()
	_, checks["GetOSVersion"] = application.GetOSVersion()
	for name, err := range checks {
		var e *application.Error
		if !errors.Is(err, errors.ErrUnsupported) || !errors.As(err, &e) || e.Op != name {
			t.Errorf("%s() = %v, want an *Error for %s wrapping errors.ErrUnsupported", name, err, name)
		}
	}
}
