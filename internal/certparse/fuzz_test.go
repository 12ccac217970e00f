package certparse_test

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"

	"github.com/azsphere-go/applibs/internal/certparse"
)

// FuzzPrivateKey feeds arbitrary blobs and passwords to the key parser, which sees untrusted
// input on every install: no panic, no hang, and every failure is EINVAL.
func FuzzPrivateKey(f *testing.F) {
	for _, name := range []string{"ec_params_key.pem", "ec_legacy_aes128.pem", "ec_pkcs8_des3.pem", "ec_pkcs8_scrypt.pem", "rsa_pkcs8_aes256.pem"} {
		b, err := readTestdata(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, []byte("secret"))
		f.Add(b, []byte(nil))
	}
	f.Fuzz(func(t *testing.T, blob, password []byte) {
		key, err := certparse.PrivateKey(blob, password)
		if err != nil {
			if !errors.Is(err, syscall.EINVAL) {
				t.Fatalf("PrivateKey: %v, want EINVAL", err)
			}
			return
		}
		if key == nil || key.Public() == nil {
			t.Fatal("PrivateKey returned no key and no error")
		}
	})
}

// FuzzCertificate: no panic, and every failure is EINVAL.
func FuzzCertificate(f *testing.F) {
	for _, name := range []string{"ec_cert.pem", "rsa_cert.pem"} {
		b, err := readTestdata(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"))
	f.Fuzz(func(t *testing.T, blob []byte) {
		cert, err := certparse.Certificate(blob)
		if err != nil {
			if !errors.Is(err, syscall.EINVAL) {
				t.Fatalf("Certificate: %v, want EINVAL", err)
			}
			return
		}
		if s := certparse.OneLine(cert.Subject); len(s) > certparse.MaxNameLength {
			t.Fatalf("OneLine(subject) is %d bytes", len(s))
		}
	})
}

// FuzzOneLine checks the truncation rule: at most MaxNameLength bytes, a prefix of the full
// form, no rune of valid UTF-8 split, and no more cut than one rune needs.
func FuzzOneLine(f *testing.F) {
	f.Add("Name", "Example")
	f.Add(strings.Repeat("é", 200), "x")
	f.Add("\xff"+strings.Repeat("a", 300), "")
	f.Fuzz(func(t *testing.T, cn, o string) {
		n := pkix.Name{Names: []pkix.AttributeTypeAndValue{
			{Type: asn1.ObjectIdentifier{2, 5, 4, 10}, Value: o},
			{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: cn},
		}}
		full := "/O=" + o + "/CN=" + cn
		got := certparse.OneLine(n)
		if !strings.HasPrefix(full, got) {
			t.Fatalf("OneLine = %q, not a prefix of %q", got, full)
		}
		if len(full) <= certparse.MaxNameLength {
			if got != full {
				t.Fatalf("OneLine = %q, want %q", got, full)
			}
			return
		}
		if len(got) > certparse.MaxNameLength || len(got) < certparse.MaxNameLength-(utf8.UTFMax-1) {
			t.Fatalf("OneLine cut %d bytes to %d", len(full), len(got))
		}
		if utf8.ValidString(full) && !utf8.ValidString(got) {
			t.Fatalf("OneLine split a rune: %q", got[len(got)-3:])
		}
	})
}
