// Program curlstack makes one HTTPS GET through deviceauth/curl with the device-authentication
// certificate, as examples/bootstrap-device does, and reports how much of main's goroutine
// stack it used, the C code it called (libcurl, the TLS library, DeviceAuth_SslCtxFunc)
// included. Build it with the tasks scheduler: main then runs on a stack of the target's
// default-stack-size taken from TinyGo's heap, zeroed, with TinyGo's canary in its lowest
// word; the program counts the words above the canary that were never written.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"unsafe"

	"github.com/azsphere-go/applibs/deviceauth/curl"
)

// current returns the running goroutine's *task.Task (TinyGo 0.33's internal/task). Its
// state.canaryPtr, the lowest word of the goroutine's stack, is at offset 20 on 32-bit ARM:
// Next, Ptr (4 bytes each), Data (uint64 at offset 8), gcData (empty with the conservative
// collector), state.sp (offset 16), state.canaryPtr.
//
//go:linkname current internal/task.Current
func current() unsafe.Pointer

// canary is internal/task's stackCanary on a 32-bit target.
const canary = uintptr(uint64(0x670c1333b83bf575) & uint64(^uintptr(0)))

func main() {
	url := flag.String("url", "", "the URL to GET")
	roots := flag.String("roots", "", "the server's root CA (PEM file)")
	size := flag.Int("stack-size", 0, "the target's default-stack-size (bytes)")
	flag.Parse()
	c := &curl.Client{DeviceAuth: true, RootCAFile: *roots}
	resp, err := c.Get(context.Background(), *url)
	if err != nil {
		fmt.Fprintln(os.Stderr, "curlstack:", err)
		os.Exit(1)
	}
	fmt.Printf("GET: %s, %d bytes\n", resp.Status, len(resp.Body))

	bottom := *(*uintptr)(unsafe.Add(current(), 20))
	if bottom == 0 || *(*uintptr)(unsafe.Pointer(bottom)) != canary {
		fmt.Fprintln(os.Stderr, "curlstack: no stack canary where TinyGo 0.33 keeps it: not the tasks scheduler, or TinyGo's task layout changed")
		os.Exit(1)
	}
	top := bottom + uintptr(*size)
	p := bottom + unsafe.Sizeof(bottom)
	for p < top && *(*uintptr)(unsafe.Pointer(p)) == 0 {
		p += unsafe.Sizeof(p)
	}
	fmt.Printf("main's goroutine stack: %d of %d bytes used\n", top-p, *size)
}
