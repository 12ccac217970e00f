package tinygotarget

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Interpreter is the ELF interpreter of a device program: musl's dynamic loader for
// hard-float ARM, as the device has it.
const Interpreter = "/lib/ld-musl-armhf.so.1"

// Defaults of Options.
const (
	DefaultScheduler = "none"
	DefaultGC        = "conservative"
	DefaultStackSize = 16 << 10
)

// Options says what to generate. Only Sysroot is required.
type Options struct {
	// Sysroot is the sysroot to compile and link against: <SDK>/Sysroots/<API set> of the
	// Azure Sphere SDK, or a stand-in with the same layout (usr/include, usr/lib, lib). It is
	// written into the target as an absolute path.
	Sysroot string

	// Scheduler is TinyGo's scheduler: "none" (the default: the program runs on the
	// process's stack and cannot start goroutines) or "tasks" (goroutines, each on a stack
	// of StackSize bytes taken from the heap). "asyncify" exists only for WebAssembly.
	Scheduler string

	// StackSize is the size in bytes of a goroutine's stack with the tasks scheduler,
	// main's included (TinyGo's default-stack-size); DefaultStackSize when 0. It is ignored
	// by the none scheduler.
	StackSize int

	// GC is TinyGo's garbage collector: "conservative" (the default), "precise" or
	// "leaking" (never frees: only for programs that allocate a bounded amount).
	GC string
}

// spec is the subset of TinyGo's target specification (compileopts.TargetSpec) that a
// device target sets, in the order TinyGo declares it.
type spec struct {
	Triple           string   `json:"llvm-target"`
	CPU              string   `json:"cpu"`
	Features         string   `json:"features"`
	GOOS             string   `json:"goos"`
	GOARCH           string   `json:"goarch"`
	BuildTags        []string `json:"build-tags"`
	GC               string   `json:"gc"`
	Scheduler        string   `json:"scheduler"`
	Linker           string   `json:"linker"`
	RTLib            string   `json:"rtlib"`
	DefaultStackSize int      `json:"default-stack-size"`
	CFlags           []string `json:"cflags"`
	LDFlags          []string `json:"ldflags"`
	ExtraFiles       []string `json:"extra-files"`
	Emulator         string   `json:"emulator,omitempty"`
}

// features is the feature set of TinyGo's linux/arm GOARM=7 hard-float target with VFPv4
// added: the Cortex-A7 has NEON and VFPv4 with 32 double registers, and no ARMv8 extensions.
// Go code is ARM, not Thumb-2 (see the package documentation).
const features = "+armv7-a,+d32,+dsp,+fp64,+neon,+vfp2,+vfp2sp,+vfp3,+vfp3d16,+vfp3d16sp," +
	"+vfp3sp,+vfp4,+vfp4d16,+vfp4d16sp,+vfp4sp,-aes,-fp-armv8,-fp-armv8d16,-fp-armv8d16sp," +
	"-fp-armv8sp,-fp16,-fp16fml,-fullfp16,-sha2,-thumb-mode"

// Generate returns the TinyGo target specification (JSON) for the device and the sysroot in
// o, for `tinygo build -target=FILE`. It fails when an option is invalid or the sysroot lacks
// a file the link needs.
func Generate(o Options) ([]byte, error) {
	if o.Sysroot == "" {
		return nil, errors.New("tinygotarget: no sysroot given")
	}
	root, err := filepath.Abs(o.Sysroot)
	if err != nil {
		return nil, fmt.Errorf("tinygotarget: sysroot %s: %w", o.Sysroot, err)
	}
	if err := CheckSysroot(root); err != nil {
		return nil, err
	}
	sched := o.Scheduler
	switch sched {
	case "":
		sched = DefaultScheduler
	case "none", "tasks":
	case "asyncify":
		return nil, errors.New("tinygotarget: scheduler asyncify exists only for WebAssembly; use none or tasks")
	default:
		return nil, fmt.Errorf("tinygotarget: unknown scheduler %q; use none or tasks", o.Scheduler)
	}
	gc := o.GC
	switch gc {
	case "":
		gc = DefaultGC
	case "conservative", "precise", "leaking":
	default:
		return nil, fmt.Errorf("tinygotarget: unknown garbage collector %q; use conservative, precise or leaking", o.GC)
	}
	stack := o.StackSize
	switch {
	case stack == 0:
		stack = DefaultStackSize
	case stack < 4096 || stack%8 != 0:
		return nil, fmt.Errorf("tinygotarget: stack size %d: want a multiple of 8, at least 4096", o.StackSize)
	}

	usrlib := filepath.Join(root, "usr", "lib")
	s := spec{
		Triple:    "armv7-unknown-linux-musleabihf",
		CPU:       "cortex-a7",
		Features:  features,
		GOOS:      "linux",
		GOARCH:    "arm",
		BuildTags: []string{"linux", "arm", "azsphere"},
		GC:        gc,
		Scheduler: sched,
		Linker:    "ld.lld",
		// compiler-rt: TinyGo builds it for the target (division and other helpers).
		RTLib:            "compiler-rt",
		DefaultStackSize: stack,
		// No "libc": TinyGo then neither builds nor links its own musl, and C code (cgo
		// preambles included) sees the sysroot's headers only.
		CFlags: []string{
			"--sysroot=" + root,
			"-nostdlibinc",
			"-isystem", filepath.Join(root, "usr", "include"),
			"-mfloat-abi=hard",
			"-mfpu=neon-vfpv4",
		},
		LDFlags: []string{
			"--gc-sections",
			// A library is NEEDED only when the program uses one of its symbols: the device
			// package asks for -lapplibs -ltlsutils, and a program that does not use device
			// authentication does not load libtlsutils.
			"--as-needed",
			"--dynamic-linker=" + Interpreter,
			// One element each: TinyGo rejects a target that repeats a value ("-L").
			"-L" + usrlib,
			"-L" + filepath.Join(root, "lib"),
			// The EHABI personality routines that .ARM.exidx entries name. No library of a
			// TinyGo link defines them and nothing ever unwinds through Go frames, so they are
			// defined as absolute zero; a stock TinyGo 0.33 then links (see the package doc).
			"--defsym=__aeabi_unwind_cpp_pr0=0",
			"--defsym=__aeabi_unwind_cpp_pr1=0",
			"--defsym=__aeabi_unwind_cpp_pr2=0",
			filepath.Join(usrlib, "crt1.o"),
			filepath.Join(usrlib, "crti.o"),
			"-lc",
			filepath.Join(usrlib, "crtn.o"),
		},
		// TinyGo's runtime files for linux/arm, relative to TINYGOROOT.
		ExtraFiles: []string{
			"src/runtime/asm_arm.S",
			"src/internal/task/task_stack_arm.S",
			"src/runtime/runtime_unix.c",
		},
	}
	// TinyGo splits the emulator command at spaces: leave it out for a path with spaces.
	if !strings.ContainsAny(root, " \t") {
		s.Emulator = "qemu-arm -L " + root + " {}"
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sysrootFiles are the files of a sysroot that a device build needs, with what needs them.
var sysrootFiles = []struct{ path, why string }{
	{"usr/include/errno.h", "the C library's headers"},
	{"usr/lib/crt1.o", "the program's start code"},
	{"usr/lib/crti.o", "the program's start code"},
	{"usr/lib/crtn.o", "the program's start code"},
	{"usr/lib/libapplibs.so", "the certstore, wificonfig and application functions"},
	{"usr/lib/libtlsutils.so", "the deviceauth functions, which internal/device links"},
}

// CheckSysroot reports whether dir has the layout of an Azure Sphere sysroot with every file
// a device build needs. The error names each missing file.
func CheckSysroot(dir string) error {
	if fi, err := os.Stat(dir); err != nil {
		return fmt.Errorf("tinygotarget: sysroot: %w", err)
	} else if !fi.IsDir() {
		return fmt.Errorf("tinygotarget: sysroot %s is not a directory", dir)
	}
	var missing []string
	for _, f := range sysrootFiles {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f.path))); err != nil {
			missing = append(missing, fmt.Sprintf("%s (%s)", f.path, f.why))
		}
	}
	if !exists(dir, "usr/lib/libc.so") && !exists(dir, "lib/libc.so") {
		missing = append(missing, "usr/lib/libc.so or lib/libc.so (the C library, musl)")
	}
	if len(missing) > 0 {
		return fmt.Errorf("tinygotarget: %s is not an Azure Sphere sysroot (<SDK>/Sysroots/<API set>): missing %s",
			dir, strings.Join(missing, ", "))
	}
	return nil
}

func exists(dir, rel string) bool {
	_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel)))
	return err == nil
}
