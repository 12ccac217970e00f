package testpki_test

import (
	"crypto/x509/pkix"
	"fmt"

	"github.com/azsphere-go/applibs/internal/testpki"
)

func ExampleCert_Issue() {
	ca := testpki.MustCA(testpki.Options{Subject: pkix.Name{CommonName: "Example CA"}})
	client := ca.MustIssue(testpki.Options{Subject: pkix.Name{CommonName: "device-1"}})
	key := client.MustKeyPEM(testpki.EncryptedPKCS8, []byte("password"))

	fmt.Println(client.Cert.Subject.CommonName, "issued by", client.Cert.Issuer.CommonName)
	fmt.Println(len(key) > 0)
	// Output:
	// device-1 issued by Example CA
	// true
}
