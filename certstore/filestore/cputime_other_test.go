//go:build !unix

package filestore_test

import "time"

func processCPUTime() (time.Duration, bool) { return 0, false }
