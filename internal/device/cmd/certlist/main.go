// Command certlist is a minimal device program: it lists the certificates in the device's
// store through the package-level functions of certstore, so that a device build
// (-tags azsphere) uses the cgo backend. It exists to measure what a device program costs
// (binary size, memory) and to check that such a program links neither the simulator nor
// crypto/x509. With -mem it prints its memory use.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"

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

func printMemory() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("go runtime: Sys %d KiB (HeapSys %d, StackSys %d, MSpanSys %d, GCSys %d, OtherSys %d); in use: HeapInuse %d KiB, StackInuse %d KiB; NumGC %d\n",
		m.Sys/1024, m.HeapSys/1024, m.StackSys/1024, m.MSpanSys/1024, m.GCSys/1024, m.OtherSys/1024,
		m.HeapInuse/1024, m.StackInuse/1024, m.NumGC)
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(status), "\n") {
		for _, k := range []string{"VmRSS:", "VmHWM:", "RssAnon:", "RssFile:"} {
			if strings.HasPrefix(line, k) {
				fmt.Println(strings.Join(strings.Fields(line), " "))
			}
		}
	}
}
