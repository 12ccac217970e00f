//go:build abidouble && cgo

/* wificonfig.c: the Wi-Fi configuration of the double: a running and a stored list of
 * networks (network ID = position in the running list), a scan table and a connection that
 * tests set up. Errnos as the reference lists them. */

#include <errno.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define MAX_NETWORKS 16
#define MAX_SCANNED 128

typedef struct {
    uint8_t ssid[AD_WIFICONFIG_SSID_MAX_LENGTH];
    uint8_t ssidLength;
    uint8_t security;
    bool enabled;
    bool targetedScan;
    char psk[AD_WIFICONFIG_WPA2_KEY_MAX_BUFFER_SIZE];
    uint8_t pskLength;
    char identity[AD_WIFICONFIG_EAP_IDENTITY_MAX_LENGTH + 1];
    char clientCert[AD_CERTSTORE_MAX_IDENTIFIER_LENGTH + 1];
    char rootCA[AD_CERTSTORE_MAX_IDENTIFIER_LENGTH + 1];
    char configName[AD_WIFICONFIG_CONFIG_NAME_MAX_LENGTH + 1];
    bool hasDiag;
    WifiConfig_NetworkDiagnostics64 diag;
} network;

static network running[MAX_NETWORKS], stored[MAX_NETWORKS];
static int nrunning, nstored;
static int connected = -1;
static uint8_t connBssid[6];
static uint32_t connFreq;
static int8_t connRssi;
static struct z__WifiConfig_ScannedNetwork_v1 scanned[MAX_SCANNED];
static int nscanned;

/* The radio: access points in range. With none set, connections and scan results are what
 * the control functions abidouble_connect and abidouble_add_scanned say. */
#define MAX_APS 16
typedef struct {
    uint8_t ssid[AD_WIFICONFIG_SSID_MAX_LENGTH];
    uint8_t ssidLength;
    uint8_t bssid[6];
    uint32_t freq;
    int8_t rssi;
    uint8_t security;
    char psk[AD_WIFICONFIG_WPA2_KEY_MAX_BUFFER_SIZE];
    uint8_t pskLength;
    bool hidden;
} access_point;
static access_point aps[MAX_APS];
static int naps;

void ad_wifi_reset(void) {
    nrunning = nstored = 0;
    connected = -1;
    nscanned = 0;
    naps = 0;
}

enum { DIAG_CONNECTION_FAILED = 1, DIAG_NOT_FOUND = 2, DIAG_NO_PSK = 3, DIAG_WRONG_KEY = 4, DIAG_SECURITY_MISMATCH = 6 };

/* attempt tries to connect network w through the radio: 0 and the access point on success,
 * else a diagnostics error code. */
static int attempt(const network *w, const access_point **out) {
    const access_point *best = NULL;
    int err = DIAG_NOT_FOUND;
    for (int i = 0; i < naps; i++) {
        const access_point *a = &aps[i];
        if (a->ssidLength != w->ssidLength || memcmp(a->ssid, w->ssid, a->ssidLength) != 0) continue;
        if (a->hidden && !w->targetedScan) continue;
        if (a->security != w->security) {
            err = DIAG_SECURITY_MISMATCH;
            continue;
        }
        if (a->security == WifiConfig_Security_Wpa2_Psk) {
            if (w->pskLength == 0) {
                err = DIAG_NO_PSK;
                continue;
            }
            if (w->pskLength != a->pskLength || memcmp(w->psk, a->psk, a->pskLength) != 0) {
                err = DIAG_WRONG_KEY;
                continue;
            }
        } else if (a->security != WifiConfig_Security_Open) {
            err = DIAG_CONNECTION_FAILED; /* the double does no EAP-TLS */
            continue;
        }
        if (best == NULL || a->rssi > best->rssi) best = a;
    }
    *out = best;
    return best ? 0 : err;
}

/* reconnect makes the connection follow the configuration, as the device does after every
 * change: keep a connection that is still valid, else connect to the first enabled network
 * that works, recording a diagnostics entry for each that fails. */
static void reconnect(void) {
    if (naps == 0) return;
    const access_point *a;
    if (connected >= 0 && running[connected].enabled && attempt(&running[connected], &a) == 0) return;
    connected = -1;
    for (int i = 0; i < nrunning; i++) {
        network *w = &running[i];
        if (!w->enabled) continue;
        int err = attempt(w, &a);
        if (err == 0) {
            connected = i;
            memcpy(connBssid, a->bssid, 6);
            connFreq = a->freq;
            connRssi = a->rssi;
            return;
        }
        memset(&w->diag, 0, sizeof w->diag);
        w->hasDiag = true;
        w->diag.error = err;
        w->diag.timestamp = (int64_t)time(NULL);
        w->diag.certDepth = -1;
    }
}

int abidouble_set_access_point(const uint8_t *ssid, size_t ssidLength, const uint8_t bssid[6],
                               uint32_t frequencyMHz, int8_t rssi, uint8_t security, const char *psk,
                               size_t pskLength, bool hidden) {
    if (ssidLength > AD_WIFICONFIG_SSID_MAX_LENGTH || pskLength > AD_WIFICONFIG_WPA2_KEY_MAX_BUFFER_SIZE)
        return -1;
    int i = 0;
    while (i < naps && memcmp(aps[i].bssid, bssid, 6) != 0) i++;
    if (i == naps) {
        if (naps == MAX_APS) return -1;
        naps++;
    }
    access_point *a = &aps[i];
    memset(a, 0, sizeof *a);
    memcpy(a->ssid, ssid, ssidLength);
    a->ssidLength = (uint8_t)ssidLength;
    memcpy(a->bssid, bssid, 6);
    a->freq = frequencyMHz;
    a->rssi = rssi;
    a->security = security;
    if (psk) memcpy(a->psk, psk, pskLength);
    a->pskLength = (uint8_t)pskLength;
    a->hidden = hidden;
    reconnect();
    return 0;
}

static int fail(int err) {
    errno = err;
    return -1;
}

static int enter(const char *fn, int cap) {
    int err = ad_take_fault(fn);
    if (err) return fail(err);
    if (!ad_has_cap(cap)) return fail(EACCES);
    return 0;
}

static int check_network(int id) {
    if (id < 0) return fail(EINVAL);
    if (id >= nrunning) return fail(ENODEV);
    return 0;
}

static void remove_network(int id) {
    memmove(&running[id], &running[id + 1], (size_t)(nrunning - id - 1) * sizeof running[0]);
    nrunning--;
    if (connected == id)
        connected = -1;
    else if (connected > id)
        connected--;
}

/* put_ssid fills a 32-byte SSID array: the SSID, then padding a binding must not return. */
static void put_ssid(uint8_t *dst, const uint8_t *ssid, uint8_t n) {
    memcpy(dst, ssid, n);
    for (int i = n; i < AD_WIFICONFIG_SSID_MAX_LENGTH; i++)
        dst[i] = ad_fill_mode() == AD_FILL_ZERO ? 0 : (uint8_t)(' ' + i);
}

static int valid_cert_id(const char *s, size_t n) {
    if (n == 0) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

static int name_used(const char *name, int except) {
    for (int i = 0; i < nrunning; i++)
        if (i != except && running[i].configName[0] && strcmp(running[i].configName, name) == 0)
            return 1;
    return 0;
}

int WifiConfig_AddNetwork(void) {
    if (enter("WifiConfig_AddNetwork", AD_CAP_WIFICONFIG) != 0) return -1;
    if (nrunning == MAX_NETWORKS) return fail(ENOMEM);
    memset(&running[nrunning], 0, sizeof running[0]);
    return nrunning++;
}

int WifiConfig_AddDuplicateNetwork(int networkId, const char *configName) {
    static const char fn[] = "WifiConfig_AddDuplicateNetwork";
    if (enter(fn, AD_CAP_WIFICONFIG) != 0) return -1;
    long n = ad_cstring(fn, configName, AD_WIFICONFIG_CONFIG_NAME_MAX_LENGTH);
    if (n < 0) return -1;
    if (n == 0) return fail(ERANGE);
    if (check_network(networkId) != 0) return -1;
    if (name_used(configName, -1)) return fail(EEXIST);
    if (nrunning == MAX_NETWORKS) return fail(ENOMEM);
    network c = running[networkId];
    c.enabled = false;
    c.hasDiag = false;
    memcpy(c.configName, configName, (size_t)n + 1);
    running[nrunning] = c;
    return nrunning++;
}

int WifiConfig_GetNetworkIdByConfigName(const char *configName) {
    static const char fn[] = "WifiConfig_GetNetworkIdByConfigName";
    if (enter(fn, AD_CAP_WIFICONFIG) != 0) return -1;
    long n = ad_cstring(fn, configName, AD_WIFICONFIG_CONFIG_NAME_MAX_LENGTH);
    if (n < 0) return -1;
    if (n == 0) return fail(ERANGE);
    for (int i = 0; i < nrunning; i++)
        if (strcmp(running[i].configName, configName) == 0) return i;
    return fail(ENODEV);
}

int WifiConfig_ForgetNetworkById(int networkId) {
    if (enter("WifiConfig_ForgetNetworkById", AD_CAP_WIFICONFIG) != 0) return -1;
    if (check_network(networkId) != 0) return -1;
    remove_network(networkId);
    reconnect();
    return 0;
}

int WifiConfig_ForgetAllNetworks(void) {
    if (enter("WifiConfig_ForgetAllNetworks", AD_CAP_WIFICONFIG) != 0) return -1;
    nrunning = nstored = 0;
    connected = -1;
    return 0;
}

ssize_t WifiConfig_GetStoredNetworkCount(void) {
    if (enter("WifiConfig_GetStoredNetworkCount", AD_CAP_WIFICONFIG) != 0) return -1;
    return nrunning;
}

int WifiConfig_GetConnectedNetworkId(void) {
    if (enter("WifiConfig_GetConnectedNetworkId", AD_CAP_WIFICONFIG) != 0) return -1;
    if (connected < 0) return fail(ENOTCONN);
    return connected;
}

ssize_t WifiConfig_TriggerScanAndGetScannedNetworkCount(void) {
    if (enter("WifiConfig_TriggerScanAndGetScannedNetworkCount", AD_CAP_WIFICONFIG) != 0) return -1;
    if (naps > 0) {
        nscanned = 0;
        for (int i = 0; i < naps && nscanned < MAX_SCANNED; i++) {
            const access_point *a = &aps[i];
            bool targeted = false;
            for (int j = 0; j < nrunning; j++)
                targeted = targeted || (running[j].targetedScan && running[j].ssidLength == a->ssidLength &&
                                        memcmp(running[j].ssid, a->ssid, a->ssidLength) == 0);
            if (a->hidden && !targeted) continue;
            struct z__WifiConfig_ScannedNetwork_v1 *s = &scanned[nscanned++];
            memset(s, 0, sizeof *s);
            s->z__magicAndVersion = AD_SCANNED_NETWORK_MAGIC | AD_WIFICONFIG_STRUCTS_VERSION;
            memcpy(s->ssid, a->ssid, a->ssidLength);
            s->ssidLength = a->ssidLength;
            memcpy(s->bssid, a->bssid, 6);
            s->security = a->security;
            s->frequencyMHz = a->freq;
            s->signalRssi = a->rssi;
        }
    }
    return nscanned;
}

static int store_network(const char *fn, const uint8_t *ssid, size_t ssidLength, const char *psk,
                         size_t pskLength, uint8_t security) {
    if (enter(fn, AD_CAP_WIFICONFIG) != 0) return -1;
    if (ssid == NULL) return fail(EFAULT);
    if (ssidLength == 0 || ssidLength > AD_WIFICONFIG_SSID_MAX_LENGTH) return fail(ERANGE);
    if (security == WifiConfig_Security_Wpa2_Psk) {
        if (psk == NULL) return fail(EFAULT);
        if (pskLength == 0 || pskLength > AD_WIFICONFIG_WPA2_KEY_MAX_BUFFER_SIZE) return fail(ERANGE);
    }
    for (int i = 0; i < nrunning; i++)
        if (running[i].ssidLength == ssidLength && memcmp(running[i].ssid, ssid, ssidLength) == 0 &&
            running[i].security == security)
            return fail(EEXIST);
    if (nrunning == MAX_NETWORKS) return fail(ENOSPC);
    network *n = &running[nrunning++];
    memset(n, 0, sizeof *n);
    memcpy(n->ssid, ssid, ssidLength);
    n->ssidLength = (uint8_t)ssidLength;
    n->security = security;
    n->enabled = true;
    if (psk) {
        memcpy(n->psk, psk, pskLength);
        n->pskLength = (uint8_t)pskLength;
    }
    memcpy(stored, running, sizeof running);
    nstored = nrunning;
    reconnect();
    return 0;
}

int WifiConfig_StoreOpenNetwork(const uint8_t *ssid, size_t ssidLength) {
    return store_network("WifiConfig_StoreOpenNetwork", ssid, ssidLength, NULL, 0,
                         WifiConfig_Security_Open);
}

int WifiConfig_StoreWpa2Network(const uint8_t *ssid, size_t ssidLength, const char *psk,
                                size_t pskLength) {
    return store_network("WifiConfig_StoreWpa2Network", ssid, ssidLength, psk, pskLength,
                         WifiConfig_Security_Wpa2_Psk);
}

int z__WifiConfig_ForgetNetwork(const struct z__WifiConfig_StoredNetwork_Base *storedNetwork) {
    if (enter("z__WifiConfig_ForgetNetwork", AD_CAP_WIFICONFIG) != 0) return -1;
    if (storedNetwork == NULL) return fail(EFAULT);
    if (storedNetwork->z__magicAndVersion != (AD_STORED_NETWORK_MAGIC | AD_WIFICONFIG_STRUCTS_VERSION)) {
        ad_violation("z__WifiConfig_ForgetNetwork: struct version 0x%08x", storedNetwork->z__magicAndVersion);
        return fail(EINVAL);
    }
    const struct z__WifiConfig_StoredNetwork_v1 *s = (const void *)storedNetwork;
    for (int i = 0; i < nrunning; i++) {
        if (running[i].ssidLength == s->ssidLength &&
            memcmp(running[i].ssid, s->ssid, s->ssidLength) == 0 && running[i].security == s->security) {
            remove_network(i);
            memcpy(stored, running, sizeof running);
            nstored = nrunning;
            reconnect();
            return 0;
        }
    }
    return fail(ENOENT);
}

static int check_version(const char *fn, uint32_t version) {
    if (version != AD_WIFICONFIG_STRUCTS_VERSION) {
        ad_violation("%s: struct version %u", fn, version);
        return fail(EINVAL);
    }
    return 0;
}

ssize_t z__WifiConfig_GetStoredNetworks(struct z__WifiConfig_StoredNetwork_Base *storedNetworkArray,
                                        size_t storedNetworkArrayCount,
                                        uint32_t storedNetworkStructVersion) {
    static const char fn[] = "z__WifiConfig_GetStoredNetworks";
    if (enter(fn, AD_CAP_WIFICONFIG) != 0) return -1;
    if (storedNetworkArray == NULL) return fail(EFAULT);
    if (storedNetworkArrayCount == 0) return fail(ERANGE);
    if (check_version(fn, storedNetworkStructVersion) != 0) return -1;
    struct z__WifiConfig_StoredNetwork_v1 *out = (void *)storedNetworkArray;
    size_t n = storedNetworkArrayCount < (size_t)nrunning ? storedNetworkArrayCount : (size_t)nrunning;
    for (size_t i = 0; i < n; i++) {
        const network *w = &running[i];
        out[i].z__magicAndVersion = AD_STORED_NETWORK_MAGIC | AD_WIFICONFIG_STRUCTS_VERSION;
        put_ssid(out[i].ssid, w->ssid, w->ssidLength);
        out[i].ssidLength = w->ssidLength;
        out[i].isEnabled = w->enabled;
        out[i].isConnected = connected == (int)i;
        out[i].security = w->security;
    }
    return (ssize_t)n;
}

int z__WifiConfig_GetCurrentNetwork(struct z__WifiConfig_ConnectedNetwork_Base *connectedNetwork,
                                    uint32_t connectedNetworkStructVersion) {
    static const char fn[] = "z__WifiConfig_GetCurrentNetwork";
    if (enter(fn, AD_CAP_WIFICONFIG) != 0) return -1;
    if (connectedNetwork == NULL) return fail(EFAULT);
    if (check_version(fn, connectedNetworkStructVersion) != 0) return -1;
    if (connected < 0) return fail(ENODATA);
    struct z__WifiConfig_ConnectedNetwork_v1 *out = (void *)connectedNetwork;
    const network *w = &running[connected];
    out->z__magicAndVersion = AD_CONNECTED_NETWORK_MAGIC | AD_WIFICONFIG_STRUCTS_VERSION;
    put_ssid(out->ssid, w->ssid, w->ssidLength);
    memcpy(out->bssid, connBssid, 6);
    out->ssidLength = w->ssidLength;
    out->security = w->security;
    out->frequencyMHz = connFreq;
    out->signalRssi = connRssi;
    return 0;
}

ssize_t z__WifiConfig_GetScannedNetworks(struct z__WifiConfig_ScannedNetwork_Base *scannedNetworkArray,
                                         size_t scannedNetworkArrayCount,
                                         uint32_t scannedNetworkStructVersion) {
    static const char fn[] = "z__WifiConfig_GetScannedNetworks";
    if (enter(fn, AD_CAP_WIFICONFIG) != 0) return -1;
    if (scannedNetworkArray == NULL) return fail(EFAULT);
    if (scannedNetworkArrayCount == 0) return fail(ERANGE);
    if (check_version(fn, scannedNetworkStructVersion) != 0) return -1;
    struct z__WifiConfig_ScannedNetwork_v1 *out = (void *)scannedNetworkArray;
    size_t n = scannedNetworkArrayCount < (size_t)nscanned ? scannedNetworkArrayCount : (size_t)nscanned;
    for (size_t i = 0; i < n; i++) {
        out[i] = scanned[i];
        put_ssid(out[i].ssid, scanned[i].ssid, scanned[i].ssidLength);
    }
    return (ssize_t)n;
}

/* set_string stores a NUL-terminated attribute (attributeLength must be 0). */
static int set_string(const char *fn, const void *value, size_t length, char *dst, size_t max,
                      int certId) {
    if (length != 0) ad_violation("%s: string attribute with length %zu, want 0", fn, length);
    long n = ad_cstring(fn, value, max);
    if (n < 0) return -1;
    if (certId && !valid_cert_id(value, (size_t)n)) return fail(n == 0 ? ERANGE : EINVAL);
    memcpy(dst, value, (size_t)n + 1);
    return 0;
}

static int set_bool(const char *fn, const void *value, size_t length, bool *dst) {
    if (length != sizeof(bool)) {
        ad_violation("%s: bool attribute with length %zu", fn, length);
        return fail(EINVAL);
    }
    uint8_t v = *(const uint8_t *)value;
    if (v > 1) {
        ad_violation("%s: bool attribute with value %u", fn, v);
        return fail(EINVAL);
    }
    *dst = v;
    return 0;
}

static int set_opt(int networkId, z__WifiConfig_Attribute networkAttribute,
                   const void *attributeValue, size_t attributeLength);

int z__WifiConfig_SetNetworkOpt(int networkId, z__WifiConfig_Attribute networkAttribute,
                                const void *attributeValue, size_t attributeLength) {
    int r = set_opt(networkId, networkAttribute, attributeValue, attributeLength);
    if (r == 0 && networkAttribute != z__WifiConfig_Attribute_Save) reconnect();
    return r;
}

static int set_opt(int networkId, z__WifiConfig_Attribute networkAttribute,
                   const void *attributeValue, size_t attributeLength) {
    static const char fn[] = "z__WifiConfig_SetNetworkOpt";
    int cap = AD_CAP_WIFICONFIG;
    if (networkAttribute == z__WifiConfig_Attribute_Client_Identity ||
        networkAttribute == z__WifiConfig_Attribute_Client_CertStore_Identifier ||
        networkAttribute == z__WifiConfig_Attribute_RootCA_CertStore_Identifier ||
        (networkAttribute == z__WifiConfig_Attribute_Security_Type && attributeValue != NULL &&
         attributeLength == 1 && *(const uint8_t *)attributeValue == WifiConfig_Security_Wpa2_EAP_TLS))
        cap = AD_CAP_ENTERPRISE_WIFI;
    if (enter(fn, cap) != 0) return -1;

    if (networkAttribute == z__WifiConfig_Attribute_Save || networkAttribute == z__WifiConfig_Attribute_Reload) {
        if (networkId != -1 || attributeValue != NULL || attributeLength != 0) {
            ad_violation("%s: global attribute %u with id %d, value %p, length %zu", fn,
                         networkAttribute, networkId, attributeValue, attributeLength);
            return fail(EINVAL);
        }
        if (networkAttribute == z__WifiConfig_Attribute_Save) {
            for (int i = 0; i < nrunning; i++)
                if (running[i].ssidLength == 0) return fail(EINVAL);
            memcpy(stored, running, sizeof running);
            nstored = nrunning;
        } else {
            memcpy(running, stored, sizeof running);
            nrunning = nstored;
            connected = -1;
            reconnect();
        }
        return 0;
    }
    if (check_network(networkId) != 0) return -1;
    if (attributeValue == NULL) return fail(EFAULT);
    network *w = &running[networkId];
    switch (networkAttribute) {
    case z__WifiConfig_Attribute_SSID:
        if (attributeLength == 0 || attributeLength > AD_WIFICONFIG_SSID_MAX_LENGTH) return fail(ERANGE);
        memcpy(w->ssid, attributeValue, attributeLength);
        w->ssidLength = (uint8_t)attributeLength;
        return 0;
    case z__WifiConfig_Attribute_Security_Type: {
        if (attributeLength != sizeof(WifiConfig_Security_Type)) {
            ad_violation("%s: security type with length %zu", fn, attributeLength);
            return fail(EINVAL);
        }
        uint8_t s = *(const uint8_t *)attributeValue;
        if (s < WifiConfig_Security_Open || s > WifiConfig_Security_Wpa2_EAP_TLS) return fail(EINVAL);
        w->security = s;
        return 0;
    }
    case z__WifiConfig_Attribute_Enable:
        return set_bool(fn, attributeValue, attributeLength, &w->enabled);
    case z__WifiConfig_Attribute_Targeted_Scan:
        return set_bool(fn, attributeValue, attributeLength, &w->targetedScan);
    case z__WifiConfig_Attribute_Preshared_Key:
        if (attributeLength > AD_WIFICONFIG_WPA2_KEY_MAX_BUFFER_SIZE) return fail(ERANGE);
        memcpy(w->psk, attributeValue, attributeLength);
        w->pskLength = (uint8_t)attributeLength;
        return 0;
    case z__WifiConfig_Attribute_Client_Identity:
        return set_string(fn, attributeValue, attributeLength, w->identity,
                          AD_WIFICONFIG_EAP_IDENTITY_MAX_LENGTH, 0);
    case z__WifiConfig_Attribute_Client_CertStore_Identifier:
        return set_string(fn, attributeValue, attributeLength, w->clientCert,
                          AD_CERTSTORE_MAX_IDENTIFIER_LENGTH, 1);
    case z__WifiConfig_Attribute_RootCA_CertStore_Identifier:
        return set_string(fn, attributeValue, attributeLength, w->rootCA,
                          AD_CERTSTORE_MAX_IDENTIFIER_LENGTH, 1);
    case z__WifiConfig_Attribute_Config_Name: {
        char tmp[AD_WIFICONFIG_CONFIG_NAME_MAX_LENGTH + 1];
        if (set_string(fn, attributeValue, attributeLength, tmp, AD_WIFICONFIG_CONFIG_NAME_MAX_LENGTH, 0) != 0)
            return -1;
        if (tmp[0] == 0) return fail(ERANGE);
        memcpy(w->configName, tmp, sizeof tmp);
        return 0;
    }
    default:
        return fail(EINVAL);
    }
}

/* get_out copies n bytes of value to buffer under the GetNetworkOpt rules. */
static ssize_t get_out(void *buffer, size_t capacity, const void *value, size_t n, int isString) {
    if (buffer == NULL && capacity == 0) return (ssize_t)n;
    if (buffer == NULL) return fail(EFAULT);
    if (capacity < n) return fail(ERANGE);
    if (isString)
        ad_put_string(buffer, capacity, value, n - 1);
    else
        memcpy(buffer, value, n);
    return (ssize_t)n;
}

ssize_t z__WifiConfig_GetNetworkOpt(int networkId, z__WifiConfig_Attribute networkAttribute,
                                    void *buffer, size_t capacity) {
    static const char fn[] = "z__WifiConfig_GetNetworkOpt";
    int cap = AD_CAP_WIFICONFIG;
    if (networkAttribute == z__WifiConfig_Attribute_Client_Identity ||
        networkAttribute == z__WifiConfig_Attribute_Client_CertStore_Identifier ||
        networkAttribute == z__WifiConfig_Attribute_RootCA_CertStore_Identifier)
        cap = AD_CAP_ENTERPRISE_WIFI;
    if (enter(fn, cap) != 0) return -1;
    if (check_network(networkId) != 0) return -1;
    const network *w = &running[networkId];
    switch (networkAttribute) {
    case z__WifiConfig_Attribute_Client_Identity:
        if (buffer && capacity != sizeof(WifiConfig_ClientIdentity))
            ad_violation("%s: identity buffer of %zu bytes", fn, capacity);
        return get_out(buffer, capacity, w->identity, strlen(w->identity) + 1, 1);
    case z__WifiConfig_Attribute_Client_CertStore_Identifier:
    case z__WifiConfig_Attribute_RootCA_CertStore_Identifier: {
        const char *s = networkAttribute == z__WifiConfig_Attribute_Client_CertStore_Identifier ? w->clientCert : w->rootCA;
        if (buffer && capacity != sizeof(CertStore_Identifier))
            ad_violation("%s: identifier buffer of %zu bytes", fn, capacity);
        return get_out(buffer, capacity, s, strlen(s) + 1, 1);
    }
    case z__WifiConfig_Attribute_Network_Diagnostics64: {
        if (!w->hasDiag) return fail(ENODEV);
        if (buffer && capacity != sizeof(WifiConfig_NetworkDiagnostics64))
            ad_violation("%s: diagnostics buffer of %zu bytes", fn, capacity);
        WifiConfig_NetworkDiagnostics64 d = w->diag;
        d.isEnabled = w->enabled;
        d.isConnected = connected == networkId;
        ssize_t r = get_out(buffer, capacity, &d, sizeof d, 0);
        if (r > 0) {
            WifiConfig_NetworkDiagnostics64 *o = buffer;
            ad_put_string(o->certSubject.name, sizeof o->certSubject.name, d.certSubject.name,
                          strlen(d.certSubject.name));
        }
        return r;
    }
    default:
        return fail(EINVAL);
    }
}

/* ---- control ------------------------------------------------------------------------- */

void abidouble_reboot(void) {
    memcpy(running, stored, sizeof running);
    nrunning = nstored;
    connected = -1;
    for (int i = 0; i < nrunning; i++) running[i].hasDiag = false;
    reconnect();
}

int abidouble_add_scanned(const uint8_t *ssid, size_t ssidLength, const uint8_t bssid[6],
                          uint8_t security, uint32_t frequencyMHz, int8_t rssi) {
    if (nscanned == MAX_SCANNED || ssidLength > AD_WIFICONFIG_SSID_MAX_LENGTH) return -1;
    struct z__WifiConfig_ScannedNetwork_v1 *s = &scanned[nscanned++];
    memset(s, 0, sizeof *s);
    s->z__magicAndVersion = AD_SCANNED_NETWORK_MAGIC | AD_WIFICONFIG_STRUCTS_VERSION;
    memcpy(s->ssid, ssid, ssidLength);
    s->ssidLength = (uint8_t)ssidLength;
    memcpy(s->bssid, bssid, 6);
    s->security = security;
    s->frequencyMHz = frequencyMHz;
    s->signalRssi = rssi;
    return 0;
}

int abidouble_connect(int networkId, const uint8_t bssid[6], uint32_t frequencyMHz, int8_t rssi) {
    if (networkId >= nrunning) return -1;
    connected = networkId;
    if (networkId >= 0) {
        memcpy(connBssid, bssid, 6);
        connFreq = frequencyMHz;
        connRssi = rssi;
    }
    return 0;
}

int abidouble_set_diagnostics(int networkId, int32_t error, int64_t timestamp, int32_t certError,
                              int32_t certDepth, const char *certSubject) {
    if (networkId < 0 || networkId >= nrunning) return -1;
    network *w = &running[networkId];
    memset(&w->diag, 0, sizeof w->diag);
    w->hasDiag = true;
    w->diag.error = error;
    w->diag.timestamp = timestamp;
    w->diag.certError = certError;
    w->diag.certDepth = certDepth;
    size_t n = strlen(certSubject);
    if (n > AD_CERTSTORE_SUBJECTNAME_MAX_LENGTH) n = AD_CERTSTORE_SUBJECTNAME_MAX_LENGTH;
    memcpy(w->diag.certSubject.name, certSubject, n);
    return 0;
}

ssize_t abidouble_stored_psk(int networkId, char *buf, size_t cap) {
    if (networkId < 0 || networkId >= nrunning) return -1;
    size_t n = running[networkId].pskLength;
    if (n > cap) n = cap;
    memcpy(buf, running[networkId].psk, n);
    return (ssize_t)running[networkId].pskLength;
}
