//go:build azsphere

package main

import (
	"fmt"
	"os"

	"github.com/azsphere-go/applibs/wificonfig"
)

// main plays the sample on the device's Wi-Fi configuration, through the package-level
// functions (the device's libapplibs).
func main() {
	if err := run(os.Stdout, wificonfig.Default()); err != nil {
		fmt.Fprintln(os.Stderr, "wifi:", err)
		os.Exit(1)
	}
}
