package rotation

import (
	"context"
	"fmt"
	"syscall"

	"github.com/azsphere-go/applibs/wificonfig"
)

// ClientCertificate is a new client certificate with its private key, in the forms
// certstore.InstallClientCertificate takes.
type ClientCertificate struct {
	// Cert is one PEM certificate.
	Cert []byte
	// Key is its private key in PEM; Password decrypts it (nil for an unencrypted key).
	Key, Password []byte
}

// RotateClient rotates network's client certificate to nc: it installs nc under the staging
// identifier beside the old certificate, points the network at it and adds a duplicate
// (SuffixFallback) that keeps the old certificate, persists, reloads and waits for the
// verdict. When the device connects with the new certificate the old one is retired
// (Options.ClientMode says how). When it does not, the network is returned to the old
// certificate and the call returns an error wrapping ErrRejected (the server refused it:
// not valid yet, from a CA it does not trust; Result.Rejection says why) or ErrNoVerdict;
// the new certificate stays staged and a later call (or Resume) tries it again. At every
// moment the stored configuration holds a network with the certificate that worked.
//
// Called again with the same certificate it continues where an earlier call stopped; called
// when the network already presents nc it changes nothing (Result.Completed is true). A
// different certificate than the one of a rotation under way replaces it: the network goes
// back to the old certificate first.
func (r *Rotator) RotateClient(ctx context.Context, network string, nc ClientCertificate) (Result, error) {
	c := r.newCall(ctx, network, ClientRotation, intentStart)
	d, err := describe(nc.Cert)
	if err != nil {
		return c.res, c.fail(StepStage, err)
	}
	c.pem, c.want, c.key, c.password = nc.Cert, d, nc.Key, nc.Password
	return c.run()
}

// CancelClientRotation undoes a client-certificate rotation that has not begun to retire the
// old certificate: the network goes back to the old certificate and the staged one is
// deleted. Once the retirement has begun it fails with EBUSY; Resume finishes it.
func (r *Rotator) CancelClientRotation(ctx context.Context, network string) (Result, error) {
	return r.newCall(ctx, network, ClientRotation, intentCancel).run()
}

// clientStep takes the step of a client-certificate rotation that v calls for, or reports
// that the call is done.
func (c *call) clientStep(v *view) (bool, error) {
	n := v.n
	if n.client == "" {
		return false, c.fail(StepRead, fmt.Errorf("network %q names no client certificate: %w", n.name, syscall.EINVAL))
	}
	switch v.phase() {
	case phNone:
		staging := StagingID(n.client)
		staged := v.clientStaged()
		switch c.intent {
		case intentCancel:
			if !staged {
				return true, nil
			}
			return false, c.storeChange(StepCancel, "deleted the staged client certificate "+staging, func() error { return c.r.store.DeleteCertificate(staging) })
		case intentStart:
			if c.want.matches(v.cert(n.client)) {
				c.res.Completed = true
				return true, nil
			}
			if err := c.needEnabled(n); err != nil {
				return false, err
			}
			if !staged || !c.want.matches(v.certs[staging]) {
				if u := v.user(staging, n, "client"); u != "" {
					return false, c.fail(StepStage, fmt.Errorf("the staging identifier %s is named by %s: %w", staging, u, syscall.EEXIST))
				}
				return false, c.storeChange(StepStage, "installed the new client certificate as "+staging, func() error {
					return c.r.store.InstallClientCertificate(staging, c.pem, c.key, c.password)
				})
			}
		default:
			if !staged {
				return true, nil
			}
			if c.onlyValid {
				if nb := v.certs[staging].NotBefore; c.r.now().Before(nb) {
					c.r.logf("%s: the staged client certificate %s is not valid until %s", n.name, staging, nb.Format("2006-01-02 15:04"))
					return true, nil
				}
			}
		}
		if c.tried {
			return true, nil
		}
		if err := c.needEnabled(n); err != nil {
			return false, err
		}
		return false, c.trial(n, staging)

	case phClientTrial:
		d := v.fb
		if c.intent == intentCancel || c.intent == intentStart && !c.want.matches(v.certs[n.client]) {
			return false, c.fallBack(n, d.client)
		}
		if !c.loaded {
			return false, c.reloadStep()
		}
		ok, diag, err := c.check(n.name)
		if err != nil {
			return false, c.fail(StepCheck, err)
		}
		if !ok {
			c.tried, c.res.Rejection = true, diag
			if diag != nil {
				c.verdict = ErrRejected
				c.r.logf("%s: the new client certificate %s did not connect: %s", n.name, n.client, describeDiag(diag))
			} else {
				c.verdict = ErrNoVerdict
				c.r.logf("%s: no verdict on the new client certificate %s in time", n.name, n.client)
			}
			return false, c.fallBack(n, d.client)
		}
		c.r.logf("%s: connected with the new client certificate %s", n.name, n.client)
		return false, c.retire(v)

	case phClientFallback:
		// Whatever the call wants, a fallback under way is completed first.
		if !c.loaded {
			return false, c.reloadStep()
		}
		d := v.fb
		return false, c.wifiChange(StepFallBack, "removed the duplicate network "+d.name, func() error { return c.r.wifi.ForgetNetworkByID(d.id) })

	case phClientOldDeleted:
		if c.intent == intentCancel {
			return false, c.tooLate()
		}
		d := v.fb
		if err := c.wifiChange(StepRetire, "removed the duplicate network "+d.name, func() error { return c.r.wifi.ForgetNetworkByID(d.id) }); err != nil {
			return false, err
		}
		c.res.Completed = true
		return false, nil

	case phClientMoving:
		if c.intent == intentCancel {
			return false, c.tooLate()
		}
		d := v.mv
		return false, c.storeChange(StepRetire, fmt.Sprintf("moved the new client certificate %s over %s", d.client, n.client), func() error {
			return c.r.store.MoveCertificate(d.client, n.client)
		})

	case phClientMoved:
		if c.intent == intentCancel {
			return false, c.tooLate()
		}
		if !c.loaded {
			return false, c.reloadStep()
		}
		d := v.mv
		if err := c.wifiChange(StepRetire, "removed the duplicate network "+d.name, func() error { return c.r.wifi.ForgetNetworkByID(d.id) }); err != nil {
			return false, err
		}
		c.res.Completed = true
		return false, nil
	}
	return c.other(v)
}

// trial points n at the staged certificate and adds the duplicate that keeps the old one.
// The duplicate is made first, so that it copies the old certificate.
func (c *call) trial(n *network, staging string) error {
	name := DuplicateName(n.name, SuffixFallback)
	id := -1
	return c.wifiChange(StepTrial, fmt.Sprintf("pointed %s at the new client certificate %s, with %s keeping %s", n.name, staging, name, n.client),
		func() (err error) { id, err = c.r.wifi.AddDuplicateNetwork(n.id, name); return err },
		func() error { return c.r.wifi.SetClientCertStoreIdentifier(n.id, staging) },
		func() error { return c.r.wifi.SetNetworkEnabled(id, true) },
	)
}

// fallBack points n at the old certificate again; the duplicate goes in the next step, after
// a reload, so that the device never depends on a network whose certificate is not loaded.
func (c *call) fallBack(n *network, old string) error {
	return c.wifiChange(StepFallBack, fmt.Sprintf("pointed %s at the old client certificate %s again", n.name, old),
		func() error { return c.r.wifi.SetClientCertStoreIdentifier(n.id, old) })
}

// retire starts retiring the old certificate after the new one connected.
func (c *call) retire(v *view) error {
	n, d := v.n, v.fb
	if c.r.opts.ClientMode == ModeSwitchIdentifier {
		if u := v.user(d.client, n, "client"); u != "" {
			c.r.logf("%s: keeping the old client certificate %s: %s names it", n.name, d.client, u)
			if err := c.wifiChange(StepRetire, "removed the duplicate network "+d.name, func() error { return c.r.wifi.ForgetNetworkByID(d.id) }); err != nil {
				return err
			}
			c.res.Completed = true
			return nil
		}
		return c.storeChange(StepRetire, "deleted the old client certificate "+d.client, func() error { return c.r.store.DeleteCertificate(d.client) })
	}
	// Keep the identifier: a duplicate keeps the new certificate reachable while the
	// network names the old identifier and the new certificate moves over it.
	name := DuplicateName(n.name, SuffixMove)
	id := -1
	return c.wifiChange(StepRetire, fmt.Sprintf("pointed %s at %s again, with %s keeping the new certificate %s", n.name, d.client, name, n.client),
		func() (err error) { id, err = c.r.wifi.AddDuplicateNetwork(n.id, name); return err },
		func() error { return c.r.wifi.SetNetworkEnabled(id, true) },
		func() error { return c.r.wifi.SetClientCertStoreIdentifier(n.id, d.client) },
		func() error { return c.r.wifi.ForgetNetworkByID(d.id) },
	)
}

// describeDiag says in words why a connection failed.
func describeDiag(d *wificonfig.NetworkDiagnostics) string {
	s := d.Error.String()
	if d.Error == wificonfig.DiagnosticErrorAuthenticationFailed {
		s += " (" + d.CertError.String()
		if d.CertSubject != "" {
			s += ", " + d.CertSubject
		}
		s += ")"
	}
	return s
}
