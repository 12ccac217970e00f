package manifest

import (
	"slices"
	"strings"
)

// Capability names one capability by its key in the manifest's "Capabilities" object, as
// app_manifest.json spells it ("AllowedTcpServerPorts", "Gpio"); the Go constants and the
// [Capabilities] fields use Go initialisms ([CapAllowedTCPServerPorts], [CapGPIO]).
type Capability string

// The capabilities of an application manifest, in the order [Capabilities.MarshalJSON]
// writes them. Each is the JSON key of the [Capabilities] field it names.
const (
	// CapAllowedConnections is the key of [Capabilities.AllowedConnections].
	CapAllowedConnections Capability = "AllowedConnections"
	// CapAllowedTCPServerPorts is the key of [Capabilities.AllowedTCPServerPorts].
	CapAllowedTCPServerPorts Capability = "AllowedTcpServerPorts"
	// CapAllowedUDPServerPorts is the key of [Capabilities.AllowedUDPServerPorts].
	CapAllowedUDPServerPorts Capability = "AllowedUdpServerPorts"
	// CapAllowedApplicationConnections is the key of [Capabilities.AllowedApplicationConnections].
	CapAllowedApplicationConnections Capability = "AllowedApplicationConnections"
	// CapGPIO is the key of [Capabilities.GPIO].
	CapGPIO Capability = "Gpio"
	// CapUART is the key of [Capabilities.UART].
	CapUART Capability = "Uart"
	// CapI2CMaster is the key of [Capabilities.I2CMaster].
	CapI2CMaster Capability = "I2cMaster"
	// CapSPIMaster is the key of [Capabilities.SPIMaster].
	CapSPIMaster Capability = "SpiMaster"
	// CapPWM is the key of [Capabilities.PWM].
	CapPWM Capability = "Pwm"
	// CapADC is the key of [Capabilities.ADC].
	CapADC Capability = "Adc"
	// CapCertStore is the key of [Capabilities.CertStore].
	CapCertStore Capability = "CertStore"
	// CapWifiConfig is the key of [Capabilities.WifiConfig].
	CapWifiConfig Capability = "WifiConfig"
	// CapEnterpriseWifiConfig is the key of [Capabilities.EnterpriseWifiConfig].
	CapEnterpriseWifiConfig Capability = "EnterpriseWifiConfig"
	// CapNetworkConfig is the key of [Capabilities.NetworkConfig].
	CapNetworkConfig Capability = "NetworkConfig"
	// CapReadNetworkProxyConfig is the key of [Capabilities.ReadNetworkProxyConfig].
	CapReadNetworkProxyConfig Capability = "ReadNetworkProxyConfig"
	// CapHardwareAddressConfig is the key of [Capabilities.HardwareAddressConfig].
	CapHardwareAddressConfig Capability = "HardwareAddressConfig"
	// CapDHCPService is the key of [Capabilities.DHCPService].
	CapDHCPService Capability = "DhcpService"
	// CapSNTPService is the key of [Capabilities.SNTPService].
	CapSNTPService Capability = "SntpService"
	// CapTimeSyncConfig is the key of [Capabilities.TimeSyncConfig].
	CapTimeSyncConfig Capability = "TimeSyncConfig"
	// CapSystemTime is the key of [Capabilities.SystemTime].
	CapSystemTime Capability = "SystemTime"
	// CapDeviceAuthentication is the key of [Capabilities.DeviceAuthentication].
	CapDeviceAuthentication Capability = "DeviceAuthentication"
	// CapMutableStorage is the key of [Capabilities.MutableStorage].
	CapMutableStorage Capability = "MutableStorage"
	// CapPowerControls is the key of [Capabilities.PowerControls].
	CapPowerControls Capability = "PowerControls"
	// CapSystemEventNotifications is the key of [Capabilities.SystemEventNotifications].
	CapSystemEventNotifications Capability = "SystemEventNotifications"
	// CapSoftwareUpdateDeferral is the key of [Capabilities.SoftwareUpdateDeferral].
	CapSoftwareUpdateDeferral Capability = "SoftwareUpdateDeferral"
	// CapHeapMemStats is the key of [Capabilities.HeapMemStats].
	CapHeapMemStats Capability = "HeapMemStats"
	// CapResetMemoryWatermarks is the key of [Capabilities.ResetMemoryWatermarks].
	CapResetMemoryWatermarks Capability = "ResetMemoryWatermarks"
)

// capField ties a capability's JSON key to its Capabilities field.
type capField struct {
	name Capability
	// get returns the field's value and whether it is present (to be written by Marshal).
	get func(c *Capabilities) (any, bool)
	// decode decodes the field's JSON value at path into c.
	decode func(d *decoder, path string, c *Capabilities)
}

func boolField(name Capability, f func(c *Capabilities) *bool) capField {
	return capField{
		name:   name,
		get:    func(c *Capabilities) (any, bool) { return *f(c), *f(c) },
		decode: func(d *decoder, p string, c *Capabilities) { *f(c) = d.boolean(p) },
	}
}

func stringsField(name Capability, f func(c *Capabilities) *[]string) capField {
	return capField{
		name:   name,
		get:    func(c *Capabilities) (any, bool) { return *f(c), *f(c) != nil },
		decode: func(d *decoder, p string, c *Capabilities) { *f(c) = d.strings(p) },
	}
}

func portsField(name Capability, f func(c *Capabilities) *[]int) capField {
	return capField{
		name:   name,
		get:    func(c *Capabilities) (any, bool) { return *f(c), *f(c) != nil },
		decode: func(d *decoder, p string, c *Capabilities) { *f(c) = d.integers(p) },
	}
}

// capabilityFields lists every capability in Marshal order.
var capabilityFields = []capField{
	stringsField(CapAllowedConnections, func(c *Capabilities) *[]string { return &c.AllowedConnections }),
	portsField(CapAllowedTCPServerPorts, func(c *Capabilities) *[]int { return &c.AllowedTCPServerPorts }),
	portsField(CapAllowedUDPServerPorts, func(c *Capabilities) *[]int { return &c.AllowedUDPServerPorts }),
	stringsField(CapAllowedApplicationConnections, func(c *Capabilities) *[]string { return &c.AllowedApplicationConnections }),
	{
		name:   CapGPIO,
		get:    func(c *Capabilities) (any, bool) { return c.GPIO, c.GPIO != nil },
		decode: func(d *decoder, p string, c *Capabilities) { c.GPIO = d.gpios(p) },
	},
	stringsField(CapUART, func(c *Capabilities) *[]string { return &c.UART }),
	stringsField(CapI2CMaster, func(c *Capabilities) *[]string { return &c.I2CMaster }),
	stringsField(CapSPIMaster, func(c *Capabilities) *[]string { return &c.SPIMaster }),
	stringsField(CapPWM, func(c *Capabilities) *[]string { return &c.PWM }),
	stringsField(CapADC, func(c *Capabilities) *[]string { return &c.ADC }),
	boolField(CapCertStore, func(c *Capabilities) *bool { return &c.CertStore }),
	boolField(CapWifiConfig, func(c *Capabilities) *bool { return &c.WifiConfig }),
	boolField(CapEnterpriseWifiConfig, func(c *Capabilities) *bool { return &c.EnterpriseWifiConfig }),
	boolField(CapNetworkConfig, func(c *Capabilities) *bool { return &c.NetworkConfig }),
	boolField(CapReadNetworkProxyConfig, func(c *Capabilities) *bool { return &c.ReadNetworkProxyConfig }),
	boolField(CapHardwareAddressConfig, func(c *Capabilities) *bool { return &c.HardwareAddressConfig }),
	boolField(CapDHCPService, func(c *Capabilities) *bool { return &c.DHCPService }),
	boolField(CapSNTPService, func(c *Capabilities) *bool { return &c.SNTPService }),
	boolField(CapTimeSyncConfig, func(c *Capabilities) *bool { return &c.TimeSyncConfig }),
	boolField(CapSystemTime, func(c *Capabilities) *bool { return &c.SystemTime }),
	{
		name:   CapDeviceAuthentication,
		get:    func(c *Capabilities) (any, bool) { return c.DeviceAuthentication, c.DeviceAuthentication != "" },
		decode: func(d *decoder, p string, c *Capabilities) { c.DeviceAuthentication = d.nonEmptyStr(p) },
	},
	{
		name: CapMutableStorage,
		get:  func(c *Capabilities) (any, bool) { return c.MutableStorage, c.MutableStorage != nil },
		decode: func(d *decoder, p string, c *Capabilities) {
			var s MutableStorage
			if d.mutableStorage(p, &s) {
				c.MutableStorage = &s
			}
		},
	},
	stringsField(CapPowerControls, func(c *Capabilities) *[]string { return &c.PowerControls }),
	boolField(CapSystemEventNotifications, func(c *Capabilities) *bool { return &c.SystemEventNotifications }),
	boolField(CapSoftwareUpdateDeferral, func(c *Capabilities) *bool { return &c.SoftwareUpdateDeferral }),
	boolField(CapHeapMemStats, func(c *Capabilities) *bool { return &c.HeapMemStats }),
	boolField(CapResetMemoryWatermarks, func(c *Capabilities) *bool { return &c.ResetMemoryWatermarks }),
}

var (
	capabilityByName = map[Capability]capField{}
	capabilityKeys   []string
)

func init() {
	for _, f := range capabilityFields {
		capabilityByName[f.name] = f
		capabilityKeys = append(capabilityKeys, string(f.name))
	}
}

// AllCapabilities returns every capability the package knows, in the order
// [Capabilities.MarshalJSON] writes them.
func AllCapabilities() []Capability {
	caps := make([]Capability, len(capabilityFields))
	for i, f := range capabilityFields {
		caps[i] = f.name
	}
	return caps
}

// Has reports whether capability cap is granted: a boolean capability is true, a list holds
// at least one entry, [Capabilities.DeviceAuthentication] is non-empty,
// [Capabilities.MutableStorage] is present. It reports false for an unknown name.
func (c Capabilities) Has(cap Capability) bool {
	f, ok := capabilityByName[cap]
	if !ok {
		return false
	}
	v, present := f.get(&c)
	if !present {
		return false
	}
	switch v := v.(type) {
	case []string:
		return len(v) > 0
	case []int:
		return len(v) > 0
	case []GPIO:
		return len(v) > 0
	}
	return true
}

// NoCapability is what [RequiredCapability] returns for a function that needs no capability.
const NoCapability Capability = ""

// Functions gated by each capability, for the C headers this SDK covers: certstore.h,
// wificonfig.h, tlsutils/deviceauth.h and deviceauth_curl.h, application.h, applications.h.
var gatedFunctions = map[Capability][]string{
	CapCertStore: {
		"CertStore_DeleteCertificate",
		"CertStore_GetAvailableSpace",
		"CertStore_GetCertificateCount",
		"CertStore_GetCertificateIdentifierAt",
		"CertStore_GetCertificateIssuerName",
		"CertStore_GetCertificateNotAfter",
		"CertStore_GetCertificateNotBefore",
		"CertStore_GetCertificateSubjectName",
		"CertStore_InstallClientCertificate",
		"CertStore_InstallRootCACertificate",
		"CertStore_MoveCertificate",
		"z__CertStore_GetCertificateInfo",
	},
	CapWifiConfig: {
		"WifiConfig_AddDuplicateNetwork",
		"WifiConfig_AddNetwork",
		"WifiConfig_ForgetAllNetworks",
		"WifiConfig_ForgetNetwork",
		"WifiConfig_ForgetNetworkById",
		"WifiConfig_GetConnectedNetworkId",
		"WifiConfig_GetCurrentNetwork",
		"WifiConfig_GetNetworkDiagnostics",
		"WifiConfig_GetNetworkIdByConfigName",
		"WifiConfig_GetScannedNetworks",
		"WifiConfig_GetStoredNetworkCount",
		"WifiConfig_GetStoredNetworks",
		"WifiConfig_PersistConfig",
		"WifiConfig_ReloadConfig",
		"WifiConfig_SetConfigName",
		"WifiConfig_SetNetworkEnabled",
		"WifiConfig_SetPSK",
		"WifiConfig_SetPowerSavingsEnabled",
		"WifiConfig_SetSSID",
		"WifiConfig_SetSecurityType",
		"WifiConfig_SetTargetedScanEnabled",
		"WifiConfig_StoreOpenNetwork",
		"WifiConfig_StoreWpa2Network",
		"WifiConfig_TriggerScanAndGetScannedNetworkCount",
		"z__WifiConfig_ForgetNetwork",
		"z__WifiConfig_GetCurrentNetwork",
		"z__WifiConfig_GetScannedNetworks",
		"z__WifiConfig_GetStoredNetworks",
	},
	CapEnterpriseWifiConfig: {
		"WifiConfig_GetClientCertStoreIdentifier",
		"WifiConfig_GetClientIdentity",
		"WifiConfig_GetRootCACertStoreIdentifier",
		"WifiConfig_SetClientCertStoreIdentifier",
		"WifiConfig_SetClientIdentity",
		"WifiConfig_SetRootCACertStoreIdentifier",
		"z__WifiConfig_GetCertificateIdentifier",
	},
	CapDeviceAuthentication: {
		"DeviceAuth_CurlSslFunc",
		"DeviceAuth_SslCtxFunc",
	},
	CapAllowedApplicationConnections: {
		"Application_Connect",
	},
	// DeviceAuth_GetCertificatePath always returns a path; readiness is
	// Application_IsDeviceAuthReady's to tell, and the TLS functions need the tenant.
	NoCapability: {
		"Application_IsDeviceAuthReady",
		"Applications_GetOsVersion",
		"Applications_GetPeakUserModeMemoryUsageInKB",
		"Applications_GetTotalMemoryUsageInKB",
		"Applications_GetUserModeMemoryUsageInKB",
		"DeviceAuth_GetCertificatePath",
		"z__Applications_GetMemoryInfo",
	},
}

var requiredCapability = map[string]Capability{}

func init() {
	for cap, fns := range gatedFunctions {
		for _, fn := range fns {
			requiredCapability[fn] = cap
		}
	}
}

// RequiredCapability returns the capability the applibs C function fn (its C name, such as
// "CertStore_MoveCertificate") needs, or [NoCapability] if it needs none. ok is false if fn
// is not a function of the headers this SDK covers (certstore.h, wificonfig.h,
// tlsutils/deviceauth.h, tlsutils/deviceauth_curl.h, application.h, applications.h), or is
// one whose requirement depends on its arguments at a level this table cannot express
// (z__WifiConfig_SetNetworkOpt, z__WifiConfig_GetNetworkOpt).
//
// The EAP-TLS Wi-Fi functions (WifiConfig_Set/GetClientIdentity,
// WifiConfig_Set/GetClientCertStoreIdentifier, WifiConfig_Set/GetRootCACertStoreIdentifier)
// map to [CapEnterpriseWifiConfig], and [Capabilities.Allows] requires [CapWifiConfig] as
// well: the Wi-Fi overview says every WifiConfig function needs WifiConfig and that
// EnterpriseWifiConfig "is also required" for EAP-TLS settings (the per-function header
// comments name only EnterpriseWifiConfig; the device's exact rule is unconfirmed, and real
// manifests declare both). WifiConfig_SetSecurityType needs [CapWifiConfig], and for the
// EAP-TLS security type both; see [Capabilities.AllowsEAPTLS].
//
// Application_Connect needs [CapAllowedApplicationConnections], and the target's component
// ID must be listed; see [Capabilities.AllowsConnectionTo].
func RequiredCapability(fn string) (cap Capability, ok bool) {
	cap, ok = requiredCapability[fn]
	return cap, ok
}

// FunctionsGatedBy returns the C functions [RequiredCapability] maps to cap, sorted. For
// [NoCapability] it returns the functions that need no capability.
func FunctionsGatedBy(cap Capability) []string {
	return slices.Clone(gatedFunctions[cap])
}

// Allows reports whether an application with these capabilities may call the applibs C
// function fn, named as in C ("WifiConfig_AddNetwork"). It reports false for a function
// [RequiredCapability] does not know. On the device a call that is not allowed fails with
// EACCES.
//
// For WifiConfig_SetSecurityType, Allows answers for the non-EAP-TLS security types; use
// [Capabilities.AllowsEAPTLS] for WifiConfig_Security_Wpa2_EAP_TLS. For Application_Connect,
// Allows reports whether any connection is allowed; use [Capabilities.AllowsConnectionTo]
// for a given component.
func (c Capabilities) Allows(fn string) bool {
	cap, ok := RequiredCapability(fn)
	if !ok {
		return false
	}
	if cap == CapEnterpriseWifiConfig {
		return c.AllowsEAPTLS()
	}
	return cap == NoCapability || c.Has(cap)
}

// AllowsEAPTLS reports whether the application may manage EAP-TLS Wi-Fi settings, including
// WifiConfig_SetSecurityType with WifiConfig_Security_Wpa2_EAP_TLS: whether it has the
// EnterpriseWifiConfig capability in addition to WifiConfig (see [RequiredCapability]).
func (c Capabilities) AllowsEAPTLS() bool {
	return c.WifiConfig && c.EnterpriseWifiConfig
}

// AllowsConnectionTo reports whether the application may connect to the application with
// component ID componentID through Application_Connect: whether
// [Capabilities.AllowedApplicationConnections] lists it. Component IDs are compared without
// regard to letter case; surrounding white space is not ignored. The other application must
// list this one too; check its manifest for that.
func (c Capabilities) AllowsConnectionTo(componentID string) bool {
	for _, id := range c.AllowedApplicationConnections {
		if strings.EqualFold(id, componentID) {
			return true
		}
	}
	return false
}
