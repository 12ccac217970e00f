package certparse_test

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"syscall"

	"github.com/azsphere-go/applibs/internal/certparse"
)

func ExampleOneLine() {
	name := pkix.Name{Names: []pkix.AttributeTypeAndValue{
		{Type: asn1.ObjectIdentifier{2, 5, 4, 6}, Value: "US"},
		{Type: asn1.ObjectIdentifier{2, 5, 4, 10}, Value: "Example"},
		{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: "Name"},
	}}
	fmt.Println(certparse.OneLine(name))
	// Output: /C=US/O=Example/CN=Name
}

func ExampleCertificate() {
	_, err := certparse.Certificate([]byte("not PEM"))
	fmt.Println(certparse.Errno(err) == syscall.EINVAL)
	// Output: true
}
