/*
 * seed.c: linked into the stand-in libapplibs.so that .ci/standin-sysroot.sh builds from the
 * C ABI double (internal/device/abidouble). The double's state lives in the process, so a
 * program started under qemu-arm would always see an empty store. When the library is loaded,
 * this resets the double to its defaults (every capability, a 24 KiB certificate store) and
 * installs the root CA certificates named in the environment variable AZSG_STANDIN_ROOTCA, a
 * colon-separated list of ID=FILE with FILE in PEM, through CertStore_InstallRootCACertificate.
 * A failure is reported on stderr and the rest of the list is still installed.
 *
 * Two more variables set up the rest of the double's world, as a test does through its Go API:
 * AZSG_STANDIN_KEY_PASSWORD is the password of encrypted keys (the double has no cipher: it
 * accepts an encrypted key with this password), and AZSG_STANDIN_AP puts access points in
 * range: a semicolon-separated list of SSID,BSSID,MHz,dBm,SECURITY[,PSK] with BSSID as 12 hex
 * digits and SECURITY 1 (open) or 2 (WPA2-PSK). With AZSG_STANDIN_MEMORY=1 the library prints
 * the program's resident writable memory (internal/device/cfloor/memory.h) to stderr when it
 * exits: a figure for any program, measured as for the C floor.
 * Not part of the device ABI.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abidouble.h"
#include "memory.h"

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

static void seed_ap(char *entry) {
    char *f[6] = {0};
    int n = 0;
    for (char *p = entry; p != NULL && n < 6; n++) {
        f[n] = p;
        p = strchr(p, ',');
        if (p != NULL) *p++ = 0;
    }
    uint8_t bssid[6];
    unsigned b[6];
    if (n < 5 || strlen(f[1]) != 12 ||
        sscanf(f[1], "%2x%2x%2x%2x%2x%2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6) {
        fprintf(stderr, "stand-in libapplibs: AZSG_STANDIN_AP entry is not SSID,BSSID,MHz,dBm,SECURITY[,PSK]\n");
        return;
    }
    for (int i = 0; i < 6; i++) bssid[i] = (uint8_t)b[i];
    const char *psk = n > 5 ? f[5] : "";
    if (abidouble_set_access_point((const uint8_t *)f[0], strlen(f[0]), bssid, (uint32_t)atoi(f[2]),
                                   (int8_t)atoi(f[3]), (uint8_t)atoi(f[4]), psk, strlen(psk), false) != 0)
        fprintf(stderr, "stand-in libapplibs: access point %s refused\n", f[0]);
}

static void report_memory(void) {
    fprintf(stderr, "resident writable memory: %lu KiB\n", resident_writable_kib(NULL));
}

__attribute__((constructor)) static void seed(void) {
    abidouble_reset();
    const char *mem = getenv("AZSG_STANDIN_MEMORY");
    if (mem != NULL && strcmp(mem, "1") == 0) atexit(report_memory);
    const char *pw = getenv("AZSG_STANDIN_KEY_PASSWORD");
    if (pw != NULL && *pw != 0) abidouble_set_key_password(pw);
    const char *aps = getenv("AZSG_STANDIN_AP");
    if (aps != NULL && *aps != 0) {
        char *copy = strdup(aps);
        for (char *entry = copy, *next; copy != NULL && entry != NULL; entry = next) {
            next = strchr(entry, ';');
            if (next != NULL) *next++ = 0;
            if (*entry != 0) seed_ap(entry);
        }
        free(copy);
    }
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
