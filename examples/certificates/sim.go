//go:build !azsphere

package main

import (
	"fmt"
	"os"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/wificonfig"
)

// main plays the sample on a simulated device (every build but the device's).
func main() {
	dev := sim.New(sim.Options{})
	if err := run(os.Stdout, certstore.New(dev.CertStore()), wificonfig.New(dev.Wifi()), embedded()); err != nil {
		fmt.Fprintln(os.Stderr, "certificates:", err)
		os.Exit(1)
	}
}
