package certstore_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"sync"
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/pkitest"
)

// benchCerts are typical root CA certificates: RSA-2048 (about 1.1 KiB of PEM) and EC P-256.
var (
	benchOnce  sync.Once
	benchCerts []struct {
		name string
		pem  []byte
	}
)

func loadBenchCerts() {
	benchOnce.Do(func() {
		subject := pkix.Name{Country: []string{"US"}, Organization: []string{"Example Corporation"}, OrganizationalUnit: []string{"Devices"}, CommonName: "Example Root CA 2026"}
		for _, k := range []struct {
			name string
			typ  pkitest.KeyType
		}{{"RSA2048", pkitest.RSA2048}, {"EC256", pkitest.ECDSAP256}} {
			ca := pkitest.MustCA(pkitest.Options{Subject: subject, KeyType: k.typ})
			benchCerts = append(benchCerts, struct {
				name string
				pem  []byte
			}{k.name, ca.CertPEM})
		}
	})
}

// BenchmarkInstallRootCA installs the same certificate under the same identifier over and
// over: a replace, the steady state of a certificate rotation. Compare with
// BenchmarkParseBaseline, the parse every install must do.
func BenchmarkInstallRootCA(b *testing.B) {
	loadBenchCerts()
	for _, c := range benchCerts {
		b.Run(c.name, func(b *testing.B) {
			s := certstore.New(sim.New(sim.Options{}).CertStore())
			b.ReportAllocs()
			b.SetBytes(int64(len(c.pem)))
			defer reportCPU(b)()
			for i := 0; i < b.N; i++ {
				if err := s.InstallRootCACertificate("root", c.pem); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParseBaseline is the least work an install can do: pem.Decode and
// x509.ParseCertificate of the same bytes.
func BenchmarkParseBaseline(b *testing.B) {
	loadBenchCerts()
	for _, c := range benchCerts {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.pem)))
			defer reportCPU(b)()
			for i := 0; i < b.N; i++ {
				block, _ := pem.Decode(c.pem)
				if _, err := x509.ParseCertificate(block.Bytes); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// reportCPU starts measuring the process's CPU time; the function it returns reports it as
// cpu-ns/op. Wall time on a shared machine includes the time other processes run; CPU time
// does not, so the install-to-parse ratio is steadier in this unit.
func reportCPU(b *testing.B) func() {
	start, ok := processCPUTime()
	return func() {
		end, ok2 := processCPUTime()
		if ok && ok2 && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

// queryStore returns a store holding n root CA certificates, c0..c(n-1).
func queryStore(tb testing.TB, n int) *certstore.Store {
	tb.Helper()
	loadBenchCerts()
	s := certstore.New(sim.New(sim.Options{}).CertStore())
	for i := 0; i < n; i++ {
		if err := s.InstallRootCACertificate(fmt.Sprintf("c%d", i), benchCerts[1].pem); err != nil {
			tb.Fatal(err)
		}
	}
	return s
}

func BenchmarkGetCertificateCount(b *testing.B) {
	s := queryStore(b, 8)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := s.GetCertificateCount(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetCertificateIdentifierAt(b *testing.B) {
	s := queryStore(b, 8)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := s.GetCertificateIdentifierAt(i & 7); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetCertificateSubjectName(b *testing.B) {
	s := queryStore(b, 8)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := s.GetCertificateSubjectName("c7"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetCertificateNotAfter(b *testing.B) {
	s := queryStore(b, 8)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := s.GetCertificateNotAfter("c7"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetAvailableSpace(b *testing.B) {
	s := queryStore(b, 8)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := s.GetAvailableSpace(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewDevice is the cost of a simulated device: tests make one per subtest.
func BenchmarkNewDevice(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = sim.New(sim.Options{})
	}
}
