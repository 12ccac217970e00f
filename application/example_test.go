package application_test

import (
	"fmt"
	"log"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/application/sim"
)

// Talk to a real-time capable application: one Write is one message, one Read one message.
func ExampleApp_Connect() {
	const rtApp = "005180bc-402f-4cb3-a662-72937dbcde47"
	dev := sim.New(sim.Options{Capabilities: &sim.Capabilities{AllowedApplicationConnections: []string{rtApp}}})
	defer dev.Close()
	rt, err := dev.RegisterRealTimeApp(rtApp) // the simulated RTApp
	if err != nil {
		log.Fatal(err)
	}
	defer rt.Close()
	go func() { // the RTApp echoes one message in upper case
		c, err := rt.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		buf := make([]byte, 64)
		n, _ := c.Read(buf)
		c.Write([]byte(fmt.Sprintf("%X", buf[:n])))
	}()

	app := application.New(dev.Application())
	conn, err := app.Connect(rtApp)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("hi"))
	buf := make([]byte, 64)
	n, err := conn.Read(buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s\n", buf[:n])
	// Output: 6869
}

func ExampleApp_IsDeviceAuthReady() {
	dev := sim.New(sim.Options{DeviceAuth: sim.DeviceAuthOptions{Offline: true, NeverAttested: true}})
	app := application.New(dev.Application())
	ready, _ := app.IsDeviceAuthReady()
	fmt.Println("before attestation:", ready)
	dev.SetOnline(true)
	ready, _ = app.IsDeviceAuthReady()
	fmt.Println("online:", ready)
	// Output:
	// before attestation: false
	// online: true
}

func ExampleApp_GetOSVersion() {
	dev := sim.New(sim.Options{})
	if err := dev.SetOSVersion("23.10.1"); err != nil {
		log.Fatal(err)
	}
	v, err := application.New(dev.Application()).GetOSVersion()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v)
	// Output: 23.10.1
}
