//go:build !unix

package certstore_test

import "time"

func processCPUTime() (time.Duration, bool) { return 0, false }
