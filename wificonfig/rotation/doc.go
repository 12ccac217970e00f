// Package rotation carries out the two certificate procedures of an EAP-TLS network that
// "Certificate life cycle and renewal" describes: the rollover of the RADIUS server's root CA
// through a duplicate network, and the rotation of the device's client certificate with a
// fallback to the old one. It works over the public APIs only, a *certstore.Store and a
// *wificonfig.Config, so it works with every backend: the device, the simulator
// (application/sim), the Linux backends (certstore/filestore, wificonfig/wpa).
//
// A [Rotator] runs the procedures; [Rotator.Maintain] is the policy an application's
// start-up check needs ("rotate when the root CA or the client certificate expires within
// D days on the device's clock"), so that check is a few lines:
//
//	rot := rotation.New(certstore.Default(), wificonfig.Default(), rotation.Options{})
//	_, err := rot.Maintain(ctx, "Network1", 30*24*time.Hour, mySource)
//
// # The procedures
//
// Both work on one network, named by its config name: an enabled EAP-TLS network that names
// its client certificate and (for the rollover) its root CA by certificate-store identifier.
//
// Root-CA rollover ([Rotator.StartRootRollover]). The new root CA is installed under the
// staging identifier of the network's root CA; a duplicate of the network that trusts it is
// added, enabled and persisted. The device keeps using the network while the old root CA
// works; when the server changes to the new PKI (or the old root CA expires) the network
// fails and the device connects through the duplicate on its own. A later call
// ([Rotator.Resume], Maintain, or [Rotator.FinishRootRollover], which can also force it)
// sees the device on the duplicate and folds the new root CA back into the network:
//   - [ModeKeepIdentifier] (default): the new root CA moves over the old identifier
//     (MoveCertificate); the network, and every other network naming that identifier, keeps
//     naming it.
//   - [ModeSwitchIdentifier]: the old root CA is deleted (kept when another network names
//     it) and the network is pointed at the new identifier.
//
// The configuration is then reloaded, so that the network loads the new root CA, and the
// duplicate removed.
//
// Client-certificate rotation ([Rotator.RotateClient]). The new certificate is installed
// beside the old one under the staging identifier. A duplicate of the network keeps the old
// certificate while the network is pointed at the new one; both are enabled and persisted,
// and the configuration reloaded. The device tries the network first: when it connects, the
// new certificate works and the old one is retired; when it fails (the certificate is not
// valid yet, or comes from a CA the server does not trust) the device falls over to the
// duplicate on its own, and the procedure points the network back at the old certificate,
// reloads and removes the duplicate. The new certificate stays staged (both are kept until
// the outcome is known) and the call reports [ErrRejected] with the diagnostics; the next
// call tries it again. Retiring follows Options.ClientMode:
//   - [ModeKeepIdentifier] (default, the constant identifiers of the documented procedure): a
//     second duplicate keeps the new certificate while the network is pointed back at the
//     old identifier; the new certificate moves over it; reload; the duplicate goes.
//   - [ModeSwitchIdentifier]: the old certificate is deleted (kept when another network names
//     it) and the duplicate removed; the network keeps naming the new identifier.
//
// # Names
//
// Everything the procedures need to know is in the device's state; the package finds it by
// these conventions, which reserve the names they produce.
//
// The staging identifier of certificate id is [StagingID](id): id with a final 1 replaced
// by 2 and a final 2 by 1 ("RootCA1" and "RootCA2", "ClientCert1" and "ClientCert2"), and
// otherwise id with 2 appended (or its last character replaced by 2 when it already has 16
// characters). A certificate under the staging identifier that no other network names (nor
// the network itself in its other role) is taken to be the staged new certificate of the
// network's rotation. One that another network names is never touched: a rotation that
// needs its identifier fails with EEXIST.
//
// The duplicates of network N are named [DuplicateName](N, suffix): N followed by
// [SuffixNewRoot] ("+ca", the duplicate that trusts the new root CA), [SuffixFallback]
// ("+fb", the duplicate that keeps the old client certificate) or [SuffixMove] ("+mv", the
// duplicate that keeps the new client certificate while it moves over the old identifier).
// When N and the suffix exceed 16 bytes, N is cut and four hexadecimal digits of a hash of N
// precede the suffix ("Contoso-S1a2b+ca"), so that long names that share a prefix differ.
//
// A certificate is recognised by what the store tells of it: the attribute values of its
// subject and issuer and its validity. The store gives out no certificate bytes; a renewed
// certificate differs at least in its validity.
//
// # States
//
// A call reads the state (the network, its duplicates by name with their certificate
// identifiers, the certificates in the store, the connection), recognises where the rotation
// stands, takes the one step that calls for, and reads again, until nothing is left to do in
// this call. Where the root-CA rollover of network N (root CA R, staging identifier S, duplicate
// N+ca) stands is recognised so:
//
//	state          recognised by                                   next step
//	Idle           no N+ca; nothing unnamed under S                 (start) install S
//	RootStaged     no N+ca; a certificate under S                   add N+ca trusting S, enable, persist
//	RootArmed      N+ca trusts S, N trusts R, both stored           when the device is on N+ca (or R expired,
//	                                                                or forced): keep: move S over R;
//	                                                                switch: delete R (or re-point N)
//	RootFinishing  keep: N+ca's root CA is gone (moved over R)      reload, then remove N+ca, persist
//	               switch: N's root CA is gone                      point N at S, persist
//	               switch: N and N+ca both trust S                  reload, then remove N+ca, persist
//
// and the client-certificate rotation of N (client certificate C, staging identifier S):
//
//	state              recognised by                               next step
//	Idle               no N+fb, N+mv; nothing unnamed under S       (rotate) install S
//	ClientStaged       no N+fb, N+mv; a certificate under S         add N+fb (copy of N with C), point N
//	                                                                at S, enable N+fb, persist
//	ClientTrial        N names S, N+fb names C, both stored         reload, wait for the verdict:
//	                                                                connected with S: retire; failed:
//	                                                                point N at C, persist
//	ClientFallingBack  N and N+fb both name C                       reload, then remove N+fb, persist
//	ClientRetiring     switch: N+fb's certificate is gone (deleted) remove N+fb, persist
//	                   keep: N names C, N+mv names S, both stored   move S over C
//	                   keep: N+mv's certificate is gone (moved)     reload, then remove N+mv, persist
//
// In each of these every duplicate is enabled. A running configuration that matches none of
// them (a duplicate left disabled by a failed step whose undo failed too, or two procedures'
// duplicates at once) is reloaded once from the stored configuration; if it still matches
// none the call fails with EINVAL and changes nothing. One network runs one procedure at a
// time: the other's calls fail with [ErrBusy] (EBUSY) while a duplicate exists; staged
// certificates of both may wait.
//
// # What is persisted when
//
// Each step is either one certificate-store call (installed, moved and deleted certificates
// are persistent when the call returns) or one set of changes to the running Wi-Fi
// configuration followed by PersistConfig. When a change of such a set fails after an
// earlier one succeeded, the running configuration is restored with ReloadConfig, so that
// between steps it is always one the procedure persisted, and a reboot (which reloads the
// stored configuration) or a power loss leaves the device in one of the states above. If
// the restore fails too, the Rotator restores the configuration at the start of its next
// call. Apart from such a restore, ReloadConfig runs only where the tables say, since it
// drops the connection.
// PersistConfig writes the whole running configuration: an application's own unsaved Wi-Fi
// changes are persisted with the rotation's.
//
// A Rotator's modes are not recorded on the device: continue a rotation with the modes it
// was started with.
//
// # Safety
//
// At every moment the stored configuration holds a network that connects whenever one did
// before the procedure began: during a rollover N keeps the old root CA until the new one is
// proven in use (or the old one expired), and N+ca the new one; during a trial N+fb keeps
// the old client certificate; the certificate a network names is moved or deleted only
// once a network naming the certificate that replaces it is stored (the tables' order). A
// duplicate is removed only after a reload, so the device never depends on a network whose
// certificates it has not loaded. A failed step returns an *[Error] naming the step and
// wrapping the failed call's error (errors.Is(err, syscall.EAGAIN)); calling the procedure
// again continues from the state the device is in. Forcing a rollover to finish is the one
// exception, by the application's choice.
//
// # Checking the connection
//
// After a reload the device needs time to connect (seconds with wpa_supplicant, none on the
// simulator, which connects within ReloadConfig). A call polls GetConnectedNetworkID and
// GetNetworkDiagnostics every Options.PollInterval, the first time at once, until the device
// is connected to the network or a failure is recorded for it, or Options.ConnectTimeout
// passes (a verdict of its own: [ErrNoVerdict]), or the context ends (the state is left as
// it is, to continue later).
//
// The package does not link crypto/x509 or the network stack, so it fits a device build.
package rotation
