// Package manifest models an Azure Sphere application manifest, the app_manifest.json file
// at the root of every application's image package that the device reads at sideload and
// deployment, and answers what the manifest allows an application to call.
//
// # Model
//
// A [Manifest] holds the top-level fields and a [Capabilities] value holding every
// capability, each in its JSON shape: booleans (CertStore, WifiConfig, ...), lists of strings
// (host names, component IDs, peripheral names), lists of port numbers, a list of [GPIO]
// entries (each a number or a "$NAME" hardware-definition constant), the
// DeviceAuthentication GUID and the [MutableStorage] object. No capability is granted by
// default, and in the Go value the zero value of every optional field means the key is
// absent: a false boolean, a nil list, an empty string, a nil *MutableStorage. A non-nil
// empty list is kept, so "Gpio": [] survives a round trip.
//
// # Names
//
// Go names follow Go's initialisms; the JSON keys are spelt as app_manifest.json spells
// them, and each field's struct tag gives its key. Where they differ:
//
//	Go field                               JSON key
//	Manifest.ComponentID                   ComponentId
//	Capabilities.AllowedTCPServerPorts     AllowedTcpServerPorts
//	Capabilities.AllowedUDPServerPorts     AllowedUdpServerPorts
//	Capabilities.GPIO                      Gpio
//	Capabilities.UART                      Uart
//	Capabilities.I2CMaster                 I2cMaster
//	Capabilities.SPIMaster                 SpiMaster
//	Capabilities.PWM                       Pwm
//	Capabilities.ADC                       Adc
//	Capabilities.DHCPService               DhcpService
//	Capabilities.SNTPService               SntpService
//
// Everything that speaks about the JSON uses the JSON keys: the [Capability] values (the
// constant [CapAllowedTCPServerPorts] is "AllowedTcpServerPorts"), [FieldError.Path] and the
// error messages, and [Manifest.MarshalJSON].
//
// # Parsing
//
// [Parse] (and [ParseFile], [ParseFS]) is strict, as the device is. Keys are case-sensitive
// and must be keys the schema defines: "name" or "Capabilties" is reported as an unknown key
// (with a hint when only the letter case differs, so the Go spelling "AllowedTCPServerPorts"
// is pointed to "AllowedTcpServerPorts"), and a key given twice is reported. A value of the
// wrong JSON type, a null, or a fractional number where an integer belongs is reported too.
// Optional strings and MallocVersion must not be given as "" or 0, which would read as
// absent. Then Parse runs [Manifest.Validate]. Every problem is collected into one
// [*ValidationError] whose [FieldError] entries name the field by path, such as
// "Capabilities.AllowedTcpServerPorts[2]", the [Rule] it breaks, and its line and column.
// Input that is not a single well-formed JSON object gives a [*SyntaxError] with line and
// column instead. A leading UTF-8 byte order mark is ignored. Locating the problems takes
// one pass over the input, however many there are.
//
// Marshalling a Manifest with [encoding/json] writes the keys in a fixed order (SchemaVersion,
// Name, ComponentId, EntryPoint, CmdArgs, Capabilities, ApplicationType, MallocVersion),
// leaves out absent optional fields and capabilities, and produces a manifest that parses back
// to an equal value.
//
// # Capability queries
//
// [Capabilities.Allows] reports whether an application may call an applibs C function, named
// as in C, for the headers this SDK covers; [RequiredCapability] and [FunctionsGatedBy]
// expose the table behind it. CertStore_* functions need CertStore; WifiConfig_* functions
// need WifiConfig, and the EAP-TLS ones (client identity, client and root CA certificate
// store identifiers, and WifiConfig_SetSecurityType with the EAP-TLS type, see
// [Capabilities.AllowsEAPTLS]) need EnterpriseWifiConfig as well; the DeviceAuth TLS
// functions need a DeviceAuthentication ID (DeviceAuth_GetCertificatePath needs none); and
// Application_Connect needs the target listed in AllowedApplicationConnections, which
// [Capabilities.AllowsConnectionTo] checks without regard to letter case. On the device a
// call the manifest does not allow fails with EACCES.
package manifest
