package certstore

import (
	"bytes"
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// ValidateIdentifier reports whether id is a valid certificate identifier: 1 to
// MaxIdentifierLength characters from A-Z, a-z, 0-9, '.', '-' and '_'. It returns nil or an
// *Error with ERANGE (too long) or EINVAL (empty, or a character outside that set). The Store
// and the wificonfig package apply it before any backend sees an identifier.
func ValidateIdentifier(id string) error { return checkID("ValidateIdentifier", id) }

func checkID(op, id string) error {
	if len(id) > MaxIdentifierLength {
		return apierr.Newf(op, id, syscall.ERANGE, "identifier is %d bytes long; the limit is %d", len(id), MaxIdentifierLength)
	}
	if id == "" {
		return apierr.New(op, id, syscall.EINVAL, "identifier is empty")
	}
	for i := 0; i < len(id); i++ {
		if !idChar(id[i]) {
			return apierr.Newf(op, id, syscall.EINVAL, "identifier has %q at byte %d; only A-Z, a-z, 0-9, '.', '-' and '_' are allowed", id[i], i)
		}
	}
	return nil
}

func idChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_'
}

func checkBlob(op, id, what string, blob []byte) error {
	switch {
	case blob == nil:
		return apierr.Newf(op, id, syscall.EFAULT, "%s is nil", what)
	case len(blob) == 0:
		return apierr.Newf(op, id, syscall.ERANGE, "%s is empty", what)
	case len(blob) > MaxCertSize:
		return apierr.Newf(op, id, syscall.ERANGE, "%s is %d bytes; the limit is %d", what, len(blob), MaxCertSize)
	}
	return nil
}

func checkPassword(op, id string, password []byte) error {
	if len(password) > MaxPrivateKeyPasswordLength {
		return apierr.Newf(op, id, syscall.ERANGE, "password is %d bytes; the limit is %d", len(password), MaxPrivateKeyPasswordLength)
	}
	if bytes.IndexByte(password, 0) >= 0 {
		return apierr.New(op, id, syscall.EINVAL, "password contains a NUL byte")
	}
	return nil
}
