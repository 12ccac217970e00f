//go:build !(azsphere && linux && arm && cgo)

package deviceauth

import (
	"crypto"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// platformBackend is the default backend of a build without the device: every call fails
// with an error that wraps errors.ErrUnsupported and says how to get a backend.
func platformBackend() Backend { return unsupported{} }

type unsupported struct{}

func (unsupported) CertificatePath() (string, error) {
	return "", apierr.Unsupported("deviceauth", "GetCertificatePath")
}

func (unsupported) Credentials() ([][]byte, crypto.Signer, error) {
	return nil, nil, &SSLError{Result: SSLGetTenantIDError, Err: apierr.Unsupported("deviceauth", "ClientCertificate")}
}
