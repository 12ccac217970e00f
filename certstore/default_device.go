//go:build cgo && ((azsphere && linux && arm) || abidouble)

package certstore

import "github.com/azsphere-go/applibs/internal/device"

// platformBackend is the default backend of a device build: the device's certificate store,
// through libapplibs. (With the test tag abidouble, the C double of libapplibs stands in.)
func platformBackend() Backend { return deviceStore{device.CertStoreBackend()} }

// deviceStore is the device's certificate store as a Backend and a Lister: the cgo calls of
// internal/device, whose whole-store listing is adapted here.
type deviceStore struct{ *device.CertStore }

// List implements Lister: the store read in one critical section of the cgo backend.
func (d deviceStore) List() ([]Certificate, error) {
	raw, err := d.CertStore.List()
	if err != nil {
		return nil, err
	}
	out := make([]Certificate, len(raw))
	for i, c := range raw {
		out[i] = Certificate{ID: c.ID, Subject: c.Subject, Issuer: c.Issuer, NotBefore: c.NotBefore, NotAfter: c.NotAfter}
	}
	return out, nil
}
