package trustaudit

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/internal/certparse"
)

// Root is a trust anchor: a certificate, or, for the certificate store (which gives out no
// certificates), what the store tells of one.
type Root struct {
	// Source says where the root came from: "roots.pem #3", "store RootCA1", "system".
	Source string
	// Subject is the root's subject in the certificate store's one-line form
	// ("/C=US/O=DigiCert Inc/CN=DigiCert Global Root G2").
	Subject string
	// NotBefore and NotAfter bound its validity.
	NotBefore, NotAfter time.Time
	// Cert is the certificate, nil when only the description is known.
	Cert *x509.Certificate
}

// String returns the root's subject, source and end of validity.
func (r Root) String() string {
	return fmt.Sprintf("%s (%s, until %s)", r.Subject, r.Source, r.NotAfter.Format(time.DateOnly))
}

// RootFromCert describes a certificate as a Root.
func RootFromCert(c *x509.Certificate, source string) Root {
	return Root{Source: source, Subject: certparse.OneLine(c.Subject), NotBefore: c.NotBefore.UTC(), NotAfter: c.NotAfter.UTC(), Cert: c}
}

// RootsFromPEM returns the certificates of a PEM bundle as Roots, each with source "name
// #i" (i from 1). A block that is not a CERTIFICATE, a certificate that does not parse, or a
// bundle without certificates is an error: a bundle that silently lost a root would make
// the audit pass for the wrong reason.
func RootsFromPEM(data []byte, name string) ([]Root, error) {
	var roots []Root
	for i := 1; ; i++ {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("%s: block %d is %q, not a CERTIFICATE", name, i, block.Type)
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: certificate %d: %w", name, i, err)
		}
		roots = append(roots, RootFromCert(c, name+" #"+strconv.Itoa(i)))
	}
	if len(bytes.TrimSpace(data)) != 0 {
		return nil, fmt.Errorf("%s: text after the last PEM block", name)
	}
	if len(roots) == 0 {
		return nil, fmt.Errorf("%s: no certificates", name)
	}
	return roots, nil
}

// RootsFromStore returns the root CA certificates of a certificate store as Roots known by
// their description only (source "store ID"): the self-issued certificates (subject equal
// to issuer), which is how a root tells itself apart from a client certificate through the
// store's API.
func RootsFromStore(s *certstore.Store) ([]Root, error) {
	var roots []Root
	for c, err := range s.Certificates() {
		if err != nil {
			return nil, err
		}
		if c.Subject == c.Issuer {
			roots = append(roots, Root{Source: "store " + c.ID, Subject: c.Subject, NotBefore: c.NotBefore, NotAfter: c.NotAfter})
		}
	}
	return roots, nil
}

// same reports whether a and b are the same root: the same name and key when both are
// certificates (a root re-issued with its key is the same authority), else the same subject
// and validity.
func same(a, b Root) bool {
	if a.Cert != nil && b.Cert != nil {
		return bytes.Equal(a.Cert.RawSubject, b.Cert.RawSubject) && bytes.Equal(a.Cert.RawSubjectPublicKeyInfo, b.Cert.RawSubjectPublicKeyInfo)
	}
	return a.Subject == b.Subject && a.NotBefore.Equal(b.NotBefore) && a.NotAfter.Equal(b.NotAfter)
}

// Options say what an audit checks against.
type Options struct {
	// Roots are the trust anchors chains are resolved against: the roots the device (or
	// client) trusts now, including those about to go, so that the audit can tell what an
	// endpoint chains to.
	Roots []Root
	// SystemRoots adds the host's trusted roots (x509.SystemCertPool) to Roots.
	SystemRoots bool
	// Planned is the set of roots that will stay trusted. An endpoint that chains to none of
	// them, or a root of the store that is not among them, is flagged. Nil skips the check.
	Planned []Root
	// Before flags what expires before it: an endpoint all of whose roots (among the
	// planned ones, when Planned is set) expire before it, a presented certificate that
	// expires before it, a certificate of the store that expires before it. Zero skips the
	// check.
	Before time.Time
	// Now is the time chains are verified at; nil means time.Now.
	Now func() time.Time
	// Timeout bounds the connection and handshake of each endpoint; 0 means 10 seconds.
	Timeout time.Duration
	// Parallel is how many endpoints are audited at once; 0 means 8.
	Parallel int
}

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Kind is the kind of a finding.
type Kind int

// The kinds of finding.
const (
	// Unreachable: the endpoint could not be reached or the TLS handshake failed.
	Unreachable Kind = iota + 1
	// Untrusted: the endpoint's chain leads to none of the roots.
	Untrusted
	// RootNotPlanned: the endpoint chains to no root of the planned set, or the store's
	// root is not in it.
	RootNotPlanned
	// RootExpires: every root the endpoint chains to (among the planned ones) expires
	// before the date, or the store's root does.
	RootExpires
	// CertExpires: a certificate on the endpoint's path to the root it is judged by (or,
	// without one, a presented certificate), or a non-root certificate of the store,
	// expires before the date.
	CertExpires
	// NameMismatch: the endpoint's certificate is not valid for its server name.
	NameMismatch
)

var kindNames = [...]string{"", "unreachable", "untrusted", "root not planned", "root expires", "certificate expires", "name mismatch"}

// String returns the kind in words, such as "root not planned".
func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Finding is one problem an audit found.
type Finding struct {
	Kind   Kind
	Detail string
}

// String returns the kind and the detail.
func (f Finding) String() string { return f.Kind.String() + ": " + f.Detail }

// Endpoint is a TLS server to audit.
type Endpoint struct {
	// Address is host:port.
	Address string
	// ServerName is sent in the handshake (SNI) and checked against the certificate; ""
	// means the host of Address.
	ServerName string
}

// ParseEndpoint parses "host", "host:port" or "[v6]:port"; the port defaults to 443.
func ParseEndpoint(s string) (Endpoint, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Endpoint{}, errors.New("empty endpoint")
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		if strings.Count(s, ":") > 1 && !strings.HasPrefix(s, "[") {
			host, port = s, "443" // a bare IPv6 address
		} else if !strings.Contains(s, ":") {
			host, port = s, "443"
		} else {
			return Endpoint{}, fmt.Errorf("endpoint %q: %w", s, err)
		}
	}
	if host == "" {
		return Endpoint{}, fmt.Errorf("endpoint %q has no host", s)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return Endpoint{}, fmt.Errorf("endpoint %q: port %q is not 1 to 65535", s, port)
	}
	return Endpoint{Address: net.JoinHostPort(host, port)}, nil
}

func (e Endpoint) serverName() string {
	if e.ServerName != "" {
		return e.ServerName
	}
	host, _, err := net.SplitHostPort(e.Address)
	if err != nil {
		return e.Address
	}
	return host
}

// ChainCert describes a certificate an endpoint presents.
type ChainCert struct {
	Subject, Issuer     string // one-line form
	NotBefore, NotAfter time.Time
}

// Match is a root an endpoint chains to.
type Match struct {
	Root Root
	// ByName is true when the root is known by its description only (the certificate
	// store) and was matched by name: the top of the presented chain names it as its
	// issuer (or is it). No signature was checked.
	ByName bool
	// Planned reports whether the root is in the planned set (false when none is set).
	Planned bool
	// Path is the path from the leaf up to the root, the root left out: the presented
	// certificates the trust in the endpoint rests on when it rests on this root.
	Path []ChainCert
}

// EndpointReport is the audit of one endpoint.
type EndpointReport struct {
	Endpoint Endpoint
	// Chain is the chain the endpoint presents, leaf first.
	Chain []ChainCert
	// Roots are the roots the chain leads to, in the order found (several when a
	// cross-signed certificate links two hierarchies).
	Roots []Match
	// Findings are the problems found; none means the endpoint passes.
	Findings []Finding
}

// OK reports whether the audit found nothing.
func (r EndpointReport) OK() bool { return len(r.Findings) == 0 }

// AuditEndpoints connects to each endpoint, reads the chain it presents and audits it
// (AuditChain). Reports come in the order of eps.
func AuditEndpoints(ctx context.Context, eps []Endpoint, o Options) []EndpointReport {
	out := make([]EndpointReport, len(eps))
	n := o.Parallel
	if n <= 0 {
		n = 8
	}
	var sys *x509.CertPool
	if o.SystemRoots {
		var err error
		if sys, err = x509.SystemCertPool(); err != nil {
			for i, ep := range eps {
				out[i] = EndpointReport{Endpoint: ep, Findings: []Finding{{Untrusted, "the system's roots are not available: " + err.Error()}}}
			}
			return out
		}
	}
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i, ep := range eps {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			chain, err := fetch(ctx, ep, o.Timeout)
			if err != nil {
				out[i] = EndpointReport{Endpoint: ep, Findings: []Finding{{Unreachable, err.Error()}}}
				return
			}
			out[i] = auditChain(ep, chain, o, sys)
		}()
	}
	wg.Wait()
	return out
}

// fetch returns the chain ep presents. It verifies nothing: the audit does.
func fetch(ctx context.Context, ep Endpoint, timeout time.Duration) ([]*x509.Certificate, error) {
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	d := tls.Dialer{Config: &tls.Config{ServerName: ep.serverName(), InsecureSkipVerify: true}}
	conn, err := d.DialContext(ctx, "tcp", ep.Address)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	chain := conn.(*tls.Conn).ConnectionState().PeerCertificates
	if len(chain) == 0 {
		return nil, errors.New("the server presented no certificate")
	}
	return chain, nil
}

// AuditChain audits the chain an endpoint presents (leaf first): which of o.Roots (and the
// system's roots, with o.SystemRoots) it leads to at o.Now, whether one of them is planned
// and lasts until o.Before, whether a certificate on the path to that root expires before
// o.Before, and whether the leaf is valid for the endpoint's server name.
func AuditChain(ep Endpoint, chain []*x509.Certificate, o Options) EndpointReport {
	var sys *x509.CertPool
	if o.SystemRoots {
		var err error
		if sys, err = x509.SystemCertPool(); err != nil {
			return EndpointReport{Endpoint: ep, Findings: []Finding{{Untrusted, "the system's roots are not available: " + err.Error()}}}
		}
	}
	return auditChain(ep, chain, o, sys)
}

func auditChain(ep Endpoint, chain []*x509.Certificate, o Options, sys *x509.CertPool) EndpointReport {
	rep := EndpointReport{Endpoint: ep}
	if len(chain) == 0 {
		rep.Findings = append(rep.Findings, Finding{Unreachable, "no certificate presented"})
		return rep
	}
	leaf := chain[0]
	now := o.now()
	add := func(m Match) {
		for _, x := range rep.Roots {
			if same(x.Root, m.Root) {
				return
			}
		}
		for _, p := range o.Planned {
			if same(p, m.Root) {
				m.Planned = true
			}
		}
		rep.Roots = append(rep.Roots, m)
	}
	rep.Chain = describeChain(chain)
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	// Roots with certificates: verify, and take the anchor of every chain found.
	pool, byRaw := x509.NewCertPool(), map[string]Root{}
	for _, r := range append(append([]Root(nil), o.Roots...), o.Planned...) {
		if r.Cert != nil {
			pool.AddCert(r.Cert)
			if _, ok := byRaw[string(r.Cert.Raw)]; !ok {
				byRaw[string(r.Cert.Raw)] = r
			}
		}
	}
	var verr error
	for _, p := range []struct {
		pool   *x509.CertPool
		system bool
	}{{pool, false}, {sys, true}} {
		if p.pool == nil || (!p.system && len(byRaw) == 0) {
			continue
		}
		chains, err := leaf.Verify(x509.VerifyOptions{Roots: p.pool, Intermediates: inter, CurrentTime: now,
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
		if err != nil {
			verr = errors.Join(verr, err)
			continue
		}
		for _, ch := range chains {
			anchor := ch[len(ch)-1]
			r, ok := byRaw[string(anchor.Raw)]
			if !ok {
				r = RootFromCert(anchor, "system")
			}
			add(Match{Root: r, Path: describeChain(ch[:len(ch)-1])})
		}
	}
	// Roots known by name only: the highest presented certificate that one of them issued
	// (or is).
	for _, r := range append(append([]Root(nil), o.Roots...), o.Planned...) {
		if r.Cert != nil {
			continue
		}
		for i := len(chain) - 1; i >= 0; i-- {
			c := rep.Chain[i]
			isRoot := c.Subject == r.Subject && c.Subject == c.Issuer && c.NotAfter.Equal(r.NotAfter)
			if c.Issuer == r.Subject || isRoot {
				path := rep.Chain[:i+1]
				if isRoot {
					path = rep.Chain[:i]
				}
				if !now.Before(r.NotBefore) && !now.After(r.NotAfter) {
					add(Match{Root: r, ByName: true, Path: path})
				}
				break
			}
		}
	}
	path := rep.judge(o, verr)
	if err := leaf.VerifyHostname(ep.serverName()); err != nil {
		rep.Findings = append(rep.Findings, Finding{NameMismatch, err.Error()})
	}
	if !o.Before.IsZero() {
		for i, c := range path {
			if c.NotAfter.Before(o.Before) {
				rep.Findings = append(rep.Findings, Finding{CertExpires, fmt.Sprintf("certificate %d %s expires on %s", i, c.Subject, c.NotAfter.Format(time.DateOnly))})
			}
		}
	}
	return rep
}

// describeChain describes certificates as ChainCerts.
func describeChain(cs []*x509.Certificate) []ChainCert {
	var out []ChainCert
	for _, c := range cs {
		out = append(out, ChainCert{Subject: certparse.OneLine(c.Subject), Issuer: certparse.OneLine(c.Issuer),
			NotBefore: c.NotBefore.UTC(), NotAfter: c.NotAfter.UTC()})
	}
	return out
}

// judge adds the findings about the roots found and returns the path the endpoint is judged
// by: to the best root found (planned and lasting, when one is), or the presented chain.
func (rep *EndpointReport) judge(o Options, verr error) []ChainCert {
	if len(rep.Roots) == 0 {
		detail := "the chain leads to none of the roots"
		if top := rep.Chain[len(rep.Chain)-1]; top.Issuer != "" {
			detail += "; the top certificate's issuer is " + top.Issuer
		}
		if verr != nil {
			detail += " (" + verr.Error() + ")"
		}
		rep.Findings = append(rep.Findings, Finding{Untrusted, detail})
		return rep.Chain
	}
	candidates := rep.Roots
	if o.Planned != nil {
		candidates = nil
		for _, m := range rep.Roots {
			if m.Planned {
				candidates = append(candidates, m)
			}
		}
		if len(candidates) == 0 {
			rep.Findings = append(rep.Findings, Finding{RootNotPlanned, "chains only to " + list(rep.Roots) + ", none of them in the planned set"})
			candidates = rep.Roots
		}
	}
	if o.Before.IsZero() {
		return candidates[0].Path
	}
	for _, m := range candidates {
		if !m.Root.NotAfter.Before(o.Before) {
			return m.Path
		}
	}
	verb := "expire"
	if len(candidates) == 1 {
		verb = "expires"
	}
	rep.Findings = append(rep.Findings, Finding{RootExpires, fmt.Sprintf("%s %s before %s", list(candidates), verb, o.Before.Format(time.DateOnly))})
	return candidates[0].Path
}

func list(ms []Match) string {
	var s []string
	for _, m := range ms {
		s = append(s, m.Root.String())
	}
	return strings.Join(s, ", ")
}

// StoreReport is the audit of one certificate of the store.
type StoreReport struct {
	Certificate certstore.Certificate
	// Root reports whether the certificate is self-issued (a root CA).
	Root bool
	// Planned reports whether a root is in the planned set, matched by subject and
	// validity (false for other certificates, and when no planned set is given).
	Planned bool
	// Findings are the problems found; none means the certificate passes.
	Findings []Finding
}

// OK reports whether the audit found nothing.
func (r StoreReport) OK() bool { return len(r.Findings) == 0 }

// AuditStore audits every certificate of a certificate store: a root CA (self-issued) that
// is not in o.Planned (matched by subject and validity, as the store tells no more) or
// expires before o.Before, another certificate that expires before o.Before.
func AuditStore(s *certstore.Store, o Options) ([]StoreReport, error) {
	var out []StoreReport
	for c, err := range s.Certificates() {
		if err != nil {
			return nil, err
		}
		r := StoreReport{Certificate: c, Root: c.Subject == c.Issuer}
		me := Root{Subject: c.Subject, NotBefore: c.NotBefore, NotAfter: c.NotAfter}
		if r.Root && o.Planned != nil {
			for _, p := range o.Planned {
				if same(p, me) {
					r.Planned = true
				}
			}
			if !r.Planned {
				r.Findings = append(r.Findings, Finding{RootNotPlanned, fmt.Sprintf("root CA %s (%s) is not in the planned set", c.ID, c.Subject)})
			}
		}
		if !o.Before.IsZero() && c.NotAfter.Before(o.Before) {
			k := CertExpires
			if r.Root {
				k = RootExpires
			}
			r.Findings = append(r.Findings, Finding{k, fmt.Sprintf("%s (%s) expires on %s, before %s", c.ID, c.Subject,
				c.NotAfter.Format(time.DateOnly), o.Before.Format(time.DateOnly))})
		}
		out = append(out, r)
	}
	return out, nil
}
