package curl

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// TestCurlABI compiles the package's own declarations of libcurl's constants and structs
// (curlabi.h) and the CURLcode values of the Code constants against the real <curl/curl.h>,
// with the C compiler in $CC (cc by default) so that a cross compiler checks the target's
// layouts: any difference is a compile error. It needs libcurl's development files.
func TestCurlABI(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the package calls libcurl on Linux only")
	}
	cc := os.Getenv("CC")
	if cc == "" {
		cc = "cc"
	}
	var src strings.Builder
	src.WriteString(`#include <curl/curl.h>
#include <stddef.h>
#define AZSG_CURLABI_CONSTANTS_ONLY
#include "curlabi.h"
#define EQ(a, b) _Static_assert((long long)(a) == (long long)(b), #a " != " #b);
`)
	for _, n := range []string{
		"CURLOPT_WRITEDATA", "CURLOPT_URL", "CURLOPT_ERRORBUFFER", "CURLOPT_WRITEFUNCTION",
		"CURLOPT_HTTPHEADER", "CURLOPT_SSLCERT", "CURLOPT_HEADERDATA", "CURLOPT_CUSTOMREQUEST",
		"CURLOPT_NOBODY", "CURLOPT_POST", "CURLOPT_FOLLOWLOCATION", "CURLOPT_SSL_VERIFYPEER",
		"CURLOPT_CAINFO", "CURLOPT_HEADERFUNCTION", "CURLOPT_HTTPGET", "CURLOPT_SSL_VERIFYHOST",
		"CURLOPT_SSLKEY", "CURLOPT_NOSIGNAL", "CURLOPT_SSL_CTX_FUNCTION", "CURLOPT_SSL_CTX_DATA",
		"CURLOPT_POSTFIELDSIZE_LARGE", "CURLOPT_TIMEOUT_MS", "CURLOPT_COPYPOSTFIELDS",
		"CURLOPT_CAINFO_BLOB", "CURLINFO_RESPONSE_CODE", "CURLINFO_OS_ERRNO", "CURLE_OK",
		"CURLE_WRITE_ERROR", "CURLE_SSL_CERTPROBLEM", "CURLM_OK", "CURLMSG_DONE", "CURL_ERROR_SIZE",
		"CURL_GLOBAL_DEFAULT", "CURL_BLOB_COPY",
	} {
		fmt.Fprintf(&src, "EQ(AZSG_%s, %s)\n", n, n)
	}
	var codes []Code
	for c := range codeNames {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool { return codes[i] < codes[j] })
	for _, c := range codes {
		fmt.Fprintf(&src, "EQ(%s, %d)\n", c, int(c))
	}
	src.WriteString(`#undef AZSG_CURLABI_H
#undef AZSG_CURLABI_CONSTANTS_ONLY
#include "curlabi.h"
EQ(sizeof(struct azsg_curl_blob), sizeof(struct curl_blob))
EQ(offsetof(struct azsg_curl_blob, len), offsetof(struct curl_blob, len))
EQ(offsetof(struct azsg_curl_blob, flags), offsetof(struct curl_blob, flags))
EQ(sizeof(struct azsg_CURLMsg), sizeof(CURLMsg))
EQ(offsetof(struct azsg_CURLMsg, easy_handle), offsetof(CURLMsg, easy_handle))
EQ(offsetof(struct azsg_CURLMsg, data), offsetof(CURLMsg, data))
EQ(sizeof(struct azsg_curl_slist), sizeof(struct curl_slist))
EQ(sizeof(CURLcode), sizeof(int))
EQ(sizeof(CURLMcode), sizeof(int))
EQ(sizeof(curl_off_t), sizeof(long long))
`)
	dir := t.TempDir()
	file := filepath.Join(dir, "abi.c")
	if err := os.WriteFile(file, []byte(src.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	probe := exec.Command(cc, "-E", "-x", "c", "-")
	probe.Stdin = strings.NewReader("#include <curl/curl.h>\n")
	if out, err := probe.CombinedOutput(); err != nil {
		msg := fmt.Sprintf("%s cannot include <curl/curl.h> (apt-get install libcurl4-openssl-dev): %v\n%.300s", cc, err, out)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	out, err := exec.Command(cc, "-std=c11", "-fsyntax-only", "-I", wd, file).CombinedOutput()
	if err != nil {
		t.Fatalf("the package's libcurl declarations differ from <curl/curl.h> (%s):\n%s", cc, out)
	}
}
