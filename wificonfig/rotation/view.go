package rotation

import (
	"fmt"
	"syscall"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/wificonfig"
)

// network is what a view knows of one network of the running configuration.
type network struct {
	name    string
	id      int
	enabled bool
	client  string // client certificate identifier, "" for none
	root    string // root CA identifier, "" for none
}

// view is the device's state as far as the rotations of one network are concerned, read in
// one go: the network, its duplicates, the certificates, which other networks name which
// certificates, and the connection.
type view struct {
	n          *network
	ca, fb, mv *network // the duplicates (SuffixNewRoot, SuffixFallback, SuffixMove), nil when absent
	certs      map[string]certstore.Certificate
	// others maps each certificate identifier that a network other than n and its
	// duplicates names to a description of that network.
	others    map[string]string
	connected int // ID of the connected network, -1 for none
}

// read reads the view of network. Absence is learnt only from the answers that mean it
// (ENODEV from GetNetworkIDByConfigName, a listing of the store); every other failure is an
// error.
func (r *Rotator) read(name string) (*view, error) {
	v := &view{connected: -1, others: map[string]string{}}
	lookup := func(name string) (*network, error) {
		id, err := r.wifi.GetNetworkIDByConfigName(name)
		if isErrno(err, syscall.ENODEV) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return &network{name: name, id: id}, nil
	}
	var err error
	if v.n, err = lookup(name); err != nil {
		return nil, err
	}
	if v.n == nil {
		return nil, fmt.Errorf("no network is named %q: %w", name, syscall.ENODEV)
	}
	for _, d := range []struct {
		dst    **network
		suffix string
	}{{&v.ca, SuffixNewRoot}, {&v.fb, SuffixFallback}, {&v.mv, SuffixMove}} {
		if *d.dst, err = lookup(DuplicateName(name, d.suffix)); err != nil {
			return nil, err
		}
	}
	nets, err := r.wifi.GetStoredNetworks()
	if err != nil {
		return nil, err
	}
	ours := map[int]*network{}
	for _, n := range []*network{v.n, v.ca, v.fb, v.mv} {
		if n == nil {
			continue
		}
		if n.id >= len(nets) {
			return nil, fmt.Errorf("network %q has ID %d of %d: the configuration changed while it was read: %w", n.name, n.id, len(nets), syscall.EAGAIN)
		}
		if nets[n.id].Security != wificonfig.SecurityWPA2EAPTLS {
			return nil, fmt.Errorf("network %q is %v, not an EAP-TLS network: %w", n.name, nets[n.id].Security, syscall.EINVAL)
		}
		n.enabled = nets[n.id].IsEnabled
		ours[n.id] = n
	}
	for id, sn := range nets {
		if sn.Security != wificonfig.SecurityWPA2EAPTLS {
			continue
		}
		client, err := r.wifi.GetClientCertStoreIdentifier(id)
		if err != nil {
			return nil, err
		}
		root, err := r.wifi.GetRootCACertStoreIdentifier(id)
		if err != nil {
			return nil, err
		}
		if n := ours[id]; n != nil {
			n.client, n.root = client, root
			continue
		}
		for _, c := range []string{client, root} {
			if c != "" {
				v.others[c] = fmt.Sprintf("network %d (%q)", id, sn.SSID)
			}
		}
	}
	if id, err := r.wifi.GetConnectedNetworkID(); err == nil {
		v.connected = id
	} else if !isErrno(err, syscall.ENOTCONN) {
		return nil, err
	}
	v.certs = map[string]certstore.Certificate{}
	for c, err := range r.store.Certificates() {
		if err != nil {
			return nil, err
		}
		v.certs[c.ID] = c
	}
	return v, nil
}

// has reports whether the store holds a certificate under id.
func (v *view) has(id string) bool {
	_, ok := v.certs[id]
	return id != "" && ok
}

// cert returns the stored certificate id, or one with only the ID when there is none.
func (v *view) cert(id string) certstore.Certificate {
	if c, ok := v.certs[id]; ok {
		return c
	}
	return certstore.Certificate{ID: id}
}

// connectedTo reports whether the device is connected to one of the networks (nil ones
// skipped).
func (v *view) connectedTo(ns ...*network) bool {
	for _, n := range ns {
		if n != nil && n.id == v.connected {
			return true
		}
	}
	return false
}

// user says which network, if any, names certificate id, apart from the networks in skip:
// the network itself in its other role, or another network. "" means none.
func (v *view) user(id string, self *network, role string) string {
	if d, ok := v.others[id]; ok {
		return d
	}
	if self != nil && id != "" {
		if role != "client" && self.client == id {
			return fmt.Sprintf("network %q as its client certificate", self.name)
		}
		if role != "root" && self.root == id {
			return fmt.Sprintf("network %q as its root CA", self.name)
		}
	}
	return ""
}

// rootStaged reports whether a new root CA waits under the staging identifier of the
// network's root CA: a certificate is there that no other network (nor the network's client
// certificate) names.
func (v *view) rootStaged() bool {
	s := StagingID(v.n.root)
	return v.has(s) && v.user(s, v.n, "root") == ""
}

// clientStaged is rootStaged for the client certificate.
func (v *view) clientStaged() bool {
	s := StagingID(v.n.client)
	return v.has(s) && v.user(s, v.n, "client") == ""
}

// phase is a state of a rotation as recognised from a view. The public State groups them.
type phase int

const (
	phNone             phase = iota // no duplicate: idle, or a staged certificate
	phRootArmed                     // +ca enabled, names another root CA than the network, both stored
	phRootMoved                     // +ca names a root CA no longer stored (keep: moved over the old one)
	phRootOldDeleted                // the network's root CA is gone, +ca's is stored (switch: old one deleted)
	phRootRepointed                 // the network and +ca name the same stored root CA (switch)
	phClientTrial                   // the network names the new client certificate, +fb the old one
	phClientFallback                // the network and +fb name the same (old) client certificate
	phClientOldDeleted              // +fb names a certificate no longer stored (switch: old one deleted)
	phClientMoving                  // +mv names the new certificate, the network the old (keep: before the move)
	phClientMoved                   // +mv names a certificate no longer stored (keep: after the move)
	phUnknown                       // duplicates in a state no procedure leaves in the stored configuration
)

// state returns the public State of ph (Idle for phNone and phUnknown).
func (ph phase) state() State {
	switch ph {
	case phRootArmed:
		return RootArmed
	case phRootMoved, phRootOldDeleted, phRootRepointed:
		return RootFinishing
	case phClientTrial:
		return ClientTrial
	case phClientFallback:
		return ClientFallingBack
	case phClientOldDeleted, phClientMoving, phClientMoved:
		return ClientRetiring
	}
	return Idle
}

// procedure returns the procedure a duplicate-based phase belongs to, 0 for phNone.
func (v *view) procedure() Procedure {
	switch {
	case v.ca != nil:
		return RootRollover
	case v.fb != nil || v.mv != nil:
		return ClientRotation
	}
	return 0
}

// phase recognises the state of the network's rotation. Each phase is a configuration that
// some step of a procedure persists; every duplicate in it is enabled. Anything else (a
// duplicate that a failed step left disabled in the running configuration, two procedures'
// duplicates at once) is phUnknown.
func (v *view) phase() phase {
	n, dups := v.n, 0
	for _, d := range []*network{v.ca, v.fb, v.mv} {
		if d != nil {
			dups++
			if !d.enabled {
				return phUnknown
			}
		}
	}
	switch {
	case dups == 0:
		return phNone
	case dups > 1:
		return phUnknown
	case v.ca != nil:
		d := v.ca
		if d.client != n.client || d.root == "" || n.root == "" {
			return phUnknown
		}
		switch {
		case d.root == n.root && v.has(d.root):
			return phRootRepointed
		case !v.has(d.root) && v.has(n.root):
			return phRootMoved
		case v.has(d.root) && !v.has(n.root):
			return phRootOldDeleted
		case v.has(d.root) && v.has(n.root):
			return phRootArmed
		}
	case v.fb != nil:
		d := v.fb
		if d.root != n.root || d.client == "" || n.client == "" || !v.has(n.client) {
			return phUnknown
		}
		switch {
		case d.client == n.client:
			return phClientFallback
		case !v.has(d.client):
			return phClientOldDeleted
		default:
			return phClientTrial
		}
	case v.mv != nil:
		d := v.mv
		if d.root != n.root || d.client == "" || n.client == "" || d.client == n.client || !v.has(n.client) {
			return phUnknown
		}
		if v.has(d.client) {
			return phClientMoving
		}
		return phClientMoved
	}
	return phUnknown
}
