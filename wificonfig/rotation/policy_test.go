package rotation_test

import (
	"context"
	"errors"
	"testing"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/rotation"
)

// fakeSource hands out fixed certificates and counts the requests.
type fakeSource struct {
	root           *pkitest.Cert
	client         *pkitest.Cert
	err            error
	roots, clients int
}

func (s *fakeSource) NewRootCA(ctx context.Context, network string, current certstore.Certificate) ([]byte, error) {
	s.roots++
	if s.err != nil || s.root == nil {
		return nil, s.err
	}
	return s.root.CertPEM, nil
}

func (s *fakeSource) NewClientCertificate(ctx context.Context, network string, current certstore.Certificate) (*rotation.ClientCertificate, error) {
	s.clients++
	if s.err != nil || s.client == nil {
		return nil, s.err
	}
	c := clientCert(s.client)
	return &c, nil
}

func TestMaintain(t *testing.T) {
	p := fixture()
	dev := newDevice(t)
	rot := newRotator(dev, rotation.Options{})
	src := &fakeSource{root: p.root2, client: p.clientLate}
	const within = 30 * day
	maintain := func() (rotation.Report, error) { return rot.Maintain(ctx, "Network1", within, src) }

	// Nothing due: nothing asked, nothing changed.
	rep, err := maintain()
	if err != nil || rep.Client != nil || rep.RootCA != nil || src.roots+src.clients != 0 {
		t.Fatalf("Maintain with nothing due = %+v, %v; source asked %d+%d times", rep, err, src.roots, src.clients)
	}

	// At +31 days the client certificate is due; the renewal is valid from +30 days.
	dev.Advance(31 * day)
	rep, err = maintain()
	must(t, err)
	if !rep.Due.Client || rep.Client == nil || !rep.Client.Completed || src.clients != 1 {
		t.Fatalf("Maintain with the client certificate due = %+v; want it rotated", rep)
	}
	wantConnection(t, dev, "Network1", p.clientLate, p.root1)

	// At +171 days the root CA is due: the rollover is armed and waits.
	dev.Advance(140 * day)
	rep, err = maintain()
	must(t, err)
	if !rep.Due.RootCA || rep.RootCA == nil || rep.RootCA.State != rotation.RootArmed || src.roots != 1 {
		t.Fatalf("Maintain with the root CA due = %+v", rep)
	}
	rep, err = maintain()
	must(t, err)
	if rep.RootCA == nil || rep.RootCA.State != rotation.RootArmed || rep.RootCA.Changed || src.roots != 1 {
		t.Fatalf("Maintain while armed = %+v; want armed, unchanged, no new request", rep)
	}
	must(t, dev.SetAccessPoint(server(p.server2, p.clientCA)))
	rep, err = maintain()
	must(t, err)
	if rep.RootCA == nil || !rep.RootCA.Completed {
		t.Fatalf("Maintain after the server changed = %+v; want the rollover completed", rep)
	}
	wantConnection(t, dev, "Network1", p.clientLate, p.root2)
}

// TestMaintainWaitsForValidity: a staged client certificate that the server rejected
// because it was not valid yet is not tried again until the device's clock says it is.
func TestMaintainWaitsForValidity(t *testing.T) {
	p := fixture()
	dev := newDevice(t)
	rot := newRotator(dev, rotation.Options{})
	src := &fakeSource{client: p.clientLate}
	dev.Advance(5 * day)
	rep, err := rot.Maintain(ctx, "Network1", 60*day, src)
	if !errors.Is(err, rotation.ErrRejected) || rep.Client == nil || rep.Client.State != rotation.ClientStaged {
		t.Fatalf("Maintain = %+v, %v; want the early certificate rejected and staged", rep, err)
	}
	pr := newProbe(dev)
	rot = rotation.New(certstore.New(pr.certs()), wificonfig.New(pr.wifi()), rotation.Options{Now: dev.Now})
	rep, err = rot.Maintain(ctx, "Network1", 60*day, src)
	if err != nil || rep.Client == nil || rep.Client.State != rotation.ClientStaged || len(pr.writes()) != 0 || src.clients != 1 {
		t.Fatalf("Maintain before the staged certificate is valid = %+v, %v, writes %v, %d requests; want nothing done", rep, err, pr.writes(), src.clients)
	}
	dev.Advance(26 * day)
	rep, err = rot.Maintain(ctx, "Network1", 60*day, src)
	if err != nil || rep.Client == nil || !rep.Client.Completed || src.clients != 1 {
		t.Fatalf("Maintain once the staged certificate is valid = %+v, %v; want it rotated without a new request", rep, err)
	}
}

func TestMaintainSourceError(t *testing.T) {
	dev := newDevice(t)
	dev.Advance(190 * day)
	boom := errors.New("issuing service unreachable")
	rep, err := newRotator(dev, rotation.Options{}).Maintain(ctx, "Network1", 30*day, &fakeSource{err: boom})
	if !errors.Is(err, boom) || !rep.Due.Client || !rep.Due.RootCA {
		t.Fatalf("Maintain = %+v, %v; want both due and the source's error", rep, err)
	}
	if len(dev.WifiStoredConfig()) != 1 || len(dev.Certificates()) != 2 {
		t.Fatalf("Maintain changed the device")
	}
}

// TestMaintainClientDueDuringRollover: a client certificate that falls due while a root-CA
// rollover waits is reported (ErrBusy), not silently left to expire.
func TestMaintainClientDueDuringRollover(t *testing.T) {
	p := fixture()
	dev := newDevice(t)
	rot := newRotator(dev, rotation.Options{})
	_, err := rot.StartRootRollover(ctx, "Network1", p.root2.CertPEM)
	must(t, err)
	dev.Advance(40 * day)
	src := &fakeSource{client: p.client2}
	rep, err := rot.Maintain(ctx, "Network1", 30*day, src)
	if !errors.Is(err, rotation.ErrBusy) || rep.Client != nil || rep.RootCA == nil || rep.RootCA.State != rotation.RootArmed || src.clients != 0 {
		t.Fatalf("Maintain = %+v, %v; want ErrBusy for the client, the rollover still armed", rep, err)
	}
}
