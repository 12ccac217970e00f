//go:build cgo && ((azsphere && linux && arm) || abidouble)

package wificonfig

import (
	"time"

	"github.com/azsphere-go/applibs/internal/device"
)

// platformBackend is the default backend of a device build: the device's Wi-Fi
// configuration, through libapplibs. (With the test tag abidouble, the C double of
// libapplibs stands in.)
func platformBackend() Backend { return deviceWifi{device.WifiConfigBackend()} }

// deviceWifi is the device's Wi-Fi configuration as a Backend: each typed call is encoded
// here as the static inline wrapper of wificonfig.h encodes it for
// z__WifiConfig_SetNetworkOpt, and the C-shaped results of internal/device become this
// package's types.
type deviceWifi struct{ w *device.WifiConfig }

func boolByte(v bool) []byte {
	if v {
		return []byte{1}
	}
	return []byte{0}
}

func (d deviceWifi) AddNetwork() (int, error) { return d.w.AddNetwork() }

func (d deviceWifi) AddDuplicateNetwork(id int, configName string) (int, error) {
	return d.w.AddDuplicateNetwork(id, configName)
}

func (d deviceWifi) SetSSID(id int, ssid []byte) error {
	return d.w.SetNetworkOpt(id, device.AttrSSID, ssid)
}

func (d deviceWifi) SetSecurityType(id int, s Security) error {
	return d.w.SetNetworkOpt(id, device.AttrSecurityType, []byte{byte(s)})
}

func (d deviceWifi) SetNetworkEnabled(id int, enabled bool) error {
	return d.w.SetNetworkOpt(id, device.AttrEnable, boolByte(enabled))
}

func (d deviceWifi) SetTargetedScanEnabled(id int, enabled bool) error {
	return d.w.SetNetworkOpt(id, device.AttrTargetedScan, boolByte(enabled))
}

func (d deviceWifi) SetPSK(id int, psk []byte) error {
	return d.w.SetNetworkOpt(id, device.AttrPresharedKey, psk)
}

func (d deviceWifi) SetClientIdentity(id int, identity string) error {
	return d.w.SetNetworkOpt(id, device.AttrClientIdentity, []byte(identity))
}

func (d deviceWifi) SetClientCertStoreIdentifier(id int, certID string) error {
	return d.w.SetNetworkOpt(id, device.AttrClientCertStoreIdentifier, []byte(certID))
}

func (d deviceWifi) SetRootCACertStoreIdentifier(id int, certID string) error {
	return d.w.SetNetworkOpt(id, device.AttrRootCACertStoreIdentifier, []byte(certID))
}

func (d deviceWifi) SetConfigName(id int, name string) error {
	return d.w.SetNetworkOpt(id, device.AttrConfigName, []byte(name))
}

func (d deviceWifi) getString(id int, attr device.Attribute) (string, error) {
	v, err := d.w.NetworkOpt(id, attr)
	return string(v), err
}

func (d deviceWifi) ClientIdentity(id int) (string, error) {
	return d.getString(id, device.AttrClientIdentity)
}

func (d deviceWifi) ClientCertStoreIdentifier(id int) (string, error) {
	return d.getString(id, device.AttrClientCertStoreIdentifier)
}

func (d deviceWifi) RootCACertStoreIdentifier(id int) (string, error) {
	return d.getString(id, device.AttrRootCACertStoreIdentifier)
}

func (d deviceWifi) NetworkIDByConfigName(name string) (int, error) {
	return d.w.NetworkIDByConfigName(name)
}

func (d deviceWifi) PersistConfig() error             { return d.w.PersistConfig() }
func (d deviceWifi) ReloadConfig() error              { return d.w.ReloadConfig() }
func (d deviceWifi) ForgetNetworkByID(id int) error   { return d.w.ForgetNetworkByID(id) }
func (d deviceWifi) ForgetAllNetworks() error         { return d.w.ForgetAllNetworks() }
func (d deviceWifi) ConnectedNetworkID() (int, error) { return d.w.ConnectedNetworkID() }
func (d deviceWifi) TriggerScan() (int, error)        { return d.w.TriggerScan() }

func (d deviceWifi) SetPowerSavingsEnabled(enabled bool) error {
	return d.w.SetPowerSavingsEnabled(enabled)
}

func (d deviceWifi) StoredNetworks() ([]StoredNetwork, error) {
	raw, err := d.w.StoredNetworks()
	if err != nil {
		return nil, err
	}
	out := make([]StoredNetwork, len(raw))
	for i, n := range raw {
		out[i] = StoredNetwork{SSID: n.SSID, IsEnabled: n.IsEnabled, IsConnected: n.IsConnected, Security: Security(n.Security)}
	}
	return out, nil
}

func (d deviceWifi) CurrentNetwork() (ConnectedNetwork, error) {
	n, err := d.w.CurrentNetwork()
	if err != nil {
		return ConnectedNetwork{}, err
	}
	return ConnectedNetwork{SSID: n.SSID, BSSID: n.BSSID, FrequencyMHz: n.FrequencyMHz, SignalRSSI: n.SignalRSSI, Security: Security(n.Security)}, nil
}

func (d deviceWifi) ScannedNetworks() ([]ScannedNetwork, error) {
	raw, err := d.w.ScannedNetworks()
	if err != nil {
		return nil, err
	}
	out := make([]ScannedNetwork, len(raw))
	for i, n := range raw {
		out[i] = ScannedNetwork{SSID: n.SSID, BSSID: n.BSSID, FrequencyMHz: n.FrequencyMHz, SignalRSSI: n.SignalRSSI, Security: Security(n.Security)}
	}
	return out, nil
}

func (d deviceWifi) NetworkDiagnostics(id int) (NetworkDiagnostics, error) {
	n, err := d.w.NetworkDiagnostics(id)
	if err != nil {
		return NetworkDiagnostics{}, err
	}
	return NetworkDiagnostics{
		IsEnabled: n.IsEnabled, IsConnected: n.IsConnected, Error: DiagnosticError(n.Error),
		Timestamp: time.Unix(n.Timestamp, 0).UTC(), CertError: CertError(n.CertError),
		CertDepth: int(n.CertDepth), CertSubject: n.CertSubject,
	}, nil
}
