//go:build azsphere || abidouble

package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	url := flag.String("url", "", "the issuing service's enrollment URL (https)")
	roots := flag.String("roots", "", "the issuing service's root CA: a PEM file in the image package")
	timeout := flag.Duration("timeout", 30*time.Second, "the limit of the HTTPS request")
	wait := flag.Duration("wait", 10*time.Minute, "how long to wait for device authentication and the service")
	flag.Parse()
	if *url == "" || *roots == "" {
		fmt.Fprintln(os.Stderr, "bootstrap-device: -url and -roots are required (CmdArgs in app_manifest.json)")
		os.Exit(2)
	}
	path, err := imagePath(*roots)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bootstrap-device:", err)
		os.Exit(1)
	}
	ctx := deadlineContext(time.Now().Add(*wait))
	err = run(ctx, os.Stdout, config{url: *url, roots: path, timeout: *timeout})
	if err != nil {
		fmt.Fprintln(os.Stderr, "bootstrap-device:", err)
		os.Exit(1)
	}
}

// deadlineContext is a context that ends at deadline, without a timer: context.WithTimeout
// starts one, which needs goroutines, and a device program built with TinyGo's default
// scheduler has none. The program and the curl client only ask Err and Deadline; Done is
// never closed.
type deadlineContext time.Time

func (d deadlineContext) Deadline() (time.Time, bool) { return time.Time(d), true }
func (d deadlineContext) Done() <-chan struct{}       { return nil }
func (d deadlineContext) Value(any) any               { return nil }

func (d deadlineContext) Err() error {
	if time.Now().After(time.Time(d)) {
		return context.DeadlineExceeded
	}
	return nil
}
