// Program runtime exercises what a device program relies on in TinyGo's runtime and in the
// C ABI between Go and the sysroot's musl: interface calls (through fmt), panic and
// recover, maps, generics, range-over-func iterators, garbage collection under pressure,
// errno through a C helper, floating point across cgo (hard-float ABI) and, with the tasks
// scheduler, goroutines. It prints "ok" and exits 0 when every check passed; otherwise it
// names the failed checks and exits 1.
package main

/*
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

static int close_errno(int fd) {
	errno = 0;
	close(fd);
	return errno;
}

static double scale(double x, float y, int n) { return x * y * n; }
*/
import "C"

import (
	"errors"
	"fmt"
	"iter"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
)

var failed []string

func check(name string, ok bool, format string, args ...any) {
	if !ok {
		failed = append(failed, name+": "+fmt.Sprintf(format, args...))
	}
}

type shape interface{ area() float64 }

type rect struct{ w, h float64 }

func (r rect) area() float64 { return r.w * r.h }

func (r rect) String() string { return "rect " + strconv.FormatFloat(r.area(), 'f', 1, 64) }

func sum[T int | float64](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func count(n int) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		for i := 0; i < n; i++ {
			if !yield(i, nil) {
				return
			}
		}
	}
}

// mustPanic panics with an error and recovers it. (TinyGo 0.33 recovers a panic call, not a
// runtime error such as a nil map assignment or an index out of range: those abort.)
func mustPanic() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	panic(errors.New("deliberate"))
}

func main() {
	var s shape = rect{3, 4}
	check("interface", fmt.Sprint(s) == "rect 12.0", "fmt.Sprint = %q", fmt.Sprint(s))

	err := mustPanic()
	check("recover", err != nil && strings.Contains(err.Error(), "deliberate"), "got %v", err)

	wrapped := fmt.Errorf("close: %w", syscall.Errno(C.close_errno(-1)))
	check("errno", errors.Is(wrapped, syscall.EBADF), "close(-1) gave %v, want EBADF", wrapped)

	got := float64(C.scale(1.5, 2, 3))
	check("hard-float", got == 9, "scale(1.5, 2, 3) = %v, want 9", got)

	check("generics", sum(1, 2, 3) == 6 && sum(0.5, 0.25) == 0.75, "sum wrong")

	n := 0
	for i, err := range count(10) {
		if err != nil || i == 5 {
			break
		}
		n++
	}
	check("iterator", n == 5, "counted %d, want 5", n)

	// Garbage: far more than the initial heap, with a live set that must survive.
	live := map[int][]byte{}
	for i := 0; i < 4000; i++ {
		b := make([]byte, 1024+i%512)
		b[0], b[len(b)-1] = byte(i), byte(i>>8)
		if i%100 == 0 {
			live[i] = b
		}
	}
	runtime.GC()
	keys := make([]int, 0, len(live))
	for k, b := range live {
		keys = append(keys, k)
		check("gc-live", b[0] == byte(k) && b[len(b)-1] == byte(k>>8), "object %d changed", k)
	}
	sort.Ints(keys)
	check("gc-live", len(keys) == 40 && keys[39] == 3900, "live keys %v", keys)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	check("gc-frees", ms.Frees > 0, "MemStats.Frees = 0 after 4000 allocations")

	goroutines()

	if len(failed) > 0 {
		fmt.Println("FAIL")
		for _, f := range failed {
			fmt.Println(f)
		}
		os.Exit(1)
	}
	fmt.Printf("ok (heap in use %d KiB, total allocated %d KiB)\n", ms.HeapInuse/1024, ms.TotalAlloc/1024)
}
