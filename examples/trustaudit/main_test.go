package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/pkitest"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func root(cn string, from, to time.Time) *pkitest.Cert {
	return pkitest.MustCA(pkitest.Options{Subject: pkix.Name{Organization: []string{"Test Trust"}, CommonName: cn}, NotBefore: from, NotAfter: to})
}

// serve starts a TLS server on 127.0.0.1 with a certificate for that address issued by ca,
// and returns its address.
func serve(t *testing.T, ca *pkitest.Cert) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: date(2024, 6, 1), NotAfter: date(2026, 6, 1),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

func writePEM(t *testing.T, name string, certs ...*pkitest.Cert) string {
	t.Helper()
	var b bytes.Buffer
	for _, c := range certs {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Cert.Raw})
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRun(t *testing.T) {
	retiring := root("Baltimore-like Test Root", date(2000, 5, 12), date(2025, 5, 12))
	successor := root("G2-like Test Root", date(2013, 8, 1), date(2038, 1, 15))
	old, new := serve(t, retiring), serve(t, successor)
	trusted := writePEM(t, "trusted.pem", retiring, successor)
	planned := writePEM(t, "planned.pem", successor)
	common := []string{"-roots", trusted, "-planned", planned, "-before", "2025-06-01", "-at", "2025-02-01T00:00:00Z"}

	var out, errb bytes.Buffer
	code := run(context.Background(), append(common, "-chain", "-endpoints", old+","+new), &out, &errb)
	t.Log("\n" + out.String())
	if code != 1 || errb.Len() != 0 {
		t.Fatalf("exit %d, stderr %q; want 1 and nothing", code, errb.String())
	}
	for _, want := range []string{
		"FLAGGED " + old + "\n",
		"        presents 0: /CN=127.0.0.1, issued by /O=Test Trust/CN=Baltimore-like Test Root, until 2026-06-01\n",
		"        root: /O=Test Trust/CN=Baltimore-like Test Root (" + trusted + " #1, until 2025-05-12)\n",
		"        root not planned: chains only to /O=Test Trust/CN=Baltimore-like Test Root",
		"        root expires: /O=Test Trust/CN=Baltimore-like Test Root (" + trusted + " #1, until 2025-05-12) expires before 2025-06-01\n",
		"ok      " + new + "\n",
		"        root: /O=Test Trust/CN=G2-like Test Root (" + trusted + " #2, until 2038-01-15), planned\n",
		"2 endpoints, 1 flagged\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}

	// Only the migrated endpoint, from a file: exit 0.
	list := filepath.Join(t.TempDir(), "endpoints.txt")
	os.WriteFile(list, []byte("# the migrated service\n"+new+"  # comment\n\n"), 0o600)
	out.Reset()
	if code := run(context.Background(), append(common, "-endpoints", "@"+list), &out, &errb); code != 0 {
		t.Fatalf("exit %d; want 0\n%s%s", code, &out, &errb)
	}
	if !strings.HasSuffix(out.String(), "1 endpoints, 0 flagged\n") {
		t.Errorf("output = %q", out.String())
	}
}

func TestUsage(t *testing.T) {
	pem := writePEM(t, "roots.pem", root("R", date(2020, 1, 1), date(2030, 1, 1)))
	bad := filepath.Join(t.TempDir(), "bad.pem")
	os.WriteFile(bad, []byte("not pem"), 0o600)
	for _, args := range [][]string{
		{},
		{"-before", "soon", "example.com"},
		{"-planned", filepath.Join(t.TempDir(), "missing.pem"), "example.com"},
		{"-roots", bad, "example.com"},
		{"-roots", pem, "example.com:99999"},
		{"-nosuchflag"},
	} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, &out, &errb); code != 2 || errb.Len() == 0 {
			t.Errorf("run(%q) = %d, stderr %q; want 2 and a message", args, code, errb.String())
		}
	}
}
