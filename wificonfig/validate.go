package wificonfig

import (
	"errors"
	"strings"
	"syscall"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/internal/apierr"
)

func checkNetworkID(op string, id int) error {
	if id < 0 {
		return apierr.Newf(op, idString(id), syscall.EINVAL, "network ID %d is negative", id)
	}
	return nil
}

func checkSSID(op, id string, ssid []byte) error {
	switch {
	case ssid == nil:
		return apierr.New(op, id, syscall.EFAULT, "SSID is nil")
	case len(ssid) == 0:
		return apierr.New(op, id, syscall.ERANGE, "SSID is empty")
	case len(ssid) > SSIDMaxLength:
		return apierr.Newf(op, id, syscall.ERANGE, "SSID is %d bytes; the limit is %d", len(ssid), SSIDMaxLength)
	}
	return nil
}

func checkPSK(op, id, psk string) error {
	switch {
	case len(psk) > WPA2KeyMaxBufferSize:
		return apierr.Newf(op, id, syscall.ERANGE, "PSK is %d bytes; the limit is %d", len(psk), WPA2KeyMaxBufferSize)
	case len(psk) < WPA2KeyMinLength:
		return apierr.Newf(op, id, syscall.ERANGE, "PSK is %d bytes; a passphrase has at least %d", len(psk), WPA2KeyMinLength)
	case len(psk) == WPA2KeyMaxBufferSize:
		for i := 0; i < len(psk); i++ {
			if !isHex(psk[i]) {
				return apierr.Newf(op, id, syscall.EINVAL, "a 64-byte PSK must be hex digits; byte %d is %q", i, psk[i])
			}
		}
	default:
		for i := 0; i < len(psk); i++ {
			if psk[i] < 0x20 || psk[i] > 0x7e {
				return apierr.Newf(op, id, syscall.EINVAL, "a passphrase must be printable ASCII; byte %d is %q", i, psk[i])
			}
		}
	}
	return nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func checkString(op, id, what, s string, minLen, maxLen int) error {
	switch {
	case len(s) > maxLen:
		return apierr.Newf(op, id, syscall.ERANGE, "%s is %d bytes; the limit is %d", what, len(s), maxLen)
	case len(s) < minLen:
		return apierr.Newf(op, id, syscall.ERANGE, "%s is empty", what)
	case strings.IndexByte(s, 0) >= 0:
		return apierr.Newf(op, id, syscall.EINVAL, "%s contains a NUL byte", what)
	}
	return nil
}

func checkConfigName(op, id, name string) error {
	return checkString(op, id, "config name", name, 1, ConfigNameMaxLength)
}

func checkCertID(op, id, certID string) error {
	err := certstore.ValidateIdentifier(certID)
	if err == nil {
		return nil
	}
	var e *apierr.Error
	if errors.As(err, &e) {
		c := *e
		c.Op, c.ID = op, id
		c.Reason = "certificate " + c.Reason
		return &c
	}
	return apierr.Wrap(op, id, err)
}
