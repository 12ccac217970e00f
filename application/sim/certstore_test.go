package sim_test

import (
	"bytes"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/certstoretest"
	"github.com/azsphere-go/applibs/pkitest"
)

func TestCertStoreConformance(t *testing.T) {
	certstoretest.Run(t, func(t *testing.T) certstore.Backend {
		return sim.New(sim.Options{}).CertStore()
	})
}

// The test PKI of this file: EC only, made once.
var (
	csOnce    sync.Once
	csCA      *pkitest.Cert
	csCA2     *pkitest.Cert
	csLeaf    *pkitest.Cert
	csLeafKey []byte // PKCS#8, unencrypted
	csLeafEnc []byte // encrypted PKCS#8 with csLeafPwd
	csLeafPwd = []byte("s3cret")
	csFrom    = time.Date(2024, time.February, 29, 23, 30, 15, 0, time.UTC)
	csTo      = time.Date(2034, time.February, 28, 22, 45, 59, 0, time.UTC)
)

func csPKI() {
	csOnce.Do(func() {
		o := func(cn string) pkitest.Options {
			return pkitest.Options{
				Subject:   pkix.Name{Country: []string{"US"}, Organization: []string{"Example"}, CommonName: cn},
				NotBefore: csFrom, NotAfter: csTo,
			}
		}
		csCA = pkitest.MustCA(o("Root"))
		csCA2 = pkitest.MustCA(o("Root 2"))
		csLeaf = csCA.MustIssue(o("Client"))
		csLeafKey = csLeaf.MustKeyPEM(pkitest.PKCS8, nil)
		csLeafEnc = csLeaf.MustKeyPEM(pkitest.EncryptedPKCS8, csLeafPwd)
	})
}

// csPopulated returns a device holding a root CA "root" and a client certificate "client".
func csPopulated(t testing.TB, opts sim.Options) (*sim.Device, *certstore.Store) {
	t.Helper()
	csPKI()
	dev := sim.New(opts)
	s := certstore.New(dev.CertStore())
	if err := s.InstallRootCACertificate("root", csCA.CertPEM); err != nil {
		t.Fatal(err)
	}
	if err := s.InstallClientCertificate("client", csLeaf.CertPEM, csLeafKey, nil); err != nil {
		t.Fatal(err)
	}
	return dev, s
}

// csState is everything the simulator holds about its certificate store.
type csState struct {
	Certs          []sim.StoredCertificate
	Used, Capacity int
}

func csStateOf(dev *sim.Device) csState {
	used, capacity := dev.Usage()
	return csState{dev.Certificates(), used, capacity}
}

func TestCertStoreAccounting(t *testing.T) {
	csPKI()
	dev := sim.New(sim.Options{})
	s := certstore.New(dev.CertStore())
	if used, capacity := dev.Usage(); used != 0 || capacity != 24576 {
		t.Fatalf("Usage() = %d, %d on a new device; want 0, 24576", used, capacity)
	}
	space := func() int {
		t.Helper()
		n, err := s.GetAvailableSpace()
		if err != nil {
			t.Fatal(err)
		}
		used, capacity := dev.Usage()
		if n != capacity-used {
			t.Errorf("GetAvailableSpace() = %d, Usage() = %d, %d: they disagree", n, used, capacity)
		}
		return n
	}
	full := space()
	csMust(t, s.InstallRootCACertificate("root", csCA.CertPEM))
	if got, want := space(), full-len(csCA.CertPEM); got != want {
		t.Errorf("after a root CA: space %d, want %d (PEM length %d charged)", got, want, len(csCA.CertPEM))
	}
	csMust(t, s.InstallClientCertificate("client", csLeaf.CertPEM, csLeafEnc, csLeafPwd))
	clientSize := len(csLeaf.CertPEM) + len(csLeafEnc)
	if got, want := space(), full-len(csCA.CertPEM)-clientSize; got != want {
		t.Errorf("after a client: space %d, want %d (certificate + key PEM charged)", got, want)
	}
	// Replacing charges the new size instead of the old.
	csMust(t, s.InstallClientCertificate("client", csLeaf.CertPEM, csLeafKey, nil))
	clientSize = len(csLeaf.CertPEM) + len(csLeafKey)
	if got, want := space(), full-len(csCA.CertPEM)-clientSize; got != want {
		t.Errorf("after a replace: space %d, want %d", got, want)
	}
	for _, c := range dev.Certificates() {
		want := map[string]int{"root": len(csCA.CertPEM), "client": clientSize}[c.ID]
		if c.Size != want {
			t.Errorf("certificate %q is charged %d bytes, want %d", c.ID, c.Size, want)
		}
	}
	// A move over another certificate frees the destination's bytes.
	csMust(t, s.MoveCertificate("client", "root"))
	if got, want := space(), full-clientSize; got != want {
		t.Errorf("after a move over root: space %d, want %d", got, want)
	}
	csMust(t, s.DeleteCertificate("root"))
	if got := space(); got != full {
		t.Errorf("after deleting all: space %d, want %d", got, full)
	}
}

func TestCertStoreCapacityBoundary(t *testing.T) {
	csPKI()
	a, b := csCA.CertPEM, csCA2.CertPEM
	for _, tt := range []struct {
		capacity int
		fits     bool
	}{
		{len(a) + len(b), true},
		{len(a) + len(b) - 1, false},
	} {
		dev := sim.New(sim.Options{Capacity: tt.capacity})
		s := certstore.New(dev.CertStore())
		csMust(t, s.InstallRootCACertificate("a", a))
		before := csStateOf(dev)
		err := s.InstallRootCACertificate("b", b)
		if tt.fits {
			if err != nil {
				t.Errorf("capacity %d: second certificate: %v, want it to fit exactly", tt.capacity, err)
			}
			if n, _ := s.GetAvailableSpace(); n != 0 {
				t.Errorf("capacity %d: %d bytes free, want 0", tt.capacity, n)
			}
			continue
		}
		csWantErr(t, err, syscall.ENOSPC, "InstallRootCACertificate", "b")
		if diff := cmp.Diff(before, csStateOf(dev)); diff != "" {
			t.Errorf("ENOSPC changed the store (-before +after):\n%s", diff)
		}
		// A replace is charged the new size with the old one given back: b replaces a.
		if err := s.InstallRootCACertificate("a", b); err != nil {
			t.Errorf("replacing a by b in a store of %d bytes: %v", tt.capacity, err)
		}
	}
}

func csMust(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// csWantErr checks errno, the error type, and that the message names the operation and, when
// there is one, the identifier.
func csWantErr(t *testing.T, err error, errno syscall.Errno, op, id string) {
	t.Helper()
	if !errors.Is(err, errno) {
		t.Errorf("%s(%q): error %v, want %v", op, id, err, errno)
		return
	}
	var e *certstore.Error
	if !errors.As(err, &e) {
		t.Errorf("%s(%q): error %T, want *certstore.Error", op, id, err)
		return
	}
	if e.Op != op {
		t.Errorf("error %q names op %q, want %q", err, e.Op, op)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, op) {
		t.Errorf("error %q does not start with the operation %q", msg, op)
	}
	if id != "" && !strings.Contains(msg, fmt.Sprintf("%q", id)) {
		t.Errorf("error %q does not name the identifier %q", msg, id)
	}
}

// TestCertStoreErrnos provokes every errno of the certstore.h tables that has a Go
// equivalent and checks that the failed call left the store as it was.
func TestCertStoreErrnos(t *testing.T) {
	csPKI()
	big := bytes.Repeat([]byte{'A'}, certstore.MaxCertSize+1)
	long := strings.Repeat("x", certstore.MaxIdentifierLength+1)
	noCaps := func(dev *sim.Device) { dev.SetCapabilities(sim.Capabilities{}) }
	otherCaps := func(dev *sim.Device) {
		// Every capability but CertStore: the others do not grant access.
		c := *sim.AllCapabilities()
		c.CertStore = false
		dev.SetCapabilities(c)
	}
	fill := func(dev *sim.Device) {
		s := certstore.New(dev.CertStore())
		for i := 0; ; i++ {
			if err := s.InstallRootCACertificate(fmt.Sprintf("fill%d", i), csCA2.CertPEM); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatal(err)
				}
				return
			}
		}
	}
	type call func(s *certstore.Store) error
	installClient := func(id string, c, k, p []byte) call {
		return func(s *certstore.Store) error { return s.InstallClientCertificate(id, c, k, p) }
	}
	installRoot := func(id string, c []byte) call {
		return func(s *certstore.Store) error { return s.InstallRootCACertificate(id, c) }
	}
	del := func(id string) call { return func(s *certstore.Store) error { return s.DeleteCertificate(id) } }
	move := func(src, dst string) call {
		return func(s *certstore.Store) error { return s.MoveCertificate(src, dst) }
	}
	count := func(s *certstore.Store) error { _, err := s.GetCertificateCount(); return err }
	idAt := func(i int) call {
		return func(s *certstore.Store) error { _, err := s.GetCertificateIdentifierAt(i); return err }
	}
	space := func(s *certstore.Store) error { _, err := s.GetAvailableSpace(); return err }
	subject := func(id string) call {
		return func(s *certstore.Store) error { _, err := s.GetCertificateSubjectName(id); return err }
	}
	issuer := func(id string) call {
		return func(s *certstore.Store) error { _, err := s.GetCertificateIssuerName(id); return err }
	}
	notBefore := func(id string) call {
		return func(s *certstore.Store) error { _, err := s.GetCertificateNotBefore(id); return err }
	}
	notAfter := func(id string) call {
		return func(s *certstore.Store) error { _, err := s.GetCertificateNotAfter(id); return err }
	}
	eagain := func(op string) func(*sim.Device) {
		return func(dev *sim.Device) { dev.FailNext(op, syscall.EAGAIN) }
	}
	c, k, p := csLeaf.CertPEM, csLeafKey, csLeafPwd

	const (
		opClient  = "InstallClientCertificate"
		opRoot    = "InstallRootCACertificate"
		opDelete  = "DeleteCertificate"
		opCount   = "GetCertificateCount"
		opIDAt    = "GetCertificateIdentifierAt"
		opSpace   = "GetAvailableSpace"
		opSubject = "GetCertificateSubjectName"
		opIssuer  = "GetCertificateIssuerName"
		opBefore  = "GetCertificateNotBefore"
		opAfter   = "GetCertificateNotAfter"
		opMove    = "MoveCertificate"
	)
	tests := []struct {
		name  string
		setup func(*sim.Device)
		op    string
		id    string // identifier the message csMust name
		call  call
		errno syscall.Errno
	}{
		// CertStore_InstallClientCertificate
		{"client/EFAULT cert", nil, opClient, "client", installClient("client", nil, k, nil), syscall.EFAULT},
		{"client/EFAULT key", nil, opClient, "client", installClient("client", c, nil, nil), syscall.EFAULT},
		{"client/EACCES", noCaps, opClient, "client", installClient("client", c, k, nil), syscall.EACCES},
		{"client/EACCES other caps", otherCaps, opClient, "new", installClient("new", c, k, nil), syscall.EACCES},
		{"client/ERANGE empty cert", nil, opClient, "client", installClient("client", []byte{}, k, nil), syscall.ERANGE},
		{"client/ERANGE big cert", nil, opClient, "client", installClient("client", big, k, nil), syscall.ERANGE},
		{"client/ERANGE empty key", nil, opClient, "client", installClient("client", c, []byte{}, nil), syscall.ERANGE},
		{"client/ERANGE big key", nil, opClient, "client", installClient("client", c, big, nil), syscall.ERANGE},
		{"client/ERANGE password", nil, opClient, "client", installClient("client", c, csLeafEnc, bytes.Repeat([]byte{'p'}, 257)), syscall.ERANGE},
		{"client/ERANGE id", nil, opClient, long, installClient(long, c, k, nil), syscall.ERANGE},
		{"client/ENOSPC", fill, opClient, "new", installClient("new", c, k, nil), syscall.ENOSPC},
		{"client/EINVAL id", nil, opClient, "bad id", installClient("bad id", c, k, nil), syscall.EINVAL},
		{"client/EINVAL id NUL", nil, opClient, "client\x00", installClient("client\x00", c, k, nil), syscall.EINVAL},
		{"client/EINVAL cert", nil, opClient, "client", installClient("client", []byte("junk"), k, nil), syscall.EINVAL},
		{"client/EINVAL key", nil, opClient, "client", installClient("client", c, []byte("junk"), nil), syscall.EINVAL},
		{"client/EINVAL password not needed", nil, opClient, "client", installClient("client", c, k, p), syscall.EINVAL},
		{"client/EINVAL wrong password", nil, opClient, "client", installClient("client", c, csLeafEnc, []byte("wrong")), syscall.EINVAL},
		{"client/EINVAL missing password", nil, opClient, "client", installClient("client", c, csLeafEnc, nil), syscall.EINVAL},
		{"client/EINVAL mismatch", nil, opClient, "client", installClient("client", csCA.CertPEM, k, nil), syscall.EINVAL},
		{"client/EAGAIN", eagain(opClient), opClient, "client", installClient("client", c, k, nil), syscall.EAGAIN},
		// CertStore_InstallRootCACertificate
		{"root/EFAULT", nil, opRoot, "root", installRoot("root", nil), syscall.EFAULT},
		{"root/EACCES", noCaps, opRoot, "root", installRoot("root", csCA2.CertPEM), syscall.EACCES},
		{"root/ERANGE empty", nil, opRoot, "root", installRoot("root", []byte{}), syscall.ERANGE},
		{"root/ERANGE big", nil, opRoot, "root", installRoot("root", big), syscall.ERANGE},
		{"root/ERANGE id", nil, opRoot, long, installRoot(long, csCA2.CertPEM), syscall.ERANGE},
		{"root/ENOSPC", fill, opRoot, "new", installRoot("new", csCA2.CertPEM), syscall.ENOSPC},
		{"root/EINVAL id", nil, opRoot, "", installRoot("", csCA2.CertPEM), syscall.EINVAL},
		{"root/EINVAL blob", nil, opRoot, "root", installRoot("root", csLeafKey), syscall.EINVAL},
		{"root/EAGAIN", eagain(opRoot), opRoot, "root", installRoot("root", csCA2.CertPEM), syscall.EAGAIN},
		// CertStore_DeleteCertificate
		{"delete/EAGAIN", eagain(opDelete), opDelete, "root", del("root"), syscall.EAGAIN},
		{"delete/EACCES", noCaps, opDelete, "root", del("root"), syscall.EACCES},
		{"delete/ENOENT", nil, opDelete, "missing", del("missing"), syscall.ENOENT},
		// CertStore_GetCertificateCount
		{"count/EAGAIN", eagain(opCount), opCount, "", count, syscall.EAGAIN},
		{"count/EACCES", noCaps, opCount, "", count, syscall.EACCES},
		// CertStore_GetCertificateIdentifierAt
		{"idAt/EAGAIN", eagain(opIDAt), opIDAt, "", idAt(0), syscall.EAGAIN},
		{"idAt/EACCES", noCaps, opIDAt, "", idAt(0), syscall.EACCES},
		{"idAt/ERANGE", nil, opIDAt, "", idAt(2), syscall.ERANGE},
		{"idAt/ERANGE negative", nil, opIDAt, "", idAt(-1), syscall.ERANGE},
		// CertStore_GetAvailableSpace
		{"space/EAGAIN", eagain(opSpace), opSpace, "", space, syscall.EAGAIN},
		{"space/EACCES", noCaps, opSpace, "", space, syscall.EACCES},
		// The four z__CertStore_GetCertificateInfo wrappers
		{"subject/EACCES", noCaps, opSubject, "root", subject("root"), syscall.EACCES},
		{"subject/EAGAIN", eagain(opSubject), opSubject, "root", subject("root"), syscall.EAGAIN},
		{"subject/ENOENT", nil, opSubject, "missing", subject("missing"), syscall.ENOENT},
		{"subject/EINVAL", nil, opSubject, "a*b", subject("a*b"), syscall.EINVAL},
		{"issuer/EACCES", noCaps, opIssuer, "root", issuer("root"), syscall.EACCES},
		{"issuer/EAGAIN", eagain(opIssuer), opIssuer, "root", issuer("root"), syscall.EAGAIN},
		{"issuer/ENOENT", nil, opIssuer, "missing", issuer("missing"), syscall.ENOENT},
		{"notBefore/EACCES", noCaps, opBefore, "root", notBefore("root"), syscall.EACCES},
		{"notBefore/EAGAIN", eagain(opBefore), opBefore, "root", notBefore("root"), syscall.EAGAIN},
		{"notBefore/ENOENT", nil, opBefore, "missing", notBefore("missing"), syscall.ENOENT},
		{"notAfter/EACCES", noCaps, opAfter, "root", notAfter("root"), syscall.EACCES},
		{"notAfter/EAGAIN", eagain(opAfter), opAfter, "root", notAfter("root"), syscall.EAGAIN},
		{"notAfter/ENOENT", nil, opAfter, "missing", notAfter("missing"), syscall.ENOENT},
		{"notAfter/ERANGE", nil, opAfter, long, notAfter(long), syscall.ERANGE},
		// CertStore_MoveCertificate
		{"move/EINVAL src", nil, opMove, "", move("", "root"), syscall.EINVAL},
		{"move/EINVAL dst", nil, opMove, "r/2", move("root", "r/2"), syscall.EINVAL},
		{"move/ERANGE", nil, opMove, long, move("root", long), syscall.ERANGE},
		{"move/ENOENT", nil, opMove, "missing", move("missing", "root"), syscall.ENOENT},
		{"move/EACCES", noCaps, opMove, "root", move("root", "other"), syscall.EACCES},
		{"move/EAGAIN", eagain(opMove), opMove, "root", move("root", "client"), syscall.EAGAIN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dev, s := csPopulated(t, sim.Options{})
			if tt.setup != nil {
				tt.setup(dev)
			}
			before := csStateOf(dev)
			err := tt.call(s)
			csWantErr(t, err, tt.errno, tt.op, tt.id)
			if diff := cmp.Diff(before, csStateOf(dev)); diff != "" {
				t.Errorf("%v changed the store (-before +after):\n%s", err, diff)
			}
			if tt.errno == syscall.EAGAIN {
				// The fault is spent: the same call now goes through.
				dev.ClearFaults()
				if err := tt.call(s); errors.Is(err, syscall.EAGAIN) {
					t.Errorf("second call: %v; the injected fault should be spent", err)
				}
			}
		})
	}
}

func TestCertStoreCapabilityRestored(t *testing.T) {
	dev, s := csPopulated(t, sim.Options{})
	dev.SetCapabilities(sim.Capabilities{})
	if _, err := s.GetCertificateCount(); !errors.Is(err, syscall.EACCES) {
		t.Fatalf("without capability: %v", err)
	}
	dev.SetCapabilities(*sim.AllCapabilities())
	if n, err := s.GetCertificateCount(); err != nil || n != 2 {
		t.Errorf("capability granted again: GetCertificateCount() = %d, %v; want 2, nil", n, err)
	}
}

func TestCertStoreNoCapabilityFromOptions(t *testing.T) {
	dev := sim.New(sim.Options{Capabilities: &sim.Capabilities{WifiConfig: true}})
	s := certstore.New(dev.CertStore())
	csPKI()
	err := s.InstallRootCACertificate("root", csCA.CertPEM)
	csWantErr(t, err, syscall.EACCES, "InstallRootCACertificate", "root")
	if len(dev.Certificates()) != 0 {
		t.Error("a call without the capability stored a certificate")
	}
}

func TestFailTimes(t *testing.T) {
	dev, s := csPopulated(t, sim.Options{})
	dev.FailTimes("GetCertificateCount", syscall.EAGAIN, 2)
	for i := 0; i < 2; i++ {
		if _, err := s.GetCertificateCount(); !errors.Is(err, syscall.EAGAIN) {
			t.Errorf("call %d: %v, want EAGAIN", i, err)
		}
	}
	if _, err := s.GetCertificateCount(); err != nil {
		t.Errorf("third call: %v, want success", err)
	}
	// An empty op matches any call.
	dev.FailNext("", syscall.EAGAIN)
	if _, err := s.GetAvailableSpace(); !errors.Is(err, syscall.EAGAIN) {
		t.Errorf("any-op fault: %v, want EAGAIN", err)
	}
}

// Regression: bindings that copy CertStore_Identifier's 17-byte array into a string return
// identifiers with trailing NUL bytes.
func TestIdentifierHasNoTrailingNUL(t *testing.T) {
	csPKI()
	dev := sim.New(sim.Options{})
	s := certstore.New(dev.CertStore())
	ids := []string{"a", "sixteen-chars-id", "mid.length_9"}
	for _, id := range ids {
		csMust(t, s.InstallRootCACertificate(id, csCA.CertPEM))
	}
	for i, want := range ids {
		got, err := s.GetCertificateIdentifierAt(i)
		if err != nil {
			t.Fatal(err)
		}
		if got != want || len(got) != len(want) || strings.ContainsRune(got, 0) {
			t.Errorf("GetCertificateIdentifierAt(%d) = %q (len %d), want %q (len %d)", i, got, len(got), want, len(want))
		}
		// The returned identifier works as input again.
		if _, err := s.GetCertificateSubjectName(got); err != nil {
			t.Errorf("GetCertificateSubjectName(%q): %v", got, err)
		}
	}
}

// Regression: bindings that convert struct tm with mktime (local time) shift NotBefore and
// NotAfter by the zone offset, and some multiply or divide by 1000 on the way. The test sets
// time.Local, which is global: it csMust not run in parallel.
func TestValidityIsUTCWhateverTheLocalZone(t *testing.T) {
	csPKI()
	saved := time.Local
	t.Cleanup(func() { time.Local = saved })
	time.Local = time.FixedZone("UTC+05:30", 5*3600+1800)

	dev := sim.New(sim.Options{})
	s := certstore.New(dev.CertStore())
	csMust(t, s.InstallClientCertificate("client", csLeaf.CertPEM, csLeafKey, nil))
	nb, err := s.GetCertificateNotBefore("client")
	csMust(t, err)
	na, err := s.GetCertificateNotAfter("client")
	csMust(t, err)
	for _, tt := range []struct {
		name      string
		got, want time.Time
	}{{"NotBefore", nb, csFrom}, {"NotAfter", na, csTo}} {
		if !tt.got.Equal(tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
		if tt.got.Location() != time.UTC {
			t.Errorf("%s is in %v, want UTC", tt.name, tt.got.Location())
		}
		if tt.got.Unix() != tt.want.Unix() {
			t.Errorf("%s = %d s since the epoch, want %d", tt.name, tt.got.Unix(), tt.want.Unix())
		}
		if got := tt.got.Format(time.DateTime); got != tt.want.Format(time.DateTime) {
			t.Errorf("%s formats as %s, want %s", tt.name, got, tt.want.Format(time.DateTime))
		}
	}
	for _, c := range dev.Certificates() {
		if !c.NotBefore.Equal(csFrom) || c.NotBefore.Location() != time.UTC || !c.NotAfter.Equal(csTo) {
			t.Errorf("Certificates(): %s valid %v..%v, want %v..%v in UTC", c.ID, c.NotBefore, c.NotAfter, csFrom, csTo)
		}
	}
}

// Regression: a binding that always passes a password pointer (to an empty string) cannot
// install an unencrypted key, as the device rejects a password for it.
func TestUnencryptedKeyWithoutPassword(t *testing.T) {
	for _, pw := range [][]byte{nil, {}} {
		dev, s := csPopulated(t, sim.Options{})
		if err := s.InstallClientCertificate("c2", csLeaf.CertPEM, csLeafKey, pw); err != nil {
			t.Errorf("password %#v: %v", pw, err)
		}
		if n := len(dev.Certificates()); n != 3 {
			t.Errorf("password %#v: %d certificates, want 3", pw, n)
		}
	}
}

// Regression: iteration helpers that stop at the first error as if the store had ended.
func TestIterationYieldsErrors(t *testing.T) {
	dev, s := csPopulated(t, sim.Options{})
	dev.FailNext("GetCertificateIdentifierAt", syscall.EAGAIN)
	var errs []error
	for id, err := range s.Identifiers() {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		t.Errorf("Identifiers yielded %q although listing failed", id)
	}
	if len(errs) != 1 || !errors.Is(errs[0], syscall.EAGAIN) {
		t.Errorf("Identifiers yielded errors %v, want one EAGAIN", errs)
	}

	// A listing is a snapshot made of every query call: a fault in any of them fails the
	// whole listing, once, and nothing is yielded after it.
	dev.FailNext("GetCertificateIssuerName", syscall.EAGAIN)
	var got []string
	errs = nil
	for c, err := range s.Certificates() {
		if err != nil {
			if c.ID != "" {
				t.Errorf("listing error yielded with ID %q, want none", c.ID)
			}
			errs = append(errs, err)
			continue
		}
		got = append(got, c.ID)
	}
	if len(errs) != 1 || !errors.Is(errs[0], syscall.EAGAIN) {
		t.Errorf("Certificates yielded errors %v, want one EAGAIN", errs)
	}
	if len(got) != 0 {
		t.Errorf("Certificates yielded %v after the listing failed", got)
	}
	got = nil
	for c, err := range s.Certificates() {
		if err != nil {
			t.Fatalf("listing after the fault was consumed: %v", err)
		}
		got = append(got, c.ID)
	}
	if diff := cmp.Diff([]string{"root", "client"}, got); diff != "" {
		t.Errorf("Certificates after the fault (-want +got):\n%s", diff)
	}
}

func TestStoredCertificates(t *testing.T) {
	dev, _ := csPopulated(t, sim.Options{})
	got := dev.Certificates()
	if len(got) != 2 {
		t.Fatalf("Certificates() = %d entries, want 2", len(got))
	}
	want := []sim.StoredCertificate{
		{ID: "root", Kind: sim.RootCACert, Size: len(csCA.CertPEM), Subject: "/C=US/O=Example/CN=Root",
			Issuer: "/C=US/O=Example/CN=Root", NotBefore: csFrom, NotAfter: csTo, Certificate: csCA.Cert},
		{ID: "client", Kind: sim.ClientCert, Size: len(csLeaf.CertPEM) + len(csLeafKey), Subject: "/C=US/O=Example/CN=Client",
			Issuer: "/C=US/O=Example/CN=Root", NotBefore: csFrom, NotAfter: csTo, HasPrivateKey: true, Certificate: csLeaf.Cert},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Certificates() (-want +got):\n%s", diff)
	}
	if sim.ClientCert.String() != "client" || sim.RootCACert.String() != "rootca" || sim.CertKind(0).String() != "unknown" {
		t.Error("CertKind.String is wrong")
	}
}

func TestMovePositionAndSelf(t *testing.T) {
	csPKI()
	dev := sim.New(sim.Options{})
	s := certstore.New(dev.CertStore())
	for _, id := range []string{"a", "b", "c", "d"} {
		csMust(t, s.InstallRootCACertificate(id, csCA.CertPEM))
	}
	csMust(t, s.InstallRootCACertificate("c", csCA2.CertPEM))
	// The simulator renames in place and removes a replaced destination.
	csMust(t, s.MoveCertificate("c", "a"))
	var ids []string
	for _, c := range dev.Certificates() {
		ids = append(ids, c.ID)
	}
	if diff := cmp.Diff([]string{"b", "a", "d"}, ids); diff != "" {
		t.Errorf("after moving c over a (-want +got):\n%s", diff)
	}
	before := csStateOf(dev)
	csMust(t, s.MoveCertificate("a", "a"))
	if diff := cmp.Diff(before, csStateOf(dev)); diff != "" {
		t.Errorf("moving onto itself changed the store (-before +after):\n%s", diff)
	}
}

// FuzzInstallClientCertificate installs arbitrary blobs over an existing client
// certificate. It csMust never panic, and a failed install csMust leave the store exactly as it
// was.
func FuzzInstallClientCertificate(f *testing.F) {
	csPKI()
	f.Add(csLeaf.CertPEM, csLeafKey, []byte(nil))
	f.Add(csLeaf.CertPEM, csLeafEnc, csLeafPwd)
	f.Add(csLeaf.CertPEM, csLeaf.MustKeyPEM(pkitest.SEC1, nil), []byte{})
	f.Add(csLeaf.CertPEM, csLeaf.MustKeyPEM(pkitest.LegacyEncrypted, csLeafPwd), csLeafPwd)
	f.Add(csLeaf.CertPEM, csLeafEnc, []byte("wrong"))
	f.Add(csCA.CertPEM, csLeafKey, []byte(nil))
	f.Add([]byte("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"), []byte("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n"), []byte("x"))
	f.Add([]byte{}, []byte{}, []byte{0})
	f.Fuzz(func(t *testing.T, cert, key, password []byte) {
		dev, s := csPopulated(t, sim.Options{})
		before := csStateOf(dev)
		err := s.InstallClientCertificate("client", cert, key, password)
		if err == nil {
			after := dev.Certificates()
			if len(after) != 2 || after[1].ID != "client" || !after[1].HasPrivateKey || after[1].Kind != sim.ClientCert {
				t.Fatalf("successful replace left %+v", after)
			}
			return
		}
		var e *certstore.Error
		if !errors.As(err, &e) {
			t.Fatalf("error %T %v is not a *certstore.Error", err, err)
		}
		switch e.Errno {
		case syscall.EFAULT, syscall.ERANGE, syscall.EINVAL, syscall.ENOSPC:
		default:
			t.Fatalf("unexpected errno %v: %v", e.Errno, err)
		}
		if diff := cmp.Diff(before, csStateOf(dev)); diff != "" {
			t.Fatalf("failed install (%v) changed the store (-before +after):\n%s", err, diff)
		}
	})
}
