/*
 * seed.c: linked into the stand-in libapplibs.so that .ci/standin-sysroot.sh builds from the
 * C ABI double (internal/device/abidouble). The double's state lives in the process, so a
 * program started under qemu-arm would always see an empty store. When the library is loaded,
 * this resets the double to its defaults (every capability, a 24 KiB certificate store) and
 * installs the root CA certificates named in the environment variable AZSG_STANDIN_ROOTCA, a
 * colon-separated list of ID=FILE with FILE in PEM, through CertStore_InstallRootCACertificate.
 * A failure is reported on stderr and the rest of the list is still installed.
 * Not part of the device ABI.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abidouble.h"

static void seed_one(char *entry) {
    char *eq = strchr(entry, '=');
    if (eq == NULL || eq == entry || eq[1] == 0) {
        fprintf(stderr, "stand-in libapplibs: AZSG_STANDIN_ROOTCA entry %s is not ID=FILE\n", entry);
        return;
    }
    *eq = 0;
    const char *id = entry, *file = eq + 1;
    static char pem[AD_CERTSTORE_MAX_CERT_SIZE + 1];
    FILE *f = fopen(file, "rb");
    if (f == NULL) {
        fprintf(stderr, "stand-in libapplibs: seeding %s: %s: %s\n", id, file, strerror(errno));
        return;
    }
    size_t n = fread(pem, 1, sizeof pem, f);
    fclose(f);
    if (n > AD_CERTSTORE_MAX_CERT_SIZE) {
        fprintf(stderr, "stand-in libapplibs: seeding %s: %s is over %d bytes\n", id, file,
                AD_CERTSTORE_MAX_CERT_SIZE);
        return;
    }
    if (CertStore_InstallRootCACertificate(id, pem, n) != 0) {
        fprintf(stderr, "stand-in libapplibs: seeding %s from %s: %s\n", id, file, strerror(errno));
    }
}

__attribute__((constructor)) static void seed(void) {
    abidouble_reset();
    const char *list = getenv("AZSG_STANDIN_ROOTCA");
    if (list == NULL || *list == 0) return;
    char *copy = strdup(list);
    if (copy == NULL) return;
    for (char *entry = copy, *next; entry != NULL; entry = next) {
        next = strchr(entry, ':');
        if (next != NULL) *next++ = 0;
        if (*entry != 0) seed_one(entry);
    }
    free(copy);
}
