//go:build (azsphere || abidouble) && cgo

package device

// #include "applibs.h"
import "C"

import (
	"errors"
	"syscall"
	"unsafe"

	"github.com/azsphere-go/applibs/internal/apierr"
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

// Attribute is a z__WifiConfig_Attribute: the network setting z__WifiConfig_SetNetworkOpt
// and z__WifiConfig_GetNetworkOpt address.
type Attribute uint32

// The z__WifiConfig_Attribute_* values.
const (
	AttrSSID                      Attribute = 0
	AttrSecurityType              Attribute = 1
	AttrEnable                    Attribute = 2
	AttrSave                      Attribute = 3
	AttrReload                    Attribute = 4
	AttrPresharedKey              Attribute = 5
	AttrClientIdentity            Attribute = 6
	AttrClientCertStoreIdentifier Attribute = 7
	AttrRootCACertStoreIdentifier Attribute = 8
	AttrTargetedScan              Attribute = 11
	AttrConfigName                Attribute = 12
	AttrNetworkDiagnostics32      Attribute = 22
	AttrNetworkDiagnostics64      Attribute = 23
)

// StoredNetwork is a WifiConfig_StoredNetwork as Go values: the SSID has its real length.
type StoredNetwork struct {
	SSID        []byte
	IsEnabled   bool
	IsConnected bool
	Security    uint8
}

// BSSNetwork is a WifiConfig_ConnectedNetwork or WifiConfig_ScannedNetwork as Go values.
type BSSNetwork struct {
	SSID         []byte
	BSSID        [6]byte
	FrequencyMHz uint32
	SignalRSSI   int8
	Security     uint8
}

// NetworkDiagnostics is a WifiConfig_NetworkDiagnostics64 as Go values; Timestamp is POSIX
// seconds.
type NetworkDiagnostics struct {
	IsEnabled   bool
	IsConnected bool
	Error       int32
	Timestamp   int64
	CertError   int32
	CertDepth   int32
	CertSubject string
}

// WifiConfig is the device's Wi-Fi configuration: its methods call the WifiConfig_* and
// z__WifiConfig_* functions of libapplibs with C-shaped Go values. Package wificonfig adapts
// them to its Backend in a device build.
type WifiConfig struct{}

var wifiConfig WifiConfig

// WifiConfigBackend returns the device's Wi-Fi configuration.
func WifiConfigBackend() *WifiConfig { return &wifiConfig }

// AddNetwork calls WifiConfig_AddNetwork.
func (*WifiConfig) AddNetwork() (int, error) {
	mu.Lock()
	r, errno := errnoCall(func() C.int { return C.WifiConfig_AddNetwork() })
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
	r, errno := errnoCall(func() C.int { return C.WifiConfig_AddDuplicateNetwork(C.int(id), cstr(name)) })
	mu.Unlock()
	if r < 0 {
		return 0, errnoOf(op, configName, errno)
	}
	return int(r), nil
}

// setterOp names the wificonfig function that sets attr, for errors.
func setterOp(attr Attribute) string {
	switch attr {
	case AttrSSID:
		return "SetSSID"
	case AttrSecurityType:
		return "SetSecurityType"
	case AttrEnable:
		return "SetNetworkEnabled"
	case AttrPresharedKey:
		return "SetPSK"
	case AttrClientIdentity:
		return "SetClientIdentity"
	case AttrClientCertStoreIdentifier:
		return "SetClientCertStoreIdentifier"
	case AttrRootCACertStoreIdentifier:
		return "SetRootCACertStoreIdentifier"
	case AttrTargetedScan:
		return "SetTargetedScanEnabled"
	case AttrConfigName:
		return "SetConfigName"
	}
	return "z__WifiConfig_SetNetworkOpt"
}

// SetNetworkOpt does what the static inline WifiConfig_Set* wrappers do: it calls
// z__WifiConfig_SetNetworkOpt(id, attr, value, length), with length 0 and a NUL-terminated
// copy for the string attributes, the bytes and their length for the SSID and the PSK, and
// one byte for the security type and the two switches.
func (*WifiConfig) SetNetworkOpt(id int, attr Attribute, value []byte) error {
	op := setterOp(attr)
	var p unsafe.Pointer
	var n int
	switch attr {
	case AttrClientIdentity, AttrClientCertStoreIdentifier, AttrRootCACertStoreIdentifier, AttrConfigName:
		max := wifiEAPIdentityMax
		switch attr {
		case AttrConfigName:
			max = wifiConfigNameMax
		case AttrClientCertStoreIdentifier, AttrRootCACertStoreIdentifier:
			max = certMaxIdentifierLength
		}
		b, err := cbuf(op, "", string(value), max)
		if err != nil {
			return err
		}
		p = unsafe.Pointer(&b[0])
	case AttrSecurityType, AttrEnable, AttrTargetedScan:
		if len(value) != 1 {
			return apierr.Newf(op, "", syscall.EINVAL, "value is %d bytes; want 1", len(value))
		}
		p, n = unsafe.Pointer(&value[0]), 1
	case AttrSSID, AttrPresharedKey:
		p, n = unsafe.Pointer(blob(value)), len(value)
	default:
		return apierr.Newf(op, "", syscall.EINVAL, "attribute %v cannot be set", attr)
	}
	mu.Lock()
	r, errno := errnoCall(func() C.int { return C.z__WifiConfig_SetNetworkOpt(C.int(id), C.uint32_t(attr), p, C.size_t(n)) })
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
func (*WifiConfig) NetworkOpt(id int, attr Attribute) ([]byte, error) {
	op := "z__WifiConfig_GetNetworkOpt"
	var ident C.struct_azsg_ClientIdentity
	var certID C.struct_azsg_CertStore_Identifier
	var p *C.char
	var n int
	switch attr {
	case AttrClientIdentity:
		op = "GetClientIdentity"
		p, n = &ident.identity[0], len(ident.identity)
	case AttrClientCertStoreIdentifier, AttrRootCACertStoreIdentifier:
		op = "GetClientCertStoreIdentifier"
		if attr == AttrRootCACertStoreIdentifier {
			op = "GetRootCACertStoreIdentifier"
		}
		p, n = &certID.identifier[0], len(certID.identifier)
	default:
		return nil, apierr.Newf(op, "", syscall.EINVAL, "attribute %v cannot be read", attr)
	}
	mu.Lock()
	r, errno := errnoCall(func() C.ssize_t {
		return C.z__WifiConfig_GetNetworkOpt(C.int(id), C.uint32_t(attr), unsafe.Pointer(p), C.size_t(n))
	})
	mu.Unlock()
	if r < 0 {
		return nil, errnoOf(op, "", errno)
	}
	return []byte(goString(p, n)), nil
}

func (*WifiConfig) global(op string, attr Attribute) error {
	mu.Lock()
	r, errno := errnoCall(func() C.int { return C.z__WifiConfig_SetNetworkOpt(wifiGlobalNetworkID, C.uint32_t(attr), nil, 0) })
	mu.Unlock()
	if r != 0 {
		return errnoOf(op, "", errno)
	}
	return nil
}

// PersistConfig does what the static inline WifiConfig_PersistConfig does:
// z__WifiConfig_SetNetworkOpt(-1, z__WifiConfig_Attribute_Save, NULL, 0).
func (w *WifiConfig) PersistConfig() error { return w.global("PersistConfig", AttrSave) }

// ReloadConfig does what the static inline WifiConfig_ReloadConfig does:
// z__WifiConfig_SetNetworkOpt(-1, z__WifiConfig_Attribute_Reload, NULL, 0).
func (w *WifiConfig) ReloadConfig() error { return w.global("ReloadConfig", AttrReload) }

// NetworkIDByConfigName calls WifiConfig_GetNetworkIdByConfigName.
func (*WifiConfig) NetworkIDByConfigName(name string) (int, error) {
	const op = "GetNetworkIDByConfigName"
	b, err := cbuf(op, name, name, wifiConfigNameMax)
	if err != nil {
		return 0, err
	}
	mu.Lock()
	r, errno := errnoCall(func() C.int { return C.WifiConfig_GetNetworkIdByConfigName(cstr(b)) })
	mu.Unlock()
	if r < 0 {
		return 0, errnoOf(op, name, errno)
	}
	return int(r), nil
}

// ForgetNetworkByID calls WifiConfig_ForgetNetworkById.
func (*WifiConfig) ForgetNetworkByID(id int) error {
	mu.Lock()
	r, errno := errnoCall(func() C.int { return C.WifiConfig_ForgetNetworkById(C.int(id)) })
	mu.Unlock()
	if r != 0 {
		return errnoOf("ForgetNetworkByID", "", errno)
	}
	return nil
}

// ForgetAllNetworks calls WifiConfig_ForgetAllNetworks.
func (*WifiConfig) ForgetAllNetworks() error {
	mu.Lock()
	r, errno := errnoCall(func() C.int { return C.WifiConfig_ForgetAllNetworks() })
	mu.Unlock()
	if r != 0 {
		return errnoOf("ForgetAllNetworks", "", errno)
	}
	return nil
}

// rawStoredNetworks reads the stored networks as the C structs: WifiConfig_GetStoredNetworkCount,
// then z__WifiConfig_GetStoredNetworks(array, count, WIFICONFIG_STRUCTS_VERSION), as the
// inline WifiConfig_GetStoredNetworks does. mu is held.
func rawStoredNetworks(op string) ([]C.struct_azsg_StoredNetwork, error) {
	n, errno := errnoCall(func() C.ssize_t { return C.WifiConfig_GetStoredNetworkCount() })
	if n < 0 {
		return nil, errnoOf(op, "", errno)
	}
	if n == 0 {
		return nil, nil
	}
	arr := make([]C.struct_azsg_StoredNetwork, n)
	r, errno := errnoCall(func() C.ssize_t { return C.z__WifiConfig_GetStoredNetworks(&arr[0], C.size_t(n), wifiStructsVersion) })
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
func (*WifiConfig) StoredNetworks() ([]StoredNetwork, error) {
	mu.Lock()
	raw, err := rawStoredNetworks("GetStoredNetworks")
	mu.Unlock()
	if err != nil {
		return nil, err
	}
	out := make([]StoredNetwork, len(raw))
	for i := range raw {
		s := &raw[i]
		out[i] = StoredNetwork{
			SSID:        ssidBytes(&s.ssid, s.ssidLength),
			IsEnabled:   s.isEnabled != 0,
			IsConnected: s.isConnected != 0,
			Security:    uint8(s.security),
		}
	}
	return out, nil
}

func bssNetwork(s *C.struct_azsg_BssNetwork) BSSNetwork {
	n := BSSNetwork{SSID: ssidBytes(&s.ssid, s.ssidLength), FrequencyMHz: uint32(s.frequencyMHz), SignalRSSI: int8(s.signalRssi), Security: uint8(s.security)}
	for i := range n.BSSID {
		n.BSSID[i] = byte(s.bssid[i])
	}
	return n
}

// CurrentNetwork does what the inline WifiConfig_GetCurrentNetwork does:
// z__WifiConfig_GetCurrentNetwork(&network, WIFICONFIG_STRUCTS_VERSION).
func (*WifiConfig) CurrentNetwork() (BSSNetwork, error) {
	var s C.struct_azsg_BssNetwork
	mu.Lock()
	r, errno := errnoCall(func() C.int { return C.z__WifiConfig_GetCurrentNetwork(&s, wifiStructsVersion) })
	mu.Unlock()
	if r != 0 {
		return BSSNetwork{}, errnoOf("GetCurrentNetwork", "", errno)
	}
	return bssNetwork(&s), nil
}

// ConnectedNetworkID calls WifiConfig_GetConnectedNetworkId.
func (*WifiConfig) ConnectedNetworkID() (int, error) {
	mu.Lock()
	r, errno := errnoCall(func() C.int { return C.WifiConfig_GetConnectedNetworkId() })
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
	r, errno := errnoCall(func() C.ssize_t { return C.WifiConfig_TriggerScanAndGetScannedNetworkCount() })
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
func (*WifiConfig) ScannedNetworks() ([]BSSNetwork, error) {
	for n := 32; ; n *= 2 {
		arr := make([]C.struct_azsg_BssNetwork, n)
		mu.Lock()
		r, errno := errnoCall(func() C.ssize_t { return C.z__WifiConfig_GetScannedNetworks(&arr[0], C.size_t(n), wifiStructsVersion) })
		mu.Unlock()
		if r < 0 {
			return nil, errnoOf("GetScannedNetworks", "", errno)
		}
		if int(r) == n && n < wifiMaxScannedNetworks {
			continue
		}
		out := make([]BSSNetwork, r)
		for i := range out {
			out[i] = bssNetwork(&arr[i])
		}
		return out, nil
	}
}

// NetworkDiagnostics does what the inline WifiConfig_GetNetworkDiagnostics does:
// z__WifiConfig_GetNetworkOpt(id, z__WifiConfig_Attribute_Network_Diagnostics64, out, 328).
// The timestamp is POSIX seconds.
func (*WifiConfig) NetworkDiagnostics(id int) (NetworkDiagnostics, error) {
	var d C.struct_azsg_NetworkDiagnostics64
	mu.Lock()
	r, errno := errnoCall(func() C.ssize_t {
		return C.z__WifiConfig_GetNetworkOpt(C.int(id), C.uint32_t(AttrNetworkDiagnostics64),
			unsafe.Pointer(&d), C.size_t(unsafe.Sizeof(d)))
	})
	mu.Unlock()
	if r < 0 {
		return NetworkDiagnostics{}, errnoOf("GetNetworkDiagnostics", "", errno)
	}
	return NetworkDiagnostics{
		IsEnabled:   d.isEnabled != 0,
		IsConnected: d.isConnected != 0,
		Error:       int32(d.error),
		Timestamp:   int64(d.timestamp),
		CertError:   int32(d.certError),
		CertDepth:   int32(d.certDepth),
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
