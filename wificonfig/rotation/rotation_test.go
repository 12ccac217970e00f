package rotation_test

import (
	"context"
	"errors"
	"strings"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/rotation"
)

var ctx = context.Background()

func TestRootRollover(t *testing.T) {
	p := fixture()
	for _, mode := range []rotation.Mode{rotation.ModeKeepIdentifier, rotation.ModeSwitchIdentifier} {
		t.Run(mode.String(), func(t *testing.T) {
			dev := newDevice(t)
			var log []string
			rot := newRotator(dev, rotation.Options{RootMode: mode, Logf: func(f string, a ...any) { log = append(log, f) }})

			res, err := rot.StartRootRollover(ctx, "Network1", p.root2.CertPEM)
			must(t, err)
			if res.State != rotation.RootArmed || !res.Changed || res.Completed || !res.Connected {
				t.Fatalf("StartRootRollover = %+v; want armed, changed, connected", res)
			}
			wantCerts(t, dev, "ClientCert1", p.client1, "RootCA1", p.root1, "RootCA2", p.root2)
			wantStored(t, dev, "Network1 ClientCert1 RootCA1", "Network1+ca ClientCert1 RootCA2")
			wantConnection(t, dev, "Network1", p.client1, p.root1)

			// While the server keeps its old PKI, the rollover waits and changes nothing.
			for range 2 {
				dev.Advance(day)
				res, err = rot.Resume(ctx, "Network1", rotation.RootRollover)
				must(t, err)
				if res.State != rotation.RootArmed || res.Changed {
					t.Fatalf("Resume while the old PKI works = %+v; want armed, unchanged", res)
				}
			}
			// Starting again with the same root changes nothing either.
			res, err = rot.StartRootRollover(ctx, "Network1", p.root2.CertPEM)
			must(t, err)
			if res.State != rotation.RootArmed || res.Changed {
				t.Fatalf("StartRootRollover again = %+v; want armed, unchanged", res)
			}

			// The server changes to the new PKI: the device moves to the duplicate on its own.
			must(t, dev.SetAccessPoint(server(p.server2, p.clientCA)))
			wantConnection(t, dev, "Network1+ca", p.client1, p.root2)

			res, err = rot.Resume(ctx, "Network1", rotation.RootRollover)
			must(t, err)
			if res.State != rotation.Idle || !res.Completed || !res.Connected {
				t.Fatalf("Resume after the server changed = %+v; want idle, completed, connected", res)
			}
			wantConnection(t, dev, "Network1", p.client1, p.root2)
			if mode == rotation.ModeKeepIdentifier {
				wantCerts(t, dev, "ClientCert1", p.client1, "RootCA1", p.root2)
				wantStored(t, dev, "Network1 ClientCert1 RootCA1")
			} else {
				wantCerts(t, dev, "ClientCert1", p.client1, "RootCA2", p.root2)
				wantStored(t, dev, "Network1 ClientCert1 RootCA2")
			}
			dev.Reboot()
			wantConnection(t, dev, "Network1", p.client1, p.root2)

			// Done: calling again changes nothing.
			res, err = rot.StartRootRollover(ctx, "Network1", p.root2.CertPEM)
			if err != nil || res.Changed || !res.Completed {
				t.Fatalf("StartRootRollover after completion = %+v, %v; want completed, unchanged", res, err)
			}
			if len(log) == 0 {
				t.Errorf("Logf was never called")
			}
		})
	}
}

func TestRootRolloverOldRootExpires(t *testing.T) {
	p := fixture()
	dev := newDevice(t)
	rot := newRotator(dev, rotation.Options{})
	_, err := rot.RotateClient(ctx, "Network1", clientCert(p.client2)) // valid beyond Root CA1
	must(t, err)
	_, err = rot.StartRootRollover(ctx, "Network1", p.root2.CertPEM)
	must(t, err)
	// Root CA1 expires on the device's clock before the server changes: the device loses
	// both networks; the rollover finishes, since the old root can no longer work.
	dev.SetTime(p.root1.Cert.NotAfter.Add(day))
	if _, ok := dev.WifiConnection(); ok {
		t.Fatal("connected after the old root expired")
	}
	res, err := rot.Resume(ctx, "Network1", rotation.RootRollover)
	must(t, err)
	if !res.Completed || res.Connected {
		t.Fatalf("Resume = %+v; want completed, not connected (the server still has the old PKI)", res)
	}
	wantStored(t, dev, "Network1 ClientCert1 RootCA1")
	must(t, dev.SetAccessPoint(server(p.server2, p.clientCA)))
	wantConnection(t, dev, "Network1", p.client2, p.root2)
}

func TestFinishRootRolloverForce(t *testing.T) {
	p := fixture()
	dev := newDevice(t)
	rot := newRotator(dev, rotation.Options{})
	_, err := rot.StartRootRollover(ctx, "Network1", p.root2.CertPEM)
	must(t, err)
	res, err := rot.FinishRootRollover(ctx, "Network1", false)
	must(t, err)
	if res.State != rotation.RootArmed || res.Changed {
		t.Fatalf("FinishRootRollover(false) while the old root works = %+v; want armed, unchanged", res)
	}
	res, err = rot.FinishRootRollover(ctx, "Network1", true)
	must(t, err)
	if !res.Completed || res.Connected {
		t.Fatalf("FinishRootRollover(true) = %+v; want completed, not connected", res)
	}
	wantCerts(t, dev, "ClientCert1", p.client1, "RootCA1", p.root2)
}

func TestCancelRootRollover(t *testing.T) {
	p := fixture()
	dev := newDevice(t)
	before := storeState(dev)
	rot := newRotator(dev, rotation.Options{})
	_, err := rot.StartRootRollover(ctx, "Network1", p.root2.CertPEM)
	must(t, err)
	res, err := rot.CancelRootRollover(ctx, "Network1")
	must(t, err)
	if res.State != rotation.Idle || !res.Changed {
		t.Fatalf("CancelRootRollover = %+v", res)
	}
	wantStored(t, dev, "Network1 ClientCert1 RootCA1")
	if got := storeState(dev); len(got) != len(before) {
		t.Fatalf("store after cancel = %v", ids(dev.Certificates()))
	}
	// Once the new root has replaced the old one, it is too late.
	_, err = rot.StartRootRollover(ctx, "Network1", p.root2.CertPEM)
	must(t, err)
	must(t, dev.SetAccessPoint(server(p.server2, p.clientCA)))
	dev.FailNext("ReloadConfig", syscall.EAGAIN)
	if _, err := rot.Resume(ctx, "Network1", rotation.RootRollover); !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("Resume with a failing reload = %v", err)
	}
	if _, err := rot.CancelRootRollover(ctx, "Network1"); !errors.Is(err, syscall.EBUSY) {
		t.Fatalf("CancelRootRollover while finishing = %v; want EBUSY", err)
	}
}

func TestRootRolloverErrors(t *testing.T) {
	p := fixture()
	t.Run("another root under way", func(t *testing.T) {
		dev := newDevice(t)
		rot := newRotator(dev, rotation.Options{})
		_, err := rot.StartRootRollover(ctx, "Network1", p.root2.CertPEM)
		must(t, err)
		other := fixture().rogueCA
		_, err = rot.StartRootRollover(ctx, "Network1", other.CertPEM)
		if !errors.Is(err, syscall.EEXIST) {
			t.Fatalf("StartRootRollover with another root = %v; want EEXIST", err)
		}
	})
	t.Run("staging identifier used by another network", func(t *testing.T) {
		dev := newDevice(t)
		setupNetwork(t, certstore.New(dev.CertStore()), wificonfig.New(dev.Wifi()), "Lab", "LabClient", "RootCA2")
		before := storeState(dev)
		rot := newRotator(dev, rotation.Options{})
		_, err := rot.StartRootRollover(ctx, "Network1", p.root2.CertPEM)
		var e *rotation.Error
		if !errors.Is(err, syscall.EEXIST) || !errors.As(err, &e) || e.Step != rotation.StepStage || !strings.Contains(err.Error(), "RootCA2") {
			t.Fatalf("StartRootRollover = %v; want EEXIST at %q naming RootCA2", err, rotation.StepStage)
		}
		if got := storeState(dev); len(got) != len(before) {
			t.Fatalf("the store changed")
		}
	})
	t.Run("no such network", func(t *testing.T) {
		dev := newDevice(t)
		_, err := newRotator(dev, rotation.Options{}).StartRootRollover(ctx, "Nope", p.root2.CertPEM)
		if !errors.Is(err, syscall.ENODEV) {
			t.Fatalf("StartRootRollover(Nope) = %v; want ENODEV", err)
		}
	})
	t.Run("not a certificate", func(t *testing.T) {
		dev := newDevice(t)
		_, err := newRotator(dev, rotation.Options{}).StartRootRollover(ctx, "Network1", []byte("junk"))
		if !errors.Is(err, syscall.EINVAL) {
			t.Fatalf("StartRootRollover(junk) = %v; want EINVAL", err)
		}
	})
	t.Run("disabled network", func(t *testing.T) {
		dev := newDevice(t)
		wifi := wificonfig.New(dev.Wifi())
		must(t, wifi.SetNetworkEnabled(0, false))
		rot := newRotator(dev, rotation.Options{})
		if _, err := rot.StartRootRollover(ctx, "Network1", p.root2.CertPEM); !errors.Is(err, syscall.EINVAL) {
			t.Fatalf("StartRootRollover on a disabled network = %v; want EINVAL", err)
		}
		if _, err := rot.RotateClient(ctx, "Network1", clientCert(p.client2)); !errors.Is(err, syscall.EINVAL) {
			t.Fatalf("RotateClient on a disabled network = %v; want EINVAL", err)
		}
		if len(dev.Certificates()) != 2 || len(dev.WifiRunningConfig()) != 1 {
			t.Fatalf("the device changed: %v", ids(dev.Certificates()))
		}
	})
	t.Run("client rotation under way", func(t *testing.T) {
		dev := newDevice(t)
		rot := newRotator(dev, rotation.Options{})
		must(t, dev.SetAccessPoint(server(p.server1))) // the server trusts no device: no verdict leaves the trial
		dev.FailNext("GetNetworkDiagnostics", syscall.EAGAIN)
		if _, err := rot.RotateClient(ctx, "Network1", clientCert(p.client2)); !errors.Is(err, syscall.EAGAIN) {
			t.Fatalf("RotateClient = %v", err)
		}
		_, err := rot.StartRootRollover(ctx, "Network1", p.root2.CertPEM)
		if !errors.Is(err, rotation.ErrBusy) || !errors.Is(err, syscall.EBUSY) {
			t.Fatalf("StartRootRollover during a client trial = %v; want ErrBusy", err)
		}
	})
}

func TestClientRotation(t *testing.T) {
	p := fixture()
	for _, mode := range []rotation.Mode{rotation.ModeKeepIdentifier, rotation.ModeSwitchIdentifier} {
		t.Run(mode.String(), func(t *testing.T) {
			dev := newDevice(t)
			rot := newRotator(dev, rotation.Options{ClientMode: mode})
			res, err := rot.RotateClient(ctx, "Network1", clientPEM(p.client2))
			must(t, err)
			if res.State != rotation.Idle || !res.Completed || !res.Connected || !res.Changed {
				t.Fatalf("RotateClient = %+v; want completed, connected", res)
			}
			wantConnection(t, dev, "Network1", p.client2, p.root1)
			if mode == rotation.ModeKeepIdentifier {
				// The move renames the new certificate in place; the old one's entry goes.
				wantCerts(t, dev, "RootCA1", p.root1, "ClientCert1", p.client2)
				wantStored(t, dev, "Network1 ClientCert1 RootCA1")
			} else {
				wantCerts(t, dev, "RootCA1", p.root1, "ClientCert2", p.client2)
				wantStored(t, dev, "Network1 ClientCert2 RootCA1")
			}
			// The old certificate's expiry no longer matters.
			dev.SetTime(p.client1.Cert.NotAfter.Add(day))
			dev.Reboot()
			wantConnection(t, dev, "Network1", p.client2, p.root1)
			res, err = rot.RotateClient(ctx, "Network1", clientPEM(p.client2))
			if err != nil || res.Changed || !res.Completed {
				t.Fatalf("RotateClient again = %+v, %v; want completed, unchanged", res, err)
			}
		})
	}
}

func TestClientRotationFallback(t *testing.T) {
	p := fixture()
	for _, tt := range []struct {
		name   string
		mode   rotation.Mode
		client func() rotation.ClientCertificate
	}{
		{"not yet valid", rotation.ModeKeepIdentifier, func() rotation.ClientCertificate { return clientCert(p.clientLate) }},
		{"untrusted CA", rotation.ModeSwitchIdentifier, func() rotation.ClientCertificate { return clientCert(p.clientRogue) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dev := newDevice(t)
			rot := newRotator(dev, rotation.Options{ClientMode: tt.mode})
			res, err := rot.RotateClient(ctx, "Network1", tt.client())
			var e *rotation.Error
			if !errors.Is(err, rotation.ErrRejected) || !errors.As(err, &e) || e.Step != rotation.StepCheck {
				t.Fatalf("RotateClient = %v; want ErrRejected at %q", err, rotation.StepCheck)
			}
			d := res.Rejection
			if d == nil || d.Error != wificonfig.DiagnosticErrorAuthenticationFailed || d.CertError != wificonfig.CertErrorInvalidClientAuth {
				t.Fatalf("Rejection = %+v; want AuthenticationFailed, InvalidClientAuth", d)
			}
			if res.State != rotation.ClientStaged || !res.Connected {
				t.Fatalf("RotateClient = %+v; want staged, connected (with the old certificate)", res)
			}
			wantConnection(t, dev, "Network1", p.client1, p.root1)
			wantStored(t, dev, "Network1 ClientCert1 RootCA1")
			if got := dev.Certificates(); len(got) != 3 || got[2].ID != "ClientCert2" {
				t.Fatalf("store = %v; want the new certificate kept as ClientCert2", ids(got))
			}
			st, err := rot.Status("Network1")
			must(t, err)
			if st.State != rotation.ClientStaged || !st.ClientStaged || st.Client.ID != "ClientCert1" {
				t.Fatalf("Status = %+v", st)
			}
		})
	}
}

// TestClientRotationLater: a rejected certificate stays staged; once it is valid (or the
// server trusts its CA) Resume completes the rotation.
func TestClientRotationLater(t *testing.T) {
	p := fixture()
	dev := newDevice(t)
	rot := newRotator(dev, rotation.Options{})
	if _, err := rot.RotateClient(ctx, "Network1", clientCert(p.clientLate)); !errors.Is(err, rotation.ErrRejected) {
		t.Fatalf("RotateClient = %v", err)
	}
	dev.Advance(31 * day)
	res, err := rot.Resume(ctx, "Network1", rotation.ClientRotation)
	must(t, err)
	if !res.Completed {
		t.Fatalf("Resume = %+v; want completed", res)
	}
	wantConnection(t, dev, "Network1", p.clientLate, p.root1)
	wantCerts(t, dev, "RootCA1", p.root1, "ClientCert1", p.clientLate)
}

func TestCancelClientRotation(t *testing.T) {
	p := fixture()
	dev := newDevice(t)
	rot := newRotator(dev, rotation.Options{})
	if _, err := rot.RotateClient(ctx, "Network1", clientCert(p.clientLate)); !errors.Is(err, rotation.ErrRejected) {
		t.Fatalf("RotateClient = %v", err)
	}
	res, err := rot.CancelClientRotation(ctx, "Network1")
	must(t, err)
	if res.State != rotation.Idle || !res.Changed {
		t.Fatalf("CancelClientRotation = %+v", res)
	}
	wantCerts(t, dev, "ClientCert1", p.client1, "RootCA1", p.root1)
}

// TestNothingToDo: with no rotation under way, every call reads and changes nothing.
func TestNothingToDo(t *testing.T) {
	dev := newDevice(t)
	pr := newProbe(dev)
	rot := rotation.New(certstore.New(pr.certs()), wificonfig.New(pr.wifi()), rotation.Options{Now: dev.Now})
	for _, p := range []rotation.Procedure{rotation.RootRollover, rotation.ClientRotation} {
		res, err := rot.Resume(ctx, "Network1", p)
		if err != nil || res.Changed || res.State != rotation.Idle || !res.Connected {
			t.Fatalf("Resume(%v) = %+v, %v", p, res, err)
		}
	}
	for _, f := range []func() (rotation.Result, error){
		func() (rotation.Result, error) { return rot.CancelRootRollover(ctx, "Network1") },
		func() (rotation.Result, error) { return rot.CancelClientRotation(ctx, "Network1") },
		func() (rotation.Result, error) { return rot.FinishRootRollover(ctx, "Network1", true) },
	} {
		if res, err := f(); err != nil || res.Changed {
			t.Fatalf("call = %+v, %v", res, err)
		}
	}
	if _, err := rot.Status("Network1"); err != nil {
		t.Fatal(err)
	}
	if w := pr.writes(); len(w) != 0 {
		t.Fatalf("calls with nothing to do changed the device: %v", w)
	}
	t.Logf("%d backend calls for the six calls above, none of them a change", len(pr.ops))
}

// TestSharedCertificates: another network naming the same certificates keeps them.
func TestSharedCertificates(t *testing.T) {
	p := fixture()
	dev := newDevice(t)
	wifi := wificonfig.New(dev.Wifi())
	// A second network (another SSID of the same RADIUS server) names both certificates.
	id, err := wifi.AddDuplicateNetwork(0, "Network5G")
	must(t, err)
	must(t, wifi.SetSSID(id, []byte("Contoso-5G")))
	must(t, wifi.SetNetworkEnabled(id, true))
	must(t, wifi.PersistConfig())
	rot := newRotator(dev, rotation.Options{RootMode: rotation.ModeSwitchIdentifier, ClientMode: rotation.ModeSwitchIdentifier})
	_, err = rot.RotateClient(ctx, "Network1", clientCert(p.client2))
	must(t, err)
	_, err = rot.StartRootRollover(ctx, "Network1", p.root2.CertPEM)
	must(t, err)
	must(t, dev.SetAccessPoint(server(p.server2, p.clientCA)))
	res, err := rot.Resume(ctx, "Network1", rotation.RootRollover)
	must(t, err)
	if !res.Completed {
		t.Fatalf("Resume = %+v", res)
	}
	wantStored(t, dev, "Network1 ClientCert2 RootCA2", "Network5G ClientCert1 RootCA1")
	wantCerts(t, dev, "ClientCert1", p.client1, "RootCA1", p.root1, "ClientCert2", p.client2, "RootCA2", p.root2)
}

func TestStatusAndDue(t *testing.T) {
	p := fixture()
	dev := newDevice(t)
	rot := newRotator(dev, rotation.Options{})
	d, err := rot.Due("Network1", 30*day)
	must(t, err)
	if d.RootCA || d.Client || !d.ClientNotAfter.Equal(p.client1.Cert.NotAfter) {
		t.Fatalf("Due(30 days) = %+v; want nothing due", d)
	}
	dev.Advance(31 * day)
	if d, _ := rot.Due("Network1", 30*day); !d.Client || d.RootCA {
		t.Fatalf("Due(30 days) at +31 days = %+v; want the client certificate", d)
	}
	if d, _ := rot.Due("Network1", 200*day); !d.Client || !d.RootCA {
		t.Fatalf("Due(200 days) = %+v; want both", d)
	}
	st, err := rot.Status("Network1")
	must(t, err)
	if st.State != rotation.Idle || st.RootCA.ID != "RootCA1" || st.Client.ID != "ClientCert1" || !st.Connected {
		t.Fatalf("Status = %+v", st)
	}
}
