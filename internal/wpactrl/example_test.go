package wpactrl_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/azsphere-go/applibs/internal/wpactrl"
)

func ExampleParseNetworks() {
	nets, err := wpactrl.ParseNetworks("network id / ssid / bssid / flags\n0\tlab\tany\t[CURRENT]\n1\tspare\tany\t[DISABLED]\n")
	if err != nil {
		panic(err)
	}
	for _, n := range nets {
		fmt.Println(n.ID, n.SSID, n.HasFlag("CURRENT"))
	}
	// Output:
	// 0 lab true
	// 1 spare false
}

func ExampleParseEvent() {
	ev, _ := wpactrl.ParseEvent("<3>CTRL-EVENT-EAP-TLS-CERT-ERROR reason=1 depth=1 subject='/CN=Other CA' err='unable to get local issuer certificate'")
	ce := wpactrl.ParseCertError(ev.Text)
	fmt.Println(ev.Name)
	fmt.Printf("%d %d %s: %s\n", ce.Reason, ce.Depth, ce.Subject, ce.Err)
	// Output:
	// CTRL-EVENT-EAP-TLS-CERT-ERROR
	// 1 1 /CN=Other CA: unable to get local issuer certificate
}

func ExampleString() {
	fmt.Println(wpactrl.String([]byte("corp")))
	fmt.Println(wpactrl.String([]byte{0xe2, 0x98, 0x95}))
	// Output:
	// "corp"
	// e29895
}

// The way to wait for the outcome of a command: subscribe to its events before sending it.
func ExampleMonitor_Subscribe() {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	const path = "/run/wpa_supplicant/wlan0"
	conn, err := wpactrl.Dial(path, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	mon, err := wpactrl.Attach(ctx, path, "", 64)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer mon.Close()

	sub := mon.Subscribe(wpactrl.EventScanResults, wpactrl.EventScanFailed)
	defer sub.Close()
	if err := conn.RequestOK(ctx, "SCAN"); errors.Is(err, wpactrl.ErrBusy) {
		// A scan is running already: its results will do.
	} else if err != nil {
		fmt.Println(err)
		return
	}
	ev, err := sub.Next(ctx)
	if err != nil || ev.Name == wpactrl.EventScanFailed {
		fmt.Println("scan failed:", ev.Text, err)
		return
	}
	reply, err := conn.Request(ctx, "SCAN_RESULTS")
	if err != nil {
		fmt.Println(err)
		return
	}
	results, err := wpactrl.ParseScanResults(reply)
	fmt.Println(len(results), err)
}
