package rotation

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/certstore"
)

// certDesc is what the certificate store tells about a certificate, read from its PEM form:
// the attribute values of its subject and issuer, in order, and its validity. Two
// certificates with the same description are taken to be the same certificate. The store
// gives out no certificate bytes, so this is the finest comparison its API allows; a
// renewed certificate differs at least in its validity.
//
// It is read with encoding/asn1 rather than crypto/x509, so that a device build of this
// package does not link X.509 parsing (which alone is larger than a device's flash budget).
type certDesc struct {
	subject, issuer []string
	notBefore       time.Time
	notAfter        time.Time
}

// tbsCertificate is the part of an X.509 certificate that describe reads.
type tbsCertificate struct {
	Raw                asn1.RawContent
	Version            int `asn1:"optional,explicit,default:0,tag:0"`
	SerialNumber       asn1.RawValue
	SignatureAlgorithm asn1.RawValue
	Issuer             asn1.RawValue
	Validity           struct{ NotBefore, NotAfter time.Time }
	Subject            asn1.RawValue
	PublicKey          asn1.RawValue
	IssuerUniqueID     asn1.BitString  `asn1:"optional,tag:1"`
	SubjectUniqueID    asn1.BitString  `asn1:"optional,tag:2"`
	Extensions         []asn1.RawValue `asn1:"omitempty,optional,explicit,tag:3"`
}

type certificate struct {
	TBS                tbsCertificate
	SignatureAlgorithm asn1.RawValue
	Signature          asn1.BitString
}

// errNotCertificate is the EINVAL of a blob that is not one PEM certificate.
var errNotCertificate = errors.Join(errors.New("not one PEM CERTIFICATE block"), syscall.EINVAL)

// describe reads the description of the one PEM certificate in blob.
func describe(blob []byte) (certDesc, error) {
	block, rest := pem.Decode(blob)
	if block == nil || block.Type != "CERTIFICATE" || len(bytes.TrimSpace(rest)) != 0 {
		return certDesc{}, errNotCertificate
	}
	var c certificate
	if rest, err := asn1.Unmarshal(block.Bytes, &c); err != nil || len(rest) != 0 {
		return certDesc{}, fmt.Errorf("the certificate does not parse: %w", errors.Join(err, syscall.EINVAL))
	}
	d := certDesc{notBefore: c.TBS.Validity.NotBefore.UTC(), notAfter: c.TBS.Validity.NotAfter.UTC()}
	var err error
	if d.subject, err = values(c.TBS.Subject.FullBytes); err != nil {
		return certDesc{}, err
	}
	if d.issuer, err = values(c.TBS.Issuer.FullBytes); err != nil {
		return certDesc{}, err
	}
	return d, nil
}

// values returns the attribute values of a DER distinguished name, in order.
func values(der []byte) ([]string, error) {
	var seq pkix.RDNSequence
	if rest, err := asn1.Unmarshal(der, &seq); err != nil || len(rest) != 0 {
		return nil, fmt.Errorf("a name in the certificate does not parse: %w", errors.Join(err, syscall.EINVAL))
	}
	var out []string
	for _, rdn := range seq {
		for _, atv := range rdn {
			if s, ok := atv.Value.(string); ok {
				out = append(out, s)
			} else {
				out = append(out, fmt.Sprint(atv.Value))
			}
		}
	}
	return out, nil
}

// lineValues returns the attribute values of a name in the store's one-line form
// ("/C=US/CN=x"), with each \xHH escape replaced by its byte, and whether the name may have
// been cut at the store's length limit.
func lineValues(line string, limit int) (vals []string, cut bool) {
	for _, part := range strings.Split(line, "/")[1:] {
		_, v, _ := strings.Cut(part, "=")
		vals = append(vals, unescape(v))
	}
	// An escape is 4 bytes: a name within 4 bytes of the limit may have lost its end.
	return vals, len(line) > limit-4
}

func unescape(v string) string {
	if !strings.Contains(v, `\x`) {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+3 < len(v) && v[i+1] == 'x' {
			if n, err := strconv.ParseUint(v[i+2:i+4], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

// sameValues reports whether the values of a one-line name match want. A name that may
// have been cut matches when it is a prefix of want.
func sameValues(line string, limit int, want []string) bool {
	got, cut := lineValues(line, limit)
	if !cut {
		if len(got) != len(want) {
			return false
		}
		for i := range got {
			if got[i] != want[i] {
				return false
			}
		}
		return true
	}
	if len(got) == 0 || len(got) > len(want) {
		return false
	}
	for i := 0; i < len(got)-1; i++ {
		if got[i] != want[i] {
			return false
		}
	}
	return strings.HasPrefix(want[len(got)-1], got[len(got)-1])
}

// matches reports whether the stored certificate c is the certificate d describes.
func (d certDesc) matches(c certstore.Certificate) bool {
	return c.NotBefore.Equal(d.notBefore) && c.NotAfter.Equal(d.notAfter) &&
		sameValues(c.Subject, certstore.SubjectNameMaxLength, d.subject) &&
		sameValues(c.Issuer, certstore.IssuerNameMaxLength, d.issuer)
}
