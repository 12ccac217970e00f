//go:build !(cgo && ((azsphere && linux && arm) || abidouble))

package certstore

// platformBackend is the default backend of a build without the device: none, so every call
// fails with an error that wraps errors.ErrUnsupported and says how to get a backend.
func platformBackend() Backend { return nil }
