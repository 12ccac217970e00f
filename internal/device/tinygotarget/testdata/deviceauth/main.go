// Program deviceauth is the device-shape test's program that uses libtlsutils as well as
// libapplibs, linked as internal/device links (-lapplibs -ltlsutils).
package main

/*
#cgo LDFLAGS: -lapplibs -ltlsutils
#include <sys/types.h>

ssize_t CertStore_GetAvailableSpace(void);
const char *DeviceAuth_GetCertificatePath(void);
*/
import "C"

import "fmt"

func main() {
	fmt.Printf("available space: %d bytes\n", C.CertStore_GetAvailableSpace())
	fmt.Printf("certificate path: %s\n", C.GoString(C.DeviceAuth_GetCertificatePath()))
}
