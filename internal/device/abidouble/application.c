//go:build abidouble && cgo

/* application.c: device authentication (libtlsutils) and the application functions of the
 * double. */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static char daaPath[256];
static bool daaReady;
static int sslResult;
static void *lastSslCtx;
static size_t memKB[3];

#define MAX_CONNECTIONS 8
static struct {
    char componentId[40];
    int fd;
} allowed[MAX_CONNECTIONS];
static int nallowed;

void ad_app_reset(void) {
    snprintf(daaPath, sizeof daaPath, "%s", "/run/daa/abidouble-cert.pem");
    daaReady = false;
    sslResult = DeviceAuthSslResult_Success;
    lastSslCtx = NULL;
    memset(memKB, 0, sizeof memKB);
    nallowed = 0;
    ad_daa_reset();
}

void abidouble_set_daa(const char *path, bool ready, int result) {
    snprintf(daaPath, sizeof daaPath, "%s", path);
    daaReady = ready;
    sslResult = result;
}

void abidouble_set_memory(size_t totalKB, size_t userKB, size_t peakKB) {
    memKB[0] = totalKB;
    memKB[1] = userKB;
    memKB[2] = peakKB;
}

void abidouble_allow_connection(const char *componentId, int fd) {
    int i = 0;
    while (i < nallowed && strcasecmp(allowed[i].componentId, componentId) != 0) i++;
    if (i == nallowed) {
        if (nallowed == MAX_CONNECTIONS) return;
        nallowed++;
    }
    snprintf(allowed[i].componentId, sizeof allowed[0].componentId, "%s", componentId);
    allowed[i].fd = fd;
}

void *abidouble_last_sslctx(void) { return lastSslCtx; }

const char *DeviceAuth_GetCertificatePath(void) { return daaPath; }

DeviceAuthSslResult DeviceAuth_SslCtxFunc(void *sslctx) {
    lastSslCtx = sslctx;
    return (DeviceAuthSslResult)ad_daa_configure(sslctx, sslResult);
}

int Application_IsDeviceAuthReady(bool *outIsDeviceAuthReady) {
    int err = ad_take_fault("Application_IsDeviceAuthReady");
    if (err) {
        errno = err;
        return -1;
    }
    if (outIsDeviceAuthReady == NULL) {
        errno = EFAULT;
        return -1;
    }
    *outIsDeviceAuthReady = daaReady;
    return 0;
}

static int is_guid(const char *s) {
    for (int i = 0; i < 36; i++) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return 0;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return 0;
        }
    }
    return 1;
}

int Application_Connect(const char *componentId) {
    static const char fn[] = "Application_Connect";
    int err = ad_take_fault(fn);
    if (err) {
        errno = err;
        return -1;
    }
    long n = ad_cstring(fn, componentId, 36);
    if (n < 0) {
        if (errno == ERANGE) errno = EINVAL;
        return -1;
    }
    if (n != 36 || !is_guid(componentId)) {
        errno = EINVAL;
        return -1;
    }
    for (int i = 0; i < nallowed; i++) {
        if (strcasecmp(allowed[i].componentId, componentId) == 0) return allowed[i].fd;
    }
    errno = EACCES;
    return -1;
}

int z__Applications_GetMemoryInfo(z__Application_MemoryAttribute memoryAttribute, void *buffer,
                                  size_t capacity) {
    static const char fn[] = "z__Applications_GetMemoryInfo";
    int err = ad_take_fault(fn);
    if (err) {
        errno = err;
        return -1;
    }
    if (buffer == NULL) {
        errno = EFAULT;
        return -1;
    }
    if (capacity != sizeof(size_t)) {
        ad_violation("%s: capacity %zu, want %zu", fn, capacity, sizeof(size_t));
        errno = EINVAL;
        return -1;
    }
    if (memoryAttribute > z__Applications_MemoryAttribute_PeakUserModeMemoryUsageInKB) {
        errno = EINVAL;
        return -1;
    }
    memcpy(buffer, &memKB[memoryAttribute], sizeof(size_t));
    return 0;
}
