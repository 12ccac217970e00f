// Package tinygotarget generates the TinyGo target with which device programs are built for
// the Azure Sphere MT3620's high-level core, against one sysroot of the Azure Sphere SDK
// (<SDK>/Sysroots/<API set>: usr/include, usr/lib, lib). Command
// github.com/azsphere-go/applibs/cmd/azsphere-tinygo-target is its user interface.
//
// TinyGo, not gc, is the toolchain for the device: an application has 1 MiB of flash and
// 256 KiB of RAM, and gc's smallest cgo program is 1.11 MiB. internal/device/cmd/certlist
// built with this target is 131 KiB stripped (gc: 1.69 MiB; the same program in C: 4.4 KiB)
// and has 84 KiB of writable memory resident once it has run, C library and libraries
// included (C: 68 KiB); a long-running program that keeps allocating settles at about 196 KiB
// (see below).
//
// # What the target makes
//
// A program that the device loads as its own toolchain's would be: ARMv7-A code for the
// Cortex-A7 (NEON, VFPv4 with 32 double registers) with the hard-float calling convention,
// dynamically linked with interpreter /lib/ld-musl-armhf.so.1 against the sysroot's musl
// (NEEDED libc.so), libapplibs.so and, only when the program calls a device-authentication
// function, libtlsutils.so. The sysroot's path is written into the target as an absolute
// path; generate the target again when the SDK moves.
//
//   - The target names no "libc". TinyGo then neither builds nor links its own musl, and C
//     code (cgo preambles and the package's C files) is compiled with -nostdlibinc against
//     the sysroot's usr/include only. TinyGo 0.33's own linux targets could not compile a
//     preamble that includes <errno.h> or <sys/socket.h> (its bundled musl headers lack
//     arch/generic on the include path); with the sysroot's headers that problem does not
//     arise.
//   - The link passes --as-needed: internal/device asks for -lapplibs -ltlsutils in every
//     device build, and a program that does not use deviceauth then does not load
//     libtlsutils (and what it loads in turn) on the device.
//   - The code generator names the EHABI personality routine __aeabi_unwind_cpp_pr0 in the
//     .ARM.exidx entries of Go functions (interface method wrappers, so any use of fmt), and no
//     library of a TinyGo link defines it: a stock TinyGo 0.33 fails with "undefined symbol:
//     __aeabi_unwind_cpp_pr0". The target defines __aeabi_unwind_cpp_pr0, pr1 and pr2 as
//     absolute zero with --defsym. The references are R_ARM_NONE markers that only ask for
//     the routine to be linked; TinyGo never unwinds through Go frames, so nothing calls
//     it. (TinyGo resolves "extra-files" against TINYGOROOT, so a stub file of this module
//     could not be listed there; linking libgcc_s, as the SDK's samples do, would add
//     NEEDED libgcc_s.so.1.)
//   - The build tag azsphere is set, so the device backend of this module is selected
//     without -tags azsphere (passing it does no harm).
//   - "emulator" is qemu-arm -L <sysroot>, so tinygo run works against a stand-in sysroot;
//     it is left out when the sysroot's path has a space (TinyGo splits the command there).
//
// With these, a stock TinyGo 0.33 builds device programs; the patches in the project's
// toolchain folder are not needed for them.
//
// # Scheduler, stack and garbage collector
//
// Measured with certlist listing three certificates against the stand-in sysroot under
// qemu-arm (resident writable pages counted with mincore: data, bss, heap, stacks, and the
// loader's, libc's and the libraries' own; the same program in C has 68 KiB):
//
//	scheduler none           84 KiB   Go heap in use 4 KiB; main on the process's stack
//	scheduler tasks, 16 KiB  100 KiB  heap in use 20 KiB, of which 16 KiB main's stack
//	scheduler tasks, 64 KiB  148 KiB  TinyGo's default stack size for linux
//
// The default is none: the program runs on the process's own stack, which the kernel grows
// on demand behind a guard page, and a go statement is a compile-time error. With tasks
// every goroutine, main's included, runs on a stack of a fixed size taken from the heap and
// zeroed (so all of it is resident), with no guard page: TinyGo checks a canary only when a
// goroutine switches, so an overflow can corrupt the heap before it is seen. certlist's main
// goroutine writes 9.3 KiB of its stack, C calls included; the device's libapplibs may need
// more than the stand-in. Choose tasks (with a stack of 16 KiB or more) only for programs
// that need goroutines; blocking system calls block every goroutine in TinyGo anyway.
//
// The collector is conservative by default. precise made certlist 1.1 KiB larger with the
// same memory use; leaking never frees memory and suits only programs that allocate a
// bounded amount. TinyGo's allocator takes the next free block after the last one it gave
// out and collects only when it has gone round the whole heap, so a program that keeps
// allocating touches all of it: the heap starts at 128 KiB (TinyGo 0.33's runtime_unix.go;
// a target cannot change it) and grows by a third when a collection leaves less than a third
// free. certlist listing the store 100 or 1000 times in a loop has 34 to 77 KiB of heap in
// use but all 128 KiB resident, 196 KiB in all; with the initial heap at 32 KiB (a one-line
// change to TinyGo's runtime) the same loop stays at 100 KiB.
//
// Go code is ARM, not Thumb-2, although Thumb-2 makes programs about a quarter smaller
// (certlist 102 KiB instead of 136 KiB): in TinyGo 0.33, recover in Thumb-2 code on Linux
// jumps back to an address without the Thumb bit and the program dies with SIGBUS (found
// with testdata/runtime; fmt recovers panics of String methods).
//
// # Limits of TinyGo 0.33 that device code must respect
//
// No two-result cgo call (r, err := C.f()); no C.bool in Go code; runtime.MemStats has only
// Sys, HeapSys, HeapIdle, HeapInuse, HeapReleased, TotalAlloc, Mallocs, Frees and GCSys;
// package net has no FileConn; runtime errors (nil map assignment, index out of range, nil
// dereference) abort the program instead of panicking recoverably.
//
// With the none scheduler, a go statement anywhere in the program's call graph fails the
// build ("attempted to start a goroutine without a scheduler"): context.WithCancel,
// WithTimeout and WithDeadline and time.AfterFunc have one, so a program that uses them needs
// tasks. A channel operation that would block (a receive from time.After's channel) and
// runtime.Gosched build but panic at run time ("scheduler is disabled"); time.Sleep works.
// examples/bootstrap-device is built with tasks and a 16 KiB stack: libcurl and the TLS
// library run on main's goroutine stack, and its request used 6.3 KiB of it against the
// glibc test sysroot (OpenSSL; the device's wolfSSL may need more).
//
// # Tests
//
// The unit tests check the generated target. TestDeviceShape and TestRuntime build programs
// in testdata with TinyGo and check their ELF files (class, machine, EABI flags,
// interpreter, NEEDED list, no statically linked C library) and run them under qemu-arm;
// TestDevicePrograms and TestBootstrapDeviceShape do the same for the device programs of
// examples/. They need AZSPHERE_SYSROOT (a sysroot, or the stand-in .ci/standin-sysroot.sh
// makes), tinygo (TINYGO or PATH) and qemu-arm; they skip without AZSPHERE_SYSROOT, and with
// it and CI=true a missing tool fails them. .ci/tinygo.sh runs them.
//
// The musl stand-in's libcurl is a stub that fails every call: Debian has no libcurl for
// musl. TestBootstrapDevice therefore runs examples/bootstrap-device end to end against the
// glibc test sysroot that .ci/standin-sysroot.sh -glibc DIR makes (AZSPHERE_GLIBC_SYSROOT):
// the same layout and the same generated target over Debian's armhf glibc, its libcurl (over
// OpenSSL) and the C ABI double, with the double's test DAA certificate presented to a local
// issuing service. TinyGo's runtime calls the C library through its own declarations, made
// for musl; on 32-bit ARM glibc 2.34 and later has the same ABI for them except mmap's
// offset, which the sysroot's libc.so adapts (.ci/standin/glibc-muslabi.c). That sysroot does
// not have the device's shape and its memory figures are glibc's and OpenSSL's, not the
// device's.
//
// Not verified here: the SDK's own sysroot and a device were not available. The stand-in
// has the SDK's layout, Debian's musl 1.2.3 for armhf and this module's C ABI double as
// libapplibs and libtlsutils.
package tinygotarget
