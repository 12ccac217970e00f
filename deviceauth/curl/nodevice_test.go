//go:build !abidouble && !azsphere

package curl_test

import (
	"context"
	"errors"
	"testing"

	"github.com/azsphere-go/applibs/deviceauth"
	"github.com/azsphere-go/applibs/deviceauth/curl"
)

// TestDeviceAuthOffDevice: a build without the device cannot call DeviceAuth_SslCtxFunc;
// the request fails before it starts, with a *deviceauth.SSLError wrapping
// errors.ErrUnsupported.
func TestDeviceAuthOffDevice(t *testing.T) {
	_, err := (&curl.Client{DeviceAuth: true}).Get(context.Background(), "https://127.0.0.1:1/")
	var se *deviceauth.SSLError
	var e *curl.Error
	if !errors.As(err, &e) || !errors.As(err, &se) || !errors.Is(err, errors.ErrUnsupported) || e.Code != curl.CodeOK {
		t.Fatalf("Get with DeviceAuth = %v; want a *curl.Error with a *deviceauth.SSLError wrapping errors.ErrUnsupported", err)
	}
}
