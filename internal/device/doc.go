// Package device is the backend of the SDK on an Azure Sphere device: it calls the functions
// of libapplibs and libtlsutils through cgo. The public packages select it as their default
// backend in a device build (-tags azsphere, GOOS=linux, GOARCH=arm, cgo enabled); every other
// build leaves it out.
//
// The C declarations are the package's own (applibs.h), made from the reference facts: the
// SDK's headers are not needed to build. Functions that the SDK defines as static inline
// wrappers are called through the exported z__ functions they wrap, with the same field
// numbers, struct sizes and struct version the wrappers pass.
//
// The applibs functions are not thread safe: the package serializes every call with one
// mutex, and reads errno in the same call (cgo's two-result form). Strings cross the boundary
// as NUL-terminated copies; strings coming back end at their first NUL. Times come back as
// struct tm in UTC and are converted without the local time zone.
//
// With the build tag abidouble (tests only), the package links the C test double in
// internal/device/abidouble instead of the device libraries, so that the same cgo code runs
// on a development machine and under qemu-arm.
package device
