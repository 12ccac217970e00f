// Package sim is a simulated Azure Sphere device: one value that plays the certificate
// store, the Wi-Fi subsystem with its radio environment, device authentication and the
// application runtime, with the device's rules, on any machine.
//
// # Model
//
// A Device holds all of its state itself (no globals), so tests may create as many as they
// like and run them in parallel. It has its own clock, which only moves when a test moves it
// (SetTime, Advance), so certificate validity, DAA renewal and certificate rotation can be
// played through step by step. Faults can be injected (FailNext: the next call of an
// operation fails with a given errno, as EAGAIN does on a device whose OS component is not
// ready yet), and the state can be inspected directly (Certificates, Usage).
//
// The device enforces the rules of the real one:
//   - the certificate store holds DefaultCapacity (24 KiB) unless Options.Capacity says
//     otherwise; a certificate is charged the length of the PEM blobs given to install it (the
//     certificate, plus the key for a client certificate), which is what the official sample
//     compares with GetAvailableSpace;
//   - identifiers share one namespace for client and root CA certificates; installing under a
//     used identifier replaces that certificate in place (same index); indices run
//     0..count-1 in installation order and close up after a delete; a move renames the
//     source in place and removes a replaced destination;
//   - contents are checked as the device checks them (one PEM certificate, supported key
//     formats, password rules, key match); a failed call changes nothing;
//   - private keys are kept only to let the simulated radio authenticate and are never
//     returned by any API; key passwords are dropped when the install call returns;
//   - every gated call fails with EACCES when the manifest lacks the capability; the
//     capabilities come from Options.Capabilities or from an app_manifest.json
//     (Options.Manifest, FromManifest, SetManifest).
//
// # Device identity and applications
//
// The device has a device ID (128 lowercase hexadecimal digits) and a tenant CA, made on
// first use, and attests while it is online (SetOnline): each attestation issues a DAA
// certificate valid for DAAValidity, renewed when it is DAARenewalAge old, kept across
// Reboot, expired when the device stays offline. Servers trust TenantCAPool. DeviceAuth
// returns the deviceauth.Backend, whose signer keeps the device key inside the simulator.
// Application returns the application.Backend; RegisterRealTimeApp starts a real-time
// capable application that a test plays through a net.Listener. Close removes the
// device's temporary files.
//
// # Using it
//
// Bind the packages to a device and hand the values to the code under test:
//
//	dev := sim.New(sim.Options{})
//	store := certstore.New(dev.CertStore())
//
// A device made by Open keeps its certificate store in a directory (through
// certstore/filestore), so the store survives the test process, as the device's survives a
// power cycle:
//
//	dev, err := sim.Open(dir, sim.Options{})
//
// For code that calls the package-level functions, make the device the process-wide
// default for the length of a test in one line (not parallel-safe, as the default is
// global):
//
//	dev := sim.UseAsDefault(t, sim.Options{})
package sim
