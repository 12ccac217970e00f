package wpa_test

import (
	"flag"
	"os"
	"testing"
)

// TestMain lets the lab tests, which spend their time waiting for the daemons' EAPOL timers
// rather than computing, run more at once than the default -parallel (GOMAXPROCS): each has
// its own network namespaces. An explicit -parallel wins.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", "8")
	}
	os.Exit(m.Run())
}
