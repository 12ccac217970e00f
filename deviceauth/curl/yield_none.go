//go:build cgo && linux && tinygo && scheduler.none

package curl

// yield does nothing under TinyGo's none scheduler (the azsphere target's default): there
// are no other goroutines, and runtime.Gosched panics there.
func yield() {}
