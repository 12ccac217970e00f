package sim

import (
	"os"

	"github.com/azsphere-go/applibs/certstore/filestore"
	"github.com/azsphere-go/applibs/internal/apierr"
	"github.com/azsphere-go/applibs/internal/certparse"
)

// Open returns a device whose certificate store is nonvolatile: it is kept in the directory
// dir (through certstore/filestore, created if need be) and survives the process, as the
// device's store survives a power cycle. Open loads what dir holds; every change is written
// there before it takes effect, and a change that cannot be written fails and changes
// nothing. opts.Capacity applies to the directory's store too. Unlike New, Open does I/O;
// Close releases the directory. Only one device should use a directory at a time.
//
// A directory may hold more than opts.Capacity, if it was filled by a device opened with a
// larger one. Open then loads every certificate, as the file store does, and does not fail:
// the certificates are still the user's, and deleting is the way back. Such a store reports
// no free space (GetAvailableSpace returns 0, Usage the bytes actually held) and refuses
// with ENOSPC every install that would leave it over capacity, replaces included, until
// enough certificates are deleted.
//
// The rest of the device (the Wi-Fi configuration, the device identity) lives in memory,
// as with New.
func Open(dir string, opts Options) (*Device, error) {
	d := New(opts)
	nv, err := filestore.Open(dir, filestore.WithCapacity(d.capacity))
	if err != nil {
		return nil, err
	}
	if err := d.load(nv); err != nil {
		nv.Close()
		return nil, err
	}
	d.nv = nv
	return d, nil
}

// load fills the in-memory store from nv, in its index order.
func (d *Device) load(nv *filestore.Store) error {
	const op = "Open"
	n, err := nv.Count()
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		id, err := nv.IdentifierAt(i)
		if err != nil {
			return err
		}
		size, err := nv.Size(id)
		if err != nil {
			return err
		}
		certPath, keyPath, err := nv.Paths(id)
		if err != nil {
			return err
		}
		certPEM, err := os.ReadFile(certPath)
		if err != nil {
			return apierr.Wrap(op, id, err)
		}
		e := &certEntry{id: id, kind: RootCACert, size: size}
		if keyPath == "" {
			e.cert, err = certparse.Certificate(certPEM)
		} else {
			var keyPEM []byte
			if keyPEM, err = os.ReadFile(keyPath); err == nil {
				e.kind = ClientCert
				e.cert, e.key, err = certparse.ClientCertificate(certPEM, keyPEM, nil)
			}
		}
		if err != nil {
			return apierr.Wrap(op, id, err)
		}
		e.subject, e.issuer = names(e.cert)
		d.appendCert(e)
	}
	return nil
}

// closeNonvolatile releases the directory of a device made by Open; the closed store stays
// attached, so later changes fail with EBADF (wrapping os.ErrClosed) instead of living in
// memory only. d.mu is held.
func (d *Device) closeNonvolatile() error {
	if d.nv == nil {
		return nil
	}
	return d.nv.Close()
}
