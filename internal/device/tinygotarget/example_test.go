package tinygotarget_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/azsphere-go/applibs/internal/device/tinygotarget"
)

// Example generates the target for a sysroot and writes it where tinygo build -target can
// read it. The sysroot here is an empty copy of the layout CheckSysroot wants.
func Example() {
	dir, err := os.MkdirTemp("", "sysroot")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	for _, f := range []string{"usr/include/errno.h", "usr/lib/crt1.o", "usr/lib/crti.o", "usr/lib/crtn.o",
		"usr/lib/libc.so", "usr/lib/libapplibs.so", "usr/lib/libtlsutils.so"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Println(err)
			return
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			fmt.Println(err)
			return
		}
	}

	spec, err := tinygotarget.Generate(tinygotarget.Options{Sysroot: dir})
	if err != nil {
		fmt.Println(err)
		return
	}
	target := filepath.Join(dir, "azsphere.json")
	if err := os.WriteFile(target, spec, 0o644); err != nil {
		fmt.Println(err)
		return
	}
	// Then: tinygo build -target=azsphere.json -o approot/bin/app ./cmd/yourapp

	var t struct {
		Triple    string `json:"llvm-target"`
		Scheduler string `json:"scheduler"`
	}
	if err := json.Unmarshal(spec, &t); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Triple, "scheduler", t.Scheduler)
	// Output: armv7-unknown-linux-musleabihf scheduler none
}

// ExampleCheckSysroot shows the error for a directory that is not a sysroot.
func ExampleCheckSysroot() {
	err := tinygotarget.CheckSysroot(os.TempDir())
	fmt.Println(err != nil)
	// Output: true
}
