package sim

// wifiState is the simulated Wi-Fi subsystem. d.mu guards it.
type wifiState struct {
	d *Device
}

func (w *wifiState) init(d *Device) { w.d = d }

// clockChanged lets the radio react to a new time. d.mu is held.
func (w *wifiState) clockChanged() {}

// reboot reloads the stored configuration. d.mu is held.
func (w *wifiState) reboot() {}
