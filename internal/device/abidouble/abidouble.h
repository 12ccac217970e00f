/*
 * abidouble.h: the C test double of the applibs ABI that the cgo device backend
 * (internal/device) calls. It declares, from the facts in the project's reference, the
 * symbols libapplibs and libtlsutils export, and a small control interface that tests use to
 * set the double up and inspect what the binding passed.
 *
 * The declarations here are this project's own. The device backend does not include this
 * file: it declares the symbols it calls itself, and a test compares the two.
 */
#ifndef AZSG_ABIDOUBLE_H
#define AZSG_ABIDOUBLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/* ---- certstore ---------------------------------------------------------------------- */

#define AD_CERTSTORE_MAX_CERT_SIZE 8192
#define AD_CERTSTORE_MAX_PRIVATE_KEY_PASSWORD_LENGTH 256
#define AD_CERTSTORE_MAX_IDENTIFIER_LENGTH 16
#define AD_CERTSTORE_SUBJECTNAME_MAX_LENGTH 300
#define AD_CERTSTORE_ISSUERNAME_MAX_LENGTH 300
#define AD_CERTSTORE_CAPACITY (24 * 1024)

typedef struct CertStore_Identifier {
    char identifier[AD_CERTSTORE_MAX_IDENTIFIER_LENGTH + 1];
} CertStore_Identifier;

typedef struct CertStore_SubjectName {
    char name[AD_CERTSTORE_SUBJECTNAME_MAX_LENGTH + 1];
} CertStore_SubjectName;

typedef struct CertStore_IssuerName {
    char name[AD_CERTSTORE_ISSUERNAME_MAX_LENGTH + 1];
} CertStore_IssuerName;

enum z__CertInfoField {
    z__CertInfo_NotBefore = 1,
    z__CertInfo_NotAfter = 2,
    z__CertInfo_SubjectName = 3,
    z__CertInfo_IssuerName = 4,
};

int CertStore_InstallClientCertificate(const char *identifier, const char *certBlob,
                                       size_t certBlobLength, const char *privateKeyBlob,
                                       size_t privateKeyBlobLength,
                                       const char *privateKeyPassword);
int CertStore_InstallRootCACertificate(const char *identifier, const char *certBlob,
                                       size_t certBlobLength);
int CertStore_DeleteCertificate(const char *identifier);
ssize_t CertStore_GetCertificateCount(void);
int CertStore_GetCertificateIdentifierAt(size_t index, CertStore_Identifier *outIdentifier);
ssize_t CertStore_GetAvailableSpace(void);
int CertStore_MoveCertificate(const char *sourceIdentifier, const char *destIdentifier);
int z__CertStore_GetCertificateInfo(const char *identifier, enum z__CertInfoField field,
                                    void *data, size_t size);

/* ---- wificonfig --------------------------------------------------------------------- */

#define AD_WIFICONFIG_SSID_MAX_LENGTH 32
#define AD_WIFICONFIG_WPA2_KEY_MAX_BUFFER_SIZE 64
#define AD_WIFICONFIG_BSSID_BUFFER_SIZE 6
#define AD_WIFICONFIG_CONFIG_NAME_MAX_LENGTH 16
#define AD_WIFICONFIG_EAP_IDENTITY_MAX_LENGTH 254
#define AD_WIFICONFIG_STRUCTS_VERSION 1
#define AD_STORED_NETWORK_MAGIC 0xb22e0000u
#define AD_CONNECTED_NETWORK_MAGIC 0x09ef0000u
#define AD_SCANNED_NETWORK_MAGIC 0x7eb10000u

typedef uint8_t WifiConfig_Security_Type;
enum {
    WifiConfig_Security_Unknown = 0,
    WifiConfig_Security_Open = 1,
    WifiConfig_Security_Wpa2_Psk = 2,
    WifiConfig_Security_Wpa2_EAP_TLS = 3,
};

typedef uint32_t z__WifiConfig_Attribute;
enum {
    z__WifiConfig_Attribute_SSID = 0,
    z__WifiConfig_Attribute_Security_Type = 1,
    z__WifiConfig_Attribute_Enable = 2,
    z__WifiConfig_Attribute_Save = 3,
    z__WifiConfig_Attribute_Reload = 4,
    z__WifiConfig_Attribute_Preshared_Key = 5,
    z__WifiConfig_Attribute_Client_Identity = 6,
    z__WifiConfig_Attribute_Client_CertStore_Identifier = 7,
    z__WifiConfig_Attribute_RootCA_CertStore_Identifier = 8,
    z__WifiConfig_Attribute_Targeted_Scan = 11,
    z__WifiConfig_Attribute_Config_Name = 12,
    z__WifiConfig_Attribute_Network_Diagnostics32 = 22,
    z__WifiConfig_Attribute_Network_Diagnostics64 = 23,
};

struct z__WifiConfig_StoredNetwork_Base {
    uint32_t z__magicAndVersion;
};
struct z__WifiConfig_ConnectedNetwork_Base {
    uint32_t z__magicAndVersion;
};
struct z__WifiConfig_ScannedNetwork_Base {
    uint32_t z__magicAndVersion;
};

struct z__WifiConfig_StoredNetwork_v1 {
    uint32_t z__magicAndVersion;
    uint8_t ssid[AD_WIFICONFIG_SSID_MAX_LENGTH];
    uint8_t ssidLength;
    bool isEnabled;
    bool isConnected;
    WifiConfig_Security_Type security;
};

struct z__WifiConfig_ConnectedNetwork_v1 {
    uint32_t z__magicAndVersion;
    uint8_t ssid[AD_WIFICONFIG_SSID_MAX_LENGTH];
    uint8_t bssid[AD_WIFICONFIG_BSSID_BUFFER_SIZE];
    uint8_t ssidLength;
    WifiConfig_Security_Type security;
    uint32_t frequencyMHz;
    int8_t signalRssi;
};

struct z__WifiConfig_ScannedNetwork_v1 {
    uint32_t z__magicAndVersion;
    uint8_t ssid[AD_WIFICONFIG_SSID_MAX_LENGTH];
    uint8_t bssid[AD_WIFICONFIG_BSSID_BUFFER_SIZE];
    uint8_t ssidLength;
    WifiConfig_Security_Type security;
    uint32_t frequencyMHz;
    int8_t signalRssi;
};

typedef struct WifiConfig_ClientIdentity {
    char identity[AD_WIFICONFIG_EAP_IDENTITY_MAX_LENGTH + 1];
} WifiConfig_ClientIdentity;

/* The SDK declares timestamp as time_t, which is 64 bits in the sysroot that has this
 * struct; int64_t gives the same layout whatever time_t the host libc has. */
typedef struct WifiConfig_NetworkDiagnostics64 {
    uint8_t isEnabled;
    uint8_t isConnected;
    int32_t error;
    int64_t timestamp;
    int32_t certError;
    int32_t certDepth;
    CertStore_SubjectName certSubject;
} WifiConfig_NetworkDiagnostics64;

int WifiConfig_StoreOpenNetwork(const uint8_t *ssid, size_t ssidLength);
int WifiConfig_StoreWpa2Network(const uint8_t *ssid, size_t ssidLength, const char *psk,
                                size_t pskLength);
int WifiConfig_ForgetNetworkById(int networkId);
int WifiConfig_ForgetAllNetworks(void);
ssize_t WifiConfig_GetStoredNetworkCount(void);
int WifiConfig_GetConnectedNetworkId(void);
ssize_t WifiConfig_TriggerScanAndGetScannedNetworkCount(void);
int WifiConfig_AddNetwork(void);
int WifiConfig_AddDuplicateNetwork(int networkId, const char *configName);
int WifiConfig_GetNetworkIdByConfigName(const char *configName);

int z__WifiConfig_ForgetNetwork(const struct z__WifiConfig_StoredNetwork_Base *storedNetwork);
ssize_t z__WifiConfig_GetStoredNetworks(struct z__WifiConfig_StoredNetwork_Base *storedNetworkArray,
                                        size_t storedNetworkArrayCount,
                                        uint32_t storedNetworkStructVersion);
int z__WifiConfig_GetCurrentNetwork(struct z__WifiConfig_ConnectedNetwork_Base *connectedNetwork,
                                    uint32_t connectedNetworkStructVersion);
ssize_t z__WifiConfig_GetScannedNetworks(struct z__WifiConfig_ScannedNetwork_Base *scannedNetworkArray,
                                         size_t scannedNetworkArrayCount,
                                         uint32_t scannedNetworkStructVersion);
int z__WifiConfig_SetNetworkOpt(int networkId, z__WifiConfig_Attribute networkAttribute,
                                const void *attributeValue, size_t attributeLength);
ssize_t z__WifiConfig_GetNetworkOpt(int networkId, z__WifiConfig_Attribute networkAttribute,
                                    void *buffer, size_t capacity);

/* ---- tlsutils ----------------------------------------------------------------------- */

typedef enum DeviceAuthSslResult {
    DeviceAuthSslResult_Success = 0,
    DeviceAuthSslResult_GetTenantIdError = 1,
    DeviceAuthSslResult_GetTenantCertificateError = 2,
    DeviceAuthSslResult_EnableHwSignError = 3,
} DeviceAuthSslResult;

const char *DeviceAuth_GetCertificatePath(void);
DeviceAuthSslResult DeviceAuth_SslCtxFunc(void *sslctx);
/* The exported form of older SDKs (CURLcode is int-sized; curl and userCtx are ignored). */
int DeviceAuth_CurlSslFunc(void *curl, void *sslctx, void *userCtx);

/* ---- application(s) ----------------------------------------------------------------- */

typedef uint32_t z__Application_MemoryAttribute;
enum {
    z__Applications_MemoryAttribute_TotalMemoryUsageInKB = 0,
    z__Applications_MemoryAttribute_UserModeMemoryUsageInKB = 1,
    z__Applications_MemoryAttribute_PeakUserModeMemoryUsageInKB = 2,
};

int Application_Connect(const char *componentId);
int Application_IsDeviceAuthReady(bool *outIsDeviceAuthReady);
int z__Applications_GetMemoryInfo(z__Application_MemoryAttribute memoryAttribute, void *buffer,
                                  size_t capacity);

/* ---- control interface (test double only) ------------------------------------------- */

/* Capabilities of the simulated application manifest (bit set for abidouble_set_caps). */
#define AD_CAP_CERTSTORE 1
#define AD_CAP_WIFICONFIG 2
#define AD_CAP_ENTERPRISE_WIFI 4
#define AD_CAP_ALL 7

/* How the double fills the bytes of an output string buffer after the terminating NUL. */
#define AD_FILL_ZERO 0 /* NULs: catches a binding that keeps trailing NULs */
#define AD_FILL_JUNK 1 /* non-NUL bytes: catches a binding that reads past the first NUL */

/* abidouble_reset empties every store and restores the defaults: all capabilities, no faults,
 * junk fill, capacity AD_CERTSTORE_CAPACITY. */
void abidouble_reset(void);
void abidouble_set_caps(int caps);
void abidouble_set_fill(int mode);
void abidouble_set_capacity(int bytes);
/* abidouble_fail_next makes the next call of the function named fn (its C name, e.g.
 * "CertStore_DeleteCertificate") fail with err before it has any effect. */
void abidouble_fail_next(const char *fn, int err);

/* Protocol violations the double saw (an unterminated or overlong string, a wrong struct size
 * or version, an unexpected NULL). abidouble_violations copies a description of the first
 * ones into buf and returns how many there were. */
int abidouble_violations(char *buf, size_t cap);

/* abidouble_set_key_password registers the password of encrypted keys (NULL: accept any
 * non-empty password): the double has no cipher to decrypt them. */
void abidouble_set_key_password(const char *pw);

/* What the last install call received. */
int abidouble_last_password_was_null(void);
size_t abidouble_last_password(char *buf, size_t cap);
/* The bytes of the last identifier argument, as strlen saw them. */
size_t abidouble_last_identifier(char *buf, size_t cap);

/* Wi-Fi state a test sets up. */
int abidouble_add_scanned(const uint8_t *ssid, size_t ssidLength, const uint8_t bssid[6],
                          uint8_t security, uint32_t frequencyMHz, int8_t rssi);
int abidouble_connect(int networkId, const uint8_t bssid[6], uint32_t frequencyMHz, int8_t rssi);
int abidouble_set_diagnostics(int networkId, int32_t error, int64_t timestamp, int32_t certError,
                              int32_t certDepth, const char *certSubject);
/* abidouble_set_access_point puts an access point in range (replacing one with the same
 * BSSID). Once one is set, the double connects enabled networks to matching access points
 * after every change, records diagnostics for those that fail, and scans return the access
 * points in range (hidden ones only for networks with targeted scanning). */
int abidouble_set_access_point(const uint8_t *ssid, size_t ssidLength, const uint8_t bssid[6],
                               uint32_t frequencyMHz, int8_t rssi, uint8_t security, const char *psk,
                               size_t pskLength, bool hidden);
/* abidouble_reboot restarts the Wi-Fi side as a reboot would: the running configuration
 * becomes the stored one, connections and diagnostics are dropped. */
void abidouble_reboot(void);
/* abidouble_stored_psk copies the runtime PSK of a network, for checks of what was passed. */
ssize_t abidouble_stored_psk(int networkId, char *buf, size_t cap);

/* Device authentication and application state. */
void abidouble_set_daa(const char *path, bool ready, int sslResult);
void abidouble_set_memory(size_t totalKB, size_t userKB, size_t peakKB);
void abidouble_allow_connection(const char *componentId, int fd);
/* abidouble_last_sslctx returns the pointer the last DeviceAuth_SslCtxFunc call received. */
void *abidouble_last_sslctx(void);
/* abidouble_set_daa_credentials names the PEM files (certificate chain, private key) that
 * DeviceAuth_SslCtxFunc loads into the TLS context when its result is Success: the context
 * must then be an OpenSSL SSL_CTX* (see daa.c). Empty names: load nothing. */
void abidouble_set_daa_credentials(const char *certChainFile, const char *keyFile);
/* How often DeviceAuth_SslCtxFunc was called since the last reset, and why its last call
 * failed to load the credentials ("" when it did not). */
int abidouble_daa_calls(void);
size_t abidouble_daa_error(char *buf, size_t cap);

#endif
