package filestore_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/azsphere-go/applibs/certstore"
)

// BenchmarkInstall measures InstallRootCACertificate (parse, encode the whole store, write
// over the spare state file, fdatasync) and, in the same run, the baseline the store is judged
// against: one write+fsync+rename of the same bytes (impl=Baseline) and the same with the
// directory fsync that makes the rename durable (impl=BaselineDirSync). Compare with
// benchstat -col /impl.
func BenchmarkInstall(b *testing.B) {
	ca, leaves := pki(b)
	b.Run("impl=Store", func(b *testing.B) {
		s := certstore.New(open(b, b.TempDir()))
		if err := s.InstallRootCACertificate("other", leaves[0].CertPEM); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := s.InstallRootCACertificate("ca", ca.CertPEM); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, dirSync := range []bool{false, true} {
		name := "impl=Baseline"
		if dirSync {
			name = "impl=BaselineDirSync"
		}
		b.Run(name, func(b *testing.B) {
			dir := b.TempDir()
			tmp, dst := filepath.Join(dir, "f.tmp"), filepath.Join(dir, "f")
			for i := 0; i < b.N; i++ {
				f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := f.Write(ca.CertPEM); err != nil {
					b.Fatal(err)
				}
				if err := f.Sync(); err != nil {
					b.Fatal(err)
				}
				f.Close()
				if err := os.Rename(tmp, dst); err != nil {
					b.Fatal(err)
				}
				if dirSync {
					d, err := os.Open(dir)
					if err != nil {
						b.Fatal(err)
					}
					d.Sync()
					d.Close()
				}
			}
		})
	}
}
