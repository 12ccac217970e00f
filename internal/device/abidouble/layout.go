//go:build abidouble && cgo

package abidouble

/*
#include <stddef.h>
#include "abidouble.h"

struct ad_fact { const char *name; long long value; };

#define SZ(t) {"sizeof " #t, (long long)sizeof(t)}
#define OFF(t, f) {"offsetof " #t "." #f, (long long)offsetof(t, f)}
#define VAL(v) {#v, (long long)(v)}

static const struct ad_fact ad_facts[] = {
	SZ(CertStore_Identifier), SZ(CertStore_SubjectName), SZ(CertStore_IssuerName),
	SZ(struct tm), SZ(struct z__WifiConfig_StoredNetwork_v1),
	SZ(struct z__WifiConfig_ConnectedNetwork_v1), SZ(struct z__WifiConfig_ScannedNetwork_v1),
	SZ(WifiConfig_ClientIdentity), SZ(WifiConfig_NetworkDiagnostics64), SZ(bool), SZ(size_t),
	SZ(WifiConfig_Security_Type),
	OFF(struct z__WifiConfig_StoredNetwork_v1, ssid), OFF(struct z__WifiConfig_StoredNetwork_v1, ssidLength),
	OFF(struct z__WifiConfig_StoredNetwork_v1, isEnabled), OFF(struct z__WifiConfig_StoredNetwork_v1, isConnected),
	OFF(struct z__WifiConfig_StoredNetwork_v1, security),
	OFF(struct z__WifiConfig_ScannedNetwork_v1, ssid), OFF(struct z__WifiConfig_ScannedNetwork_v1, bssid),
	OFF(struct z__WifiConfig_ScannedNetwork_v1, ssidLength), OFF(struct z__WifiConfig_ScannedNetwork_v1, security),
	OFF(struct z__WifiConfig_ScannedNetwork_v1, frequencyMHz), OFF(struct z__WifiConfig_ScannedNetwork_v1, signalRssi),
	OFF(struct z__WifiConfig_ConnectedNetwork_v1, ssid), OFF(struct z__WifiConfig_ConnectedNetwork_v1, bssid),
	OFF(struct z__WifiConfig_ConnectedNetwork_v1, ssidLength), OFF(struct z__WifiConfig_ConnectedNetwork_v1, security),
	OFF(struct z__WifiConfig_ConnectedNetwork_v1, frequencyMHz), OFF(struct z__WifiConfig_ConnectedNetwork_v1, signalRssi),
	OFF(WifiConfig_NetworkDiagnostics64, isEnabled), OFF(WifiConfig_NetworkDiagnostics64, isConnected),
	OFF(WifiConfig_NetworkDiagnostics64, error), OFF(WifiConfig_NetworkDiagnostics64, timestamp),
	OFF(WifiConfig_NetworkDiagnostics64, certError), OFF(WifiConfig_NetworkDiagnostics64, certDepth),
	OFF(WifiConfig_NetworkDiagnostics64, certSubject),
	VAL(AD_CERTSTORE_MAX_CERT_SIZE), VAL(AD_CERTSTORE_MAX_PRIVATE_KEY_PASSWORD_LENGTH),
	VAL(AD_CERTSTORE_MAX_IDENTIFIER_LENGTH), VAL(AD_CERTSTORE_SUBJECTNAME_MAX_LENGTH),
	VAL(AD_CERTSTORE_ISSUERNAME_MAX_LENGTH), VAL(AD_CERTSTORE_CAPACITY),
	VAL(z__CertInfo_NotBefore), VAL(z__CertInfo_NotAfter), VAL(z__CertInfo_SubjectName), VAL(z__CertInfo_IssuerName),
	VAL(AD_WIFICONFIG_SSID_MAX_LENGTH), VAL(AD_WIFICONFIG_WPA2_KEY_MAX_BUFFER_SIZE), VAL(AD_WIFICONFIG_BSSID_BUFFER_SIZE),
	VAL(AD_WIFICONFIG_CONFIG_NAME_MAX_LENGTH), VAL(AD_WIFICONFIG_EAP_IDENTITY_MAX_LENGTH), VAL(AD_WIFICONFIG_STRUCTS_VERSION),
	VAL(AD_STORED_NETWORK_MAGIC), VAL(AD_CONNECTED_NETWORK_MAGIC), VAL(AD_SCANNED_NETWORK_MAGIC),
	VAL(WifiConfig_Security_Unknown), VAL(WifiConfig_Security_Open), VAL(WifiConfig_Security_Wpa2_Psk),
	VAL(WifiConfig_Security_Wpa2_EAP_TLS),
	VAL(z__WifiConfig_Attribute_SSID), VAL(z__WifiConfig_Attribute_Security_Type), VAL(z__WifiConfig_Attribute_Enable),
	VAL(z__WifiConfig_Attribute_Save), VAL(z__WifiConfig_Attribute_Reload), VAL(z__WifiConfig_Attribute_Preshared_Key),
	VAL(z__WifiConfig_Attribute_Client_Identity), VAL(z__WifiConfig_Attribute_Client_CertStore_Identifier),
	VAL(z__WifiConfig_Attribute_RootCA_CertStore_Identifier), VAL(z__WifiConfig_Attribute_Targeted_Scan),
	VAL(z__WifiConfig_Attribute_Config_Name), VAL(z__WifiConfig_Attribute_Network_Diagnostics32),
	VAL(z__WifiConfig_Attribute_Network_Diagnostics64),
	VAL(DeviceAuthSslResult_Success), VAL(DeviceAuthSslResult_GetTenantIdError),
	VAL(DeviceAuthSslResult_GetTenantCertificateError), VAL(DeviceAuthSslResult_EnableHwSignError),
	SZ(DeviceAuthSslResult),
	VAL(z__Applications_MemoryAttribute_TotalMemoryUsageInKB), VAL(z__Applications_MemoryAttribute_UserModeMemoryUsageInKB),
	VAL(z__Applications_MemoryAttribute_PeakUserModeMemoryUsageInKB),
};
static int ad_nfacts(void) { return (int)(sizeof ad_facts / sizeof ad_facts[0]); }
static const char *ad_fact_name(int i) { return ad_facts[i].name; }
static long long ad_fact_value(int i) { return ad_facts[i].value; }
*/
import "C"

// Layout returns the sizes, offsets, macro values and enumerator values of the double's
// header as the C compiler sees them, keyed by "sizeof T", "offsetof T.f" or the C name.
func Layout() map[string]int64 {
	m := make(map[string]int64)
	for i := 0; i < int(C.ad_nfacts()); i++ {
		m[C.GoString(C.ad_fact_name(C.int(i)))] = int64(C.ad_fact_value(C.int(i)))
	}
	return m
}
