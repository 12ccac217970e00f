//go:build unix

package certstore_test

import (
	"syscall"
	"time"
)

// processCPUTime returns the user and system CPU time the process has used. Benchmarks report
// it per operation besides the wall time: on a loaded machine it is the steadier figure.
func processCPUTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
