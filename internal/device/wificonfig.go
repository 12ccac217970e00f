//go:build (azsphere || abidouble) && cgo

package device

// #include "applibs.h"
import "C"

import (
	"errors"
	"syscall"
	"time"
	"unsafe"

	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/internal/wifitypes"
)

// Values of the wificonfig macros the backend passes to C.
const (
	wifiStructsVersion     = 1  // WIFICONFIG_STRUCTS_VERSION
	wifiSSIDMaxLength      = 32 // WIFICONFIG_SSID_MAX_LENGTH
	wifiConfigNameMax      = 16 // WIFICONFIG_CONFIG_NAME_MAX_LENGTH
	wifiEAPIdentityMax     = 254
	wifiGlobalNetworkID    = -1 // the network ID of global operations (Save, Reload)
	wifiMaxScannedNetworks = 1024
)

// WifiConfig is the device's Wi-Fi configuration. Its methods are those of
// wificonfig.Backend and call the WifiConfig_* and z__WifiConfig_* functions of libapplibs.
type WifiConfig struct{}

var wifiConfig WifiConfig

// WifiConfigBackend returns the device's Wi-Fi configuration.
func WifiConfigBackend() *WifiConfig { return &wifiConfig }

func ssidPtr(b []byte) *C.uint8_t { return (*C.uint8_t)(unsafe.Pointer(blob(b))) }

// AddNetwork calls WifiConfig_AddNetwork.
func (*WifiConfig) AddNetwork() (int, error) {
	mu.Lock()
	r, errno := C.WifiConfig_AddNetwork()
	mu.Unlock()
	if r < 0 {
		return 0, errnoOf("AddNetwork", "", errno)
	}
	return int(r), nil
}

// AddDuplicateNetwork calls WifiConfig_AddDuplicateNetwork.
func (*WifiConfig) AddDuplicateNetwork(id int, configName string) (int, error) {
	const op = "AddDuplicateNetwork"
	name, err := cbuf(op, configName, configName, wifiConfigNameMax)
	if err != nil {
		return 0, err
	}
	mu.Lock()
	r, errno := C.WifiConfig_AddDuplicateNetwork(C.int(id), cstr(name))
	mu.Unlock()
	if r < 0 {
		return 0, errnoOf(op, configName, errno)
	}
	return int(r), nil
}

// SetNetworkOpt does what the static inline WifiConfig_Set* wrappers do: it calls
// z__WifiConfig_SetNetworkOpt(id, attr, value, length), with length 0 and a NUL-terminated
// copy for the string attributes, the bytes and their length for the SSID and the PSK, and
// one byte for the security type and the two switches.
func (*WifiConfig) SetNetworkOpt(id int, attr wifitypes.Attribute, value []byte) error {
	op := "Set" + attr.String()
	var p unsafe.Pointer
	var n int
	switch attr {
	case wifitypes.AttrClientIdentity, wifitypes.AttrClientCertStoreIdentifier,
		wifitypes.AttrRootCACertStoreIdentifier, wifitypes.AttrConfigName:
		max := wifiEAPIdentityMax
		switch attr {
		case wifitypes.AttrConfigName:
			max = wifiConfigNameMax
		case wifitypes.AttrClientCertStoreIdentifier, wifitypes.AttrRootCACertStoreIdentifier:
			max = certMaxIdentifierLength
		}
		b, err := cbuf(op, "", string(value), max)
		if err != nil {
			return err
		}
		p = unsafe.Pointer(&b[0])
	case wifitypes.AttrSecurityType, wifitypes.AttrEnable, wifitypes.AttrTargetedScan:
		if len(value) != 1 {
			return apierr.Newf(op, "", syscall.EINVAL, "value is %d bytes; want 1", len(value))
		}
		p, n = unsafe.Pointer(&value[0]), 1
	case wifitypes.AttrSSID, wifitypes.AttrPresharedKey:
		p, n = unsafe.Pointer(blob(value)), len(value)
	default:
		return apierr.Newf(op, "", syscall.EINVAL, "attribute %v cannot be set", attr)
	}
	mu.Lock()
	r, errno := C.z__WifiConfig_SetNetworkOpt(C.int(id), C.uint32_t(attr), p, C.size_t(n))
	mu.Unlock()
	if r != 0 {
		return errnoOf(op, "", errno)
	}
	return nil
}

// NetworkOpt does what the static inline WifiConfig_Get* wrappers do: it calls
// z__WifiConfig_GetNetworkOpt(id, attr, buffer, size) with the buffer of a
// WifiConfig_ClientIdentity (255 bytes) or a CertStore_Identifier (17 bytes), and returns the
// string up to its NUL. Other attributes give EINVAL.
func (*WifiConfig) NetworkOpt(id int, attr wifitypes.Attribute) ([]byte, error) {
	op := "Get" + attr.String()
	var ident C.struct_azsg_ClientIdentity
	var certID C.struct_azsg_CertStore_Identifier
	var p *C.char
	var n int
	switch attr {
	case wifitypes.AttrClientIdentity:
		p, n = &ident.identity[0], len(ident.identity)
	case wifitypes.AttrClientCertStoreIdentifier, wifitypes.AttrRootCACertStoreIdentifier:
		p, n = &certID.identifier[0], len(certID.identifier)
	default:
		return nil, apierr.Newf(op, "", syscall.EINVAL, "attribute %v cannot be read", attr)
	}
	mu.Lock()
	r, errno := C.z__WifiConfig_GetNetworkOpt(C.int(id), C.uint32_t(attr), unsafe.Pointer(p), C.size_t(n))
	mu.Unlock()
	if r < 0 {
		return nil, errnoOf(op, "", errno)
	}
	return []byte(goString(p, n)), nil
}

func (*WifiConfig) global(op string, attr wifitypes.Attribute) error {
	mu.Lock()
	r, errno := C.z__WifiConfig_SetNetworkOpt(wifiGlobalNetworkID, C.uint32_t(attr), nil, 0)
	mu.Unlock()
	if r != 0 {
		return errnoOf(op, "", errno)
	}
	return nil
}

// PersistConfig does what the static inline WifiConfig_PersistConfig does:
// z__WifiConfig_SetNetworkOpt(-1, z__WifiConfig_Attribute_Save, NULL, 0).
func (w *WifiConfig) PersistConfig() error { return w.global("PersistConfig", wifitypes.AttrSave) }

// ReloadConfig does what the static inline WifiConfig_ReloadConfig does:
// z__WifiConfig_SetNetworkOpt(-1, z__WifiConfig_Attribute_Reload, NULL, 0).
func (w *WifiConfig) ReloadConfig() error { return w.global("ReloadConfig", wifitypes.AttrReload) }

// NetworkIDByConfigName calls WifiConfig_GetNetworkIdByConfigName.
func (*WifiConfig) NetworkIDByConfigName(name string) (int, error) {
	const op = "GetNetworkIDByConfigName"
	b, err := cbuf(op, name, name, wifiConfigNameMax)
	if err != nil {
		return 0, err
	}
	mu.Lock()
	r, errno := C.WifiConfig_GetNetworkIdByConfigName(cstr(b))
	mu.Unlock()
	if r < 0 {
		return 0, errnoOf(op, name, errno)
	}
	return int(r), nil
}

// ForgetNetworkByID calls WifiConfig_ForgetNetworkById.
func (*WifiConfig) ForgetNetworkByID(id int) error {
	mu.Lock()
	r, errno := C.WifiConfig_ForgetNetworkById(C.int(id))
	mu.Unlock()
	if r != 0 {
		return errnoOf("ForgetNetworkByID", "", errno)
	}
	return nil
}

// ForgetAllNetworks calls WifiConfig_ForgetAllNetworks.
func (*WifiConfig) ForgetAllNetworks() error {
	mu.Lock()
	r, errno := C.WifiConfig_ForgetAllNetworks()
	mu.Unlock()
	if r != 0 {
		return errnoOf("ForgetAllNetworks", "", errno)
	}
	return nil
}

// StoredNetworkCount calls WifiConfig_GetStoredNetworkCount.
func (*WifiConfig) StoredNetworkCount() (int, error) {
	mu.Lock()
	r, errno := C.WifiConfig_GetStoredNetworkCount()
	mu.Unlock()
	if r < 0 {
		return 0, errnoOf("GetStoredNetworkCount", "", errno)
	}
	return int(r), nil
}

// rawStoredNetworks reads the stored networks as the C structs: WifiConfig_GetStoredNetworkCount,
// then z__WifiConfig_GetStoredNetworks(array, count, WIFICONFIG_STRUCTS_VERSION), as the
// inline WifiConfig_GetStoredNetworks does. mu is held.
func rawStoredNetworks(op string) ([]C.struct_azsg_StoredNetwork, error) {
	n, errno := C.WifiConfig_GetStoredNetworkCount()
	if n < 0 {
		return nil, errnoOf(op, "", errno)
	}
	if n == 0 {
		return nil, nil
	}
	arr := make([]C.struct_azsg_StoredNetwork, n)
	r, errno := C.z__WifiConfig_GetStoredNetworks(&arr[0], C.size_t(n), wifiStructsVersion)
	if r < 0 {
		return nil, errnoOf(op, "", errno)
	}
	return arr[:r], nil
}

// ssidBytes copies the ssidLength bytes of a 32-byte SSID array, never the padding.
func ssidBytes(ssid *[wifiSSIDMaxLength]C.uint8_t, n C.uint8_t) []byte {
	l := int(n)
	if l > wifiSSIDMaxLength {
		l = wifiSSIDMaxLength
	}
	return C.GoBytes(unsafe.Pointer(&ssid[0]), C.int(l))
}

// StoredNetworks does what the inline WifiConfig_GetStoredNetworks does, for every stored
// network.
func (*WifiConfig) StoredNetworks() ([]wifitypes.StoredNetwork, error) {
	mu.Lock()
	raw, err := rawStoredNetworks("GetStoredNetworks")
	mu.Unlock()
	if err != nil {
		return nil, err
	}
	out := make([]wifitypes.StoredNetwork, len(raw))
	for i := range raw {
		s := &raw[i]
		out[i] = wifitypes.StoredNetwork{
			SSID:        ssidBytes(&s.ssid, s.ssidLength),
			IsEnabled:   bool(s.isEnabled),
			IsConnected: bool(s.isConnected),
			Security:    wifitypes.Security(s.security),
		}
	}
	return out, nil
}

func bssNetwork(s *C.struct_azsg_BssNetwork) (ssid []byte, bssid wifitypes.BSSID, freq uint32, rssi int8, sec wifitypes.Security) {
	for i := range bssid {
		bssid[i] = byte(s.bssid[i])
	}
	return ssidBytes(&s.ssid, s.ssidLength), bssid, uint32(s.frequencyMHz), int8(s.signalRssi), wifitypes.Security(s.security)
}

// CurrentNetwork does what the inline WifiConfig_GetCurrentNetwork does:
// z__WifiConfig_GetCurrentNetwork(&network, WIFICONFIG_STRUCTS_VERSION).
func (*WifiConfig) CurrentNetwork() (wifitypes.ConnectedNetwork, error) {
	var s C.struct_azsg_BssNetwork
	mu.Lock()
	r, errno := C.z__WifiConfig_GetCurrentNetwork(&s, wifiStructsVersion)
	mu.Unlock()
	if r != 0 {
		return wifitypes.ConnectedNetwork{}, errnoOf("GetCurrentNetwork", "", errno)
	}
	var c wifitypes.ConnectedNetwork
	c.SSID, c.BSSID, c.FrequencyMHz, c.SignalRSSI, c.Security = bssNetwork(&s)
	return c, nil
}

// ConnectedNetworkID calls WifiConfig_GetConnectedNetworkId.
func (*WifiConfig) ConnectedNetworkID() (int, error) {
	mu.Lock()
	r, errno := C.WifiConfig_GetConnectedNetworkId()
	mu.Unlock()
	if r < 0 {
		return 0, errnoOf("GetConnectedNetworkID", "", errno)
	}
	return int(r), nil
}

// TriggerScan calls WifiConfig_TriggerScanAndGetScannedNetworkCount. The call blocks for the
// length of the scan, and holds the backend's lock meanwhile.
func (*WifiConfig) TriggerScan() (int, error) {
	mu.Lock()
	r, errno := C.WifiConfig_TriggerScanAndGetScannedNetworkCount()
	mu.Unlock()
	if r < 0 {
		return 0, errnoOf("TriggerScanAndGetScannedNetworkCount", "", errno)
	}
	return int(r), nil
}

// ScannedNetworks does what the inline WifiConfig_GetScannedNetworks does:
// z__WifiConfig_GetScannedNetworks(array, count, WIFICONFIG_STRUCTS_VERSION). C has no count
// of the last scan's results without scanning again, so the array grows until the results
// fit.
func (*WifiConfig) ScannedNetworks() ([]wifitypes.ScannedNetwork, error) {
	for n := 32; ; n *= 2 {
		arr := make([]C.struct_azsg_BssNetwork, n)
		mu.Lock()
		r, errno := C.z__WifiConfig_GetScannedNetworks(&arr[0], C.size_t(n), wifiStructsVersion)
		mu.Unlock()
		if r < 0 {
			return nil, errnoOf("GetScannedNetworks", "", errno)
		}
		if int(r) == n && n < wifiMaxScannedNetworks {
			continue
		}
		out := make([]wifitypes.ScannedNetwork, r)
		for i := range out {
			s := &out[i]
			s.SSID, s.BSSID, s.FrequencyMHz, s.SignalRSSI, s.Security = bssNetwork(&arr[i])
		}
		return out, nil
	}
}

// NetworkDiagnostics does what the inline WifiConfig_GetNetworkDiagnostics does:
// z__WifiConfig_GetNetworkOpt(id, z__WifiConfig_Attribute_Network_Diagnostics64, out, 328).
// The timestamp is POSIX seconds.
func (*WifiConfig) NetworkDiagnostics(id int) (wifitypes.NetworkDiagnostics, error) {
	var d C.struct_azsg_NetworkDiagnostics64
	mu.Lock()
	r, errno := C.z__WifiConfig_GetNetworkOpt(C.int(id), C.uint32_t(wifitypes.AttrNetworkDiagnostics64),
		unsafe.Pointer(&d), C.size_t(unsafe.Sizeof(d)))
	mu.Unlock()
	if r < 0 {
		return wifitypes.NetworkDiagnostics{}, errnoOf("GetNetworkDiagnostics", "", errno)
	}
	return wifitypes.NetworkDiagnostics{
		IsEnabled:   d.isEnabled != 0,
		IsConnected: d.isConnected != 0,
		Error:       wifitypes.DiagnosticError(d.error),
		Timestamp:   time.Unix(int64(d.timestamp), 0).UTC(),
		CertError:   wifitypes.CertError(d.certError),
		CertDepth:   int(d.certDepth),
		CertSubject: goString(&d.certSubject.name[0], len(d.certSubject.name)),
	}, nil
}

// SetPowerSavingsEnabled is not supported by the device backend: WifiConfig_SetPowerSavingsEnabled
// is a static inline wrapper whose underlying call is not known (it is in no header copy the
// project could consult), so there is nothing to call that is known to be right.
func (*WifiConfig) SetPowerSavingsEnabled(bool) error {
	return &apierr.Error{Op: "SetPowerSavingsEnabled", Errno: syscall.ENOSYS,
		Reason: "the device backend does not know the z__ call behind WifiConfig_SetPowerSavingsEnabled",
		Err:    errors.ErrUnsupported}
}

// StoreOpenNetwork calls WifiConfig_StoreOpenNetwork.
func (*WifiConfig) StoreOpenNetwork(ssid []byte) error {
	mu.Lock()
	r, errno := C.WifiConfig_StoreOpenNetwork(ssidPtr(ssid), C.size_t(len(ssid)))
	mu.Unlock()
	if r != 0 {
		return errnoOf("StoreOpenNetwork", "", errno)
	}
	return nil
}

// StoreWpa2Network calls WifiConfig_StoreWpa2Network.
func (*WifiConfig) StoreWpa2Network(ssid, psk []byte) error {
	mu.Lock()
	r, errno := C.WifiConfig_StoreWpa2Network(ssidPtr(ssid), C.size_t(len(ssid)), blob(psk), C.size_t(len(psk)))
	mu.Unlock()
	if r != 0 {
		return errnoOf("StoreWpa2Network", "", errno)
	}
	return nil
}

// ForgetNetwork does what the inline WifiConfig_ForgetNetwork does: it passes
// z__WifiConfig_ForgetNetwork the struct the device returned for the network that matches n
// (SSID and security type), since the device checks the struct's version word, whose encoding
// only the device knows. ENOENT when no stored network matches.
func (*WifiConfig) ForgetNetwork(n wifitypes.StoredNetwork) error {
	const op = "ForgetNetwork"
	mu.Lock()
	defer mu.Unlock()
	raw, err := rawStoredNetworks(op)
	if err != nil {
		return err
	}
	for i := range raw {
		s := &raw[i]
		if wifitypes.Security(s.security) == n.Security && string(ssidBytes(&s.ssid, s.ssidLength)) == string(n.SSID) {
			r, errno := C.z__WifiConfig_ForgetNetwork(s)
			if r != 0 {
				return errnoOf(op, "", errno)
			}
			return nil
		}
	}
	return apierr.New(op, "", syscall.ENOENT, "no stored network has this SSID and security type")
}
