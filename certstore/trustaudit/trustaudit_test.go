package trustaudit_test

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/trustaudit"
	"github.com/azsphere-go/applibs/pkitest"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// The audit's moment and date: before the retiring root's end, and just after it.
var (
	auditNow    = date(2025, 2, 1)
	auditBefore = date(2025, 6, 1)
)

// world is a public PKI in miniature: a retiring root (like the Baltimore CyberTrust Root,
// which expired on 2025-05-12), its successor (like DigiCert Global Root G2), an
// intermediate under each, the successor cross-signed by the retiring root, and a root
// nobody trusts.
type world struct {
	retiring, successor, unknown *pkitest.Cert
	oldInter, newInter           *pkitest.Cert
	cross                        *x509.Certificate // successor's name and key, signed by retiring
}

var (
	worldOnce sync.Once
	theWorld  world
)

func ca(cn string, from, to time.Time) pkitest.Options {
	return pkitest.Options{Subject: pkix.Name{Country: []string{"IE"}, Organization: []string{"Test Trust"}, CommonName: cn}, NotBefore: from, NotAfter: to}
}

func newWorld(t testing.TB) *world {
	worldOnce.Do(func() {
		w := &theWorld
		w.retiring = pkitest.MustCA(ca("Baltimore-like Test Root", date(2000, 5, 12), date(2025, 5, 12)))
		w.successor = pkitest.MustCA(ca("G2-like Test Root", date(2013, 8, 1), date(2038, 1, 15)))
		w.unknown = pkitest.MustCA(ca("Unknown Test Root", date(2020, 1, 1), date(2040, 1, 1)))
		var err error
		if w.oldInter, err = w.retiring.IssueCA(ca("Old Issuing CA", date(2020, 1, 1), date(2025, 5, 10))); err != nil {
			panic(err)
		}
		if w.newInter, err = w.successor.IssueCA(ca("New Issuing CA", date(2020, 1, 1), date(2030, 1, 1))); err != nil {
			panic(err)
		}
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(9001), Subject: w.successor.Cert.Subject,
			NotBefore: date(2013, 8, 1), NotAfter: date(2025, 5, 12), IsCA: true, BasicConstraintsValid: true,
			KeyUsage: x509.KeyUsageCertSign, SubjectKeyId: w.successor.Cert.SubjectKeyId}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, w.retiring.Cert, w.successor.Key.Public(), w.retiring.Key)
		if err != nil {
			panic(err)
		}
		if w.cross, err = x509.ParseCertificate(der); err != nil {
			panic(err)
		}
	})
	return &theWorld
}

// leaf issues a server certificate for localhost under ca.
func leaf(ca *pkitest.Cert) *pkitest.Cert {
	return ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "localhost"}, DNSNames: []string{"localhost"},
		NotBefore: date(2024, 6, 1), NotAfter: date(2026, 6, 1), Usage: pkitest.ServerOnly})
}

// serve starts a TLS server on 127.0.0.1 presenting chain (leaf first) and returns its
// endpoint, named localhost.
func serve(t testing.TB, key *pkitest.Cert, chain ...*x509.Certificate) trustaudit.Endpoint {
	t.Helper()
	cert := tls.Certificate{PrivateKey: key.Key, Leaf: key.Cert}
	for _, c := range chain {
		cert.Certificate = append(cert.Certificate, c.Raw)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the audit hangs up after the handshake
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return trustaudit.Endpoint{Address: srv.Listener.Addr().String(), ServerName: "localhost"}
}

// servers starts the test's servers: on the retiring hierarchy, on the successor's, on the
// successor's with the cross-certificate, and on an unknown root.
func servers(t testing.TB, w *world) (old, new, crossed, unknown trustaudit.Endpoint) {
	oldLeaf, newLeaf, unknownLeaf := leaf(w.oldInter), leaf(w.newInter), leaf(w.unknown)
	old = serve(t, oldLeaf, oldLeaf.Cert, w.oldInter.Cert)
	new = serve(t, newLeaf, newLeaf.Cert, w.newInter.Cert)
	crossed = serve(t, newLeaf, newLeaf.Cert, w.newInter.Cert, w.cross)
	unknown = serve(t, unknownLeaf, unknownLeaf.Cert)
	return
}

func roots(cs ...*pkitest.Cert) []trustaudit.Root {
	var out []trustaudit.Root
	for _, c := range cs {
		out = append(out, trustaudit.RootFromCert(c.Cert, c.Cert.Subject.CommonName))
	}
	return out
}

func kinds(fs []trustaudit.Finding) []trustaudit.Kind {
	var out []trustaudit.Kind
	for _, f := range fs {
		out = append(out, f.Kind)
	}
	slices.Sort(out)
	return out
}

func rootNames(ms []trustaudit.Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Root.Source)
	}
	return out
}

func TestAuditEndpoints(t *testing.T) {
	w := newWorld(t)
	old, new, crossed, unknown := servers(t, w)
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := trustaudit.Endpoint{Address: closed.Addr().String()}
	closed.Close()

	o := trustaudit.Options{
		Roots:   roots(w.retiring, w.successor),
		Planned: roots(w.successor),
		Before:  auditBefore,
		Now:     func() time.Time { return auditNow },
		Timeout: 5 * time.Second,
	}
	reps := trustaudit.AuditEndpoints(context.Background(), []trustaudit.Endpoint{old, new, crossed, unknown, down}, o)
	tests := []struct {
		name  string
		kinds []trustaudit.Kind
		roots []string
	}{
		{"still on the retiring root", []trustaudit.Kind{trustaudit.RootNotPlanned, trustaudit.RootExpires, trustaudit.CertExpires}, []string{"Baltimore-like Test Root"}},
		{"on the successor", nil, []string{"G2-like Test Root"}},
		{"on the successor, cross-signed by the retiring root", nil, []string{"G2-like Test Root", "Baltimore-like Test Root"}},
		{"on an unknown root", []trustaudit.Kind{trustaudit.Untrusted}, nil},
		{"unreachable", []trustaudit.Kind{trustaudit.Unreachable}, nil},
	}
	for i, tt := range tests {
		rep := reps[i]
		if got := kinds(rep.Findings); !slices.Equal(got, sortedKinds(tt.kinds)) {
			t.Errorf("%s: findings %v, want kinds %v", tt.name, rep.Findings, tt.kinds)
		}
		if got := rootNames(rep.Roots); !sameSet(got, tt.roots) {
			t.Errorf("%s: roots %v, want %v", tt.name, got, tt.roots)
		}
		if rep.OK() != (len(tt.kinds) == 0) {
			t.Errorf("%s: OK() = %v", tt.name, rep.OK())
		}
	}
	if got := len(reps[2].Chain); got != 3 {
		t.Errorf("the cross-signed endpoint's chain has %d certificates, want 3", got)
	}
	if m := reps[1].Roots; len(m) != 1 || !m[0].Planned || m[0].ByName {
		t.Errorf("the successor's endpoint matched %+v; want the planned root, by signature", m)
	}
	if d := reps[0].Findings; !strings.Contains(findingOf(d, trustaudit.RootExpires), "2025-05-12") {
		t.Errorf("the retiring root's finding does not give its end: %v", d)
	}
}

func sortedKinds(k []trustaudit.Kind) []trustaudit.Kind {
	k = slices.Clone(k)
	slices.Sort(k)
	return k
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func findingOf(fs []trustaudit.Finding, k trustaudit.Kind) string {
	for _, f := range fs {
		if f.Kind == k {
			return f.Detail
		}
	}
	return ""
}

// TestAuditChainChecks: each check on its own.
func TestAuditChainChecks(t *testing.T) {
	w := newWorld(t)
	oldLeaf, newLeaf := leaf(w.oldInter), leaf(w.newInter)
	oldChain := []*x509.Certificate{oldLeaf.Cert, w.oldInter.Cert}
	newChain := []*x509.Certificate{newLeaf.Cert, w.newInter.Cert}
	ep := trustaudit.Endpoint{Address: "127.0.0.1:443", ServerName: "localhost"}
	now := func() time.Time { return auditNow }
	tests := []struct {
		name  string
		ep    trustaudit.Endpoint
		chain []*x509.Certificate
		o     trustaudit.Options
		want  []trustaudit.Kind
	}{
		{"no planned set, no date", ep, oldChain, trustaudit.Options{Roots: roots(w.retiring, w.successor), Now: now}, nil},
		{"date before the chain's ends", ep, oldChain, trustaudit.Options{Roots: roots(w.retiring), Now: now, Before: date(2025, 5, 9)}, nil},
		{"date after the intermediate's end", ep, oldChain, trustaudit.Options{Roots: roots(w.retiring), Now: now, Before: date(2025, 5, 11)},
			[]trustaudit.Kind{trustaudit.CertExpires}},
		{"date after the root's end", ep, oldChain, trustaudit.Options{Roots: roots(w.retiring), Now: now, Before: date(2025, 5, 13)},
			[]trustaudit.Kind{trustaudit.RootExpires, trustaudit.CertExpires}},
		{"planned only", ep, oldChain, trustaudit.Options{Roots: roots(w.retiring), Planned: roots(w.successor), Now: now},
			[]trustaudit.Kind{trustaudit.RootNotPlanned}},
		{"the planned set alone resolves", ep, newChain, trustaudit.Options{Planned: roots(w.successor), Now: now}, nil},
		{"wrong server name", trustaudit.Endpoint{Address: ep.Address, ServerName: "other.example"}, newChain,
			trustaudit.Options{Roots: roots(w.successor), Now: now}, []trustaudit.Kind{trustaudit.NameMismatch}},
		{"after the retiring root expired", ep, oldChain, trustaudit.Options{Roots: roots(w.retiring), Now: func() time.Time { return date(2025, 6, 1) }},
			[]trustaudit.Kind{trustaudit.Untrusted}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := trustaudit.AuditChain(tt.ep, tt.chain, tt.o)
			if got := kinds(rep.Findings); !slices.Equal(got, sortedKinds(tt.want)) {
				t.Errorf("findings %v, want kinds %v", rep.Findings, tt.want)
			}
		})
	}
}

// TestAuditStore: the store's retiring root and expiring client certificate are flagged;
// the successor passes. The store's roots, known by name only, also resolve chains.
func TestAuditStore(t *testing.T) {
	w := newWorld(t)
	dev := sim.New(sim.Options{})
	store := certstore.New(dev.CertStore())
	client := w.successor.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device"}, NotBefore: date(2024, 1, 1), NotAfter: date(2025, 3, 1)})
	for id, c := range map[string]*pkitest.Cert{"Baltimore": w.retiring, "G2": w.successor} {
		if err := store.InstallRootCACertificate(id, c.CertPEM); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.InstallClientCertificate("Client", client.CertPEM, client.MustKeyPEM(pkitest.PKCS8, nil), nil); err != nil {
		t.Fatal(err)
	}
	o := trustaudit.Options{Planned: roots(w.successor), Before: auditBefore, Now: func() time.Time { return auditNow }}
	reps, err := trustaudit.AuditStore(store, o)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]trustaudit.Kind{
		"Baltimore": {trustaudit.RootNotPlanned, trustaudit.RootExpires},
		"G2":        nil,
		"Client":    {trustaudit.CertExpires},
	}
	if len(reps) != 3 {
		t.Fatalf("AuditStore returned %d reports, want 3", len(reps))
	}
	for _, r := range reps {
		if got := kinds(r.Findings); !slices.Equal(got, sortedKinds(want[r.Certificate.ID])) {
			t.Errorf("%s: findings %v, want kinds %v", r.Certificate.ID, r.Findings, want[r.Certificate.ID])
		}
		if r.Root != (r.Certificate.ID != "Client") || r.Planned != (r.Certificate.ID == "G2") {
			t.Errorf("%s: Root %v, Planned %v", r.Certificate.ID, r.Root, r.Planned)
		}
	}

	// The store's roots as the roots of an endpoint audit: matched by name.
	storeRoots, err := trustaudit.RootsFromStore(store)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(storeRoots); got != 2 {
		t.Fatalf("RootsFromStore returned %d roots, want 2 (the client certificate is not a root)", got)
	}
	oldLeaf := leaf(w.oldInter)
	rep := trustaudit.AuditChain(trustaudit.Endpoint{Address: "127.0.0.1:443", ServerName: "localhost"},
		[]*x509.Certificate{oldLeaf.Cert, w.oldInter.Cert}, trustaudit.Options{Roots: storeRoots, Planned: roots(w.successor), Before: auditBefore, Now: o.Now})
	if len(rep.Roots) != 1 || !rep.Roots[0].ByName || rep.Roots[0].Root.Source != "store Baltimore" {
		t.Fatalf("roots %+v; want the store's Baltimore, by name", rep.Roots)
	}
	if got := kinds(rep.Findings); !slices.Equal(got, sortedKinds([]trustaudit.Kind{trustaudit.RootNotPlanned, trustaudit.RootExpires, trustaudit.CertExpires})) {
		t.Errorf("findings %v", rep.Findings)
	}
}

func TestRootsFromPEM(t *testing.T) {
	w := newWorld(t)
	bundle := append(append([]byte{}, w.retiring.CertPEM...), w.successor.CertPEM...)
	rs, err := trustaudit.RootsFromPEM(bundle, "roots.pem")
	if err != nil || len(rs) != 2 || rs[1].Source != "roots.pem #2" || !strings.Contains(rs[1].Subject, "/CN=G2-like Test Root") {
		t.Fatalf("RootsFromPEM = %+v, %v", rs, err)
	}
	key := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1}})
	bad := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1, 2, 3}})
	for name, data := range map[string][]byte{
		"empty": nil, "a key": append(append([]byte{}, w.retiring.CertPEM...), key...), "junk after": append(append([]byte{}, bundle...), "junk"...),
		"a broken certificate": bad,
	} {
		if _, err := trustaudit.RootsFromPEM(data, "x.pem"); err == nil {
			t.Errorf("RootsFromPEM(%s) succeeded", name)
		}
	}
}

func TestParseEndpoint(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"example.com", "example.com:443"},
		{"example.com:8443", "example.com:8443"},
		{"127.0.0.1:1", "127.0.0.1:1"},
		{"[::1]:443", "[::1]:443"},
		{"::1", "[::1]:443"},
		{" host ", "host:443"},
	} {
		got, err := trustaudit.ParseEndpoint(tt.in)
		if err != nil || got.Address != tt.want {
			t.Errorf("ParseEndpoint(%q) = %+v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", ":443", "host:0", "host:http", "host:70000"} {
		if got, err := trustaudit.ParseEndpoint(in); err == nil {
			t.Errorf("ParseEndpoint(%q) = %+v; want an error", in, got)
		}
	}
}
