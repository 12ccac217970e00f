package deviceauth_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/deviceauth"
)

// Authenticate to a service with the device's DAA certificate, as
// DeviceAuth_CurlSslFunc does for curl. The service here is a loopback server that trusts
// the simulated device's tenant CA.
func ExampleConfigureTLS() {
	dev := sim.New(sim.Options{})
	defer dev.Close()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello device %s...", r.TLS.PeerCertificates[0].Subject.CommonName[:8])
	}))
	srv.TLS = &tls.Config{
		ClientAuth: tls.RequireAndVerifyClientCert,
		ClientCAs:  dev.TenantCAPool(),
		Time:       dev.Now, // the DAA certificate is valid on the device's clock
	}
	srv.StartTLS()
	defer srv.Close()

	// Code under test receives the Identity (or calls the package-level functions).
	id := deviceauth.New(dev.DeviceAuth())
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	cfg := &tls.Config{RootCAs: roots}
	if err := id.ConfigureTLS(cfg); err != nil {
		log.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
	resp, err := client.Get(srv.URL)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status, len(body) > 0)
	// Output: 200 OK true
}

// The failure outcomes of DeviceAuth_SslCtxFunc are *SSLError values with the C result.
func ExampleSSLError() {
	dev := sim.New(sim.Options{Capabilities: &sim.Capabilities{}}) // no DeviceAuthentication tenant
	err := deviceauth.New(dev.DeviceAuth()).ConfigureTLS(&tls.Config{})
	var se *deviceauth.SSLError
	if errors.As(err, &se) {
		fmt.Println(se.Result, int(se.Result))
	}
	// Output: DeviceAuthSslResult_GetTenantIdError 1
}

// The certificate file exists while the device holds a valid certificate.
func ExampleIdentity_GetCertificatePath() {
	dev := sim.New(sim.Options{DeviceAuth: sim.DeviceAuthOptions{Offline: true, NeverAttested: true}})
	defer dev.Close()
	id := deviceauth.New(dev.DeviceAuth())
	path, err := id.GetCertificatePath()
	if err != nil {
		log.Fatal(err)
	}
	_, err = os.ReadFile(path)
	fmt.Println("before attestation:", errors.Is(err, fs.ErrNotExist))

	dev.SetOnline(true)
	pemBytes, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	block, _ := pem.Decode(pemBytes)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("after attestation:", cert.Subject.CommonName == dev.DeviceID(), len(cert.Subject.CommonName))
	// Output:
	// before attestation: true
	// after attestation: true 128
}
