package curl

import (
	"strconv"
	"syscall"

	"github.com/azsphere-go/applibs/internal/apierr"
)

// Code is a libcurl result code (CURLcode); the constants have libcurl's values.
type Code int

// The CURLcode values the client reports most often. Any other value may occur; its String
// is "CURLcode(N)".
const (
	// CodeOK is CURLE_OK (0). An Error with CodeOK failed before libcurl ran the request
	// (bad arguments, a missing libcurl) or was ended by its context.
	CodeOK Code = 0
	// CodeUnsupportedProtocol is CURLE_UNSUPPORTED_PROTOCOL (1).
	CodeUnsupportedProtocol Code = 1
	// CodeFailedInit is CURLE_FAILED_INIT (2).
	CodeFailedInit Code = 2
	// CodeURLMalformat is CURLE_URL_MALFORMAT (3).
	CodeURLMalformat Code = 3
	// CodeNotBuiltIn is CURLE_NOT_BUILT_IN (4): this libcurl or its TLS library lacks a
	// feature the request needs (CURLOPT_CAINFO_BLOB, CURLOPT_SSL_CTX_FUNCTION).
	CodeNotBuiltIn Code = 4
	// CodeCouldntResolveHost is CURLE_COULDNT_RESOLVE_HOST (6).
	CodeCouldntResolveHost Code = 6
	// CodeCouldntConnect is CURLE_COULDNT_CONNECT (7).
	CodeCouldntConnect Code = 7
	// CodeWeirdServerReply is CURLE_WEIRD_SERVER_REPLY (8).
	CodeWeirdServerReply Code = 8
	// CodeHTTP2 is CURLE_HTTP2 (16).
	CodeHTTP2 Code = 16
	// CodePartialFile is CURLE_PARTIAL_FILE (18).
	CodePartialFile Code = 18
	// CodeWriteError is CURLE_WRITE_ERROR (23): here, a response larger than the client
	// accepts.
	CodeWriteError Code = 23
	// CodeOutOfMemory is CURLE_OUT_OF_MEMORY (27).
	CodeOutOfMemory Code = 27
	// CodeOperationTimedout is CURLE_OPERATION_TIMEDOUT (28): Client.Timeout elapsed.
	CodeOperationTimedout Code = 28
	// CodeSSLConnectError is CURLE_SSL_CONNECT_ERROR (35): the TLS handshake failed, for
	// example because the server refused the client certificate with an alert (TLS 1.2).
	CodeSSLConnectError Code = 35
	// CodeAbortedByCallback is CURLE_ABORTED_BY_CALLBACK (42).
	CodeAbortedByCallback Code = 42
	// CodeBadFunctionArgument is CURLE_BAD_FUNCTION_ARGUMENT (43).
	CodeBadFunctionArgument Code = 43
	// CodeUnknownOption is CURLE_UNKNOWN_OPTION (48): this libcurl is too old for an option.
	CodeUnknownOption Code = 48
	// CodeGotNothing is CURLE_GOT_NOTHING (52).
	CodeGotNothing Code = 52
	// CodeSendError is CURLE_SEND_ERROR (55); with TLS 1.3 one way a server's refusal of
	// the client certificate shows.
	CodeSendError Code = 55
	// CodeRecvError is CURLE_RECV_ERROR (56): receiving failed; with TLS 1.3 one way a
	// server's refusal of the client certificate (an alert after the handshake) shows.
	CodeRecvError Code = 56
	// CodeSSLCertProblem is CURLE_SSL_CERTPROBLEM (58): the client certificate could not be
	// used; DeviceAuth_CurlSslFunc returns it when DeviceAuth_SslCtxFunc fails.
	CodeSSLCertProblem Code = 58
	// CodeSSLCipher is CURLE_SSL_CIPHER (59).
	CodeSSLCipher Code = 59
	// CodePeerFailedVerification is CURLE_PEER_FAILED_VERIFICATION (60): the server's
	// certificate is not trusted by the roots or does not match the host name.
	CodePeerFailedVerification Code = 60
	// CodeBadContentEncoding is CURLE_BAD_CONTENT_ENCODING (61).
	CodeBadContentEncoding Code = 61
	// CodeSSLCACertBadFile is CURLE_SSL_CACERT_BADFILE (77): the roots could not be read.
	CodeSSLCACertBadFile Code = 77
	// CodeAgain is CURLE_AGAIN (81).
	CodeAgain Code = 81
	// CodeHTTP2Stream is CURLE_HTTP2_STREAM (92).
	CodeHTTP2Stream Code = 92
	// CodeSSLClientCert is CURLE_SSL_CLIENTCERT (98).
	CodeSSLClientCert Code = 98
)

var codeNames = map[Code]string{
	CodeOK: "CURLE_OK", CodeUnsupportedProtocol: "CURLE_UNSUPPORTED_PROTOCOL",
	CodeFailedInit: "CURLE_FAILED_INIT", CodeURLMalformat: "CURLE_URL_MALFORMAT",
	CodeNotBuiltIn: "CURLE_NOT_BUILT_IN", CodeCouldntResolveHost: "CURLE_COULDNT_RESOLVE_HOST",
	CodeCouldntConnect: "CURLE_COULDNT_CONNECT", CodeWeirdServerReply: "CURLE_WEIRD_SERVER_REPLY",
	CodeHTTP2: "CURLE_HTTP2", CodePartialFile: "CURLE_PARTIAL_FILE",
	CodeWriteError: "CURLE_WRITE_ERROR", CodeOutOfMemory: "CURLE_OUT_OF_MEMORY",
	CodeOperationTimedout: "CURLE_OPERATION_TIMEDOUT", CodeSSLConnectError: "CURLE_SSL_CONNECT_ERROR",
	CodeAbortedByCallback: "CURLE_ABORTED_BY_CALLBACK", CodeBadFunctionArgument: "CURLE_BAD_FUNCTION_ARGUMENT",
	CodeUnknownOption: "CURLE_UNKNOWN_OPTION", CodeGotNothing: "CURLE_GOT_NOTHING",
	CodeSendError: "CURLE_SEND_ERROR", CodeRecvError: "CURLE_RECV_ERROR",
	CodeSSLCertProblem: "CURLE_SSL_CERTPROBLEM", CodeSSLCipher: "CURLE_SSL_CIPHER",
	CodePeerFailedVerification: "CURLE_PEER_FAILED_VERIFICATION", CodeBadContentEncoding: "CURLE_BAD_CONTENT_ENCODING",
	CodeSSLCACertBadFile: "CURLE_SSL_CACERT_BADFILE", CodeAgain: "CURLE_AGAIN",
	CodeHTTP2Stream: "CURLE_HTTP2_STREAM", CodeSSLClientCert: "CURLE_SSL_CLIENTCERT",
}

// String returns the C name of c, for example "CURLE_OPERATION_TIMEDOUT", or "CURLcode(N)".
func (c Code) String() string {
	if s, ok := codeNames[c]; ok {
		return s
	}
	return "CURLcode(" + strconv.Itoa(int(c)) + ")"
}

// Error is a failed request: the method and URL, libcurl's result code and its words for it
// (curl_easy_strerror and the CURLOPT_ERRORBUFFER text), the errno that applies and the
// cause. It unwraps to Errno and Err, so that errors.Is(err, syscall.ETIMEDOUT),
// errors.Is(err, context.Canceled) and errors.As(err, new(*deviceauth.SSLError)) work.
//
// A request that got an HTTP response is not an Error, whatever its status: a server that
// accepts the TLS connection and then refuses the client (401, 403) answers with a
// Response. A server that refuses the client certificate with a TLS alert ends the request
// with an Error, the alert in Message: CodeSSLConnectError with TLS 1.2; with TLS 1.3,
// where the alert arrives after the client finished its handshake, CodeSendError or
// CodeRecvError (whether the client was sending the request or reading the answer), with
// Errno ECONNRESET when the server closed the connection first.
type Error struct {
	// Op is the request's method, for example "GET".
	Op string
	// URL is the request's URL, with any password replaced by "xxxxx".
	URL string
	// Code is libcurl's result, or CodeOK when the request failed before libcurl ran it or
	// was ended by its context.
	Code Code
	// Message says in words what was wrong: libcurl's description of Code followed by the
	// details of its error buffer, or the client's own reason.
	Message string
	// Errno is the errno that applies, or 0: ETIMEDOUT for CodeOperationTimedout, the
	// socket error libcurl saw (CURLINFO_OS_ERRNO, for example ECONNREFUSED), EINVAL for a
	// bad request, EFBIG for a response over the client's limit.
	Errno syscall.Errno
	// Err is the cause, or nil: a *deviceauth.SSLError when DeviceAuth_SslCtxFunc failed,
	// the context's error, errors.ErrUnsupported for what this build or libcurl cannot do.
	Err error
}

// Error formats the failure as "curl METHOD URL: CODE: Message: Err (ERRNO: text)".
func (e *Error) Error() string {
	reason := e.Message
	if e.Code != CodeOK {
		reason = e.Code.String() + " (" + strconv.Itoa(int(e.Code)) + ")"
		if e.Message != "" {
			reason += ": " + e.Message
		}
	}
	msg := "curl " + apierr.Format(e.Op, e.URL, 0, reason, e.Err)
	if e.Errno != 0 {
		msg += " (" + errnoName(e.Errno) + ": " + e.Errno.Error() + ")"
	}
	return msg
}

// errnoName returns the C name of errno, with the socket errors libcurl reports.
func errnoName(errno syscall.Errno) string {
	switch errno {
	case syscall.ETIMEDOUT:
		return "ETIMEDOUT"
	case syscall.ECONNREFUSED:
		return "ECONNREFUSED"
	case syscall.ECONNRESET:
		return "ECONNRESET"
	case syscall.EHOSTUNREACH:
		return "EHOSTUNREACH"
	case syscall.ENETUNREACH:
		return "ENETUNREACH"
	case syscall.EPIPE:
		return "EPIPE"
	}
	return apierr.ErrnoName(errno)
}

// Unwrap returns Errno (when set) and Err (when set).
func (e *Error) Unwrap() []error { return apierr.Causes(e.Errno, e.Err) }

// Timeout reports whether the request timed out: Client.Timeout (CodeOperationTimedout)
// or the context's deadline.
func (e *Error) Timeout() bool {
	if e.Code == CodeOperationTimedout {
		return true
	}
	t, ok := e.Err.(interface{ Timeout() bool })
	return ok && t.Timeout()
}
