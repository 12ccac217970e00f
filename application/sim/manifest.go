package sim

import (
	"github.com/azsphere-go/applibs/manifest"
)

// defaultManifestJSON is the app_manifest.json of the application on a device created with
// DefaultManifest: every capability the simulator gates, with tenant DefaultTenant.
const defaultManifestJSON = `{
  "SchemaVersion": 1,
  "Name": "SimulatedApp",
  "ComponentId": "` + HighLevelComponentID + `",
  "EntryPoint": "/bin/app",
  "CmdArgs": [],
  "Capabilities": {
    "CertStore": true,
    "WifiConfig": true,
    "EnterpriseWifiConfig": true,
    "DeviceAuthentication": "` + DefaultTenant + `",
    "AllowedApplicationConnections": []
  },
  "ApplicationType": "Default"
}`

// DefaultManifest returns a new copy of the manifest of the simulated high-level
// application when a test gives none: component ID HighLevelComponentID, and the
// capabilities CertStore, WifiConfig, EnterpriseWifiConfig and DeviceAuthentication
// (DefaultTenant). It lists no application connections.
func DefaultManifest() *manifest.Manifest {
	m, err := manifest.Parse([]byte(defaultManifestJSON))
	if err != nil {
		panic("sim: the default manifest does not parse: " + err.Error())
	}
	return m
}

// FromManifest returns the capabilities that the manifest m grants and the simulator gates.
// A nil m grants none.
func FromManifest(m *manifest.Manifest) *Capabilities {
	if m == nil {
		return &Capabilities{}
	}
	c := m.Capabilities
	return &Capabilities{
		CertStore:                     c.CertStore,
		WifiConfig:                    c.WifiConfig,
		EnterpriseWifiConfig:          c.EnterpriseWifiConfig,
		DeviceAuthentication:          c.DeviceAuthentication,
		AllowedApplicationConnections: append([]string(nil), c.AllowedApplicationConnections...),
	}
}

// SetManifest deploys the application again with manifest m: the capabilities become those
// FromManifest(m) returns. The component ID of the application does not change.
func (d *Device) SetManifest(m *manifest.Manifest) {
	d.SetCapabilities(*FromManifest(m))
}
