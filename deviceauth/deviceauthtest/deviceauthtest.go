package deviceauthtest

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/deviceauth"
)

// Options describe what the backend under test is expected to provide.
type Options struct {
	// Ready says the device holds a valid device-authentication certificate and the
	// application's manifest names the device's tenant, so Credentials must succeed (unless
	// Signing is false) and the certificate file must exist. When false, the suite accepts
	// either a success or an *SSLError.
	Ready bool
	// Signing says the backend's signer works for crypto/tls. The device backend cannot
	// sign for Go (its key is usable only by DeviceAuth_SslCtxFunc) and reports
	// SSLEnableHWSignError instead.
	Signing bool
	// TenantCAs, when not nil, are the roots the leaf certificate must verify against, as
	// a client certificate, at Now.
	TenantCAs *x509.CertPool
	// Now returns the device's time, for verifying the leaf; nil means time.Now.
	Now func() time.Time
}

var deviceID = regexp.MustCompile(`^[0-9a-fA-F]{128}$`)

// Run runs the conformance suite on the backend that newBackend returns. Subtests do not run
// in parallel; newBackend may return the same backend each time.
func Run(t *testing.T, newBackend func(t *testing.T) deviceauth.Backend, opts Options) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, b deviceauth.Backend, o Options)
	}{
		{"CertificatePath", testCertificatePath},
		{"Credentials", testCredentials},
		{"ConfigureTLS", testConfigureTLS},
		{"CertificateFile", testCertificateFile},
		{"Concurrent", testConcurrent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBackend(t)
			if b == nil {
				t.Fatal("newBackend returned nil")
			}
			tt.fn(t, b, opts)
		})
	}
}

func testCertificatePath(t *testing.T, b deviceauth.Backend, _ Options) {
	id := deviceauth.New(b)
	p1, err := id.GetCertificatePath()
	if err != nil {
		t.Fatalf("GetCertificatePath: %v", err)
	}
	if p1 == "" || !filepath.IsAbs(p1) {
		t.Errorf("GetCertificatePath() = %q, want an absolute path", p1)
	}
	p2, err := id.GetCertificatePath()
	if err != nil || p2 != p1 {
		t.Errorf("second GetCertificatePath() = %q, %v; want the same path %q", p2, err, p1)
	}
}

// credentials calls ClientCertificate and checks the outcome against o. It returns the
// certificate, or nil when the outcome was an acceptable failure.
func credentials(t *testing.T, b deviceauth.Backend, o Options) *tlsCert {
	t.Helper()
	cert, err := deviceauth.New(b).ClientCertificate()
	if err != nil {
		var se *deviceauth.SSLError
		if !errors.As(err, &se) {
			t.Fatalf("ClientCertificate error %v is not an *SSLError", err)
		}
		if se.Result < deviceauth.SSLGetTenantIDError || se.Result > deviceauth.SSLEnableHWSignError {
			t.Fatalf("ClientCertificate error has result %v, want 1..3", se.Result)
		}
		if o.Ready && (o.Signing || se.Result != deviceauth.SSLEnableHWSignError) {
			t.Fatalf("ClientCertificate on a ready device: %v", err)
		}
		return nil
	}
	if o.Ready && !o.Signing {
		t.Fatal("ClientCertificate succeeded on a backend that cannot sign")
	}
	return &tlsCert{leaf: cert.Leaf, chain: cert.Certificate, key: cert.PrivateKey}
}

type tlsCert struct {
	leaf  *x509.Certificate
	chain [][]byte
	key   crypto.PrivateKey
}

func testCredentials(t *testing.T, b deviceauth.Backend, o Options) {
	c := credentials(t, b, o)
	if c == nil {
		return
	}
	if !deviceID.MatchString(c.leaf.Subject.CommonName) {
		t.Errorf("leaf subject CN = %q, want a device ID of 128 hexadecimal digits", c.leaf.Subject.CommonName)
	}
	signer, ok := c.key.(crypto.Signer)
	if !ok {
		t.Fatalf("PrivateKey is %T, want a crypto.Signer", c.key)
	}
	switch signer.(type) {
	case *ecdsa.PrivateKey, *rsa.PrivateKey, ed25519.PrivateKey:
		t.Errorf("PrivateKey is the key itself (%T), want a signer that keeps it in the backend", signer)
	}
	digest := sha256.Sum256([]byte("deviceauthtest"))
	sig, err := signer.Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	if pub, ok := c.leaf.PublicKey.(*ecdsa.PublicKey); ok && !ecdsa.VerifyASN1(pub, digest[:], sig) {
		t.Error("the signature does not verify with the leaf's public key")
	}
	if o.TenantCAs != nil {
		inter := x509.NewCertPool()
		for _, der := range c.chain[1:] {
			if ic, err := x509.ParseCertificate(der); err == nil {
				inter.AddCert(ic)
			}
		}
		now := time.Now()
		if o.Now != nil {
			now = o.Now()
		}
		_, err := c.leaf.Verify(x509.VerifyOptions{Roots: o.TenantCAs, Intermediates: inter, CurrentTime: now,
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
		if err != nil {
			t.Errorf("the leaf does not verify against the tenant CAs: %v", err)
		}
	}
}

func testConfigureTLS(t *testing.T, b deviceauth.Backend, o Options) {
	cfg := &tls.Config{}
	err := deviceauth.New(b).ConfigureTLS(cfg)
	if err != nil {
		var se *deviceauth.SSLError
		if !errors.As(err, &se) {
			t.Fatalf("ConfigureTLS error %v is not an *SSLError", err)
		}
		if cfg.GetClientCertificate != nil {
			t.Error("a failed ConfigureTLS set GetClientCertificate")
		}
		if o.Ready && o.Signing {
			t.Fatalf("ConfigureTLS on a ready device: %v", err)
		}
		return
	}
	get := cfg.GetClientCertificate
	if get == nil {
		t.Fatal("ConfigureTLS succeeded without setting GetClientCertificate")
	}
	cert, err := get(nil)
	if err != nil || len(cert.Certificate) == 0 {
		t.Fatalf("GetClientCertificate = %v, %v; want the chain", cert, err)
	}
}

func testCertificateFile(t *testing.T, b deviceauth.Backend, o Options) {
	path, err := deviceauth.New(b).GetCertificatePath()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if o.Ready {
			t.Fatalf("the certificate file of a ready device: %v", err)
		}
		return
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		t.Fatalf("%s does not start with a PEM certificate", path)
	}
	leaf, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if !deviceID.MatchString(leaf.Subject.CommonName) {
		t.Errorf("file's certificate CN = %q, want a device ID", leaf.Subject.CommonName)
	}
	if c := credentials(t, b, o); c != nil && !bytes.Equal(c.leaf.Raw, leaf.Raw) {
		t.Error("the file holds another certificate than ClientCertificate presents")
	}
}

func testConcurrent(t *testing.T, b deviceauth.Backend, o Options) {
	id := deviceauth.New(b)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				if _, err := id.GetCertificatePath(); err != nil {
					t.Errorf("GetCertificatePath: %v", err)
					return
				}
				c, err := id.ClientCertificate()
				if err == nil {
					digest := sha256.Sum256([]byte{byte(i)})
					if _, err := c.PrivateKey.(crypto.Signer).Sign(rand.Reader, digest[:], crypto.SHA256); err != nil {
						t.Errorf("Sign: %v", err)
						return
					}
				} else if o.Ready && o.Signing {
					t.Errorf("ClientCertificate: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
