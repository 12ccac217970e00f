//go:build abidouble && cgo && linux && !azsphere

package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/deviceauth"
	"github.com/azsphere-go/applibs/deviceauth/curl"
	"github.com/azsphere-go/applibs/internal/enrolltest"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
)

const (
	eapSSID  = "Contoso-Secure"
	deviceID = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff" +
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
)

// dbl is the C test double of the device libraries.
var dbl double

// world is the issuing service and the device's DAA identity, as files and a server.
type world struct {
	*enrolltest.Service
	rootsFile  string // the issuing service's root CA
	otherRoots string // a CA that did not issue the service's certificate
}

// newWorld starts the issuing service and sets the C double up with the service's test DAA
// certificate (ready and attested as result says).
func newWorld(t *testing.T, ready bool, result deviceauth.SSLResult) *world {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	svc := enrolltest.Start(t, enrolltest.Options{DeviceID: deviceID, KeyPassword: "pw-for-" + deviceID[:8], SSID: eapSSID})
	w := &world{Service: svc, rootsFile: write("service-root.pem", svc.ServiceCA.CertPEM), otherRoots: write("other-root.pem", svc.OtherCA.CertPEM)}
	dbl.Reset()
	t.Cleanup(dbl.Reset)
	dbl.SetDAA(write("daa.pem", svc.DAA.CertPEM), write("daa-key.pem", svc.DAA.MustKeyPEM(pkitest.PKCS8, nil)), ready, int(result))
	return w
}

// needCurl skips the test when libcurl cannot be loaded, and fails it in CI.
func needCurl(t *testing.T) {
	t.Helper()
	if _, err := curl.Version(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("libcurl is needed in CI: %v", err)
		}
		t.Skipf("libcurl is not installed (apt-get install libcurl4): %v", err)
	}
}

func identifiers(t *testing.T) []string {
	t.Helper()
	var ids []string
	for id, err := range certstore.Identifiers() {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func TestRun(t *testing.T) {
	needCurl(t)
	w := newWorld(t, true, deviceauth.SSLSuccess)
	var out bytes.Buffer
	if err := run(context.Background(), &out, config{url: w.URL, roots: w.rootsFile, timeout: 20 * time.Second}); err != nil {
		t.Fatalf("run: %v (double: %s)\n%s", err, dbl.DAAError(), out.String())
	}
	t.Log("\n" + out.String())
	if w.Requests.Load() != 1 || dbl.DAACalls() != 1 {
		t.Errorf("%d enrollments, %d DeviceAuth_SslCtxFunc calls; want 1 and 1", w.Requests.Load(), dbl.DAACalls())
	}
	check := func(when string) {
		if ids := identifiers(t); !slices.Equal(ids, []string{rootCAID, clientID}) {
			t.Errorf("%s: the certificate store holds %v, want [%s %s]", when, ids, rootCAID, clientID)
		}
		if s, err := certstore.GetCertificateSubjectName(clientID); err != nil || !bytes.Contains([]byte(s), []byte(deviceID[:16])) {
			t.Errorf("%s: the client certificate's subject is %q (%v), want the device ID", when, s, err)
		}
		nets, err := wificonfig.GetStoredNetworks()
		if err != nil || len(nets) != 1 || string(nets[0].SSID) != eapSSID || nets[0].Security != wificonfig.SecurityWPA2EAPTLS || !nets[0].IsEnabled {
			t.Fatalf("%s: stored networks %+v (%v), want one enabled EAP-TLS network %q", when, nets, err, eapSSID)
		}
		id, err := wificonfig.GetNetworkIDByConfigName(configName)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		ident, _ := wificonfig.GetClientIdentity(id)
		cid, _ := wificonfig.GetClientCertStoreIdentifier(id)
		rid, _ := wificonfig.GetRootCACertStoreIdentifier(id)
		if ident != deviceID || cid != clientID || rid != rootCAID {
			t.Errorf("%s: network identity %q, certificates %q and %q; want the device ID, %s and %s", when, ident, cid, rid, clientID, rootCAID)
		}
	}
	check("after run")
	dbl.Reboot() // the stored configuration becomes the running one
	check("after a reboot")
	if n, msg := dbl.Violations(); n != 0 {
		t.Errorf("the double saw %d ABI violations:\n%s", n, msg)
	}
}

func TestRunNotAttested(t *testing.T) {
	needCurl(t)
	w := newWorld(t, true, deviceauth.SSLGetTenantCertificateError)
	err := run(context.Background(), io.Discard, config{url: w.URL, roots: w.rootsFile, timeout: 20 * time.Second})
	var se *deviceauth.SSLError
	var ce *curl.Error
	if !errors.As(err, &se) || se.Result != deviceauth.SSLGetTenantCertificateError || !errors.As(err, &ce) || ce.Code != curl.CodeSSLCertProblem {
		t.Fatalf("run = %v; want a *curl.Error (CURLE_SSL_CERTPROBLEM) with SSLGetTenantCertificateError", err)
	}
	if ids := identifiers(t); len(ids) != 0 || w.Requests.Load() != 0 {
		t.Errorf("certificates %v installed, %d enrollments; want none", ids, w.Requests.Load())
	}
}

func TestRunWaitsForDeviceAuth(t *testing.T) {
	needCurl(t)
	w := newWorld(t, false, deviceauth.SSLSuccess)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	err := run(ctx, io.Discard, config{url: w.URL, roots: w.rootsFile, timeout: 20 * time.Second})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("run = %v, want context.DeadlineExceeded", err)
	}
	if w.Requests.Load() != 0 || dbl.DAACalls() != 0 {
		t.Errorf("%d enrollments, %d DAA calls before device authentication was ready", w.Requests.Load(), dbl.DAACalls())
	}
}

func TestRunUntrustedService(t *testing.T) {
	needCurl(t)
	w := newWorld(t, true, deviceauth.SSLSuccess)
	err := run(context.Background(), io.Discard, config{url: w.URL, roots: w.otherRoots, timeout: 20 * time.Second})
	var ce *curl.Error
	if !errors.As(err, &ce) || ce.Code != curl.CodePeerFailedVerification {
		t.Fatalf("run = %v, want CURLE_PEER_FAILED_VERIFICATION", err)
	}
	if ids := identifiers(t); len(ids) != 0 {
		t.Errorf("certificates %v installed", ids)
	}
}
