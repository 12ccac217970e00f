// Package certparse makes the content checks that the device's OS makes when a certificate
// is installed: exactly one PEM CERTIFICATE block that parses as X.509, a private key in one
// of the formats the device accepts, the password rules, and the match between key and
// certificate. It also renders names in the one-line form the device's TLS library prints.
//
// It is shared by the backends that run off the device (the simulator, the file store); a
// device build never links it.
package certparse

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/youmark/pkcs8"
)

// Problem is a content error: the blob is not what the device accepts. Its Errno is what the
// device sets (EINVAL for every content problem).
type Problem struct {
	Errno  syscall.Errno
	Reason string
	Err    error
}

func (p *Problem) Error() string {
	if p.Err != nil {
		return p.Reason + ": " + p.Err.Error()
	}
	return p.Reason
}

// Unwrap returns the errno and the cause.
func (p *Problem) Unwrap() []error {
	if p.Err != nil {
		return []error{p.Errno, p.Err}
	}
	return []error{p.Errno}
}

func invalid(err error, format string, args ...any) *Problem {
	return &Problem{Errno: syscall.EINVAL, Reason: fmt.Sprintf(format, args...), Err: err}
}

// Certificate parses a certificate blob: exactly one PEM block of type CERTIFICATE, with
// nothing but white space around it, whose contents parse as an X.509 certificate.
func Certificate(blob []byte) (*x509.Certificate, error) {
	block, rest := pem.Decode(blob)
	if block == nil {
		return nil, invalid(nil, "certificate is not PEM: no -----BEGIN CERTIFICATE----- block")
	}
	if block.Type != "CERTIFICATE" {
		return nil, invalid(nil, "certificate blob holds a %q PEM block; want CERTIFICATE", block.Type)
	}
	if i := bytes.Index(blob, []byte("-----BEGIN")); len(bytes.TrimSpace(blob[:i])) != 0 {
		return nil, invalid(nil, "certificate blob has text before the PEM block")
	}
	if len(bytes.TrimSpace(rest)) != 0 {
		return nil, invalid(nil, "certificate blob holds more than one PEM block; install one certificate per identifier")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, invalid(err, "certificate does not parse as X.509")
	}
	return cert, nil
}

// PrivateKey parses a private-key blob and decrypts it with password (nil or empty for an
// unencrypted key). Accepted: PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY", PKCS#8
// "PRIVATE KEY", encrypted PKCS#8 "ENCRYPTED PRIVATE KEY", and legacy encrypted PEM (a
// Proc-Type 4,ENCRYPTED header with DEK-Info) of the first two. An "EC PARAMETERS" block
// before the key is skipped. A password for an unencrypted key, a missing password for an
// encrypted one, and a wrong password are each EINVAL. The caller keeps ownership of password;
// this function does not retain it.
func PrivateKey(blob, password []byte) (crypto.Signer, error) {
	var block *pem.Block
	rest := blob
	for {
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, invalid(nil, "private key is not PEM: no -----BEGIN ... PRIVATE KEY----- block")
		}
		if block.Type != "EC PARAMETERS" {
			break
		}
	}
	if len(bytes.TrimSpace(rest)) != 0 {
		return nil, invalid(nil, "private key blob holds more than one PEM block")
	}
	legacy := block.Headers["Proc-Type"] == "4,ENCRYPTED"
	encrypted := legacy || block.Type == "ENCRYPTED PRIVATE KEY"
	if !encrypted && len(password) > 0 {
		return nil, invalid(nil, "a password was given but the private key is not encrypted")
	}
	if encrypted && len(password) == 0 {
		return nil, invalid(nil, "the private key is encrypted; a password is required")
	}
	der := block.Bytes
	if legacy {
		if _, ok := block.Headers["DEK-Info"]; !ok {
			return nil, invalid(nil, "encrypted PEM key has no DEK-Info header")
		}
		var err error
		//lint:ignore SA1019 legacy encrypted PEM is a format the device accepts; it is decrypted, never produced.
		der, err = x509.DecryptPEMBlock(block, password) //nolint:staticcheck
		if err != nil {
			return nil, invalid(err, "cannot decrypt the private key (wrong password?)")
		}
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(der)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(der)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(der)
	case "ENCRYPTED PRIVATE KEY":
		key, err = pkcs8.ParsePKCS8PrivateKey(der, password)
		if err != nil {
			return nil, invalid(err, "cannot decrypt the PKCS#8 private key (wrong password?)")
		}
	default:
		return nil, invalid(nil, "private key blob holds a %q PEM block; want RSA PRIVATE KEY, EC PRIVATE KEY, PRIVATE KEY or ENCRYPTED PRIVATE KEY", block.Type)
	}
	if err != nil {
		if legacy {
			return nil, invalid(err, "cannot decrypt the private key (wrong password?)")
		}
		return nil, invalid(err, "private key does not parse as %s", block.Type)
	}
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return k, nil
	case *ecdsa.PrivateKey:
		return k, nil
	case ed25519.PrivateKey:
		return k, nil
	}
	return nil, invalid(nil, "private key of type %T is not supported", key)
}

// ClientCertificate checks a client certificate and its key as the device does: the
// certificate parses, the key parses and decrypts, and the key belongs to the certificate.
func ClientCertificate(certBlob, keyBlob, password []byte) (*x509.Certificate, crypto.Signer, error) {
	cert, err := Certificate(certBlob)
	if err != nil {
		return nil, nil, err
	}
	key, err := PrivateKey(keyBlob, password)
	if err != nil {
		return nil, nil, err
	}
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(cert.PublicKey) {
		return nil, nil, invalid(nil, "the private key does not match the certificate's public key")
	}
	return cert, key, nil
}

// MaxNameLength is the longest name the device returns (CERTSTORE_SUBJECTNAME_MAX_LENGTH).
const MaxNameLength = 300

// OneLine renders a distinguished name in the one-line form the device's TLS library prints:
// "/C=US/O=Contoso/CN=Device 1", attributes in the order the certificate holds them, short
// names for the common attribute types and dotted OIDs for the rest. The result is cut to
// MaxNameLength bytes at a character boundary.
func OneLine(name pkix.Name) string {
	var b strings.Builder
	for _, atv := range name.Names {
		b.WriteByte('/')
		b.WriteString(attrName(atv.Type))
		b.WriteByte('=')
		fmt.Fprint(&b, atv.Value)
	}
	s := b.String()
	if len(s) > MaxNameLength {
		s = s[:MaxNameLength]
		for len(s) > 0 && !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}

var shortNames = map[string]string{
	"2.5.4.3":                    "CN",
	"2.5.4.4":                    "SN",
	"2.5.4.5":                    "serialNumber",
	"2.5.4.6":                    "C",
	"2.5.4.7":                    "L",
	"2.5.4.8":                    "ST",
	"2.5.4.9":                    "street",
	"2.5.4.10":                   "O",
	"2.5.4.11":                   "OU",
	"2.5.4.12":                   "title",
	"2.5.4.17":                   "postalCode",
	"2.5.4.42":                   "GN",
	"2.5.4.46":                   "dnQualifier",
	"1.2.840.113549.1.9.1":       "emailAddress",
	"0.9.2342.19200300.100.1.1":  "UID",
	"0.9.2342.19200300.100.1.25": "DC",
}

func attrName(oid asn1.ObjectIdentifier) string {
	s := oid.String()
	if n, ok := shortNames[s]; ok {
		return n
	}
	return s
}

// Errno returns the errno carried by err, or 0.
func Errno(err error) syscall.Errno {
	var e syscall.Errno
	if errors.As(err, &e) {
		return e
	}
	return 0
}
