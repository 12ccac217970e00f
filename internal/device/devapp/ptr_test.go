//go:build abidouble && cgo && !azsphere

package devapp_test

import "unsafe"

func unsafePointer(p *[8]byte) unsafe.Pointer { return unsafe.Pointer(p) }
func uintptrOf(p *[8]byte) uintptr            { return uintptr(unsafe.Pointer(p)) }
