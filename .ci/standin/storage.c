/*
 * storage.c: Storage_GetAbsolutePathInImagePackage (applibs/storage.h) for the stand-in
 * libapplibs.so that .ci/standin-sysroot.sh builds. The C ABI double (internal/device/abidouble)
 * has no image package. On the device the function returns the absolute path of a file in the
 * running application's image package, in memory the caller frees. The stand-in's image
 * package is the directory named by the environment variable AZSG_STANDIN_IMAGE, or the
 * current directory when it is not set; the file need not exist. A NULL or absolute
 * relativePath fails with EINVAL (the stand-in's reading of the SDK's documentation, not
 * checked on a device).
 * Not part of the device ABI.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *Storage_GetAbsolutePathInImagePackage(const char *relativePath) {
    if (relativePath == NULL || relativePath[0] == '/') {
        errno = EINVAL;
        return NULL;
    }
    char cwd[4096];
    const char *dir = getenv("AZSG_STANDIN_IMAGE");
    if (dir == NULL || *dir == 0) {
        if (getcwd(cwd, sizeof cwd) == NULL) return NULL;
        dir = cwd;
    }
    size_t n = strlen(dir) + 1 + strlen(relativePath) + 1;
    char *p = malloc(n);
    if (p == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    snprintf(p, n, "%s/%s", dir, relativePath);
    return p;
}
