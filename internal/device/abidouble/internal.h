/* internal.h: shared helpers of the ABI test double (not part of the ABI). */
#ifndef AZSG_ABIDOUBLE_INTERNAL_H
#define AZSG_ABIDOUBLE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "abidouble.h"

/* Bytes of a DER element: p points at the contents, n is their length. */
typedef struct {
    const uint8_t *p;
    size_t n;
} ad_span;

/* What the double keeps of a parsed certificate. */
typedef struct {
    char subject[AD_CERTSTORE_SUBJECTNAME_MAX_LENGTH + 1];
    char issuer[AD_CERTSTORE_ISSUERNAME_MAX_LENGTH + 1];
    struct tm notBefore, notAfter;
    ad_span spkiAlg; /* OID of the public key algorithm (contents) */
    ad_span spkiKey; /* subjectPublicKey BIT STRING contents, unused-bits octet included */
} ad_cert;

/* ad_pem_block finds the next PEM block in in[0:n] starting at *pos. It returns 0 and sets
 * type (NUL-terminated, cut to typeCap), the decoded DER (into der, at most derCap bytes),
 * whether the block had "Proc-Type: 4,ENCRYPTED" and a DEK-Info header, the offset of the
 * BEGIN line, and advances *pos past the END line. It returns -1 when there is no further
 * block and -2 when a block is malformed. */
int ad_pem_block(const char *in, size_t n, size_t *pos, size_t *begin, char *type, size_t typeCap,
                 uint8_t *der, size_t derCap, size_t *derLen, int *procEncrypted, int *dekInfo);

/* ad_parse_cert parses one DER certificate. 0 on success. */
int ad_parse_cert(const uint8_t *der, size_t n, ad_cert *out);

/* ad_key_matches checks a private key (DER, of PEM type typ) against a certificate: 1 when
 * it matches, 0 when it does not, -1 when the key is malformed, 2 when the double cannot tell
 * (the key carries no public part the double can compare without doing the key's arithmetic). */
int ad_key_matches(const char *typ, const uint8_t *der, size_t n, const ad_cert *cert);

/* Bookkeeping shared by the parts of the double. */
void ad_violation(const char *fmt, ...);
int ad_take_fault(const char *fn);
int ad_has_cap(int cap);
int ad_fill_mode(void);
/* ad_put_string writes s (at most cap-1 bytes) NUL-terminated into buf[0:cap] and fills the
 * rest as the fill mode says. */
void ad_put_string(char *buf, size_t cap, const char *s, size_t len);
/* ad_cstring checks a NUL-terminated argument of at most max bytes (excluding the NUL): it
 * returns its length, or -1 (with errno set) when it is NULL (EFAULT) or longer (ERANGE). It
 * reads at most max+1 bytes. */
long ad_cstring(const char *fn, const char *s, size_t max);

void ad_certstore_reset(void);
void ad_wifi_reset(void);
void ad_app_reset(void);
void ad_daa_reset(void);
/* ad_daa_configure is the TLS part of DeviceAuth_SslCtxFunc (daa.c): with result Success
 * and test credentials set, it loads them into sslctx and returns the outcome; otherwise it
 * returns result. */
int ad_daa_configure(void *sslctx, int result);
/* ad_cert_exists reports whether the certificate store holds id (for the Wi-Fi side). */
int ad_cert_exists(const char *id);

#endif
