/*
 * curlabi.h: the part of libcurl's ABI that package curl uses, declared by this project from
 * libcurl's documented, stable option and result numbers, so that neither libcurl's headers
 * nor its development package are needed to build. TestCurlABI compiles these constants
 * against the real <curl/curl.h> where it is installed and fails on any difference.
 *
 * Options are numbered CURLOPTTYPE_* + n: LONG 0, OBJECTPOINT/STRINGPOINT/SLISTPOINT/CBPOINT
 * 10000, FUNCTIONPOINT 20000, OFF_T 30000, BLOB 40000. Info codes are CURLINFO_* + n: LONG
 * 0x200000.
 */
#ifndef AZSG_CURLABI_H
#define AZSG_CURLABI_H

#include <stddef.h>

#define AZSG_CURLOPT_WRITEDATA 10001
#define AZSG_CURLOPT_URL 10002
#define AZSG_CURLOPT_ERRORBUFFER 10010
#define AZSG_CURLOPT_WRITEFUNCTION 20011
#define AZSG_CURLOPT_HTTPHEADER 10023
#define AZSG_CURLOPT_SSLCERT 10025
#define AZSG_CURLOPT_HEADERDATA 10029
#define AZSG_CURLOPT_CUSTOMREQUEST 10036
#define AZSG_CURLOPT_NOBODY 44
#define AZSG_CURLOPT_POST 47
#define AZSG_CURLOPT_FOLLOWLOCATION 52
#define AZSG_CURLOPT_SSL_VERIFYPEER 64
#define AZSG_CURLOPT_CAINFO 10065
#define AZSG_CURLOPT_HEADERFUNCTION 20079
#define AZSG_CURLOPT_HTTPGET 80
#define AZSG_CURLOPT_SSL_VERIFYHOST 81
#define AZSG_CURLOPT_SSLKEY 10087
#define AZSG_CURLOPT_NOSIGNAL 99
#define AZSG_CURLOPT_SSL_CTX_FUNCTION 20108
#define AZSG_CURLOPT_SSL_CTX_DATA 10109
#define AZSG_CURLOPT_POSTFIELDSIZE_LARGE 30120
#define AZSG_CURLOPT_TIMEOUT_MS 155
#define AZSG_CURLOPT_COPYPOSTFIELDS 10165
#define AZSG_CURLOPT_CAINFO_BLOB 40309

#define AZSG_CURLINFO_RESPONSE_CODE 0x200002
#define AZSG_CURLINFO_OS_ERRNO 0x200019

#define AZSG_CURLE_OK 0
#define AZSG_CURLE_WRITE_ERROR 23
#define AZSG_CURLE_SSL_CERTPROBLEM 58
#define AZSG_CURLM_OK 0
#define AZSG_CURLMSG_DONE 1
#define AZSG_CURL_ERROR_SIZE 256
#define AZSG_CURL_GLOBAL_DEFAULT 3 /* CURL_GLOBAL_SSL | CURL_GLOBAL_WIN32 */
#define AZSG_CURL_BLOB_COPY 1

#ifndef AZSG_CURLABI_CONSTANTS_ONLY

/* CURL and CURLM are opaque (void in curl.h); CURLcode, CURLoption, CURLINFO, CURLMcode and
 * CURLMSG are enums, int-sized on every ABI libcurl supports. */
struct azsg_curl_slist {
    char *data;
    struct azsg_curl_slist *next;
};

struct azsg_curl_blob {
    void *data;
    size_t len;
    unsigned int flags;
};

struct azsg_CURLMsg {
    int msg;
    void *easy_handle;
    union {
        void *whatever;
        int result;
    } data;
};

struct azsg_curl_waitfd; /* only NULL is passed */

typedef size_t (*azsg_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*azsg_ssl_ctx_callback)(void *curl, void *sslctx, void *userptr);

/* The libcurl functions the package calls, as a table: filled by dlopen/dlsym on a host,
 * by the linker on the device (see transfer.c). */
#define AZSG_CURL_FUNCS(X)                                                                       \
    X(int, curl_global_init, (long flags))                                                       \
    X(char *, curl_version, (void))                                                              \
    X(void *, curl_easy_init, (void))                                                            \
    X(int, curl_easy_setopt, (void *curl, int option, ...))                                      \
    X(int, curl_easy_getinfo, (void *curl, int info, ...))                                       \
    X(void, curl_easy_cleanup, (void *curl))                                                     \
    X(const char *, curl_easy_strerror, (int code))                                              \
    X(struct azsg_curl_slist *, curl_slist_append, (struct azsg_curl_slist * list, const char *s)) \
    X(void, curl_slist_free_all, (struct azsg_curl_slist * list))                                \
    X(void *, curl_multi_init, (void))                                                           \
    X(int, curl_multi_add_handle, (void *multi, void *easy))                                     \
    X(int, curl_multi_remove_handle, (void *multi, void *easy))                                  \
    X(int, curl_multi_perform, (void *multi, int *running))                                      \
    X(int, curl_multi_wait, (void *multi, struct azsg_curl_waitfd * extra, unsigned int n,       \
                             int timeoutMs, int *numfds))                                        \
    X(struct azsg_CURLMsg *, curl_multi_info_read, (void *multi, int *queued))                   \
    X(int, curl_multi_cleanup, (void *multi))                                                    \
    X(const char *, curl_multi_strerror, (int code))

/* DeviceAuth_SslCtxFunc (tlsutils/deviceauth_curl.h): enum DeviceAuthSslResult is int-sized. */
int DeviceAuth_SslCtxFunc(void *sslctx);

#endif
#endif
