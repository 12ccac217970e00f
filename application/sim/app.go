package sim

import (
	"fmt"
	"net"
	"strings"
	"syscall"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/internal/apierr"
)

// DefaultOSVersion is the OS version a new simulated device reports.
const DefaultOSVersion = "24.03"

// HighLevelComponentID is the component ID of the simulated high-level application when its
// manifest does not give one; it is the local address of the connections it opens.
const HighLevelComponentID = "00000000-0000-0000-0000-000000000000"

// appState is the application runtime of the simulated device: the OS version, the memory
// figures and the real-time capable applications. d.mu guards it.
type appState struct {
	d           *Device
	componentID string
	osVersion   string
	totalKB     int
	userKB      int
	peakKB      int
	rtApps      map[string]*RealTimeApp // by lower-case component ID
	conns       map[*msgConn]*msgConn   // open high-level ends and their peers
}

func (s *appState) init(d *Device, componentID string) {
	s.d = d
	s.componentID = componentID
	if s.componentID == "" {
		s.componentID = HighLevelComponentID
	}
	s.osVersion = DefaultOSVersion
	s.rtApps = make(map[string]*RealTimeApp)
	s.conns = make(map[*msgConn]*msgConn)
}

// reboot restarts the applications: connections close, the peak memory figure starts again
// from the current one. Real-time applications stay registered. d.mu is held.
func (s *appState) reboot() {
	s.closeConns()
	s.peakKB = s.userKB
}

// close closes every connection and every real-time application. d.mu is held.
func (s *appState) close() {
	s.closeConns()
	for id, rt := range s.rtApps {
		rt.shut()
		delete(s.rtApps, id)
	}
}

func (s *appState) closeConns() {
	for hl, rt := range s.conns {
		hl.shut()
		rt.shut()
		delete(s.conns, hl)
	}
	for _, rt := range s.rtApps {
		rt.drain()
	}
}

// SetOSVersion sets the version string GetOSVersion reports. It must have 1 to
// application.OSVersionSize-1 bytes and no NUL.
func (d *Device) SetOSVersion(v string) error {
	if v == "" || len(v) >= application.OSVersionSize || strings.IndexByte(v, 0) >= 0 {
		return fmt.Errorf("sim: OS version %q must have 1 to %d bytes and no NUL", v, application.OSVersionSize-1)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.app.osVersion = v
	return nil
}

// SetMemoryUsage sets the memory figures the application reports, in KiB: the total
// (user-mode memory plus kernel memory used on the application's behalf) and the user-mode
// memory. The simulator does not measure anything: the figures are what the test sets,
// zero on a new device. The peak user-mode figure is the highest user-mode figure set since
// the last Reboot.
func (d *Device) SetMemoryUsage(totalKB, userModeKB int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.app.totalKB, d.app.userKB = totalKB, userModeKB
	d.app.peakKB = max(d.app.peakKB, userModeKB)
}

// RealTimeApp is a simulated real-time capable application (RTApp) that the high-level
// application can reach with application.Connect. It is a net.Listener: Accept returns the
// RTApp's end of each connection, in the order the high-level application connected, and a
// test plays the RTApp by reading and writing it. Messages keep their boundaries.
//
// The RTApp's own manifest is taken to list the high-level application in its
// AllowedApplicationConnections.
type RealTimeApp struct {
	d       *Device
	id      string
	backlog chan *msgConn
	done    chan struct{}
}

var _ net.Listener = (*RealTimeApp)(nil)

// RegisterRealTimeApp starts a simulated RTApp with component ID componentID (a GUID). It
// fails if an RTApp with that ID already runs. Close the RealTimeApp to stop it.
func (d *Device) RegisterRealTimeApp(componentID string) (*RealTimeApp, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	key := strings.ToLower(componentID)
	if _, ok := d.app.rtApps[key]; ok {
		return nil, fmt.Errorf("sim: a real-time application %s is already registered", componentID)
	}
	rt := &RealTimeApp{d: d, id: componentID, backlog: make(chan *msgConn, queueDepth), done: make(chan struct{})}
	d.app.rtApps[key] = rt
	return rt, nil
}

// Accept waits for the high-level application to connect and returns the RTApp's end of
// the connection. After Close it returns an error wrapping net.ErrClosed.
func (rt *RealTimeApp) Accept() (net.Conn, error) {
	select {
	case c := <-rt.backlog:
		return c, nil
	case <-rt.done:
		return nil, &net.OpError{Op: "accept", Net: appAddr("").Network(), Addr: appAddr(rt.id), Err: net.ErrClosed}
	}
}

// Close stops the RTApp: connections not yet accepted are closed, later Connect calls fail
// with ECONNREFUSED. Accepted connections stay open.
func (rt *RealTimeApp) Close() error {
	d := rt.d
	d.mu.Lock()
	defer d.mu.Unlock()
	if closed(rt.done) {
		return &net.OpError{Op: "close", Net: appAddr("").Network(), Addr: appAddr(rt.id), Err: net.ErrClosed}
	}
	if d.app.rtApps[strings.ToLower(rt.id)] == rt {
		delete(d.app.rtApps, strings.ToLower(rt.id))
	}
	rt.shut()
	return nil
}

// shut closes the RTApp and drops its backlog. d.mu is held.
func (rt *RealTimeApp) shut() {
	if !closed(rt.done) {
		close(rt.done)
	}
	rt.drain()
}

// drain closes connections not yet accepted. d.mu is held.
func (rt *RealTimeApp) drain() {
	for {
		select {
		case c := <-rt.backlog:
			c.shut()
		default:
			return
		}
	}
}

// Addr returns the RTApp's component ID as a net.Addr.
func (rt *RealTimeApp) Addr() net.Addr { return appAddr(rt.id) }

// Application returns the device's application runtime as an application.Backend.
//
// IsDeviceAuthReady reports whether the DAA certificate is valid at the device's time; it
// needs no capability and does not depend on the manifest's tenant. Connect needs the
// component ID in the manifest's AllowedApplicationConnections (compared without regard to
// case; else EACCES) and an RTApp registered with RegisterRealTimeApp (else ECONNREFUSED).
// The memory figures are those set with SetMemoryUsage; the OS version is DefaultOSVersion
// or the one set with SetOSVersion. Faults injected with FailNext apply to the Go names of
// the functions ("Connect", "IsDeviceAuthReady", "GetTotalMemoryUsageInKB",
// "GetUserModeMemoryUsageInKB", "GetPeakUserModeMemoryUsageInKB", "GetOSVersion").
func (d *Device) Application() application.Backend { return (*appBackend)(d) }

// appBackend is the application.Backend view of a Device.
type appBackend Device

var _ application.Backend = (*appBackend)(nil)

func init() {
	installers = append(installers, func(d *Device) func() {
		prev := application.SetDefault(d.Application())
		return func() { application.SetDefault(prev) }
	})
}

func (s *appBackend) IsDeviceAuthReady() (bool, error) {
	d := (*Device)(s)
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.enter("IsDeviceAuthReady", true, ""); err != nil {
		return false, err
	}
	return d.daa.ready(), nil
}

func (s *appBackend) Connect(componentID string) (net.Conn, error) {
	const op = "Connect"
	d := (*Device)(s)
	d.mu.Lock()
	defer d.mu.Unlock()
	allowed := false
	for _, id := range d.caps.AllowedApplicationConnections {
		if strings.EqualFold(id, componentID) {
			allowed = true
			break
		}
	}
	if err := d.enter(op, allowed, "AllowedApplicationConnections"); err != nil {
		return nil, err
	}
	rt := d.app.rtApps[strings.ToLower(componentID)]
	if rt == nil {
		return nil, apierr.New(op, componentID, syscall.ECONNREFUSED, "no real-time capable application with this component ID is running")
	}
	hl, peer := newMsgPipe(appAddr(d.app.componentID), appAddr(rt.id))
	select {
	case rt.backlog <- peer:
	default:
		return nil, apierr.New(op, componentID, syscall.ECONNREFUSED, "the real-time capable application has too many connections waiting")
	}
	d.app.conns[hl] = peer
	hl.onClose = func(c *msgConn) {
		d.mu.Lock()
		defer d.mu.Unlock()
		delete(d.app.conns, c)
	}
	return hl, nil
}

func (s *appBackend) MemoryInfo(attribute application.MemoryAttribute) (int, error) {
	d := (*Device)(s)
	d.mu.Lock()
	defer d.mu.Unlock()
	switch attribute {
	case application.TotalMemoryUsage:
		if err := d.enter("GetTotalMemoryUsageInKB", true, ""); err != nil {
			return 0, err
		}
		return d.app.totalKB, nil
	case application.UserModeMemoryUsage:
		if err := d.enter("GetUserModeMemoryUsageInKB", true, ""); err != nil {
			return 0, err
		}
		return d.app.userKB, nil
	case application.PeakUserModeMemoryUsage:
		if err := d.enter("GetPeakUserModeMemoryUsageInKB", true, ""); err != nil {
			return 0, err
		}
		return d.app.peakKB, nil
	}
	return 0, apierr.Newf("GetMemoryInfo", "", syscall.EINVAL, "unknown memory attribute %d", attribute)
}

func (s *appBackend) OSVersion() (string, error) {
	d := (*Device)(s)
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.enter("GetOSVersion", true, ""); err != nil {
		return "", err
	}
	return d.app.osVersion, nil
}
