package rotation_test

import (
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/rotation"
)

// TestUnknownState: duplicates in a state no step leaves (here a disabled N+ca that the
// application persisted itself) are reloaded once, then refused with EINVAL; nothing else
// changes.
func TestUnknownState(t *testing.T) {
	p := fixture()
	dev := newDevice(t)
	wifi := wificonfig.New(dev.Wifi())
	_, err := wifi.AddDuplicateNetwork(0, "Network1+ca")
	must(t, err)
	must(t, wifi.PersistConfig())
	pr := newProbe(dev)
	rot := rotation.New(certstore.New(pr.certs()), wificonfig.New(pr.wifi()), rotation.Options{Now: dev.Now})
	_, err = rot.StartRootRollover(ctx, "Network1", p.root2.CertPEM)
	if !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("StartRootRollover = %v; want EINVAL", err)
	}
	if w := pr.writes(); len(w) != 1 || w[0] != "ReloadConfig" {
		t.Fatalf("writes %v; want one ReloadConfig", w)
	}
	wantStored(t, dev, "Network1 ClientCert1 RootCA1", "Network1+ca ClientCert1 RootCA1 disabled")
}

// TestTwoProceduresDuplicates: duplicates of both procedures at once are not a state either
// procedure recognises.
func TestTwoProceduresDuplicates(t *testing.T) {
	p := fixture()
	dev := newDevice(t)
	rot := newRotator(dev, rotation.Options{})
	_, err := rot.StartRootRollover(ctx, "Network1", p.root2.CertPEM)
	must(t, err)
	wifi := wificonfig.New(dev.Wifi())
	id, err := wifi.AddDuplicateNetwork(0, "Network1+fb")
	must(t, err)
	must(t, wifi.SetNetworkEnabled(id, true))
	must(t, wifi.PersistConfig())
	for _, pr := range []rotation.Procedure{rotation.RootRollover, rotation.ClientRotation} {
		if _, err := rot.Resume(ctx, "Network1", pr); !errors.Is(err, syscall.EINVAL) {
			t.Errorf("Resume(%v) = %v; want EINVAL", pr, err)
		}
	}
}

// trialInPlace leaves dev with a client trial under way: the check of the trial fails.
func trialInPlace(t *testing.T, dev *sim.Device, rot *rotation.Rotator) {
	t.Helper()
	p := fixture()
	must(t, dev.SetAccessPoint(server(p.server1))) // trusts no device: neither certificate connects
	dev.FailNext("GetNetworkDiagnostics", syscall.EAGAIN)
	if _, err := rot.RotateClient(ctx, "Network1", clientCert(p.client2)); !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("RotateClient = %v", err)
	}
	must(t, dev.SetAccessPoint(server(p.server1, p.clientCA)))
	if st, _ := rot.Status("Network1"); st.State != rotation.ClientTrial || st.Client.ID != "ClientCert1" {
		t.Fatalf("Status = %+v; want a trial, with the old certificate as the client", st)
	}
}

func TestCancelClientTrial(t *testing.T) {
	p := fixture()
	dev := newDevice(t)
	rot := newRotator(dev, rotation.Options{})
	trialInPlace(t, dev, rot)
	res, err := rot.CancelClientRotation(ctx, "Network1")
	must(t, err)
	if res.State != rotation.Idle || !res.Connected {
		t.Fatalf("CancelClientRotation = %+v", res)
	}
	wantStored(t, dev, "Network1 ClientCert1 RootCA1")
	wantCerts(t, dev, "ClientCert1", p.client1, "RootCA1", p.root1)
	wantConnection(t, dev, "Network1", p.client1, p.root1)
}

// TestRotateClientReplaces: another certificate than the one under way or staged replaces it.
func TestRotateClientReplaces(t *testing.T) {
	p := fixture()
	t.Run("under way", func(t *testing.T) {
		dev := newDevice(t)
		rot := newRotator(dev, rotation.Options{})
		trialInPlace(t, dev, rot)
		res, err := rot.RotateClient(ctx, "Network1", clientCert(p.clientLate))
		if !errors.Is(err, rotation.ErrRejected) || res.State != rotation.ClientStaged {
			t.Fatalf("RotateClient(another) = %+v, %v; want the other tried (and rejected: not valid yet)", res, err)
		}
		if got := dev.Certificates()[2]; got.ID != "ClientCert2" || !got.Certificate.Equal(p.clientLate.Cert) {
			t.Fatalf("staged %s %v; want the other certificate", got.ID, got.NotBefore)
		}
	})
	t.Run("staged", func(t *testing.T) {
		dev := newDevice(t)
		rot := newRotator(dev, rotation.Options{})
		if _, err := rot.RotateClient(ctx, "Network1", clientCert(p.clientRogue)); !errors.Is(err, rotation.ErrRejected) {
			t.Fatalf("RotateClient(rogue) = %v", err)
		}
		res, err := rot.RotateClient(ctx, "Network1", clientCert(p.client2))
		if err != nil || !res.Completed {
			t.Fatalf("RotateClient(good) = %+v, %v", res, err)
		}
		wantConnection(t, dev, "Network1", p.client2, p.root1)
	})
}

// TestNoVerdict: when the device connects to another network first, the new certificate
// cannot be judged within the timeout; the network goes back to the old one.
func TestNoVerdict(t *testing.T) {
	p := fixture()
	dev := sim.New(sim.Options{Start: t0})
	t.Cleanup(func() { dev.Close() })
	must(t, dev.SetAccessPoint(server(p.server1, p.clientCA)))
	must(t, dev.SetAccessPoint(sim.AccessPoint{SSID: []byte("Guest"), BSSID: wificonfig.BSSID{2, 0, 0, 0, 0, 9}, Security: wificonfig.SecurityOpen}))
	wifi := wificonfig.New(dev.Wifi())
	id, err := wifi.AddNetwork()
	must(t, err)
	must(t, wifi.SetSSID(id, []byte("Guest")))
	must(t, wifi.SetSecurityType(id, wificonfig.SecurityOpen))
	must(t, wifi.SetNetworkEnabled(id, true))
	setupNetwork(t, certstore.New(dev.CertStore()), wifi, "Network1", "ClientCert1", "RootCA1")
	rot := newRotator(dev, rotation.Options{ConnectTimeout: time.Millisecond, PollInterval: time.Millisecond})
	res, err := rot.RotateClient(ctx, "Network1", clientCert(p.client2))
	if !errors.Is(err, rotation.ErrNoVerdict) || !errors.Is(err, syscall.ETIMEDOUT) || res.State != rotation.ClientStaged || res.Rejection != nil {
		t.Fatalf("RotateClient = %+v, %v; want ErrNoVerdict, staged", res, err)
	}
	wantStored(t, dev, "  ", "Network1 ClientCert1 RootCA1") // the guest network has no name nor certificates
}
