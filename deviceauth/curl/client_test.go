package curl_test

import (
	"context"
	"errors"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/azsphere-go/applibs/deviceauth/curl"
)

// TestBadRequests covers the arguments the client refuses before libcurl runs (in every
// build): EINVAL with CodeOK, and nothing sent.
func TestBadRequests(t *testing.T) {
	const u = "https://127.0.0.1:1/"
	tests := []struct {
		name   string
		client curl.Client
		req    curl.Request
	}{
		{"method with a space", curl.Client{}, curl.Request{Method: "GE T", URL: u}},
		{"scheme", curl.Client{}, curl.Request{URL: "ftp://127.0.0.1/"}},
		{"relative URL", curl.Client{}, curl.Request{URL: "/path"}},
		{"URL with a newline", curl.Client{}, curl.Request{URL: "https://127.0.0.1/a\nb"}},
		{"header name", curl.Client{}, curl.Request{URL: u, Header: curl.Header{"Bad Name": {"v"}}}},
		{"header value with CRLF", curl.Client{}, curl.Request{URL: u, Header: curl.Header{"X-A": {"v\r\nX-B: w"}}}},
		{"GET with a body", curl.Client{}, curl.Request{URL: u, Body: []byte("x")}},
		{"two kinds of roots", curl.Client{RootCAFile: "/a.pem", RootCAs: []byte("x")}, curl.Request{URL: u}},
		{"DeviceAuth and CertFile", curl.Client{DeviceAuth: true, CertFile: "/c.pem"}, curl.Request{URL: u}},
		{"KeyFile alone", curl.Client{KeyFile: "/k.pem"}, curl.Request{URL: u}},
		{"DeviceAuth over http", curl.Client{DeviceAuth: true}, curl.Request{URL: "http://127.0.0.1:1/"}},
		{"NUL in a path", curl.Client{RootCAFile: "/a\x00b"}, curl.Request{URL: u}},
		{"negative timeout", curl.Client{Timeout: -1}, curl.Request{URL: u}},
		{"negative limit", curl.Client{MaxResponseBytes: -1}, curl.Request{URL: u}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.client.Do(context.Background(), &tt.req)
			var e *curl.Error
			if !errors.As(err, &e) || !errors.Is(err, syscall.EINVAL) || e.Code != curl.CodeOK || e.Message == "" {
				t.Errorf("Do = %v, want a *curl.Error with EINVAL, CodeOK and a reason", err)
			}
		})
	}
	var nilClient *curl.Client
	if _, err := nilClient.Do(context.Background(), nil); !errors.Is(err, syscall.EFAULT) {
		t.Errorf("Do(nil request) = %v, want EFAULT", err)
	}
}

func TestErrorText(t *testing.T) {
	e := &curl.Error{Op: "GET", URL: "https://example.com/x", Code: curl.CodeOperationTimedout,
		Message: "Timeout was reached", Errno: syscall.ETIMEDOUT}
	want := "curl GET https://example.com/x: CURLE_OPERATION_TIMEDOUT (28): Timeout was reached (ETIMEDOUT: connection timed out)"
	if got := e.Error(); got != want {
		t.Errorf("Error() = %q\nwant %q", got, want)
	}
	if !e.Timeout() || !errors.Is(e, syscall.ETIMEDOUT) {
		t.Errorf("Timeout() = %v, Is(ETIMEDOUT) = %v; want true, true", e.Timeout(), errors.Is(e, syscall.ETIMEDOUT))
	}
	if got := curl.Code(1234).String(); got != "CURLcode(1234)" {
		t.Errorf("Code(1234).String() = %q", got)
	}
	if got := curl.CodeSSLCertProblem.String(); got != "CURLE_SSL_CERTPROBLEM" {
		t.Errorf("CodeSSLCertProblem.String() = %q", got)
	}
}

func TestPasswordNotInErrors(t *testing.T) {
	_, err := (&curl.Client{}).Do(context.Background(), &curl.Request{Method: "GET", URL: "https://user:s3cret@127.0.0.1:1/", Body: []byte("x")})
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Do = %v; want an error that does not quote the password", err)
	}
}

func TestHeader(t *testing.T) {
	h := curl.Header{}
	h.Add("content-type", "a")
	h.Add("CONTENT-TYPE", "b")
	h.Set("x-request-id", "1")
	h.Del("X-Request-Id")
	want := curl.Header{"Content-Type": {"a", "b"}}
	if diff := cmp.Diff(want, h); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if h.Get("Content-type") != "a" || h.Get("missing") != "" {
		t.Errorf("Get = %q, %q", h.Get("Content-type"), h.Get("missing"))
	}
}
