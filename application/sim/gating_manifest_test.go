package sim_test

import (
	"strings"
	"testing"

	"github.com/azsphere-go/applibs/manifest"
)

// cName is the C function a gatedCall case is about: its name up to a "(" or "/".
func cName(name string) string {
	if i := strings.IndexAny(name, "(/"); i >= 0 {
		return name[:i]
	}
	return name
}

// TestGatingAgreesWithManifest ties the simulator's gating to the manifest package: every
// call the simulator refuses without a capability is one manifest.Capabilities.Allows
// refuses with that manifest, every call it runs with no capability at all is one Allows
// permits, and every function the manifest's table gates is exercised by TestGating. So an
// app that checks Allows before calling sees what the device does.
func TestGatingAgreesWithManifest(t *testing.T) {
	full := gateManifest().Capabilities
	tested := map[string]bool{}
	for _, tc := range gatedCalls() {
		fn := cName(tc.name)
		tested[fn] = true
		caps := gateManifest().Capabilities
		tc.remove(&caps)
		allowedFull, allowedWithout := full.Allows(fn), caps.Allows(fn)
		if strings.Contains(tc.name, "(EAP-TLS)") {
			allowedFull, allowedWithout = full.AllowsEAPTLS(), caps.AllowsEAPTLS()
		}
		if fn == "Application_Connect" {
			allowedFull, allowedWithout = full.AllowsConnectionTo(gateRTApp), caps.AllowsConnectionTo(gateRTApp)
		}
		if !allowedFull {
			t.Errorf("%s: the simulator runs it with the full manifest, but Allows refuses it", tc.name)
		}
		if allowedWithout {
			t.Errorf("%s: the simulator fails it with EACCES, but Allows permits it with %+v", tc.name, caps)
		}
	}
	for _, fn := range []string{
		"Application_IsDeviceAuthReady", "Applications_GetTotalMemoryUsageInKB",
		"Applications_GetUserModeMemoryUsageInKB", "Applications_GetPeakUserModeMemoryUsageInKB",
		"Applications_GetOsVersion", "DeviceAuth_GetCertificatePath",
	} {
		if !(manifest.Capabilities{}).Allows(fn) {
			t.Errorf("%s: the simulator runs it with no capabilities (TestUngated), but Allows refuses it", fn)
		}
	}
	for _, c := range []manifest.Capability{
		manifest.CapCertStore, manifest.CapWifiConfig, manifest.CapEnterpriseWifiConfig,
		manifest.CapDeviceAuthentication, manifest.CapAllowedApplicationConnections,
	} {
		for _, fn := range manifest.FunctionsGatedBy(c) {
			// z__ internals are reached through the public functions; CurlSslFunc is
			// SslCtxFunc behind a libcurl callback.
			if strings.HasPrefix(fn, "z__") || fn == "DeviceAuth_CurlSslFunc" {
				continue
			}
			if !tested[fn] {
				t.Errorf("%s is gated by %s in the manifest table but TestGating does not exercise it", fn, c)
			}
		}
	}
}
