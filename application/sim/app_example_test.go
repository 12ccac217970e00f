package sim_test

import (
	"fmt"
	"log"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/application/sim"
)

// A test plays the real-time capable application: it accepts the connection the high-level
// application opens and reads its messages, one per Read.
func ExampleDevice_RegisterRealTimeApp() {
	const rtApp = "005180bc-402f-4cb3-a662-72937dbcde47"
	dev := sim.New(sim.Options{Capabilities: &sim.Capabilities{AllowedApplicationConnections: []string{rtApp}}})
	defer dev.Close()
	rt, err := dev.RegisterRealTimeApp(rtApp)
	if err != nil {
		log.Fatal(err)
	}
	defer rt.Close()

	conn, err := application.New(dev.Application()).Connect(rtApp)
	if err != nil {
		log.Fatal(err)
	}
	conn.Write([]byte("led on"))
	conn.Write([]byte("led off"))
	conn.Close()

	peer, err := rt.Accept()
	if err != nil {
		log.Fatal(err)
	}
	buf := make([]byte, 64)
	for {
		n, err := peer.Read(buf)
		if err != nil {
			break // io.EOF: the high-level application closed the connection
		}
		fmt.Printf("%q\n", buf[:n])
	}
	// Output:
	// "led on"
	// "led off"
}
