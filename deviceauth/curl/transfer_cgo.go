//go:build cgo && linux

package curl

// #include <stdlib.h>
// #include "transfer.h"
import "C"

import (
	"context"
	"errors"
	"os"
	"strconv"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"github.com/azsphere-go/applibs/deviceauth"
)

var (
	loadOnce sync.Once
	loadErr  error
)

// load makes libcurl callable, once per process.
func load() error {
	loadOnce.Do(func() {
		var buf [256]C.char
		if C.azsg_load(&buf[0], C.size_t(len(buf))) != 0 {
			loadErr = errors.New(C.GoString(&buf[0]))
		}
	})
	return loadErr
}

// Version returns libcurl's version string (curl_version), for example
// "libcurl/7.88.1 OpenSSL/3.0.17 zlib/1.2.13", or an error when libcurl cannot be loaded
// or this build has no libcurl.
func Version() (string, error) {
	if err := load(); err != nil {
		return "", err
	}
	return C.GoString(C.azsg_version()), nil
}

// xfer is one request on a libcurl handle.
type xfer struct {
	t *transfer
	r *C.azsg_req
}

// setopt reports the failure of setting option name, if any.
func (x *xfer) setopt(name string, code C.int) error {
	if code == 0 {
		return nil
	}
	c := Code(code)
	var cause error
	if c == CodeNotBuiltIn || c == CodeUnknownOption {
		cause = errors.ErrUnsupported
	}
	return x.t.fail(c, "setting "+name+": "+C.GoString(C.azsg_strerror(code))+" (libcurl "+version()+")", 0, cause)
}

func version() string {
	v, _ := Version()
	return v
}

func (x *xfer) str(name string, opt C.int, v string) error {
	cs := C.CString(v)
	defer C.free(unsafe.Pointer(cs))
	return x.setopt(name, C.azsg_setopt_str(x.r, opt, cs))
}

func (x *xfer) long(name string, opt C.int, v int64) error {
	return x.setopt(name, C.azsg_setopt_long(x.r, opt, C.long(v)))
}

// configure sets the request's options on the handle.
func (x *xfer) configure() error {
	t, r := x.t, x.r
	if err := x.str("CURLOPT_URL", C.AZSG_CURLOPT_URL, t.url); err != nil {
		return err
	}
	switch t.method {
	case "GET":
		if err := x.long("CURLOPT_HTTPGET", C.AZSG_CURLOPT_HTTPGET, 1); err != nil {
			return err
		}
	case "HEAD":
		if err := x.long("CURLOPT_NOBODY", C.AZSG_CURLOPT_NOBODY, 1); err != nil {
			return err
		}
	default:
		var p unsafe.Pointer
		if len(t.body) > 0 {
			p = unsafe.Pointer(&t.body[0])
		}
		if err := x.setopt("CURLOPT_COPYPOSTFIELDS", C.azsg_set_body(r, p, C.size_t(len(t.body)))); err != nil {
			return err
		}
		if t.method != "POST" {
			if err := x.str("CURLOPT_CUSTOMREQUEST", C.AZSG_CURLOPT_CUSTOMREQUEST, t.method); err != nil {
				return err
			}
		}
	}
	for _, h := range t.header {
		cs := C.CString(h)
		rc := C.azsg_add_header(r, cs)
		C.free(unsafe.Pointer(cs))
		if rc != 0 {
			return t.fail(CodeOutOfMemory, "adding a header field", syscall.ENOMEM, nil)
		}
	}
	c := &t.client
	if c.RootCAFile != "" {
		if err := x.str("CURLOPT_CAINFO", C.AZSG_CURLOPT_CAINFO, c.RootCAFile); err != nil {
			return err
		}
	}
	if c.RootCAs != nil {
		// CURL_BLOB_COPY: libcurl copies the bytes during the call, so Go memory will do
		// (and TinyGo 0.33 has no C.CBytes).
		var p unsafe.Pointer
		if len(c.RootCAs) > 0 {
			p = unsafe.Pointer(&c.RootCAs[0])
		}
		rc := C.azsg_setopt_blob(r, C.AZSG_CURLOPT_CAINFO_BLOB, p, C.size_t(len(c.RootCAs)))
		if err := x.setopt("CURLOPT_CAINFO_BLOB", rc); err != nil {
			return err
		}
	}
	if c.CertFile != "" {
		if err := x.str("CURLOPT_SSLCERT", C.AZSG_CURLOPT_SSLCERT, c.CertFile); err != nil {
			return err
		}
	}
	if c.KeyFile != "" {
		if err := x.str("CURLOPT_SSLKEY", C.AZSG_CURLOPT_SSLKEY, c.KeyFile); err != nil {
			return err
		}
	}
	if c.DeviceAuth {
		if err := x.setopt("CURLOPT_SSL_CTX_FUNCTION", C.azsg_use_daa(r)); err != nil {
			return err
		}
	}
	if c.Timeout > 0 {
		ms := c.Timeout.Milliseconds()
		if ms == 0 {
			ms = 1
		}
		if err := x.long("CURLOPT_TIMEOUT_MS", C.AZSG_CURLOPT_TIMEOUT_MS, ms); err != nil {
			return err
		}
	}
	return nil
}

// perform runs t through libcurl's multi interface on the calling goroutine, waiting at
// most pollInterval at a time inside libcurl so that it sees the end of ctx.
func perform(ctx context.Context, t *transfer) (*Response, error) {
	if err := load(); err != nil {
		return nil, t.fail(CodeOK, "", 0, &unsupported{err.Error()})
	}
	r := C.azsg_new(C.size_t(t.maxBody), C.size_t(maxHeaderBytes))
	if r == nil {
		return nil, t.fail(CodeFailedInit, "curl_easy_init or curl_multi_init failed", syscall.ENOMEM, nil)
	}
	defer C.azsg_free(r)
	x := &xfer{t: t, r: r}
	if err := x.configure(); err != nil {
		return nil, err
	}
	if rc := C.azsg_start(r); rc != 0 {
		if rc == -1 {
			return nil, x.multiFailure()
		}
		return nil, x.setopt("the transfer's callbacks", rc)
	}
	for {
		wait := pollInterval
		if d, ok := ctx.Deadline(); ok {
			if left := time.Until(d); left < wait {
				wait = left
			}
		}
		ms := wait.Milliseconds()
		if ms < 1 {
			ms = 1
		}
		if C.azsg_step(r, C.int(ms)) == 0 {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, t.fail(CodeOK, "the request's context ended", 0, err)
		}
		yield()
	}
	if r.multiResult != 0 {
		return nil, x.multiFailure()
	}
	if code := Code(r.result); code != CodeOK {
		return nil, x.failure(code)
	}
	proto, status, h := parseHeader(C.GoStringN(r.hdr, C.int(r.hdrLen)))
	return &Response{
		StatusCode: int(r.status),
		Status:     status,
		Proto:      proto,
		Header:     h,
		Body:       C.GoBytes(unsafe.Pointer(r.body), C.int(r.bodyLen)),
	}, nil
}

func (x *xfer) multiFailure() error {
	m := x.r.multiResult
	msg := "libcurl's multi interface lost the transfer"
	if m != -1000 {
		msg = "libcurl's multi interface failed: CURLMcode " + itoa(int(m)) + ": " + C.GoString(C.azsg_multi_strerror(m))
	}
	return x.t.fail(CodeFailedInit, msg, 0, nil)
}

// failure describes a transfer that libcurl ended with code: libcurl's words, the errno
// that applies, and the cause it knows of.
func (x *xfer) failure(code Code) error {
	r, t := x.r, x.t
	msg := C.GoString(C.azsg_strerror(C.int(code)))
	if detail := C.GoString(&r.errbuf[0]); detail != "" && detail != msg {
		msg += ": " + detail
	}
	e := t.fail(code, msg, 0, nil)
	if r.osErrno != 0 {
		e.Errno = syscall.Errno(r.osErrno)
	}
	switch {
	case code == CodeSSLCertProblem && r.daa != 0 && r.daaCalls > 0 && r.daaResult > 0:
		e.Err = &deviceauth.SSLError{Op: "SSLCtxFunc", Result: deviceauth.SSLResult(r.daaResult),
			Reason: "DeviceAuth_SslCtxFunc failed in libcurl's CURLOPT_SSL_CTX_FUNCTION callback"}
	case code == CodeWriteError && r.overflow == C.AZSG_OVERFLOW_BODY:
		e.Message = "the response body is larger than Client.MaxResponseBytes (" + itoa(int(t.maxBody)) + " bytes)"
		e.Errno = syscall.EFBIG
	case code == CodeWriteError && r.overflow == C.AZSG_OVERFLOW_HEADER:
		e.Message = "the response header is larger than " + itoa(maxHeaderBytes) + " bytes"
		e.Errno = syscall.EFBIG
	case code == CodeWriteError && r.overflow == C.AZSG_OVERFLOW_NOMEM, code == CodeOutOfMemory:
		e.Errno = syscall.ENOMEM
	case code == CodeOperationTimedout:
		e.Errno = syscall.ETIMEDOUT
	case code == CodeNotBuiltIn || code == CodeUnknownOption:
		e.Err = errors.ErrUnsupported
	case code == CodeSSLCACertBadFile && t.client.RootCAFile != "":
		if _, err := os.Stat(t.client.RootCAFile); err != nil {
			e.Err = err
		}
	}
	return e
}

func itoa(n int) string { return strconv.Itoa(n) }
