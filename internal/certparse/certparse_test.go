package certparse_test

import (
	"bytes"
	"crypto"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"unicode/utf8"

	"github.com/azsphere-go/applibs/internal/certparse"
	"github.com/azsphere-go/applibs/pkitest"
)

var (
	pkiOnce sync.Once
	ecCA    *pkitest.Cert
	ecLeaf  *pkitest.Cert
	rsaLeaf *pkitest.Cert
)

func pki(t *testing.T) {
	t.Helper()
	pkiOnce.Do(func() {
		ecCA = pkitest.MustCA(pkitest.Options{})
		ecLeaf = ecCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "ec"}})
		rsaLeaf = ecCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "rsa"}, KeyType: pkitest.RSA2048})
	})
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := readTestdata(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readTestdata(name string) ([]byte, error) { return os.ReadFile(filepath.Join("testdata", name)) }

func wantEINVAL(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, syscall.EINVAL) {
		t.Errorf("%s: error %v, want EINVAL", what, err)
	}
	if certparse.Errno(err) != syscall.EINVAL && err != nil {
		t.Errorf("%s: Errno(%v) = %v, want EINVAL", what, err, certparse.Errno(err))
	}
}

type keyFile struct {
	name      string
	cert, key []byte
	password  []byte
}

func keyFiles(t *testing.T) []keyFile {
	pki(t)
	pw := []byte("secret")
	ecCert, rsaCert := readFile(t, "ec_cert.pem"), readFile(t, "rsa_cert.pem")
	return []keyFile{
		{"testpki EC PKCS#8", ecLeaf.CertPEM, ecLeaf.MustKeyPEM(pkitest.PKCS8, nil), nil},
		{"testpki EC SEC1", ecLeaf.CertPEM, ecLeaf.MustKeyPEM(pkitest.SEC1, nil), nil},
		{"testpki EC encrypted PKCS#8", ecLeaf.CertPEM, ecLeaf.MustKeyPEM(pkitest.EncryptedPKCS8, pw), pw},
		{"testpki EC legacy 3DES", ecLeaf.CertPEM, ecLeaf.MustKeyPEM(pkitest.LegacyEncrypted, pw), pw},
		{"testpki RSA PKCS#1", rsaLeaf.CertPEM, rsaLeaf.MustKeyPEM(pkitest.PKCS1, nil), nil},
		{"testpki RSA PKCS#8", rsaLeaf.CertPEM, rsaLeaf.MustKeyPEM(pkitest.PKCS8, nil), nil},
		{"testpki RSA encrypted PKCS#8", rsaLeaf.CertPEM, rsaLeaf.MustKeyPEM(pkitest.EncryptedPKCS8, pw), pw},
		{"testpki RSA legacy 3DES", rsaLeaf.CertPEM, rsaLeaf.MustKeyPEM(pkitest.LegacyEncrypted, pw), pw},
		{"openssl EC PARAMETERS + SEC1", ecCert, readFile(t, "ec_params_key.pem"), nil},
		{"openssl EC legacy AES-128", ecCert, readFile(t, "ec_legacy_aes128.pem"), pw},
		{"openssl EC PKCS#8 3DES", ecCert, readFile(t, "ec_pkcs8_des3.pem"), pw},
		{"openssl EC PKCS#8 scrypt", ecCert, readFile(t, "ec_pkcs8_scrypt.pem"), pw},
		{"openssl RSA PKCS#1", rsaCert, readFile(t, "rsa_pkcs1.pem"), nil},
		{"openssl RSA legacy AES-256", rsaCert, readFile(t, "rsa_legacy_aes256.pem"), pw},
		{"openssl RSA PKCS#8 AES-256", rsaCert, readFile(t, "rsa_pkcs8_aes256.pem"), pw},
	}
}

func TestClientCertificateFormats(t *testing.T) {
	for _, k := range keyFiles(t) {
		t.Run(k.name, func(t *testing.T) {
			cert, key, err := certparse.ClientCertificate(k.cert, k.key, k.password)
			if err != nil {
				t.Fatalf("ClientCertificate: %v", err)
			}
			if !key.Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(cert.PublicKey) {
				t.Error("the key returned does not belong to the certificate")
			}
			if k.password == nil {
				wantEINVAL(t, "password for an unencrypted key", second(certparse.PrivateKey(k.key, []byte("secret"))))
				if _, err := certparse.PrivateKey(k.key, []byte{}); err != nil {
					t.Errorf("empty password for an unencrypted key: %v", err)
				}
				return
			}
			wantEINVAL(t, "wrong password", second(certparse.PrivateKey(k.key, []byte("wrong"))))
			wantEINVAL(t, "nil password", second(certparse.PrivateKey(k.key, nil)))
			wantEINVAL(t, "empty password", second(certparse.PrivateKey(k.key, []byte{})))
		})
	}
}

func second[T any](_ T, err error) error { return err }

func TestWrongPasswordNeverSucceeds(t *testing.T) {
	// Legacy PEM decryption detects a wrong password only by its padding, which a wrong key
	// passes about once in 256 tries; the parse that follows must still fail.
	pki(t)
	key := ecLeaf.MustKeyPEM(pkitest.LegacyEncrypted, []byte("secret"))
	for i := 0; i < 600; i++ {
		pw := []byte(strings.Repeat("x", i%7+1) + string(rune('a'+i%26)) + strings.Repeat("y", i/26))
		if _, err := certparse.PrivateKey(key, pw); err == nil {
			t.Fatalf("password %q decrypted a key encrypted with %q", pw, "secret")
		} else {
			wantEINVAL(t, "wrong password", err)
		}
	}
}

func TestKeyMismatch(t *testing.T) {
	pki(t)
	_, _, err := certparse.ClientCertificate(ecLeaf.CertPEM, rsaLeaf.MustKeyPEM(pkitest.PKCS8, nil), nil)
	wantEINVAL(t, "RSA key for an EC certificate", err)
	_, _, err = certparse.ClientCertificate(ecCA.CertPEM, ecLeaf.MustKeyPEM(pkitest.SEC1, nil), nil)
	wantEINVAL(t, "another EC key", err)
	if err != nil && !strings.Contains(err.Error(), "does not match") {
		t.Errorf("mismatch error %q does not say so", err)
	}
}

func TestCertificate(t *testing.T) {
	pki(t)
	c := ecCA.CertPEM
	if _, err := certparse.Certificate(c); err != nil {
		t.Fatalf("Certificate: %v", err)
	}
	ok := map[string][]byte{
		"white space around": append(append([]byte(" \n\n"), c...), "\r\n\n"...),
		"CRLF line ends":     bytes.ReplaceAll(c, []byte("\n"), []byte("\r\n")),
		"no final newline":   bytes.TrimRight(c, "\n"),
	}
	for name, blob := range ok {
		if _, err := certparse.Certificate(blob); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	der, _ := pem.Decode(c)
	bad := map[string][]byte{
		"empty":            {},
		"garbage":          []byte("garbage"),
		"DER":              der.Bytes,
		"text before":      append([]byte("subject=CN = Test\n"), c...),
		"text after":       append(append([]byte{}, c...), "trailer\n"...),
		"two certificates": append(append([]byte{}, c...), ecLeaf.CertPEM...),
		"private key":      ecLeaf.MustKeyPEM(pkitest.PKCS8, nil),
		"wrong type":       pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der.Bytes}),
		"corrupt DER":      pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der.Bytes[:len(der.Bytes)-10]}),
		"truncated PEM":    c[:len(c)-20],
	}
	for name, blob := range bad {
		_, err := certparse.Certificate(blob)
		wantEINVAL(t, name, err)
	}
}

// TestTextAroundBlock is the regression test of defect 11.13: one rule for certificate and
// key blobs, nothing but white space (space, tab, CR, LF) before and after the one PEM block.
// Before the fix, text before a certificate was accepted when it held a -----BEGIN line of
// another type (or a malformed block, which pem.Decode skips), and a key blob accepted any
// text before its block.
func TestTextAroundBlock(t *testing.T) {
	pki(t)
	cert := ecLeaf.CertPEM
	key := ecLeaf.MustKeyPEM(pkitest.SEC1, nil)
	params := pem.EncodeToMemory(&pem.Block{Type: "EC PARAMETERS", Bytes: []byte{0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07}})
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	b := func(s string) []byte { return []byte(s) }
	around := []struct {
		name          string
		before, after []byte
		ok            bool
	}{
		{"nothing", nil, nil, true},
		{"space, tab, CR, LF", b(" \t\r\n\n"), b("\r\n \t\n"), true},
		{"BEGIN line of another type before", b("-----BEGIN NOTHING-----\n"), nil, false},
		{"unterminated block of another type before", b("-----BEGIN X509 CRL-----\nAAAA\n"), nil, false},
		{"malformed block of the same type before", b("-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n"), nil, false},
		{"a line of text before", b("subject=/CN=x\n"), nil, false},
		{"openssl pkcs12 bag attributes before", b("Bag Attributes\n    localKeyID: 01 00 00 00\n"), nil, false},
		{"BEGIN text in the text before", b("see -----BEGIN below\n"), nil, false},
		{"text after", nil, b("trailer\n"), false},
		{"BEGIN line after", nil, b("-----BEGIN NOTHING-----\n"), false},
		{"vertical tab before", b("\v"), nil, false},
		{"form feed after", nil, b("\f"), false},
		{"no-break space after", nil, b("\u00a0"), false},
	}
	for _, tt := range around {
		_, err := certparse.Certificate(cat(tt.before, cert, tt.after))
		if tt.ok && err != nil {
			t.Errorf("certificate with %s around it: %v", tt.name, err)
		} else if !tt.ok {
			wantEINVAL(t, "certificate with "+tt.name, err)
		}
		for _, k := range []struct {
			name string
			blob []byte
		}{
			{"SEC1 key", cat(tt.before, key, tt.after)},
			{"EC PARAMETERS + SEC1 key", cat(tt.before, params, key, tt.after)},
			{"EC PARAMETERS + SEC1 key, the text between", cat(params, tt.before, key, tt.after)},
		} {
			_, err := certparse.PrivateKey(k.blob, nil)
			if tt.ok && err != nil {
				t.Errorf("%s with %s around it: %v", k.name, tt.name, err)
			} else if !tt.ok {
				wantEINVAL(t, k.name+" with "+tt.name, err)
			}
		}
	}
	// The reasons say what is wrong.
	for _, tt := range []struct {
		err  error
		want string
	}{
		{second(certparse.Certificate(cat(b("x\n"), cert))), "certificate blob has text before the PEM block"},
		{second(certparse.PrivateKey(cat(b("x\n"), key), nil)), "private key blob has text before the PEM block"},
		{second(certparse.PrivateKey(cat(key, b("x\n")), nil)), "private key blob has text after the PEM block"},
		{second(certparse.PrivateKey(cat(key, key), nil)), "private key blob holds more than one PEM block"},
		{second(certparse.Certificate(cat(b("-----BEGIN X-----\n"), cert))), "certificate blob: the PEM block is malformed"},
	} {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("error %v; want one saying %q", tt.err, tt.want)
		}
	}
}

func TestPrivateKeyBlocks(t *testing.T) {
	pki(t)
	sec1 := ecLeaf.MustKeyPEM(pkitest.SEC1, nil)
	params := pem.EncodeToMemory(&pem.Block{Type: "EC PARAMETERS", Bytes: []byte{0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07}})
	if _, err := certparse.PrivateKey(append(append([]byte{}, params...), sec1...), nil); err != nil {
		t.Errorf("EC PARAMETERS before the key: %v", err)
	}
	der, _ := pem.Decode(sec1)
	legacyNoDEK := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Headers: map[string]string{"Proc-Type": "4,ENCRYPTED"}, Bytes: der.Bytes})
	bad := map[string]struct{ key, pw []byte }{
		"only EC PARAMETERS":   {params, nil},
		"certificate":          {ecLeaf.CertPEM, nil},
		"two keys":             {append(append([]byte{}, sec1...), sec1...), nil},
		"text after":           {append(append([]byte{}, sec1...), "more"...), nil},
		"garbage":              {[]byte("-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n"), nil},
		"SEC1 labelled PKCS#1": {pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: der.Bytes}), nil},
		"legacy without DEK":   {legacyNoDEK, []byte("pw")},
		"unknown type":         {pem.EncodeToMemory(&pem.Block{Type: "DSA PRIVATE KEY", Bytes: der.Bytes}), nil},
	}
	for name, tt := range bad {
		_, err := certparse.PrivateKey(tt.key, tt.pw)
		wantEINVAL(t, name, err)
	}
}

// encryptedKey builds an ENCRYPTED PRIVATE KEY block with the given PBES2 parameters, to
// check that hostile parameters are rejected before anything is derived or decrypted.
func encryptedKey(t *testing.T, kdf asn1.ObjectIdentifier, kdfParams any, cipher asn1.ObjectIdentifier, iv, data []byte) []byte {
	t.Helper()
	m := func(v any) asn1.RawValue {
		b, err := asn1.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return asn1.RawValue{FullBytes: b}
	}
	type algo struct {
		Algorithm  asn1.ObjectIdentifier
		Parameters asn1.RawValue
	}
	pbes2 := struct{ KDF, Cipher algo }{algo{kdf, m(kdfParams)}, algo{cipher, m(iv)}}
	info := struct {
		Algo algo
		Data []byte
	}{algo{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}, m(pbes2)}, data}
	return pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: m(info).FullBytes})
}

func TestHostileEncryptedPKCS8(t *testing.T) {
	pbkdf2 := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	scrypt := asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11591, 4, 11}
	aes256 := asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
	gcm := asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 46}
	type pb struct {
		Salt []byte
		Iter int64
	}
	type sc struct {
		Salt    []byte
		N, R, P int
	}
	salt, iv, data := make([]byte, 8), make([]byte, 16), make([]byte, 64)
	tests := map[string][]byte{
		// Each of these would run for minutes or exhaust memory.
		"2^31 PBKDF2 iterations": encryptedKey(t, pbkdf2, pb{salt, 1 << 31}, aes256, iv, data),
		"scrypt N=2^30":          encryptedKey(t, scrypt, sc{salt, 1 << 30, 8, 1}, aes256, iv, data),
		// Each of these made the decrypting library panic.
		"IV too short":        encryptedKey(t, pbkdf2, pb{salt, 2048}, aes256, iv[:3], data),
		"partial block":       encryptedKey(t, pbkdf2, pb{salt, 2048}, aes256, iv, data[:17]),
		"no ciphertext":       encryptedKey(t, pbkdf2, pb{salt, 2048}, aes256, iv, nil),
		"zero iterations":     encryptedKey(t, pbkdf2, pb{salt, 0}, aes256, iv, data),
		"scrypt N not 2^k":    encryptedKey(t, scrypt, sc{salt, 1000, 8, 1}, aes256, iv, data),
		"unsupported cipher":  encryptedKey(t, pbkdf2, pb{salt, 2048}, gcm, iv[:12], data),
		"unsupported KDF":     encryptedKey(t, aes256, pb{salt, 2048}, aes256, iv, data),
		"not PBES2":           pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{0x30, 0x03, 0x02, 0x01, 0x01}}),
		"PBES2 but truncated": pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{0x30}}),
	}
	for name, key := range tests {
		_, err := certparse.PrivateKey(key, []byte("pw"))
		wantEINVAL(t, name, err)
	}
	// A well-formed key with the same structure decrypts (to nonsense, so EINVAL) quickly.
	_, err := certparse.PrivateKey(encryptedKey(t, pbkdf2, pb{salt, 2048}, aes256, iv, data), []byte("pw"))
	wantEINVAL(t, "well-formed random ciphertext", err)
}

// TestKDFLimits is the regression test of defect 11.6: a key whose key-derivation
// parameters cost more than a real key needs is refused before anything is derived, with
// EINVAL and a reason that names the parameter and not the password. The first key passed the
// old limits and cost about 4 s of CPU and 64 MiB per install.
func TestKDFLimits(t *testing.T) {
	pbkdf2 := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	scrypt := asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11591, 4, 11}
	aes256 := asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
	type pb struct {
		Salt []byte
		Iter int64
	}
	type sc struct {
		Salt    []byte
		N, R, P int64
	}
	salt, iv, data := make([]byte, 8), make([]byte, 16), make([]byte, 64)
	key := func(kdf asn1.ObjectIdentifier, params any) []byte {
		return encryptedKey(t, kdf, params, aes256, iv, data)
	}
	tests := []struct {
		name string
		key  []byte
		want string // in the reason
	}{
		{"scrypt N=2^19 r=1 p=16 (issue 11.6)", key(scrypt, sc{salt, 1 << 19, 1, 16}), "scrypt work N*r*p (N=524288, r=1, p=16) is above the limit of 1048576"},
		{"scrypt N=2^20 r=8 p=1 (1 GiB)", key(scrypt, sc{salt, 1 << 20, 8, 1}), "scrypt work N*r*p (N=1048576, r=8, p=1)"},
		{"scrypt N=2^14 r=8 p=9", key(scrypt, sc{salt, 1 << 14, 8, 9}), "scrypt work N*r*p"},
		{"scrypt N=2^62", key(scrypt, sc{salt, 1 << 62, 1, 1}), "scrypt work N*r*p (N=4611686018427387904"},
		{"scrypt r and p huge", key(scrypt, sc{salt, 2, 1 << 40, 1 << 40}), "scrypt work N*r*p"},
		{"scrypt N=2^18 r=1 p=1 (32 MiB + B)", key(scrypt, sc{salt, 1 << 18, 1, 1}), "scrypt memory 128*r*(N+p) = 33554560 bytes"},
		{"scrypt N=2 r=1 p=2^19 (64 MiB B array)", key(scrypt, sc{salt, 2, 1, 1 << 19}), "scrypt memory 128*r*(N+p)"},
		{"scrypt N=2^16 r=8 p=1 (64 MiB)", key(scrypt, sc{salt, 1 << 16, 8, 1}), "scrypt memory"},
		{"scrypt r=0", key(scrypt, sc{salt, 1 << 14, 0, 1}), "scrypt block size r=0"},
		{"scrypt p=0", key(scrypt, sc{salt, 1 << 14, 8, 0}), "scrypt parallelization p=0"},
		{"scrypt N=1", key(scrypt, sc{salt, 1, 8, 1}), "scrypt cost N=1"},
		{"PBKDF2 2^20+1 iterations", key(pbkdf2, pb{salt, 1<<20 + 1}), "PBKDF2 iteration count 1048577 is above the limit of 1048576"},
		{"PBKDF2 -1 iterations", key(pbkdf2, pb{salt, -1}), "PBKDF2 iteration count -1 is not positive"},
	}
	const password = "hunter2-secret"
	for _, tt := range tests {
		_, err := certparse.PrivateKey(tt.key, []byte(password))
		wantEINVAL(t, tt.name, err)
		if err == nil {
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q does not say %q", tt.name, err, tt.want)
		}
		if strings.Contains(err.Error(), password) {
			t.Errorf("%s: error %q quotes the password", tt.name, err)
		}
	}
}

func name(pairs ...string) pkix.Name {
	oids := map[string]asn1.ObjectIdentifier{
		"C": {2, 5, 4, 6}, "ST": {2, 5, 4, 8}, "L": {2, 5, 4, 7}, "O": {2, 5, 4, 10}, "OU": {2, 5, 4, 11},
		"CN": {2, 5, 4, 3}, "serialNumber": {2, 5, 4, 5}, "street": {2, 5, 4, 9}, "postalCode": {2, 5, 4, 17},
		"emailAddress": {1, 2, 840, 113549, 1, 9, 1}, "DC": {0, 9, 2342, 19200300, 100, 1, 25},
		"UID": {0, 9, 2342, 19200300, 100, 1, 1}, "title": {2, 5, 4, 12}, "SN": {2, 5, 4, 4},
		"GN": {2, 5, 4, 42}, "dnQualifier": {2, 5, 4, 46}, "1.2.3.4": {1, 2, 3, 4},
	}
	var n pkix.Name
	for i := 0; i < len(pairs); i += 2 {
		oid, ok := oids[pairs[i]]
		if !ok {
			panic(pairs[i])
		}
		n.Names = append(n.Names, pkix.AttributeTypeAndValue{Type: oid, Value: pairs[i+1]})
	}
	return n
}

func TestOneLine(t *testing.T) {
	tests := []struct {
		name pkix.Name
		want string
	}{
		{pkix.Name{}, ""},
		{name("CN", "Name"), "/CN=Name"},
		{name("C", "US", "O", "Example", "CN", "Name"), "/C=US/O=Example/CN=Name"},
		// The certificate's order is kept, not sorted.
		{name("CN", "Name", "O", "Example", "C", "US"), "/CN=Name/O=Example/C=US"},
		{name("C", "US", "ST", "WA", "L", "Redmond", "street", "1 Way", "postalCode", "98052", "O", "Org", "OU", "Unit",
			"title", "Eng", "SN", "Doe", "GN", "Jo", "CN", "Jo Doe", "serialNumber", "42", "emailAddress", "jo@example.com",
			"UID", "jdoe", "DC", "example", "dnQualifier", "q", "1.2.3.4", "other"),
			"/C=US/ST=WA/L=Redmond/street=1 Way/postalCode=98052/O=Org/OU=Unit/title=Eng/SN=Doe/GN=Jo/CN=Jo Doe" +
				"/serialNumber=42/emailAddress=jo@example.com/UID=jdoe/DC=example/dnQualifier=q/1.2.3.4=other"},
		{name("OU", "a", "OU", "b"), "/OU=a/OU=b"},
		{name("CN", "Zoë Ünïcode"), "/CN=Zoë Ünïcode"},
		// Escapes: control characters, the separators, the escape character, bytes that are
		// not UTF-8. Other printable ASCII and non-ASCII characters stay.
		{name("CN", "nul\x00byte"), `/CN=nul\x00byte`},
		{name("CN", "line 1\nline 2\r\tend"), `/CN=line 1\x0Aline 2\x0D\x09end`},
		{name("O", "A/B=C\\D", "CN", "x"), `/O=A\x2FB\x3DC\x5CD/CN=x`},
		{name("CN", "\\x00"), `/CN=\x5Cx00`},
		{name("CN", "del\x7f c1\u0085 nbsp\u00a0"), "/CN=del\\x7F c1\\xC2\\x85 nbsp\u00a0"},
		{name("CN", "bad\xff\xc3("), `/CN=bad\xFF\xC3(`},
		{name("CN", "日本 😀 \ufffd"), "/CN=日本 😀 \ufffd"},
		{name("CN", " !\"#$%&'()*+,-.:;<>?@[]^_`{|}~"), "/CN= !\"#$%&'()*+,-.:;<>?@[]^_`{|}~"},
	}
	for _, tt := range tests {
		if got := certparse.OneLine(tt.name); got != tt.want {
			t.Errorf("OneLine(%v) = %q, want %q", tt.name.Names, got, tt.want)
		}
	}
}

func TestOneLineFromCertificate(t *testing.T) {
	c := readFile(t, "rsa_cert.pem")
	cert, err := certparse.Certificate(c)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := certparse.OneLine(cert.Subject), "/C=US/O=Example/CN=OpenSSL RSA"; got != want {
		t.Errorf("OneLine(subject) = %q, want %q", got, want)
	}
}

func TestOneLineTruncation(t *testing.T) {
	// "/CN=" is 4 bytes; then 2-byte runes. 300 - 4 = 296 bytes = 148 runes exactly, so cut
	// at an odd offset to land inside a rune.
	for _, prefix := range []string{"", "x"} {
		value := prefix + strings.Repeat("é", 200)
		got := certparse.OneLine(name("CN", value))
		if len(got) > certparse.MaxNameLength {
			t.Errorf("len = %d, want <= %d", len(got), certparse.MaxNameLength)
		}
		if !utf8.ValidString(got) {
			t.Errorf("truncated name is not valid UTF-8: %q", got[len(got)-4:])
		}
		full := "/CN=" + value
		if !strings.HasPrefix(full, got) || len(got) < certparse.MaxNameLength-utf8.UTFMax {
			t.Errorf("OneLine cut to %d bytes; want the longest whole-rune prefix of at most %d", len(got), certparse.MaxNameLength)
		}
	}
	ascii := certparse.OneLine(name("CN", strings.Repeat("a", 400)))
	if len(ascii) != certparse.MaxNameLength {
		t.Errorf("ASCII name cut to %d bytes, want %d", len(ascii), certparse.MaxNameLength)
	}
}

func TestOneLineInvalidUTF8(t *testing.T) {
	// A value with invalid UTF-8 before the cut must not make truncation eat the whole name.
	got := certparse.OneLine(name("CN", "\xff"+strings.Repeat("a", 400)))
	if len(got) != certparse.MaxNameLength || !strings.HasPrefix(got, `/CN=\xFFaaa`) {
		t.Errorf("OneLine of an invalid-UTF-8 name = %q (%d bytes)", got, len(got))
	}
}

// TestOneLineCutsWholeAtoms: the cut at MaxNameLength never splits an escape or a UTF-8
// sequence; it drops the whole atom that does not fit, and nothing after it.
func TestOneLineCutsWholeAtoms(t *testing.T) {
	pad := func(n int) string { return strings.Repeat("a", n) } // "/CN=" is 4 bytes
	for _, tt := range []struct {
		value string
		want  string
	}{
		{pad(296), "/CN=" + pad(296)},
		{pad(292) + "\n", "/CN=" + pad(292) + `\x0A`},          // 300
		{pad(293) + "\nb", "/CN=" + pad(293)},                  // the escape would end at 301; b fits but follows it
		{pad(294) + "é", "/CN=" + pad(294) + "é"},              // 300
		{pad(295) + "é", "/CN=" + pad(295)},                    // 301
		{pad(288) + "\u0085b", "/CN=" + pad(288) + `\xC2\x85`}, // C1 escape, 8 bytes: 300
		{pad(289) + "\u0085", "/CN=" + pad(289)},               // 301
		{pad(292) + "😀", "/CN=" + pad(292) + "😀"},              // 300
		{pad(293) + "😀x", "/CN=" + pad(293)},                   // 301
	} {
		got := certparse.OneLine(name("CN", tt.value))
		if got != tt.want {
			t.Errorf("OneLine(CN=%q...) = ...%q (%d bytes), want ...%q (%d bytes)", tt.value[:3], tail(got), len(got), tail(tt.want), len(tt.want))
		}
	}
}

func tail(s string) string { return s[max(len(s)-12, 0):] }

func TestErrno(t *testing.T) {
	if got := certparse.Errno(nil); got != 0 {
		t.Errorf("Errno(nil) = %v", got)
	}
	if got := certparse.Errno(errors.New("x")); got != 0 {
		t.Errorf("Errno(plain) = %v", got)
	}
	_, err := certparse.Certificate([]byte("x"))
	var p *certparse.Problem
	if !errors.As(err, &p) || p.Errno != syscall.EINVAL || p.Error() == "" {
		t.Errorf("Certificate error = %#v, want a *Problem with EINVAL", err)
	}
	_, err = certparse.Certificate(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1}}))
	if !errors.As(err, &p) || p.Err == nil || !strings.Contains(err.Error(), p.Err.Error()) {
		t.Errorf("error %v does not carry the X.509 cause", err)
	}
}
