/*
 * curlstub.c: the stand-in libcurl.so.4 that .ci/standin-sysroot.sh builds for the musl
 * stand-in sysroot. Debian ships no libcurl for musl, and a device program that uses
 * deviceauth/curl links -lcurl: this library lets such a program be built, checked for the
 * device's shape (NEEDED libcurl.so.4, as the SDK's libcurl is named) and measured, and lets
 * it run up to its first libcurl call. It exports the functions deviceauth/curl calls
 * (deviceauth/curl/curlabi.h), with libcurl's signatures, and every one of them fails:
 * curl_global_init with CURLE_FAILED_INIT, the constructors with NULL, the rest with
 * CURLE_FAILED_INIT or CURLM_BAD_HANDLE. No request is ever made. The end-to-end run of a
 * libcurl program uses the glibc test sysroot instead (standin-sysroot.sh -glibc), with
 * Debian's real libcurl.
 * Not part of the device ABI.
 */
#include <stddef.h>

#define CURLE_FAILED_INIT 2
#define CURLM_BAD_HANDLE 1

static const char failed[] = "stand-in libcurl: every call fails (the musl stand-in sysroot has no real libcurl)";

int curl_global_init(long flags) {
    (void)flags;
    return CURLE_FAILED_INIT;
}

char *curl_version(void) { return (char *)"libcurl-stand-in/0 (no TLS, every call fails)"; }

void *curl_easy_init(void) { return NULL; }

int curl_easy_setopt(void *curl, int option, ...) {
    (void)curl;
    (void)option;
    return CURLE_FAILED_INIT;
}

int curl_easy_getinfo(void *curl, int info, ...) {
    (void)curl;
    (void)info;
    return CURLE_FAILED_INIT;
}

void curl_easy_cleanup(void *curl) { (void)curl; }

const char *curl_easy_strerror(int code) { return code == 0 ? "No error" : failed; }

void *curl_slist_append(void *list, const char *s) {
    (void)list;
    (void)s;
    return NULL;
}

void curl_slist_free_all(void *list) { (void)list; }

void *curl_multi_init(void) { return NULL; }

int curl_multi_add_handle(void *multi, void *easy) {
    (void)multi;
    (void)easy;
    return CURLM_BAD_HANDLE;
}

int curl_multi_remove_handle(void *multi, void *easy) {
    (void)multi;
    (void)easy;
    return CURLM_BAD_HANDLE;
}

int curl_multi_perform(void *multi, int *running) {
    (void)multi;
    if (running != NULL) *running = 0;
    return CURLM_BAD_HANDLE;
}

int curl_multi_wait(void *multi, void *extra, unsigned int n, int timeoutMs, int *numfds) {
    (void)multi;
    (void)extra;
    (void)n;
    (void)timeoutMs;
    if (numfds != NULL) *numfds = 0;
    return CURLM_BAD_HANDLE;
}

void *curl_multi_info_read(void *multi, int *queued) {
    (void)multi;
    if (queued != NULL) *queued = 0;
    return NULL;
}

int curl_multi_cleanup(void *multi) {
    (void)multi;
    return CURLM_BAD_HANDLE;
}

const char *curl_multi_strerror(int code) { return code == 0 ? "No error" : failed; }
