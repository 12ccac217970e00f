//go:build !(azsphere || abidouble)

package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "bootstrap-device runs on an Azure Sphere device: build it with -tags azsphere for GOOS=linux GOARCH=arm with cgo (see go doc); examples/bootstrap plays the same flow on the simulator")
	os.Exit(2)
}
