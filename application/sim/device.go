package sim

import (
	"sync"
	"time"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/filestore"
	"github.com/azsphere-go/applibs/manifest"
)

// Options configure a simulated device. The zero value is a device with every capability the
// SDK gates, a 24 KiB certificate store, and its clock at Epoch.
type Options struct {
	// Capacity is the size of the certificate store in bytes; 0 means
	// certstore.DefaultCapacity.
	Capacity int
	// Start is the initial time of the device's clock; the zero value means Epoch.
	Start time.Time
	// Capabilities lists what the application manifest grants; nil means those of
	// Manifest, or all of them when Manifest is nil too.
	Capabilities *Capabilities
	// Manifest is the high-level application's manifest: when Capabilities is nil the
	// device grants what FromManifest(Manifest) returns, and the application's component ID
	// is Manifest.ComponentID. Nil means HighLevelComponentID and all capabilities.
	Manifest *manifest.Manifest
	// DeviceAuth configures the device's identity and attestation. The zero value is a
	// device that is online and attested at Start, with a random device ID.
	DeviceAuth DeviceAuthOptions
	// Wifi sets the limits of the Wi-Fi subsystem; the zero value means the defaults.
	Wifi WifiOptions
}

// Capabilities are the manifest capabilities that gate the simulated APIs.
type Capabilities struct {
	CertStore            bool
	WifiConfig           bool
	EnterpriseWifiConfig bool
	// DeviceAuthentication is the tenant (or catalog) ID; empty means absent.
	DeviceAuthentication string
	// AllowedApplicationConnections lists the component IDs Application_Connect may reach.
	AllowedApplicationConnections []string
}

// AllCapabilities grants every capability the simulator gates, with tenant DefaultTenant.
func AllCapabilities() *Capabilities {
	return &Capabilities{CertStore: true, WifiConfig: true, EnterpriseWifiConfig: true, DeviceAuthentication: DefaultTenant}
}

// DefaultTenant is the tenant ID of a device created without explicit capabilities.
const DefaultTenant = "2f1c0bd2-6f3a-4f2e-9d55-0c1a4be5e0a1"

// Epoch is where a new device's clock starts unless Options.Start says otherwise.
var Epoch = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// Device is a simulated Azure Sphere device. Its methods are safe for concurrent use.
type Device struct {
	mu       sync.Mutex
	now      time.Time
	caps     Capabilities
	faults   []fault
	capacity int
	certs    []*certEntry // in index order
	certIdx  certIndex    // identifier -> position in certs
	used     int
	boots    int

	nv *filestore.Store // nonvolatile certificate store of a device made by Open, or nil

	wifi wifiState // Wi-Fi subsystem (wifi.go)
	daa  daaState  // device authentication (daa.go)
	app  appState  // application runtime (app.go)
}

// New returns a simulated device. It does no key generation and no I/O.
func New(opts Options) *Device {
	d := &Device{now: opts.Start.UTC(), capacity: opts.Capacity}
	if d.now.IsZero() {
		d.now = Epoch
	}
	if d.capacity <= 0 {
		d.capacity = certstore.DefaultCapacity
	}
	caps := opts.Capabilities
	if caps == nil && opts.Manifest != nil {
		caps = FromManifest(opts.Manifest)
	}
	if caps == nil {
		caps = AllCapabilities()
	}
	d.caps = *caps
	d.caps.AllowedApplicationConnections = append([]string(nil), caps.AllowedApplicationConnections...)
	d.wifi.init(d, opts.Wifi)
	d.daa.init(d, opts.DeviceAuth)
	componentID := ""
	if opts.Manifest != nil {
		componentID = opts.Manifest.ComponentID
	}
	d.app.init(d, componentID)
	return d
}

// Now returns the time on the device's clock.
func (d *Device) Now() time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.now
}

// SetTime sets the device's clock. Time may move backwards, as a device's clock may before it
// synchronises. Subsystems that depend on time (Wi-Fi connections, device authentication)
// react as the device would at the new time.
func (d *Device) SetTime(t time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.now = t.UTC()
	d.clockChanged()
}

// Advance moves the device's clock forward by dur.
func (d *Device) Advance(dur time.Duration) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.now = d.now.Add(dur)
	d.clockChanged()
}

// clockChanged lets the subsystems react to a new time. d.mu is held.
func (d *Device) clockChanged() {
	d.wifi.clockChanged()
	d.daa.clockChanged()
}

// Reboot simulates a restart of the device: the certificate store and the stored Wi-Fi
// configuration survive; the running Wi-Fi configuration is reloaded from the stored one and
// connections start again; injected faults are cleared.
func (d *Device) Reboot() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.boots++
	d.faults = nil
	d.wifi.reboot()
	d.daa.reboot()
	d.app.reboot()
}

// SetCapabilities replaces the capabilities of the application manifest, as deploying an app
// with a new manifest would.
func (d *Device) SetCapabilities(c Capabilities) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.caps = c
	d.caps.AllowedApplicationConnections = append([]string(nil), c.AllowedApplicationConnections...)
}

// Capabilities returns the capabilities the device grants the application.
func (d *Device) Capabilities() Capabilities {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.caps
	c.AllowedApplicationConnections = append([]string(nil), c.AllowedApplicationConnections...)
	return c
}
