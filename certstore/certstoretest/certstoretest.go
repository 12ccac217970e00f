package certstoretest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/internal/apierr"
)

// Run runs the conformance suite on the backends that newBackend returns. Each call of
// newBackend must return an empty certificate store, independent of the ones returned before
// (or emptied, if the backend is the one store of a device), with the CertStore capability
// granted. Subtests do not run in parallel, so a backend that is a single device may be
// reused as long as newBackend empties it.
func Run(t *testing.T, newBackend func(t *testing.T) certstore.Backend) {
	t.Helper()
	f := load()
	tests := []struct {
		name string
		fn   func(t *testing.T, s *certstore.Store, f *fixtures)
	}{
		{"Empty", testEmpty},
		{"InstallRootCA", testInstallRootCA},
		{"InstallClient", testInstallClient},
		{"NoPassword", testNoPassword},
		{"Replace", testReplace},
		{"SharedNamespace", testSharedNamespace},
		{"Identifiers", testIdentifierForms},
		{"Indices", testIndices},
		{"Move", testMove},
		{"Delete", testDelete},
		{"DeleteAll", testDeleteAll},
		{"ArgumentErrors", testArgumentErrors},
		{"ContentErrors", testContentErrors},
		{"NameRendering", testNameRendering},
		{"Capacity", testCapacity},
		{"Concurrent", testConcurrent},
		{"Iterators", testIterators},
		{"IteratorErrors", testIteratorErrors},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBackend(t)
			if b == nil {
				t.Fatal("newBackend returned nil")
			}
			s := certstore.New(b)
			if n, err := s.GetCertificateCount(); err != nil || n != 0 {
				t.Fatalf("new backend: GetCertificateCount() = %d, %v; want an empty store", n, err)
			}
			tt.fn(t, s, f)
		})
	}
}

// state is what the query functions report about a store; two equal states mean nothing
// observable changed.
type state struct {
	Space int
	Certs []certstore.Certificate
}

func snapshot(t *testing.T, s *certstore.Store) state {
	t.Helper()
	var st state
	var err error
	if st.Space, err = s.GetAvailableSpace(); err != nil {
		t.Fatalf("GetAvailableSpace: %v", err)
	}
	n, err := s.GetCertificateCount()
	if err != nil {
		t.Fatalf("GetCertificateCount: %v", err)
	}
	for i := 0; i < n; i++ {
		id, err := s.GetCertificateIdentifierAt(i)
		if err != nil {
			t.Fatalf("GetCertificateIdentifierAt(%d): %v", i, err)
		}
		c, err := s.Certificate(id)
		if err != nil {
			t.Fatalf("Certificate(%q): %v", id, err)
		}
		st.Certs = append(st.Certs, c)
	}
	return st
}

// unchanged fails the test if the store's state differs from before.
func unchanged(t *testing.T, s *certstore.Store, before state, what string) {
	t.Helper()
	if diff := cmp.Diff(before, snapshot(t, s)); diff != "" {
		t.Errorf("%s changed the store (-before +after):\n%s", what, diff)
	}
}

// ids returns the identifiers in index order.
func ids(t *testing.T, s *certstore.Store) []string {
	t.Helper()
	st := snapshot(t, s)
	out := make([]string, 0, len(st.Certs))
	for _, c := range st.Certs {
		out = append(out, c.ID)
	}
	return out
}

func wantErrno(t *testing.T, what string, err error, errno syscall.Errno) {
	t.Helper()
	if !errors.Is(err, errno) {
		t.Errorf("%s: error %v, want errno %s", what, err, apierr.ErrnoName(errno))
		return
	}
	var e *certstore.Error
	if !errors.As(err, &e) {
		t.Errorf("%s: error %T is not a *certstore.Error", what, err)
	}
}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func installRoot(t *testing.T, s *certstore.Store, id string, pem []byte) {
	t.Helper()
	must(t, fmt.Sprintf("InstallRootCACertificate(%q)", id), s.InstallRootCACertificate(id, pem))
}

func installClient(t *testing.T, s *certstore.Store, id string, k keyCase) {
	t.Helper()
	must(t, fmt.Sprintf("InstallClientCertificate(%q, %s)", id, k.name), s.InstallClientCertificate(id, k.cert.CertPEM, k.key, k.password))
}

// wantCert checks what the query functions report for id.
func wantCert(t *testing.T, s *certstore.Store, id, subject, issuer string) {
	t.Helper()
	c, err := s.Certificate(id)
	if err != nil {
		t.Errorf("Certificate(%q): %v", id, err)
		return
	}
	want := certstore.Certificate{ID: id, Subject: subject, Issuer: issuer, NotBefore: notBefore, NotAfter: notAfter}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("Certificate(%q) mismatch (-want +got):\n%s", id, diff)
	}
	if c.NotBefore.Location() != time.UTC || c.NotAfter.Location() != time.UTC {
		t.Errorf("Certificate(%q): NotBefore in %v, NotAfter in %v; want UTC", id, c.NotBefore.Location(), c.NotAfter.Location())
	}
}

func testEmpty(t *testing.T, s *certstore.Store, f *fixtures) {
	space, err := s.GetAvailableSpace()
	if err != nil || space <= 0 {
		t.Errorf("GetAvailableSpace() = %d, %v; want > 0", space, err)
	}
	_, err = s.GetCertificateIdentifierAt(0)
	wantErrno(t, "GetCertificateIdentifierAt(0) on an empty store", err, syscall.ERANGE)
	_, err = s.GetCertificateSubjectName("none")
	wantErrno(t, "GetCertificateSubjectName of a missing id", err, syscall.ENOENT)
	_, err = s.GetCertificateIssuerName("none")
	wantErrno(t, "GetCertificateIssuerName of a missing id", err, syscall.ENOENT)
	_, err = s.GetCertificateNotBefore("none")
	wantErrno(t, "GetCertificateNotBefore of a missing id", err, syscall.ENOENT)
	_, err = s.GetCertificateNotAfter("none")
	wantErrno(t, "GetCertificateNotAfter of a missing id", err, syscall.ENOENT)
	wantErrno(t, "DeleteCertificate of a missing id", s.DeleteCertificate("none"), syscall.ENOENT)
	wantErrno(t, "MoveCertificate of a missing id", s.MoveCertificate("none", "other"), syscall.ENOENT)
	if n, err := s.GetCertificateCount(); n != 0 || err != nil {
		t.Errorf("GetCertificateCount() = %d, %v after failed calls; want 0, nil", n, err)
	}
}

func testInstallRootCA(t *testing.T, s *certstore.Store, f *fixtures) {
	before, _ := s.GetAvailableSpace()
	installRoot(t, s, "root", f.ca.CertPEM)
	if n, err := s.GetCertificateCount(); n != 1 || err != nil {
		t.Errorf("GetCertificateCount() = %d, %v; want 1", n, err)
	}
	if id, err := s.GetCertificateIdentifierAt(0); id != "root" || err != nil {
		t.Errorf("GetCertificateIdentifierAt(0) = %q, %v; want \"root\"", id, err)
	}
	wantCert(t, s, "root", caSubject, caSubject)
	if after, _ := s.GetAvailableSpace(); after >= before {
		t.Errorf("GetAvailableSpace() = %d after an install, was %d; want less", after, before)
	}
	// The certificate of a client may also be installed as a root CA.
	installRoot(t, s, "leaf", f.ec.CertPEM)
	wantCert(t, s, "leaf", ecSubject, caSubject)
}

func testInstallClient(t *testing.T, s *certstore.Store, f *fixtures) {
	for i, k := range f.keys {
		t.Run(k.name, func(t *testing.T) {
			id := fmt.Sprintf("client%d", i)
			installClient(t, s, id, k)
			subject := ecSubject
			if k.cert == f.rsa {
				subject = rsaSubject
			}
			wantCert(t, s, id, subject, caSubject)
		})
	}
	if n, _ := s.GetCertificateCount(); n != len(f.keys) {
		t.Errorf("GetCertificateCount() = %d, want %d", n, len(f.keys))
	}
}

// testNoPassword checks that nil and empty passwords both mean "no password": a binding that
// always passes a password pointer cannot install an unencrypted key.
func testNoPassword(t *testing.T, s *certstore.Store, f *fixtures) {
	k := f.key("EC/PKCS8")
	must(t, "install with a nil password", s.InstallClientCertificate("nil", k.cert.CertPEM, k.key, nil))
	must(t, "install with an empty password", s.InstallClientCertificate("empty", k.cert.CertPEM, k.key, []byte{}))
	wantCert(t, s, "nil", ecSubject, caSubject)
	wantCert(t, s, "empty", ecSubject, caSubject)
}

func testReplace(t *testing.T, s *certstore.Store, f *fixtures) {
	installRoot(t, s, "a", f.ca.CertPEM)
	installRoot(t, s, "b", f.ca.CertPEM)
	installRoot(t, s, "c", f.ca.CertPEM)
	// Replace the middle one with a different certificate.
	installRoot(t, s, "b", f.ca2.CertPEM)
	if diff := cmp.Diff([]string{"a", "b", "c"}, ids(t, s)); diff != "" {
		t.Errorf("identifiers after replacing b (-want +got):\n%s", diff)
	}
	wantCert(t, s, "b", ca2Subject, ca2Subject)
	wantCert(t, s, "a", caSubject, caSubject)

	// Replacing with an identical certificate changes nothing observable.
	before := snapshot(t, s)
	installRoot(t, s, "c", f.ca.CertPEM)
	unchanged(t, s, before, "reinstalling the same certificate")
}

func testSharedNamespace(t *testing.T, s *certstore.Store, f *fixtures) {
	k := f.key("EC/SEC1")
	installClient(t, s, "x", k)
	installRoot(t, s, "y", f.ca.CertPEM)
	// A root CA replaces a client certificate with the same identifier, and back.
	installRoot(t, s, "x", f.ca2.CertPEM)
	if diff := cmp.Diff([]string{"x", "y"}, ids(t, s)); diff != "" {
		t.Errorf("identifiers (-want +got):\n%s", diff)
	}
	wantCert(t, s, "x", ca2Subject, ca2Subject)
	installClient(t, s, "y", k)
	if diff := cmp.Diff([]string{"x", "y"}, ids(t, s)); diff != "" {
		t.Errorf("identifiers (-want +got):\n%s", diff)
	}
	wantCert(t, s, "y", ecSubject, caSubject)
}

// testIdentifierForms installs under identifiers of every allowed character and both length
// limits and checks that each comes back exactly, with no NUL bytes or padding.
func testIdentifierForms(t *testing.T, s *certstore.Store, f *fixtures) {
	forms := []string{"a", "Z", "0", "_", "-", ".", "A-b_c.9", "0123456789abcdef", "ABCDEFGHIJKLMNOP", "x.y"}
	for _, id := range forms {
		installRoot(t, s, id, f.ca.CertPEM)
	}
	got := ids(t, s)
	if diff := cmp.Diff(forms, got); diff != "" {
		t.Errorf("identifiers (-want +got):\n%s", diff)
	}
	for _, id := range got {
		if strings.IndexByte(id, 0) >= 0 {
			t.Errorf("identifier %q contains a NUL byte", id)
		}
	}
	for _, id := range forms {
		if _, err := s.GetCertificateSubjectName(id); err != nil {
			t.Errorf("GetCertificateSubjectName(%q): %v", id, err)
		}
	}
}

func testIndices(t *testing.T, s *certstore.Store, f *fixtures) {
	all := []string{"i0", "i1", "i2", "i3", "i4"}
	for _, id := range all {
		installRoot(t, s, id, f.ca.CertPEM)
	}
	n, _ := s.GetCertificateCount()
	if n != len(all) {
		t.Fatalf("GetCertificateCount() = %d, want %d", n, len(all))
	}
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		id, err := s.GetCertificateIdentifierAt(i)
		if err != nil {
			t.Fatalf("GetCertificateIdentifierAt(%d): %v", i, err)
		}
		if seen[id] {
			t.Errorf("identifier %q appears at two indices", id)
		}
		seen[id] = true
	}
	for _, index := range []int{n, n + 1, 1 << 20} {
		_, err := s.GetCertificateIdentifierAt(index)
		wantErrno(t, fmt.Sprintf("GetCertificateIdentifierAt(%d) with %d certificates", index, n), err, syscall.ERANGE)
	}
	_, err := s.GetCertificateIdentifierAt(-1)
	wantErrno(t, "GetCertificateIdentifierAt(-1)", err, syscall.ERANGE)

	// Deleting closes the gap: the others keep their order and the last index goes away.
	must(t, "DeleteCertificate(i1)", s.DeleteCertificate("i1"))
	if diff := cmp.Diff([]string{"i0", "i2", "i3", "i4"}, ids(t, s)); diff != "" {
		t.Errorf("identifiers after deleting i1 (-want +got):\n%s", diff)
	}
	_, err = s.GetCertificateIdentifierAt(4)
	wantErrno(t, "GetCertificateIdentifierAt(4) after a delete", err, syscall.ERANGE)
	must(t, "DeleteCertificate(i0)", s.DeleteCertificate("i0"))
	must(t, "DeleteCertificate(i4)", s.DeleteCertificate("i4"))
	if diff := cmp.Diff([]string{"i2", "i3"}, ids(t, s)); diff != "" {
		t.Errorf("identifiers after deleting i0 and i4 (-want +got):\n%s", diff)
	}
}

func testMove(t *testing.T, s *certstore.Store, f *fixtures) {
	t.Run("Rename", func(t *testing.T) {
		installRoot(t, s, "src", f.ca.CertPEM)
		installRoot(t, s, "keep", f.ca2.CertPEM)
		space, _ := s.GetAvailableSpace()
		must(t, "MoveCertificate(src, dst)", s.MoveCertificate("src", "dst"))
		if n, _ := s.GetCertificateCount(); n != 2 {
			t.Errorf("GetCertificateCount() = %d after a rename, want 2", n)
		}
		_, err := s.GetCertificateSubjectName("src")
		wantErrno(t, "the source after a move", err, syscall.ENOENT)
		wantCert(t, s, "dst", caSubject, caSubject)
		wantCert(t, s, "keep", ca2Subject, ca2Subject)
		if after, _ := s.GetAvailableSpace(); after != space {
			t.Errorf("GetAvailableSpace() = %d after a rename, was %d", after, space)
		}
		must(t, "DeleteCertificate(dst)", s.DeleteCertificate("dst"))
		must(t, "DeleteCertificate(keep)", s.DeleteCertificate("keep"))
	})
	t.Run("Overwrite", func(t *testing.T) {
		k := f.key("EC/PKCS8")
		installRoot(t, s, "first", f.ca.CertPEM)
		installClient(t, s, "client", k)
		installRoot(t, s, "second", f.ca2.CertPEM)
		space, _ := s.GetAvailableSpace()
		must(t, "MoveCertificate(second, first)", s.MoveCertificate("second", "first"))
		got := ids(t, s)
		if len(got) != 2 || !contains(got, "first") || !contains(got, "client") {
			t.Errorf("identifiers after moving second over first = %q; want first and client", got)
		}
		wantCert(t, s, "first", ca2Subject, ca2Subject)
		wantCert(t, s, "client", ecSubject, caSubject)
		_, err := s.GetCertificateNotAfter("second")
		wantErrno(t, "the source after a move", err, syscall.ENOENT)
		if after, _ := s.GetAvailableSpace(); after <= space {
			t.Errorf("GetAvailableSpace() = %d after a move replaced a certificate, was %d; want more", after, space)
		}
		// A client certificate moves with its key: it can be moved over a root CA.
		must(t, "MoveCertificate(client, first)", s.MoveCertificate("client", "first"))
		if diff := cmp.Diff([]string{"first"}, ids(t, s)); diff != "" {
			t.Errorf("identifiers (-want +got):\n%s", diff)
		}
		wantCert(t, s, "first", ecSubject, caSubject)
	})
	t.Run("MissingSource", func(t *testing.T) {
		before := snapshot(t, s)
		wantErrno(t, "MoveCertificate(missing, first)", s.MoveCertificate("missing", "first"), syscall.ENOENT)
		wantErrno(t, "MoveCertificate(missing, new)", s.MoveCertificate("missing", "new"), syscall.ENOENT)
		unchanged(t, s, before, "a move with a missing source")
	})
	t.Run("InvalidIdentifier", func(t *testing.T) {
		before := snapshot(t, s)
		wantErrno(t, "MoveCertificate(first, bad id)", s.MoveCertificate("first", "bad id"), syscall.EINVAL)
		wantErrno(t, "MoveCertificate(first, too long)", s.MoveCertificate("first", strings.Repeat("x", 17)), syscall.ERANGE)
		wantErrno(t, "MoveCertificate(\"\", first)", s.MoveCertificate("", "first"), syscall.EINVAL)
		unchanged(t, s, before, "a move with an invalid identifier")
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func testDelete(t *testing.T, s *certstore.Store, f *fixtures) {
	empty, _ := s.GetAvailableSpace()
	installClient(t, s, "client", f.key("RSA/PKCS1"))
	installRoot(t, s, "root", f.ca.CertPEM)
	must(t, "DeleteCertificate(client)", s.DeleteCertificate("client"))
	_, err := s.GetCertificateIssuerName("client")
	wantErrno(t, "a deleted certificate", err, syscall.ENOENT)
	before := snapshot(t, s)
	wantErrno(t, "deleting twice", s.DeleteCertificate("client"), syscall.ENOENT)
	unchanged(t, s, before, "a failed delete")
	must(t, "DeleteCertificate(root)", s.DeleteCertificate("root"))
	if space, _ := s.GetAvailableSpace(); space != empty {
		t.Errorf("GetAvailableSpace() = %d after deleting everything, want %d as when empty", space, empty)
	}
}

// testDeleteAll deletes every certificate the way the documentation recommends: always the
// one at index 0.
func testDeleteAll(t *testing.T, s *certstore.Store, f *fixtures) {
	empty, _ := s.GetAvailableSpace()
	for i := 0; i < 6; i++ {
		installRoot(t, s, fmt.Sprintf("c%d", i), f.ca.CertPEM)
	}
	n, _ := s.GetCertificateCount()
	for i := 0; i < n; i++ {
		id, err := s.GetCertificateIdentifierAt(0)
		if err != nil {
			t.Fatalf("GetCertificateIdentifierAt(0) in round %d: %v", i, err)
		}
		must(t, "DeleteCertificate("+id+")", s.DeleteCertificate(id))
	}
	if n, _ := s.GetCertificateCount(); n != 0 {
		t.Errorf("GetCertificateCount() = %d after deleting all, want 0", n)
	}
	if space, _ := s.GetAvailableSpace(); space != empty {
		t.Errorf("GetAvailableSpace() = %d after deleting all, want %d", space, empty)
	}
}

func testArgumentErrors(t *testing.T, s *certstore.Store, f *fixtures) {
	installRoot(t, s, "root", f.ca.CertPEM)
	before := snapshot(t, s)
	k := f.key("EC/PKCS8")
	big := bytes.Repeat([]byte("A"), certstore.MaxCertSize+1)
	tests := []struct {
		what  string
		err   error
		errno syscall.Errno
	}{
		{"root CA nil blob", s.InstallRootCACertificate("root", nil), syscall.EFAULT},
		{"client nil certificate", s.InstallClientCertificate("root", nil, k.key, nil), syscall.EFAULT},
		{"client nil key", s.InstallClientCertificate("root", k.cert.CertPEM, nil, nil), syscall.EFAULT},
		{"root CA empty blob", s.InstallRootCACertificate("root", []byte{}), syscall.ERANGE},
		{"root CA blob over MaxCertSize", s.InstallRootCACertificate("root", big), syscall.ERANGE},
		{"client empty key", s.InstallClientCertificate("root", k.cert.CertPEM, []byte{}, nil), syscall.ERANGE},
		{"client key over MaxCertSize", s.InstallClientCertificate("root", k.cert.CertPEM, big, nil), syscall.ERANGE},
		{"client certificate over MaxCertSize", s.InstallClientCertificate("root", big, k.key, nil), syscall.ERANGE},
		{"password too long", s.InstallClientCertificate("root", k.cert.CertPEM, k.key, bytes.Repeat([]byte("p"), certstore.MaxPrivateKeyPasswordLength+1)), syscall.ERANGE},
		{"identifier too long", s.InstallRootCACertificate(strings.Repeat("r", certstore.MaxIdentifierLength+1), f.ca.CertPEM), syscall.ERANGE},
		{"empty identifier", s.InstallRootCACertificate("", f.ca.CertPEM), syscall.EINVAL},
		{"identifier with a space", s.InstallRootCACertificate("my cert", f.ca.CertPEM), syscall.EINVAL},
		{"identifier with a NUL", s.InstallRootCACertificate("root\x00", f.ca.CertPEM), syscall.EINVAL},
		{"identifier with a slash", s.InstallClientCertificate("a/b", k.cert.CertPEM, k.key, nil), syscall.EINVAL},
	}
	for _, tt := range tests {
		wantErrno(t, tt.what, tt.err, tt.errno)
	}
	unchanged(t, s, before, "invalid arguments")
}

func testContentErrors(t *testing.T, s *certstore.Store, f *fixtures) {
	// Every failing install targets an identifier in use: a failure must not remove or alter
	// the certificate it would have replaced.
	installClient(t, s, "client", f.key("EC/SEC1"))
	installRoot(t, s, "root", f.ca.CertPEM)
	before := snapshot(t, s)

	ecEnc := f.key("EC/EncryptedPKCS8")
	ecLegacy := f.key("EC/LegacyEncrypted")
	ecPlain := f.key("EC/PKCS8")
	rsaLegacy := f.key("RSA/LegacyEncrypted")
	twoCerts := append(append([]byte{}, f.ca.CertPEM...), f.ca2.CertPEM...)
	garbage := []byte("this is not a certificate\n")
	truncated := f.ca.CertPEM[:len(f.ca.CertPEM)/2]
	corrupt := bytes.Replace(f.ca.CertPEM, []byte("MII"), []byte("MIX"), 1)
	wrong := []byte("wrong password")

	roots := []struct {
		name string
		blob []byte
	}{
		{"garbage", garbage},
		{"two certificates", twoCerts},
		{"truncated", truncated},
		{"corrupt base64 contents", corrupt},
		{"private key", ecPlain.key},
		{"text before", append([]byte("subject=/CN=x\n"), f.ca.CertPEM...)},
		{"BEGIN line of another type before", append([]byte("-----BEGIN NOTHING-----\n"), f.ca.CertPEM...)},
		{"text after", append(append([]byte{}, f.ca.CertPEM...), "trailer\n"...)},
	}
	for _, tt := range roots {
		for _, id := range []string{"root", "client", "new"} {
			wantErrno(t, "InstallRootCACertificate("+id+", "+tt.name+")", s.InstallRootCACertificate(id, tt.blob), syscall.EINVAL)
		}
	}

	clients := []struct {
		name           string
		cert, key, pwd []byte
	}{
		{"garbage certificate", garbage, ecPlain.key, nil},
		{"garbage key", f.ec.CertPEM, garbage, nil},
		{"two certificates", twoCerts, ecPlain.key, nil},
		{"key as certificate", ecPlain.key, ecPlain.key, nil},
		{"certificate as key", f.ec.CertPEM, f.ec.CertPEM, nil},
		{"key does not match", f.other.CertPEM, ecPlain.key, nil},
		{"RSA key for EC certificate", f.ec.CertPEM, f.key("RSA/PKCS1").key, nil},
		{"encrypted PKCS#8, wrong password", f.ec.CertPEM, ecEnc.key, wrong},
		{"encrypted PKCS#8, no password", f.ec.CertPEM, ecEnc.key, nil},
		{"legacy EC, wrong password", f.ec.CertPEM, ecLegacy.key, wrong},
		{"legacy EC, no password", f.ec.CertPEM, ecLegacy.key, nil},
		{"legacy RSA, wrong password", f.rsa.CertPEM, rsaLegacy.key, wrong},
		{"legacy RSA, no password", f.rsa.CertPEM, rsaLegacy.key, nil},
		{"password for an unencrypted key", f.ec.CertPEM, ecPlain.key, password},
		{"two keys", f.ec.CertPEM, append(append([]byte{}, ecPlain.key...), ecPlain.key...), nil},
		{"text before the key", f.ec.CertPEM, append([]byte("Bag Attributes\n    localKeyID: 01\n"), ecPlain.key...), nil},
	}
	for _, tt := range clients {
		for _, id := range []string{"root", "client", "new"} {
			wantErrno(t, "InstallClientCertificate("+id+", "+tt.name+")", s.InstallClientCertificate(id, tt.cert, tt.key, tt.pwd), syscall.EINVAL)
		}
	}
	unchanged(t, s, before, "installs with invalid contents")
}

// testCapacity fills the store until it reports ENOSPC. It asserts only what holds on every
// device: space shrinks with each new certificate, the install that does not fit fails and
// changes nothing, and deleting gives the space back.
func testCapacity(t *testing.T, s *certstore.Store, f *fixtures) {
	empty, err := s.GetAvailableSpace()
	must(t, "GetAvailableSpace", err)
	blob := f.rsa.CertPEM
	// No backend may charge less than nothing; bound the loop generously in case one charges
	// far less than the PEM length.
	limit := empty/16 + 16
	var installed []string
	full := false
	space := empty
	for i := 0; i < limit; i++ {
		id := fmt.Sprintf("fill%d", i)
		before := snapshot(t, s)
		err := s.InstallRootCACertificate(id, blob)
		if errors.Is(err, syscall.ENOSPC) {
			unchanged(t, s, before, "an install that did not fit")
			full = true
			break
		}
		must(t, "InstallRootCACertificate("+id+")", err)
		installed = append(installed, id)
		now, err := s.GetAvailableSpace()
		must(t, "GetAvailableSpace", err)
		if now >= space || now < 0 {
			t.Fatalf("GetAvailableSpace() = %d after installing %s, was %d; want less and not negative", now, id, space)
		}
		space = now
	}
	if !full {
		t.Fatalf("installed %d certificates of %d bytes into %d bytes without ENOSPC", len(installed), len(blob), empty)
	}
	if len(installed) == 0 {
		t.Fatalf("an empty store with %d bytes free cannot hold one %d-byte certificate", empty, len(blob))
	}
	// A failed install into a full store keeps failing and still changes nothing, for a
	// client certificate too.
	before := snapshot(t, s)
	k := f.key("RSA/PKCS1")
	err = s.InstallClientCertificate("extra", k.cert.CertPEM, k.key, nil)
	wantErrno(t, "InstallClientCertificate into a full store", err, syscall.ENOSPC)
	unchanged(t, s, before, "a client install that did not fit")

	// Deleting one makes room for one.
	must(t, "DeleteCertificate", s.DeleteCertificate(installed[0]))
	if now, _ := s.GetAvailableSpace(); now <= space {
		t.Errorf("GetAvailableSpace() = %d after a delete, was %d; want more", now, space)
	}
	must(t, "InstallRootCACertificate after a delete", s.InstallRootCACertificate("again", blob))
	installed[0] = "again"
	for _, id := range installed {
		must(t, "DeleteCertificate("+id+")", s.DeleteCertificate(id))
	}
	if now, _ := s.GetAvailableSpace(); now != empty {
		t.Errorf("GetAvailableSpace() = %d after deleting everything, want %d", now, empty)
	}
}

// testConcurrent uses one store from many goroutines at once. Each worker owns its
// identifiers, so the end state is known; readers list the store meanwhile.
func testConcurrent(t *testing.T, s *certstore.Store, f *fixtures) {
	const workers, rounds = 8, 10
	k := f.key("EC/SEC1")
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds*8)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			a, b := fmt.Sprintf("w%d-a", w), fmt.Sprintf("w%d-b", w)
			for r := 0; r < rounds; r++ {
				if err := s.InstallRootCACertificate(a, f.ca.CertPEM); err != nil {
					errs <- err
				}
				if err := s.InstallClientCertificate(b, k.cert.CertPEM, k.key, nil); err != nil {
					errs <- err
				}
				if sub, err := s.GetCertificateSubjectName(b); err != nil || sub != ecSubject {
					errs <- fmt.Errorf("GetCertificateSubjectName(%q) = %q, %v", b, sub, err)
				}
				if err := s.MoveCertificate(b, a); err != nil {
					errs <- err
				}
				if _, err := s.GetCertificateNotAfter(b); !errors.Is(err, syscall.ENOENT) {
					errs <- fmt.Errorf("after move: GetCertificateNotAfter(%q): %v, want ENOENT", b, err)
				}
				if r < rounds-1 {
					if err := s.DeleteCertificate(a); err != nil {
						errs <- err
					}
				}
			}
		}(w)
	}
	for r := 0; r < 2; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				// Other goroutines delete meanwhile: ENOENT and ERANGE are expected here.
				for c, err := range s.Certificates() {
					if err != nil && !errors.Is(err, syscall.ENOENT) && !errors.Is(err, syscall.ERANGE) {
						errs <- fmt.Errorf("iterating Certificates: %q: %v", c.ID, err)
					}
				}
				if _, err := s.GetAvailableSpace(); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got := ids(t, s)
	if len(got) != workers {
		t.Errorf("%d certificates at the end, want %d: %q", len(got), workers, got)
	}
	for w := 0; w < workers; w++ {
		wantCert(t, s, fmt.Sprintf("w%d-a", w), ecSubject, caSubject)
	}
}

func testIterators(t *testing.T, s *certstore.Store, f *fixtures) {
	want := []string{"it0", "it1", "it2", "it3"}
	for _, id := range want {
		installRoot(t, s, id, f.ca.CertPEM)
	}
	t.Run("Certificates", func(t *testing.T) {
		var got []string
		for c, err := range s.Certificates() {
			if err != nil {
				t.Fatalf("Certificates yielded %v", err)
			}
			if c.Subject != caSubject || !c.NotBefore.Equal(notBefore) || !c.NotAfter.Equal(notAfter) {
				t.Errorf("Certificates yielded %+v", c)
			}
			got = append(got, c.ID)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Certificates (-want +got):\n%s", diff)
		}
	})
	t.Run("Break", func(t *testing.T) {
		n := 0
		for range s.Identifiers() {
			n++
			break
		}
		for range s.Certificates() {
			n++
			break
		}
		if n != 2 {
			t.Errorf("breaking out of the loops ran %d bodies, want 2", n)
		}
	})
	t.Run("CertificatesDeleteAhead", func(t *testing.T) {
		// Deleting a certificate that the loop has not reached yet: a backend that lists in
		// one step (certstore.Lister) yields it from its snapshot; another yields it with its
		// ID and ENOENT. Either way the loop goes on.
		_, snapshot := s.Backend().(certstore.Lister)
		var got []string
		for c, err := range s.Certificates() {
			if c.ID == "it0" {
				must(t, "DeleteCertificate(it2)", s.DeleteCertificate("it2"))
			}
			if c.ID == "it2" {
				if snapshot && err != nil {
					t.Errorf("certificate deleted during a snapshot listing: error %v, want none", err)
				}
				if !snapshot && !errors.Is(err, syscall.ENOENT) {
					t.Errorf("certificate deleted during the loop: error %v, want ENOENT", err)
				}
				continue
			}
			if err != nil {
				t.Errorf("Certificates yielded %q, %v", c.ID, err)
			}
			got = append(got, c.ID)
		}
		if diff := cmp.Diff([]string{"it0", "it1", "it3"}, got); diff != "" {
			t.Errorf("Certificates (-want +got):\n%s", diff)
		}
	})
	t.Run("DeleteInLoop", func(t *testing.T) {
		// Deleting the current certificate must not make the loop skip the next one.
		var got []string
		for id, err := range s.Identifiers() {
			if err != nil {
				t.Fatalf("Identifiers yielded %v", err)
			}
			got = append(got, id)
			must(t, "DeleteCertificate("+id+")", s.DeleteCertificate(id))
		}
		if diff := cmp.Diff([]string{"it0", "it1", "it3"}, got); diff != "" {
			t.Errorf("Identifiers while deleting (-want +got):\n%s", diff)
		}
		if n, _ := s.GetCertificateCount(); n != 0 {
			t.Errorf("GetCertificateCount() = %d after deleting in the loop, want 0", n)
		}
	})
}

// testIteratorErrors wraps the backend so that one call fails, and checks that the
// iterators yield that failure instead of ending as if the store were exhausted.
func testIteratorErrors(t *testing.T, s *certstore.Store, f *fixtures) {
	for _, id := range []string{"e0", "e1", "e2"} {
		installRoot(t, s, id, f.ca.CertPEM)
	}
	tests := []struct {
		name    string
		failOp  string
		failID  string
		wantIDs []string // identifiers yielded without error
		wantErr int      // errors yielded
	}{
		{"Count", "Count", "", nil, 1},
		{"IdentifierAt", "IdentifierAt", "", nil, 1},
		{"NotAfter", "NotAfter", "e1", []string{"e0", "e2"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fb := &faulty{Backend: s.Backend(), op: tt.failOp, id: tt.failID}
			fs := certstore.New(fb)
			var okIDs []string
			nerr := 0
			for c, err := range fs.Certificates() {
				if err != nil {
					nerr++
					if !errors.Is(err, syscall.EAGAIN) {
						t.Errorf("Certificates yielded %v, want the injected EAGAIN", err)
					}
					if tt.failID != "" && c.ID != tt.failID {
						t.Errorf("Certificates yielded the error with ID %q, want %q", c.ID, tt.failID)
					}
					continue
				}
				okIDs = append(okIDs, c.ID)
			}
			if nerr != tt.wantErr {
				t.Errorf("Certificates yielded %d errors, want %d", nerr, tt.wantErr)
			}
			if diff := cmp.Diff(tt.wantIDs, okIDs); diff != "" {
				t.Errorf("Certificates (-want +got):\n%s", diff)
			}
			if tt.failID == "" {
				fb.reset()
				nerr = 0
				for id, err := range fs.Identifiers() {
					if err == nil {
						t.Errorf("Identifiers yielded %q before the failure", id)
						continue
					}
					nerr++
					if !errors.Is(err, syscall.EAGAIN) {
						t.Errorf("Identifiers yielded %v, want the injected EAGAIN", err)
					}
				}
				if nerr != 1 {
					t.Errorf("Identifiers yielded %d errors, want 1", nerr)
				}
			}
		})
	}
}

// faulty is a backend whose operation op fails once (for identifier id, if set) with EAGAIN.
type faulty struct {
	certstore.Backend
	op, id string
	mu     sync.Mutex
	done   bool
}

func (b *faulty) reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done = false
}

func (b *faulty) fail(op, id string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done || op != b.op || (b.id != "" && id != b.id) {
		return nil
	}
	b.done = true
	return syscall.EAGAIN
}

func (b *faulty) Count() (int, error) {
	if err := b.fail("Count", ""); err != nil {
		return 0, err
	}
	return b.Backend.Count()
}

func (b *faulty) IdentifierAt(i int) (string, error) {
	if err := b.fail("IdentifierAt", ""); err != nil {
		return "", err
	}
	return b.Backend.IdentifierAt(i)
}

func (b *faulty) NotAfter(id string) (time.Time, error) {
	if err := b.fail("NotAfter", id); err != nil {
		return time.Time{}, err
	}
	return b.Backend.NotAfter(id)
}
