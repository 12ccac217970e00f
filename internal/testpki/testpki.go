// Package testpki makes throwaway certificate authorities, certificates and keys for the
// SDK's tests, examples and benchmarks: EC P-256 by default (fast to generate), RSA on
// request, and private keys in every PEM format the device accepts.
package testpki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"sync/atomic"
	"time"

	"github.com/youmark/pkcs8"
)

// KeyType selects the algorithm of a generated key.
type KeyType int

// Key types.
const (
	EC256 KeyType = iota
	RSA2048
)

// Cert is a certificate with its private key.
type Cert struct {
	Cert    *x509.Certificate
	Key     crypto.Signer
	CertPEM []byte
}

// Options describe a certificate to make. Zero values get defaults: NotBefore one hour
// before now, NotAfter one year after NotBefore, EC P-256.
type Options struct {
	Subject   pkix.Name
	NotBefore time.Time
	NotAfter  time.Time
	KeyType   KeyType
	// DNSNames go into the subject alternative name (server certificates).
	DNSNames []string
}

var serial atomic.Int64

func (o *Options) defaults() {
	if o.NotBefore.IsZero() {
		o.NotBefore = time.Now().Add(-time.Hour)
	}
	if o.NotAfter.IsZero() {
		o.NotAfter = o.NotBefore.AddDate(1, 0, 0)
	}
}

func newKey(t KeyType) (crypto.Signer, error) {
	if t == RSA2048 {
		return rsa.GenerateKey(rand.Reader, 2048)
	}
	return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
}

// NewCA makes a self-signed root CA.
func NewCA(o Options) (*Cert, error) {
	o.defaults()
	if o.Subject.CommonName == "" {
		o.Subject.CommonName = "Test Root CA"
	}
	key, err := newKey(o.KeyType)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(serial.Add(1)),
		Subject:               o.Subject,
		NotBefore:             o.NotBefore,
		NotAfter:              o.NotAfter,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	return sign(tmpl, tmpl, key, key)
}

// MustCA is NewCA that panics on error, for tests and examples.
func MustCA(o Options) *Cert { return must(NewCA(o)) }

// Issue makes a leaf certificate signed by ca, usable for both client and server
// authentication.
func (ca *Cert) Issue(o Options) (*Cert, error) {
	o.defaults()
	key, err := newKey(o.KeyType)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial.Add(1)),
		Subject:      o.Subject,
		NotBefore:    o.NotBefore,
		NotAfter:     o.NotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth},
		DNSNames:     o.DNSNames,
	}
	return sign(tmpl, ca.Cert, key, ca.Key)
}

// MustIssue is Issue that panics on error.
func (ca *Cert) MustIssue(o Options) *Cert { return must(ca.Issue(o)) }

// IssueCA makes an intermediate CA signed by ca.
func (ca *Cert) IssueCA(o Options) (*Cert, error) {
	o.defaults()
	key, err := newKey(o.KeyType)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(serial.Add(1)),
		Subject:               o.Subject,
		NotBefore:             o.NotBefore,
		NotAfter:              o.NotAfter,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	return sign(tmpl, ca.Cert, key, ca.Key)
}

func sign(tmpl, parent *x509.Certificate, key, parentKey crypto.Signer) (*Cert, error) {
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &Cert{Cert: cert, Key: key, CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}, nil
}

func must(c *Cert, err error) *Cert {
	if err != nil {
		panic(err)
	}
	return c
}

// KeyFormat is a PEM encoding of a private key.
type KeyFormat int

// Key formats the device accepts.
const (
	PKCS8           KeyFormat = iota // PRIVATE KEY
	PKCS1                            // RSA PRIVATE KEY (RSA keys only)
	SEC1                             // EC PRIVATE KEY (EC keys only)
	EncryptedPKCS8                   // ENCRYPTED PRIVATE KEY (PBES2, PBKDF2-SHA256, AES-256-CBC)
	LegacyEncrypted                  // PKCS#1 or SEC1 with Proc-Type/DEK-Info (3DES), as openssl rsa -des3 makes
)

// KeyPEM encodes the certificate's private key in format f, encrypted with password for the
// encrypted formats.
func (c *Cert) KeyPEM(f KeyFormat, password []byte) ([]byte, error) {
	switch f {
	case PKCS8:
		der, err := x509.MarshalPKCS8PrivateKey(c.Key)
		if err != nil {
			return nil, err
		}
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
	case PKCS1, SEC1:
		b, err := traditional(c.Key)
		if err != nil {
			return nil, err
		}
		if (f == PKCS1) != (b.Type == "RSA PRIVATE KEY") {
			return nil, fmt.Errorf("testpki: key %T has no %v encoding", c.Key, f)
		}
		return pem.EncodeToMemory(b), nil
	case EncryptedPKCS8:
		der, err := pkcs8.MarshalPrivateKey(c.Key, password, nil)
		if err != nil {
			return nil, err
		}
		return pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: der}), nil
	case LegacyEncrypted:
		b, err := traditional(c.Key)
		if err != nil {
			return nil, err
		}
		//lint:ignore SA1019 tests need keys in the legacy format the device still accepts.
		enc, err := x509.EncryptPEMBlock(rand.Reader, b.Type, b.Bytes, password, x509.PEMCipher3DES) //nolint:staticcheck
		if err != nil {
			return nil, err
		}
		return pem.EncodeToMemory(enc), nil
	}
	return nil, fmt.Errorf("testpki: unknown key format %d", f)
}

// MustKeyPEM is KeyPEM that panics on error.
func (c *Cert) MustKeyPEM(f KeyFormat, password []byte) []byte {
	b, err := c.KeyPEM(f, password)
	if err != nil {
		panic(err)
	}
	return b
}

func traditional(key crypto.Signer) (*pem.Block, error) {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}, nil
	case *ecdsa.PrivateKey:
		der, err := x509.MarshalECPrivateKey(k)
		return &pem.Block{Type: "EC PRIVATE KEY", Bytes: der}, err
	}
	return nil, fmt.Errorf("testpki: no traditional encoding for %T", key)
}
