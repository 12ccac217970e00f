package main

import (
	"context"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/rotation"
)

const day = 24 * time.Hour

// The radio environment: the EAP-TLS network's access point.
var (
	ssid  = []byte("Contoso-Secure")
	bssid = wificonfig.BSSID{0x02, 0xc0, 0x50, 0x00, 0x00, 0x02}
)

// pki is the world's certificates: the RADIUS server's old and new hierarchy and the CA that
// signs device certificates. Validity is on the device's clock, which starts at sim.Epoch.
type pki struct {
	oldRoot, newRoot     *pkitest.Cert
	oldServer, newServer *pkitest.Cert
	deviceCA             *pkitest.Cert
}

func name(cn string) pkix.Name {
	return pkix.Name{Country: []string{"US"}, Organization: []string{"Contoso"}, CommonName: cn}
}

func newPKI(t0 time.Time) (*pki, error) {
	var p pki
	var err error
	mk := func(ca *pkitest.Cert, cn string, from, to time.Time, usage pkitest.Usage) *pkitest.Cert {
		if err != nil {
			return nil
		}
		o := pkitest.Options{Subject: name(cn), NotBefore: from, NotAfter: to, Usage: usage}
		var c *pkitest.Cert
		if ca == nil {
			c, err = pkitest.NewCA(o)
		} else {
			c, err = ca.Issue(o)
		}
		return c
	}
	p.oldRoot = mk(nil, "Contoso RADIUS Root 2023", t0.AddDate(-3, 0, 0), t0.Add(150*day), 0)
	p.oldServer = mk(p.oldRoot, "radius.contoso.example", t0.AddDate(-1, 0, 0), t0.Add(149*day), pkitest.ServerOnly)
	p.newRoot = mk(nil, "Contoso RADIUS Root 2026", t0.Add(-30*day), t0.AddDate(10, 0, 0), 0)
	p.newServer = mk(p.newRoot, "radius.contoso.example", t0.Add(-30*day), t0.AddDate(2, 0, 0), pkitest.ServerOnly)
	p.deviceCA = mk(nil, "Contoso Device CA", t0.AddDate(-3, 0, 0), t0.AddDate(10, 0, 0), 0)
	return &p, err
}

// serve makes the access point's RADIUS server present leaf, trusting the device CA.
func serve(dev *sim.Device, p *pki, leaf *pkitest.Cert) error {
	return dev.SetAccessPoint(sim.AccessPoint{SSID: ssid, BSSID: bssid, SignalRSSI: -48, Security: wificonfig.SecurityWPA2EAPTLS,
		Server: &sim.AuthServer{Chain: []*x509.Certificate{leaf.Cert}, Key: leaf.Key, ClientCAs: []*x509.Certificate{p.deviceCA.Cert}}})
}

// provision gives the device what it has when it leaves the factory: the old root CA as
// RootCA1, a client certificate valid for 40 more days as ClientCert1, and the network.
func provision(dev *sim.Device, p *pki) error {
	t0 := dev.Now()
	client, err := p.deviceCA.Issue(pkitest.Options{Subject: name("device-0001"), NotBefore: t0.AddDate(-1, 0, 0), NotAfter: t0.Add(40 * day), Usage: pkitest.ClientOnly})
	if err != nil {
		return err
	}
	store, wifi := certstore.New(dev.CertStore()), wificonfig.New(dev.Wifi())
	if err := store.InstallRootCACertificate("RootCA1", p.oldRoot.CertPEM); err != nil {
		return err
	}
	if err := store.InstallClientCertificate("ClientCert1", client.CertPEM, client.MustKeyPEM(pkitest.PKCS8, nil), nil); err != nil {
		return err
	}
	id, err := wifi.AddNetwork()
	if err != nil {
		return err
	}
	for _, step := range []func() error{
		func() error { return wifi.SetSSID(id, ssid) },
		func() error { return wifi.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS) },
		func() error { return wifi.SetClientIdentity(id, "device-0001") },
		func() error { return wifi.SetClientCertStoreIdentifier(id, "ClientCert1") },
		func() error { return wifi.SetRootCACertStoreIdentifier(id, "RootCA1") },
		func() error { return wifi.SetConfigName(id, network) },
		func() error { return wifi.SetNetworkEnabled(id, true) },
		wifi.PersistConfig,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// service is the cloud service the application gets its certificates from: it issues client
// certificates for the device and hands out the RADIUS server's next root CA once the
// network administrator has published it. Its clock runs clockAhead ahead of the
// device's, so the first certificate it issues starts in the device's future: the case the
// documented procedure falls back on.
type service struct {
	dev        *sim.Device
	p          *pki
	out        io.Writer
	clockAhead time.Duration
	rootFrom   time.Time // the new root CA is published from then (device's clock)
	issued     int
}

var _ rotation.Source = (*service)(nil)

func (s *service) NewClientCertificate(ctx context.Context, network string, current certstore.Certificate) (*rotation.ClientCertificate, error) {
	now := s.dev.Now().Add(s.clockAhead)
	s.issued++
	c, err := s.p.deviceCA.Issue(pkitest.Options{Subject: name("device-0001"), NotBefore: now, NotAfter: now.AddDate(1, 0, 0), Usage: pkitest.ClientOnly})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(s.out, "  (service) issued client certificate %d, valid %s to %s\n", s.issued, c.Cert.NotBefore.Format(time.DateOnly), c.Cert.NotAfter.Format(time.DateOnly))
	return &rotation.ClientCertificate{Cert: c.CertPEM, Key: c.MustKeyPEM(pkitest.PKCS8, nil)}, nil
}

func (s *service) NewRootCA(ctx context.Context, network string, current certstore.Certificate) ([]byte, error) {
	if s.dev.Now().Before(s.rootFrom) {
		fmt.Fprintf(s.out, "  (service) no new root CA published yet\n")
		return nil, nil
	}
	fmt.Fprintf(s.out, "  (service) handed out the new root CA %s\n", s.p.newRoot.Cert.Subject.CommonName)
	return s.p.newRoot.CertPEM, nil
}
