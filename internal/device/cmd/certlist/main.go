// Command certlist is a minimal device program: it lists the certificates in the device's
// store through the package-level functions of certstore, so that a device build
// (-tags azsphere) uses the cgo backend. It exists to measure what a device program costs
// (binary size, memory) and to check that such a program links neither the simulator nor
// crypto/x509. With -mem it prints its memory use: the Go runtime's own figures (as many as
// the toolchain offers) and the resident writable memory of the process, measured the same
// way as the C version in internal/device/cfloor.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/azsphere-go/applibs/certstore"
)

func main() {
	mem := flag.Bool("mem", false, "print memory use")
	flag.Parse()
	space, err := certstore.GetAvailableSpace()
	if err != nil {
		fmt.Fprintln(os.Stderr, "certlist:", err)
		os.Exit(1)
	}
	fmt.Printf("available space: %d bytes\n", space)
	for c, err := range certstore.Certificates() {
		if err != nil {
			fmt.Fprintln(os.Stderr, "certlist:", err)
			continue
		}
		fmt.Printf("%s\t%s\t%s\t%s .. %s\n", c.ID, c.Subject, c.Issuer,
			c.NotBefore.Format("2006-01-02T15:04:05Z"), c.NotAfter.Format("2006-01-02T15:04:05Z"))
	}
	if *mem {
		printMemory()
	}
}
