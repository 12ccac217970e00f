// Command rotation plays the certificate life of an EAP-TLS device on the simulator: the
// start-up check an application ships (startupCheck in app.go, over package
// wificonfig/rotation) runs every day while the clock moves through a client-certificate
// rotation and a root-CA rollover, and the world around the device changes.
//
// Run it with
//
//	go run ./examples/rotation
//
// # The start-up check
//
// The whole of the application's certificate maintenance is one call:
//
//	rot.Maintain(ctx, "Network1", 30*24*time.Hour, src)
//
// which continues a rotation in progress, or starts one when the root CA or the client
// certificate expires within 30 days on the device's clock, asking src (the application's
// client of its certificate service) for the new certificate. Everything it needs to
// continue after a restart or a failure is on the device.
//
// # What happens
//
// The device leaves the factory with a client certificate valid for 40 days and the RADIUS
// server's root CA, valid for 150. Each day the application runs its check; the days on
// which something happens are printed.
//
//   - Day 10: the client certificate expires within 30 days. The service issues a new one,
//     but its clock runs two days ahead of the device's, so the certificate is not valid yet:
//     the device tries it, the server rejects it, the network goes back to the old one, and
//     the new one stays staged.
//   - Day 11: the staged certificate is not valid yet on the device's clock; it is not
//     tried.
//   - Day 12: it is valid: tried, it connects, and it moves over ClientCert1.
//   - Day 120: the root CA expires within 30 days. The service hands out the new one: it is
//     installed as RootCA2 and the duplicate network Network1+ca trusts it. The device stays
//     on Network1.
//   - Day 125: the RADIUS server changes to the new PKI; the device moves to Network1+ca on
//     its own. The check sees the new root in use and moves it over RootCA1, but the Wi-Fi
//     subsystem refuses to reload (an injected EAGAIN): the check reports the failed step.
//   - Day 126: the device restarts; the check finds the rollover half-finished on the device,
//     reloads and removes the duplicate.
//
// At the end the device has its one network, naming ClientCert1 and RootCA1 as at the
// factory, with the renewed certificates under those identifiers.
package main
