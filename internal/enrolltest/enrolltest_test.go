package enrolltest

import (
	"crypto/tls"
	"crypto/x509/pkix"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/azsphere-go/applibs/internal/certparse"
	"github.com/azsphere-go/applibs/pkitest"
)

func TestService(t *testing.T) {
	s := Start(t, Options{DeviceID: "dev-1", KeyPassword: "pw", SSID: "Corp"})
	get := func(cert *pkitest.Cert) (*http.Response, error) {
		cfg := &tls.Config{RootCAs: pkitest.Pool(s.ServiceCA)}
		if cert != nil {
			cfg.Certificates = []tls.Certificate{cert.TLSCertificate()}
		}
		return (&http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}).Get(s.URL)
	}
	resp, err := get(s.DAA)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]string
	err = json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || got["identity"] != "dev-1" || got["ssid"] != "Corp" || got["keyPassword"] != "pw" {
		t.Fatalf("enrollment: %d %v %v", resp.StatusCode, got, err)
	}
	if _, _, err := certparse.ClientCertificate([]byte(got["clientCert"]), []byte(got["clientKey"]), []byte("pw")); err != nil {
		t.Errorf("the issued certificate and key do not install: %v", err)
	}
	if s.Requests.Load() != 1 || s.IssuedBytes.Load() == 0 {
		t.Errorf("Requests %d, IssuedBytes %d after one enrollment", s.Requests.Load(), s.IssuedBytes.Load())
	}
	// Another device of the same tenant is refused; a client without a certificate cannot
	// connect.
	other := s.OtherCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "dev-2"}, Usage: pkitest.ClientOnly})
	if resp, err := get(other); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("another device: %v, %v; want 403", resp, err)
	}
	if _, err := get(nil); err == nil {
		t.Error("a client without a certificate was served")
	}
}
