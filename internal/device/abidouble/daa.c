//go:build abidouble && cgo

/* daa.c: what the double's DeviceAuth_SslCtxFunc puts into a TLS context, and the exported
 * DeviceAuth_CurlSslFunc of older SDKs.
 *
 * On the device, libcurl is built over wolfSSL and the context is a WOLFSSL_CTX*, into which
 * DeviceAuth_SslCtxFunc loads the device-authentication certificate chain and a key handle
 * that signs in the security subsystem. The double assumes instead the OpenSSL-backed
 * libcurl of a Linux distribution: the context is an SSL_CTX*, and it loads a test
 * certificate chain and private key from the files a test names
 * (abidouble_set_daa_credentials) with SSL_CTX_use_certificate_chain_file and
 * SSL_CTX_use_PrivateKey_file. It looks those functions up in the process's global scope
 * (libcurl loaded with RTLD_GLOBAL, or linked), so that the double itself needs only libc
 * and works with whatever libssl that libcurl uses. */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define AD_SSL_FILETYPE_PEM 1 /* SSL_FILETYPE_PEM == X509_FILETYPE_PEM */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static char certFile[512], keyFile[512];
static char lastError[512];
static int calls;

void ad_daa_reset(void) {
    pthread_mutex_lock(&mu);
    certFile[0] = keyFile[0] = lastError[0] = 0;
    calls = 0;
    pthread_mutex_unlock(&mu);
}

void abidouble_set_daa_credentials(const char *cert, const char *key) {
    pthread_mutex_lock(&mu);
    snprintf(certFile, sizeof certFile, "%s", cert ? cert : "");
    snprintf(keyFile, sizeof keyFile, "%s", key ? key : "");
    pthread_mutex_unlock(&mu);
}

int abidouble_daa_calls(void) {
    pthread_mutex_lock(&mu);
    int n = calls;
    pthread_mutex_unlock(&mu);
    return n;
}

size_t abidouble_daa_error(char *buf, size_t cap) {
    pthread_mutex_lock(&mu);
    size_t n = strlen(lastError);
    if (cap > 0) snprintf(buf, cap, "%s", lastError);
    pthread_mutex_unlock(&mu);
    return n;
}

int ad_daa_configure(void *sslctx, int result) {
    pthread_mutex_lock(&mu);
    calls++;
    lastError[0] = 0;
    if (result != DeviceAuthSslResult_Success || certFile[0] == 0 || sslctx == NULL) {
        pthread_mutex_unlock(&mu);
        return result;
    }
    int (*useChain)(void *, const char *) =
        (int (*)(void *, const char *))dlsym(RTLD_DEFAULT, "SSL_CTX_use_certificate_chain_file");
    int (*useKey)(void *, const char *, int) =
        (int (*)(void *, const char *, int))dlsym(RTLD_DEFAULT, "SSL_CTX_use_PrivateKey_file");
    if (useChain == NULL || useKey == NULL) {
        snprintf(lastError, sizeof lastError,
                 "DeviceAuth_SslCtxFunc: no OpenSSL in the process; the double needs an OpenSSL-backed libcurl");
        pthread_mutex_unlock(&mu);
        return DeviceAuthSslResult_EnableHwSignError;
    }
    if (useChain(sslctx, certFile) != 1) {
        snprintf(lastError, sizeof lastError, "DeviceAuth_SslCtxFunc: cannot load the certificate chain %s", certFile);
        pthread_mutex_unlock(&mu);
        return DeviceAuthSslResult_GetTenantCertificateError;
    }
    if (useKey(sslctx, keyFile[0] ? keyFile : certFile, AD_SSL_FILETYPE_PEM) != 1) {
        snprintf(lastError, sizeof lastError, "DeviceAuth_SslCtxFunc: cannot load the private key %s", keyFile);
        pthread_mutex_unlock(&mu);
        return DeviceAuthSslResult_EnableHwSignError;
    }
    pthread_mutex_unlock(&mu);
    return DeviceAuthSslResult_Success;
}

/* DeviceAuth_CurlSslFunc as older SDKs export it (newer ones define it static inline with
 * the same body): CURLE_OK (0) when DeviceAuth_SslCtxFunc succeeds, otherwise
 * CURLE_SSL_CERTPROBLEM (58). */
int DeviceAuth_CurlSslFunc(void *curl, void *sslctx, void *userCtx) {
    (void)curl;
    (void)userCtx;
    return DeviceAuth_SslCtxFunc(sslctx) == DeviceAuthSslResult_Success ? 0 : 58;
}
