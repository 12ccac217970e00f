//go:build !(cgo && linux)

package curl

import "context"

// haveDeviceAuth reports whether Client.DeviceAuth can work in this build.
const haveDeviceAuth = false

// errNoLibcurl is the cause of every failure of a build without libcurl.
var errNoLibcurl = &unsupported{"package curl calls libcurl through cgo on Linux: build for linux with CGO_ENABLED=1 (and -tags azsphere for the device)"}

// Version returns libcurl's version string; in this build, an error wrapping
// errors.ErrUnsupported.
func Version() (string, error) { return "", errNoLibcurl }

func perform(ctx context.Context, t *transfer) (*Response, error) {
	return nil, t.fail(CodeOK, "", 0, errNoLibcurl)
}
