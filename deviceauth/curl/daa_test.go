//go:build cgo && linux && abidouble && !azsphere

package curl_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net/http"
	"slices"
	"sync/atomic"
	"syscall"
	"testing"
	"unsafe"

	"github.com/azsphere-go/applibs/deviceauth"
	"github.com/azsphere-go/applibs/deviceauth/curl"
	"github.com/azsphere-go/applibs/internal/device/abidouble"
	"github.com/azsphere-go/applibs/pkitest"
)

// daaWorld sets the double up to present the pki's DAA certificate with result, and starts
// a server that requires client certificates from clientCA (tlsMax: the highest TLS
// version, 0 for the default). It returns the server's URL and a counter of the requests
// that reached the handler.
func daaWorld(t *testing.T, p *pki, result int, clientCA *pkitest.Cert, tlsMax uint16) (string, *atomic.Int32) {
	t.Helper()
	abidouble.Reset()
	t.Cleanup(abidouble.Reset)
	abidouble.SetDAA(p.daaCertFile, result == abidouble.SSLSuccess, result)
	abidouble.SetDAACredentials(p.daaCertFile, p.daaKeyFile)
	var hits atomic.Int32
	srv := newServer(t, p, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(r.TLS.PeerCertificates[0].Subject.CommonName))
	}), func(c *tls.Config) {
		c.ClientAuth = tls.RequireAndVerifyClientCert
		c.ClientCAs = pkitest.Pool(clientCA)
		c.MaxVersion = tlsMax
	})
	return srv.URL, &hits
}

func TestDeviceAuth(t *testing.T) {
	needCurl(t)
	p := newPKI(t)
	for _, v := range []struct {
		name string
		max  uint16
	}{{"TLS1.2", tls.VersionTLS12}, {"TLS1.3", tls.VersionTLS13}} {
		t.Run(v.name, func(t *testing.T) {
			url, hits := daaWorld(t, p, abidouble.SSLSuccess, p.tenantCA, v.max)
			c := &curl.Client{DeviceAuth: true, RootCAFile: p.serverCAFile}
			resp, err := c.Get(context.Background(), url)
			if err != nil {
				t.Fatalf("Get: %v (double: %s)", err, abidouble.DAAError())
			}
			if string(resp.Body) != deviceID || hits.Load() != 1 {
				t.Errorf("the server saw client %q in %d requests; want the device ID once", resp.Body, hits.Load())
			}
			if n := abidouble.DAACalls(); n != 1 {
				t.Errorf("DeviceAuth_SslCtxFunc was called %d times, want 1", n)
			}
			if abidouble.LastSSLCtx() == 0 {
				t.Error("DeviceAuth_SslCtxFunc was given a NULL context")
			}
		})
	}
}

func TestDeviceAuthFailures(t *testing.T) {
	needCurl(t)
	p := newPKI(t)
	tests := []struct {
		name   string
		result int
		want   deviceauth.SSLResult
	}{
		{"not attested", abidouble.SSLGetTenantCertificateError, deviceauth.SSLGetTenantCertificateError},
		{"no DeviceAuthentication capability", abidouble.SSLGetTenantIDError, deviceauth.SSLGetTenantIDError},
		{"no hardware signing", abidouble.SSLEnableHWSignError, deviceauth.SSLEnableHWSignError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, hits := daaWorld(t, p, tt.result, p.tenantCA, 0)
			_, err := (&curl.Client{DeviceAuth: true, RootCAFile: p.serverCAFile}).Get(context.Background(), url)
			e := asError(t, err)
			var se *deviceauth.SSLError
			if e.Code != curl.CodeSSLCertProblem || !errors.As(err, &se) || se.Result != tt.want {
				t.Fatalf("Get = %v; want CURLE_SSL_CERTPROBLEM with a *deviceauth.SSLError holding %v", err, tt.want)
			}
			if hits.Load() != 0 {
				t.Errorf("%d requests reached the server", hits.Load())
			}
		})
	}
}

func TestDeviceAuthRefusedByServer(t *testing.T) {
	needCurl(t)
	p := newPKI(t)
	// The server trusts another tenant's CA: it refuses the device's certificate with a
	// TLS alert, during the handshake (TLS 1.2) or right after it (TLS 1.3: the client
	// learns it when it sends the request or reads the answer, whichever comes first).
	for _, v := range []struct {
		name string
		max  uint16
		want []curl.Code
	}{
		{"TLS1.2", tls.VersionTLS12, []curl.Code{curl.CodeSSLConnectError}},
		{"TLS1.3", tls.VersionTLS13, []curl.Code{curl.CodeSendError, curl.CodeRecvError}},
	} {
		t.Run(v.name, func(t *testing.T) {
			url, hits := daaWorld(t, p, abidouble.SSLSuccess, p.otherCA, v.max)
			_, err := (&curl.Client{DeviceAuth: true, RootCAFile: p.serverCAFile}).Get(context.Background(), url)
			e := asError(t, err)
			if !slices.Contains(v.want, e.Code) {
				t.Errorf("Get = %v; want %v", err, v.want)
			}
			var se *deviceauth.SSLError
			if errors.As(err, &se) {
				t.Errorf("Get = %v; the device's part succeeded, so no *deviceauth.SSLError", err)
			}
			if hits.Load() != 0 || abidouble.DAACalls() != 1 {
				t.Errorf("%d requests reached the server, %d DAA calls; want 0 and 1", hits.Load(), abidouble.DAACalls())
			}
			t.Logf("refused: %v", err)
		})
	}
}

func TestDeviceAuthUntrustedServer(t *testing.T) {
	needCurl(t)
	p := newPKI(t)
	url, hits := daaWorld(t, p, abidouble.SSLSuccess, p.tenantCA, 0)
	_, err := (&curl.Client{DeviceAuth: true, RootCAs: p.otherCA.CertPEM}).Get(context.Background(), url)
	if e := asError(t, err); e.Code != curl.CodePeerFailedVerification {
		t.Errorf("Get = %v; want CURLE_PEER_FAILED_VERIFICATION", err)
	}
	if hits.Load() != 0 {
		t.Errorf("%d requests reached the server", hits.Load())
	}
}

func TestDeviceAuthConcurrent(t *testing.T) {
	needCurl(t)
	p := newPKI(t)
	url, hits := daaWorld(t, p, abidouble.SSLSuccess, p.tenantCA, 0)
	c := &curl.Client{DeviceAuth: true, RootCAFile: p.serverCAFile}
	errs := make(chan error, 6)
	for i := 0; i < cap(errs); i++ {
		go func() {
			_, err := c.Get(context.Background(), url)
			errs <- err
		}()
	}
	for i := 0; i < cap(errs); i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if hits.Load() != int32(cap(errs)) || abidouble.DAACalls() != cap(errs) {
		t.Errorf("%d requests, %d DAA calls; want %d of each", hits.Load(), abidouble.DAACalls(), cap(errs))
	}
}

func TestDeviceAuthNeedsHTTPS(t *testing.T) {
	_, err := (&curl.Client{DeviceAuth: true}).Get(context.Background(), "http://127.0.0.1:1/")
	if !errors.Is(err, syscall.EINVAL) {
		t.Errorf("Get of an http URL with DeviceAuth = %v, want EINVAL", err)
	}
}

func TestDoubleCurlSslFunc(t *testing.T) {
	abidouble.Reset()
	defer abidouble.Reset()
	var ctx [16]byte
	for _, tt := range []struct{ result, want int }{
		{abidouble.SSLSuccess, 0},
		{abidouble.SSLGetTenantCertificateError, 58},
		{abidouble.SSLGetTenantIDError, 58},
	} {
		abidouble.SetDAA("/x", true, tt.result)
		if got := abidouble.CurlSslFunc(unsafe.Pointer(&ctx[0])); got != tt.want {
			t.Errorf("DeviceAuth_CurlSslFunc with result %d = %d, want %d", tt.result, got, tt.want)
		}
	}
}
