//go:build abidouble && cgo && !azsphere

package device

// #include "applibs.h"
import "C"

import (
	"unsafe"
)

// abiFacts returns the sizes and offsets of the structs this package declares, as its C
// compiler lays them out, and the constants it passes to C, keyed like abidouble.Layout. Only
// the tests' build has it.
func abiFacts() map[string]int64 {
	var (
		id    C.struct_azsg_CertStore_Identifier
		name  C.struct_azsg_CertStore_Name
		tm    C.struct_tm
		st    C.struct_azsg_StoredNetwork
		bss   C.struct_azsg_BssNetwork
		ident C.struct_azsg_ClientIdentity
		diag  C.struct_azsg_NetworkDiagnostics64
		sz    C.size_t
	)
	const (
		stored = "struct z__WifiConfig_StoredNetwork_v1"
		conn   = "struct z__WifiConfig_ConnectedNetwork_v1"
		scan   = "struct z__WifiConfig_ScannedNetwork_v1"
		dg     = "WifiConfig_NetworkDiagnostics64"
	)
	m := map[string]int64{
		"sizeof CertStore_Identifier":      int64(unsafe.Sizeof(id)),
		"sizeof CertStore_SubjectName":     int64(unsafe.Sizeof(name)),
		"sizeof CertStore_IssuerName":      int64(unsafe.Sizeof(name)),
		"sizeof struct tm":                 int64(unsafe.Sizeof(tm)),
		"sizeof " + stored:                 int64(unsafe.Sizeof(st)),
		"sizeof " + conn:                   int64(unsafe.Sizeof(bss)),
		"sizeof " + scan:                   int64(unsafe.Sizeof(bss)),
		"sizeof WifiConfig_ClientIdentity": int64(unsafe.Sizeof(ident)),
		"sizeof " + dg:                     int64(unsafe.Sizeof(diag)),
		"sizeof size_t":                    int64(unsafe.Sizeof(sz)),
		"sizeof WifiConfig_Security_Type":  int64(unsafe.Sizeof(st.security)),
		"sizeof bool":                      int64(unsafe.Sizeof(st.isEnabled)),

		"offsetof " + stored + ".ssid":        int64(unsafe.Offsetof(st.ssid)),
		"offsetof " + stored + ".ssidLength":  int64(unsafe.Offsetof(st.ssidLength)),
		"offsetof " + stored + ".isEnabled":   int64(unsafe.Offsetof(st.isEnabled)),
		"offsetof " + stored + ".isConnected": int64(unsafe.Offsetof(st.isConnected)),
		"offsetof " + stored + ".security":    int64(unsafe.Offsetof(st.security)),
		"offsetof " + dg + ".isEnabled":       int64(unsafe.Offsetof(diag.isEnabled)),
		"offsetof " + dg + ".isConnected":     int64(unsafe.Offsetof(diag.isConnected)),
		"offsetof " + dg + ".error":           int64(unsafe.Offsetof(diag.error)),
		"offsetof " + dg + ".timestamp":       int64(unsafe.Offsetof(diag.timestamp)),
		"offsetof " + dg + ".certError":       int64(unsafe.Offsetof(diag.certError)),
		"offsetof " + dg + ".certDepth":       int64(unsafe.Offsetof(diag.certDepth)),
		"offsetof " + dg + ".certSubject":     int64(unsafe.Offsetof(diag.certSubject)),

		"AD_CERTSTORE_MAX_CERT_SIZE":                   certMaxCertSize,
		"AD_CERTSTORE_MAX_PRIVATE_KEY_PASSWORD_LENGTH": certMaxPasswordLength,
		"AD_CERTSTORE_MAX_IDENTIFIER_LENGTH":           certMaxIdentifierLength,
		"AD_CERTSTORE_SUBJECTNAME_MAX_LENGTH":          certSubjectNameMax,
		"AD_CERTSTORE_ISSUERNAME_MAX_LENGTH":           certSubjectNameMax,
		"z__CertInfo_NotBefore":                        certInfoNotBefore,
		"z__CertInfo_NotAfter":                         certInfoNotAfter,
		"z__CertInfo_SubjectName":                      certInfoSubjectName,
		"z__CertInfo_IssuerName":                       certInfoIssuerName,
		"AD_WIFICONFIG_SSID_MAX_LENGTH":                wifiSSIDMaxLength,
		"AD_WIFICONFIG_CONFIG_NAME_MAX_LENGTH":         wifiConfigNameMax,
		"AD_WIFICONFIG_EAP_IDENTITY_MAX_LENGTH":        wifiEAPIdentityMax,
		"AD_WIFICONFIG_STRUCTS_VERSION":                wifiStructsVersion,
	}
	for _, s := range []string{conn, scan} {
		m["offsetof "+s+".ssid"] = int64(unsafe.Offsetof(bss.ssid))
		m["offsetof "+s+".bssid"] = int64(unsafe.Offsetof(bss.bssid))
		m["offsetof "+s+".ssidLength"] = int64(unsafe.Offsetof(bss.ssidLength))
		m["offsetof "+s+".security"] = int64(unsafe.Offsetof(bss.security))
		m["offsetof "+s+".frequencyMHz"] = int64(unsafe.Offsetof(bss.frequencyMHz))
		m["offsetof "+s+".signalRssi"] = int64(unsafe.Offsetof(bss.signalRssi))
	}
	for _, a := range []struct {
		name string
		v    Attribute
	}{
		{"SSID", AttrSSID}, {"Security_Type", AttrSecurityType},
		{"Enable", AttrEnable}, {"Save", AttrSave}, {"Reload", AttrReload},
		{"Preshared_Key", AttrPresharedKey}, {"Client_Identity", AttrClientIdentity},
		{"Client_CertStore_Identifier", AttrClientCertStoreIdentifier},
		{"RootCA_CertStore_Identifier", AttrRootCACertStoreIdentifier},
		{"Targeted_Scan", AttrTargetedScan}, {"Config_Name", AttrConfigName},
		{"Network_Diagnostics32", AttrNetworkDiagnostics32},
		{"Network_Diagnostics64", AttrNetworkDiagnostics64},
	} {
		m["z__WifiConfig_Attribute_"+a.name] = int64(a.v)
	}
	return m
}
