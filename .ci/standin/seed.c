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
 *
 * Device authentication: the double starts not attested (Application_IsDeviceAuthReady says
 * false). AZSG_STANDIN_DAA=CERT:KEY[:RESULT] makes it ready, with DeviceAuth_SslCtxFunc
 * returning the DeviceAuthSslResult RESULT (default 0, success) and, on success, loading the
 * PEM files CERT (certificate chain) and KEY (private key) into the OpenSSL SSL_CTX libcurl
 * hands it (internal/device/abidouble/daa.c: only with an OpenSSL-backed libcurl, as in the
 * glibc test sysroot); DeviceAuth_GetCertificatePath returns CERT. Empty CERT and KEY load
 * nothing.
 *
 * The double's state ends with the process. With AZSG_STANDIN_REPORT set, the library prints
 * it to stderr when the program exits, as the C API shows it, in lines starting with
 * "stand-in state:": the certificates (identifier, subject), the stored networks (SSID,
 * security, enabled, client identity, certificate identifiers), the network ID of each
 * configuration name in the variable's value (a comma-separated list; "1" names none), how
 * often DeviceAuth_SslCtxFunc was called and the ABI violations the double saw; then it
 * reboots the double's Wi-Fi side (the stored configuration becomes the running one) and
 * prints the networks again.
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

static void seed_daa(const char *spec) {
    char *copy = strdup(spec);
    if (copy == NULL) return;
    char *f[3] = {copy, NULL, NULL};
    for (int i = 1; i < 3; i++) {
        f[i] = f[i - 1] ? strchr(f[i - 1], ':') : NULL;
        if (f[i] != NULL) *f[i]++ = 0;
    }
    if (f[1] == NULL) {
        fprintf(stderr, "stand-in libapplibs: AZSG_STANDIN_DAA is not CERT:KEY[:RESULT]\n");
        free(copy);
        return;
    }
    int result = f[2] != NULL ? atoi(f[2]) : DeviceAuthSslResult_Success;
    abidouble_set_daa(*f[0] ? f[0] : "/run/daa/abidouble-cert.pem", true, result);
    abidouble_set_daa_credentials(f[0], f[1]);
    free(copy);
}

static const char *report;

static void report_networks(const char *when) {
    struct z__WifiConfig_StoredNetwork_v1 nets[8];
    ssize_t n = z__WifiConfig_GetStoredNetworks((void *)nets, 8, AD_WIFICONFIG_STRUCTS_VERSION);
    if (n < 0) {
        fprintf(stderr, "stand-in state: %sstored networks: %s\n", when, strerror(errno));
        return;
    }
    fprintf(stderr, "stand-in state: %s%zd stored networks\n", when, n);
    for (ssize_t i = 0; i < n; i++) {
        WifiConfig_ClientIdentity ident = {{0}};
        CertStore_Identifier client = {{0}}, root = {{0}};
        if (nets[i].security == WifiConfig_Security_Wpa2_EAP_TLS) {
            z__WifiConfig_GetNetworkOpt((int)i, z__WifiConfig_Attribute_Client_Identity, &ident, sizeof ident);
            z__WifiConfig_GetNetworkOpt((int)i, z__WifiConfig_Attribute_Client_CertStore_Identifier, &client,
                                        sizeof client);
            z__WifiConfig_GetNetworkOpt((int)i, z__WifiConfig_Attribute_RootCA_CertStore_Identifier, &root,
                                        sizeof root);
        }
        fprintf(stderr,
                "stand-in state: %snetwork %zd: ssid \"%.*s\", security %d, enabled %d, identity \"%s\", "
                "client certificate \"%s\", root CA \"%s\"\n",
                when, i, (int)nets[i].ssidLength, (const char *)nets[i].ssid, nets[i].security, nets[i].isEnabled,
                ident.identity, client.identifier, root.identifier);
    }
    if (strcmp(report, "1") == 0) return;
    char *names = strdup(report);
    for (char *name = names, *next; names != NULL && name != NULL; name = next) {
        next = strchr(name, ',');
        if (next != NULL) *next++ = 0;
        if (*name == 0) continue;
        int id = WifiConfig_GetNetworkIdByConfigName(name);
        if (id < 0)
            fprintf(stderr, "stand-in state: %sconfiguration name %s: %s\n", when, name, strerror(errno));
        else
            fprintf(stderr, "stand-in state: %sconfiguration name %s: network %d\n", when, name, id);
    }
    free(names);
}

static void report_state(void) {
    ssize_t count = CertStore_GetCertificateCount();
    fprintf(stderr, "stand-in state: %zd certificates\n", count);
    for (ssize_t i = 0; i < count; i++) {
        CertStore_Identifier id = {{0}};
        CertStore_SubjectName subject = {{0}};
        if (CertStore_GetCertificateIdentifierAt((size_t)i, &id) != 0) continue;
        if (z__CertStore_GetCertificateInfo(id.identifier, z__CertInfo_SubjectName, &subject, sizeof subject) != 0)
            snprintf(subject.name, sizeof subject.name, "(%s)", strerror(errno));
        fprintf(stderr, "stand-in state: certificate %s: subject %s\n", id.identifier, subject.name);
    }
    report_networks("");
    fprintf(stderr, "stand-in state: DeviceAuth_SslCtxFunc calls: %d\n", abidouble_daa_calls());
    char buf[1024];
    int v = abidouble_violations(buf, sizeof buf);
    fprintf(stderr, "stand-in state: ABI violations: %d%s%s\n", v, v ? ": " : "", v ? buf : "");
    abidouble_reboot();
    report_networks("after a reboot: ");
}

static void report_memory(void) {
    fprintf(stderr, "resident writable memory: %lu KiB\n", resident_writable_kib(NULL));
}

__attribute__((constructor)) static void seed(void) {
    abidouble_reset();
    /* atexit runs the last registered first: the memory is measured before the report. */
    report = getenv("AZSG_STANDIN_REPORT");
    if (report != NULL && *report != 0) atexit(report_state);
    const char *mem = getenv("AZSG_STANDIN_MEMORY");
    if (mem != NULL && strcmp(mem, "1") == 0) atexit(report_memory);
    const char *daa = getenv("AZSG_STANDIN_DAA");
    if (daa != NULL && *daa != 0) seed_daa(daa);
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
