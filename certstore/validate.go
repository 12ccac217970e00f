package certstore

import (
	"bytes"
	"syscall"
	"unicode/utf8"
)

// ValidateIdentifier reports whether id is a valid certificate identifier: 1 to
// [MaxIdentifierLength] characters from A-Z, a-z, 0-9, '.', '-' and '_'. It returns nil or an
// *[Error] with ERANGE (too long) or EINVAL (empty, or a character outside that set). The
// [Store] and the wificonfig package apply it before any backend sees an identifier.
func ValidateIdentifier(id string) error { return checkID("ValidateIdentifier", id) }

func checkID(op, id string) error {
	if len(id) > MaxIdentifierLength {
		return errorf(op, id, syscall.ERANGE, "identifier is %d bytes long; the limit is %d", len(id), MaxIdentifierLength)
	}
	if id == "" {
		return errorf(op, id, syscall.EINVAL, "identifier is empty")
	}
	for i, r := range id {
		if r < utf8.RuneSelf && idChar(byte(r)) {
			continue
		}
		if r == utf8.RuneError {
			return errorf(op, id, syscall.EINVAL, "identifier has byte 0x%02x at byte %d, which is not UTF-8; only A-Z, a-z, 0-9, '.', '-' and '_' are allowed", id[i], i)
		}
		return errorf(op, id, syscall.EINVAL, "identifier has %q at byte %d; only A-Z, a-z, 0-9, '.', '-' and '_' are allowed", r, i)
	}
	return nil
}

func idChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_'
}

func checkBlob(op, id, what string, blob []byte) error {
	switch {
	case blob == nil:
		return errorf(op, id, syscall.EFAULT, "%s is nil", what)
	case len(blob) == 0:
		return errorf(op, id, syscall.ERANGE, "%s is empty", what)
	case len(blob) > MaxCertSize:
		return errorf(op, id, syscall.ERANGE, "%s is %d bytes; the limit is %d", what, len(blob), MaxCertSize)
	}
	return nil
}

func checkPassword(op, id string, password []byte) error {
	if len(password) > MaxPrivateKeyPasswordLength {
		return errorf(op, id, syscall.ERANGE, "password is %d bytes; the limit is %d", len(password), MaxPrivateKeyPasswordLength)
	}
	if bytes.IndexByte(password, 0) >= 0 {
		return errorf(op, id, syscall.EINVAL, "password contains a NUL byte")
	}
	return nil
}
