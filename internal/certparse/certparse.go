// Package certparse makes the content checks that the device's OS makes when a certificate
// is installed: exactly one PEM CERTIFICATE block that parses as X.509, a private key in one
// of the formats the device accepts, the password rules, and the match between key and
// certificate. It also renders names in the one-line form the device's TLS library prints.
//
// The rules, in short:
//   - A blob holds one PEM block with nothing but white space (space, tab, CR, LF) before
//     and after it; a key blob may have an EC PARAMETERS block before the key, under the same
//     rule. Anything else is EINVAL.
//   - An encrypted PKCS#8 key's key derivation is bounded (PBKDF2 at most 2^20 iterations;
//     scrypt work N*r*p at most 2^20 and memory 128*r*(N+p) at most 32 MiB), so no key
//     makes an install cost more than about half a second of CPU; a key beyond them is
//     EINVAL, with a reason naming the parameter, before anything is derived.
//   - Names are rendered by OneLine: "/type=value" per attribute, with control characters,
//     '/', '=', '\' and bytes that are not UTF-8 escaped as \xHH, cut to 300 bytes between
//     characters and escapes. The C double renders them by the same rules.
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
// nothing but white space (space, tab, CR, LF) before and after it, whose contents parse as an
// X.509 certificate.
func Certificate(blob []byte) (*x509.Certificate, error) {
	block, rest, err := firstBlock(blob, "certificate")
	if err != nil {
		return nil, err
	}
	if block.Type != "CERTIFICATE" {
		return nil, invalid(nil, "certificate blob holds a %q PEM block; want CERTIFICATE", block.Type)
	}
	if err := nothingAfter(rest, "certificate", "install one certificate per identifier"); err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, invalid(err, "certificate does not parse as X.509")
	}
	return cert, nil
}

// isSpace reports whether c is white space that may surround a PEM block: space, tab, CR or
// LF, the set the C double's parser allows too.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func trimLeftSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

func onlySpace(b []byte) bool { return len(trimLeftSpace(b)) == 0 }

var pemBegin = []byte("-----BEGIN")

// firstBlock decodes the PEM block that data starts with after white space, and returns it
// with the bytes after it. Text before the BEGIN line is refused, and so is a malformed first
// block: pem.Decode would skip it and return a later block, so a block is accepted only if it
// is the one whose BEGIN line starts data. what names the blob in errors.
func firstBlock(data []byte, what string) (*pem.Block, []byte, error) {
	data = trimLeftSpace(data)
	if !bytes.HasPrefix(data, pemBegin) {
		if bytes.Contains(data, pemBegin) {
			return nil, nil, invalid(nil, "%s blob has text before the PEM block; only white space may surround it", what)
		}
		return nil, nil, invalid(nil, "%s is not PEM: no -----BEGIN line", what)
	}
	block, rest := pem.Decode(data)
	if block == nil || bytes.Count(data[:len(data)-len(rest)], pemBegin) != 1 {
		return nil, nil, invalid(nil, "%s blob: the PEM block is malformed (its BEGIN line, base64 contents or END line)", what)
	}
	return block, rest, nil
}

// nothingAfter checks that only white space follows the PEM block of a blob.
func nothingAfter(rest []byte, what, hint string) error {
	if onlySpace(rest) {
		return nil
	}
	if next, _ := pem.Decode(rest); next != nil {
		return invalid(nil, "%s blob holds more than one PEM block; %s", what, hint)
	}
	return invalid(nil, "%s blob has text after the PEM block; only white space may surround it", what)
}

// PrivateKey parses a private-key blob and decrypts it with password (nil or empty for an
// unencrypted key). Accepted: PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY", PKCS#8
// "PRIVATE KEY", encrypted PKCS#8 "ENCRYPTED PRIVATE KEY", and legacy encrypted PEM (a
// Proc-Type 4,ENCRYPTED header with DEK-Info) of the first two. The key block has nothing but
// white space before and after it, as a certificate's has; the one exception is an "EC
// PARAMETERS" block before the key (as openssl ecparam -genkey writes), which is skipped.
// A password for an unencrypted key, a missing password for an encrypted one, and a wrong
// password are each EINVAL. An encrypted PKCS#8 key whose key derivation costs more than the
// limits allow (see maxPBKDF2Iterations) is EINVAL before anything is derived. The caller
// keeps ownership of password; this function does not retain it.
func PrivateKey(blob, password []byte) (crypto.Signer, error) {
	var block *pem.Block
	rest := blob
	for {
		var err error
		block, rest, err = firstBlock(rest, "private key")
		if err != nil {
			return nil, err
		}
		if block.Type != "EC PARAMETERS" {
			break
		}
	}
	if err := nothingAfter(rest, "private key", "install one key with its certificate"); err != nil {
		return nil, err
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
		if err := checkPBES2(der); err != nil {
			return nil, invalid(err, "encrypted PKCS#8 private key is refused")
		}
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

// OneLine renders a distinguished name in the one-line form of the device's TLS library,
// "/C=US/O=Contoso/CN=Device 1": for each attribute, in the order the certificate holds them,
// "/", the attribute type, "=" and the value. The type is a short name for the common types
// (CN, C, O, OU, L, ST, ...) and the dotted OID for the rest. The value is the attribute's
// string as crypto/x509 decodes it (UTF8String, PrintableString, IA5String and NumericString
// as they are, T61String as Latin-1, BMPString as UCS-2), in UTF-8, with these written as
// \xHH (a backslash, x, two uppercase hexadecimal digits) byte by byte:
//
//   - control characters: C0 (0x00-0x1F, so NUL, tab, CR and LF), DEL (0x7F), and C1
//     (U+0080-U+009F, whose two UTF-8 bytes become \xC2\xHH);
//   - the separators and the escape character: '/' (\x2F), '=' (\x3D), '\' (\x5C);
//   - bytes that are not part of valid UTF-8 (only in hand-made names: crypto/x509 yields
//     valid UTF-8).
//
// Every other character, non-ASCII included, is written as its UTF-8 bytes. The result is
// therefore valid UTF-8 without control characters, splits unambiguously at '/' and '=', and
// is safe to pass as a C string. It is cut to at most MaxNameLength bytes, never inside an
// escape or a UTF-8 sequence. The C double (internal/device/abidouble, der.c) renders names by
// the same rules; the conformance suite (certstoretest) compares the two.
func OneLine(name pkix.Name) string {
	w := lineWriter{b: make([]byte, 0, 64)}
	for _, atv := range name.Names {
		w.name("/")
		w.name(attrName(atv.Type))
		w.name("=")
		v, ok := atv.Value.(string)
		if !ok {
			v = fmt.Sprint(atv.Value)
		}
		w.value(v)
	}
	return string(w.b)
}

// lineWriter builds a one-line name from atoms, each written whole or not at all: a byte of
// a type name or separator, an escape, or a UTF-8 sequence. Once an atom does not fit in
// MaxNameLength bytes, nothing more is written.
type lineWriter struct {
	b    []byte
	full bool
}

func (w *lineWriter) atom(s string) {
	if w.full || len(w.b)+len(s) > MaxNameLength {
		w.full = true
		return
	}
	w.b = append(w.b, s...)
}

// name writes ASCII text (a type name or separator), one atom per byte.
func (w *lineWriter) name(s string) {
	for i := 0; i < len(s); i++ {
		w.atom(s[i : i+1])
	}
}

// escape writes the bytes of s as one atom of \xHH escapes.
func (w *lineWriter) escape(s string) {
	const hex = "0123456789ABCDEF"
	var buf [4 * utf8.UTFMax]byte
	n := 0
	for i := 0; i < len(s); i++ {
		buf[n], buf[n+1], buf[n+2], buf[n+3] = '\\', 'x', hex[s[i]>>4], hex[s[i]&0xf]
		n += 4
	}
	w.atom(string(buf[:n]))
}

// value writes an attribute value by the rules of OneLine.
func (w *lineWriter) value(v string) {
	for i := 0; i < len(v) && !w.full; {
		c := v[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || c == '/' || c == '=' || c == '\\' {
				w.escape(v[i : i+1])
			} else {
				w.atom(v[i : i+1])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(v[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			w.escape(v[i : i+1])
		case r <= 0x9f: // C1 control
			w.escape(v[i : i+size])
		default:
			w.atom(v[i : i+size])
		}
		i += size
	}
}

// shortNames are the names of the attribute types under 2.5.4 (id-at) that the device's TLS
// library prints by short name, indexed by the last arc.
var shortNames = map[int]string{
	3:  "CN",
	4:  "SN",
	5:  "serialNumber",
	6:  "C",
	7:  "L",
	8:  "ST",
	9:  "street",
	10: "O",
	11: "OU",
	12: "title",
	17: "postalCode",
	42: "GN",
	46: "dnQualifier",
}

var (
	oidEmailAddress = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}
	oidUID          = asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1}
	oidDC           = asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 25}
)

// attrName returns the short name of an attribute type, or its dotted form. It is on the
// install path of every certificate, so the common types avoid formatting the OID.
func attrName(oid asn1.ObjectIdentifier) string {
	if len(oid) == 4 && oid[0] == 2 && oid[1] == 5 && oid[2] == 4 {
		if n, ok := shortNames[oid[3]]; ok {
			return n
		}
	}
	switch {
	case oid.Equal(oidEmailAddress):
		return "emailAddress"
	case oid.Equal(oidUID):
		return "UID"
	case oid.Equal(oidDC):
		return "DC"
	}
	return oid.String()
}

// Errno returns the errno carried by err, or 0.
func Errno(err error) syscall.Errno {
	var e syscall.Errno
	if errors.As(err, &e) {
		return e
	}
	return 0
}

// Limits on the key derivation of an encrypted PKCS#8 key. A key brings its own cost
// parameters, so without a bound a crafted key could make one install call run for seconds or
// minutes and allocate gigabytes. The limits accept every key the usual tools write with
// their defaults, with room for stronger settings, and cap one install at about half a
// second of CPU and 32 MiB (measured on a 2 GHz x86-64 core):
//
//   - PBKDF2: at most 2^20 (1,048,576) iterations. OpenSSL writes 2048, Go's pkcs8 and Java
//     10,000, and current advice for PBKDF2-HMAC-SHA256 is 600,000.
//   - scrypt: work N*r*p at most 2^20, eight times OpenSSL's default (N=2^14, r=8, p=1),
//     and memory 128*r*(N+p) bytes (scrypt's V and B arrays) at most 32 MiB, the limit
//     OpenSSL's own scrypt applies when it decrypts (so OpenSSL cannot read a key above it
//     either). N=2^20, r=8 (1 GiB) is refused.
const (
	maxPBKDF2Iterations = 1 << 20
	maxScryptWork       = 1 << 20  // N * r * p
	maxScryptMemory     = 32 << 20 // bytes: 128 * r * (N + p)
)

var (
	oidPBES2     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidScrypt    = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11591, 4, 11}
	pbes2Ciphers = map[string]int{ // OID -> IV and block size of the CBC ciphers
		"2.16.840.1.101.3.4.1.2":  16, // aes128-CBC
		"2.16.840.1.101.3.4.1.22": 16, // aes192-CBC
		"2.16.840.1.101.3.4.1.42": 16, // aes256-CBC
		"1.2.840.113549.3.7":      8,  // des-ede3-cbc
	}
)

// checkPBES2 checks the structure of an EncryptedPrivateKeyInfo before it is decrypted: PBES2
// with PBKDF2 or scrypt and a CBC cipher, an IV of the cipher's block size, whole blocks of
// ciphertext, and key-derivation parameters within the limits above. Its errors name the
// parameter at fault; they never hold the password. The decrypting library trusts these fields and panics on an
// IV or ciphertext of the wrong length.
func checkPBES2(der []byte) error {
	var info struct {
		Algo pkix.AlgorithmIdentifier
		Data []byte
	}
	if rest, err := asn1.Unmarshal(der, &info); err != nil {
		return err
	} else if len(rest) != 0 {
		return errors.New("trailing data after EncryptedPrivateKeyInfo")
	}
	if !info.Algo.Algorithm.Equal(oidPBES2) {
		return fmt.Errorf("encryption scheme %v; only PBES2 is supported", info.Algo.Algorithm)
	}
	var params struct {
		KDF, Cipher pkix.AlgorithmIdentifier
	}
	if _, err := asn1.Unmarshal(info.Algo.Parameters.FullBytes, &params); err != nil {
		return fmt.Errorf("PBES2 parameters: %w", err)
	}
	switch {
	case params.KDF.Algorithm.Equal(oidPBKDF2):
		var kdf struct {
			Salt       []byte
			Iterations int64
		}
		if _, err := asn1.Unmarshal(params.KDF.Parameters.FullBytes, &kdf); err != nil {
			return fmt.Errorf("PBKDF2 parameters: %w", err)
		}
		if kdf.Iterations < 1 {
			return fmt.Errorf("PBKDF2 iteration count %d is not positive", kdf.Iterations)
		}
		if kdf.Iterations > maxPBKDF2Iterations {
			return fmt.Errorf("PBKDF2 iteration count %d is above the limit of %d", kdf.Iterations, maxPBKDF2Iterations)
		}
	case params.KDF.Algorithm.Equal(oidScrypt):
		var kdf struct {
			Salt    []byte
			N, R, P int64
		}
		if _, err := asn1.Unmarshal(params.KDF.Parameters.FullBytes, &kdf); err != nil {
			return fmt.Errorf("scrypt parameters: %w", err)
		}
		if err := checkScrypt(kdf.N, kdf.R, kdf.P); err != nil {
			return err
		}
	default:
		return fmt.Errorf("key derivation %v; only PBKDF2 and scrypt are supported", params.KDF.Algorithm)
	}
	size, ok := pbes2Ciphers[params.Cipher.Algorithm.String()]
	if !ok {
		return fmt.Errorf("cipher %v; only AES-CBC and 3DES-CBC are supported", params.Cipher.Algorithm)
	}
	var iv []byte
	if _, err := asn1.Unmarshal(params.Cipher.Parameters.FullBytes, &iv); err != nil {
		return fmt.Errorf("cipher parameters: %w", err)
	}
	if len(iv) != size {
		return fmt.Errorf("IV of %d bytes; the cipher needs %d", len(iv), size)
	}
	if len(info.Data) == 0 || len(info.Data)%size != 0 {
		return fmt.Errorf("ciphertext of %d bytes is not a whole number of %d-byte blocks", len(info.Data), size)
	}
	return nil
}

// checkScrypt checks scrypt's parameters against the limits. Each factor is bounded before
// the products are formed, so they cannot overflow.
func checkScrypt(n, r, p int64) error {
	switch {
	case n < 2 || n&(n-1) != 0:
		return fmt.Errorf("scrypt cost N=%d is not a power of two greater than 1", n)
	case r < 1:
		return fmt.Errorf("scrypt block size r=%d is not positive", r)
	case p < 1:
		return fmt.Errorf("scrypt parallelization p=%d is not positive", p)
	}
	if n > maxScryptWork || r > maxScryptWork || p > maxScryptWork || n*r*p > maxScryptWork {
		return fmt.Errorf("scrypt work N*r*p (N=%d, r=%d, p=%d) is above the limit of %d", n, r, p, maxScryptWork)
	}
	if mem := 128 * r * (n + p); mem > maxScryptMemory {
		return fmt.Errorf("scrypt memory 128*r*(N+p) = %d bytes (N=%d, r=%d, p=%d) is above the limit of %d (32 MiB)", mem, n, r, p, maxScryptMemory)
	}
	return nil
}
