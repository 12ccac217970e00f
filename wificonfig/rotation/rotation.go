package rotation

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/wificonfig"
)

// Mode says how a rotation ends: which identifier the network names afterwards.
type Mode int

const (
	// ModeKeepIdentifier moves the new certificate over the old one's identifier
	// (MoveCertificate), so the network (and every other network that names that
	// identifier) keeps naming the same identifier. It is the default.
	ModeKeepIdentifier Mode = 0
	// ModeSwitchIdentifier re-points the network at the new certificate's identifier and
	// deletes the old certificate unless another network names it. The network then
	// alternates between two identifiers from one rotation to the next.
	ModeSwitchIdentifier Mode = 1
)

// String returns "keep identifier" or "switch identifier".
func (m Mode) String() string {
	switch m {
	case ModeKeepIdentifier:
		return "keep identifier"
	case ModeSwitchIdentifier:
		return "switch identifier"
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// Defaults of Options.
const (
	// DefaultPollInterval is how often the connection is checked while waiting for it.
	DefaultPollInterval = 250 * time.Millisecond
	// DefaultConnectTimeout bounds the wait for a verdict on a connection after
	// ReloadConfig. It covers a real supplicant's failed attempt, the authenticator's hold-off
	// after a failure and a second attempt.
	DefaultConnectTimeout = 30 * time.Second
)

// Options configure a Rotator. The zero value is ModeKeepIdentifier for both procedures, the
// wall clock, and the default polling.
//
// The modes are part of the procedure's state: give every call that may continue a rotation
// (after a reboot, say) the same modes as the call that started it.
type Options struct {
	// RootMode says how a root-CA rollover ends; ClientMode how a client-certificate rotation
	// ends.
	RootMode, ClientMode Mode
	// Now is the device's clock: certificate expiry is judged by it. Nil means time.Now, the
	// clock of a device; with the simulator use its Device.Now.
	Now func() time.Time
	// PollInterval is the time between checks of the connection while waiting for it after
	// ReloadConfig; 0 means DefaultPollInterval. The first check is made at once, so on the
	// simulator, which connects within ReloadConfig, nothing waits.
	PollInterval time.Duration
	// ConnectTimeout bounds each such wait; 0 means DefaultConnectTimeout.
	ConnectTimeout time.Duration
	// Logf, when not nil, receives one line for each change the Rotator makes to the device
	// and each verdict it reaches, in the form "Network1: installed the new root CA as RootCA2".
	Logf func(format string, args ...any)
}

// A Rotator carries out the root-CA rollover and the client-certificate rotation of EAP-TLS
// networks over a certificate store and a Wi-Fi configuration (see the package
// documentation). Its methods are safe for concurrent use; they run one at a time. A Rotator
// assumes that nothing else changes the networks and certificates of a rotation while one of
// its calls runs.
type Rotator struct {
	store *certstore.Store
	wifi  *wificonfig.Config
	opts  Options

	mu sync.Mutex
	// unsynced is set when a change of the running configuration could not be undone: the
	// running configuration may differ from the stored one until the next ReloadConfig,
	// which the next call makes first.
	unsynced bool
}

// New returns a Rotator that works on store and wifi, the certificate store and the Wi-Fi
// configuration of one device (certstore.Default() and wificonfig.Default() on a device).
func New(store *certstore.Store, wifi *wificonfig.Config, opts Options) *Rotator {
	return &Rotator{store: store, wifi: wifi, opts: opts}
}

func (r *Rotator) now() time.Time {
	if r.opts.Now != nil {
		return r.opts.Now()
	}
	return time.Now()
}

func (r *Rotator) logf(format string, args ...any) {
	if r.opts.Logf != nil {
		r.opts.Logf(format, args...)
	}
}

// Procedure names one of the two procedures.
type Procedure int

const (
	// RootRollover is the root-CA rollover.
	RootRollover Procedure = 1
	// ClientRotation is the client-certificate rotation.
	ClientRotation Procedure = 2
)

// String returns "root-CA rollover" or "client-certificate rotation".
func (p Procedure) String() string {
	switch p {
	case RootRollover:
		return "root-CA rollover"
	case ClientRotation:
		return "client-certificate rotation"
	}
	return "Procedure(" + strconv.Itoa(int(p)) + ")"
}

// State is where a network's rotation stands, as recognised from the device's state (see the
// package documentation, "States").
type State int

// The states of the two procedures.
const (
	// Idle: no rotation is under way (a staged certificate of the other procedure may be).
	Idle State = 0
	// RootStaged: the new root CA waits under the staging identifier; no duplicate yet.
	RootStaged State = 1
	// RootArmed: the duplicate network trusts the new root CA; the device keeps using the
	// original network until that stops working (the server changed its PKI).
	RootArmed State = 2
	// RootFinishing: the new root CA is being folded back into the network.
	RootFinishing State = 3
	// ClientStaged: the new client certificate waits beside the old one, not tried yet or
	// rejected by the last try.
	ClientStaged State = 4
	// ClientTrial: the network presents the new certificate; a duplicate keeps the old one.
	ClientTrial State = 5
	// ClientFallingBack: the new certificate failed; the network is being returned to the
	// old one.
	ClientFallingBack State = 6
	// ClientRetiring: the new certificate works; the old one is being retired.
	ClientRetiring State = 7
)

var stateNames = [...]string{"idle", "root CA staged", "root CA armed", "root CA finishing",
	"client certificate staged", "client certificate trial", "client certificate falling back",
	"client certificate retiring"}

// String returns a short description such as "root CA armed".
func (s State) String() string {
	if s >= 0 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// Procedure returns the procedure s belongs to, 0 for Idle.
func (s State) Procedure() Procedure {
	switch s {
	case RootStaged, RootArmed, RootFinishing:
		return RootRollover
	case ClientStaged, ClientTrial, ClientFallingBack, ClientRetiring:
		return ClientRotation
	}
	return 0
}

// Result reports what a call did and where the rotation stands after it.
type Result struct {
	// Network is the config name of the network.
	Network string
	// Procedure is the procedure the call ran.
	Procedure Procedure
	// State is the state after the call (after a failed step: as last read before it).
	State State
	// Changed reports whether the call changed the certificate store or the Wi-Fi
	// configuration.
	Changed bool
	// Completed reports whether the call completed the rotation: the new certificate is the
	// network's, and the old one retired.
	Completed bool
	// Connected reports whether the device was connected to the network when the call
	// ended. It is checked (waiting for the connection as after ReloadConfig) only when the
	// call reloaded the configuration; otherwise it is the connection as the call last saw it.
	Connected bool
	// Rejection, after a failed try of a new client certificate, is the network's
	// diagnostics: why the device could not connect with it.
	Rejection *wificonfig.NetworkDiagnostics
}

// Errors a call can return besides the failures of single calls (see Error).
var (
	// ErrRejected: the device could not connect with the new client certificate (the server
	// rejected it: not valid yet, expired, from a CA it does not trust; or the attempt failed
	// otherwise). The network was returned to the old certificate; the new one stays staged
	// for a later try. Result.Rejection says why.
	ErrRejected = errors.New("the new client certificate did not connect; the network uses the old one again")
	// ErrNoVerdict: within Options.ConnectTimeout the device neither connected with the new
	// client certificate nor reported a failure (it connected to another network, or could
	// not reach the access point). It wraps syscall.ETIMEDOUT. The network was returned to
	// the old certificate; the new one stays staged.
	ErrNoVerdict = fmt.Errorf("no verdict on the new client certificate in time: %w", syscall.ETIMEDOUT)
	// ErrBusy: the other procedure is under way on the network; finish it first. It wraps
	// syscall.EBUSY.
	ErrBusy = fmt.Errorf("another rotation is under way on this network: %w", syscall.EBUSY)
)

// Step names the step of a procedure that failed.
type Step string

// The steps of the procedures.
const (
	StepRead     Step = "read the device's state"
	StepReload   Step = "reload the Wi-Fi configuration"
	StepStage    Step = "stage the new certificate"
	StepArm      Step = "add the duplicate network"
	StepCheck    Step = "check the connection"
	StepFinish   Step = "fold the new root CA into the network"
	StepTrial    Step = "switch the network to the new certificate"
	StepFallBack Step = "return the network to the old certificate"
	StepRetire   Step = "retire the old certificate"
	StepCancel   Step = "cancel"
)

// Error is a failed step of a procedure. It unwraps to the underlying error, so that
// errors.Is(err, syscall.EAGAIN) holds when a call of the step failed with EAGAIN, and
// errors.As finds the *certstore.Error or *wificonfig.Error of that call. A failed step
// leaves the device in a state from which calling the procedure again continues.
type Error struct {
	// Network is the config name of the network.
	Network string
	// Procedure is the procedure that failed; 0 for Status and Due.
	Procedure Procedure
	// Step is the step that failed.
	Step Step
	// Err is the underlying error.
	Err error
}

// Error formats the failure as `rotation: Network1: root-CA rollover: add the duplicate
// network: <the call's error>`.
func (e *Error) Error() string {
	s := "rotation: " + e.Network + ": "
	if e.Procedure != 0 {
		s += e.Procedure.String() + ": "
	}
	return s + string(e.Step) + ": " + e.Err.Error()
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// Status is where the rotations of a network stand.
type Status struct {
	// Network is the config name of the network.
	Network string
	// State is the state of the rotation under way, or of a staged certificate (RootStaged
	// takes precedence over ClientStaged when both are staged), or Idle.
	State State
	// RootStaged and ClientStaged report whether a new root CA or client certificate waits
	// under its staging identifier.
	RootStaged, ClientStaged bool
	// RootCA and Client are the network's current root CA and client certificate as the
	// store describes them (during a client trial, Client is the old certificate). The ID of
	// one is "" when the network names none; its other fields are zero when the store has
	// no certificate under that ID.
	RootCA, Client certstore.Certificate
	// Connected reports whether the device is connected to the network or one of its
	// duplicates.
	Connected bool
}

// Status reads where the rotations of network stand. It changes nothing.
func (r *Rotator) Status(network string) (Status, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, err := r.read(network)
	if err != nil {
		return Status{}, &Error{Network: network, Step: StepRead, Err: err}
	}
	ph := v.phase()
	st := Status{Network: network, State: ph.state(), RootStaged: v.rootStaged(), ClientStaged: v.clientStaged()}
	st.RootCA = v.cert(v.n.root)
	st.Client = v.cert(v.n.client)
	if ph == phClientTrial {
		st.Client = v.cert(v.fb.client)
	}
	st.Connected = v.connectedTo(v.n, v.ca, v.fb, v.mv)
	if st.State == Idle {
		switch {
		case st.RootStaged:
			st.State = RootStaged
		case st.ClientStaged:
			st.State = ClientStaged
		}
	}
	return st, nil
}

// isErrno reports whether err carries errno.
func isErrno(err error, errno syscall.Errno) bool { return errors.Is(err, errno) }

// wait polls until ready returns done, the context ends, or timeout passes. The first check
// is made at once. It returns false on timeout, and the context's error when ctx ended.
func (r *Rotator) wait(ctx context.Context, ready func() (bool, error)) (bool, error) {
	timeout := r.opts.ConnectTimeout
	if timeout <= 0 {
		timeout = DefaultConnectTimeout
	}
	interval := r.opts.PollInterval
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		done, err := ready()
		if err != nil || done {
			return done, err
		}
		tick := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			tick.Stop()
			return false, ctx.Err()
		case <-deadline.C:
			tick.Stop()
			return false, nil
		case <-tick.C:
		}
	}
}
