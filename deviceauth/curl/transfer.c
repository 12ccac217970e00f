//go:build cgo && linux

/* transfer.c: see transfer.h. */

#include "transfer.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#if AZSG_CURL_DLOPEN
/* A host: libcurl is loaded at run time, so that building needs no libcurl development
 * files and a machine without libcurl gets an error instead of a program that cannot start.
 * RTLD_GLOBAL puts libcurl's TLS library in the global scope, where the tests' C double of
 * DeviceAuth_SslCtxFunc looks up the OpenSSL functions it calls. */
#include <dlfcn.h>
#include <stdio.h>

#define AZSG_FIELD(ret, name, args) ret(*name) args;
static struct {
    AZSG_CURL_FUNCS(AZSG_FIELD)
} fn;
#define CURL(name) fn.name

int azsg_load(char *err, size_t cap) {
    static const char *const names[] = {"libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4"};
    void *lib = NULL;
    char first[200] = "";
    for (size_t i = 0; lib == NULL && i < sizeof names / sizeof names[0]; i++) {
        lib = dlopen(names[i], RTLD_NOW | RTLD_GLOBAL);
        if (lib == NULL && i == 0) {
            const char *e = dlerror();
            snprintf(first, sizeof first, "%s", e ? e : "not found");
        }
    }
    if (lib == NULL) {
        snprintf(err, cap, "cannot load libcurl: %s", first);
        return -1;
    }
#define AZSG_LOOKUP(ret, name, args)                                                      \
    *(void **)(&fn.name) = dlsym(lib, #name);                                             \
    if (fn.name == NULL) {                                                                \
        snprintf(err, cap, "libcurl has no %s: it is older than this package needs", #name); \
        return -1;                                                                        \
    }
    AZSG_CURL_FUNCS(AZSG_LOOKUP)
    if (fn.curl_global_init(AZSG_CURL_GLOBAL_DEFAULT) != AZSG_CURLE_OK) {
        snprintf(err, cap, "curl_global_init failed");
        return -1;
    }
    return 0;
}
#else
/* The device: libcurl is linked (-lcurl). */
#include <stdio.h>

#define AZSG_DECLARE(ret, name, args) ret name args;
AZSG_CURL_FUNCS(AZSG_DECLARE)
#define CURL(name) name

int azsg_load(char *err, size_t cap) {
    if (curl_global_init(AZSG_CURL_GLOBAL_DEFAULT) != AZSG_CURLE_OK) {
        snprintf(err, cap, "curl_global_init failed");
        return -1;
    }
    return 0;
}
#endif

const char *azsg_version(void) { return CURL(curl_version)(); }
const char *azsg_strerror(int code) { return CURL(curl_easy_strerror)(code); }
const char *azsg_multi_strerror(int code) { return CURL(curl_multi_strerror)(code); }


/* grow appends p[0:n] to the buffer, which may hold at most max bytes. */
static int grow(char **buf, size_t *len, size_t *cap, size_t max, const char *p, size_t n) {
    if (n > max - *len) return AZSG_OVERFLOW_BODY;
    if (*len + n > *cap) {
        size_t c = *cap ? *cap * 2 : 4096;
        if (c < *len + n) c = *len + n;
        if (c > max) c = max;
        char *b = realloc(*buf, c);
        if (b == NULL) return AZSG_OVERFLOW_NOMEM;
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *len, p, n);
    *len += n;
    return 0;
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *userdata) {
    azsg_req *r = userdata;
    size_t n = size * nmemb;
    int o = grow(&r->body, &r->bodyLen, &r->bodyCap, r->bodyMax, p, n);
    if (o) {
        r->overflow = o;
        return 0; /* libcurl stops with CURLE_WRITE_ERROR */
    }
    return n;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *userdata) {
    azsg_req *r = userdata;
    size_t n = size * nmemb;
    if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) r->hdrLen = 0; /* a new response */
    int o = grow(&r->hdr, &r->hdrLen, &r->hdrCap, r->hdrMax, p, n);
    if (o) {
        r->overflow = o == AZSG_OVERFLOW_BODY ? AZSG_OVERFLOW_HEADER : o;
        return 0;
    }
    return n;
}

#if AZSG_HAVE_DAA
/* DeviceAuth_SslCtxFunc is called from whichever thread runs a transfer; calls are
 * serialized, as the SDK does not say it is thread safe. */
static pthread_mutex_t daaMu = PTHREAD_MUTEX_INITIALIZER;

/* on_ssl_ctx is the CURLOPT_SSL_CTX_FUNCTION callback: what DeviceAuth_CurlSslFunc does,
 * keeping the DeviceAuthSslResult for the error. */
static int on_ssl_ctx(void *curl, void *sslctx, void *userptr) {
    (void)curl;
    azsg_req *r = userptr;
    pthread_mutex_lock(&daaMu);
    int res = DeviceAuth_SslCtxFunc(sslctx);
    pthread_mutex_unlock(&daaMu);
    r->daaCalls++;
    r->daaResult = res;
    return res == 0 ? AZSG_CURLE_OK : AZSG_CURLE_SSL_CERTPROBLEM;
}
#endif

azsg_req *azsg_new(size_t bodyMax, size_t hdrMax) {
    azsg_req *r = calloc(1, sizeof *r);
    if (r == NULL) return NULL;
    r->bodyMax = bodyMax;
    r->hdrMax = hdrMax;
    r->daaResult = -1;
    r->easy = CURL(curl_easy_init)();
    r->multi = CURL(curl_multi_init)();
    if (r->easy == NULL || r->multi == NULL) {
        azsg_free(r);
        return NULL;
    }
    return r;
}

int azsg_setopt_long(azsg_req *r, int opt, long v) { return CURL(curl_easy_setopt)(r->easy, opt, v); }
int azsg_setopt_str(azsg_req *r, int opt, const char *s) { return CURL(curl_easy_setopt)(r->easy, opt, s); }
int azsg_setopt_off(azsg_req *r, int opt, long long v) { return CURL(curl_easy_setopt)(r->easy, opt, v); }

int azsg_setopt_blob(azsg_req *r, int opt, const void *p, size_t n) {
    struct azsg_curl_blob b = {(void *)p, n, AZSG_CURL_BLOB_COPY};
    return CURL(curl_easy_setopt)(r->easy, opt, &b);
}

int azsg_set_body(azsg_req *r, const void *p, size_t n) {
    int c = CURL(curl_easy_setopt)(r->easy, AZSG_CURLOPT_POSTFIELDSIZE_LARGE, (long long)n);
    if (c != AZSG_CURLE_OK) return c;
    return CURL(curl_easy_setopt)(r->easy, AZSG_CURLOPT_COPYPOSTFIELDS, n ? p : "");
}

int azsg_add_header(azsg_req *r, const char *line) {
    struct azsg_curl_slist *l = CURL(curl_slist_append)(r->headers, line);
    if (l == NULL) return -1;
    r->headers = l;
    return 0;
}

int azsg_use_daa(azsg_req *r) {
#if AZSG_HAVE_DAA
    int c = CURL(curl_easy_setopt)(r->easy, AZSG_CURLOPT_SSL_CTX_FUNCTION, on_ssl_ctx);
    if (c != AZSG_CURLE_OK) return c;
    c = CURL(curl_easy_setopt)(r->easy, AZSG_CURLOPT_SSL_CTX_DATA, (void *)r);
    if (c == AZSG_CURLE_OK) r->daa = 1;
    return c;
#else
    (void)r;
    return AZSG_CURLE_SSL_CERTPROBLEM;
#endif
}

int azsg_start(azsg_req *r) {
    void *e = r->easy;
    int c;
    if ((c = CURL(curl_easy_setopt)(e, AZSG_CURLOPT_NOSIGNAL, 1L)) != AZSG_CURLE_OK) return c;
    if ((c = CURL(curl_easy_setopt)(e, AZSG_CURLOPT_ERRORBUFFER, r->errbuf)) != AZSG_CURLE_OK) return c;
    if ((c = CURL(curl_easy_setopt)(e, AZSG_CURLOPT_WRITEFUNCTION, on_body)) != AZSG_CURLE_OK) return c;
    if ((c = CURL(curl_easy_setopt)(e, AZSG_CURLOPT_WRITEDATA, (void *)r)) != AZSG_CURLE_OK) return c;
    if ((c = CURL(curl_easy_setopt)(e, AZSG_CURLOPT_HEADERFUNCTION, on_header)) != AZSG_CURLE_OK) return c;
    if ((c = CURL(curl_easy_setopt)(e, AZSG_CURLOPT_HEADERDATA, (void *)r)) != AZSG_CURLE_OK) return c;
    if (r->headers != NULL &&
        (c = CURL(curl_easy_setopt)(e, AZSG_CURLOPT_HTTPHEADER, r->headers)) != AZSG_CURLE_OK)
        return c;
    int m = CURL(curl_multi_add_handle)(r->multi, e);
    if (m != AZSG_CURLM_OK) {
        r->multiResult = m;
        return -1;
    }
    r->added = 1;
    return AZSG_CURLE_OK;
}

static void finish(azsg_req *r, int result) {
    r->done = 1;
    r->result = result;
    long v = 0;
    if (CURL(curl_easy_getinfo)(r->easy, AZSG_CURLINFO_RESPONSE_CODE, &v) == AZSG_CURLE_OK) r->status = v;
    v = 0;
    if (CURL(curl_easy_getinfo)(r->easy, AZSG_CURLINFO_OS_ERRNO, &v) == AZSG_CURLE_OK) r->osErrno = v;
}

int azsg_step(azsg_req *r, int timeoutMs) {
    int running = 0;
    int m = CURL(curl_multi_perform)(r->multi, &running);
    if (m == AZSG_CURLM_OK && running) {
        m = CURL(curl_multi_wait)(r->multi, NULL, 0, timeoutMs, NULL);
        if (m == AZSG_CURLM_OK) m = CURL(curl_multi_perform)(r->multi, &running);
    }
    if (m != AZSG_CURLM_OK) {
        r->multiResult = m;
        return 0;
    }
    int queued;
    struct azsg_CURLMsg *msg;
    while ((msg = CURL(curl_multi_info_read)(r->multi, &queued)) != NULL) {
        if (msg->msg == AZSG_CURLMSG_DONE && msg->easy_handle == r->easy) {
            finish(r, msg->data.result);
            return 0;
        }
    }
    if (!running) {
        r->multiResult = -1000; /* no transfer left, but no result either */
        return 0;
    }
    return 1;
}

void azsg_free(azsg_req *r) {
    if (r == NULL) return;
    if (r->added) CURL(curl_multi_remove_handle)(r->multi, r->easy);
    if (r->easy) CURL(curl_easy_cleanup)(r->easy);
    if (r->multi) CURL(curl_multi_cleanup)(r->multi);
    if (r->headers) CURL(curl_slist_free_all)(r->headers);
    free(r->body);
    free(r->hdr);
    free(r);
}
