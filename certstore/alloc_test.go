package certstore_test

import (
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
)

// TestQueriesDoNotAllocate asserts that the query functions on the simulator allocate
// nothing: they are called in polling loops. Allocation counts are deterministic where
// durations are not, so this is the test that guards the benchmarks' figures.
func TestQueriesDoNotAllocate(t *testing.T) {
	s := queryStore(t, 8)
	queries := []struct {
		name string
		fn   func()
	}{
		{"GetCertificateCount", func() { _, _ = s.GetCertificateCount() }},
		{"GetCertificateIdentifierAt", func() { _, _ = s.GetCertificateIdentifierAt(5) }},
		{"GetAvailableSpace", func() { _, _ = s.GetAvailableSpace() }},
		{"GetCertificateSubjectName", func() { _, _ = s.GetCertificateSubjectName("c7") }},
		{"GetCertificateIssuerName", func() { _, _ = s.GetCertificateIssuerName("c7") }},
		{"GetCertificateNotBefore", func() { _, _ = s.GetCertificateNotBefore("c7") }},
		{"GetCertificateNotAfter", func() { _, _ = s.GetCertificateNotAfter("c7") }},
	}
	for _, q := range queries {
		if n := testing.AllocsPerRun(100, q.fn); n != 0 {
			t.Errorf("%s: %v allocations per call, want 0", q.name, n)
		}
	}
}

// TestNewDeviceIsCheap bounds the allocations of sim.New: a new device generates no keys
// and does no I/O (either would cost hundreds of allocations), so tests can make one per
// subtest.
func TestNewDeviceIsCheap(t *testing.T) {
	const max = 8
	if n := testing.AllocsPerRun(50, func() { _ = sim.New(sim.Options{}) }); n > max {
		t.Errorf("sim.New: %v allocations, want at most %d", n, max)
	}
}
