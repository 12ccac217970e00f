/*
 * certlist.c: the C floor for internal/device/cmd/certlist. It makes the same applibs calls in
 * the same order (available space, then for each certificate its identifier, subject, issuer
 * and validity dates, which the SDK's static inline CertStore_GetCertificate* wrappers get from
 * z__CertStore_GetCertificateInfo) and prints the same lines, so that the size and memory of a
 * Go device program can be compared with what C needs for the same job. With -mem it prints
 * the resident writable memory of the process (see memory.h).
 *
 * It declares the ABI through the backend's own applibs.h, so it builds against any sysroot
 * (the SDK's or the stand-in of .ci/standin-sysroot.sh); .ci/tinygo.sh builds it with -Os and
 * the device's CPU flags and reports its size beside the Go programs'.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../applibs.h"
#include "memory.h"

static int fail(const char *fn) {
    fprintf(stderr, "certlist: %s: %s\n", fn, strerror(errno));
    return -1;
}

static int info(const char *id, enum azsg_CertInfoField field, void *out, size_t size) {
    if (z__CertStore_GetCertificateInfo(id, field, out, size) != 0) return fail("GetCertificateInfo");
    return 0;
}

int main(int argc, char **argv) {
    int mem = argc > 1 && strcmp(argv[1], "-mem") == 0;
    ssize_t space = CertStore_GetAvailableSpace();
    if (space < 0) {
        fail("GetAvailableSpace");
        return 1;
    }
    printf("available space: %zd bytes\n", space);
    ssize_t n = CertStore_GetCertificateCount();
    if (n < 0) {
        fail("GetCertificateCount");
        return 1;
    }
    for (ssize_t i = 0; i < n; i++) {
        struct azsg_CertStore_Identifier id;
        struct azsg_CertStore_Name subject, issuer;
        struct tm notBefore, notAfter;
        char from[32], to[32];
        if (CertStore_GetCertificateIdentifierAt((size_t)i, &id) != 0) {
            fail("GetCertificateIdentifierAt");
            continue;
        }
        id.identifier[sizeof id.identifier - 1] = 0;
        if (info(id.identifier, azsg_CertInfo_SubjectName, &subject, sizeof subject) != 0 ||
            info(id.identifier, azsg_CertInfo_IssuerName, &issuer, sizeof issuer) != 0 ||
            info(id.identifier, azsg_CertInfo_NotBefore, &notBefore, sizeof notBefore) != 0 ||
            info(id.identifier, azsg_CertInfo_NotAfter, &notAfter, sizeof notAfter) != 0) {
            continue;
        }
        subject.name[sizeof subject.name - 1] = 0;
        issuer.name[sizeof issuer.name - 1] = 0;
        strftime(from, sizeof from, "%Y-%m-%dT%H:%M:%SZ", &notBefore);
        strftime(to, sizeof to, "%Y-%m-%dT%H:%M:%SZ", &notAfter);
        printf("%s\t%s\t%s\t%s .. %s\n", id.identifier, subject.name, issuer.name, from, to);
    }
    if (mem) print_resident_memory(stdout);
    return 0;
}
