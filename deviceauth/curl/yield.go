//go:build cgo && linux && !(tinygo && scheduler.none)

package curl

import "runtime"

// yield lets other goroutines run between the steps of a transfer.
func yield() { runtime.Gosched() }
