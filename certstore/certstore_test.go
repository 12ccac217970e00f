package certstore_test

import (
	"errors"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/certstoretest"
)

// The conformance suite through the package's own tests too, so that a change to the front
// end that breaks the contract fails here.
func TestConformanceOnSimulator(t *testing.T) {
	certstoretest.Run(t, func(t *testing.T) certstore.Backend {
		return sim.New(sim.Options{}).CertStore()
	})
}

func TestSetDefault(t *testing.T) {
	dev := sim.New(sim.Options{})
	prev := certstore.SetDefault(dev.CertStore())
	t.Cleanup(func() { certstore.SetDefault(prev) })
	if certstore.Default().Backend() != dev.CertStore() {
		t.Error("Default().Backend() is not the backend just set")
	}
	space, err := certstore.GetAvailableSpace()
	if err != nil || space != certstore.DefaultCapacity {
		t.Errorf("GetAvailableSpace() = %d, %v through the new default; want %d", space, err, certstore.DefaultCapacity)
	}
	back := certstore.SetDefault(prev)
	if back != dev.CertStore() {
		t.Error("SetDefault did not return the backend it replaced")
	}
	if certstore.Default().Backend() != prev {
		t.Error("after restoring, Default().Backend() is not the original backend")
	}
}

func TestUseAsDefault(t *testing.T) {
	dev := sim.UseAsDefault(t, sim.Options{})
	if err := certstore.DeleteCertificate("none"); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("DeleteCertificate through sim.UseAsDefault: %v, want ENOENT", err)
	}
	if len(dev.Certificates()) != 0 {
		t.Error("store not empty")
	}
}

func TestLimits(t *testing.T) {
	// The values of the C macros (certstore.h, certstore_structs.h) and the documented size.
	for _, tt := range []struct {
		name      string
		got, want int
	}{
		{"CERTSTORE_MAX_CERT_SIZE", certstore.MaxCertSize, 8192},
		{"CERTSTORE_MAX_PRIVATE_KEY_PASSWORD_LENGTH", certstore.MaxPrivateKeyPasswordLength, 256},
		{"CERTSTORE_MAX_IDENTIFIER_LENGTH", certstore.MaxIdentifierLength, 16},
		{"CERTSTORE_SUBJECTNAME_MAX_LENGTH", certstore.SubjectNameMaxLength, 300},
		{"CERTSTORE_ISSUERNAME_MAX_LENGTH", certstore.IssuerNameMaxLength, 300},
		{"24 KiB store", certstore.DefaultCapacity, 24576},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %d, want %d", tt.name, tt.got, tt.want)
		}
	}
}
