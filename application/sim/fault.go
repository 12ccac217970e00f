package sim

import (
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
)

type fault struct {
	op    string // Go name of the operation, or "" for any
	errno syscall.Errno
	times int // calls left to fail; < 0 means until cleared
}

// FailNext makes the next call of op fail with errno, before it has any effect. op is the Go
// name of the function without its package prefix ("InstallRootCACertificate",
// "ReloadConfig", ...); an empty op matches the next call of any operation. Faults queue up in
// the order they are injected.
func (d *Device) FailNext(op string, errno syscall.Errno) {
	d.FailTimes(op, errno, 1)
}

// FailTimes makes the next n calls of op fail with errno; n < 0 means every call until
// ClearFaults.
func (d *Device) FailTimes(op string, errno syscall.Errno, n int) {
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
