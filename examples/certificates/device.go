//go:build azsphere

package main

import (
	"fmt"
	"os"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/wificonfig"
)

// main plays the sample on the device, through the package-level functions (the device's
// libapplibs): a device build, with TinyGo and the azsphere target, or with gc and
// -tags azsphere.
func main() {
	if err := run(os.Stdout, certstore.Default(), wificonfig.Default(), embedded()); err != nil {
		fmt.Fprintln(os.Stderr, "certificates:", err)
		os.Exit(1)
	}
}
