//go:build azsphere && !cgo

package device

// A device build needs cgo: the backend calls libapplibs. Cross-compiling turns cgo off
// unless CGO_ENABLED=1 and a C compiler for the device (CC) are set. The identifier below is
// undefined on purpose, so that such a build fails here with a message instead of linking a
// program without its device backend.
var _ = azsphere_build_requires_cgo__set_CGO_ENABLED_1_and_CC_to_the_Azure_Sphere_SDK_arm_compiler
