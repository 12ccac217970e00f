/*
 * glibc-muslabi.c: linked into the programs built against the glibc test sysroot
 * (.ci/standin-sysroot.sh -glibc), through its libc.so linker script, ahead of glibc.
 *
 * TinyGo's runtime declares the few C library functions it calls itself, for musl. On 32-bit
 * ARM they have the same ABI in glibc 2.34 and later (write, usleep, __clock_gettime64,
 * getrandom, setenv, exit, ...) except mmap: musl's off_t is 64 bits, glibc's 32 unless
 * _FILE_OFFSET_BITS=64, so glibc's mmap would take its offset from the padding word before
 * the 64-bit offset TinyGo passes on the stack, and fail with EINVAL whenever that word is
 * not a multiple of the page size. This mmap has the musl signature and calls glibc's
 * mmap64. It is hidden: the program's own calls bind to it, and it is not exported, so the
 * libraries' calls of glibc's mmap are left alone.
 * Not part of the device ABI: device programs use musl.
 */
#include <stddef.h>

void *mmap64(void *addr, size_t length, int prot, int flags, int fd, long long offset);

__attribute__((visibility("hidden"))) void *mmap(void *addr, size_t length, int prot, int flags, int fd,
                                                 long long offset) {
    return mmap64(addr, length, prot, flags, fd, offset);
}
