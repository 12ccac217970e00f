package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"syscall"

	"github.com/azsphere-go/applibs/wificonfig"
)

// The sample's network, and the name under which it is configured.
const (
	sampleSSID = "Contoso Office"
	samplePSK  = "sample passphrase"
	configName = "SampleNetwork"
	copyName   = "SampleCopy"
)

// run plays the sample's steps on wifi and prints what the sample prints.
func run(w io.Writer, wifi *wificonfig.Config) error {
	step := func(name string) { fmt.Fprintf(w, "\n== %s\n", name) }

	step("Add network")
	id, err := addNetwork(wifi)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "added %q as network %d (%s), persisted, disabled\n", sampleSSID, id, configName)

	step("Enable network")
	if id, err = wifi.GetNetworkIDByConfigName(configName); err != nil {
		return err
	}
	if err := wifi.SetNetworkEnabled(id, true); err != nil {
		return err
	}
	if err := printStatus(w, wifi); err != nil {
		return err
	}

	step("Disable network")
	if err := wifi.SetNetworkEnabled(id, false); err != nil {
		return err
	}
	if err := printStatus(w, wifi); err != nil {
		return err
	}

	step("Duplicate network")
	dup, err := wifi.AddDuplicateNetwork(id, copyName)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "duplicated network %d as network %d (%s, disabled)\n", id, dup, copyName)
	_, err = wifi.AddDuplicateNetwork(id, copyName)
	fmt.Fprintf(w, "duplicating again under the same name: EEXIST=%v\n", errors.Is(err, syscall.EEXIST))
	if err := printStored(w, wifi); err != nil {
		return err
	}

	step("Forget the duplicate")
	if dup, err = wifi.GetNetworkIDByConfigName(copyName); err != nil {
		return err
	}
	if err := wifi.ForgetNetworkByID(dup); err != nil {
		return err
	}
	_, err = wifi.GetNetworkIDByConfigName(copyName)
	fmt.Fprintf(w, "forgot network %d; looking %s up again: ENODEV=%v\n", dup, copyName, errors.Is(err, syscall.ENODEV))

	step("Network with a wrong key")
	bad, err := wifi.AddNetwork()
	if err != nil {
		return err
	}
	for _, err := range []error{
		wifi.SetSSID(bad, []byte(sampleSSID)),
		wifi.SetSecurityType(bad, wificonfig.SecurityWPA2PSK),
		wifi.SetPSK(bad, "not the passphrase"),
		wifi.SetConfigName(bad, "WrongKey"),
		wifi.SetNetworkEnabled(bad, true),
	} {
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "added network %d (WrongKey) with a wrong passphrase and enabled it\n", bad)
	if err := printDiagnostics(w, wifi, bad); err != nil {
		return err
	}
	if err := wifi.ForgetNetworkByID(bad); err != nil {
		return err
	}
	fmt.Fprintf(w, "forgot network %d (WrongKey)\n", bad)

	step("Enable network again and show status")
	if id, err = wifi.GetNetworkIDByConfigName(configName); err != nil {
		return err
	}
	if err := wifi.SetNetworkEnabled(id, true); err != nil {
		return err
	}
	if err := wifi.PersistConfig(); err != nil {
		return err
	}
	if err := printStatus(w, wifi); err != nil {
		return err
	}
	if err := printDiagnostics(w, wifi, id); err != nil {
		return err
	}

	step("Stored networks")
	if err := printStored(w, wifi); err != nil {
		return err
	}

	step("Scan")
	return printScan(w, wifi)
}

// addNetwork configures the sample's network and persists it.
func addNetwork(wifi *wificonfig.Config) (int, error) {
	id, err := wifi.AddNetwork()
	if err != nil {
		return -1, err
	}
	for _, err := range []error{
		wifi.SetSSID(id, []byte(sampleSSID)),
		wifi.SetSecurityType(id, wificonfig.SecurityWPA2PSK),
		wifi.SetPSK(id, samplePSK),
		wifi.SetConfigName(id, configName),
		wifi.SetTargetedScanEnabled(id, true),
		wifi.PersistConfig(),
	} {
		if err != nil {
			return -1, err
		}
	}
	return id, nil
}

// printStatus prints the connected network, as the sample's "network status" button.
func printStatus(w io.Writer, wifi *wificonfig.Config) error {
	cur, err := wifi.GetCurrentNetwork()
	if errors.Is(err, syscall.ENODATA) {
		fmt.Fprintln(w, "status: not connected")
		return nil
	}
	if err != nil {
		return err
	}
	id, err := wifi.GetConnectedNetworkID()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "status: connected to %q (network %d), BSSID %v, %d MHz, %d dBm, %v\n",
		cur.SSID, id, cur.BSSID, cur.FrequencyMHz, cur.SignalRSSI, cur.Security)
	return nil
}

func printDiagnostics(w io.Writer, wifi *wificonfig.Config, id int) error {
	d, err := wifi.GetNetworkDiagnostics(id)
	if errors.Is(err, syscall.ENODEV) {
		fmt.Fprintf(w, "diagnostics of network %d: no failure recorded\n", id)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "diagnostics of network %d: enabled=%v connected=%v error=%v (%d) at %s\n",
		id, d.IsEnabled, d.IsConnected, d.Error, int32(d.Error), d.Timestamp.Format("2006-01-02 15:04:05 MST"))
	return nil
}

func printStored(w io.Writer, wifi *wificonfig.Config) error {
	ns, err := wifi.GetStoredNetworks()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s:\n", plural(len(ns), "stored network"))
	for i, n := range ns {
		fmt.Fprintf(w, "  %d: %q %v enabled=%v connected=%v\n", i, n.SSID, n.Security, n.IsEnabled, n.IsConnected)
	}
	return nil
}

// printScan scans and prints every BSS found, then the distinct SSIDs, as the sample
// de-duplicates them.
func printScan(w io.Writer, wifi *wificonfig.Config) error {
	n, err := wifi.TriggerScanAndGetScannedNetworkCount()
	if err != nil {
		return err
	}
	ns, err := wifi.GetScannedNetworks()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "scan found %s:\n", plural(n, "BSS"))
	seen := map[string]bool{}
	var ssids []string
	for _, s := range ns {
		fmt.Fprintf(w, "  %v %q %d MHz %d dBm %v\n", s.BSSID, s.SSID, s.FrequencyMHz, s.SignalRSSI, s.Security)
		if !seen[string(s.SSID)] {
			seen[string(s.SSID)] = true
			ssids = append(ssids, string(s.SSID))
		}
	}
	fmt.Fprintf(w, "%s: %s\n", plural(len(ssids), "distinct SSID"), strings.Join(quoted(ssids), ", "))
	return nil
}

// plural returns "1 network" or "2 networks" (English plurals in -s and -es).
func plural(n int, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case strings.HasSuffix(noun, "s"):
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func quoted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}
