//go:build abidouble && cgo && !azsphere

package device_test

import (
	"crypto/x509/pkix"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/internal/device"
	"github.com/azsphere-go/applibs/internal/device/abidouble"
	"github.com/azsphere-go/applibs/pkitest"
)

// FuzzInstall feeds arbitrary blobs through the cgo backend into the double's PEM and DER
// parsing: whatever the bytes, the call returns (an error or not) and a certificate it
// accepted can be queried.
func FuzzInstall(f *testing.F) {
	nb := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	ca := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Fuzz CA", Organization: []string{"Ö & Co"}}, NotBefore: nb})
	leaf := ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "Fuzz Leaf"}, NotBefore: nb})
	f.Add(ca.CertPEM, leaf.MustKeyPEM(pkitest.SEC1, nil))
	f.Add(leaf.CertPEM, leaf.MustKeyPEM(pkitest.PKCS8, nil))
	f.Add(ca.CertPEM[:len(ca.CertPEM)/2], []byte("-----BEGIN EC PRIVATE KEY-----\n\n-----END EC PRIVATE KEY-----\n"))
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"), []byte("-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n"))
	b := device.CertStoreBackend()
	f.Fuzz(func(t *testing.T, cert, key []byte) {
		abidouble.Reset()
		if len(cert) == 0 || len(cert) > 8192 || len(key) == 0 || len(key) > 8192 {
			return
		}
		if b.InstallRootCA("r", cert) == nil {
			if _, err := b.SubjectName("r"); err != nil {
				t.Errorf("SubjectName of an accepted certificate: %v", err)
			}
			if _, err := b.NotAfter("r"); err != nil {
				t.Errorf("NotAfter of an accepted certificate: %v", err)
			}
		}
		_ = b.InstallClient("c", cert, key, nil)
	})
}
