package applicationtest_test

import (
	"net"
	"testing"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/application/applicationtest"
	"github.com/azsphere-go/applibs/application/sim"
)

const rtApp = "005180bc-402f-4cb3-a662-72937dbcde47"

func TestSimulator(t *testing.T) {
	dev := sim.New(sim.Options{Capabilities: &sim.Capabilities{AllowedApplicationConnections: []string{rtApp}}})
	t.Cleanup(func() { dev.Close() })
	dev.SetMemoryUsage(90, 40)
	applicationtest.Run(t, func(*testing.T) application.Backend { return dev.Application() }, applicationtest.Options{
		MaxMessageSize: sim.MaxMessageSize,
		RealTimeApp: func(t *testing.T) (string, func() (net.Conn, error)) {
			rt, err := dev.RegisterRealTimeApp(rtApp)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { rt.Close() })
			return rtApp, rt.Accept
		},
	})
}
