/*
 * transfer.h: one HTTP request driven through libcurl's multi interface, with every callback
 * in C (the response is collected into buffers; the device-authentication callback calls
 * DeviceAuth_SslCtxFunc), so that no call goes from C into Go.
 */
#ifndef AZSG_TRANSFER_H
#define AZSG_TRANSFER_H

#include <stddef.h>

#include "curlabi.h"

typedef struct azsg_req {
    void *easy;
    void *multi;
    struct azsg_curl_slist *headers;
    char errbuf[AZSG_CURL_ERROR_SIZE];
    /* The response: the body and the raw header lines of the last response (a new status
     * line starts a new block, so 100 Continue and proxy answers are dropped). */
    char *body;
    size_t bodyLen, bodyCap, bodyMax;
    char *hdr;
    size_t hdrLen, hdrCap, hdrMax;
    int overflow; /* AZSG_OVERFLOW_* */
    /* Device authentication: whether the callback is installed, how often libcurl called it,
     * and the DeviceAuthSslResult of the last call (-1: none known). */
    int daa;
    int daaCalls;
    int daaResult;
    /* The outcome. */
    int added;
    int done;
    int result;      /* CURLcode of the finished transfer */
    int multiResult; /* CURLMcode when the multi interface itself failed */
    long status;     /* CURLINFO_RESPONSE_CODE */
    long osErrno;    /* CURLINFO_OS_ERRNO */
} azsg_req;

#define AZSG_OVERFLOW_BODY 1
#define AZSG_OVERFLOW_HEADER 2
#define AZSG_OVERFLOW_NOMEM 3

/* azsg_load makes libcurl callable (on a host: loads libcurl.so.4) and calls
 * curl_global_init once. It returns 0, or -1 with a message in err. Not thread safe: the Go
 * side calls it once. */
int azsg_load(char *err, size_t cap);
const char *azsg_version(void);
const char *azsg_strerror(int code);
const char *azsg_multi_strerror(int code);

azsg_req *azsg_new(size_t bodyMax, size_t hdrMax);
int azsg_setopt_long(azsg_req *r, int opt, long v);
int azsg_setopt_str(azsg_req *r, int opt, const char *s);
int azsg_setopt_off(azsg_req *r, int opt, long long v);
int azsg_setopt_blob(azsg_req *r, int opt, const void *p, size_t n);
/* azsg_set_body makes the request send p[0:n] (copied) as its body. */
int azsg_set_body(azsg_req *r, const void *p, size_t n);
int azsg_add_header(azsg_req *r, const char *line);
int azsg_use_daa(azsg_req *r);
/* azsg_start sets the callbacks and headers and adds the handle to its multi handle. It
 * returns a CURLcode; a multi failure sets multiResult and returns -1. */
int azsg_start(azsg_req *r);
/* azsg_step drives the transfer and waits at most timeoutMs for activity. It returns 1
 * while the transfer runs and 0 when it finished (done) or the multi interface failed. */
int azsg_step(azsg_req *r, int timeoutMs);
void azsg_free(azsg_req *r);

#endif
