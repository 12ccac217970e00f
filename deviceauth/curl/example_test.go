//go:build !abidouble && !azsphere

package curl_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/azsphere-go/applibs/deviceauth"
	"github.com/azsphere-go/applibs/deviceauth/curl"
)

// A device program fetches a resource from a service that authenticates devices by their
// DAA certificate. Off the device (as when this example runs), the request fails before it
// starts: DeviceAuth_SslCtxFunc exists only there.
func Example() {
	c := &curl.Client{
		DeviceAuth: true,
		RootCAFile: "certs/service-root.pem", // a file in the application's image package
		Timeout:    30 * time.Second,
	}
	resp, err := c.Get(context.Background(), "https://issuer.contoso.example/enroll")
	var se *deviceauth.SSLError
	switch {
	case errors.As(err, &se) && errors.Is(err, errors.ErrUnsupported):
		fmt.Println("device authentication needs the device")
	case errors.As(err, &se):
		fmt.Println("device authentication failed:", se.Result)
	case err != nil:
		fmt.Println(err)
	default:
		fmt.Println(resp.StatusCode, len(resp.Body))
	}
	// Output: device authentication needs the device
}
