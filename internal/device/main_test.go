//go:build abidouble && cgo && !azsphere

package device_test

import (
	"os"
	"testing"
	_ "time/tzdata" // the zone below, also under qemu-arm without the target's zoneinfo
)

// TestMain runs the tests in a time zone far from UTC with a fractional offset, unless TZ
// is set: a binding that converted a struct tm with mktime (local time) would be off.
func TestMain(m *testing.M) {
	if os.Getenv("TZ") == "" {
		os.Setenv("TZ", "Asia/Kathmandu") // UTC+05:45
	}
	os.Exit(m.Run())
}
