package wpactrl_test

import (
	"fmt"

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
