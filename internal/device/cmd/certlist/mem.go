//go:build linux && cgo

package main

/*
#include <stdio.h>
#include "../../cfloor/memory.h"

static void azsg_print_resident_memory(void) { print_resident_memory(stdout); fflush(stdout); }
*/
import "C"

import "os"

// printMemory prints the runtime's figures, then the resident writable memory of the
// process (data, bss, heaps and stacks, libc and loader included).
func printMemory() {
	printRuntimeMemory()
	os.Stdout.Sync()
	C.azsg_print_resident_memory()
}
