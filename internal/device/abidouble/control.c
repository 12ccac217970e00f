//go:build abidouble && cgo

/* control.c: the state every part of the double shares, and the control interface. */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static int caps = AD_CAP_ALL;
static int fill = AD_FILL_JUNK;

static struct {
    char fn[64];
    int err;
} faults[8];
static int nfaults;

static char violations[2048];
static size_t violationsLen;
static int nviolations;

void ad_violation(const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    nviolations++;
    size_t k = strlen(msg);
    if (violationsLen + k + 2 < sizeof violations) {
        memcpy(violations + violationsLen, msg, k);
        violationsLen += k;
        violations[violationsLen++] = '\n';
        violations[violationsLen] = 0;
    }
}

int ad_take_fault(const char *fn) {
    for (int i = 0; i < nfaults; i++) {
        if (strcmp(faults[i].fn, fn) == 0) {
            int err = faults[i].err;
            memmove(&faults[i], &faults[i + 1], (size_t)(nfaults - i - 1) * sizeof faults[0]);
            nfaults--;
            return err;
        }
    }
    return 0;
}

int ad_has_cap(int cap) { return (caps & cap) == cap; }
int ad_fill_mode(void) { return fill; }

void ad_put_string(char *buf, size_t cap, const char *s, size_t len) {
    if (cap == 0) return;
    if (len > cap - 1) len = cap - 1;
    memcpy(buf, s, len);
    buf[len] = 0;
    for (size_t i = len + 1; i < cap; i++) buf[i] = fill == AD_FILL_ZERO ? 0 : (char)('#' + i % 7);
    if (fill != AD_FILL_ZERO && cap > len + 1) buf[cap - 1] = 0;
}

long ad_cstring(const char *fn, const char *s, size_t max) {
    if (s == NULL) {
        errno = EFAULT;
        return -1;
    }
    for (size_t i = 0; i <= max; i++) {
        if (s[i] == 0) return (long)i;
    }
    ad_violation("%s: string argument has no NUL within %zu bytes", fn, max + 1);
    errno = ERANGE;
    return -1;
}

void abidouble_reset(void) {
    caps = AD_CAP_ALL;
    fill = AD_FILL_JUNK;
    nfaults = 0;
    nviolations = 0;
    violationsLen = 0;
    violations[0] = 0;
    ad_certstore_reset();
    ad_wifi_reset();
    ad_app_reset();
}

void abidouble_set_caps(int c) { caps = c; }
void abidouble_set_fill(int mode) { fill = mode; }

void abidouble_fail_next(const char *fn, int err) {
    if (nfaults == (int)(sizeof faults / sizeof faults[0])) return;
    snprintf(faults[nfaults].fn, sizeof faults[0].fn, "%s", fn);
    faults[nfaults].err = err;
    nfaults++;
}

int abidouble_violations(char *buf, size_t cap) {
    if (cap > 0) snprintf(buf, cap, "%s", violations);
    return nviolations;
}
