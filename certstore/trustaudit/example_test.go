package trustaudit_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/trustaudit"
	"github.com/azsphere-go/applibs/pkitest"
)

// An endpoint that still chains to a retiring root is flagged; one on its successor passes.
// (AuditEndpoints does the same for live servers, reading the chains they present.)
func ExampleAuditChain() {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	mk := func(ca *pkitest.Cert, cn string, from, to time.Time) *pkitest.Cert {
		o := pkitest.Options{Subject: pkix.Name{CommonName: cn}, NotBefore: from, NotAfter: to, DNSNames: []string{cn}}
		if ca == nil {
			return pkitest.MustCA(o)
		}
		return ca.MustIssue(o)
	}
	retiring := mk(nil, "Old Root", day(2000, 5, 12), day(2025, 5, 12))
	successor := mk(nil, "New Root", day(2013, 8, 1), day(2038, 1, 15))
	o := trustaudit.Options{
		Roots:   []trustaudit.Root{trustaudit.RootFromCert(retiring.Cert, "trusted.pem #1"), trustaudit.RootFromCert(successor.Cert, "trusted.pem #2")},
		Planned: []trustaudit.Root{trustaudit.RootFromCert(successor.Cert, "planned.pem #1")},
		Before:  day(2025, 6, 1),
		Now:     func() time.Time { return day(2025, 2, 1) },
	}
	for _, ca := range []*pkitest.Cert{retiring, successor} {
		leaf := mk(ca, "api.example.com", day(2024, 6, 1), day(2026, 6, 1))
		rep := trustaudit.AuditChain(trustaudit.Endpoint{Address: "api.example.com:443"}, []*x509.Certificate{leaf.Cert}, o)
		fmt.Println(rep.Endpoint.Address, "chains to", rep.Roots[0].Root.Subject, "ok:", rep.OK())
		for _, f := range rep.Findings {
			fmt.Println("  ", f)
		}
	}
	// Output:
	// api.example.com:443 chains to /CN=Old Root ok: false
	//    root not planned: chains only to /CN=Old Root (trusted.pem #1, until 2025-05-12), none of them in the planned set
	//    root expires: /CN=Old Root (trusted.pem #1, until 2025-05-12) expires before 2025-06-01
	// api.example.com:443 chains to /CN=New Root ok: true
}

func ExampleAuditStore() {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	retiring := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Old Root"}, NotBefore: day(2000, 5, 12), NotAfter: day(2025, 5, 12)})
	successor := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "New Root"}, NotBefore: day(2013, 8, 1), NotAfter: day(2038, 1, 15)})
	store := certstore.New(sim.New(sim.Options{}).CertStore())
	store.InstallRootCACertificate("OldRoot", retiring.CertPEM)
	store.InstallRootCACertificate("NewRoot", successor.CertPEM)

	reps, err := trustaudit.AuditStore(store, trustaudit.Options{
		Planned: []trustaudit.Root{trustaudit.RootFromCert(successor.Cert, "planned.pem #1")},
		Before:  day(2025, 6, 1),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range reps {
		fmt.Println(r.Certificate.ID, "planned:", r.Planned, "ok:", r.OK())
		for _, f := range r.Findings {
			fmt.Println("  ", f)
		}
	}
	// Output:
	// OldRoot planned: false ok: false
	//    root not planned: root CA OldRoot (/CN=Old Root) is not in the planned set
	//    root expires: OldRoot (/CN=Old Root) expires on 2025-05-12, before 2025-06-01
	// NewRoot planned: true ok: true
}
