package tinygotarget

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// layout is every file of a sysroot that CheckSysroot looks for, libc.so in usr/lib.
func layout() []string {
	files := []string{"usr/lib/libc.so"}
	for _, f := range sysrootFiles {
		files = append(files, f.path)
	}
	return files
}

// fakeSysroot makes a directory with the layout of an SDK sysroot (empty files), without the
// files in skip, and returns it.
func fakeSysroot(t *testing.T, skip ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "Sysroots", "16")
	for _, f := range layout() {
		if slices.Contains(skip, f) {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// decoded is what the tests read back from a generated target.
type decoded struct {
	spec
	Libc *string `json:"libc"`
}

func generate(t *testing.T, o Options) decoded {
	t.Helper()
	b, err := Generate(o)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", o, err)
	}
	var d decoded
	dec := json.NewDecoder(strings.NewReader(string(b)))
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("generated target does not decode: %v\n%s", err, b)
	}
	return d
}

func TestGenerateDefaults(t *testing.T) {
	root := fakeSysroot(t)
	d := generate(t, Options{Sysroot: root})
	usrlib := filepath.Join(root, "usr", "lib")

	if d.Libc != nil {
		t.Errorf(`target sets "libc": %q; TinyGo would then build and link its own musl statically`, *d.Libc)
	}
	got := map[string]any{
		"llvm-target": d.Triple, "cpu": d.CPU, "goos": d.GOOS, "goarch": d.GOARCH,
		"gc": d.GC, "scheduler": d.Scheduler, "linker": d.Linker, "rtlib": d.RTLib,
		"default-stack-size": d.DefaultStackSize, "build-tags": d.BuildTags,
		"emulator": d.Emulator,
	}
	emulator := "qemu-arm -L " + root + " {}"
	if strings.ContainsAny(root, " \t") { // a temporary directory with a space (Windows user name)
		emulator = ""
	}
	want := map[string]any{
		"llvm-target": "armv7-unknown-linux-musleabihf", "cpu": "cortex-a7", "goos": "linux", "goarch": "arm",
		"gc": "conservative", "scheduler": "none", "linker": "ld.lld", "rtlib": "compiler-rt",
		"default-stack-size": 16384, "build-tags": []string{"linux", "arm", "azsphere"},
		"emulator": emulator,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("target fields (-want +got):\n%s", diff)
	}
	for _, f := range []string{"+armv7-a", "+neon", "+vfp4", "+d32", "-thumb-mode", "-fp-armv8"} {
		if !slices.Contains(strings.Split(d.Features, ","), f) {
			t.Errorf("features %q lack %s", d.Features, f)
		}
	}

	// C code sees the sysroot's headers and no others but the compiler's own.
	wantC := []string{"--sysroot=" + root, "-nostdlibinc", "-isystem", filepath.Join(root, "usr", "include"),
		"-mfloat-abi=hard", "-mfpu=neon-vfpv4"}
	if diff := cmp.Diff(wantC, d.CFlags); diff != "" {
		t.Errorf("cflags (-want +got):\n%s", diff)
	}

	// The link: dynamic, against the sysroot, only what is used, EHABI symbols defined.
	l := d.LDFlags
	for _, f := range []string{"--gc-sections", "--dynamic-linker=/lib/ld-musl-armhf.so.1", "-L" + usrlib,
		"-L" + filepath.Join(root, "lib"), "--defsym=__aeabi_unwind_cpp_pr0=0",
		"--defsym=__aeabi_unwind_cpp_pr1=0", "--defsym=__aeabi_unwind_cpp_pr2=0"} {
		if !slices.Contains(l, f) {
			t.Errorf("ldflags %q lack %s", l, f)
		}
	}
	order := []string{"--as-needed", filepath.Join(usrlib, "crt1.o"), filepath.Join(usrlib, "crti.o"), "-lc",
		filepath.Join(usrlib, "crtn.o")}
	last := -1
	for _, f := range order {
		i := slices.Index(l, f)
		if i < 0 || i < last {
			t.Errorf("ldflags %q: want %q in this order", l, order)
			break
		}
		last = i
	}
	if slices.ContainsFunc(l, func(f string) bool { return f == "-static" || strings.HasSuffix(f, ".a") }) {
		t.Errorf("ldflags %q link something statically", l)
	}

	// Extra files are TinyGo's, relative to TINYGOROOT (TinyGo joins every entry to it).
	for _, f := range d.ExtraFiles {
		if filepath.IsAbs(f) || !strings.HasPrefix(f, "src/") {
			t.Errorf("extra file %q is not a path under TINYGOROOT/src", f)
		}
	}
}

// TestGenerateNoRepeats: TinyGo refuses a target in which a list repeats a value
// ("duplicate value '-L' in field LDFlags").
func TestGenerateNoRepeats(t *testing.T) {
	d := generate(t, Options{Sysroot: fakeSysroot(t)})
	for name, list := range map[string][]string{"cflags": d.CFlags, "ldflags": d.LDFlags,
		"extra-files": d.ExtraFiles, "build-tags": d.BuildTags} {
		seen := map[string]bool{}
		for _, v := range list {
			if seen[v] {
				t.Errorf("%s repeats %q: %q", name, v, list)
			}
			seen[v] = true
		}
	}
}

func TestGenerateOptions(t *testing.T) {
	root := fakeSysroot(t)
	for _, c := range []struct {
		o                Options
		sched, gc        string
		stack            int
		wantErrSubstring string
	}{
		{o: Options{Scheduler: "tasks"}, sched: "tasks", gc: "conservative", stack: 16384},
		{o: Options{Scheduler: "tasks", StackSize: 32 << 10}, sched: "tasks", gc: "conservative", stack: 32768},
		{o: Options{GC: "precise"}, sched: "none", gc: "precise", stack: 16384},
		{o: Options{GC: "leaking", StackSize: 4096}, sched: "none", gc: "leaking", stack: 4096},
		{o: Options{Scheduler: "asyncify"}, wantErrSubstring: "asyncify exists only for WebAssembly"},
		{o: Options{Scheduler: "coroutines"}, wantErrSubstring: `unknown scheduler "coroutines"`},
		{o: Options{GC: "none"}, wantErrSubstring: `unknown garbage collector "none"`},
		{o: Options{StackSize: 1024}, wantErrSubstring: "stack size 1024"},
		{o: Options{StackSize: 4100}, wantErrSubstring: "stack size 4100"},
		{o: Options{StackSize: -8}, wantErrSubstring: "stack size -8"},
	} {
		c.o.Sysroot = root
		b, err := Generate(c.o)
		if c.wantErrSubstring != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErrSubstring) {
				t.Errorf("Generate(%+v) = %v, want an error containing %q", c.o, err, c.wantErrSubstring)
			}
			if b != nil {
				t.Errorf("Generate(%+v) returned a target with its error", c.o)
			}
			continue
		}
		if err != nil {
			t.Errorf("Generate(%+v): %v", c.o, err)
			continue
		}
		d := generate(t, c.o)
		if d.Scheduler != c.sched || d.GC != c.gc || d.DefaultStackSize != c.stack {
			t.Errorf("Generate(%+v): scheduler %q gc %q stack %d, want %q %q %d", c.o,
				d.Scheduler, d.GC, d.DefaultStackSize, c.sched, c.gc, c.stack)
		}
	}
}

func TestGenerateSysroot(t *testing.T) {
	t.Run("relative", func(t *testing.T) {
		root := fakeSysroot(t)
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		rel, err := filepath.Rel(wd, root)
		if err != nil {
			t.Skipf("no relative path from %s to %s: %v", wd, root, err)
		}
		d := generate(t, Options{Sysroot: rel})
		if d.CFlags[0] != "--sysroot="+root {
			t.Errorf("relative sysroot %s written as %q, want the absolute %s", rel, d.CFlags[0], root)
		}
	})
	t.Run("libc in lib", func(t *testing.T) {
		root := fakeSysroot(t, "usr/lib/libc.so")
		if err := os.MkdirAll(filepath.Join(root, "lib"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "lib", "libc.so"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		generate(t, Options{Sysroot: root})
	})
	t.Run("space in path", func(t *testing.T) {
		root := filepath.Join(t.TempDir(), "Azure Sphere SDK")
		if err := os.Rename(fakeSysroot(t), root); err != nil {
			t.Fatal(err)
		}
		d := generate(t, Options{Sysroot: root})
		if d.Emulator != "" {
			t.Errorf("emulator %q for a sysroot path with a space; TinyGo would split it", d.Emulator)
		}
		if d.CFlags[0] != "--sysroot="+root {
			t.Errorf("cflags[0] = %q, want --sysroot=%s", d.CFlags[0], root)
		}
	})
}

func TestCheckSysroot(t *testing.T) {
	if _, err := Generate(Options{}); err == nil || !strings.Contains(err.Error(), "no sysroot") {
		t.Errorf("Generate without a sysroot = %v, want an error saying so", err)
	}
	for _, f := range layout() {
		root := fakeSysroot(t, f)
		err := CheckSysroot(root)
		if err == nil || !strings.Contains(err.Error(), f) || !strings.Contains(err.Error(), root) {
			t.Errorf("sysroot without %s: CheckSysroot = %v, want an error naming %s and %s", f, err, f, root)
		}
		if b, err := Generate(Options{Sysroot: root}); err == nil {
			t.Errorf("sysroot without %s: Generate succeeded:\n%s", f, b)
		}
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := CheckSysroot(file); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("CheckSysroot(a file) = %v, want an error saying it is not a directory", err)
	}
	if err := CheckSysroot(filepath.Join(t.TempDir(), "nonexistent")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("CheckSysroot(nonexistent) = %v, want an error wrapping fs.ErrNotExist", err)
	}
}
