//go:build cgo && linux

package curl_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/deviceauth/curl"
	"github.com/azsphere-go/applibs/pkitest"
)

// echo answers with the request's method, one header and body, and sets a header.
func echo(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("X-Method", r.Method)
	w.Header().Add("X-Multi", "one")
	w.Header().Add("X-Multi", "two")
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusCreated)
	if r.Method != http.MethodHead {
		io.WriteString(w, r.Method+" "+r.URL.Path+" "+r.Header.Get("X-Test")+" "+r.Header.Get("Content-Type")+" "+string(body))
	}
}

func asError(t *testing.T, err error) *curl.Error {
	t.Helper()
	var e *curl.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *curl.Error", err, err)
	}
	return e
}

func TestMethods(t *testing.T) {
	needCurl(t)
	p := newPKI(t)
	srv := newServer(t, p, http.HandlerFunc(echo), nil)
	c := &curl.Client{RootCAFile: p.serverCAFile, Timeout: 20 * time.Second}
	ctx := context.Background()
	tests := []struct {
		name     string
		req      *curl.Request
		wantBody string
	}{
		{"GET", &curl.Request{URL: srv.URL + "/a", Header: curl.Header{"X-Test": {"hello"}}}, "GET /a hello  "},
		{"POST", &curl.Request{Method: "POST", URL: srv.URL + "/b", Header: curl.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"k":1}`)}, `POST /b  application/json {"k":1}`},
		{"POST empty", &curl.Request{Method: "POST", URL: srv.URL + "/c"}, "POST /c  application/x-www-form-urlencoded "},
		{"PUT large", &curl.Request{Method: "PUT", URL: srv.URL + "/d", Body: []byte(strings.Repeat("x", 100000))}, "PUT /d  application/x-www-form-urlencoded " + strings.Repeat("x", 100000)},
		{"HEAD", &curl.Request{Method: "HEAD", URL: srv.URL + "/e"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Do(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusCreated || !strings.HasPrefix(resp.Status, "201") {
				t.Errorf("status %d %q, want 201", resp.StatusCode, resp.Status)
			}
			if got := string(resp.Body); got != tt.wantBody {
				if len(got) > 100 {
					got = got[:100] + "..."
				}
				t.Errorf("body %q, want %q", got, tt.wantBody)
			}
			method := tt.req.Method
			if method == "" {
				method = "GET"
			}
			if got := resp.Header.Get("x-method"); got != method {
				t.Errorf("X-Method = %q, want %q", got, method)
			}
			if got := resp.Header.Values("X-Multi"); strings.Join(got, ",") != "one,two" {
				t.Errorf("X-Multi = %q, want [one two]", got)
			}
			if !strings.HasPrefix(resp.Proto, "HTTP/") {
				t.Errorf("Proto = %q", resp.Proto)
			}
		})
	}
	resp, err := c.Post(ctx, srv.URL+"/f", "text/plain", []byte("hi"))
	if err != nil || string(resp.Body) != "POST /f  text/plain hi" {
		t.Errorf("Post = %v, %v", resp, err)
	}
}

func TestRoots(t *testing.T) {
	needCurl(t)
	p := newPKI(t)
	srv := newServer(t, p, http.HandlerFunc(echo), nil)
	ctx := context.Background()
	for _, c := range []*curl.Client{
		{RootCAFile: p.serverCAFile},
		{RootCAs: p.serverCA.CertPEM},
		{RootCAs: append(append([]byte{}, p.otherCA.CertPEM...), p.serverCA.CertPEM...)},
	} {
		if _, err := c.Get(ctx, srv.URL); err != nil {
			t.Errorf("Get with roots %q/%d bytes: %v", filepath.Base(c.RootCAFile), len(c.RootCAs), err)
		}
	}

	// A server that the roots do not vouch for: the default roots, another CA.
	for _, c := range []*curl.Client{{}, {RootCAFile: p.otherCAFile}, {RootCAs: p.otherCA.CertPEM}} {
		_, err := c.Get(ctx, srv.URL)
		if e := asError(t, err); e.Code != curl.CodePeerFailedVerification {
			t.Errorf("Get with untrusting roots: %v, want CURLE_PEER_FAILED_VERIFICATION", err)
		}
	}

	// A roots file that does not exist.
	_, err := (&curl.Client{RootCAFile: filepath.Join(t.TempDir(), "missing.pem")}).Get(ctx, srv.URL)
	if e := asError(t, err); e.Code != curl.CodeSSLCACertBadFile || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Get with a missing roots file: %v, want CURLE_SSL_CACERT_BADFILE and fs.ErrNotExist", err)
	}
}

func TestClientCertificateFiles(t *testing.T) {
	needCurl(t)
	p := newPKI(t)
	var seen atomic.Value
	srv := newServer(t, p, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.TLS.PeerCertificates[0].Subject.CommonName)
	}), func(c *tls.Config) {
		c.ClientAuth = tls.RequireAndVerifyClientCert
		c.ClientCAs = pkitest.Pool(p.tenantCA)
	})
	c := &curl.Client{RootCAFile: p.serverCAFile, CertFile: p.daaCertFile, KeyFile: p.daaKeyFile}
	resp, err := c.Get(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || seen.Load() != deviceID {
		t.Errorf("status %d, server saw client %v; want 200 and the device ID", resp.StatusCode, seen.Load())
	}

	// Without a certificate, the server refuses the handshake.
	_, err = (&curl.Client{RootCAFile: p.serverCAFile}).Get(context.Background(), srv.URL)
	if e := asError(t, err); e.Code != curl.CodeSSLConnectError && e.Code != curl.CodeRecvError {
		t.Errorf("Get without a client certificate: %v, want CURLE_SSL_CONNECT_ERROR or CURLE_RECV_ERROR", err)
	}
}

func TestStatusIsNotAnError(t *testing.T) {
	needCurl(t)
	p := newPKI(t)
	srv := newServer(t, p, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no certificate", http.StatusForbidden)
	}), nil)
	resp, err := (&curl.Client{RootCAFile: p.serverCAFile}).Get(context.Background(), srv.URL)
	if err != nil || resp.StatusCode != http.StatusForbidden || string(resp.Body) != "no certificate\n" {
		t.Fatalf("Get = %+v, %v; want a 403 response", resp, err)
	}
}

// hang is a TCP server that accepts connections and never answers.
func hang(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var conns []net.Conn
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return "https://" + ln.Addr().String() + "/"
}

func TestTimeout(t *testing.T) {
	needCurl(t)
	url := hang(t)
	_, err := (&curl.Client{Timeout: 200 * time.Millisecond}).Get(context.Background(), url)
	e := asError(t, err)
	if e.Code != curl.CodeOperationTimedout || !errors.Is(err, syscall.ETIMEDOUT) || !e.Timeout() {
		t.Errorf("Get from a silent server: %v, want CURLE_OPERATION_TIMEDOUT, ETIMEDOUT, Timeout()", err)
	}
}

func TestContext(t *testing.T) {
	needCurl(t)
	url := hang(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := (&curl.Client{}).Get(ctx, url)
	if e := asError(t, err); !errors.Is(err, context.DeadlineExceeded) || !e.Timeout() || e.Code != curl.CodeOK {
		t.Errorf("Get past the context's deadline: %v, want context.DeadlineExceeded", err)
	}

	ctx, cancel = context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	_, err = (&curl.Client{}).Get(ctx, url)
	if e := asError(t, err); !errors.Is(err, context.Canceled) || e.Timeout() {
		t.Errorf("Get with a canceled context: %v, want context.Canceled", err)
	}
	// A context that ended before: no connection.
	_, err = (&curl.Client{}).Get(ctx, url)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Get with a context that ended before: %v, want context.Canceled", err)
	}
}

func TestConnectionRefused(t *testing.T) {
	needCurl(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = (&curl.Client{}).Get(context.Background(), "https://"+addr+"/")
	if e := asError(t, err); e.Code != curl.CodeCouldntConnect || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("Get from a closed port: %v, want CURLE_COULDNT_CONNECT and ECONNREFUSED", err)
	}
}

func TestResponseLimit(t *testing.T) {
	needCurl(t)
	p := newPKI(t)
	srv := newServer(t, p, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(make([]byte, 5000))
	}), nil)
	c := &curl.Client{RootCAFile: p.serverCAFile, MaxResponseBytes: 4999}
	_, err := c.Get(context.Background(), srv.URL)
	if e := asError(t, err); e.Code != curl.CodeWriteError || !errors.Is(err, syscall.EFBIG) {
		t.Errorf("Get of 5000 bytes with a limit of 4999: %v, want CURLE_WRITE_ERROR and EFBIG", err)
	}
	c.MaxResponseBytes = 5000
	if resp, err := c.Get(context.Background(), srv.URL); err != nil || len(resp.Body) != 5000 {
		t.Errorf("Get of 5000 bytes with a limit of 5000: %v", err)
	}
}

func TestConcurrent(t *testing.T) {
	needCurl(t)
	p := newPKI(t)
	srv := newServer(t, p, http.HandlerFunc(echo), nil)
	c := &curl.Client{RootCAFile: p.serverCAFile}
	errs := make(chan error, 8)
	for i := 0; i < cap(errs); i++ {
		go func() {
			_, err := c.Post(context.Background(), srv.URL, "text/plain", []byte("x"))
			errs <- err
		}()
	}
	for i := 0; i < cap(errs); i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
