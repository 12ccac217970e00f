package apierr_test

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
)

func ExampleWrap() {
	// A backend reports a bare errno; the front end attributes it to the call.
	err := apierr.Wrap("DeleteCertificate", "wifi-client", syscall.ENOENT)
	fmt.Println(err)
	fmt.Println(errors.Is(err, syscall.ENOENT))
	// Output:
	// DeleteCertificate "wifi-client": not found (ENOENT: no such file or directory)
	// true
}
