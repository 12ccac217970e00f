package wpa_test

import (
	"context"
	"crypto/x509/pkix"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/rotation"
)

// These tests run the procedures of package wificonfig/rotation against the real
// authenticator: hostapd and wpa_supplicant in network namespaces, the wpa backend over a
// filestore certificate store (the rig of lab_test.go). Each takes several connection
// cycles, so they are long scenarios: they run with APPLIBS_TEST_FULL=1, and fail under
// CI=true when a tool is missing.

// rotator returns a Rotator over the rig's store and backend, on the wall clock, polling as
// fast as the tests' waits do.
func (r *rig) rotator(root, client rotation.Mode) *rotation.Rotator {
	return rotation.New(r.certs, r.cfg, rotation.Options{
		RootMode: root, ClientMode: client, PollInterval: 50 * time.Millisecond, ConnectTimeout: waitFor,
		Logf: func(format string, args ...any) { r.t.Logf(format, args...) },
	})
}

// storeIDs returns the identifiers in the rig's certificate store.
func (r *rig) storeIDs() string {
	var ids []string
	for id, err := range r.certs.Identifiers() {
		r.must(err)
		ids = append(ids, id)
	}
	return strings.Join(ids, " ")
}

func (r *rig) wantStoreIDs(want string) {
	r.t.Helper()
	if got := r.storeIDs(); got != want {
		r.t.Errorf("certificate store holds %q, want %q", got, want)
	}
}

func (r *rig) wantNetworks(n int) {
	r.t.Helper()
	if got, err := r.cfg.GetStoredNetworkCount(); err != nil || got != n {
		r.t.Errorf("GetStoredNetworkCount() = %d, %v; want %d", got, err, n)
	}
}

func TestRotationRootRolloverLab(t *testing.T) {
	longScenario(t)
	t.Parallel()
	for _, mode := range []rotation.Mode{rotation.ModeKeepIdentifier, rotation.ModeSwitchIdentifier} {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			tag := map[rotation.Mode]string{rotation.ModeKeepIdentifier: "K", rotation.ModeSwitchIdentifier: "S"}[mode]
			old := newPKI(t, "RR1"+tag, nil)
			next := newPKI(t, "RR2"+tag, old.clientCA)
			r := newRig(t, old.serverPKI)
			r.must(r.certs.InstallRootCACertificate("RootCA1", old.serverCA.CertPEM))
			r.installClient("ClientCert1", old.clientCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device"}}))
			r.addEAPNetwork("Network1", "ClientCert1", "RootCA1")
			r.must(r.cfg.PersistConfig())
			r.waitConnected("Network1")
			ctx := context.Background()

			rot := r.rotator(mode, rotation.ModeKeepIdentifier)
			res, err := rot.StartRootRollover(ctx, "Network1", next.serverCA.CertPEM)
			r.must(err)
			if res.State != rotation.RootArmed || !res.Connected {
				t.Fatalf("StartRootRollover = %+v; want armed, connected", res)
			}
			// A reboot (the backend opened again on the same state) keeps the armed rollover:
			// only what was persisted survives, and that is all of it.
			r.must(r.b.Close())
			r.open()
			rot = r.rotator(mode, rotation.ModeKeepIdentifier)
			r.waitConnected("Network1")
			res, err = rot.Resume(ctx, "Network1", rotation.RootRollover)
			r.must(err)
			if res.State != rotation.RootArmed || res.Changed {
				t.Fatalf("Resume after a reboot while the old PKI works = %+v; want armed, unchanged", res)
			}

			// The server changes to the new PKI and re-authenticates the link: the device
			// fails on Network1 and moves to the duplicate.
			r.lab.StartHostapd(next.serverPKI)
			reauth(t, r.lab)
			r.waitConnected("Network1+ca")
			res, err = rot.Resume(ctx, "Network1", rotation.RootRollover)
			r.must(err)
			if !res.Completed || !res.Connected || res.State != rotation.Idle {
				t.Fatalf("Resume after the server changed = %+v; want completed, connected", res)
			}
			r.waitConnected("Network1")
			r.wantNetworks(1)
			id, err := r.cfg.GetNetworkIDByConfigName("Network1")
			r.must(err)
			rootID, err := r.cfg.GetRootCACertStoreIdentifier(id)
			r.must(err)
			subject, err := r.certs.GetCertificateSubjectName(rootID)
			r.must(err)
			if mode == rotation.ModeKeepIdentifier {
				r.wantStoreIDs("ClientCert1 RootCA1")
			} else {
				r.wantStoreIDs("ClientCert1 RootCA2")
			}
			if !strings.Contains(subject, "RR2"+tag+" Server Root") {
				t.Errorf("Network1 trusts %s (%s), want the new root", rootID, subject)
			}
		})
	}
}

func TestRotationClientLab(t *testing.T) {
	longScenario(t)
	t.Parallel()
	tests := []struct {
		name   string
		mode   rotation.Mode
		client func(p pkiSet) *pkitest.Cert // nil: a good renewal
	}{
		{"accepted, keep identifier", rotation.ModeKeepIdentifier, nil},
		{"accepted, switch identifier", rotation.ModeSwitchIdentifier, nil},
		{"not yet valid", rotation.ModeKeepIdentifier, func(p pkiSet) *pkitest.Cert {
			return p.clientCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device early"}, NotBefore: time.Now().Add(24 * time.Hour)})
		}},
		{"untrusted CA", rotation.ModeSwitchIdentifier, func(pkiSet) *pkitest.Cert {
			rogue := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Rogue CA"}})
			return rogue.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device rogue"}})
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newPKI(t, "CR"+string(rune('A'+i)), nil)
			r := newRig(t, p.serverPKI)
			r.must(r.certs.InstallRootCACertificate("RootCA1", p.serverCA.CertPEM))
			r.installClient("ClientCert1", p.clientCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device gen1"}}))
			r.addEAPNetwork("Network1", "ClientCert1", "RootCA1")
			r.must(r.cfg.PersistConfig())
			r.waitConnected("Network1")
			ctx := context.Background()
			rot := r.rotator(rotation.ModeKeepIdentifier, tt.mode)
			renewal := func(c *pkitest.Cert) rotation.ClientCertificate {
				pw := []byte("renewal password")
				return rotation.ClientCertificate{Cert: c.CertPEM, Key: c.MustKeyPEM(pkitest.EncryptedPKCS8, pw), Password: pw}
			}
			good := p.clientCA.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device gen2"}})

			if tt.client != nil {
				// The fallback: the server refuses the certificate; the network goes back to
				// the old one, which connects again; the new one stays staged.
				res, err := rot.RotateClient(ctx, "Network1", renewal(tt.client(p)))
				if !errors.Is(err, rotation.ErrRejected) {
					t.Fatalf("RotateClient = %+v, %v; want ErrRejected", res, err)
				}
				d := res.Rejection
				if d == nil || d.Error != wificonfig.DiagnosticErrorAuthenticationFailed || d.CertError != wificonfig.CertErrorInvalidClientAuth {
					t.Errorf("Rejection = %+v; want AuthenticationFailed, InvalidClientAuth", d)
				}
				if res.State != rotation.ClientStaged || !res.Connected {
					t.Errorf("RotateClient = %+v; want staged, connected with the old certificate", res)
				}
				r.waitConnected("Network1")
				r.wantNetworks(1)
				r.wantStoreIDs("RootCA1 ClientCert1 ClientCert2")
				id, _ := r.cfg.GetNetworkIDByConfigName("Network1")
				if got, _ := r.cfg.GetClientCertStoreIdentifier(id); got != "ClientCert1" {
					t.Errorf("Network1 presents %q, want ClientCert1", got)
				}
			}
			// A good renewal (replacing a rejected one, if any) is accepted.
			res, err := rot.RotateClient(ctx, "Network1", renewal(good))
			r.must(err)
			if !res.Completed || !res.Connected {
				t.Fatalf("RotateClient = %+v; want completed, connected", res)
			}
			r.waitConnected("Network1")
			r.wantNetworks(1)
			if tt.mode == rotation.ModeKeepIdentifier {
				r.wantStoreIDs("RootCA1 ClientCert1")
			} else {
				r.wantStoreIDs("RootCA1 ClientCert2")
			}
			id, err := r.cfg.GetNetworkIDByConfigName("Network1")
			r.must(err)
			clientID, err := r.cfg.GetClientCertStoreIdentifier(id)
			r.must(err)
			if subj, _ := r.certs.GetCertificateSubjectName(clientID); subj != "/CN=device gen2" {
				t.Errorf("Network1 presents %s = %q, want the renewal", clientID, subj)
			}
			if !r.lab.LogContains("hostapd.log", "CN=device gen2") {
				t.Errorf("hostapd never saw the renewal")
			}
		})
	}
}
