//go:build !(cgo && ((azsphere && linux && arm) || abidouble))

package wificonfig_test

import (
	"errors"
	"testing"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/wificonfig"
)

// TestDefaultIsUnsupported: without a device backend the package functions fail with an
// error wrapping errors.ErrUnsupported that names the operation.
func TestDefaultIsUnsupported(t *testing.T) {
	calls := map[string]error{
		"AddNetwork":            errOf(wificonfig.AddNetwork()),
		"SetSSID":               wificonfig.SetSSID(0, []byte("x")),
		"GetClientIdentity":     errOf(wificonfig.GetClientIdentity(0)),
		"PersistConfig":         wificonfig.PersistConfig(),
		"GetStoredNetworks":     errOf(wificonfig.GetStoredNetworks()),
		"GetConnectedNetworkID": errOf(wificonfig.GetConnectedNetworkID()),
		"StoreOpenNetwork":      wificonfig.StoreOpenNetwork([]byte("x")),
	}
	for op, err := range calls {
		var e *wificonfig.Error
		if !errors.Is(err, errors.ErrUnsupported) || !errors.As(err, &e) || e.Op != op {
			t.Errorf("%s: %v; want an *Error for %s wrapping errors.ErrUnsupported", op, err, op)
		}
	}
}

func errOf[T any](_ T, err error) error { return err }

func TestSetDefault(t *testing.T) {
	dev := sim.New(sim.Options{})
	prev := wificonfig.SetDefault(dev.Wifi())
	defer wificonfig.SetDefault(prev)
	if _, err := wificonfig.AddNetwork(); err != nil {
		t.Fatal(err)
	}
	if n, err := wificonfig.GetStoredNetworkCount(); n != 1 || err != nil {
		t.Fatalf("GetStoredNetworkCount() = %d, %v", n, err)
	}
	if got := wificonfig.SetDefault(prev); got != dev.Wifi() {
		t.Fatalf("SetDefault returned %v; want the device's backend", got)
	}
	if _, err := wificonfig.AddNetwork(); !errors.Is(err, errors.ErrUnsupported) {
		t.Fatalf("after restoring: %v", err)
	}
}
