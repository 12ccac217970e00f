package certparse_test

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"unicode"
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
		// Only white space before the first block (defect 11.13).
		if !bytes.HasPrefix(bytes.TrimLeft(blob, " \t\r\n"), []byte("-----BEGIN ")) {
			t.Fatalf("PrivateKey accepted a blob with text before its PEM block: %q", blob)
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
		// One block, only white space around it (defect 11.13).
		if trimmed := bytes.Trim(blob, " \t\r\n"); !bytes.HasPrefix(trimmed, []byte("-----BEGIN CERTIFICATE-----")) ||
			bytes.Count(trimmed, []byte("-----BEGIN")) != 1 || !bytes.HasSuffix(trimmed, []byte("-----END CERTIFICATE-----")) {
			t.Fatalf("Certificate accepted %q", blob)
		}
	})
}

// refAtoms renders a value by the rules of OneLine, written independently: rune by rune,
// as a list of atoms (the units the cut may not split).
func refAtoms(v string) []string {
	var atoms []string
	for len(v) > 0 {
		r, size := utf8.DecodeRuneInString(v)
		unit := v[:size]
		v = v[size:]
		switch {
		case r == utf8.RuneError && size == 1, unicode.IsControl(r), strings.ContainsRune(`/=\`, r):
			esc := ""
			for _, b := range []byte(unit) {
				esc += fmt.Sprintf(`\x%02X`, b)
			}
			atoms = append(atoms, esc)
		default:
			atoms = append(atoms, unit)
		}
	}
	return atoms
}

// FuzzOneLine compares OneLine with refAtoms and checks what a caller relies on: at most
// MaxNameLength bytes, valid UTF-8, no control characters, the longest whole-atom prefix.
func FuzzOneLine(f *testing.F) {
	f.Add("Name", "Example")
	f.Add(strings.Repeat("é", 200), "x")
	f.Add("\xff"+strings.Repeat("a", 300), "")
	f.Add("a/b=c\\d\x00\n\u0085\x7f", "日本")
	f.Fuzz(func(t *testing.T, cn, o string) {
		n := pkix.Name{Names: []pkix.AttributeTypeAndValue{
			{Type: asn1.ObjectIdentifier{2, 5, 4, 10}, Value: o},
			{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: cn},
		}}
		var atoms []string
		for _, c := range "/O=" {
			atoms = append(atoms, string(c))
		}
		atoms = append(atoms, refAtoms(o)...)
		for _, c := range "/CN=" {
			atoms = append(atoms, string(c))
		}
		atoms = append(atoms, refAtoms(cn)...)
		want := ""
		for _, a := range atoms {
			if len(want)+len(a) > certparse.MaxNameLength {
				break
			}
			want += a
		}
		got := certparse.OneLine(n)
		if got != want {
			t.Fatalf("OneLine = %q, want %q", got, want)
		}
		if len(got) > certparse.MaxNameLength || !utf8.ValidString(got) {
			t.Fatalf("OneLine = %q: %d bytes, valid UTF-8 %v", got, len(got), utf8.ValidString(got))
		}
		for _, r := range got {
			if unicode.IsControl(r) {
				t.Fatalf("OneLine = %q holds control character %U", got, r)
			}
		}
	})
}
