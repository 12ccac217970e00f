//go:build abidouble && cgo && !azsphere

package device

// ABIFacts exports abiFacts to the external tests.
var ABIFacts = abiFacts
