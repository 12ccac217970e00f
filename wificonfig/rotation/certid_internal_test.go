package rotation

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"strings"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/pkitest"
)

// TestDescribeMatchesStore: the description read from a certificate's PEM matches what the
// certificate store says of the same certificate, names with escapes and names the store cut
// included, and does not match a renewal.
func TestDescribeMatchesStore(t *testing.T) {
	long := strings.Repeat("Contoso Wireless Engineering ", 12) // cut by the store at 300 bytes
	names := []pkix.Name{
		{CommonName: "plain"},
		{Country: []string{"US"}, Organization: []string{"Contoso/Fabrikam=Joint"}, CommonName: `back\slash`},
		{CommonName: "Zürich \u00e9t\u00e9 \u0085 line\nbreak"},
		{Organization: []string{long}, CommonName: "cut"},
		{ExtraNames: []pkix.AttributeTypeAndValue{
			{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: "first"},
			{Type: asn1.ObjectIdentifier{1, 2, 3, 4}, Value: "odd oid"},
		}},
	}
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, name := range names {
		t.Run(name.CommonName, func(t *testing.T) {
			ca := pkitest.MustCA(pkitest.Options{Subject: name, NotBefore: from, NotAfter: from.AddDate(5, 0, 0)})
			renewal := pkitest.MustCA(pkitest.Options{Subject: name, NotBefore: from.AddDate(1, 0, 0), NotAfter: from.AddDate(6, 0, 0)})
			store := certstore.New(sim.New(sim.Options{}).CertStore())
			if err := store.InstallRootCACertificate("ca", ca.CertPEM); err != nil {
				t.Fatal(err)
			}
			c, err := store.Certificate("ca")
			if err != nil {
				t.Fatal(err)
			}
			d, err := describe(ca.CertPEM)
			if err != nil {
				t.Fatal(err)
			}
			if !d.matches(c) {
				t.Errorf("description %+v does not match the store's %+v", d, c)
			}
			other := name
			other.CommonName += " other"
			other.ExtraNames = append([]pkix.AttributeTypeAndValue{{Type: asn1.ObjectIdentifier{2, 5, 4, 10}, Value: "Other"}}, other.ExtraNames...)
			sibling := pkitest.MustCA(pkitest.Options{Subject: other, NotBefore: from, NotAfter: from.AddDate(5, 0, 0)})
			for what, cert := range map[string]*pkitest.Cert{"the renewal": renewal, "another CA of the same validity": sibling} {
				r, err := describe(cert.CertPEM)
				if err != nil {
					t.Fatal(err)
				}
				if r.matches(c) {
					t.Errorf("%s matches the store's %+v", what, c)
				}
			}
		})
	}
}

func TestDescribeRejects(t *testing.T) {
	ca := pkitest.MustCA(pkitest.Options{})
	for _, blob := range [][]byte{nil, []byte("junk"), append(append([]byte{}, ca.CertPEM...), ca.CertPEM...),
		[]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")} {
		if _, err := describe(blob); err == nil {
			t.Errorf("describe(%.40q) succeeded", blob)
		}
	}
}
