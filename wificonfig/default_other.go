//go:build !(azsphere && linux && arm && cgo)

package wificonfig

import "github.com/azsphere-go/applibs/internal/apierr"

// platformBackend is the default backend of a build without the device: every call fails
// with an error that wraps errors.ErrUnsupported and says how to get a backend.
func platformBackend() Backend { return unsupported{} }

type unsupported struct{}

var _ Backend = unsupported{}

func fail(op string) error { return apierr.Unsupported("wificonfig", op) }

func (unsupported) AddNetwork() (int, error) { return 0, fail("AddNetwork") }
func (unsupported) AddDuplicateNetwork(int, string) (int, error) {
	return 0, fail("AddDuplicateNetwork")
}
func (unsupported) SetNetworkOpt(_ int, attr Attribute, _ []byte) error {
	return fail(attr.SetterOp())
}
func (unsupported) NetworkOpt(_ int, attr Attribute) ([]byte, error) {
	return nil, fail(attr.GetterOp())
}
func (unsupported) PersistConfig() error { return fail("PersistConfig") }
func (unsupported) ReloadConfig() error  { return fail("ReloadConfig") }
func (unsupported) NetworkIDByConfigName(string) (int, error) {
	return 0, fail("GetNetworkIDByConfigName")
}
func (unsupported) ForgetNetworkByID(int) error      { return fail("ForgetNetworkByID") }
func (unsupported) ForgetAllNetworks() error         { return fail("ForgetAllNetworks") }
func (unsupported) StoredNetworkCount() (int, error) { return 0, fail("GetStoredNetworkCount") }
func (unsupported) StoredNetworks() ([]StoredNetwork, error) {
	return nil, fail("GetStoredNetworks")
}
func (unsupported) CurrentNetwork() (ConnectedNetwork, error) {
	return ConnectedNetwork{}, fail("GetCurrentNetwork")
}
func (unsupported) ConnectedNetworkID() (int, error) { return 0, fail("GetConnectedNetworkID") }
func (unsupported) TriggerScan() (int, error) {
	return 0, fail("TriggerScanAndGetScannedNetworkCount")
}
func (unsupported) ScannedNetworks() ([]ScannedNetwork, error) {
	return nil, fail("GetScannedNetworks")
}
func (unsupported) NetworkDiagnostics(int) (NetworkDiagnostics, error) {
	return NetworkDiagnostics{}, fail("GetNetworkDiagnostics")
}
func (unsupported) SetPowerSavingsEnabled(bool) error { return fail("SetPowerSavingsEnabled") }
func (unsupported) StoreOpenNetwork([]byte) error     { return fail("StoreOpenNetwork") }
func (unsupported) StoreWpa2Network([]byte, []byte) error {
	return fail("StoreWpa2Network")
}
func (unsupported) ForgetNetwork(StoredNetwork) error { return fail("ForgetNetwork") }
