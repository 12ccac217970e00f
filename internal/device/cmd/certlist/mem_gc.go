//go:build !tinygo

package main

import (
	"fmt"
	"runtime"
)

func printRuntimeMemory() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("go runtime (gc): Sys %d KiB (HeapSys %d, StackSys %d, MSpanSys %d, GCSys %d, OtherSys %d); in use: HeapInuse %d KiB, StackInuse %d KiB; NumGC %d\n",
		m.Sys/1024, m.HeapSys/1024, m.StackSys/1024, m.MSpanSys/1024, m.GCSys/1024, m.OtherSys/1024,
		m.HeapInuse/1024, m.StackInuse/1024, m.NumGC)
}
