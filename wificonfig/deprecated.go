package wificonfig

import (
	"bytes"
	"errors"
	"syscall"
)

// The deprecated C functions are made here from the Backend's operations, the same way on
// every backend: a network stored by StoreOpenNetwork or StoreWPA2Network is added to the
// running configuration, enabled and persisted; ForgetNetwork forgets it by ID and persists.
// Persisting writes the whole running configuration, so other unsaved changes are persisted
// with it; the C functions document nothing finer. The steps are not atomic with respect to
// other goroutines changing the configuration at the same time.

// StoreOpenNetwork mirrors WifiConfig_StoreOpenNetwork: it adds an enabled open network with
// the given SSID and persists the configuration.
//
// Deprecated: use AddNetwork, SetSSID, SetSecurityType, SetNetworkEnabled and PersistConfig,
// as WifiConfig_StoreOpenNetwork is deprecated by WifiConfig_AddNetwork.
//
// Errors: EFAULT when ssid is nil; ERANGE when it is empty or too long; EEXIST when an open
// network with that SSID is configured; ENOSPC when no further network fits or can be
// persisted; EACCES; EAGAIN; ENETDOWN. A failed call leaves the configuration as it was.
func (c *Config) StoreOpenNetwork(ssid []byte) error {
	return c.storeNetwork("StoreOpenNetwork", ssid, SecurityOpen, "")
}

// StoreWPA2Network mirrors WifiConfig_StoreWpa2Network: it adds an enabled WPA2-PSK network
// and persists the configuration.
//
// Deprecated: use AddNetwork and the Set* functions, as WifiConfig_StoreWpa2Network is
// deprecated by WifiConfig_AddNetwork.
//
// Errors: EFAULT when ssid is nil; ERANGE when it is empty or too long or psk is out of range
// (see SetPSK); EINVAL for a malformed psk; EEXIST when a WPA2-PSK network with that SSID is
// configured; ENOSPC; EACCES; EAGAIN; ENETDOWN. A failed call leaves the configuration as it
// was.
func (c *Config) StoreWPA2Network(ssid []byte, psk string) error {
	return c.storeNetwork("StoreWPA2Network", ssid, SecurityWPA2PSK, psk)
}

func (c *Config) storeNetwork(op string, ssid []byte, sec Security, psk string) error {
	name := string(ssid)
	if err := checkSSID(op, noNetwork, ssid); err != nil {
		return err
	}
	if sec == SecurityWPA2PSK {
		if err := checkPSK(op, noNetwork, name, psk); err != nil {
			return err
		}
	}
	b, err := c.backend(op, noNetwork)
	if err != nil {
		return err
	}
	if i, err := find(b, ssid, sec); err != nil {
		return step(op, name, "GetStoredNetworks", err)
	} else if i >= 0 {
		return &Error{Op: op, NetworkID: i, Name: name, Errno: syscall.EEXIST, Reason: "a " + sec.String() + " network with this SSID is configured"}
	}
	id, err := b.AddNetwork()
	if errors.Is(err, syscall.ENOMEM) {
		return &Error{Op: op, NetworkID: noNetwork, Name: name, Errno: syscall.ENOSPC, Reason: "no further network fits", Err: err}
	}
	if err != nil {
		return step(op, name, "AddNetwork", err)
	}
	steps := []struct {
		name string
		call func() error
	}{
		{"SetSSID", func() error { return b.SetSSID(id, bytes.Clone(ssid)) }},
		{"SetSecurityType", func() error { return b.SetSecurityType(id, sec) }},
		{"SetPSK", func() error {
			if sec != SecurityWPA2PSK {
				return nil
			}
			return b.SetPSK(id, []byte(psk))
		}},
		{"SetNetworkEnabled", func() error { return b.SetNetworkEnabled(id, true) }},
		{"PersistConfig", b.PersistConfig},
	}
	for _, s := range steps {
		if err := s.call(); err != nil {
			b.ForgetNetworkByID(id) // undo: the network was only in the running configuration
			return step(op, name, s.name, err)
		}
	}
	return nil
}

// ForgetNetwork mirrors WifiConfig_ForgetNetwork: it removes the network that n, an element
// of GetStoredNetworks, describes (matched by SSID and security type) and persists the
// configuration.
//
// Deprecated: use ForgetNetworkByID, as WifiConfig_ForgetNetwork is deprecated by
// WifiConfig_ForgetNetworkById.
//
// Errors: EFAULT when n.SSID is nil; ENOENT when no network matches; ENOSPC when the
// configuration cannot be persisted (the network is then gone from the running
// configuration only; ReloadConfig brings the stored one back); EACCES; EAGAIN; ENETDOWN.
func (c *Config) ForgetNetwork(n StoredNetwork) error {
	const op = "ForgetNetwork"
	name := string(n.SSID)
	if n.SSID == nil {
		return errorf(op, noNetwork, syscall.EFAULT, "network has no SSID")
	}
	b, err := c.backend(op, noNetwork)
	if err != nil {
		return err
	}
	i, err := find(b, n.SSID, n.Security)
	if err != nil {
		return step(op, name, "GetStoredNetworks", err)
	}
	if i < 0 {
		return &Error{Op: op, NetworkID: noNetwork, Name: name, Errno: syscall.ENOENT, Reason: "no " + n.Security.String() + " network with this SSID is configured"}
	}
	if err := b.ForgetNetworkByID(i); err != nil {
		return step(op, name, "ForgetNetworkByID", err)
	}
	if err := b.PersistConfig(); err != nil {
		return step(op, name, "PersistConfig", err)
	}
	return nil
}

// find returns the ID of the configured network with ssid and security sec, or -1.
func find(b Backend, ssid []byte, sec Security) (int, error) {
	ns, err := b.StoredNetworks()
	if err != nil {
		return -1, err
	}
	for i, n := range ns {
		if n.Security == sec && bytes.Equal(n.SSID, ssid) {
			return i, nil
		}
	}
	return -1, nil
}

// step reports the failure of one step of a composed call as a failure of op.
func step(op, name, stepOp string, err error) error {
	e := wrap(stepOp, noNetwork, "", err).(*Error)
	c := *e
	c.Op, c.Name = op, name
	c.Reason = stepOp + ": " + e.Reason
	if e.Reason == "" {
		c.Reason = stepOp + " failed"
	}
	return &c
}

// StoreOpenNetwork calls Default().StoreOpenNetwork: it mirrors WifiConfig_StoreOpenNetwork.
//
// Deprecated: use AddNetwork and the Set* functions.
func StoreOpenNetwork(ssid []byte) error { return Default().StoreOpenNetwork(ssid) }

// StoreWPA2Network calls Default().StoreWPA2Network: it mirrors WifiConfig_StoreWpa2Network.
//
// Deprecated: use AddNetwork and the Set* functions.
func StoreWPA2Network(ssid []byte, psk string) error {
	return Default().StoreWPA2Network(ssid, psk)
}

// ForgetNetwork calls Default().ForgetNetwork: it mirrors WifiConfig_ForgetNetwork.
//
// Deprecated: use ForgetNetworkByID.
func ForgetNetwork(n StoredNetwork) error { return Default().ForgetNetwork(n) }
