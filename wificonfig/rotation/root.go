package rotation

import (
	"context"
	"fmt"
	"syscall"
)

// StartRootRollover starts (or continues) the rollover of network's root CA to rootPEM, one
// PEM certificate: it installs rootPEM under the staging identifier of the network's root
// CA, adds the duplicate network (SuffixNewRoot) that trusts it, enables and persists it. The
// device keeps using the network while its root CA works; when the RADIUS server changes to
// the new PKI the device connects through the duplicate instead, and a later Resume (or
// FinishRootRollover) folds the new root CA into the network. If the device already uses
// the duplicate, this call finishes the rollover at once.
//
// Called again with the same root CA it continues where an earlier call stopped; called when
// the network already trusts rootPEM it changes nothing (Result.Completed is true). A
// different root CA than the one of a rollover under way is EEXIST: finish or cancel that
// rollover first.
func (r *Rotator) StartRootRollover(ctx context.Context, network string, rootPEM []byte) (Result, error) {
	c := r.newCall(ctx, network, RootRollover, intentStart)
	d, err := describe(rootPEM)
	if err != nil {
		return c.res, c.fail(StepStage, err)
	}
	c.pem, c.want = rootPEM, d
	return c.run()
}

// FinishRootRollover folds the new root CA into network and removes the duplicate: at once
// when the device is connected through the duplicate (the new root CA is in use) or the old
// root CA has expired on the device's clock, or in any case when force is true (the
// application knows the server has changed). Without force, a rollover whose new root CA is
// not in use yet stays armed (Result.State is RootArmed). How the new root CA is folded in
// depends on Options.RootMode.
//
// Forcing while the old root CA still works and the new one does not yet leaves the device
// without a working network until the server changes: that is the application's decision.
func (r *Rotator) FinishRootRollover(ctx context.Context, network string, force bool) (Result, error) {
	c := r.newCall(ctx, network, RootRollover, intentFinish)
	c.force = force
	return c.run()
}

// CancelRootRollover undoes a rollover that has not begun to fold in: it removes the
// duplicate network and deletes the staged root CA. Once the folding has begun it fails
// with EBUSY; Resume finishes it.
func (r *Rotator) CancelRootRollover(ctx context.Context, network string) (Result, error) {
	return r.newCall(ctx, network, RootRollover, intentCancel).run()
}

// Resume continues the procedure p on network from the state the device is in: a root-CA
// rollover is armed (when staged), finished when the new root CA is in use or the old one
// expired, or its folding completed; a client-certificate rotation tries a staged
// certificate, decides a trial, or completes a fallback or retirement. With nothing under
// way it changes nothing.
func (r *Rotator) Resume(ctx context.Context, network string, p Procedure) (Result, error) {
	return r.newCall(ctx, network, p, intentResume).run()
}

// rootStep takes the step of a root-CA rollover that v calls for, or reports that the call
// is done.
func (c *call) rootStep(v *view) (bool, error) {
	n := v.n
	if n.root == "" {
		return false, c.fail(StepRead, fmt.Errorf("network %q names no root CA (it does not authenticate its server), so there is none to roll over: %w", n.name, syscall.EINVAL))
	}
	switch v.phase() {
	case phNone:
		staging := StagingID(n.root)
		staged := v.rootStaged()
		switch c.intent {
		case intentCancel:
			if !staged {
				return true, nil
			}
			return false, c.storeChange(StepCancel, "deleted the staged root CA "+staging, func() error { return c.r.store.DeleteCertificate(staging) })
		case intentStart:
			if c.want.matches(v.cert(n.root)) {
				c.res.Completed = true
				return true, nil
			}
			if err := c.needEnabled(n); err != nil {
				return false, err
			}
			if !staged || !c.want.matches(v.certs[staging]) {
				if u := v.user(staging, n, "root"); u != "" {
					return false, c.fail(StepStage, fmt.Errorf("the staging identifier %s is named by %s: %w", staging, u, syscall.EEXIST))
				}
				return false, c.storeChange(StepStage, "installed the new root CA as "+staging, func() error {
					return c.r.store.InstallRootCACertificate(staging, c.pem)
				})
			}
		default:
			if !staged {
				return true, nil
			}
		}
		if err := c.needEnabled(n); err != nil {
			return false, err
		}
		return false, c.arm(n, staging)

	case phRootArmed:
		d := v.ca
		switch c.intent {
		case intentCancel:
			return false, c.wifiChange(StepCancel, "removed the duplicate network "+d.name, func() error { return c.r.wifi.ForgetNetworkByID(d.id) })
		case intentStart:
			if !c.want.matches(v.certs[d.root]) {
				return false, c.fail(StepStage, fmt.Errorf("a rollover to another root CA (%s, %s) is under way; finish or cancel it first: %w", d.root, v.certs[d.root].Subject, syscall.EEXIST))
			}
		}
		inUse := v.connected == d.id
		expired := !c.r.now().Before(v.certs[n.root].NotAfter)
		switch {
		case inUse:
			c.r.logf("%s: the device is connected through %s: the new root CA is in use", n.name, d.name)
		case expired:
			c.r.logf("%s: the old root CA %s expired on %s", n.name, n.root, v.certs[n.root].NotAfter.Format("2006-01-02"))
		case c.force:
			c.r.logf("%s: finishing the rollover on the application's request", n.name)
		default:
			return true, nil
		}
		if c.r.opts.RootMode == ModeKeepIdentifier {
			return false, c.storeChange(StepFinish, fmt.Sprintf("moved the new root CA %s over %s", d.root, n.root), func() error {
				return c.r.store.MoveCertificate(d.root, n.root)
			})
		}
		if u := v.user(n.root, n, "root"); u != "" {
			c.r.logf("%s: keeping the old root CA %s: %s names it", n.name, n.root, u)
			return false, c.repoint(n, d)
		}
		return false, c.storeChange(StepFinish, "deleted the old root CA "+n.root, func() error { return c.r.store.DeleteCertificate(n.root) })

	case phRootOldDeleted:
		if c.intent == intentCancel {
			return false, c.tooLate()
		}
		return false, c.repoint(n, v.ca)

	case phRootMoved, phRootRepointed:
		if c.intent == intentCancel {
			return false, c.tooLate()
		}
		if !c.loaded {
			return false, c.reloadStep()
		}
		d := v.ca
		if err := c.wifiChange(StepFinish, "removed the duplicate network "+d.name, func() error { return c.r.wifi.ForgetNetworkByID(d.id) }); err != nil {
			return false, err
		}
		c.res.Completed = true
		return false, nil
	}
	return c.other(v)
}

// arm adds the duplicate of n that trusts the staged root CA, enables it and persists it.
func (c *call) arm(n *network, staging string) error {
	name := DuplicateName(n.name, SuffixNewRoot)
	id := -1
	return c.wifiChange(StepArm, fmt.Sprintf("added the duplicate network %s trusting %s", name, staging),
		func() (err error) { id, err = c.r.wifi.AddDuplicateNetwork(n.id, name); return err },
		func() error { return c.r.wifi.SetRootCACertStoreIdentifier(id, staging) },
		func() error { return c.r.wifi.SetNetworkEnabled(id, true) },
	)
}

// repoint makes n trust the root CA of its duplicate d (ModeSwitchIdentifier).
func (c *call) repoint(n, d *network) error {
	return c.wifiChange(StepFinish, fmt.Sprintf("pointed %s at the new root CA %s", n.name, d.root),
		func() error { return c.r.wifi.SetRootCACertStoreIdentifier(n.id, d.root) })
}
