/*
 * tlsutils.c: the stand-in libtlsutils.so that .ci/standin-sysroot.sh builds. On the device the
 * device-authentication functions live in libtlsutils, not in libapplibs. The C ABI double
 * (internal/device/abidouble) keeps their state beside the application functions, so the
 * stand-in build compiles the double with its two DeviceAuth_ definitions renamed to
 * abidouble_tls_* (into libapplibs.so) and this library exports the real names, forwarding to
 * them. A program that calls them therefore needs libtlsutils.so, as on the device.
 */
#include "abidouble.h"

const char *abidouble_tls_GetCertificatePath(void);
DeviceAuthSslResult abidouble_tls_SslCtxFunc(void *sslctx);

const char *DeviceAuth_GetCertificatePath(void) { return abidouble_tls_GetCertificatePath(); }

DeviceAuthSslResult DeviceAuth_SslCtxFunc(void *sslctx) { return abidouble_tls_SslCtxFunc(sslctx); }
