//go:build cgo && linux

package curl_test

import (
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/deviceauth/curl"
	"github.com/azsphere-go/applibs/pkitest"
)

// needCurl skips the test when libcurl cannot be loaded, and fails it in CI.
func needCurl(t *testing.T) {
	t.Helper()
	v, err := curl.Version()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("libcurl is needed in CI: %v", err)
		}
		t.Skipf("libcurl is not installed (apt-get install libcurl4): %v", err)
	}
	logVersion.Do(func() { t.Logf("libcurl: %s", v) })
}

var logVersion sync.Once

// pki is the test world's certificates, in files where libcurl and the double read them.
type pki struct {
	serverCA *pkitest.Cert // issues the HTTPS server's certificate
	server   tls.Certificate
	tenantCA *pkitest.Cert // issues the device-authentication certificate
	daa      *pkitest.Cert
	otherCA  *pkitest.Cert // trusted by nobody

	serverCAFile string // PEM of serverCA
	otherCAFile  string
	daaCertFile  string // PEM chain of the DAA certificate
	daaKeyFile   string
}

// deviceID is a device ID as the DAA certificate's common name: 128 hex digits.
const deviceID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" +
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func newPKI(t *testing.T) *pki {
	t.Helper()
	dir := t.TempDir()
	p := &pki{
		serverCA: pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Test Services CA"}}),
		tenantCA: pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Test Tenant CA"}}),
		otherCA:  pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Other CA"}}),
	}
	p.daa = p.tenantCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: deviceID}, Usage: pkitest.ClientOnly})
	p.server = serverCert(t, p.serverCA)
	write := func(name string, data []byte) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	p.serverCAFile = write("server-ca.pem", p.serverCA.CertPEM)
	p.otherCAFile = write("other-ca.pem", p.otherCA.CertPEM)
	p.daaCertFile = write("daa.pem", p.daa.CertPEM)
	p.daaKeyFile = write("daa-key.pem", p.daa.MustKeyPEM(pkitest.PKCS8, nil))
	return p
}

// serverCert issues a certificate for 127.0.0.1 and localhost (pkitest has no IP SANs).
func serverCert(t *testing.T, ca *pkitest.Cert) tls.Certificate {
	t.Helper()
	leaf := ca.MustIssue(pkitest.Options{Usage: pkitest.ServerOnly}) // for its key
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, leaf.Key.Public(), ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: leaf.Key}
}

// newServer starts an HTTPS server on 127.0.0.1 with the pki's server certificate; cfg
// may set client authentication.
func newServer(t *testing.T, p *pki, h http.Handler, cfg func(*tls.Config)) *httptest.Server {
	t.Helper()
	s := httptest.NewUnstartedServer(h)
	s.TLS = &tls.Config{Certificates: []tls.Certificate{p.server}}
	if cfg != nil {
		cfg(s.TLS)
	}
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}
