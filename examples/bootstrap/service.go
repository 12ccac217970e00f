package main

import (
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/azsphere-go/applibs/pkitest"
)

// serviceName is the DNS name in the issuing service's certificate; the application checks
// the service's certificate against it.
const serviceName = "issuer.contoso.example"

// enrollment is the issuing service's answer to GET /enroll.
type enrollment struct {
	// RootCA is the PEM certificate of the CA that issued the RADIUS server's certificate.
	RootCA string `json:"rootCA"`
	// ClientCert is the PEM client certificate issued to the device.
	ClientCert string `json:"clientCert"`
	// ClientKey is the client certificate's private key, PEM encrypted PKCS#8.
	ClientKey string `json:"clientKey"`
	// KeyPassword decrypts ClientKey.
	KeyPassword string `json:"keyPassword"`
	// Identity is the EAP identity the device presents.
	Identity string `json:"identity"`
	// SSID is the EAP-TLS network's name.
	SSID string `json:"ssid"`
}

// pki is the EAP-TLS network's PKI and the issuing service's own TLS identity.
type pki struct {
	networkCA *pkitest.Cert // issues the RADIUS server's and the devices' certificates
	radius    *pkitest.Cert // the RADIUS server
	serviceCA *pkitest.Cert // issues the issuing service's HTTPS certificate
	service   *pkitest.Cert
}

// newPKI makes the certificates, valid from notBefore for a year.
func newPKI(notBefore time.Time) (*pki, error) {
	opts := func(cn string, dns ...string) pkitest.Options {
		return pkitest.Options{
			Subject:   pkix.Name{Organization: []string{"Contoso"}, CommonName: cn},
			NotBefore: notBefore, NotAfter: notBefore.AddDate(1, 0, 0), DNSNames: dns,
		}
	}
	var p pki
	var err error
	if p.networkCA, err = pkitest.NewCA(opts("Contoso Network CA")); err != nil {
		return nil, err
	}
	if p.radius, err = p.networkCA.Issue(opts("radius.contoso.example")); err != nil {
		return nil, err
	}
	if p.serviceCA, err = pkitest.NewCA(opts("Contoso Services CA")); err != nil {
		return nil, err
	}
	if p.service, err = p.serviceCA.Issue(opts(serviceName, serviceName)); err != nil {
		return nil, err
	}
	return &p, nil
}

// issuer is the certificate issuing service: an HTTPS server on loopback that accepts only
// devices of one tenant.
type issuer struct {
	pki  *pki
	ssid string
	now  func() time.Time // the clock certificates are checked and issued at
	srv  *http.Server
	ln   net.Listener
	log  io.Writer
}

// startIssuer starts the service on 127.0.0.1. tenantCAs are the roots it trusts for client
// certificates; now is its clock.
func startIssuer(p *pki, ssid string, tenantCAs *x509.CertPool, now func() time.Time, logw io.Writer) (*issuer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &issuer{pki: p, ssid: ssid, now: now, ln: ln, log: logw}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /enroll", s.enroll)
	s.srv = &http.Server{
		Handler: mux,
		TLSConfig: &tls.Config{
			Certificates: []tls.Certificate{{
				Certificate: [][]byte{p.service.Cert.Raw},
				PrivateKey:  p.service.Key,
				Leaf:        p.service.Cert,
			}},
			ClientAuth: tls.RequireAndVerifyClientCert,
			ClientCAs:  tenantCAs,
			Time:       now,
			MinVersion: tls.VersionTLS12,
		},
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(logw, "(world) issuing service: ", 0),
	}
	go s.srv.ServeTLS(ln, "", "")
	return s, nil
}

// URL is the service's base URL.
func (s *issuer) URL() string { return "https://" + s.ln.Addr().String() }

// Roots is the pool a client needs to trust the service.
func (s *issuer) Roots() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(s.pki.serviceCA.Cert)
	return p
}

// Close stops the service.
func (s *issuer) Close() error {
	err := s.srv.Close()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// enroll issues EAP-TLS credentials to the device that authenticated with its DAA
// certificate: the client certificate carries the device ID as its common name.
func (s *issuer) enroll(w http.ResponseWriter, r *http.Request) {
	deviceID := r.TLS.PeerCertificates[0].Subject.CommonName
	now := s.now()
	client, err := s.pki.networkCA.Issue(pkitest.Options{
		Subject:   pkix.Name{Organization: []string{"Contoso"}, CommonName: deviceID},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(1, 0, 0),
	})
	if err != nil {
		http.Error(w, "cannot issue a certificate", http.StatusInternalServerError)
		return
	}
	var pw [16]byte
	if _, err := rand.Read(pw[:]); err != nil {
		http.Error(w, "cannot make a password", http.StatusInternalServerError)
		return
	}
	password := hex.EncodeToString(pw[:])
	key, err := client.KeyPEM(pkitest.EncryptedPKCS8, []byte(password))
	if err != nil {
		http.Error(w, "cannot encrypt the key", http.StatusInternalServerError)
		return
	}
	fmt.Fprintf(s.log, "(world) The issuing service issued a client certificate to device %s...\n", deviceID[:16])
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(enrollment{
		RootCA:      string(s.pki.networkCA.CertPEM),
		ClientCert:  string(client.CertPEM),
		ClientKey:   string(key),
		KeyPassword: password,
		Identity:    deviceID,
		SSID:        s.ssid,
	})
}
