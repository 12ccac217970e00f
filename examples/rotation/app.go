package main

import (
	"context"
	"time"

	"github.com/azsphere-go/applibs/wificonfig/rotation"
)

// The application's policy.
const (
	// network is the config name of the EAP-TLS network the application keeps current.
	network = "Network1"
	// renewWithin is how long before a certificate expires the application renews it. The
	// documented advice is at least four weeks, for devices that are offline for a while.
	renewWithin = 30 * 24 * time.Hour
)

// startupCheck is the application's start-up (and daily) check: continue a rotation in
// progress, or rotate the root CA or the client certificate of the network when it expires
// within renewWithin on the device's clock, asking src for the new one. Everything it needs
// to continue after a reboot or a failure is on the device.
func startupCheck(ctx context.Context, rot *rotation.Rotator, src rotation.Source) (rotation.Report, error) {
	return rot.Maintain(ctx, network, renewWithin, src)
}
