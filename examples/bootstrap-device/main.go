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
	ctx, cancel := context.WithTimeout(context.Background(), *wait)
	err = run(ctx, os.Stdout, config{url: *url, roots: path, timeout: *timeout})
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bootstrap-device:", err)
		os.Exit(1)
	}
}
