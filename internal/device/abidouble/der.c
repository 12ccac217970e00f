//go:build abidouble && cgo

/* der.c: just enough PEM and DER for the test double to read what the device reads from a
 * certificate (names, validity, public key) and to tell whether a private key belongs to it.
 * No cryptography: encrypted keys are taken on trust. */

#include <stdio.h>
#include <string.h>

#include "internal.h"

/* ---- PEM --------------------------------------------------------------------------------- */

static int b64val(int c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

static const char *find(const char *h, size_t n, const char *needle) {
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++) {
        if (memcmp(h + i, needle, k) == 0) return h + i;
    }
    return NULL;
}

/* line returns the end of the line starting at p (the position of '\n' or end). */
static const char *line_end(const char *p, const char *end) {
    while (p < end && *p != '\n') p++;
    return p;
}

static int line_has(const char *p, const char *e, const char *s) {
    return find(p, (size_t)(e - p), s) != NULL;
}

int ad_pem_block(const char *in, size_t n, size_t *pos, size_t *begin, char *type, size_t typeCap,
                 uint8_t *der, size_t derCap, size_t *derLen, int *procEncrypted, int *dekInfo) {
    const char *end = in + n;
    const char *b = find(in + *pos, n - *pos, "-----BEGIN ");
    if (b == NULL) return -1;
    *begin = (size_t)(b - in);
    const char *t = b + 11;
    const char *le = line_end(t, end);
    const char *te = find(t, (size_t)(le - t), "-----");
    if (te == NULL) return -2;
    size_t tl = (size_t)(te - t);
    if (tl + 1 > typeCap) return -2;
    memcpy(type, t, tl);
    type[tl] = 0;
    *procEncrypted = 0;
    *dekInfo = 0;

    const char *p = le < end ? le + 1 : le;
    /* Headers: "Key: value" lines up to a blank line. */
    int sawHeader = 0;
    for (;;) {
        const char *e = line_end(p, end);
        const char *colon = memchr(p, ':', (size_t)(e - p));
        if (colon == NULL || line_has(p, e, "-----END")) break;
        sawHeader = 1;
        if ((size_t)(e - p) >= 10 && memcmp(p, "Proc-Type:", 10) == 0 && line_has(p, e, "4,ENCRYPTED"))
            *procEncrypted = 1;
        if ((size_t)(e - p) >= 9 && memcmp(p, "DEK-Info:", 9) == 0) *dekInfo = 1;
        p = e < end ? e + 1 : e;
    }
    if (sawHeader) {
        /* a blank line ends the headers */
        const char *e = line_end(p, end);
        int blank = 1;
        for (const char *q = p; q < e; q++)
            if (*q != ' ' && *q != '\t' && *q != '\r') blank = 0;
        if (blank) p = e < end ? e + 1 : e;
    }

    char endLine[96];
    snprintf(endLine, sizeof endLine, "-----END %s-----", type);
    const char *eb = find(p, (size_t)(end - p), endLine);
    if (eb == NULL) return -2;

    uint32_t acc = 0;
    int bits = 0, pad = 0;
    size_t out = 0;
    for (const char *q = p; q < eb; q++) {
        int c = (unsigned char)*q;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (c == '=') {
            pad++;
            continue;
        }
        if (pad) return -2;
        int v = b64val(c);
        if (v < 0) return -2;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (out >= derCap) return -2;
            der[out++] = (uint8_t)(acc >> bits);
        }
    }
    if (pad > 2) return -2;
    *derLen = out;
    const char *after = eb + strlen(endLine);
    *pos = (size_t)(after - in);
    return 0;
}

/* ---- DER --------------------------------------------------------------------------------- */

enum {
    T_INTEGER = 0x02,
    T_BITSTRING = 0x03,
    T_OCTETSTRING = 0x04,
    T_NULL = 0x05,
    T_OID = 0x06,
    T_UTCTIME = 0x17,
    T_GENTIME = 0x18,
    T_SEQUENCE = 0x30,
    T_SET = 0x31,
};

/* next reads one TLV from *in: its tag and contents. 0 on success. */
static int next(ad_span *in, uint8_t *tag, ad_span *val) {
    if (in->n < 2) return -1;
    const uint8_t *p = in->p;
    size_t n = in->n;
    *tag = p[0];
    if ((p[0] & 0x1f) == 0x1f) return -1; /* high tag numbers: not needed */
    size_t len, hdr = 2;
    if (p[1] < 0x80) {
        len = p[1];
    } else {
        int k = p[1] & 0x7f;
        if (k == 0 || k > 4 || n < 2 + (size_t)k) return -1;
        len = 0;
        for (int i = 0; i < k; i++) len = (len << 8) | p[2 + i];
        hdr = 2 + (size_t)k;
    }
    if (len > n - hdr) return -1;
    val->p = p + hdr;
    val->n = len;
    in->p = p + hdr + len;
    in->n = n - hdr - len;
    return 0;
}

static int expect(ad_span *in, uint8_t want, ad_span *val) {
    uint8_t tag;
    if (next(in, &tag, val) != 0 || tag != want) return -1;
    return 0;
}

static int two(const uint8_t *p) {
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9') return -1;
    return (p[0] - '0') * 10 + (p[1] - '0');
}

/* parse_time reads a UTCTime or GeneralizedTime into tm as UTC. tm_wday, tm_yday and tm_isdst
 * are left with junk, as the device leaves them undefined. */
static int parse_time(ad_span *in, struct tm *tm) {
    uint8_t tag;
    ad_span v;
    if (next(in, &tag, &v) != 0) return -1;
    const uint8_t *p = v.p;
    int year;
    if (tag == T_UTCTIME && v.n == 13 && p[12] == 'Z') {
        int yy = two(p);
        if (yy < 0) return -1;
        year = yy < 50 ? 2000 + yy : 1900 + yy;
        p += 2;
    } else if (tag == T_GENTIME && v.n == 15 && p[14] == 'Z') {
        int hi = two(p), lo = two(p + 2);
        if (hi < 0 || lo < 0) return -1;
        year = hi * 100 + lo;
        p += 4;
    } else {
        return -1;
    }
    int mon = two(p), day = two(p + 2), hour = two(p + 4), min = two(p + 6), sec = two(p + 8);
    if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || min < 0 ||
        min > 59 || sec < 0 || sec > 60)
        return -1;
    memset(tm, 0, sizeof *tm);
    tm->tm_year = year - 1900;
    tm->tm_mon = mon - 1;
    tm->tm_mday = day;
    tm->tm_hour = hour;
    tm->tm_min = min;
    tm->tm_sec = sec;
    tm->tm_wday = 77;  /* undefined on the device */
    tm->tm_yday = 777; /* undefined on the device */
    tm->tm_isdst = 1;  /* undefined on the device; a binding that uses mktime would shift */
    return 0;
}

static int oid_is(ad_span oid, const uint8_t *want, size_t n) {
    return oid.n == n && memcmp(oid.p, want, n) == 0;
}

static const struct {
    uint8_t der[10];
    size_t n;
    const char *name;
} shortNames[] = {
    {{0x55, 0x04, 0x03}, 3, "CN"},
    {{0x55, 0x04, 0x04}, 3, "SN"},
    {{0x55, 0x04, 0x05}, 3, "serialNumber"},
    {{0x55, 0x04, 0x06}, 3, "C"},
    {{0x55, 0x04, 0x07}, 3, "L"},
    {{0x55, 0x04, 0x08}, 3, "ST"},
    {{0x55, 0x04, 0x09}, 3, "street"},
    {{0x55, 0x04, 0x0a}, 3, "O"},
    {{0x55, 0x04, 0x0b}, 3, "OU"},
    {{0x55, 0x04, 0x0c}, 3, "title"},
    {{0x55, 0x04, 0x11}, 3, "postalCode"},
    {{0x55, 0x04, 0x2a}, 3, "GN"},
    {{0x55, 0x04, 0x2e}, 3, "dnQualifier"},
    {{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01}, 9, "emailAddress"},
    {{0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01}, 10, "UID"},
    {{0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19}, 10, "DC"},
};

/* ---- one-line names ---------------------------------------------------------------------
 *
 * The rules of certparse.OneLine (internal/certparse), which renders names for the simulator
 * and the file store; keep the two in step (the conformance suite compares them):
 *
 *   "/" type "=" value for each attribute in the certificate's order; type is a short name or
 *   the dotted OID. The value is decoded as Go's crypto/x509 decodes it (UTF8String,
 *   PrintableString, IA5String, NumericString as they are, after the same validity checks;
 *   T61String as Latin-1; BMPString as UCS-2; any other type makes the certificate invalid)
 *   and written in UTF-8, except that these are written \xHH (uppercase), byte by byte:
 *   C0 controls, DEL, C1 controls (U+0080-U+009F: \xC2\xHH), '/', '=', '\\', and bytes that
 *   are not valid UTF-8. The result is cut to the buffer between atoms (a byte of a type or
 *   separator, an escape, a UTF-8 sequence), never inside one, and nothing is written after
 *   the first atom that does not fit. */

typedef struct {
    char *out;
    size_t cap; /* bytes of out, NUL included */
    size_t len;
    int full;
} line;

static void atom(line *l, const char *p, size_t n) {
    if (l->full || l->len + n > l->cap - 1) {
        l->full = 1;
        return;
    }
    memcpy(l->out + l->len, p, n);
    l->len += n;
    l->out[l->len] = 0;
}

/* put_ascii writes a type name or separator, one atom per byte. */
static void put_ascii(line *l, const char *s) {
    for (; *s; s++) atom(l, s, 1);
}

/* put_escaped writes p[0:n] as one atom of \xHH escapes. */
static void put_escaped(line *l, const uint8_t *p, size_t n) {
    static const char hex[] = "0123456789ABCDEF";
    char tmp[16];
    for (size_t i = 0; i < n; i++) {
        tmp[4 * i] = '\\';
        tmp[4 * i + 1] = 'x';
        tmp[4 * i + 2] = hex[p[i] >> 4];
        tmp[4 * i + 3] = hex[p[i] & 15];
    }
    atom(l, tmp, 4 * n);
}

/* utf8_len returns the length of the valid UTF-8 sequence at p[0:n] (shortest form, no
 * surrogates, at most U+10FFFF: Go's rules), or 0. */
static size_t utf8_len(const uint8_t *p, size_t n) {
    uint8_t c = p[0];
    if (c < 0x80) return 1;
    size_t k;
    uint8_t lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
        k = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        k = 3;
        if (c == 0xe0) lo = 0xa0;
        if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        k = 4;
        if (c == 0xf0) lo = 0x90;
        if (c == 0xf4) hi = 0x8f;
    } else {
        return 0;
    }
    if (n < k || p[1] < lo || p[1] > hi) return 0;
    for (size_t i = 2; i < k; i++)
        if (p[i] < 0x80 || p[i] > 0xbf) return 0;
    return k;
}

/* put_text writes UTF-8 text (possibly invalid) by the escaping rules. */
static void put_text(line *l, const uint8_t *p, size_t n) {
    size_t i = 0;
    while (i < n && !l->full) {
        uint8_t c = p[i];
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f || c == '/' || c == '=' || c == '\\')
                put_escaped(l, p + i, 1);
            else
                atom(l, (const char *)p + i, 1);
            i++;
            continue;
        }
        size_t k = utf8_len(p + i, n - i);
        if (k == 0) {
            put_escaped(l, p + i, 1);
            i++;
        } else {
            if (k == 2 && c == 0xc2 && p[i + 1] <= 0x9f) /* C1 control */
                put_escaped(l, p + i, 2);
            else
                atom(l, (const char *)p + i, k);
            i += k;
        }
    }
}

/* put_rune writes one code point (not a surrogate) by the escaping rules. */
static void put_rune(line *l, uint32_t r) {
    uint8_t b[4];
    size_t n;
    if (r < 0x80) {
        b[0] = (uint8_t)r;
        n = 1;
    } else if (r < 0x800) {
        b[0] = (uint8_t)(0xc0 | r >> 6);
        b[1] = (uint8_t)(0x80 | (r & 0x3f));
        n = 2;
    } else {
        b[0] = (uint8_t)(0xe0 | r >> 12);
        b[1] = (uint8_t)(0x80 | ((r >> 6) & 0x3f));
        b[2] = (uint8_t)(0x80 | (r & 0x3f));
        n = 3;
    }
    put_text(l, b, n);
}

enum {
    S_UTF8 = 0x0c,
    S_NUMERIC = 0x12,
    S_PRINTABLE = 0x13,
    S_T61 = 0x14,
    S_IA5 = 0x16,
    S_BMP = 0x1e,
};

/* printable is crypto/x509's PrintableString set, '*' and '&' included. */
static int printable(uint8_t b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
           (b >= '\'' && b <= ')') || (b >= '+' && b <= '/') || b == ' ' || b == ':' ||
           b == '=' || b == '?' || b == '*' || b == '&';
}

/* put_value checks and writes one attribute value; -1 when crypto/x509 would refuse it. */
static int put_value(line *l, uint8_t tag, ad_span v) {
    size_t i;
    switch (tag) {
    case S_UTF8:
        for (i = 0; i < v.n;) {
            size_t k = utf8_len(v.p + i, v.n - i);
            if (k == 0) return -1;
            i += k;
        }
        break;
    case S_PRINTABLE:
        for (i = 0; i < v.n; i++)
            if (!printable(v.p[i])) return -1;
        break;
    case S_IA5:
        for (i = 0; i < v.n; i++)
            if (v.p[i] >= 0x80) return -1;
        break;
    case S_NUMERIC:
        for (i = 0; i < v.n; i++)
            if (!(v.p[i] >= '0' && v.p[i] <= '9') && v.p[i] != ' ') return -1;
        break;
    case S_T61: /* Latin-1 */
        for (i = 0; i < v.n; i++) put_rune(l, v.p[i]);
        return 0;
    case S_BMP: {
        if (v.n % 2 != 0) return -1;
        size_t n = v.n;
        if (n >= 2 && v.p[n - 1] == 0 && v.p[n - 2] == 0) n -= 2; /* a terminator */
        for (i = 0; i < n; i += 2) {
            uint32_t u = (uint32_t)v.p[i] << 8 | v.p[i + 1];
            if (u == 0xfffe || u == 0xffff || (u >= 0xfdd0 && u <= 0xfdef) ||
                (u >= 0xd800 && u <= 0xdfff))
                return -1;
        }
        for (i = 0; i < n; i += 2) put_rune(l, (uint32_t)v.p[i] << 8 | v.p[i + 1]);
        return 0;
    }
    default:
        return -1;
    }
    put_text(l, v.p, v.n);
    return 0;
}

static void put_oid(line *l, ad_span oid) {
    char tmp[24];
    uint64_t v = 0;
    int first = 1;
    for (size_t i = 0; i < oid.n; i++) {
        v = (v << 7) | (oid.p[i] & 0x7f);
        if (oid.p[i] & 0x80) continue;
        if (first) {
            unsigned a = v < 80 ? (unsigned)(v / 40) : 2;
            snprintf(tmp, sizeof tmp, "%u.%llu", a, (unsigned long long)(v - a * 40));
            first = 0;
        } else {
            snprintf(tmp, sizeof tmp, ".%llu", (unsigned long long)v);
        }
        put_ascii(l, tmp);
        v = 0;
    }
}

/* one_line renders a Name into out[0:cap] (NUL-terminated) by the rules above. -1 when an
 * attribute is malformed or its value is one crypto/x509 refuses. */
static int one_line(ad_span name, char *out, size_t cap) {
    line l = {out, cap, 0, 0};
    out[0] = 0;
    while (name.n > 0) {
        ad_span rdn;
        if (expect(&name, T_SET, &rdn) != 0) return -1;
        while (rdn.n > 0) {
            ad_span atv, oid, val;
            uint8_t tag;
            if (expect(&rdn, T_SEQUENCE, &atv) != 0) return -1;
            if (expect(&atv, T_OID, &oid) != 0) return -1;
            if (next(&atv, &tag, &val) != 0) return -1;
            put_ascii(&l, "/");
            const char *sn = NULL;
            for (size_t i = 0; i < sizeof shortNames / sizeof shortNames[0]; i++)
                if (oid_is(oid, shortNames[i].der, shortNames[i].n)) sn = shortNames[i].name;
            if (sn)
                put_ascii(&l, sn);
            else
                put_oid(&l, oid);
            put_ascii(&l, "=");
            if (put_value(&l, tag, val) != 0) return -1;
        }
    }
    return 0;
}

int ad_parse_cert(const uint8_t *der, size_t n, ad_cert *out) {
    ad_span all = {der, n}, cert, tbs, v;
    uint8_t tag;
    memset(out, 0, sizeof *out);
    if (expect(&all, T_SEQUENCE, &cert) != 0 || all.n != 0) return -1;
    if (expect(&cert, T_SEQUENCE, &tbs) != 0) return -1;
    if (expect(&cert, T_SEQUENCE, &v) != 0) return -1;  /* signatureAlgorithm */
    if (expect(&cert, T_BITSTRING, &v) != 0) return -1; /* signatureValue */
    if (cert.n != 0) return -1;

    if (next(&tbs, &tag, &v) != 0) return -1;
    if (tag == 0xa0) { /* [0] version */
        if (next(&tbs, &tag, &v) != 0) return -1;
    }
    if (tag != T_INTEGER) return -1; /* serialNumber */
    ad_span issuer, validity, subject, spki, alg;
    if (expect(&tbs, T_SEQUENCE, &v) != 0) return -1; /* signature */
    if (expect(&tbs, T_SEQUENCE, &issuer) != 0) return -1;
    if (expect(&tbs, T_SEQUENCE, &validity) != 0) return -1;
    if (expect(&tbs, T_SEQUENCE, &subject) != 0) return -1;
    if (expect(&tbs, T_SEQUENCE, &spki) != 0) return -1;
    if (parse_time(&validity, &out->notBefore) != 0) return -1;
    if (parse_time(&validity, &out->notAfter) != 0) return -1;
    if (one_line(subject, out->subject, sizeof out->subject) != 0) return -1;
    if (one_line(issuer, out->issuer, sizeof out->issuer) != 0) return -1;
    if (expect(&spki, T_SEQUENCE, &alg) != 0) return -1;
    if (expect(&alg, T_OID, &out->spkiAlg) != 0) return -1;
    if (expect(&spki, T_BITSTRING, &out->spkiKey) != 0) return -1;
    if (out->spkiKey.n < 1) return -1;
    return 0;
}

static const uint8_t oidRSA[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
static const uint8_t oidEC[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
static const uint8_t oidEd25519[] = {0x2b, 0x65, 0x70};

static int span_eq(ad_span a, ad_span b) { return a.n == b.n && memcmp(a.p, b.p, a.n) == 0; }

/* strip leading zero octets of an INTEGER's contents */
static ad_span unsigned_int(ad_span v) {
    while (v.n > 1 && v.p[0] == 0) {
        v.p++;
        v.n--;
    }
    return v;
}

/* rsa_matches compares the modulus of a PKCS#1 RSAPrivateKey with the certificate's. */
static int rsa_matches(ad_span key, const ad_cert *cert) {
    ad_span seq, ver, mod, pub, certMod;
    if (expect(&key, T_SEQUENCE, &seq) != 0) return -1;
    if (expect(&seq, T_INTEGER, &ver) != 0) return -1;
    if (expect(&seq, T_INTEGER, &mod) != 0) return -1;
    if (!oid_is(cert->spkiAlg, oidRSA, sizeof oidRSA)) return 0;
    ad_span bits = {cert->spkiKey.p + 1, cert->spkiKey.n - 1};
    if (expect(&bits, T_SEQUENCE, &pub) != 0) return 0;
    if (expect(&pub, T_INTEGER, &certMod) != 0) return 0;
    return span_eq(unsigned_int(mod), unsigned_int(certMod));
}

/* ec_matches compares the public key a SEC1 ECPrivateKey carries with the certificate's. */
static int ec_matches(ad_span key, const ad_cert *cert) {
    ad_span seq, v;
    uint8_t tag;
    if (expect(&key, T_SEQUENCE, &seq) != 0) return -1;
    if (expect(&seq, T_INTEGER, &v) != 0) return -1;
    if (expect(&seq, T_OCTETSTRING, &v) != 0) return -1;
    if (!oid_is(cert->spkiAlg, oidEC, sizeof oidEC)) return 0;
    while (seq.n > 0) {
        if (next(&seq, &tag, &v) != 0) return -1;
        if (tag == 0xa1) { /* [1] publicKey */
            ad_span bits;
            if (expect(&v, T_BITSTRING, &bits) != 0) return -1;
            return span_eq(bits, cert->spkiKey);
        }
    }
    return 2;
}

int ad_key_matches(const char *typ, const uint8_t *der, size_t n, const ad_cert *cert) {
    ad_span key = {der, n};
    if (strcmp(typ, "RSA PRIVATE KEY") == 0) return rsa_matches(key, cert);
    if (strcmp(typ, "EC PRIVATE KEY") == 0) return ec_matches(key, cert);
    if (strcmp(typ, "PRIVATE KEY") == 0) {
        ad_span seq, v, alg, oid, inner;
        if (expect(&key, T_SEQUENCE, &seq) != 0) return -1;
        if (expect(&seq, T_INTEGER, &v) != 0) return -1;
        if (expect(&seq, T_SEQUENCE, &alg) != 0) return -1;
        if (expect(&alg, T_OID, &oid) != 0) return -1;
        if (expect(&seq, T_OCTETSTRING, &inner) != 0) return -1;
        if (oid_is(oid, oidRSA, sizeof oidRSA)) return rsa_matches(inner, cert);
        if (oid_is(oid, oidEC, sizeof oidEC)) return ec_matches(inner, cert);
        if (oid_is(oid, oidEd25519, sizeof oidEd25519)) {
            if (!oid_is(cert->spkiAlg, oidEd25519, sizeof oidEd25519)) return 0;
            return 2;
        }
        return -1;
    }
    return -1;
}
