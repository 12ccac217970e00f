package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/application/sim"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/rotation"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	dev := sim.New(sim.Options{})
	err := run(ctx, os.Stdout, dev)
	dev.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, "rotation:", err)
		os.Exit(1)
	}
}

// days is how long the simulation runs.
const days = 160

// run provisions dev, then plays its life day by day: each day the application runs its
// start-up check, and the world around it changes on some days. It prints the days on which
// something happens, and the device's state at the end.
func run(ctx context.Context, w io.Writer, dev *sim.Device) error {
	t0 := dev.Now()
	p, err := newPKI(t0)
	if err != nil {
		return err
	}
	if err := serve(dev, p, p.oldServer); err != nil {
		return err
	}
	if err := provision(dev, p); err != nil {
		return err
	}
	var today bytes.Buffer // what happens on the day, printed when anything does
	svc := &service{dev: dev, p: p, out: &today, clockAhead: 2 * day, rootFrom: t0.Add(115 * day)}
	// On a device: rotation.New(certstore.Default(), wificonfig.Default(), rotation.Options{}).
	rot := rotation.New(certstore.New(dev.CertStore()), wificonfig.New(dev.Wifi()), rotation.Options{
		Now:  dev.Now,
		Logf: func(format string, args ...any) { fmt.Fprintf(&today, "  "+format+"\n", args...) },
	})
	world := map[int]func(){
		125: func() {
			serve(dev, p, p.newServer)
			fmt.Fprintf(&today, "  (world) the RADIUS server changes to the new PKI; the device moves to %s\n", connection(dev))
			dev.FailNext("ReloadConfig", syscall.EAGAIN)
			fmt.Fprintf(&today, "  (world) the Wi-Fi subsystem will refuse the next ReloadConfig (EAGAIN)\n")
		},
		126: func() {
			dev.Reboot()
			fmt.Fprintf(&today, "  (world) the device restarts; it is on %s\n", connection(dev))
		},
	}
	fmt.Fprintf(w, "%s: the device is on %s\n", t0.Format(time.DateOnly), connection(dev))
	for d := 0; d <= days; d++ {
		if d > 0 {
			dev.Advance(day)
		}
		if f := world[d]; f != nil {
			f()
		}
		_, err := startupCheck(ctx, rot, svc)
		if err != nil {
			fmt.Fprintf(&today, "  start-up check: %v\n", err)
		}
		if today.Len() > 0 {
			fmt.Fprintf(w, "day %d (%s), start-up check:\n%s  the device is on %s\n", d, dev.Now().Format(time.DateOnly), &today, connection(dev))
			today.Reset()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "day %d (%s): certificate store:\n", days, dev.Now().Format(time.DateOnly))
	for _, c := range dev.Certificates() {
		fmt.Fprintf(w, "  %-11s %-6s %s, until %s\n", c.ID, c.Kind, c.Subject, c.NotAfter.Format(time.DateOnly))
	}
	fmt.Fprintf(w, "stored Wi-Fi configuration:\n")
	for _, n := range dev.WifiStoredConfig() {
		fmt.Fprintf(w, "  %s: client certificate %s, root CA %s, enabled %v\n", n.ConfigName, n.ClientCertID, n.RootCAID, n.Enabled)
	}
	return nil
}

// connection describes the device's connection.
func connection(dev *sim.Device) string {
	c, ok := dev.WifiConnection()
	if !ok {
		return "no network"
	}
	return fmt.Sprintf("%s (client certificate valid until %s, root CA %s)", c.ConfigName,
		c.ClientCert.NotAfter.Format(time.DateOnly), c.RootCA.Subject.CommonName)
}
