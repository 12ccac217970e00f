package wificonfig

import (
	"errors"
	"strings"
	"syscall"

	"github.com/azsphere-go/applibs/certstore"
)

func checkNetworkID(op string, id int) error {
	if id < 0 {
		return errorf(op, id, syscall.EINVAL, "network ID %d is negative", id)
	}
	return nil
}

func checkSSID(op string, id int, ssid []byte) error {
	switch {
	case ssid == nil:
		return errorf(op, id, syscall.EFAULT, "SSID is nil")
	case len(ssid) == 0:
		return errorf(op, id, syscall.ERANGE, "SSID is empty")
	case len(ssid) > SSIDMaxLength:
		return errorf(op, id, syscall.ERANGE, "SSID is %d bytes; the limit is %d", len(ssid), SSIDMaxLength)
	}
	return nil
}

// checkPSK checks a PSK. Its errors give positions, never the key's characters.
func checkPSK(op string, id int, name, psk string) error {
	var err *Error
	switch {
	case len(psk) > WPA2KeyMaxBufferSize:
		err = errorf(op, id, syscall.ERANGE, "PSK is %d bytes; the limit is %d", len(psk), WPA2KeyMaxBufferSize)
	case len(psk) < WPA2KeyMinLength:
		err = errorf(op, id, syscall.ERANGE, "PSK is %d bytes; a passphrase has at least %d", len(psk), WPA2KeyMinLength)
	case len(psk) == WPA2KeyMaxBufferSize:
		for i := 0; i < len(psk); i++ {
			if !isHex(psk[i]) {
				err = errorf(op, id, syscall.EINVAL, "a 64-byte PSK must be hex digits; byte %d is not one", i)
				break
			}
		}
	default:
		for i := 0; i < len(psk); i++ {
			if psk[i] < 0x20 || psk[i] > 0x7e {
				err = errorf(op, id, syscall.EINVAL, "a passphrase must be printable ASCII; byte %d is not", i)
				break
			}
		}
	}
	if err == nil {
		return nil
	}
	err.Name = name
	return err
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func checkString(op string, id int, what, s string, minLen, maxLen int) error {
	switch {
	case len(s) > maxLen:
		return errorf(op, id, syscall.ERANGE, "%s is %d bytes; the limit is %d", what, len(s), maxLen)
	case len(s) < minLen:
		return errorf(op, id, syscall.ERANGE, "%s is empty", what)
	case strings.IndexByte(s, 0) >= 0:
		return errorf(op, id, syscall.EINVAL, "%s contains a NUL byte", what)
	}
	return nil
}

func checkConfigName(op string, id int, name string) error {
	return checkString(op, id, "config name", name, 1, ConfigNameMaxLength)
}

// checkCertID applies the certstore identifier rules to a certificate identifier.
func checkCertID(op string, id int, certID string) error {
	err := certstore.ValidateIdentifier(certID)
	if err == nil {
		return nil
	}
	var e *certstore.Error
	if errors.As(err, &e) {
		return &Error{Op: op, NetworkID: id, Errno: e.Errno, Reason: "certificate " + e.Reason}
	}
	return wrap(op, id, "", err)
}
