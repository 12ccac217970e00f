//go:build !(linux && cgo)

package main

// printMemory prints the runtime's figures; the resident-memory walk needs Linux and cgo.
func printMemory() { printRuntimeMemory() }
