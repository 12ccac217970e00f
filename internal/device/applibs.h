/*
 * applibs.h: the part of the Azure Sphere applibs and tlsutils ABI that the device backend
 * calls, declared by this project from the facts in its API reference (the SDK headers are not
 * needed to build). Only exported symbols are declared: the SDK's static inline wrappers are
 * replaced by calls of the z__ functions they make, with the same arguments.
 *
 * Struct sizes on the device (ARMv7-A, AAPCS, musl): CertStore_Identifier 17,
 * CertStore_SubjectName 301, struct tm 44, ScannedNetwork/ConnectedNetwork 52,
 * StoredNetwork 40, ClientIdentity 255, NetworkDiagnostics64 328.
 */
#ifndef AZSG_DEVICE_APPLIBS_H
#define AZSG_DEVICE_APPLIBS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/* certstore.h, certstore_structs.h, certstore_internal.h */

struct azsg_CertStore_Identifier {
    char identifier[16 + 1]; /* CERTSTORE_MAX_IDENTIFIER_LENGTH + 1 */
};
struct azsg_CertStore_Name {
    char name[300 + 1]; /* CERTSTORE_SUBJECTNAME_MAX_LENGTH + 1 (issuer: same length) */
};

enum azsg_CertInfoField { /* enum z__CertInfoField */
    azsg_CertInfo_NotBefore = 1,
    azsg_CertInfo_NotAfter = 2,
    azsg_CertInfo_SubjectName = 3,
    azsg_CertInfo_IssuerName = 4,
};

int CertStore_InstallClientCertificate(const char *identifier, const char *certBlob,
                                       size_t certBlobLength, const char *privateKeyBlob,
                                       size_t privateKeyBlobLength,
                                       const char *privateKeyPassword);
int CertStore_InstallRootCACertificate(const char *identifier, const char *certBlob,
                                       size_t certBlobLength);
int CertStore_DeleteCertificate(const char *identifier);
ssize_t CertStore_GetCertificateCount(void);
int CertStore_GetCertificateIdentifierAt(size_t index, struct azsg_CertStore_Identifier *outIdentifier);
ssize_t CertStore_GetAvailableSpace(void);
int CertStore_MoveCertificate(const char *sourceIdentifier, const char *destIdentifier);
int z__CertStore_GetCertificateInfo(const char *identifier, enum azsg_CertInfoField field,
                                    void *data, size_t size);

/* wificonfig.h, wificonfig_structs_v1.h, wificonfig_internal.h */

struct azsg_StoredNetwork { /* struct z__WifiConfig_StoredNetwork_v1 */
    uint32_t magicAndVersion;
    uint8_t ssid[32];
    uint8_t ssidLength;
    uint8_t isEnabled;   /* bool in the SDK: one byte holding 0 or 1 (no C bool in cgo, for TinyGo) */
    uint8_t isConnected; /* bool */
    uint8_t security;
};

struct azsg_BssNetwork { /* z__WifiConfig_ConnectedNetwork_v1 and z__WifiConfig_ScannedNetwork_v1 */
    uint32_t magicAndVersion;
    uint8_t ssid[32];
    uint8_t bssid[6];
    uint8_t ssidLength;
    uint8_t security;
    uint32_t frequencyMHz;
    int8_t signalRssi;
};

struct azsg_ClientIdentity { /* WifiConfig_ClientIdentity */
    char identity[254 + 1];
};

struct azsg_NetworkDiagnostics64 { /* WifiConfig_NetworkDiagnostics64 */
    uint8_t isEnabled;
    uint8_t isConnected;
    int32_t error;
    int64_t timestamp; /* time_t, 64 bits in the sysroot that has this struct */
    int32_t certError;
    int32_t certDepth;
    struct azsg_CertStore_Name certSubject;
};

int WifiConfig_ForgetNetworkById(int networkId);
int WifiConfig_ForgetAllNetworks(void);
ssize_t WifiConfig_GetStoredNetworkCount(void);
int WifiConfig_GetConnectedNetworkId(void);
ssize_t WifiConfig_TriggerScanAndGetScannedNetworkCount(void);
int WifiConfig_AddNetwork(void);
int WifiConfig_AddDuplicateNetwork(int networkId, const char *configName);
int WifiConfig_GetNetworkIdByConfigName(const char *configName);

ssize_t z__WifiConfig_GetStoredNetworks(struct azsg_StoredNetwork *storedNetworkArray,
                                        size_t storedNetworkArrayCount, uint32_t structVersion);
int z__WifiConfig_GetCurrentNetwork(struct azsg_BssNetwork *connectedNetwork, uint32_t structVersion);
ssize_t z__WifiConfig_GetScannedNetworks(struct azsg_BssNetwork *scannedNetworkArray,
                                         size_t scannedNetworkArrayCount, uint32_t structVersion);
int z__WifiConfig_SetNetworkOpt(int networkId, uint32_t networkAttribute, const void *attributeValue,
                                size_t attributeLength);
ssize_t z__WifiConfig_GetNetworkOpt(int networkId, uint32_t networkAttribute, void *buffer,
                                    size_t capacity);

/* tlsutils/deviceauth.h, tlsutils/deviceauth_curl.h (enum DeviceAuthSslResult is int-sized) */

const char *DeviceAuth_GetCertificatePath(void);
int DeviceAuth_SslCtxFunc(void *sslctx);

/* application.h, applications.h */

int Application_Connect(const char *componentId);
int Application_IsDeviceAuthReady(uint8_t *outIsDeviceAuthReady); /* bool * in the SDK */
int z__Applications_GetMemoryInfo(uint32_t memoryAttribute, void *buffer, size_t capacity);

#endif
