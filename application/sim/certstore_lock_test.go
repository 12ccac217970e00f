package sim

import (
	"crypto"
	"crypto/x509/pkix"
	"errors"
	"sync"
	"syscall"
	"testing"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/internal/certparse"
	"github.com/azsphere-go/applibs/pkitest"
)

// lockPKI is a root CA and a client certificate with an encrypted key, made once.
var lockPKI = sync.OnceValue(func() (p struct {
	ca, leaf *pkitest.Cert
	key, pw  []byte
}) {
	p.ca = pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Root"}, NotBefore: Epoch.AddDate(-1, 0, 0), NotAfter: Epoch.AddDate(1, 0, 0)})
	p.leaf = p.ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "Client"}, NotBefore: Epoch.AddDate(-1, 0, 0), NotAfter: Epoch.AddDate(1, 0, 0)})
	p.pw = []byte("secret")
	p.key = p.leaf.MustKeyPEM(pkitest.EncryptedPKCS8, p.pw)
	return p
})

// parseProbe installs a testHookParse for one device until the test ends. The hook reports
// each parse on the returned channel, with whether the device's lock was free at that moment,
// and then waits until release is closed. Other devices pass through.
func parseProbe(t *testing.T, d *Device) (parsing <-chan bool, release chan struct{}) {
	t.Helper()
	ch := make(chan bool, 16)
	release = make(chan struct{})
	hook := func(hd *Device, op, id string) {
		if hd != d {
			return
		}
		free := d.mu.TryLock()
		if free {
			d.mu.Unlock()
		}
		ch <- free
		if free {
			// Wait only when the lock is free: with the lock held, waiting would
			// deadlock the test instead of failing it.
			<-release
		}
	}
	testHookParse.Store(&hook)
	t.Cleanup(func() { testHookParse.Store(nil) })
	return ch, release
}

// TestInstallParsesWithoutTheLock is the regression test of defect 11.6's second half: an
// install parses and decrypts without holding the device's lock, so while one install is in
// its content checks, every other call on the device goes through. The hook holds the install
// in its parse step until the test has completed the other calls; no timing is involved (if
// they waited for the install, the test would not finish).
func TestInstallParsesWithoutTheLock(t *testing.T) {
	p := lockPKI()
	for _, open := range []bool{false, true} {
		name := map[bool]string{false: "New", true: "Open"}[open]
		t.Run(name, func(t *testing.T) {
			d := New(Options{})
			if open {
				var err error
				if d, err = Open(t.TempDir(), Options{}); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { d.Close() })
			}
			s := certstore.New(d.CertStore())
			parsing, release := parseProbe(t, d)
			done := make(chan error, 1)
			go func() { done <- s.InstallClientCertificate("client", p.leaf.CertPEM, p.key, p.pw) }()
			if free := <-parsing; !free {
				t.Fatal("InstallClientCertificate parses its blobs while holding the device's lock")
			}

			// The install is parked in its parse step. Everything else goes through.
			if n, err := s.GetCertificateCount(); n != 0 || err != nil {
				t.Errorf("GetCertificateCount() = %d, %v during the install; want 0, nil", n, err)
			}
			if _, err := s.GetAvailableSpace(); err != nil {
				t.Errorf("GetAvailableSpace: %v", err)
			}
			d.FailNext("DeleteCertificate", syscall.EAGAIN)
			if err := s.DeleteCertificate("x"); !errors.Is(err, syscall.EAGAIN) {
				t.Errorf("DeleteCertificate with a fault injected: %v, want EAGAIN", err)
			}
			_ = d.Now()
			_ = d.Certificates()
			// A second install (root CA) through its own parse: the hook lets it report
			// and waits for release too, so run it in the background.
			root := make(chan error, 1)
			go func() { root <- s.InstallRootCACertificate("root", p.ca.CertPEM) }()
			if free := <-parsing; !free {
				t.Fatal("InstallRootCACertificate parses while holding the device's lock")
			}
			close(release)
			if err := <-done; err != nil {
				t.Fatalf("the parked install: %v", err)
			}
			if err := <-root; err != nil {
				t.Fatalf("the second install: %v", err)
			}
			if n, _ := s.GetCertificateCount(); n != 2 {
				t.Errorf("GetCertificateCount() = %d after both installs, want 2", n)
			}
		})
	}
}

// TestInstallEntryChecksFirst: a fault or a missing capability fails an install before any
// parsing; a capability removed while the install parses fails it at the commit, and the
// store is unchanged; a fault injected while it parses is for the next call.
func TestInstallEntryChecksFirst(t *testing.T) {
	p := lockPKI()
	d := New(Options{})
	s := certstore.New(d.CertStore())
	parsing, release := parseProbe(t, d)
	close(release) // report, do not wait

	d.FailNext("InstallClientCertificate", syscall.EAGAIN)
	if err := s.InstallClientCertificate("client", p.leaf.CertPEM, p.key, p.pw); !errors.Is(err, syscall.EAGAIN) {
		t.Errorf("with a fault injected: %v, want EAGAIN", err)
	}
	d.SetCapabilities(Capabilities{})
	if err := s.InstallRootCACertificate("root", p.ca.CertPEM); !errors.Is(err, syscall.EACCES) {
		t.Errorf("without the capability: %v, want EACCES", err)
	}
	select {
	case <-parsing:
		t.Error("an install that failed its entry checks parsed its blobs")
	default:
	}
	d.SetCapabilities(*AllCapabilities())

	// The capability goes while the install parses.
	reached, hold := make(chan bool), make(chan struct{})
	var once sync.Once
	hook := func(hd *Device, op, id string) {
		if hd != d {
			return
		}
		once.Do(func() {
			free := d.mu.TryLock()
			if free {
				d.mu.Unlock()
			}
			reached <- free
			if free {
				<-hold
			}
		})
	}
	testHookParse.Store(&hook)
	done := make(chan error, 1)
	go func() { done <- s.InstallRootCACertificate("root", p.ca.CertPEM) }()
	if free := <-reached; !free {
		t.Fatal("InstallRootCACertificate parses while holding the device's lock")
	}
	d.SetCapabilities(Capabilities{})
	d.FailNext("InstallRootCACertificate", syscall.EAGAIN)
	close(hold)
	if err := <-done; !errors.Is(err, syscall.EACCES) {
		t.Errorf("capability removed during the install: %v, want EACCES", err)
	}
	d.SetCapabilities(*AllCapabilities())
	if got := d.Certificates(); len(got) != 0 {
		t.Errorf("the install that lost its capability stored %d certificates", len(got))
	}
	// The fault injected during that call is still queued for this one.
	if err := s.InstallRootCACertificate("root", p.ca.CertPEM); !errors.Is(err, syscall.EAGAIN) {
		t.Errorf("next install: %v, want the EAGAIN injected during the previous one", err)
	}
}

// TestPlainKeyFits: for every encrypted format the device accepts, the decrypted key as
// PKCS#8 fits in the length of the encrypted blob, so a device made by Open never decrypts a
// key twice, and the padded blob parses back to the same key.
func TestPlainKeyFits(t *testing.T) {
	nb, na := Epoch.AddDate(-1, 0, 0), Epoch.AddDate(1, 0, 0)
	for _, kt := range []pkitest.KeyType{pkitest.ECDSAP256, pkitest.RSA2048} {
		c := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "k"}, NotBefore: nb, NotAfter: na, KeyType: kt})
		for _, f := range []pkitest.KeyFormat{pkitest.EncryptedPKCS8, pkitest.LegacyEncrypted} {
			enc := c.MustKeyPEM(f, []byte("pw"))
			_, key, err := certparse.ClientCertificate(c.CertPEM, enc, []byte("pw"))
			if err != nil {
				t.Fatal(err)
			}
			plain := plainKey(key, len(enc))
			if plain == nil {
				t.Errorf("key type %v, format %v: the plain key does not fit in %d bytes", kt, f, len(enc))
				continue
			}
			if len(plain) != len(enc) {
				t.Errorf("key type %v, format %v: plain key of %d bytes, want %d", kt, f, len(plain), len(enc))
			}
			back, err := certparse.PrivateKey(plain, nil)
			if err != nil {
				t.Fatalf("the padded plain key does not parse: %v", err)
			}
			if !back.Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(key.Public()) {
				t.Errorf("key type %v, format %v: the plain key is another key", kt, f)
			}
		}
	}
}
