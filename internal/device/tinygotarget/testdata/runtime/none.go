//go:build !scheduler.tasks

package main

// goroutines has nothing to check without the tasks scheduler: a go statement does not
// compile.
func goroutines() {}
