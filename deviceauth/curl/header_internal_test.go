package curl

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseHeader(t *testing.T) {
	tests := []struct {
		raw                 string
		wantProto, wantStat string
		want                Header
	}{
		{"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nx-a: 1\r\nX-A:2 \r\n\r\n", "HTTP/1.1", "200 OK",
			Header{"Content-Type": {"text/plain"}, "X-A": {"1", "2"}}},
		{"HTTP/2 204\r\nserver: go\r\n\r\n", "HTTP/2", "204", Header{"Server": {"go"}}},
		{"HTTP/1.0 403 Forbidden\nX-Long: a\n  b\n\tc\nnocolon\n\n", "HTTP/1.0", "403 Forbidden", Header{"X-Long": {"a b c"}}},
		{"", "", "", Header{}},
	}
	for _, tt := range tests {
		proto, status, h := parseHeader(tt.raw)
		if proto != tt.wantProto || status != tt.wantStat {
			t.Errorf("parseHeader(%q) = %q, %q; want %q, %q", tt.raw, proto, status, tt.wantProto, tt.wantStat)
		}
		if diff := cmp.Diff(tt.want, h); diff != "" {
			t.Errorf("parseHeader(%q) header (-want +got):\n%s", tt.raw, diff)
		}
	}
}

func TestCanonicalKey(t *testing.T) {
	for in, want := range map[string]string{
		"content-type": "Content-Type", "X-API-KEY": "X-Api-Key", "a": "A", "bad key": "bad key", "": "",
	} {
		if got := canonicalKey(in); got != want {
			t.Errorf("canonicalKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseHeader(f *testing.F) {
	f.Add("HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n")
	f.Fuzz(func(t *testing.T, raw string) {
		parseHeader(raw) // must not panic
	})
}
