package sim_test

import (
	"fmt"
	"time"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/application/sim"
)

// A device's DAA certificate over time: attested when it comes online, renewed daily while
// online, expired after DAAValidity offline, renewed when it is back.
func ExampleDevice_SetOnline() {
	dev := sim.New(sim.Options{DeviceAuth: sim.DeviceAuthOptions{Offline: true, NeverAttested: true}})
	defer dev.Close()
	app := application.New(dev.Application())
	show := func(when string) {
		ready, _ := app.IsDeviceAuthReady()
		n, _ := dev.Attestations()
		fmt.Printf("%-22s ready=%-5v attestations=%d\n", when, ready, n)
	}
	show("new, offline")
	dev.SetOnline(true)
	show("online")
	for i := 0; i < 3; i++ {
		dev.Advance(24 * time.Hour)
	}
	show("three days online")
	dev.SetOnline(false)
	dev.Advance(sim.DAAValidity + time.Hour)
	show("26 hours offline")
	dev.SetOnline(true)
	show("back online")
	// Output:
	// new, offline           ready=false attestations=0
	// online                 ready=true  attestations=1
	// three days online      ready=true  attestations=4
	// 26 hours offline       ready=false attestations=4
	// back online            ready=true  attestations=5
}
