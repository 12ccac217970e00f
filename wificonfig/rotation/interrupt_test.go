package rotation_test

import (
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/internal/testsize"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/rotation"
)

// A scenario is what an application does: procedure calls, with changes of the world
// between them, each repeated until it reaches its outcome (as an application calls again
// after an error or at its next start).
type scenario struct {
	name   string
	opts   rotation.Options
	stages []stage
}

type stage struct {
	world func(dev *sim.Device) // before the call, once
	call  func(rot *rotation.Rotator) (rotation.Result, error)
	done  func(res rotation.Result, err error) bool // the outcome the call must reach
}

// completed is the outcome of a call that completes a rotation. A call made again after the
// completion finds nothing to do: it reports Idle without Completed.
func completed(res rotation.Result, err error) bool {
	return err == nil && res.State == rotation.Idle && (res.Completed || !res.Changed)
}

func scenarios() []scenario {
	p := fixture()
	switchServer := func(dev *sim.Device) { dev.SetAccessPoint(server(p.server2, p.clientCA)) }
	root := func(mode rotation.Mode) scenario {
		return scenario{name: "root rollover, " + mode.String(), opts: rotation.Options{RootMode: mode}, stages: []stage{
			{call: func(r *rotation.Rotator) (rotation.Result, error) {
				return r.StartRootRollover(ctx, "Network1", p.root2.CertPEM)
			},
				done: func(res rotation.Result, err error) bool { return err == nil && res.State == rotation.RootArmed }},
			{world: switchServer, call: func(r *rotation.Rotator) (rotation.Result, error) {
				return r.Resume(ctx, "Network1", rotation.RootRollover)
			},
				done: completed},
		}}
	}
	rotate := func(c rotation.ClientCertificate) func(r *rotation.Rotator) (rotation.Result, error) {
		return func(r *rotation.Rotator) (rotation.Result, error) { return r.RotateClient(ctx, "Network1", c) }
	}
	resumeClient := func(r *rotation.Rotator) (rotation.Result, error) {
		return r.Resume(ctx, "Network1", rotation.ClientRotation)
	}
	rejected := func(res rotation.Result, err error) bool {
		return errors.Is(err, rotation.ErrRejected) && res.State == rotation.ClientStaged
	}
	client := func(mode rotation.Mode) scenario {
		return scenario{name: "client rotation, " + mode.String(), opts: rotation.Options{ClientMode: mode}, stages: []stage{
			{call: rotate(clientCert(p.client2)), done: completed},
		}}
	}
	return []scenario{
		root(rotation.ModeKeepIdentifier),
		root(rotation.ModeSwitchIdentifier),
		client(rotation.ModeKeepIdentifier),
		client(rotation.ModeSwitchIdentifier),
		{name: "client rotation rejected (untrusted CA), then accepted, keep identifier", stages: []stage{
			{call: rotate(clientCert(p.clientRogue)), done: rejected},
			{world: func(dev *sim.Device) { dev.SetAccessPoint(server(p.server1, p.clientCA, p.rogueCA)) }, call: resumeClient, done: completed},
		}},
		{name: "client rotation rejected (not yet valid), then accepted, switch identifier",
			opts: rotation.Options{ClientMode: rotation.ModeSwitchIdentifier}, stages: []stage{
				{call: rotate(clientCert(p.clientLate)), done: rejected},
				{world: func(dev *sim.Device) { dev.Advance(31 * day) }, call: resumeClient, done: completed},
			}},
	}
}

// run is one play of a scenario on a fresh device.
type run struct {
	t    testing.TB
	sc   scenario
	dev  *sim.Device
	pr   *probe
	rot  *rotation.Rotator
	fail []string // invariant violations
}

func newRun(t testing.TB, sc scenario) *run {
	r := &run{t: t, sc: sc, dev: newDevice(t)}
	r.pr = newProbe(r.dev)
	r.restart()
	r.pr.post = func(k int, op string, err error) {
		if isWrite(op) { // reads change nothing
			r.safe(fmt.Sprintf("after call %d (%s, %v)", k, op, err))
		}
	}
	return r
}

// restart makes a new Rotator, as a restarted application does.
func (r *run) restart() {
	o := r.sc.opts
	o.Now = r.dev.Now
	o.PollInterval = 1 // only the injected lies make a call poll
	r.rot = rotation.New(certstore.New(r.pr.certs()), wificonfig.New(r.pr.wifi()), o)
}

// play runs the scenario; each call is repeated until it reaches its outcome. It returns an
// error when one does not within a few tries.
func (r *run) play() error {
	for i, st := range r.sc.stages {
		if st.world != nil {
			st.world(r.dev)
		}
		var res rotation.Result
		var err error
		for try := 0; ; try++ {
			res, err = st.call(r.rot)
			if r.pr.dead { // the power came back: the application starts again
				r.pr.dead = false
				r.restart()
			}
			r.safe(fmt.Sprintf("after stage %d, try %d (%v)", i, try, err))
			r.connectedIfPossible(fmt.Sprintf("after stage %d, try %d (%v)", i, try, err))
			if st.done(res, err) {
				break
			}
			if try == 4 {
				return fmt.Errorf("stage %d did not reach its outcome in %d tries: %+v, %v", i, try+1, res, err)
			}
		}
	}
	return nil
}

// works reports whether the device would connect with network n now: it is enabled, an
// access point serves its SSID, its client certificate is stored and the server trusts it,
// and its root CA (when it names one) is stored and verifies the server.
func works(dev *sim.Device, n sim.WifiNetwork) bool {
	if !n.Enabled || n.Security != wificonfig.SecurityWPA2EAPTLS {
		return false
	}
	certs := map[string]sim.StoredCertificate{}
	for _, c := range dev.Certificates() {
		certs[c.ID] = c
	}
	client, ok := certs[n.ClientCertID]
	if !ok || client.Kind != sim.ClientCert {
		return false
	}
	var root *x509.Certificate
	if n.RootCAID != "" {
		r, ok := certs[n.RootCAID]
		if !ok {
			return false
		}
		root = r.Certificate
	}
	for _, ap := range dev.AccessPoints() {
		if string(ap.SSID) == n.SSID && ap.Server != nil && verifies(dev.Now(), client.Certificate, root, ap.Server) {
			return true
		}
	}
	return false
}

// verified memoizes verifies: the interruption tests ask the same question thousands of
// times, and each answer costs ECDSA verifications.
var verified sync.Map // string -> bool

// verifies reports whether server trusts client at now, and root (when not nil) verifies
// server's chain.
func verifies(now time.Time, client, root *x509.Certificate, server *sim.AuthServer) bool {
	key := now.String() + "|" + string(client.Raw) + "|" + string(server.Chain[0].Raw)
	if root != nil {
		key += "|" + string(root.Raw)
	}
	for _, c := range server.ClientCAs {
		key += "|" + string(c.Raw)
	}
	if v, ok := verified.Load(key); ok {
		return v.(bool)
	}
	ok := func() bool {
		cas := x509.NewCertPool()
		for _, c := range server.ClientCAs {
			cas.AddCert(c)
		}
		if _, err := client.Verify(x509.VerifyOptions{Roots: cas, CurrentTime: now,
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
			return false
		}
		if root == nil {
			return true
		}
		pool := x509.NewCertPool()
		pool.AddCert(root)
		_, err := server.Chain[0].Verify(x509.VerifyOptions{Roots: pool, CurrentTime: now,
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
		return err == nil
	}()
	verified.Store(key, ok)
	return ok
}

func anyWorks(dev *sim.Device, ns []sim.WifiNetwork) bool {
	return slices.ContainsFunc(ns, func(n sim.WifiNetwork) bool { return works(dev, n) })
}

// safe checks the invariant that holds at every moment: the stored configuration, which a
// reboot or power loss brings back, has a network that connects (in every scenario one
// is possible at every moment).
func (r *run) safe(when string) {
	if !anyWorks(r.dev, r.dev.WifiStoredConfig()) {
		r.fail = append(r.fail, fmt.Sprintf("%s: no stored network works: %q, store %v", when, describeNets(r.dev.WifiStoredConfig()), ids(r.dev.Certificates())))
	}
}

// connectedIfPossible checks that the device is connected between calls when a network
// that works is configured.
func (r *run) connectedIfPossible(when string) {
	if _, ok := r.dev.WifiConnection(); ok {
		return
	}
	if anyWorks(r.dev, r.dev.WifiRunningConfig()) || anyWorks(r.dev, r.dev.WifiStoredConfig()) {
		r.fail = append(r.fail, fmt.Sprintf("%s: not connected though a network works: running %q, stored %q", when,
			describeNets(r.dev.WifiRunningConfig()), describeNets(r.dev.WifiStoredConfig())))
	}
}

// final is the state a run ends in.
type final struct {
	Certs   []storedCert
	Stored  []sim.WifiNetwork
	Running []sim.WifiNetwork
	Conn    string
}

func (r *run) final() final {
	f := final{Certs: storeState(r.dev), Stored: r.dev.WifiStoredConfig(), Running: r.dev.WifiRunningConfig()}
	for i := range f.Running {
		f.Running[i].Connected = false
	}
	if c, ok := r.dev.WifiConnection(); ok {
		f.Conn = c.ConfigName + " " + c.ClientCert.Subject.String() + " " + c.ClientCert.NotAfter.String() + " " + c.RootCA.Subject.String()
	}
	return f
}

// interruption describes a fault: an errno injected into call k, or a power loss before it.
type interruption struct {
	k     int
	op    string
	errno syscall.Errno // 0: power loss
}

func (in interruption) String() string {
	if in.errno == 0 {
		return fmt.Sprintf("power loss before call %d (%s)", in.k, in.op)
	}
	return fmt.Sprintf("%v injected into call %d (%s)", in.errno, in.k, in.op)
}

// arm makes the run's probe carry out in when call in.k comes.
func (r *run) arm(in interruption) {
	r.pr.pre = func(k int, op string) error {
		if k != in.k {
			return nil
		}
		if op != in.op {
			r.t.Fatalf("%v: call %d is %s; the uninterrupted run made %s there", in, k, op, in.op)
		}
		if in.errno == 0 {
			r.dev.Reboot()
			r.pr.dead = true
			return errPowerLost
		}
		r.dev.FailNext(op, in.errno)
		return nil
	}
}

// interruptions lists the faults to try for each call of an uninterrupted run's calls:
// every documented errno of the call (or, when few is set, one of them, in turn), and a
// power loss before it. When few is set, the power loss comes only before the calls that
// change the device: a power loss before a read leaves the device as one before the next
// change does, and the application restarts either way.
func interruptions(ops []string, few bool, errnos func(string) []syscall.Errno) []interruption {
	var out []interruption
	for k, op := range ops {
		if !few || isWrite(op) {
			out = append(out, interruption{k: k, op: op})
		}
		es := errnos(op)
		if few && len(es) > 0 {
			es = es[k%len(es):][:1]
		}
		for _, e := range es {
			out = append(out, interruption{k: k, op: op, errno: e})
		}
	}
	return out
}

// TestInterruptions plays each scenario once without faults, then once for each call of that
// run with each documented errno injected into it and once with a power loss before it, and
// checks that the scenario still reaches its outcomes, that the device ends exactly as after
// the uninterrupted run, and that it never lacked a working network meanwhile.
//
// By default each call gets one of its errnos (in turn) and the power loss; with
// APPLIBS_TEST_FULL=1 every errno.
func TestInterruptions(t *testing.T) {
	few := !testsize.Full()
	total := 0
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			clean := newRun(t, sc)
			if err := clean.play(); err != nil {
				t.Fatalf("uninterrupted: %v", err)
			}
			if len(clean.fail) > 0 {
				t.Fatalf("uninterrupted: %v", clean.fail)
			}
			want := clean.final()
			ops := slices.Clone(clean.pr.ops)
			ins := interruptions(ops, few, errnosOf)
			if testing.Short() {
				ins = ins[:min(len(ins), 40)]
			}
			t.Logf("%d calls in the uninterrupted run; %d interruptions", len(ops), len(ins))
			total += len(ins)
			for _, in := range ins {
				r := newRun(t, sc)
				r.arm(in)
				if err := r.play(); err != nil {
					t.Fatalf("%v: %v", in, err)
				}
				if len(r.fail) > 0 {
					t.Fatalf("%v: %v", in, r.fail)
				}
				if diff := cmp.Diff(want, r.final()); diff != "" {
					t.Fatalf("%v: final state differs from the uninterrupted run (-want +got):\n%s", in, diff)
				}
			}
		})
	}
	t.Logf("%d interruptions in all", total)
}

// TestLies injects the errnos that are answers about the device's state (a network named so
// does not exist, the device is not connected, no failure is recorded) where they are
// false, into every call that can give them. No device lies so, but a procedure that acted
// on a single answer without cross-checks could then destroy something. A lie may make a
// call see nothing to do; the application's next check (here: Resume of both procedures
// until nothing changes) then continues. The test checks that the device never lacks a
// working network and that it ends as without the lie.
func TestLies(t *testing.T) {
	errnos := func(op string) []syscall.Errno { return answers[op] }
	total := 0
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			clean := newRun(t, sc)
			if err := clean.play(); err != nil {
				t.Fatalf("uninterrupted: %v", err)
			}
			want := clean.final()
			var ins []interruption
			for _, in := range interruptions(clean.pr.ops, false, errnos) {
				if in.errno != 0 {
					ins = append(ins, in)
				}
			}
			if !testsize.Full() {
				ins = ins[:min(len(ins), testsize.Pick(10, 40, len(ins)))]
			}
			total += len(ins)
			for _, in := range ins {
				r := newRun(t, sc)
				r.arm(in)
				if err := r.play(); err != nil {
					t.Fatalf("%v: %v", in, err)
				}
				r.settle()
				if len(r.fail) > 0 {
					t.Fatalf("%v: %v", in, r.fail)
				}
				if diff := cmp.Diff(want, r.final()); diff != "" {
					t.Fatalf("%v: final state differs from the uninterrupted run (-want +got):\n%s", in, diff)
				}
			}
		})
	}
	t.Logf("%d lies in all", total)
}

// settle resumes both procedures until a round changes nothing, as an application's daily
// checks would.
func (r *run) settle() {
	for range 4 {
		changed := false
		for _, p := range []rotation.Procedure{rotation.ClientRotation, rotation.RootRollover} {
			res, err := r.rot.Resume(ctx, "Network1", p)
			r.safe(fmt.Sprintf("settling %v (%v)", p, err))
			changed = changed || res.Changed || err != nil
		}
		if !changed {
			return
		}
	}
	r.fail = append(r.fail, "still changing after 4 rounds of Resume")
}
