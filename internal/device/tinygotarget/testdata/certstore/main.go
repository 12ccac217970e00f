// Program certstore is the device-shape test's program that uses libapplibs only. It links
// as internal/device does (-lapplibs -ltlsutils), so that the test sees whether a library the
// program does not use stays out of its NEEDED list. It includes <errno.h> and
// <sys/socket.h>, which come from the sysroot.
package main

/*
#cgo LDFLAGS: -lapplibs -ltlsutils
#include <errno.h>
#include <sys/socket.h>
#include <sys/types.h>

ssize_t CertStore_GetAvailableSpace(void);

static int errno_value(void) { return errno; }
static int socket_family(void) { return AF_UNIX; }
*/
import "C"

import (
	"fmt"
	"os"
)

func main() {
	n := C.CertStore_GetAvailableSpace()
	if n < 0 {
		fmt.Fprintf(os.Stderr, "CertStore_GetAvailableSpace: errno %d\n", C.errno_value())
		os.Exit(1)
	}
	fmt.Printf("available space: %d bytes (AF_UNIX %d)\n", n, C.socket_family())
}
