//go:build abidouble && cgo && !azsphere

package device_test

import (
	"runtime"
	"sort"
	"testing"
	"unsafe"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/deviceauth"
	"github.com/azsphere-go/applibs/internal/device"
	"github.com/azsphere-go/applibs/internal/device/abidouble"
	"github.com/azsphere-go/applibs/wificonfig"
)

// The backends implement the public packages' Backend interfaces.
var (
	_ certstore.Backend = device.CertStoreBackend()
)

// TestABIMatchesDouble compares every struct size, field offset and constant the backend
// declares or passes with the value the C compiler gives the double's own declarations.
func TestABIMatchesDouble(t *testing.T) {
	c := abidouble.Layout()
	g := device.ABIFacts()
	keys := make([]string, 0, len(g))
	for k := range g {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		want, ok := c[k]
		if !ok {
			t.Errorf("%s: the double's header has no such fact", k)
			continue
		}
		if g[k] != want {
			t.Errorf("%s = %d in the backend, %d in C", k, g[k], want)
		}
	}
}

// TestPublicConstantsMatchC compares the exported constants of the public packages with the
// C values they mirror.
func TestPublicConstantsMatchC(t *testing.T) {
	c := abidouble.Layout()
	tests := []struct {
		c       string
		goValue int64
	}{
		{"AD_CERTSTORE_MAX_CERT_SIZE", certstore.MaxCertSize},
		{"AD_CERTSTORE_MAX_PRIVATE_KEY_PASSWORD_LENGTH", certstore.MaxPrivateKeyPasswordLength},
		{"AD_CERTSTORE_MAX_IDENTIFIER_LENGTH", certstore.MaxIdentifierLength},
		{"AD_CERTSTORE_SUBJECTNAME_MAX_LENGTH", certstore.SubjectNameMaxLength},
		{"AD_CERTSTORE_ISSUERNAME_MAX_LENGTH", certstore.IssuerNameMaxLength},
		{"AD_CERTSTORE_CAPACITY", certstore.DefaultCapacity},
		{"AD_WIFICONFIG_SSID_MAX_LENGTH", wificonfig.SSIDMaxLength},
		{"AD_WIFICONFIG_WPA2_KEY_MAX_BUFFER_SIZE", wificonfig.WPA2KeyMaxBufferSize},
		{"AD_WIFICONFIG_BSSID_BUFFER_SIZE", wificonfig.BSSIDBufferSize},
		{"AD_WIFICONFIG_CONFIG_NAME_MAX_LENGTH", wificonfig.ConfigNameMaxLength},
		{"AD_WIFICONFIG_EAP_IDENTITY_MAX_LENGTH", wificonfig.EAPIdentityMaxLength},
		{"WifiConfig_Security_Unknown", int64(wificonfig.SecurityUnknown)},
		{"WifiConfig_Security_Open", int64(wificonfig.SecurityOpen)},
		{"WifiConfig_Security_Wpa2_Psk", int64(wificonfig.SecurityWPA2PSK)},
		{"WifiConfig_Security_Wpa2_EAP_TLS", int64(wificonfig.SecurityWPA2EAPTLS)},
		{"sizeof WifiConfig_Security_Type", int64(unsafe.Sizeof(wificonfig.Security(0)))},
		{"DeviceAuthSslResult_Success", int64(deviceauth.SSLSuccess)},
		{"DeviceAuthSslResult_GetTenantIdError", int64(deviceauth.SSLGetTenantIDError)},
		{"DeviceAuthSslResult_GetTenantCertificateError", int64(deviceauth.SSLGetTenantCertificateError)},
		{"DeviceAuthSslResult_EnableHwSignError", int64(deviceauth.SSLEnableHWSignError)},
		{"z__Applications_MemoryAttribute_TotalMemoryUsageInKB", int64(application.TotalMemoryUsage)},
		{"z__Applications_MemoryAttribute_UserModeMemoryUsageInKB", int64(application.UserModeMemoryUsage)},
		{"z__Applications_MemoryAttribute_PeakUserModeMemoryUsageInKB", int64(application.PeakUserModeMemoryUsage)},
		// The backend declares DeviceAuth_SslCtxFunc as returning int.
		{"sizeof DeviceAuthSslResult", 4},
	}
	for _, tt := range tests {
		want, ok := c[tt.c]
		if !ok {
			t.Errorf("%s: the double's header has no such fact", tt.c)
			continue
		}
		if tt.goValue != want {
			t.Errorf("%s = %d in Go, %d in C", tt.c, tt.goValue, want)
		}
	}
}

// TestReferenceLayout checks the sizes and offsets the reference gives for the device
// (ARMv7, AAPCS): on arm they must hold exactly; elsewhere only what does not depend on the
// C library's struct tm.
func TestReferenceLayout(t *testing.T) {
	g := device.ABIFacts()
	want := map[string]int64{
		"sizeof CertStore_Identifier":                                17,
		"sizeof CertStore_SubjectName":                               301,
		"sizeof CertStore_IssuerName":                                301,
		"sizeof struct z__WifiConfig_StoredNetwork_v1":               40,
		"sizeof struct z__WifiConfig_ConnectedNetwork_v1":            52,
		"sizeof struct z__WifiConfig_ScannedNetwork_v1":              52,
		"sizeof WifiConfig_ClientIdentity":                           255,
		"sizeof WifiConfig_NetworkDiagnostics64":                     328,
		"offsetof WifiConfig_NetworkDiagnostics64.timestamp":         8,
		"offsetof WifiConfig_NetworkDiagnostics64.certSubject":       24,
		"offsetof struct z__WifiConfig_ScannedNetwork_v1.bssid":      36,
		"offsetof struct z__WifiConfig_ScannedNetwork_v1.signalRssi": 48,
		"offsetof struct z__WifiConfig_StoredNetwork_v1.security":    39,
	}
	switch runtime.GOARCH {
	case "arm":
		want["sizeof struct tm"] = 44
		want["sizeof size_t"] = 4
	case "amd64", "arm64":
		want["sizeof struct tm"] = 56 // glibc: two more words for tm_gmtoff and tm_zone
		want["sizeof size_t"] = 8
	}
	for k, v := range want {
		if g[k] != v {
			t.Errorf("%s = %d on %s, want %d", k, g[k], runtime.GOARCH, v)
		}
	}
}
