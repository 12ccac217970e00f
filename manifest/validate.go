package manifest

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/azsphere-go/applibs/internal/guid"
)

// MaxMutableStorageKB is the largest [MutableStorage.SizeKB] [Manifest.Validate] accepts.
const MaxMutableStorageKB = 64

// maxPort is the largest port number in AllowedTcpServerPorts and AllowedUdpServerPorts.
const maxPort = 65535

// validator collects field errors.
type validator struct{ errs []FieldError }

func (v *validator) add(path string, rule Rule, format string, args ...any) {
	v.errs = append(v.errs, FieldError{Path: path, Rule: rule, Msg: fmt.Sprintf(format, args...)})
}

// Validate checks the manifest's values and returns a [*ValidationError] listing every
// problem, or nil. Its [FieldError] paths use the JSON keys ("Capabilities.Gpio[0]"). The
// rules, by JSON key:
//
//   - SchemaVersion is 1.
//   - Name, ComponentId and EntryPoint are non-empty; ComponentId is a GUID.
//   - ApplicationType is empty (absent), "Default" or "RealTimeCapable".
//   - MallocVersion is not negative (zero means absent).
//   - AllowedConnections entries are host names (RFC 1123 labels, optionally after a "*."
//     wildcard label) or IPv4 addresses in dotted-decimal form.
//   - Port numbers are 1..65535.
//   - AllowedApplicationConnections entries and a non-empty DeviceAuthentication are GUIDs.
//   - Gpio entries are numbers >= 0 or "$NAME" strings; Uart, I2cMaster, SpiMaster, Pwm and
//     Adc entries are non-empty strings, and "$NAME" when they start with "$" (NAME is a
//     letter or underscore followed by letters, digits and underscores).
//   - MutableStorage.SizeKB is 1..[MaxMutableStorageKB].
//   - PowerControls, when present, is non-empty, without duplicates, and holds only
//     "ForcePowerDown", "ForceReboot" and "SetPowerProfile".
//
// Requirements on JSON keys (required keys present, no unknown keys) are checked by [Parse],
// as the Go value cannot express them: [Manifest.Capabilities] is always present, and a nil
// [Manifest.CmdArgs] is written as [].
func (m *Manifest) Validate() error {
	var v validator
	if m.SchemaVersion != 1 {
		v.add("SchemaVersion", RuleValue, "must be 1, not %d", m.SchemaVersion)
	}
	if m.Name == "" {
		v.add("Name", RuleRequired, "must not be empty")
	}
	switch {
	case m.ComponentID == "":
		v.add("ComponentId", RuleRequired, "must not be empty")
	case !guid.Valid(m.ComponentID):
		v.add("ComponentId", RuleGUID, "must be a GUID (8-4-4-4-12 hexadecimal digits), not %q", m.ComponentID)
	}
	if m.EntryPoint == "" {
		v.add("EntryPoint", RuleRequired, "must not be empty")
	}
	v.capabilities("Capabilities", &m.Capabilities)
	switch m.ApplicationType {
	case "", ApplicationTypeDefault, ApplicationTypeRealTimeCapable:
	default:
		v.add("ApplicationType", RuleValue, "must be %q or %q, not %q",
			ApplicationTypeDefault, ApplicationTypeRealTimeCapable, m.ApplicationType)
	}
	if m.MallocVersion < 0 {
		v.add("MallocVersion", RuleValue, "must be a positive integer, not %d", m.MallocVersion)
	}
	if len(v.errs) == 0 {
		return nil
	}
	return &ValidationError{Errors: v.errs}
}

func (v *validator) capabilities(path string, c *Capabilities) {
	for i, h := range c.AllowedConnections {
		if msg := checkHost(h); msg != "" {
			v.add(index(key(path, CapAllowedConnections), i), RuleHost, "%q %s", h, msg)
		}
	}
	v.ports(key(path, CapAllowedTCPServerPorts), c.AllowedTCPServerPorts)
	v.ports(key(path, CapAllowedUDPServerPorts), c.AllowedUDPServerPorts)
	for i, id := range c.AllowedApplicationConnections {
		if !guid.Valid(id) {
			v.add(index(key(path, CapAllowedApplicationConnections), i), RuleGUID,
				"must be a component ID GUID (8-4-4-4-12 hexadecimal digits), not %q", id)
		}
	}
	for i, g := range c.GPIO {
		p := index(key(path, CapGPIO), i)
		switch {
		case g.Name != "" && g.Number != 0:
			v.add(p, RuleFormat, "has both Name %q and Number %d; set one", g.Name, g.Number)
		case g.Name != "":
			if !isDollarName(g.Name) {
				v.add(p, RuleFormat, `must be a GPIO number or a "$NAME" string, not %q`, g.Name)
			}
		case g.Number < 0:
			v.add(p, RuleRange, "GPIO number must not be negative, not %d", g.Number)
		}
	}
	v.peripherals(key(path, CapUART), c.UART)
	v.peripherals(key(path, CapI2CMaster), c.I2CMaster)
	v.peripherals(key(path, CapSPIMaster), c.SPIMaster)
	v.peripherals(key(path, CapPWM), c.PWM)
	v.peripherals(key(path, CapADC), c.ADC)
	if c.DeviceAuthentication != "" && !guid.Valid(c.DeviceAuthentication) {
		v.add(key(path, CapDeviceAuthentication), RuleGUID,
			"must be a tenant or catalog ID GUID (8-4-4-4-12 hexadecimal digits), not %q", c.DeviceAuthentication)
	}
	if s := c.MutableStorage; s != nil && (s.SizeKB < 1 || s.SizeKB > MaxMutableStorageKB) {
		v.add(key(path, CapMutableStorage)+".SizeKB", RuleRange, "must be 1..%d, not %d", MaxMutableStorageKB, s.SizeKB)
	}
	if c.PowerControls != nil && len(c.PowerControls) == 0 {
		v.add(key(path, CapPowerControls), RuleEmpty, "must not be empty; leave the key out instead")
	}
	first := map[string]int{} // index of each value's first occurrence
	for i, pc := range c.PowerControls {
		p := index(key(path, CapPowerControls), i)
		switch pc {
		case PowerControlForcePowerDown, PowerControlForceReboot, PowerControlSetPowerProfile:
		default:
			v.add(p, RuleValue, "must be %q, %q or %q, not %q",
				PowerControlForcePowerDown, PowerControlForceReboot, PowerControlSetPowerProfile, pc)
			continue
		}
		if j, ok := first[pc]; ok {
			v.add(p, RuleDuplicate, "%q is already listed at index %d", pc, j)
		} else {
			first[pc] = i
		}
	}
}

func (v *validator) ports(path string, ports []int) {
	for i, p := range ports {
		if p < 1 || p > maxPort {
			v.add(index(path, i), RuleRange, "port must be 1..%d, not %d", maxPort, p)
		}
	}
}

func (v *validator) peripherals(path string, names []string) {
	for i, n := range names {
		switch {
		case n == "":
			v.add(index(path, i), RuleEmpty, "must not be empty")
		case n[0] == '$' && !isDollarName(n):
			v.add(index(path, i), RuleFormat, `%q must be "$" followed by a hardware-definition name`, n)
		}
	}
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// key is the path of capability c in the Capabilities object at path.
func key(path string, c Capability) string { return path + "." + string(c) }

// isDollarName reports whether s is "$" followed by an identifier.
func isDollarName(s string) bool {
	if len(s) < 2 || s[0] != '$' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
		if !letter && (i == 1 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// checkHost returns why h is not an acceptable AllowedConnections entry, or "".
// Accepted: an IPv4 address in dotted-decimal form, or a host name of at most 253 characters
// whose dot-separated labels have 1..63 letters, digits and hyphens and neither start nor end
// with a hyphen (RFC 1123), whose last label is not all digits, optionally preceded by a "*."
// wildcard label.
func checkHost(h string) string {
	if h == "" {
		return "must not be empty"
	}
	if a, err := netip.ParseAddr(h); err == nil {
		if a.Is4() {
			return ""
		}
		return "is not an IPv4 address; only host names and IPv4 addresses are allowed"
	}
	name := strings.TrimPrefix(h, "*.")
	if len(name) > 253 {
		return "is longer than 253 characters"
	}
	labels := strings.Split(name, ".")
	for _, l := range labels {
		if l == "" {
			return "has an empty label"
		}
		if len(l) > 63 {
			return "has a label longer than 63 characters"
		}
		if l[0] == '-' || l[len(l)-1] == '-' {
			return "has a label that starts or ends with a hyphen"
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				if c == '*' {
					return `has a wildcard that is not a leading "*." label`
				}
				return fmt.Sprintf("has the character %q, not allowed in a host name", c)
			}
		}
	}
	last := labels[len(labels)-1]
	if strings.Trim(last, "0123456789") == "" {
		return "is neither a valid IPv4 address nor a host name (its last label is numeric)"
	}
	return ""
}
