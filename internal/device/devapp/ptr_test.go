//go:build abidouble && cgo && !azsphere

package devapp_test

import (
	"testing"
	"unsafe"

	"github.com/azsphere-go/applibs/internal/device/abidouble"
)

func unsafePointer(p *[8]byte) unsafe.Pointer { return unsafe.Pointer(p) }
func uintptrOf(p *[8]byte) uintptr            { return uintptr(unsafe.Pointer(p)) }

// reset empties the double for a test and checks, when the test ends, that the binding kept
// to the ABI contract throughout.
func reset(t *testing.T) {
	t.Helper()
	abidouble.Reset()
	t.Cleanup(func() {
		if n, what := abidouble.Violations(); n != 0 {
			t.Errorf("the binding broke the ABI contract %d times:\n%s", n, what)
		}
	})
}
