package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"strconv"
)

// Values of [Manifest.ApplicationType].
const (
	// ApplicationTypeDefault marks a high-level application.
	ApplicationTypeDefault = "Default"
	// ApplicationTypeRealTimeCapable marks a real-time capable application (RTApp).
	ApplicationTypeRealTimeCapable = "RealTimeCapable"
)

// Values of [Capabilities.PowerControls].
const (
	// PowerControlForcePowerDown allows PowerManagement_ForceSystemPowerDown.
	PowerControlForcePowerDown = "ForcePowerDown"
	// PowerControlForceReboot allows PowerManagement_ForceSystemReboot.
	PowerControlForceReboot = "ForceReboot"
	// PowerControlSetPowerProfile allows PowerManagement_SetSystemPowerProfile.
	PowerControlSetPowerProfile = "SetPowerProfile"
)

// Manifest is the content of an app_manifest.json file. For every optional field the zero
// value means "absent", and [Manifest.MarshalJSON] leaves it out.
//
// The struct tags give each field's JSON key as app_manifest.json spells it, which is not
// always the Go spelling: [Manifest.ComponentID] is "ComponentId". [Parse] and
// [Manifest.MarshalJSON] use those keys, and so do the paths in a [FieldError]. The optional
// fields are tagged omitzero: their zero value is left out.
type Manifest struct {
	// SchemaVersion is the manifest schema version; it must be 1.
	SchemaVersion int `json:"SchemaVersion"`
	// Name is the application name. It is required; the device keeps only its first 31
	// characters in the image package.
	Name string `json:"Name"`
	// ComponentID is the component ID, a GUID such as
	// "1139a8b2-c835-2e27-27dd-e894b6d15fa9". It is required.
	ComponentID string `json:"ComponentId"`
	// EntryPoint is the path of the executable inside the image package, such as "/bin/app".
	// It is required.
	EntryPoint string `json:"EntryPoint"`
	// CmdArgs holds the command-line arguments. The JSON key is required but may hold an
	// empty array; [Manifest.MarshalJSON] writes a nil CmdArgs as [].
	CmdArgs []string `json:"CmdArgs"`
	// Capabilities lists what the application may use. The JSON key is required ([Parse]
	// reports its absence); [Manifest.MarshalJSON] always writes it, as {} when no
	// capability is granted.
	Capabilities Capabilities `json:"Capabilities"`
	// ApplicationType is [ApplicationTypeDefault], [ApplicationTypeRealTimeCapable], or
	// empty when absent.
	ApplicationType string `json:"ApplicationType,omitzero"`
	// MallocVersion selects the allocator; samples use 2. Zero means absent. Its exact
	// semantics are unconfirmed.
	MallocVersion int `json:"MallocVersion,omitzero"`
}

// Capabilities is the "Capabilities" object of a manifest. No capability is granted by
// default: a false boolean, a nil list, an empty DeviceAuthentication and a nil
// MutableStorage all mean the capability is absent and [Capabilities.MarshalJSON] leaves it
// out. A non-nil empty list is kept and written as [].
//
// The struct tags give each field's JSON key, which is also its [Capability] name: the Go
// field [Capabilities.AllowedTCPServerPorts] is the key "AllowedTcpServerPorts",
// [Capabilities.GPIO] is "Gpio", and so on.
// Every field is tagged omitzero, as every capability is optional.
type Capabilities struct {
	// AllowedConnections lists the host names and IPv4 addresses the application may connect
	// to.
	AllowedConnections []string `json:"AllowedConnections,omitzero"`
	// AllowedTCPServerPorts lists the TCP ports (1..65535) the application may listen on.
	AllowedTCPServerPorts []int `json:"AllowedTcpServerPorts,omitzero"`
	// AllowedUDPServerPorts lists the UDP ports (1..65535) the application may receive on.
	AllowedUDPServerPorts []int `json:"AllowedUdpServerPorts,omitzero"`
	// AllowedApplicationConnections lists the component IDs the application may connect to
	// with Application_Connect (or accept connections from).
	AllowedApplicationConnections []string `json:"AllowedApplicationConnections,omitzero"`
	// GPIO lists the GPIOs the application may open, by number or by hardware-definition
	// name.
	GPIO []GPIO `json:"Gpio,omitzero"`
	// UART lists the UARTs the application may open, such as "ISU0" or "$SAMPLE_UART".
	UART []string `json:"Uart,omitzero"`
	// I2CMaster lists the I2C master interfaces the application may open.
	I2CMaster []string `json:"I2cMaster,omitzero"`
	// SPIMaster lists the SPI master interfaces the application may open.
	SPIMaster []string `json:"SpiMaster,omitzero"`
	// PWM lists the PWM controllers the application may open.
	PWM []string `json:"Pwm,omitzero"`
	// ADC lists the ADC controllers the application may open.
	ADC []string `json:"Adc,omitzero"`
	// CertStore allows the CertStore_* functions.
	CertStore bool `json:"CertStore,omitzero"`
	// WifiConfig allows the WifiConfig_* functions other than the EAP-TLS ones.
	WifiConfig bool `json:"WifiConfig,omitzero"`
	// EnterpriseWifiConfig allows the EAP-TLS Wi-Fi functions (client identity, certificate
	// identifiers, the EAP-TLS security type).
	EnterpriseWifiConfig bool `json:"EnterpriseWifiConfig,omitzero"`
	// NetworkConfig allows changing the network configuration (interface state, IP
	// configuration, proxy).
	NetworkConfig bool `json:"NetworkConfig,omitzero"`
	// ReadNetworkProxyConfig allows reading the proxy configuration.
	ReadNetworkProxyConfig bool `json:"ReadNetworkProxyConfig,omitzero"`
	// HardwareAddressConfig allows setting the Ethernet hardware address.
	HardwareAddressConfig bool `json:"HardwareAddressConfig,omitzero"`
	// DHCPService allows running a DHCP server.
	DHCPService bool `json:"DhcpService,omitzero"`
	// SNTPService allows running an SNTP server.
	SNTPService bool `json:"SntpService,omitzero"`
	// TimeSyncConfig allows configuring time synchronisation.
	TimeSyncConfig bool `json:"TimeSyncConfig,omitzero"`
	// SystemTime allows setting the system time and the real-time clock.
	SystemTime bool `json:"SystemTime,omitzero"`
	// DeviceAuthentication is the Azure Sphere tenant ID (legacy) or catalog ID, a GUID,
	// that device authentication (the DeviceAuth_* functions) uses. Empty means absent.
	DeviceAuthentication string `json:"DeviceAuthentication,omitzero"`
	// MutableStorage requests per-application persistent storage; nil means absent.
	MutableStorage *MutableStorage `json:"MutableStorage,omitzero"`
	// PowerControls lists the power operations the application may perform: values
	// [PowerControlForcePowerDown], [PowerControlForceReboot],
	// [PowerControlSetPowerProfile].
	PowerControls []string `json:"PowerControls,omitzero"`
	// SystemEventNotifications allows registering for system event notifications.
	SystemEventNotifications bool `json:"SystemEventNotifications,omitzero"`
	// SoftwareUpdateDeferral allows deferring software updates (the application also needs
	// SystemEventNotifications to receive the events).
	SoftwareUpdateDeferral bool `json:"SoftwareUpdateDeferral,omitzero"`
	// HeapMemStats enables heap allocation tracking.
	HeapMemStats bool `json:"HeapMemStats,omitzero"`
	// ResetMemoryWatermarks is known only from a device parse error; modelled as a boolean,
	// which is unconfirmed.
	ResetMemoryWatermarks bool `json:"ResetMemoryWatermarks,omitzero"`
}

// MutableStorage is the "MutableStorage" capability.
type MutableStorage struct {
	// SizeKB is the storage size in KiB, 1..[MaxMutableStorageKB].
	SizeKB int `json:"SizeKB"`
}

// GPIO is one entry of [Capabilities.GPIO], written in JSON either as a number (a GPIO
// number) or as a string (a hardware-definition constant such as "$SAMPLE_BUTTON_1"): build
// it as GPIO{Number: 8} or GPIO{Name: "$SAMPLE_BUTTON_1"}.
type GPIO struct {
	// Name is the hardware-definition constant, "$" and an identifier, for a string entry.
	// When Name is empty the entry is a number.
	Name string
	// Number is the GPIO number of a numeric entry. It is zero for a string entry.
	Number int
}

// String returns the name of a named entry and the decimal number of a numeric one.
func (g GPIO) String() string {
	if g.Name != "" {
		return g.Name
	}
	return strconv.Itoa(g.Number)
}

// MarshalJSON writes a named entry as a JSON string and a numeric one as a JSON number.
func (g GPIO) MarshalJSON() ([]byte, error) {
	if g.Name != "" {
		return json.Marshal(g.Name)
	}
	return []byte(strconv.Itoa(g.Number)), nil
}

// UnmarshalJSON reads a JSON number or a non-empty JSON string. Errors name the value by
// its JSON key, "Gpio".
func (g *GPIO) UnmarshalJSON(data []byte) error {
	return decodeInto(data, func(d *decoder) { *g = d.gpio(string(CapGPIO)) })
}

// Parse decodes an app_manifest.json document and validates it. It returns a [*SyntaxError]
// if data is not one well-formed JSON object, and otherwise a [*ValidationError] listing
// every problem: values of the wrong JSON type, unknown or duplicate keys, missing required
// fields, and the violations [Manifest.Validate] reports. A leading UTF-8 byte order mark is
// ignored.
func Parse(data []byte) (*Manifest, error) {
	m, _, err := parse(data)
	return m, err
}

// parse is [Parse], also returning the decoder (nil when data is not well-formed JSON) so that
// tests can see what computing positions cost.
func parse(data []byte) (*Manifest, *decoder, error) {
	var m Manifest
	d, err := newDecoder(data)
	if err != nil {
		return nil, nil, err
	}
	if err := d.run(func(d *decoder) { d.manifest(&m) }); err != nil {
		return nil, d, err
	}
	if verr := m.Validate(); verr != nil {
		d.merge(verr.(*ValidationError).Errors)
	}
	if err := d.err(); err != nil {
		return nil, d, err
	}
	return &m, d, nil
}

// ParseFile reads and parses the manifest file at path, as [Parse] does. A parse error is
// prefixed with path and still works with [errors.As].
func ParseFile(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// ParseFS reads and parses the manifest file name in fsys, as [Parse] does. A parse error is
// prefixed with name and still works with [errors.As].
func ParseFS(fsys fs.FS, name string) (*Manifest, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	m, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

// UnmarshalJSON decodes a manifest with the same strictness as [Parse] (exact key names, no
// unknown or duplicate keys, no values of the wrong type) but does not call
// [Manifest.Validate].
func (m *Manifest) UnmarshalJSON(data []byte) error {
	var v Manifest
	if err := decodeInto(data, func(d *decoder) { d.manifest(&v) }); err != nil {
		return err
	}
	*m = v
	return nil
}

// UnmarshalJSON decodes a "Capabilities" object with the same strictness as [Parse] but
// does not validate the values.
func (c *Capabilities) UnmarshalJSON(data []byte) error {
	var v Capabilities
	if err := decodeInto(data, func(d *decoder) { d.capabilities("Capabilities", &v) }); err != nil {
		return err
	}
	*c = v
	return nil
}

// UnmarshalJSON decodes a "MutableStorage" object with the same strictness as [Parse] but
// does not validate SizeKB.
func (s *MutableStorage) UnmarshalJSON(data []byte) error {
	var v MutableStorage
	if err := decodeInto(data, func(d *decoder) { d.mutableStorage("MutableStorage", &v) }); err != nil {
		return err
	}
	*s = v
	return nil
}

// MarshalJSON writes the manifest with its keys in the documented order (SchemaVersion,
// Name, ComponentId, EntryPoint, CmdArgs, Capabilities, ApplicationType, MallocVersion),
// leaving out absent optional fields. The required fields are always written.
func (m Manifest) MarshalJSON() ([]byte, error) {
	var w objWriter
	w.field("SchemaVersion", m.SchemaVersion)
	w.field("Name", m.Name)
	w.field("ComponentId", m.ComponentID)
	w.field("EntryPoint", m.EntryPoint)
	args := m.CmdArgs
	if args == nil {
		args = []string{}
	}
	w.field("CmdArgs", args)
	w.field("Capabilities", m.Capabilities)
	if m.ApplicationType != "" {
		w.field("ApplicationType", m.ApplicationType)
	}
	if m.MallocVersion != 0 {
		w.field("MallocVersion", m.MallocVersion)
	}
	return w.finish()
}

// MarshalJSON writes the granted capabilities under their JSON keys, in the order of
// [AllCapabilities], and leaves out absent ones.
func (c Capabilities) MarshalJSON() ([]byte, error) {
	var w objWriter
	for _, f := range capabilityFields {
		if v, ok := f.get(&c); ok {
			w.field(string(f.name), v)
		}
	}
	return w.finish()
}

// objWriter builds a JSON object key by key, in call order.
type objWriter struct {
	buf bytes.Buffer
	err error
}

func (w *objWriter) field(key string, v any) {
	if w.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		w.err = err
		return
	}
	if w.buf.Len() == 0 {
		w.buf.WriteByte('{')
	} else {
		w.buf.WriteByte(',')
	}
	k, _ := json.Marshal(key)
	w.buf.Write(k)
	w.buf.WriteByte(':')
	w.buf.Write(b)
}

func (w *objWriter) finish() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if w.buf.Len() == 0 {
		return []byte("{}"), nil
	}
	w.buf.WriteByte('}')
	return w.buf.Bytes(), nil
}
