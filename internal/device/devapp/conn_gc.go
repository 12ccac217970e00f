//go:build (azsphere || abidouble) && cgo && !tinygo

package devapp

import (
	"net"
	"os"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// fileConn wraps the socket in a net.Conn through the runtime's network poller (the
// descriptor is duplicated and the original closed).
func fileConn(op, componentID string, fd int) (net.Conn, error) {
	f := os.NewFile(uintptr(fd), "rtapp:"+componentID)
	defer f.Close()
	c, err := net.FileConn(f)
	if err != nil {
		return nil, apierr.Wrap(op, componentID, err)
	}
	return c, nil
}
