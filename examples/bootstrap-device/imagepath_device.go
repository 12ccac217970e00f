//go:build azsphere && cgo && !abidouble

package main

// #include <stdlib.h>
// char *Storage_GetAbsolutePathInImagePackage(const char *relativePath); /* applibs/storage.h */
import "C"

import (
	"fmt"
	"unsafe"
)

// imagePath resolves a path in the application's image package
// (Storage_GetAbsolutePathInImagePackage, in libapplibs).
func imagePath(rel string) (string, error) {
	cs := C.CString(rel)
	defer C.free(unsafe.Pointer(cs))
	p := C.Storage_GetAbsolutePathInImagePackage(cs)
	if p == nil {
		return "", fmt.Errorf("Storage_GetAbsolutePathInImagePackage(%q) failed", rel)
	}
	defer C.free(unsafe.Pointer(p))
	return C.GoString(p), nil
}
