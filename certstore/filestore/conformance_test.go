package filestore_test

import (
	"testing"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/certstoretest"
)

// TestConformance runs the certstore backend contract on a fresh store in a new directory.
func TestConformance(t *testing.T) {
	certstoretest.Run(t, func(t *testing.T) certstore.Backend { return open(t, t.TempDir()) })
}
