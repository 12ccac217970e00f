// Package testpki makes throwaway certificate authorities, certificates and keys for the
// SDK's tests, examples and benchmarks: EC P-256 by default (fast to generate), RSA on
// request, and private keys in every PEM format the device accepts.
package pkitest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"sync/atomic"
	"time"

	"github.com/youmark/pkcs8"
)

// KeyType selects the algorithm of a generated key.
type KeyType int

// Key types.
const (
	// ECDSAP256 is an ECDSA key on the NIST P-256 curve (the default: fast to generate).
	ECDSAP256 KeyType = 0
	// RSA2048 is a 2048-bit RSA key.
	RSA2048 KeyType = 1
)

// Usage selects the extended key usages of a leaf certificate made by [Cert.Issue].
type Usage int

// Usages.
const (
	// ClientAndServer makes a certificate valid for TLS client and server authentication
	// (the default).
	ClientAndServer Usage = 0
	// ClientOnly makes a certificate valid only for client authentication, as an EAP-TLS
	// client certificate usually is.
	ClientOnly Usage = 1
	// ServerOnly makes a certificate valid only for server authentication (a RADIUS server,
	// an HTTPS service).
	ServerOnly Usage = 2
)

// Cert is a certificate with its private key.
type Cert struct {
	// Cert is the parsed certificate.
	Cert *x509.Certificate
	// Key is its private key: an *ecdsa.PrivateKey or an *rsa.PrivateKey.
	Key crypto.Signer
	// CertPEM is the certificate as one PEM CERTIFICATE block, the form the certificate
	// store installs.
	CertPEM []byte
}

// Options describe a certificate to make. The zero value is a certificate named "Test Root
// CA" (for NewCA) or with an empty subject (for Issue), valid for ten years from an hour
// before the earlier of the present and the simulator's epoch, with an ECDSA P-256 key.
type Options struct {
	// Subject is the certificate's subject name.
	Subject pkix.Name
	// NotBefore and NotAfter bound the validity; a zero value gets the default above.
	NotBefore time.Time
	NotAfter  time.Time
	// KeyType is the algorithm of the new key.
	KeyType KeyType
	// DNSNames and IPAddresses go into the subject alternative name (server certificates;
	// an IP address for a test server on 127.0.0.1).
	DNSNames    []string
	IPAddresses []net.IP
	// Usage selects the extended key usages of a leaf; Issue only.
	Usage Usage
}

// simEpoch is where the simulated device's clock starts (sim.Epoch; this package cannot
// import sim, whose tests import this package).
var simEpoch = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

var serial atomic.Int64

func (o *Options) defaults() {
	if o.NotBefore.IsZero() {
		start := time.Now()
		if simEpoch.Before(start) {
			start = simEpoch
		}
		o.NotBefore = start.Add(-time.Hour).UTC().Truncate(time.Second)
	}
	if o.NotAfter.IsZero() {
		o.NotAfter = o.NotBefore.AddDate(10, 0, 0)
	}
}

func newKey(t KeyType) (crypto.Signer, error) {
	switch t {
	case RSA2048:
		return rsa.GenerateKey(rand.Reader, 2048)
	case ECDSAP256:
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	return nil, fmt.Errorf("pkitest: unknown key type %d", t)
}

// NewCA makes a self-signed root CA.
func NewCA(o Options) (*Cert, error) {
	if o.Subject.CommonName == "" {
		o.Subject.CommonName = "Test Root CA"
	}
	return newCA(o, nil)
}

// newCA makes a CA certificate signed by parent, or self-signed when parent is nil.
func newCA(o Options, parent *Cert) (*Cert, error) {
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
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	if parent == nil {
		return sign(tmpl, tmpl, key, key)
	}
	return sign(tmpl, parent.Cert, key, parent.Key)
}

// MustCA is NewCA that panics on error, for tests and examples.
func MustCA(o Options) *Cert { return must(NewCA(o)) }

// Issue makes a leaf certificate signed by ca, usable for client and server authentication
// unless o.Usage narrows it.
func (ca *Cert) Issue(o Options) (*Cert, error) {
	o.defaults()
	var usage []x509.ExtKeyUsage
	switch o.Usage {
	case ClientAndServer:
		usage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth}
	case ClientOnly:
		usage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	case ServerOnly:
		usage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	default:
		return nil, fmt.Errorf("pkitest: unknown usage %d", o.Usage)
	}
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
		ExtKeyUsage:  usage,
		DNSNames:     o.DNSNames,
		IPAddresses:  o.IPAddresses,
	}
	return sign(tmpl, ca.Cert, key, ca.Key)
}

// MustIssue is Issue that panics on error.
func (ca *Cert) MustIssue(o Options) *Cert { return must(ca.Issue(o)) }

// IssueCA makes an intermediate CA signed by ca.
func (ca *Cert) IssueCA(o Options) (*Cert, error) { return newCA(o, ca) }

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
	// PKCS8 is an unencrypted "PRIVATE KEY" block.
	PKCS8 KeyFormat = 0
	// PKCS1 is an "RSA PRIVATE KEY" block (RSA keys only).
	PKCS1 KeyFormat = 1
	// SEC1 is an "EC PRIVATE KEY" block (EC keys only).
	SEC1 KeyFormat = 2
	// EncryptedPKCS8 is an "ENCRYPTED PRIVATE KEY" block (PBES2, PBKDF2-SHA256,
	// AES-256-CBC), the form openssl pkcs8 -topk8 makes.
	EncryptedPKCS8 KeyFormat = 3
	// LegacyEncrypted is a PKCS#1 or SEC1 block with Proc-Type and DEK-Info headers (3DES),
	// the form openssl rsa -des3 makes.
	LegacyEncrypted KeyFormat = 4
)

// String returns the name of the format, for example "EncryptedPKCS8".
func (f KeyFormat) String() string {
	switch f {
	case PKCS8:
		return "PKCS8"
	case PKCS1:
		return "PKCS1"
	case SEC1:
		return "SEC1"
	case EncryptedPKCS8:
		return "EncryptedPKCS8"
	case LegacyEncrypted:
		return "LegacyEncrypted"
	}
	return fmt.Sprintf("KeyFormat(%d)", int(f))
}

// KeyPEM encodes the certificate's private key in format f, encrypted with password for the
// encrypted formats (ignored for the others). PKCS1 needs an RSA key and SEC1 an ECDSA key.
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
			return nil, fmt.Errorf("pkitest: key %T has no %v encoding", c.Key, f)
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
	return nil, fmt.Errorf("pkitest: unknown key format %d", f)
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
	return nil, fmt.Errorf("pkitest: no traditional encoding for %T", key)
}

// TLSCertificate returns c with its key as a tls.Certificate for a test server or client,
// followed by the given intermediate CAs.
func (c *Cert) TLSCertificate(intermediates ...*Cert) tls.Certificate {
	chain := [][]byte{c.Cert.Raw}
	for _, i := range intermediates {
		chain = append(chain, i.Cert.Raw)
	}
	return tls.Certificate{Certificate: chain, PrivateKey: c.Key, Leaf: c.Cert}
}

// Pool returns a certificate pool holding the given certificates, for a tls.Config's RootCAs
// or ClientCAs.
func Pool(certs ...*Cert) *x509.CertPool {
	p := x509.NewCertPool()
	for _, c := range certs {
		p.AddCert(c.Cert)
	}
	return p
}
