package sim_test

import (
	"strings"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
)

// Regression: a misspelt operation name was accepted and never fired, so a fault test passed
// without testing anything.
func TestFailNextRejectsUnknownOperation(t *testing.T) {
	dev := sim.New(sim.Options{})
	for _, op := range []string{"InstallRootCaCertificate", "StoreOpenNetwork", "certstore.DeleteCertificate"} {
		func() {
			defer func() {
				r := recover()
				msg, _ := r.(string)
				if r == nil || !strings.Contains(msg, op) || !strings.Contains(msg, "InstallRootCACertificate") {
					t.Errorf("FailNext(%q) recovered %v; want a panic naming it and the valid operations", op, r)
				}
			}()
			dev.FailNext(op, syscall.EAGAIN)
		}()
	}
	dev.FailNext("", syscall.EAGAIN) // any operation
	for _, op := range sim.Operations() {
		dev.FailNext(op, syscall.EAGAIN) // every listed operation is accepted
	}
}
