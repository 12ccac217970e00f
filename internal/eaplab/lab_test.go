package eaplab_test

import (
	"context"
	"crypto/x509/pkix"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/internal/eaplab"
	"github.com/azsphere-go/applibs/internal/wpactrl"
	"github.com/azsphere-go/applibs/pkitest"
)

// TestSmoke brings up a lab and authenticates with certificate files written directly: the
// harness works, without any of the SDK's backends. With EAPLAB_CAPTURE=dir it writes the
// daemon's replies and events to dir (the transcripts in internal/wpactrl/testdata).
func TestSmoke(t *testing.T) {
	eaplab.Require(t)
	ca := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Lab CA"}})
	srv := ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "radius.example"}})
	cli := ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "device-1"}})
	lab := eaplab.New(t, eaplab.ServerPKI{ClientCA: ca.CertPEM, ServerCert: srv.CertPEM, ServerKey: srv.MustKeyPEM(pkitest.PKCS8, nil)})
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		return p
	}
	caP, certP, keyP := write("ca.pem", ca.CertPEM), write("cli.pem", cli.CertPEM), write("cli.key", cli.MustKeyPEM(pkitest.EncryptedPKCS8, []byte("pw")))

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := wpactrl.Dial(lab.CtrlPath(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	mon, err := wpactrl.Attach(ctx, lab.CtrlPath(), "", 64)
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	capture := os.Getenv("EAPLAB_CAPTURE")
	var events []string
	req := func(cmd string) string {
		t.Helper()
		r, err := c.Request(ctx, cmd)
		if err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
		if capture != "" {
			name := strings.ToLower(strings.Fields(cmd)[0]) + ".txt"
			os.WriteFile(filepath.Join(capture, name), []byte(r), 0o644)
		}
		return r
	}
	req("SET EAPOL::startPeriod 1")
	id := strings.TrimSpace(req("ADD_NETWORK"))
	for _, kv := range [][2]string{
		{"ssid", wpactrl.String([]byte("lab"))}, {"key_mgmt", "IEEE8021X"}, {"eap", "TLS"},
		{"identity", `"device-1"`}, {"ca_cert", wpactrl.String([]byte(caP))},
		{"client_cert", wpactrl.String([]byte(certP))}, {"private_key", wpactrl.String([]byte(keyP))},
		{"private_key_passwd", `"pw"`}, {"eapol_flags", "0"},
	} {
		req("SET_NETWORK " + id + " " + kv[0] + " " + kv[1])
	}
	req("ENABLE_NETWORK " + id)
	for {
		select {
		case ev, ok := <-mon.Events():
			if !ok {
				t.Fatal("monitor closed")
			}
			events = append(events, "<"+itoa(ev.Level)+">"+ev.Name+" "+ev.Text)
			if ev.Name == wpactrl.EventEAPSuccess {
				req("STATUS")
				req("LIST_NETWORKS")
				req("GET_NETWORK " + id + " ssid")
				req("SCAN_RESULTS")
				if capture != "" {
					os.WriteFile(filepath.Join(capture, "events-success.txt"), []byte(strings.Join(events, "\n")+"\n"), 0o644)
				}
				return
			}
		case <-ctx.Done():
			t.Fatalf("no EAP success; events: %q", events)
		}
	}
}

func itoa(n int) string {
	return string(rune('0' + n))
}
