package sim

import (
	"fmt"
	"slices"
	"strings"
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// Operations a fault can be injected into: the Go names of the functions the simulated
// device serves, without their package.
var operations = []string{
	// certstore
	"InstallClientCertificate", "InstallRootCACertificate", "GetCertificateCount",
	"GetCertificateIdentifierAt", "GetAvailableSpace", "GetCertificateSubjectName",
	"GetCertificateIssuerName", "GetCertificateNotBefore", "GetCertificateNotAfter",
	"MoveCertificate", "DeleteCertificate",
	// wificonfig
	"AddNetwork", "AddDuplicateNetwork", "SetSSID", "SetSecurityType", "SetNetworkEnabled",
	"SetTargetedScanEnabled", "SetPSK", "SetClientIdentity", "GetClientIdentity",
	"SetClientCertStoreIdentifier", "GetClientCertStoreIdentifier",
	"SetRootCACertStoreIdentifier", "GetRootCACertStoreIdentifier", "SetConfigName",
	"GetNetworkIDByConfigName", "PersistConfig", "ReloadConfig", "ForgetNetworkByID",
	"ForgetAllNetworks", "GetStoredNetworks", "GetCurrentNetwork", "GetConnectedNetworkID",
	"TriggerScanAndGetScannedNetworkCount", "GetScannedNetworks", "GetNetworkDiagnostics",
	"SetPowerSavingsEnabled",
	// deviceauth: the certificate path, the credentials a TLS handshake asks for, enabling
	// hardware signing, and each signature
	"GetCertificatePath", "Credentials", "EnableHwSign", "Sign",
	// application
	"IsDeviceAuthReady", "Connect", "GetTotalMemoryUsageInKB", "GetUserModeMemoryUsageInKB",
	"GetPeakUserModeMemoryUsageInKB", "GetOSVersion",
}

// Operations returns the names FailNext and FailTimes accept, in a stable order.
func Operations() []string { return slices.Clone(operations) }

type fault struct {
	op    string // Go name of the operation, or "" for any
	errno syscall.Errno
	times int // calls left to fail; < 0 means until cleared
}

// FailNext makes the next call of op fail with errno, before it has any effect. op is the Go
// name of the function without its package prefix ("InstallRootCACertificate",
// "ReloadConfig", ...; Operations lists them); an empty op matches the next call of any
// operation. Faults queue up in the order they are injected.
//
// FailNext panics when op is not one of Operations, so that a misspelt name cannot make a
// fault test pass without injecting anything. The deprecated wificonfig calls and
// GetStoredNetworkCount are made of other operations (AddNetwork, PersistConfig,
// GetStoredNetworks, ...): inject into those.
func (d *Device) FailNext(op string, errno syscall.Errno) {
	d.FailTimes(op, errno, 1)
}

// FailTimes makes the next n calls of op fail with errno; n < 0 means every call until
// ClearFaults. It panics when op is not one of Operations, or n is 0.
func (d *Device) FailTimes(op string, errno syscall.Errno, n int) {
	if op != "" && !slices.Contains(operations, op) {
		panic(fmt.Sprintf("sim: no operation %q to inject a fault into; the operations are: %s", op, strings.Join(operations, ", ")))
	}
	if n == 0 {
		panic("sim: FailTimes with n == 0 injects nothing")
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.faults = append(d.faults, fault{op: op, errno: errno, times: n})
}

// ClearFaults removes every injected fault.
func (d *Device) ClearFaults() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.faults = nil
}

// injected returns the injected failure for op, consuming it, or nil. d.mu is held.
func (d *Device) injected(op string) error {
	if !slices.Contains(operations, op) {
		panic("sim: internal error: operation " + op + " is not in the list of operations")
	}
	for i := range d.faults {
		f := &d.faults[i]
		if f.op != "" && f.op != op {
			continue
		}
		errno := f.errno
		if f.times > 0 {
			f.times--
			if f.times == 0 {
				d.faults = append(d.faults[:i], d.faults[i+1:]...)
			}
		}
		return apierr.New(op, "", errno, "injected fault: "+apierr.Describe(errno))
	}
	return nil
}

// enter runs the checks every simulated call starts with, in the device's order: an injected
// fault, then the capability. d.mu is held.
func (d *Device) enter(op string, allowed bool, capability string) error {
	if err := d.injected(op); err != nil {
		return err
	}
	if !allowed {
		return apierr.New(op, "", syscall.EACCES, "the application manifest lacks the "+capability+" capability")
	}
	return nil
}
