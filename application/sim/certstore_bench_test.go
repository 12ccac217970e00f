package sim_test

import (
	"fmt"
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
)

// benchStore returns a device holding n root CA certificates "c000", "c001", ...
func benchStore(b *testing.B, n int) (*sim.Device, certstore.Backend, []string) {
	b.Helper()
	csPKI()
	dev := sim.New(sim.Options{Capacity: n * len(csCA.CertPEM)})
	s := certstore.New(dev.CertStore())
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("c%03d", i)
		if err := s.InstallRootCACertificate(ids[i], csCA.CertPEM); err != nil {
			b.Fatal(err)
		}
	}
	return dev, dev.CertStore(), ids
}

// hideLister is a backend without List: the front end then reads the store query by query,
// four look-ups by identifier per certificate, as it did before certstore.Lister and as a C
// caller does.
type hideLister struct{ certstore.Backend }

// BenchmarkCertStoreListing lists a store of 200 certificates through the front end: in one
// step (Lister), and query by query (PerIdentifier), which costs one look-up by identifier
// per query.
func BenchmarkCertStoreListing(b *testing.B) {
	const n = 200
	_, backend, _ := benchStore(b, n)
	for _, tt := range []struct {
		name string
		b    certstore.Backend
	}{{"Lister", backend}, {"PerIdentifier", hideLister{backend}}} {
		b.Run(fmt.Sprintf("%s/%d", tt.name, n), func(b *testing.B) {
			s := certstore.New(tt.b)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				k := 0
				for _, err := range s.Certificates() {
					if err != nil {
						b.Fatal(err)
					}
					k++
				}
				if k != n {
					b.Fatalf("listed %d certificates, want %d", k, n)
				}
			}
		})
	}
}

// BenchmarkCertStoreMove renames the last of 200 certificates back and forth: two look-ups
// by identifier per move.
func BenchmarkCertStoreMove(b *testing.B) {
	_, backend, ids := benchStore(b, 200)
	last := ids[len(ids)-1]
	names := [2]string{last, "moved"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := backend.Move(names[i%2], names[(i+1)%2]); err != nil {
			b.Fatal(err)
		}
	}
}
