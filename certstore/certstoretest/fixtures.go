package certstoretest

import (
	"crypto/x509/pkix"
	"sync"
	"time"

	"github.com/azsphere-go/applibs/pkitest"
)

// KeyPassword is the password of every encrypted private key the suite installs. A backend
// whose test double cannot decrypt keys may compare passwords with it instead.
const KeyPassword = "correct horse battery staple"

var password = []byte(KeyPassword)

// fixtures are the certificates and keys the suite installs. Generating an RSA key takes a
// while under the race detector, so they are made once per test binary.
type fixtures struct {
	ca, ca2 *pkitest.Cert // root CAs
	ec, rsa *pkitest.Cert // client certificates issued by ca
	other   *pkitest.Cert // a client certificate whose key does not match ec's

	// keys of ec and rsa in every format, keyed by a name for subtests
	keys []keyCase
}

type keyCase struct {
	name     string
	cert     *pkitest.Cert
	key      []byte
	password []byte // nil for an unencrypted key
}

// The validity of every fixture, to the second, so that tests can compare exactly.
var (
	notBefore = time.Date(2025, time.March, 4, 5, 6, 7, 0, time.UTC)
	notAfter  = time.Date(2035, time.October, 11, 12, 13, 14, 0, time.UTC)
)

const (
	caSubject  = "/C=US/O=Example/CN=Example Root CA"
	ca2Subject = "/C=US/O=Example/CN=Example Root CA 2"
	ecSubject  = "/C=US/O=Example/CN=Device 1"
	rsaSubject = "/C=US/O=Example/OU=Fleet/CN=Device 2"
)

var (
	fixOnce sync.Once
	fix     *fixtures
)

func load() *fixtures {
	fixOnce.Do(func() {
		name := func(cn string, ou ...string) pkix.Name {
			return pkix.Name{Country: []string{"US"}, Organization: []string{"Example"}, OrganizationalUnit: ou, CommonName: cn}
		}
		opts := func(n pkix.Name, k pkitest.KeyType) pkitest.Options {
			return pkitest.Options{Subject: n, NotBefore: notBefore, NotAfter: notAfter, KeyType: k}
		}
		f := &fixtures{}
		f.ca = pkitest.MustCA(opts(name("Example Root CA"), pkitest.ECDSAP256))
		f.ca2 = pkitest.MustCA(opts(name("Example Root CA 2"), pkitest.ECDSAP256))
		f.ec = f.ca.MustIssue(opts(name("Device 1"), pkitest.ECDSAP256))
		f.rsa = f.ca.MustIssue(opts(name("Device 2", "Fleet"), pkitest.RSA2048))
		f.other = f.ca.MustIssue(opts(name("Device 3"), pkitest.ECDSAP256))
		f.keys = []keyCase{
			{"EC/SEC1", f.ec, f.ec.MustKeyPEM(pkitest.SEC1, nil), nil},
			{"EC/PKCS8", f.ec, f.ec.MustKeyPEM(pkitest.PKCS8, nil), nil},
			{"EC/EncryptedPKCS8", f.ec, f.ec.MustKeyPEM(pkitest.EncryptedPKCS8, password), password},
			{"EC/LegacyEncrypted", f.ec, f.ec.MustKeyPEM(pkitest.LegacyEncrypted, password), password},
			{"RSA/PKCS1", f.rsa, f.rsa.MustKeyPEM(pkitest.PKCS1, nil), nil},
			{"RSA/PKCS8", f.rsa, f.rsa.MustKeyPEM(pkitest.PKCS8, nil), nil},
			{"RSA/EncryptedPKCS8", f.rsa, f.rsa.MustKeyPEM(pkitest.EncryptedPKCS8, password), password},
			{"RSA/LegacyEncrypted", f.rsa, f.rsa.MustKeyPEM(pkitest.LegacyEncrypted, password), password},
		}
		fix = f
	})
	return fix
}

func (f *fixtures) key(name string) keyCase {
	for _, k := range f.keys {
		if k.name == name {
			return k
		}
	}
	panic("certstoretest: no key " + name)
}
