//go:build abidouble && cgo && !azsphere

package device

// Tests link the C test double in place of libapplibs and libtlsutils.
import _ "github.com/azsphere-go/applibs/internal/device/abidouble"
