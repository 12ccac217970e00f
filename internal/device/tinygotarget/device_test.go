package tinygotarget

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// These tests build programs with TinyGo for a generated target and check that they have
// the device's shape, then run them under qemu-arm. They need:
//
//   - AZSPHERE_SYSROOT: an SDK sysroot, or the stand-in that .ci/standin-sysroot.sh DIR makes.
//     Without it the tests skip (also in CI: .ci/tinygo.sh is the CI step that sets it).
//   - tinygo (TinyGo 0.33; TINYGO names the binary, else PATH) and, to run the programs,
//     qemu-arm. When AZSPHERE_SYSROOT is set and CI=true, a missing tool fails the test.
//
// The programs run only against a stand-in sysroot (it has STANDIN.txt): the SDK's
// libapplibs needs the device's OS.

// toolchain is what the tests found.
type toolchain struct {
	tinygo  string
	sysroot string
	standin bool
}

// need returns the toolchain, or skips (fails in CI) naming what is missing.
func need(t *testing.T) toolchain {
	t.Helper()
	sysroot := os.Getenv("AZSPHERE_SYSROOT")
	if sysroot == "" {
		t.Skip("AZSPHERE_SYSROOT is not set: set it to an Azure Sphere SDK sysroot (<SDK>/Sysroots/<API set>) " +
			"or make a stand-in with .ci/standin-sysroot.sh DIR (CI: .ci/tinygo.sh)")
	}
	if err := CheckSysroot(sysroot); err != nil {
		t.Fatalf("AZSPHERE_SYSROOT: %v", err)
	}
	missing := func(what string) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatal(what)
		}
		t.Skip(what)
	}
	tinygo := os.Getenv("TINYGO")
	if tinygo == "" {
		var err error
		if tinygo, err = exec.LookPath("tinygo"); err != nil {
			missing("tinygo not found: install TinyGo 0.33 (https://github.com/tinygo-org/tinygo/releases), " +
				"put it on PATH or set TINYGO to its path")
		}
	}
	_, err := os.Stat(filepath.Join(sysroot, "STANDIN.txt"))
	return toolchain{tinygo: tinygo, sysroot: sysroot, standin: err == nil}
}

// build generates a target with o (Sysroot filled in) and builds testdata/prog with it.
func (tc toolchain) build(t *testing.T, o Options, prog string) string {
	t.Helper()
	o.Sysroot = tc.sysroot
	spec, err := Generate(o)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "azsphere.json")
	if err := os.WriteFile(target, spec, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, prog)
	cmd := exec.Command(tc.tinygo, "build", "-target="+target, "-o", out, ".")
	cmd.Dir = filepath.Join("testdata", prog)
	if b, err := cmd.CombinedOutput(); err != nil {
		hint := ""
		if bytes.Contains(b, []byte("requires go version")) {
			hint = "\n(TinyGo 0.33 needs Go 1.19 to 1.23 as its go command: set GOTOOLCHAIN=go1.23.12)"
		}
		t.Fatalf("tinygo build %s: %v\n%s%s", prog, err, b, hint)
	}
	return out
}

// buildPackage generates a target with o and builds the module's package pkg (a path from
// the repository root, such as ./examples/wifi) with it.
func (tc toolchain) buildPackage(t *testing.T, o Options, pkg string) string {
	t.Helper()
	o.Sysroot = tc.sysroot
	spec, err := Generate(o)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "azsphere.json")
	if err := os.WriteFile(target, spec, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.Command(tc.tinygo, "build", "-target="+target, "-o", out, pkg)
	cmd.Dir = filepath.Join("..", "..", "..")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tinygo build %s: %v\n%s", pkg, err, b)
	}
	return out
}

// run runs a program under qemu-arm with the sysroot as its root and returns its output. It
// skips (fails in CI) without qemu-arm, and skips for a sysroot that is not a stand-in.
func (tc toolchain) run(t *testing.T, prog string) string {
	t.Helper()
	return tc.runEnv(t, prog, nil)
}

// runEnv is run with extra environment variables for the stand-in (AZSG_STANDIN_*).
func (tc toolchain) runEnv(t *testing.T, prog string, env []string) string {
	t.Helper()
	if !tc.standin {
		t.Skipf("%s is the SDK's sysroot, not a stand-in: its libraries need the device", tc.sysroot)
	}
	qemu, err := exec.LookPath("qemu-arm")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("qemu-arm not found: install qemu-user")
		}
		t.Skip("qemu-arm not found: install qemu-user")
	}
	cmd := exec.Command(qemu, "-L", tc.sysroot, prog)
	cmd.Env = append(append(os.Environ(), "AZSG_STANDIN_ROOTCA="), env...)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("qemu-arm %s: %v\n%s", filepath.Base(prog), err, b)
	}
	return string(b)
}

// muslInternals are symbols that only a statically linked musl defines in a program.
var muslInternals = []string{"__init_libc", "__libc_start_init", "__init_tls", "__libc", "__stdio_write",
	"__syscall_ret", "__errno_location", "__libc_start_main"}

// checkShape checks that the ELF file at path is what the device loads: a 32-bit ARM EABI5
// hard-float executable with musl's loader as interpreter, needing exactly the libraries in
// need, and with the C library linked dynamically.
func checkShape(t *testing.T, path string, need []string) {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Class != elf.ELFCLASS32 || f.Data != elf.ELFDATA2LSB || f.Machine != elf.EM_ARM {
		t.Errorf("%s is %v %v %v, want ELFCLASS32 ELFDATA2LSB EM_ARM", path, f.Class, f.Data, f.Machine)
	}
	// e_flags (offset 36 in an ELF32 header; debug/elf does not expose it): EABI version 5,
	// hard-float calling convention.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	hdr := raw[:52]
	const efEABIMask, efEABI5, efHardFloat = 0xff000000, 0x05000000, 0x400
	if flags := binary.LittleEndian.Uint32(hdr[36:]); flags&efEABIMask != efEABI5 || flags&efHardFloat == 0 {
		t.Errorf("e_flags %#x, want EABI version 5 (%#x) with the hard-float flag (%#x)", flags, efEABI5, efHardFloat)
	}

	var interp string
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			b := make([]byte, p.Filesz)
			if _, err := p.ReadAt(b, 0); err != nil {
				t.Fatal(err)
			}
			interp = string(bytes.TrimRight(b, "\x00"))
		}
	}
	if interp != Interpreter {
		t.Errorf("interpreter %q, want %q", interp, Interpreter)
	}

	libs, err := f.ImportedLibraries()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(libs)
	want := slices.Sorted(slices.Values(need))
	if !slices.Equal(libs, want) {
		t.Errorf("NEEDED %q, want %q", libs, want)
	}

	// The C library is linked dynamically: the start code's call of __libc_start_main is
	// left to the loader, and no musl-internal symbol is defined in the program.
	dyn, err := f.DynamicSymbols()
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(dyn, func(s elf.Symbol) bool { return s.Name == "__libc_start_main" }); i < 0 ||
		dyn[i].Section != elf.SHN_UNDEF {
		t.Errorf("__libc_start_main is not imported from libc.so: the C library is not dynamically linked")
	}
	syms, err := f.Symbols()
	if err != nil {
		t.Fatalf("symbols of %s: %v", path, err)
	}
	for _, s := range syms {
		if s.Section != elf.SHN_UNDEF && slices.Contains(muslInternals, s.Name) {
			t.Errorf("%s defines %s: the C library is (partly) linked statically", path, s.Name)
		}
	}

	// What the program costs in flash, before stripping symbols: every loadable byte.
	var load uint64
	for _, p := range f.Progs {
		if p.Type == elf.PT_LOAD {
			load += p.Filesz
		}
	}
	t.Logf("%s: %d bytes loadable (the MT3620 has 1 MiB of flash for applications)", filepath.Base(path), load)
	if load > 1<<20 {
		t.Errorf("%s: %d loadable bytes, over the 1 MiB flash budget", path, load)
	}
}

// TestDeviceShape builds a program that uses libapplibs and one that also uses libtlsutils,
// both linked as internal/device links (-lapplibs -ltlsutils), and checks their shape: only
// the libraries a program uses are NEEDED.
func TestDeviceShape(t *testing.T) {
	tc := need(t)
	for _, c := range []struct {
		prog string
		need []string
		want []string // lines of output under qemu-arm against the stand-in
	}{
		{"certstore", []string{"libc.so", "libapplibs.so"}, []string{"available space: 24576 bytes (AF_UNIX 1)"}},
		{"deviceauth", []string{"libc.so", "libapplibs.so", "libtlsutils.so"},
			[]string{"available space: 24576 bytes", "certificate path: /run/daa/abidouble-cert.pem"}},
	} {
		t.Run(c.prog, func(t *testing.T) {
			bin := tc.build(t, Options{}, c.prog)
			checkShape(t, bin, c.need)
			got := strings.Split(strings.TrimSpace(tc.run(t, bin)), "\n")
			if !slices.Equal(got, c.want) {
				t.Errorf("output %q, want %q", got, c.want)
			}
		})
	}
}

// TestRuntime runs a program that exercises TinyGo's runtime and the Go/C ABI (interface
// calls, panic and recover, garbage collection, errno, floating point across cgo,
// goroutines) with each scheduler the target offers.
func TestRuntime(t *testing.T) {
	tc := need(t)
	for _, sched := range []string{"none", "tasks"} {
		t.Run(sched, func(t *testing.T) {
			bin := tc.build(t, Options{Scheduler: sched}, "runtime")
			checkShape(t, bin, []string{"libc.so"})
			out := tc.run(t, bin)
			if !strings.HasPrefix(out, "ok") {
				t.Errorf("runtime checks failed:\n%s", out)
			}
			t.Logf("%s: %s", sched, strings.TrimSpace(out))
		})
	}
}

var stampRE = regexp.MustCompile(`at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC`)

// TestDevicePrograms builds the device programs of examples/ with TinyGo for the target, checks
// their shape, runs them under qemu-arm against the stand-in (the C ABI double as
// libapplibs, set up through AZSG_STANDIN_* as the program's world) and compares their output
// with the program's testdata/device.txt. The simulator builds of the same programs are
// tested in their own packages.
func TestDevicePrograms(t *testing.T) {
	tc := need(t)
	for _, c := range []struct {
		pkg  string
		need []string
		env  []string
	}{
		{"./examples/certificates", []string{"libc.so", "libapplibs.so"},
			[]string{"AZSG_STANDIN_KEY_PASSWORD=sample key password"}},
		{"./examples/wifi", []string{"libc.so", "libapplibs.so"},
			[]string{"AZSG_STANDIN_AP=Contoso Office,0250f2000001,2437,-48,2,sample passphrase;" +
				"Contoso Office,0250f2000002,5180,-61,2,sample passphrase;Contoso Guest,0250f2000003,2462,-70,1"}},
	} {
		t.Run(filepath.Base(c.pkg), func(t *testing.T) {
			bin := tc.buildPackage(t, Options{}, c.pkg)
			checkShape(t, bin, c.need)
			// The double stamps diagnostics with the real clock.
			got := stampRE.ReplaceAllString(tc.runEnv(t, bin, c.env), "at <time> UTC")
			golden := filepath.Join("..", "..", "..", c.pkg, "testdata", "device.txt")
			checkGolden(t, golden, got)
			if fi, err := os.Stat(bin); err == nil {
				t.Logf("%s: %d bytes (not stripped)", c.pkg, fi.Size())
			}
		})
	}
}

// checkGolden compares a program's output under qemu-arm with its golden file, after
// writing the file first when UPDATE_GOLDEN=1.
func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if os.Getenv("UPDATE_GOLDEN") == "1" {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output under qemu-arm:\n%s\nwant (%s):\n%s", got, golden, want)
	}
}
