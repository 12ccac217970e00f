package curl

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/azsphere-go/applibs/deviceauth"
)

// DefaultMaxResponseBytes is the largest response body a Client with MaxResponseBytes 0
// accepts: 1 MiB. A high-level application on the MT3620 has 256 KiB of RAM.
const DefaultMaxResponseBytes = 1 << 20

// maxHeaderBytes bounds the header block of a response.
const maxHeaderBytes = 64 << 10

// pollInterval is the longest the client waits inside libcurl before it checks the
// request's context again: the latency of a cancellation.
const pollInterval = 100 * time.Millisecond

// Client makes HTTP and HTTPS requests through libcurl. Its zero value verifies servers
// against libcurl's default roots, presents no client certificate, has no timeout and
// accepts responses of up to DefaultMaxResponseBytes. A Client is safe for concurrent use;
// each request runs on a new libcurl handle (no connection reuse), on the calling
// goroutine. Redirects are not followed: a 3xx is returned as a Response.
type Client struct {
	// RootCAFile is the path of a PEM file holding the CA certificates that verify the
	// server (CURLOPT_CAINFO). On the device, this is a file in the application's image
	// package: the certificate store has no API that exposes a file.
	RootCAFile string
	// RootCAs holds the CA certificates that verify the server, in PEM
	// (CURLOPT_CAINFO_BLOB). It needs libcurl 7.77 or later with a TLS library that
	// supports it (OpenSSL; wolfSSL from libcurl 8.2): otherwise a request fails with
	// CodeNotBuiltIn or CodeUnknownOption. Set at most one of RootCAFile and RootCAs;
	// with neither, libcurl's default roots verify the server.
	RootCAs []byte

	// DeviceAuth makes the client authenticate with the application's
	// device-authentication (DAA) certificate: libcurl's CURLOPT_SSL_CTX_FUNCTION
	// callback calls DeviceAuth_SslCtxFunc, as DeviceAuth_CurlSslFunc does. It needs the
	// device build (-tags azsphere; the tests' C double with -tags abidouble) and an
	// https URL. When DeviceAuth_SslCtxFunc fails (the device has not attested yet, the
	// manifest has no DeviceAuthentication capability), the request fails with
	// CodeSSLCertProblem and a *deviceauth.SSLError holding its result. In any other
	// build a request with DeviceAuth fails before it starts with a *deviceauth.SSLError
	// wrapping errors.ErrUnsupported: on a Linux host, present a certificate with CertFile
	// and KeyFile instead.
	DeviceAuth bool
	// CertFile and KeyFile are the paths of a PEM client certificate (chain) and its
	// unencrypted private key (CURLOPT_SSLCERT, CURLOPT_SSLKEY), for mutual TLS without
	// the device. Not with DeviceAuth.
	CertFile, KeyFile string

	// Timeout limits the whole request, connection to last byte (CURLOPT_TIMEOUT_MS). A
	// request that runs over fails with CodeOperationTimedout and ETIMEDOUT. Zero means no
	// limit other than the context's.
	Timeout time.Duration
	// MaxResponseBytes limits the response body; 0 means DefaultMaxResponseBytes. A larger
	// body ends the request with CodeWriteError and EFBIG.
	MaxResponseBytes int64
}

// Request is an HTTP request for Client.Do.
type Request struct {
	// Method is the HTTP method; "" means GET. GET and HEAD requests have no body.
	Method string
	// URL is an absolute http or https URL.
	URL string
	// Header holds the fields to send in addition to libcurl's own (Host, Accept,
	// Content-Length); a field set here replaces libcurl's.
	Header Header
	// Body is the request body, sent with a Content-Length.
	Body []byte
}

// Response is the server's answer.
type Response struct {
	// StatusCode is the HTTP status, for example 200.
	StatusCode int
	// Status is the status line after the protocol, for example "200 OK" (HTTP/2 has no
	// reason phrase: "200").
	Status string
	// Proto is the protocol of the response, for example "HTTP/1.1" or "HTTP/2".
	Proto string
	// Header holds the response's fields.
	Header Header
	// Body is the whole response body.
	Body []byte
}

// Get fetches url with the GET method.
func (c *Client) Get(ctx context.Context, url string) (*Response, error) {
	return c.Do(ctx, &Request{Method: "GET", URL: url})
}

// Post sends body with the POST method and the given Content-Type.
func (c *Client) Post(ctx context.Context, url, contentType string, body []byte) (*Response, error) {
	h := Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return c.Do(ctx, &Request{Method: "POST", URL: url, Header: h, Body: body})
}

// transfer is a checked request with the client's settings, as the backend runs it.
type transfer struct {
	op, url, redacted string
	method            string
	header            []string // "Name: value" lines
	body              []byte
	hasBody           bool
	client            Client
	maxBody           int64
}

// fail returns an *Error for the transfer.
func (t *transfer) fail(code Code, msg string, errno syscall.Errno, err error) *Error {
	return &Error{Op: t.op, URL: t.redacted, Code: code, Message: msg, Errno: errno, Err: err}
}

// Do sends req and returns the server's response. It fails with an *Error when there is no
// response: bad arguments (EINVAL), a failure of libcurl or of the connection, the
// device-authentication callback, Client.Timeout, or the end of ctx (the Error then wraps
// ctx.Err(); a running request notices within pollInterval). An HTTP error status is not an
// error. A nil Client is the zero Client.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	if req == nil {
		return nil, &Error{Op: "Do", Message: "the request is nil", Errno: syscall.EFAULT}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	t := &transfer{method: req.Method, url: req.URL}
	if c != nil {
		t.client = *c
	}
	if t.method == "" {
		t.method = "GET"
	}
	t.op = t.method
	t.redacted = req.URL
	u, err := url.Parse(req.URL)
	if err == nil {
		t.redacted = u.Redacted()
	}
	if err := t.check(u, err, req); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, t.fail(CodeOK, "the request's context ended before the request started", 0, err)
	}
	if t.client.DeviceAuth && !haveDeviceAuth {
		return nil, t.fail(CodeOK, "", 0, &deviceauth.SSLError{Op: "SSLCtxFunc", Result: deviceauth.SSLEnableHWSignError,
			Reason: "DeviceAuth_SslCtxFunc exists only on the device (build with -tags azsphere); on a host, present a certificate with Client.CertFile and Client.KeyFile",
			Err:    errors.ErrUnsupported})
	}
	return perform(ctx, t)
}

// check validates the request and the client's settings: every failure is EINVAL.
func (t *transfer) check(u *url.URL, parseErr error, req *Request) error {
	bad := func(msg string) error { return t.fail(CodeOK, msg, syscall.EINVAL, nil) }
	c := &t.client
	if !validFieldName(t.method) {
		return bad("the method " + quote(t.method) + " is not an HTTP token")
	}
	switch {
	case parseErr != nil:
		return t.fail(CodeOK, "the URL does not parse", syscall.EINVAL, parseErr)
	case u.Scheme != "http" && u.Scheme != "https":
		return bad("the URL's scheme is " + quote(u.Scheme) + "; the client speaks http and https")
	case u.Host == "":
		return bad("the URL has no host")
	case strings.ContainsAny(req.URL, " \r\n\x00"):
		return bad("the URL contains a space, CR, LF or NUL")
	}
	for k, vs := range req.Header {
		if !validFieldName(k) {
			return bad("the header field name " + quote(k) + " is not an HTTP token")
		}
		for _, v := range vs {
			if !validFieldValue(v) {
				return bad("the value of header field " + k + " contains CR, LF or NUL")
			}
			if v == "" {
				// "Name:" would remove libcurl's own field; "Name;" sends an empty one.
				t.header = append(t.header, k+";")
				continue
			}
			t.header = append(t.header, k+": "+v)
		}
	}
	switch t.method {
	case "GET", "HEAD":
		if len(req.Body) > 0 {
			return bad("a " + t.method + " request has no body")
		}
	default:
		t.hasBody = true
		t.body = req.Body
		if len(req.Header.Values("Expect")) == 0 {
			t.header = append(t.header, "Expect:") // no 100-continue round trip
		}
	}
	for _, s := range []string{c.RootCAFile, c.CertFile, c.KeyFile} {
		if strings.IndexByte(s, 0) >= 0 {
			return bad("a file path contains a NUL byte")
		}
	}
	switch {
	case c.RootCAFile != "" && c.RootCAs != nil:
		return bad("both Client.RootCAFile and Client.RootCAs are set")
	case c.DeviceAuth && (c.CertFile != "" || c.KeyFile != ""):
		return bad("Client.DeviceAuth presents the device's certificate; Client.CertFile and Client.KeyFile must be empty")
	case c.KeyFile != "" && c.CertFile == "":
		return bad("Client.KeyFile is set without Client.CertFile")
	case c.DeviceAuth && u.Scheme != "https":
		return bad("Client.DeviceAuth needs an https URL")
	case c.Timeout < 0:
		return bad("Client.Timeout is negative")
	case c.MaxResponseBytes < 0:
		return bad("Client.MaxResponseBytes is negative")
	}
	t.maxBody = c.MaxResponseBytes
	if t.maxBody == 0 {
		t.maxBody = DefaultMaxResponseBytes
	}
	return nil
}

func quote(s string) string { return strconv.Quote(s) }

// unsupported is a failure of something this build or this libcurl cannot do: its text says
// what, and it unwraps to errors.ErrUnsupported.
type unsupported struct{ msg string }

func (e *unsupported) Error() string { return e.msg }
func (e *unsupported) Unwrap() error { return errors.ErrUnsupported }
