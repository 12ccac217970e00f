// Command azsphere-tinygo-target writes a TinyGo target for the Azure Sphere MT3620's
// high-level core, made for one sysroot of the Azure Sphere SDK:
//
//	go run github.com/azsphere-go/applibs/cmd/azsphere-tinygo-target \
//	    -sysroot "$SDK/Sysroots/$ARV" -o azsphere.json
//	tinygo build -target=azsphere.json -o approot/bin/app ./cmd/yourapp
//
// The programs it builds are what the device runs: ARMv7-A Cortex-A7 code with the
// hard-float ABI, dynamically linked against the sysroot's musl (interpreter
// /lib/ld-musl-armhf.so.1), libapplibs.so and, when the program uses device authentication,
// libtlsutils.so. The target sets the build tag azsphere, which selects this module's device
// backend. It works with a stock TinyGo 0.33.
//
// Flags:
//
//	-sysroot DIR     the SDK sysroot, <SDK>/Sysroots/<API set> (required)
//	-o FILE          where to write the target (default: standard output)
//	-scheduler S     none (default: no goroutines, the process's own stack) or tasks
//	-stack-size N    bytes of each goroutine's stack with -scheduler tasks (default 16384)
//	-gc G            conservative (default), precise or leaking
//
// The sysroot's path is written into the target, so generate it again when the SDK moves.
// See the package documentation of internal/device/tinygotarget for what the target does
// and why.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/azsphere-go/applibs/internal/device/tinygotarget"
)

func main() {
	var o tinygotarget.Options
	flag.StringVar(&o.Sysroot, "sysroot", "", "the Azure Sphere SDK sysroot, `DIR` = <SDK>/Sysroots/<API set> (required)")
	out := flag.String("o", "", "write the target to `FILE` instead of standard output")
	flag.StringVar(&o.Scheduler, "scheduler", tinygotarget.DefaultScheduler, "TinyGo scheduler: none or tasks")
	flag.IntVar(&o.StackSize, "stack-size", tinygotarget.DefaultStackSize, "goroutine stack size in bytes with -scheduler tasks")
	flag.StringVar(&o.GC, "gc", tinygotarget.DefaultGC, "garbage collector: conservative, precise or leaking")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: azsphere-tinygo-target -sysroot DIR [-o FILE] [flags]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 || o.Sysroot == "" {
		flag.Usage()
		os.Exit(2)
	}
	spec, err := tinygotarget.Generate(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "azsphere-tinygo-target:", err)
		os.Exit(1)
	}
	if *out == "" {
		_, err = os.Stdout.Write(spec)
	} else {
		err = os.WriteFile(*out, spec, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "azsphere-tinygo-target:", err)
		os.Exit(1)
	}
}
