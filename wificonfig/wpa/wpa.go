package wpa

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/certstore/filestore"
	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/internal/atomicfile"
	"github.com/azsphere-go/applibs/internal/wifimodel"
	"github.com/azsphere-go/applibs/internal/wpactrl"
	"github.com/azsphere-go/applibs/wificonfig"
)

// DefaultNetworkLimit is how many networks the running configuration holds unless
// WithNetworkLimit says otherwise.
const DefaultNetworkLimit = 37

// storedName is the file of the stored configuration in the state directory.
const storedName = "networks.json"

// Option configures Open.
type Option func(*options)

type options struct {
	wired        bool
	eapol        []string
	networkLimit int
	now          func() time.Time
}

// Wired makes EAP-TLS networks use key_mgmt=IEEE8021X with eapol_flags=0, for
// wpa_supplicant's wired driver (802.1X on Ethernet). Without it they use WPA-EAP (WPA2
// Enterprise), for a Wi-Fi interface.
func Wired() Option { return func(o *options) { o.wired = true } }

// WithEAPOLTimers sets the supplicant's EAPOL timers in seconds (SET EAPOL::startPeriod,
// EAPOL::heldPeriod, EAPOL::maxStart); a value of 0 leaves the daemon's default (30, 60, 3).
// Short periods make the supplicant retry soon after a failure.
func WithEAPOLTimers(startPeriod, heldPeriod, maxStart int) Option {
	return func(o *options) {
		for _, kv := range []struct {
			k string
			v int
		}{{"startPeriod", startPeriod}, {"heldPeriod", heldPeriod}, {"maxStart", maxStart}} {
			if kv.v > 0 {
				o.eapol = append(o.eapol, fmt.Sprintf("SET EAPOL::%s %d", kv.k, kv.v))
			}
		}
	}
}

// WithNetworkLimit sets how many networks the running configuration holds before
// AddNetwork fails with ENOMEM.
func WithNetworkLimit(n int) Option { return func(o *options) { o.networkLimit = n } }

// network is a network of the running configuration with what the daemon holds for it.
type network = wifimodel.Entry[netState]

// netState is the backend's state of a running network.
type netState struct {
	wpaID int // the daemon's network id, or -1
	certs loaded
}

func newState() netState { return netState{wpaID: -1} }

// loaded is the certificate files a network was loaded with: snapshots (hard links or copies)
// of the store's export files, so that the daemon keeps using them until the next load, as
// the device's Wi-Fi subsystem keeps the certificates it read.
type loaded struct {
	caPath, certPath, keyPath string
	missing                   string // a certificate identifier not found in the store
}

// core is the state shared by every view of a Backend.
type core struct {
	opts  options
	certs *filestore.Store
	dir   string

	conn *wpactrl.Conn
	mon  *wpactrl.Monitor
	wg   sync.WaitGroup

	scanMu sync.Mutex // one scan at a time, so that each caller counts its own results

	mu         sync.Mutex
	closed     bool
	cfg        wifimodel.Config[netState]
	active     *network // the network selected in the daemon
	connected  *network // the network whose authentication succeeded, from events
	certErr    *wpactrl.CertError
	dropped    uint64 // events the monitor had dropped when the last one was handled
	powerSaves bool
	snapSeq    int
	events     []string // recent event names, for tests and debugging
}

// Backend is a wificonfig.Backend that drives a running wpa_supplicant through its control
// socket. Its methods are safe for concurrent use. See the package documentation.
type Backend struct {
	ctx context.Context
	c   *core
	reader
}

// reader is the shared model's reader under an unexported name, to embed: it serves
// GetClientIdentity, GetClientCertStoreIdentifier, GetRootCACertStoreIdentifier and
// GetNetworkIDByConfigName.
type reader = wifimodel.Reader[netState]

// newBackend returns the view of c whose calls use ctx.
func newBackend(ctx context.Context, c *core) *Backend {
	b := &Backend{ctx: ctx, c: c}
	b.reader = reader{Lock: func(op string, _ bool) (*wifimodel.Config[netState], func(), error) {
		c, err := b.lock(op)
		if err != nil {
			return nil, nil, err
		}
		return &c.cfg, c.unlock, nil
	}}
	return b
}

var _ wificonfig.Backend = (*Backend)(nil)

// Open connects to the wpa_supplicant control socket ctrlPath (the ctrl_interface directory
// joined with the interface name, for example /run/wpa_supplicant/wlan0), takes over its
// networks (removing those it has), loads the stored configuration from stateDir (created
// 0700 if needed; it must not be writable by group or others) with the certificates it names
// from certs, and starts connecting. ctx bounds the calls Open makes. Close stops it.
func Open(ctx context.Context, ctrlPath string, certs *filestore.Store, stateDir string, opts ...Option) (*Backend, error) {
	o := options{networkLimit: DefaultNetworkLimit, now: time.Now}
	for _, f := range opts {
		f(&o)
	}
	if err := checkCtrlPath(ctrlPath); err != nil {
		return nil, err
	}
	if err := prepareDir(stateDir); err != nil {
		return nil, err
	}
	stored, err := readStored(filepath.Join(stateDir, storedName))
	if err != nil {
		return nil, err
	}
	conn, err := wpactrl.Dial(ctrlPath, "")
	if err != nil {
		return nil, fmt.Errorf("wpa: %w", err)
	}
	c := &core{opts: o, certs: certs, dir: stateDir, conn: conn}
	c.cfg.NetworkLimit, c.cfg.Stored = o.networkLimit, stored
	fail := func(err error) (*Backend, error) {
		if c.mon != nil {
			c.mon.Close()
		}
		conn.Close()
		return nil, fmt.Errorf("wpa: %w", err)
	}
	if err := conn.RequestExpect(ctx, "PING", "PONG"); err != nil {
		return fail(err)
	}
	for _, cmd := range o.eapol {
		if err := conn.RequestOK(ctx, cmd); err != nil {
			return fail(err)
		}
	}
	if c.mon, err = wpactrl.Attach(ctx, ctrlPath, "", 64); err != nil {
		return fail(err)
	}
	c.mu.Lock()
	err = c.reload(ctx)
	c.mu.Unlock()
	if err != nil {
		return fail(err)
	}
	c.wg.Add(1)
	go c.handleEvents()
	return newBackend(context.Background(), c), nil
}

// checkCtrlPath fails early, with a message that says what to pass, when ctrlPath is the
// ctrl_interface directory rather than the socket in it.
func checkCtrlPath(ctrlPath string) error {
	fi, err := os.Stat(ctrlPath)
	if err != nil {
		return fmt.Errorf("wpa: control socket %s: %w (is wpa_supplicant running with ctrl_interface set?)", ctrlPath, err)
	}
	if fi.IsDir() {
		return fmt.Errorf("wpa: %s is a directory: pass the control socket in it, the directory joined with the interface name (for example %s)", ctrlPath, filepath.Join(ctrlPath, "wlan0"))
	}
	return nil
}

// prepareDir makes the state directory and its certs directory, 0700, and refuses ones that
// others can write.
func prepareDir(dir string) error {
	for _, d := range []string{dir, filepath.Join(dir, "certs")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("wpa: %w", err)
		}
		fi, err := os.Lstat(d)
		if err != nil {
			return fmt.Errorf("wpa: %w", err)
		}
		if !fi.IsDir() {
			return fmt.Errorf("wpa: state directory %s is not a directory", d)
		}
		if fi.Mode().Perm()&0o022 != 0 {
			return fmt.Errorf("wpa: state directory %s is writable by group or others (mode %v); it holds keys and PSKs: chmod 700 it", d, fi.Mode().Perm())
		}
	}
	return nil
}

// WithContext returns a view of b whose calls use ctx for their requests to the daemon: a
// deadline or cancellation of ctx ends a call with EAGAIN. Without it every request has
// wpactrl.DefaultTimeout.
func (b *Backend) WithContext(ctx context.Context) *Backend { return newBackend(ctx, b.c) }

// Close stops the event goroutine and closes the control connections. The daemon keeps the
// networks configured; a later Open takes them over. Later calls fail with an error that
// wraps net.ErrClosed and os.ErrClosed (errno EBADF).
func (b *Backend) Close() error {
	c := b.c
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.mu.Unlock()
	err := c.mon.Close()
	c.wg.Wait()
	if cerr := c.conn.Close(); err == nil {
		err = cerr
	}
	return err
}

// readStored reads the stored configuration. Every entry must be a network PersistConfig
// could have written: the file is refused otherwise, naming the entry.
func readStored(path string) ([]wifimodel.Network, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("wpa: %w", err)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("wpa: %s: %w", path, err)
	}
	nets := make([]wifimodel.Network, len(raw))
	for i, r := range raw {
		n := &nets[i]
		if string(r) == "null" {
			return nil, fmt.Errorf("wpa: %s: entry %d is null, not a network", path, i)
		}
		if err := json.Unmarshal(r, n); err != nil {
			return nil, fmt.Errorf("wpa: %s: entry %d: %w", path, i, err)
		}
		if err := validStored(*n); err != nil {
			return nil, fmt.Errorf("wpa: %s: entry %d: %w", path, i, err)
		}
	}
	return nets, nil
}

// validStored checks a network read from the stored file with the rules of the Set* calls.
func validStored(n wifimodel.Network) error {
	var c wifimodel.Network
	if err := wifimodel.SetSSID("", 0, &c, n.SSID); err != nil {
		return errors.New("SSID must be 1 to 32 bytes")
	}
	if n.Security != wificonfig.SecurityUnknown {
		if err := wifimodel.SetSecurity("", 0, &c, n.Security); err != nil {
			return fmt.Errorf("security type %v", n.Security)
		}
	}
	if len(n.PSK) > 0 && !wifimodel.ValidPSK(n.PSK) {
		return errors.New("the PSK is malformed")
	}
	if len(n.Identity) > wificonfig.EAPIdentityMaxLength || len(n.ConfigName) > wificonfig.ConfigNameMaxLength {
		return errors.New("identity or config name too long")
	}
	return nil
}

// closedError is the cause of every call on a closed Backend.
type closedError struct{}

func (closedError) Error() string { return "the wpa_supplicant backend is closed" }

func (closedError) Is(target error) bool { return target == net.ErrClosed || target == os.ErrClosed }

// lock takes the core's lock for op; it fails once the backend is closed.
func (b *Backend) lock(op string) (*core, error) {
	c := b.c
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, &apierr.Error{Op: op, Errno: syscall.EBADF, Err: closedError{}}
	}
	return c, nil
}

func (c *core) unlock() { c.mu.Unlock() }

// daemonErr converts a failed request into the errno the device would set.
func daemonErr(op string, id int, err error) error {
	sid := ""
	if id >= 0 {
		sid = strconv.Itoa(id)
	}
	var ae *apierr.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ae):
		return err
	case errors.Is(err, wpactrl.ErrBusy):
		return &apierr.Error{Op: op, ID: sid, Errno: syscall.EAGAIN, Reason: "wpa_supplicant is busy; try again", Err: err}
	case errors.Is(err, wpactrl.ErrUnexpectedReply):
		return &apierr.Error{Op: op, ID: sid, Errno: syscall.ENETDOWN, Reason: "wpa_supplicant gave an unexpected reply", Err: err}
	case errors.Is(err, wpactrl.ErrFailed), errors.Is(err, wpactrl.ErrUnknownCommand):
		return &apierr.Error{Op: op, ID: sid, Errno: syscall.EINVAL, Reason: "wpa_supplicant rejected the request", Err: err}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled), errors.Is(err, os.ErrDeadlineExceeded):
		return &apierr.Error{Op: op, ID: sid, Errno: syscall.EAGAIN, Reason: "wpa_supplicant did not answer in time", Err: err}
	case errors.Is(err, net.ErrClosed):
		return &apierr.Error{Op: op, ID: sid, Errno: syscall.EBADF, Err: closedError{}}
	}
	return &apierr.Error{Op: op, ID: sid, Errno: syscall.ENETDOWN, Reason: "wpa_supplicant is unreachable", Err: err}
}

// writeStored writes nets to the stored file, 0600 (it holds PSKs), atomically and durably.
func (c *core) writeStored(nets []wifimodel.Network) error {
	if nets == nil {
		nets = []wifimodel.Network{}
	}
	data, err := json.Marshal(nets)
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(c.dir, storedName), data, 0o600, true)
}
