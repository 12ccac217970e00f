/*
 * memory.h: print_resident_memory, the memory figure both certlist programs (C and, through
 * cgo, Go) report with -mem. It walks /proc/self/maps and, for every writable mapping (data,
 * bss, heaps, stacks: what a program costs in RAM when its code runs from flash), asks
 * mincore(2) which pages are resident. Under qemu-arm this measures the emulated program, not
 * the emulator: qemu translates /proc/self/maps and mincore for the guest, and a guest page
 * is resident only once the program (or the loader) touched it. Pages of the loader and libc
 * are counted, as they are on the device.
 */
#ifndef AZSG_CFLOOR_MEMORY_H
#define AZSG_CFLOOR_MEMORY_H

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* resident_writable_kib returns the resident writable memory in KiB, printing a line per
 * mapping to detail when it is not NULL. */
static inline unsigned long resident_writable_kib(FILE *detail) {
    static unsigned char vec[1024];
    char line[512];
    unsigned long total = 0;
    long page = sysconf(_SC_PAGESIZE);
    FILE *maps = fopen("/proc/self/maps", "r");
    if (maps == NULL) return 0;
    while (fgets(line, sizeof line, maps) != NULL) {
        unsigned long lo, hi, resident = 0;
        char perms[8], path[256] = "";
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &lo, &hi, perms, path) < 3) continue;
        if (perms[1] != 'w') continue;
        for (unsigned long a = lo; a < hi; a += sizeof vec * (unsigned long)page) {
            unsigned long len = hi - a;
            if (len > sizeof vec * (unsigned long)page) len = sizeof vec * (unsigned long)page;
            if (mincore((void *)a, len, vec) != 0) break;
            for (unsigned long i = 0; i < len / (unsigned long)page; i++) resident += vec[i] & 1;
        }
        resident *= (unsigned long)page / 1024;
        total += resident;
        if (detail != NULL)
            fprintf(detail, "resident %6lu KiB of %8lu KiB  %s %s\n", resident, (hi - lo) / 1024, perms,
                    path[0] ? path : "[anon]");
    }
    fclose(maps);
    return total;
}

static inline void print_resident_memory(FILE *out) {
    unsigned long total = resident_writable_kib(out);
    fprintf(out, "resident writable memory: %lu KiB\n", total);
}

#endif
