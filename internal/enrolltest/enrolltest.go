// Package enrolltest is a test issuing service for the EAP-TLS bootstrap flow of
// examples/bootstrap-device (seed 002): an HTTPS server on 127.0.0.1 that requires and
// verifies a client certificate issued by a test tenant CA (the device's DAA certificate),
// and answers each request with a fresh EAP-TLS client certificate for the device that
// authenticated, as JSON: {"rootCA", "clientCert", "clientKey" (encrypted PKCS#8),
// "keyPassword", "identity", "ssid"}.
//
// The tests of the program under gc (over the C double) and under TinyGo (run under qemu-arm)
// use it alike.
package enrolltest

import (
	"crypto/tls"
	"crypto/x509/pkix"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/azsphere-go/applibs/pkitest"
)

// Options describe the device the service knows and what it issues.
type Options struct {
	// DeviceID is the common name of the DAA certificate: the only device the service
	// enrolls (others get 403).
	DeviceID string
	// KeyPassword encrypts the issued client key.
	KeyPassword string
	// SSID is the EAP-TLS network the answer names.
	SSID string
}

// Service is a running issuing service and its PKI.
type Service struct {
	// URL is the enrollment URL.
	URL string
	// DAA is the device's test DAA certificate, issued by the tenant CA the service trusts.
	DAA *pkitest.Cert
	// ServiceCA issued the service's certificate; OtherCA did not (a wrong root to trust).
	ServiceCA, OtherCA *pkitest.Cert
	// NetworkCA is the EAP-TLS network's root CA, which the answer carries and which issues
	// the client certificates.
	NetworkCA *pkitest.Cert
	// Requests counts the enrollments served.
	Requests atomic.Int32
	// IssuedBytes is the length of the last answer's root CA, certificate and key.
	IssuedBytes atomic.Int32

	opts Options
}

// Start makes the PKI and starts the service until the test ends.
func Start(t testing.TB, o Options) *Service {
	t.Helper()
	tenantCA := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Test Tenant CA"}})
	s := &Service{
		DAA:       tenantCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: o.DeviceID}, Usage: pkitest.ClientOnly}),
		ServiceCA: pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Contoso Services CA"}}),
		OtherCA:   tenantCA,
		NetworkCA: pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Contoso Network CA"}}),
		opts:      o,
	}
	server := s.ServiceCA.MustIssue(pkitest.Options{Usage: pkitest.ServerOnly, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(s.enroll))
	srv.TLS = &tls.Config{
		Certificates: []tls.Certificate{server.TLSCertificate()},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    pkitest.Pool(tenantCA),
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	s.URL = srv.URL + "/enroll"
	return s
}

// enroll issues a client certificate for the device that authenticated.
func (s *Service) enroll(rw http.ResponseWriter, r *http.Request) {
	s.Requests.Add(1)
	id := r.TLS.PeerCertificates[0].Subject.CommonName
	if id != s.opts.DeviceID {
		http.Error(rw, "unknown device "+id, http.StatusForbidden)
		return
	}
	client, err := s.NetworkCA.Issue(pkitest.Options{Subject: pkix.Name{CommonName: id}, Usage: pkitest.ClientOnly})
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	key, err := client.KeyPEM(pkitest.EncryptedPKCS8, []byte(s.opts.KeyPassword))
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	s.IssuedBytes.Store(int32(len(s.NetworkCA.CertPEM) + len(client.CertPEM) + len(key)))
	json.NewEncoder(rw).Encode(map[string]string{
		"rootCA": string(s.NetworkCA.CertPEM), "clientCert": string(client.CertPEM), "clientKey": string(key),
		"keyPassword": s.opts.KeyPassword, "identity": id, "ssid": s.opts.SSID,
	})
}
