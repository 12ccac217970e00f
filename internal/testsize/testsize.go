// Package testsize sizes the SDK's long test trials (crash kills, fuzz-like loops, lab
// scenarios): small by default so that go test ./... stays quick, smaller still with -short,
// and at full size when APPLIBS_TEST_FULL=1, which .ci/run sets.
package testsize

import (
	"os"
	"testing"
)

// EnvFull is the environment variable that selects full-size trials.
const EnvFull = "APPLIBS_TEST_FULL"

// Full reports whether long trials run at full size: EnvFull is "1" and -short is not set.
func Full() bool { return os.Getenv(EnvFull) == "1" && !testing.Short() }

// Pick returns the size of a trial: short under -short, full when Full reports true, def
// otherwise.
func Pick(short, def, full int) int {
	switch {
	case testing.Short():
		return short
	case Full():
		return full
	}
	return def
}
