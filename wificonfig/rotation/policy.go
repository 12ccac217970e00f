package rotation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/azsphere-go/applibs/certstore"
)

// Due says which of a network's certificates expire soon.
type Due struct {
	// RootCA and Client report whether the network's root CA or client certificate expires
	// within the period asked about (or has expired) on the device's clock.
	RootCA, Client bool
	// RootCANotAfter and ClientNotAfter are their ends of validity (zero when the network
	// names none, or the store has none under its identifier).
	RootCANotAfter, ClientNotAfter time.Time
}

// Due reports whether network's root CA or client certificate expires within `within` of
// the device's clock (Options.Now). During a client trial the client certificate it looks
// at is the old one. It changes nothing.
func (r *Rotator) Due(network string, within time.Duration) (Due, error) {
	st, err := r.Status(network)
	if err != nil {
		return Due{}, err
	}
	return r.due(st, within), nil
}

func (r *Rotator) due(st Status, within time.Duration) Due {
	limit := r.now().Add(within)
	d := Due{RootCANotAfter: st.RootCA.NotAfter, ClientNotAfter: st.Client.NotAfter}
	d.RootCA = !d.RootCANotAfter.IsZero() && !limit.Before(d.RootCANotAfter)
	d.Client = !d.ClientNotAfter.IsZero() && !limit.Before(d.ClientNotAfter)
	return d
}

// Source provides the new certificates Maintain installs, typically by asking a service.
type Source interface {
	// NewRootCA returns the PEM root CA that is to replace current, the network's root CA as
	// the store describes it; nil when there is none yet.
	NewRootCA(ctx context.Context, network string, current certstore.Certificate) ([]byte, error)
	// NewClientCertificate returns the client certificate that is to replace current; nil
	// when there is none yet.
	NewClientCertificate(ctx context.Context, network string, current certstore.Certificate) (*ClientCertificate, error)
}

// Report is what Maintain found and did.
type Report struct {
	// Due is what was due when Maintain began.
	Due Due
	// Client and RootCA are the results of the procedures Maintain ran, nil for one it did
	// not run.
	Client, RootCA *Result
}

// Maintain is the start-up (and daily) check of an application that keeps network's
// certificates current: the policy "rotate when the root CA or the client certificate
// expires within `within` on the device's clock", over the procedures of this package.
//
// The client certificate comes first, as its rotation takes seconds while a root-CA
// rollover may stay armed for months, and one network runs one procedure at a time. A
// client rotation under way is resumed; a staged client certificate is tried once the
// device's clock is within its validity; otherwise, when the client certificate is due, src
// is asked for a new one and RotateClient runs. Then, unless a client rotation is still
// under way, a root-CA rollover under way or staged is resumed (and finished once the new
// root CA is in use), or when the root CA is due src is asked for a new one and
// StartRootRollover runs. A nil from src means none is available yet.
//
// A staged client certificate is tried again at each check once valid (it may be the
// server that is not ready for it yet); to replace it, call RotateClient with another, or
// CancelClientRotation to drop it so that the next due check asks src again.
//
// The errors of both parts are joined; a client certificate that the server rejected is one
// of them (ErrRejected), with the report's Client.Rejection, and a client certificate that
// is due while a root-CA rollover waits is another (ErrBusy): finish the rollover
// (FinishRootRollover) if the client certificate cannot wait.
func (r *Rotator) Maintain(ctx context.Context, network string, within time.Duration, src Source) (Report, error) {
	var rep Report
	st, err := r.Status(network)
	if err != nil {
		return rep, err
	}
	rep.Due = r.due(st, within)
	var errs []error
	run := func(dst **Result, f func() (Result, error)) {
		res, err := f()
		*dst = &res
		errs = append(errs, err)
	}
	rootBusy := st.State == RootArmed || st.State == RootFinishing
	switch {
	case rootBusy:
		if rep.Due.Client {
			errs = append(errs, &Error{Network: network, Procedure: ClientRotation, Step: StepRead,
				Err: fmt.Errorf("the client certificate is due, but the root-CA rollover is under way (%v): %w", st.State, ErrBusy)})
		}
	case st.State.Procedure() == ClientRotation && st.State != ClientStaged || st.ClientStaged:
		run(&rep.Client, func() (Result, error) {
			c := r.newCall(ctx, network, ClientRotation, intentResume)
			c.onlyValid = true
			return c.run()
		})
	case rep.Due.Client:
		nc, err := src.NewClientCertificate(ctx, network, st.Client)
		if err != nil {
			errs = append(errs, err)
		} else if nc != nil {
			run(&rep.Client, func() (Result, error) { return r.RotateClient(ctx, network, *nc) })
		}
	}
	if rep.Client != nil && rep.Client.State.Procedure() == ClientRotation && rep.Client.State != ClientStaged {
		return rep, errors.Join(errs...)
	}
	switch {
	case rootBusy || st.RootStaged:
		run(&rep.RootCA, func() (Result, error) { return r.Resume(ctx, network, RootRollover) })
	case rep.Due.RootCA:
		root, err := src.NewRootCA(ctx, network, st.RootCA)
		if err != nil {
			errs = append(errs, err)
		} else if root != nil {
			run(&rep.RootCA, func() (Result, error) { return r.StartRootRollover(ctx, network, root) })
		}
	}
	return rep, errors.Join(errs...)
}
