package rotation

import (
	"context"
	"errors"
	"fmt"
	"syscall"

	"github.com/azsphere-go/applibs/wificonfig"
)

// intent is what a call asks of its procedure.
type intent int

const (
	intentResume intent = iota // continue what is under way or staged
	intentStart                // StartRootRollover, RotateClient: with a new certificate
	intentFinish               // FinishRootRollover
	intentCancel               // Cancel*
)

// maxSteps bounds the steps of one call. The longest path (client certificate, keep
// identifier, from idle) takes 9; a call that goes round without progress stops here.
const maxSteps = 24

// call is one call of a procedure: a loop that reads the device's state, recognises the
// phase and takes the one step that phase calls for, until nothing is left to do in this
// call. Everything it knows about the rotation comes from the device at each turn, so a call
// continues whatever an earlier, interrupted call left.
type call struct {
	r      *Rotator
	ctx    context.Context
	name   string
	proc   Procedure
	intent intent
	force  bool // FinishRootRollover(force)
	// onlyValid (Maintain) tries a staged client certificate only once the device's clock
	// is within its validity.
	onlyValid bool

	pem           []byte // the new certificate (intentStart)
	want          certDesc
	key, password []byte // the new client certificate's key

	loaded   bool  // ReloadConfig ran in this call after the last change
	reloaded bool  // ReloadConfig ran in this call
	tried    bool  // a try of the new client certificate failed in this call
	verdict  error // why it failed (ErrRejected, ErrNoVerdict)
	res      Result
}

func (r *Rotator) newCall(ctx context.Context, name string, p Procedure, in intent) *call {
	return &call{r: r, ctx: ctx, name: name, proc: p, intent: in, res: Result{Network: name, Procedure: p}}
}

// fail returns err as the *Error of step.
func (c *call) fail(step Step, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Network: c.name, Procedure: c.proc, Step: step, Err: err}
}

// run runs the call under the Rotator's lock.
func (c *call) run() (Result, error) {
	c.r.mu.Lock()
	defer c.r.mu.Unlock()
	if c.r.unsynced {
		if err := c.reload(); err != nil {
			return c.res, c.fail(StepReload, err)
		}
	}
	for range maxSteps {
		if err := c.ctx.Err(); err != nil {
			return c.res, c.fail(StepRead, err)
		}
		v, err := c.r.read(c.name)
		if err != nil {
			return c.res, c.fail(StepRead, err)
		}
		c.res.State = v.phase().state()
		c.res.Connected = v.connectedTo(v.n)
		var done bool
		if c.proc == RootRollover {
			done, err = c.rootStep(v)
		} else {
			done, err = c.clientStep(v)
		}
		if err != nil {
			return c.res, c.fail(StepRead, err)
		}
		if done {
			return c.end(v)
		}
	}
	return c.res, c.fail(StepRead, fmt.Errorf("no progress after %d steps: %w", maxSteps, syscall.EAGAIN))
}

// end finishes a call whose work is done: the staged states are reported as such, the
// connection is checked when the call reloaded the configuration, and a failed try is
// reported.
func (c *call) end(v *view) (Result, error) {
	if c.res.State == Idle {
		if c.proc == RootRollover && v.n.root != "" && v.rootStaged() {
			c.res.State = RootStaged
		}
		if c.proc == ClientRotation && v.n.client != "" && v.clientStaged() {
			c.res.State = ClientStaged
		}
	}
	if c.reloaded && v.phase() == phNone {
		// Informational: the work is done, so a failure here leaves Connected as last seen.
		if ok, _, err := c.check(v.n.name); err == nil {
			c.res.Connected = ok
		}
	}
	if c.verdict != nil {
		return c.res, c.fail(StepCheck, c.verdict)
	}
	return c.res, nil
}

// reload reloads the Wi-Fi configuration.
func (c *call) reload() error {
	if err := c.r.wifi.ReloadConfig(); err != nil {
		return err
	}
	c.r.unsynced = false
	c.loaded, c.reloaded = true, true
	return nil
}

// reloadStep is a step that only reloads the configuration, so that the networks use what
// the store and the stored configuration now say.
func (c *call) reloadStep() error {
	if err := c.reload(); err != nil {
		return c.fail(StepReload, err)
	}
	c.r.logf("%s: reloaded the Wi-Fi configuration", c.name)
	return nil
}

// storeChange is a step that makes one change to the certificate store, which is persistent
// as soon as the call returns.
func (c *call) storeChange(step Step, what string, f func() error) error {
	if err := f(); err != nil {
		return c.fail(step, err)
	}
	c.res.Changed, c.loaded = true, false
	c.r.logf("%s: %s", c.name, what)
	return nil
}

// wifiChange is a step that makes changes to the running Wi-Fi configuration and persists
// them. When a change fails after an earlier one succeeded, the running configuration is
// restored from the stored one (ReloadConfig), so that between steps the running
// configuration is always one the procedure persisted. If that restore fails too, the next
// call of the Rotator restores it first.
func (c *call) wifiChange(step Step, what string, changes ...func() error) error {
	changed := false
	for _, f := range append(changes, c.r.wifi.PersistConfig) {
		if err := f(); err != nil {
			if changed {
				if rerr := c.r.wifi.ReloadConfig(); rerr != nil {
					c.r.unsynced = true
					err = errors.Join(err, fmt.Errorf("undoing the partial change: %w", rerr))
				} else {
					c.loaded, c.reloaded = true, true
				}
			}
			return c.fail(step, err)
		}
		changed = true
	}
	c.res.Changed, c.loaded = true, false
	c.r.logf("%s: %s", c.name, what)
	return nil
}

// check waits for the verdict on network name after a reload: connected to it (true), or a
// failure recorded for it (the diagnostics), or neither within the timeout (false, nil).
func (c *call) check(name string) (bool, *wificonfig.NetworkDiagnostics, error) {
	var diag *wificonfig.NetworkDiagnostics
	ok, err := c.r.wait(c.ctx, func() (bool, error) {
		id, err := c.r.wifi.GetNetworkIDByConfigName(name)
		if err != nil {
			return false, err
		}
		if cid, err := c.r.wifi.GetConnectedNetworkID(); err == nil && cid == id {
			return true, nil
		} else if err != nil && !isErrno(err, syscall.ENOTCONN) {
			return false, err
		}
		d, err := c.r.wifi.GetNetworkDiagnostics(id)
		if isErrno(err, syscall.ENODEV) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		diag = &d
		return true, nil
	})
	if err != nil {
		return false, nil, err
	}
	return ok && diag == nil, diag, nil
}

// errUnknown is the error of duplicates in a state that no step persists.
func errUnknown(v *view) error {
	var names []string
	for _, d := range []*network{v.ca, v.fb, v.mv} {
		if d != nil {
			names = append(names, fmt.Sprintf("%q (enabled %v, client %q, root CA %q)", d.name, d.enabled, d.client, d.root))
		}
	}
	return fmt.Errorf("the network (client %q, root CA %q) and its duplicates %v are in a state no step of a rotation leaves: %w",
		v.n.client, v.n.root, names, syscall.EINVAL)
}

// other handles the phases that do not belong to the call's procedure: the other
// procedure's (ErrBusy), or unknown ones (reload once, since a failed step may have left the
// running configuration so; then an error).
func (c *call) other(v *view) (bool, error) {
	if p := v.procedure(); p != c.proc && v.phase() != phUnknown {
		return false, c.fail(StepRead, fmt.Errorf("%v: %w", p, ErrBusy))
	}
	if !c.loaded {
		return false, c.reloadStep()
	}
	return false, c.fail(StepRead, errUnknown(v))
}

// needEnabled is the error of a procedure started on a disabled network: both rely on the
// device trying the network (and enable the duplicates they add).
func (c *call) needEnabled(n *network) error {
	if n.enabled {
		return nil
	}
	return c.fail(StepStage, fmt.Errorf("network %q is disabled; the rotations rely on the device trying it, so enable it first: %w", n.name, syscall.EINVAL))
}

// tooLate is the error of a cancel that comes after the new certificate replaced the old.
func (c *call) tooLate() error {
	return c.fail(StepCancel, fmt.Errorf("the new certificate has replaced the old one; call Resume to finish: %w", syscall.EBUSY))
}
