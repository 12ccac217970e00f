//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package filestore

import (
	"errors"
	"runtime"
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// newFS fails: the store needs flock(2), O_NOFOLLOW and Unix file ownership.
func newFS(dir string) (fileSystem, error) {
	return nil, &apierr.Error{Op: "Open", Errno: syscall.ENOSYS,
		Reason: "the file store needs a Unix system (Linux, macOS or a BSD), not " + runtime.GOOS + "; use a simulated device (application/sim.New) instead",
		Err:    errors.ErrUnsupported}
}
