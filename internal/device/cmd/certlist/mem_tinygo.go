//go:build tinygo

package main

import (
	"fmt"
	"runtime"
)

// printRuntimeMemory prints the MemStats fields TinyGo fills.
func printRuntimeMemory() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("go runtime (tinygo): Sys %d KiB (HeapSys %d, GCSys %d); in use: HeapInuse %d KiB; TotalAlloc %d KiB, Mallocs %d, Frees %d\n",
		m.Sys/1024, m.HeapSys/1024, m.GCSys/1024, m.HeapInuse/1024, m.TotalAlloc/1024, m.Mallocs, m.Frees)
}
