package sim

import (
	"math/rand"
	"slices"
	"testing"
)

// checkIndex verifies the certIndex invariant: the map holds exactly the stored
// identifiers at their positions.
func checkIndex(t *testing.T, d *Device) {
	t.Helper()
	idx := d.certIdx
	if len(idx) != len(d.certs) {
		t.Fatalf("index holds %d identifiers, the store %d", len(idx), len(d.certs))
	}
	for i, e := range d.certs {
		if j, ok := idx[e.id]; !ok || j != i {
			t.Fatalf("index[%q] = %d, %v; the entry is at %d", e.id, j, ok, i)
		}
	}
}

// TestCertIndexInStep plays random installs, replaces, moves and deletes against a model
// (the identifiers in index order) and checks the index and the order after each one.
func TestCertIndexInStep(t *testing.T) {
	p := lockPKI()
	d := New(Options{Capacity: 1 << 20})
	s := d.CertStore()
	rng := rand.New(rand.NewSource(1))
	pool := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	var model []string
	for step := 0; step < 2000; step++ {
		id, other := pool[rng.Intn(len(pool))], pool[rng.Intn(len(pool))]
		i := slices.Index(model, id)
		var err error
		switch op := rng.Intn(3); {
		case op == 0:
			err = s.InstallRootCA(id, p.ca.CertPEM)
			if i < 0 {
				model = append(model, id)
			}
		case op == 1:
			err = s.Move(id, other)
			if j := slices.Index(model, other); i >= 0 && id != other {
				model[i] = other
				if j >= 0 {
					model = slices.Delete(model, j, j+1)
				}
			}
		default:
			err = s.Delete(id)
			if i >= 0 {
				model = slices.Delete(model, i, i+1)
			}
		}
		if err != nil && i >= 0 {
			// Only a move or delete of a missing identifier may fail.
			t.Fatalf("step %d: %v", step, err)
		}
		checkIndex(t, d)
		got := make([]string, len(d.certs))
		for k, e := range d.certs {
			got[k] = e.id
		}
		if !slices.Equal(got, model) {
			t.Fatalf("step %d: store %q, want %q", step, got, model)
		}
	}
}
