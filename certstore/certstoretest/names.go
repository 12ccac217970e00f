package certstoretest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/certstore"
)

// An attribute of a hand-made name: its type, the ASN.1 string type of its value, the bytes.
type attr struct {
	oid   asn1.ObjectIdentifier
	tag   int
	value string
}

var (
	oidCN = asn1.ObjectIdentifier{2, 5, 4, 3}
	oidO  = asn1.ObjectIdentifier{2, 5, 4, 10}
	oidC  = asn1.ObjectIdentifier{2, 5, 4, 6}
)

func utf8String(oid asn1.ObjectIdentifier, v string) attr { return attr{oid, asn1.TagUTF8String, v} }

type rawATV struct {
	Type  asn1.ObjectIdentifier
	Value asn1.RawValue
}

// atvSET is encoded as a SET OF (encoding/asn1 reads the type name's suffix).
type atvSET []rawATV

var nameKey = sync.OnceValue(func() *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic("certstoretest: " + err.Error())
	}
	return k
})

// rawNameCert returns a self-signed CA certificate whose subject (and so issuer) is exactly
// the given attributes, one per RDN, with the string types given: crypto/x509 would choose
// PrintableString or UTF8String itself.
func rawNameCert(t *testing.T, attrs ...attr) []byte {
	t.Helper()
	var rdns []atvSET
	for _, a := range attrs {
		rdns = append(rdns, atvSET{{a.oid, asn1.RawValue{Tag: a.tag, Bytes: []byte(a.value)}}})
	}
	raw, err := asn1.Marshal(rdns)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), RawSubject: raw, NotBefore: notBefore, NotAfter: notAfter,
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	key := nameKey()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// testNameRendering installs certificates whose subjects hold what a C string cannot carry
// (NUL), what breaks a line or a terminal (newline, other control characters), the one-line
// separators ('/', '=') and the escape character, and non-ASCII text, and checks the exact
// strings every backend returns. The rendering (certstore's package documentation): control
// characters, '/', '=', '\' and bytes that are not UTF-8 are written \xHH byte by byte; the
// rest as UTF-8; the whole cut to 300 bytes between escapes and characters.
func testNameRendering(t *testing.T, s *certstore.Store, f *fixtures) {
	pad := strings.Repeat("a", 292) // "/CN=" + pad is 296 bytes
	tests := []struct {
		name  string
		attrs []attr
		want  string
	}{
		{"NUL", []attr{utf8String(oidCN, "Nul\x00Byte")}, `/CN=Nul\x00Byte`},
		{"newline", []attr{utf8String(oidCN, "line 1\nline 2\r\n")}, `/CN=line 1\x0Aline 2\x0D\x0A`},
		{"separators", []attr{utf8String(oidO, `A/B=C\D`), utf8String(oidCN, "x")}, `/O=A\x2FB\x3DC\x5CD/CN=x`},
		{"escape-like text", []attr{utf8String(oidCN, `\x00`)}, `/CN=\x5Cx00`},
		{"non-ASCII", []attr{utf8String(oidCN, "Zoë 日本 😀")}, "/CN=Zoë 日本 😀"},
		{"DEL and C1", []attr{utf8String(oidCN, "del\x7f nel\u0085 nbsp\u00a0")}, `/CN=del\x7F nel\xC2\x85 nbsp` + "\u00a0"},
		{"printable and tab", []attr{{oidC, asn1.TagPrintableString, "US"}, utf8String(oidCN, "a\tb")}, `/C=US/CN=a\x09b`},
		{"unknown type", []attr{utf8String(asn1.ObjectIdentifier{1, 2, 3, 4}, "v=1")}, `/1.2.3.4=v\x3D1`},
		{"BMPString", []attr{{oidCN, asn1.TagBMPString, "\x00A\x00b\x00/\x00\xe9"}}, `/CN=Ab\x2F` + "é"},
		{"cut after an escape", []attr{utf8String(oidCN, pad+"\n"+"b")}, "/CN=" + pad + `\x0A`},
		{"cut before an escape", []attr{utf8String(oidCN, pad+"a\n"+"b")}, "/CN=" + pad + "a"},
		{"cut before a character", []attr{utf8String(oidCN, pad+"aaa😀")}, "/CN=" + pad + "aaa"},
	}
	for i, tt := range tests {
		id := fmt.Sprintf("name%d", i)
		if err := s.InstallRootCACertificate(id, rawNameCert(t, tt.attrs...)); err != nil {
			t.Errorf("%s: InstallRootCACertificate: %v", tt.name, err)
			continue
		}
		for _, get := range []struct {
			what string
			fn   func(string) (string, error)
		}{{"GetCertificateSubjectName", s.GetCertificateSubjectName}, {"GetCertificateIssuerName", s.GetCertificateIssuerName}} {
			if got, err := get.fn(id); err != nil || got != tt.want {
				t.Errorf("%s: %s = %q, %v; want %q", tt.name, get.what, got, err, tt.want)
			}
		}
		must(t, "DeleteCertificate", s.DeleteCertificate(id))
	}

	// T61String is read as Latin-1 by current crypto/x509 (and the C double); older Go
	// releases kept its bytes. Checked only where crypto/x509 does the former.
	t61 := rawNameCert(t, attr{oidCN, asn1.TagT61String, "caf\xe9 \x85"})
	if block, _ := pem.Decode(t61); block != nil {
		if c, err := x509.ParseCertificate(block.Bytes); err == nil && c.Subject.CommonName == "café \u0085" {
			must(t, "InstallRootCACertificate(T61String)", s.InstallRootCACertificate("t61", t61))
			if got, err := s.GetCertificateSubjectName("t61"); err != nil || got != `/CN=café \xC2\x85` {
				t.Errorf("T61String: GetCertificateSubjectName = %q, %v; want %q", got, err, `/CN=café \xC2\x85`)
			}
			must(t, "DeleteCertificate", s.DeleteCertificate("t61"))
		}
	}

	// Values crypto/x509 refuses make the certificate invalid on every backend.
	for _, tt := range []struct {
		name string
		a    attr
	}{
		{"UTF8String holding invalid UTF-8", attr{oidCN, asn1.TagUTF8String, "bad\xff"}},
		{"PrintableString holding '@'", attr{oidCN, asn1.TagPrintableString, "a@b"}},
		{"IA5String holding a non-ASCII byte", attr{oidCN, asn1.TagIA5String, "caf\xe9"}},
		{"BMPString of odd length", attr{oidCN, asn1.TagBMPString, "\x00A\x00"}},
		{"value of a non-string type", attr{oidCN, asn1.TagOctetString, "x"}},
	} {
		wantErrno(t, "InstallRootCACertificate("+tt.name+")", s.InstallRootCACertificate("bad", rawNameCert(t, tt.a)), syscall.EINVAL)
	}
}
