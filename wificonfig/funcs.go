package wificonfig

// AddNetwork calls Default().AddNetwork: it mirrors WifiConfig_AddNetwork.
func AddNetwork() (int, error) { return Default().AddNetwork() }

// AddDuplicateNetwork calls Default().AddDuplicateNetwork: it mirrors
// WifiConfig_AddDuplicateNetwork.
func AddDuplicateNetwork(id int, configName string) (int, error) {
	return Default().AddDuplicateNetwork(id, configName)
}

// SetSSID calls Default().SetSSID: it mirrors WifiConfig_SetSSID.
func SetSSID(id int, ssid []byte) error { return Default().SetSSID(id, ssid) }

// SetSecurityType calls Default().SetSecurityType: it mirrors WifiConfig_SetSecurityType.
func SetSecurityType(id int, s Security) error { return Default().SetSecurityType(id, s) }

// SetNetworkEnabled calls Default().SetNetworkEnabled: it mirrors
// WifiConfig_SetNetworkEnabled.
func SetNetworkEnabled(id int, enabled bool) error {
	return Default().SetNetworkEnabled(id, enabled)
}

// SetTargetedScanEnabled calls Default().SetTargetedScanEnabled: it mirrors
// WifiConfig_SetTargetedScanEnabled.
func SetTargetedScanEnabled(id int, enabled bool) error {
	return Default().SetTargetedScanEnabled(id, enabled)
}

// SetPSK calls Default().SetPSK: it mirrors WifiConfig_SetPSK.
func SetPSK(id int, psk string) error { return Default().SetPSK(id, psk) }

// SetClientIdentity calls Default().SetClientIdentity: it mirrors
// WifiConfig_SetClientIdentity.
func SetClientIdentity(id int, identity string) error {
	return Default().SetClientIdentity(id, identity)
}

// GetClientIdentity calls Default().GetClientIdentity: it mirrors
// WifiConfig_GetClientIdentity.
func GetClientIdentity(id int) (string, error) { return Default().GetClientIdentity(id) }

// SetClientCertStoreIdentifier calls Default().SetClientCertStoreIdentifier: it mirrors
// WifiConfig_SetClientCertStoreIdentifier.
func SetClientCertStoreIdentifier(id int, certID string) error {
	return Default().SetClientCertStoreIdentifier(id, certID)
}

// GetClientCertStoreIdentifier calls Default().GetClientCertStoreIdentifier: it mirrors
// WifiConfig_GetClientCertStoreIdentifier.
func GetClientCertStoreIdentifier(id int) (string, error) {
	return Default().GetClientCertStoreIdentifier(id)
}

// SetRootCACertStoreIdentifier calls Default().SetRootCACertStoreIdentifier: it mirrors
// WifiConfig_SetRootCACertStoreIdentifier.
func SetRootCACertStoreIdentifier(id int, certID string) error {
	return Default().SetRootCACertStoreIdentifier(id, certID)
}

// GetRootCACertStoreIdentifier calls Default().GetRootCACertStoreIdentifier: it mirrors
// WifiConfig_GetRootCACertStoreIdentifier.
func GetRootCACertStoreIdentifier(id int) (string, error) {
	return Default().GetRootCACertStoreIdentifier(id)
}

// SetConfigName calls Default().SetConfigName: it mirrors WifiConfig_SetConfigName.
func SetConfigName(id int, name string) error { return Default().SetConfigName(id, name) }

// GetNetworkIDByConfigName calls Default().GetNetworkIDByConfigName: it mirrors
// WifiConfig_GetNetworkIdByConfigName.
func GetNetworkIDByConfigName(name string) (int, error) {
	return Default().GetNetworkIDByConfigName(name)
}

// PersistConfig calls Default().PersistConfig: it mirrors WifiConfig_PersistConfig.
func PersistConfig() error { return Default().PersistConfig() }

// ReloadConfig calls Default().ReloadConfig: it mirrors WifiConfig_ReloadConfig.
func ReloadConfig() error { return Default().ReloadConfig() }

// ForgetNetworkByID calls Default().ForgetNetworkByID: it mirrors
// WifiConfig_ForgetNetworkById.
func ForgetNetworkByID(id int) error { return Default().ForgetNetworkByID(id) }

// ForgetAllNetworks calls Default().ForgetAllNetworks: it mirrors
// WifiConfig_ForgetAllNetworks.
func ForgetAllNetworks() error { return Default().ForgetAllNetworks() }

// GetStoredNetworkCount calls Default().GetStoredNetworkCount: it mirrors
// WifiConfig_GetStoredNetworkCount.
func GetStoredNetworkCount() (int, error) { return Default().GetStoredNetworkCount() }

// GetStoredNetworks calls Default().GetStoredNetworks: it mirrors
// WifiConfig_GetStoredNetworks.
func GetStoredNetworks() ([]StoredNetwork, error) { return Default().GetStoredNetworks() }

// GetCurrentNetwork calls Default().GetCurrentNetwork: it mirrors
// WifiConfig_GetCurrentNetwork.
func GetCurrentNetwork() (ConnectedNetwork, error) { return Default().GetCurrentNetwork() }

// GetConnectedNetworkID calls Default().GetConnectedNetworkID: it mirrors
// WifiConfig_GetConnectedNetworkId.
func GetConnectedNetworkID() (int, error) { return Default().GetConnectedNetworkID() }

// TriggerScanAndGetScannedNetworkCount calls Default().TriggerScanAndGetScannedNetworkCount:
// it mirrors WifiConfig_TriggerScanAndGetScannedNetworkCount.
func TriggerScanAndGetScannedNetworkCount() (int, error) {
	return Default().TriggerScanAndGetScannedNetworkCount()
}

// GetScannedNetworks calls Default().GetScannedNetworks: it mirrors
// WifiConfig_GetScannedNetworks.
func GetScannedNetworks() ([]ScannedNetwork, error) { return Default().GetScannedNetworks() }

// GetNetworkDiagnostics calls Default().GetNetworkDiagnostics: it mirrors
// WifiConfig_GetNetworkDiagnostics.
func GetNetworkDiagnostics(id int) (NetworkDiagnostics, error) {
	return Default().GetNetworkDiagnostics(id)
}

// SetPowerSavingsEnabled calls Default().SetPowerSavingsEnabled: it mirrors
// WifiConfig_SetPowerSavingsEnabled.
func SetPowerSavingsEnabled(enabled bool) error {
	return Default().SetPowerSavingsEnabled(enabled)
}
