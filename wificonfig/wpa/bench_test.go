package wpa_test

import (
	"context"
	"crypto/x509/pkix"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/filestore"
	"github.com/azsphere-go/applibs/internal/eaplab"
	"github.com/azsphere-go/applibs/internal/wpactrl"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/wpa"
)

// BenchmarkReloadToConnected measures the time from ReloadConfig to EAP-TLS success
// (impl=Backend) against wpa_cli doing the same steps on the same lab in the same run
// (impl=wpa_cli: remove_network all, add_network, set_network for each setting,
// select_network). Both wait for CTRL-EVENT-EAP-SUCCESS on a monitor of their own; the
// backend's figure also includes a GetConnectedNetworkID that confirms the connection. It
// needs the lab (root, hostapd, wpasupplicant, iproute2) and skips without it. Compare with
// benchstat -col /impl.
func BenchmarkReloadToConnected(b *testing.B) { benchReload(b, true) }

// BenchmarkReloadCall measures only the configuration steps, without waiting for the
// connection: ReloadConfig returning (impl=Backend) against the same steps through wpa_cli, one
// process per command (impl=wpa_cli). The daemon's 802.1X timers, which dominate
// BenchmarkReloadToConnected, are left out.
func BenchmarkReloadCall(b *testing.B) { benchReload(b, false) }

func benchReload(b *testing.B, connect bool) {
	if err := eaplab.Check(); err != nil {
		b.Skipf("needs the EAP-TLS lab: %v (%s)", err, eaplab.Install)
	}
	wpaCLI, err := exec.LookPath("wpa_cli")
	if err != nil {
		wpaCLI = "/usr/sbin/wpa_cli"
	}
	ca := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Bench Root"}})
	srv := ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "bench radius"}})
	dev := ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "bench device"}})
	lab := eaplab.New(b, eaplab.ServerPKI{ClientCA: ca.CertPEM, ServerCert: srv.CertPEM, ServerKey: srv.MustKeyPEM(pkitest.PKCS8, nil)})

	fs, err := filestore.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer fs.Close()
	certs := certstore.New(fs)
	pw := []byte("pw")
	if err := certs.InstallRootCACertificate("Root", ca.CertPEM); err != nil {
		b.Fatal(err)
	}
	if err := certs.InstallClientCertificate("Client", dev.CertPEM, dev.MustKeyPEM(pkitest.EncryptedPKCS8, pw), pw); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	mon, err := wpactrl.Attach(ctx, lab.CtrlPath(), "", 256)
	if err != nil {
		b.Fatal(err)
	}
	defer mon.Close()
	waitSuccess := func() {
		if !connect {
			return
		}
		timeout := time.After(waitFor)
		for {
			select {
			case ev := <-mon.Events():
				if ev.Name == wpactrl.EventEAPSuccess {
					return
				}
			case <-timeout:
				b.Fatal("no EAP success")
			}
		}
	}
	drain := func() {
		for {
			select {
			case <-mon.Events():
			default:
				return
			}
		}
	}

	b.Run("impl=Backend", func(b *testing.B) {
		be, err := wpa.Open(ctx, lab.CtrlPath(), fs, b.TempDir(), wpa.Wired(), wpa.WithEAPOLTimers(1, 1, 60))
		if err != nil {
			b.Fatal(err)
		}
		defer be.Close()
		cfg := wificonfig.New(be)
		id, _ := cfg.AddNetwork()
		for _, err := range []error{
			cfg.SetSSID(id, []byte("bench")), cfg.SetSecurityType(id, wificonfig.SecurityWPA2EAPTLS),
			cfg.SetClientIdentity(id, "bench"), cfg.SetClientCertStoreIdentifier(id, "Client"),
			cfg.SetRootCACertStoreIdentifier(id, "Root"), cfg.SetNetworkEnabled(id, true), cfg.PersistConfig(),
		} {
			if err != nil {
				b.Fatal(err)
			}
		}
		waitSuccess()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			drain()
			if err := cfg.ReloadConfig(); err != nil {
				b.Fatal(err)
			}
			waitSuccess()
			if !connect {
				continue
			}
			if got, err := cfg.GetConnectedNetworkID(); err != nil || got != 0 {
				b.Fatalf("GetConnectedNetworkID() = %d, %v", got, err)
			}
		}
	})

	b.Run("impl=wpa_cli", func(b *testing.B) {
		caPath, _, _ := fs.Paths("Root")
		certPath, keyPath, _ := fs.Paths("Client")
		cli := func(args ...string) string {
			out, err := exec.Command(wpaCLI, append([]string{"-p", lab.CtrlDir(), "-i", lab.IfSupp}, args...)...).CombinedOutput()
			if err != nil {
				b.Fatalf("wpa_cli %s: %v: %s", args, err, out)
			}
			return strings.TrimSpace(string(out))
		}
		if out := cli("set", "EAPOL::startPeriod", "1"); out != "OK" {
			b.Fatalf("wpa_cli set: %s", out)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			drain()
			cli("remove_network", "all")
			id := cli("add_network")
			for _, kv := range [][2]string{
				{"ssid", `"bench"`}, {"scan_ssid", "0"}, {"key_mgmt", "IEEE8021X"}, {"eapol_flags", "0"},
				{"eap", "TLS"}, {"identity", `"bench"`}, {"ca_cert", `"` + caPath + `"`},
				{"client_cert", `"` + certPath + `"`}, {"private_key", `"` + keyPath + `"`},
			} {
				cli("set_network", id, kv[0], kv[1])
			}
			cli("select_network", id)
			waitSuccess()
		}
	})
}
