//go:build abidouble && cgo

/* certstore.c: the certificate store of the double. Rules as the reference states them: 24 KiB
 * capacity charged with the PEM lengths, 8 KiB per blob, replace in place on install under a
 * used identifier, close up the indices on delete, move overwrites atomically. */

#include <errno.h>
#include <string.h>

#include "internal.h"

#define MAX_CERTS 64

typedef struct {
    char id[AD_CERTSTORE_MAX_IDENTIFIER_LENGTH + 1];
    int size;
    char subject[AD_CERTSTORE_SUBJECTNAME_MAX_LENGTH + 1];
    char issuer[AD_CERTSTORE_ISSUERNAME_MAX_LENGTH + 1];
    struct tm notBefore, notAfter;
} entry;

static entry store[MAX_CERTS];
static int count;
static int used;
static int capacity = AD_CERTSTORE_CAPACITY;

static int lastPasswordNull = -1;
static char lastPassword[AD_CERTSTORE_MAX_PRIVATE_KEY_PASSWORD_LENGTH + 1];
static char lastIdentifier[64];
static char keyPassword[AD_CERTSTORE_MAX_PRIVATE_KEY_PASSWORD_LENGTH + 1];
static int keyPasswordSet;

void abidouble_set_key_password(const char *pw) {
    keyPasswordSet = pw != NULL;
    keyPassword[0] = 0;
    if (pw) {
        size_t n = strlen(pw);
        if (n > AD_CERTSTORE_MAX_PRIVATE_KEY_PASSWORD_LENGTH) n = AD_CERTSTORE_MAX_PRIVATE_KEY_PASSWORD_LENGTH;
        memcpy(keyPassword, pw, n);
        keyPassword[n] = 0;
    }
}

void ad_certstore_reset(void) {
    count = 0;
    used = 0;
    capacity = AD_CERTSTORE_CAPACITY;
    lastPasswordNull = -1;
    lastPassword[0] = 0;
    lastIdentifier[0] = 0;
}

void abidouble_set_capacity(int bytes) { capacity = bytes; }

int abidouble_last_password_was_null(void) { return lastPasswordNull; }

size_t abidouble_last_password(char *buf, size_t cap) {
    size_t n = strlen(lastPassword);
    if (cap > 0) {
        size_t k = n < cap - 1 ? n : cap - 1;
        memcpy(buf, lastPassword, k);
        buf[k] = 0;
    }
    return n;
}

size_t abidouble_last_identifier(char *buf, size_t cap) {
    size_t n = strlen(lastIdentifier);
    if (cap > 0) {
        size_t k = n < cap - 1 ? n : cap - 1;
        memcpy(buf, lastIdentifier, k);
        buf[k] = 0;
    }
    return n;
}

static int fail(int err) {
    errno = err;
    return -1;
}

/* enter runs the checks every call starts with: an injected fault, then the capability. */
static int enter(const char *fn) {
    int err = ad_take_fault(fn);
    if (err) return fail(err);
    if (!ad_has_cap(AD_CAP_CERTSTORE)) return fail(EACCES);
    return 0;
}

/* check_id validates an identifier argument and records it. */
static int check_id(const char *fn, const char *id) {
    if (id == NULL) return fail(EFAULT);
    /* Read at most MAX+1 bytes: a binding that passes an unterminated identifier is caught
     * here (ERANGE) instead of making the double read past the caller's buffer. */
    long n = ad_cstring(fn, id, AD_CERTSTORE_MAX_IDENTIFIER_LENGTH);
    if (n < 0) return -1;
    memcpy(lastIdentifier, id, (size_t)n);
    lastIdentifier[n] = 0;
    if (n == 0) return fail(EINVAL);
    for (long i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_'))
            return fail(EINVAL);
    }
    return 0;
}

static int lookup(const char *id) {
    for (int i = 0; i < count; i++)
        if (strcmp(store[i].id, id) == 0) return i;
    return -1;
}

static int check_blob(const char *blob, size_t n) {
    if (blob == NULL) return fail(EFAULT);
    if (n == 0 || n > AD_CERTSTORE_MAX_CERT_SIZE) return fail(ERANGE);
    return 0;
}

static int only_space(const char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n') return 0;
    return 1;
}

/* parse_cert_blob reads exactly one PEM CERTIFICATE block with nothing but white space around
 * it. */
static int parse_cert_blob(const char *blob, size_t n, ad_cert *c, uint8_t *der, size_t derCap) {
    size_t pos = 0, begin = 0, derLen = 0;
    char type[64];
    int enc, dek;
    if (ad_pem_block(blob, n, &pos, &begin, type, sizeof type, der, derCap, &derLen, &enc, &dek) != 0)
        return fail(EINVAL);
    if (strcmp(type, "CERTIFICATE") != 0 || !only_space(blob, begin) ||
        !only_space(blob + pos, n - pos))
        return fail(EINVAL);
    if (ad_parse_cert(der, derLen, c) != 0) return fail(EINVAL);
    return 0;
}

/* put stores e under its id: in place when the id is used, else appended. */
static int put(const entry *e) {
    int i = lookup(e->id);
    int free = capacity - used;
    if (i >= 0) free += store[i].size;
    if (e->size > free) return fail(ENOSPC);
    if (i < 0 && count == MAX_CERTS) return fail(ENOSPC);
    if (i >= 0) {
        used -= store[i].size;
    } else {
        i = count++;
    }
    store[i] = *e;
    used += e->size;
    return 0;
}

static void fill_entry(entry *e, const char *id, int size, const ad_cert *c) {
    memset(e, 0, sizeof *e);
    strcpy(e->id, id);
    e->size = size;
    memcpy(e->subject, c->subject, sizeof e->subject);
    memcpy(e->issuer, c->issuer, sizeof e->issuer);
    e->notBefore = c->notBefore;
    e->notAfter = c->notAfter;
}

int CertStore_InstallClientCertificate(const char *identifier, const char *certBlob,
                                       size_t certBlobLength, const char *privateKeyBlob,
                                       size_t privateKeyBlobLength,
                                       const char *privateKeyPassword) {
    static const char fn[] = "CertStore_InstallClientCertificate";
    if (enter(fn) != 0) return -1;
    if (identifier == NULL || certBlob == NULL || privateKeyBlob == NULL) return fail(EFAULT);
    if (check_id(fn, identifier) != 0) return -1;
    if (check_blob(certBlob, certBlobLength) != 0) return -1;
    if (check_blob(privateKeyBlob, privateKeyBlobLength) != 0) return -1;
    lastPasswordNull = privateKeyPassword == NULL;
    lastPassword[0] = 0;
    size_t pwLen = 0;
    if (privateKeyPassword != NULL) {
        long n = ad_cstring(fn, privateKeyPassword, AD_CERTSTORE_MAX_PRIVATE_KEY_PASSWORD_LENGTH);
        if (n < 0) return fail(ERANGE);
        pwLen = (size_t)n;
        memcpy(lastPassword, privateKeyPassword, pwLen + 1);
        if (pwLen == 0) ad_violation("%s: empty password passed instead of NULL", fn);
    }

    static uint8_t der[AD_CERTSTORE_MAX_CERT_SIZE];
    static uint8_t keyDer[AD_CERTSTORE_MAX_CERT_SIZE];
    ad_cert c;
    if (parse_cert_blob(certBlob, certBlobLength, &c, der, sizeof der) != 0) return -1;

    /* The key: an optional EC PARAMETERS block, then one key block, then only white space. */
    size_t pos = 0, begin = 0, keyLen = 0, prev = 0;
    char type[64];
    int procEnc = 0, dek = 0;
    for (;;) {
        if (ad_pem_block(privateKeyBlob, privateKeyBlobLength, &pos, &begin, type, sizeof type, keyDer,
                         sizeof keyDer, &keyLen, &procEnc, &dek) != 0)
            return fail(EINVAL);
        /* Only white space before each block, as around a certificate. */
        if (!only_space(privateKeyBlob + prev, begin - prev)) return fail(EINVAL);
        prev = pos;
        if (strcmp(type, "EC PARAMETERS") != 0) break;
    }
    if (!only_space(privateKeyBlob + pos, privateKeyBlobLength - pos)) return fail(EINVAL);
    int encrypted = procEnc || strcmp(type, "ENCRYPTED PRIVATE KEY") == 0;
    if (strcmp(type, "RSA PRIVATE KEY") != 0 && strcmp(type, "EC PRIVATE KEY") != 0 &&
        strcmp(type, "PRIVATE KEY") != 0 && strcmp(type, "ENCRYPTED PRIVATE KEY") != 0)
        return fail(EINVAL);
    if (!encrypted && pwLen > 0) return fail(EINVAL);
    if (encrypted && pwLen == 0) return fail(EINVAL);
    if (procEnc && !dek) return fail(EINVAL);
    if (encrypted && keyPasswordSet && strcmp(privateKeyPassword, keyPassword) != 0)
        return fail(EINVAL); /* stands in for a failed decryption */
    if (!encrypted) {
        /* An encrypted key cannot be checked without its cipher: the double trusts it. */
        int m = ad_key_matches(type, keyDer, keyLen, &c);
        if (m == 0 || m < 0) return fail(EINVAL);
    }

    entry e;
    fill_entry(&e, identifier, (int)(certBlobLength + privateKeyBlobLength), &c);
    return put(&e);
}

int CertStore_InstallRootCACertificate(const char *identifier, const char *certBlob,
                                       size_t certBlobLength) {
    static const char fn[] = "CertStore_InstallRootCACertificate";
    if (enter(fn) != 0) return -1;
    if (identifier == NULL || certBlob == NULL) return fail(EFAULT);
    if (check_id(fn, identifier) != 0) return -1;
    if (check_blob(certBlob, certBlobLength) != 0) return -1;
    static uint8_t der[AD_CERTSTORE_MAX_CERT_SIZE];
    ad_cert c;
    if (parse_cert_blob(certBlob, certBlobLength, &c, der, sizeof der) != 0) return -1;
    entry e;
    fill_entry(&e, identifier, (int)certBlobLength, &c);
    return put(&e);
}

int CertStore_DeleteCertificate(const char *identifier) {
    static const char fn[] = "CertStore_DeleteCertificate";
    if (enter(fn) != 0) return -1;
    if (check_id(fn, identifier) != 0) return -1;
    int i = lookup(identifier);
    if (i < 0) return fail(ENOENT);
    used -= store[i].size;
    memmove(&store[i], &store[i + 1], (size_t)(count - i - 1) * sizeof store[0]);
    count--;
    return 0;
}

ssize_t CertStore_GetCertificateCount(void) {
    if (enter("CertStore_GetCertificateCount") != 0) return -1;
    return count;
}

int CertStore_GetCertificateIdentifierAt(size_t index, CertStore_Identifier *outIdentifier) {
    if (enter("CertStore_GetCertificateIdentifierAt") != 0) return -1;
    if (outIdentifier == NULL) return fail(EFAULT);
    if (index >= (size_t)count) return fail(ERANGE);
    ad_put_string(outIdentifier->identifier, sizeof outIdentifier->identifier, store[index].id,
                  strlen(store[index].id));
    return 0;
}

ssize_t CertStore_GetAvailableSpace(void) {
    if (enter("CertStore_GetAvailableSpace") != 0) return -1;
    return capacity - used;
}

int CertStore_MoveCertificate(const char *sourceIdentifier, const char *destIdentifier) {
    static const char fn[] = "CertStore_MoveCertificate";
    if (enter(fn) != 0) return -1;
    if (sourceIdentifier == NULL || destIdentifier == NULL) return fail(EFAULT);
    if (check_id(fn, destIdentifier) != 0) return -1;
    if (check_id(fn, sourceIdentifier) != 0) return -1;
    int i = lookup(sourceIdentifier);
    if (i < 0) return fail(ENOENT);
    if (strcmp(sourceIdentifier, destIdentifier) == 0) return 0;
    int j = lookup(destIdentifier);
    strcpy(store[i].id, destIdentifier);
    if (j >= 0) {
        used -= store[j].size;
        memmove(&store[j], &store[j + 1], (size_t)(count - j - 1) * sizeof store[0]);
        count--;
    }
    return 0;
}

int z__CertStore_GetCertificateInfo(const char *identifier, enum z__CertInfoField field,
                                    void *data, size_t size) {
    static const char fn[] = "z__CertStore_GetCertificateInfo";
    if (enter(fn) != 0) return -1;
    if (check_id(fn, identifier) != 0) return -1;
    if (data == NULL) return fail(EFAULT);
    size_t want = 0;
    switch (field) {
    case z__CertInfo_NotBefore:
    case z__CertInfo_NotAfter:
        want = sizeof(struct tm);
        break;
    case z__CertInfo_SubjectName:
        want = sizeof(CertStore_SubjectName);
        break;
    case z__CertInfo_IssuerName:
        want = sizeof(CertStore_IssuerName);
        break;
    default:
        ad_violation("%s: unknown field %d", fn, (int)field);
        return fail(EINVAL);
    }
    if (size != want) {
        ad_violation("%s: field %d with size %zu, want %zu", fn, (int)field, size, want);
        return fail(EINVAL);
    }
    int i = lookup(identifier);
    if (i < 0) return fail(ENOENT);
    const entry *e = &store[i];
    switch (field) {
    case z__CertInfo_NotBefore:
        memcpy(data, &e->notBefore, sizeof(struct tm));
        break;
    case z__CertInfo_NotAfter:
        memcpy(data, &e->notAfter, sizeof(struct tm));
        break;
    case z__CertInfo_SubjectName:
        ad_put_string(data, size, e->subject, strlen(e->subject));
        break;
    case z__CertInfo_IssuerName:
        ad_put_string(data, size, e->issuer, strlen(e->issuer));
        break;
    }
    return 0;
}

int ad_cert_exists(const char *id) { return lookup(id) >= 0; }
