//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package filestore_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/azsphere-go/applibs/certstore/filestore"
)

// TestUnsupported: on a system without flock and O_NOFOLLOW, Open and Repair say that the
// file store needs a Unix system.
func TestUnsupported(t *testing.T) {
	_, err := filestore.Open(t.TempDir())
	if !errors.Is(err, errors.ErrUnsupported) || !strings.Contains(err.Error(), "needs a Unix system") {
		t.Errorf("Open = %v, want an error wrapping errors.ErrUnsupported that says the store needs a Unix system", err)
	}
	if _, err := filestore.Repair(t.TempDir(), filestore.RecoverEmpty); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Repair = %v, want errors.ErrUnsupported", err)
	}
}
