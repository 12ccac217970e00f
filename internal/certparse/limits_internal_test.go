package certparse

import "testing"

// TestKDFLimitsAccept: the limits let through the defaults of the usual tools and the
// strongest settings within them; the neighbours just outside are refused.
func TestKDFLimitsAccept(t *testing.T) {
	for _, tt := range []struct {
		name    string
		n, r, p int64
		ok      bool
	}{
		{"OpenSSL default", 1 << 14, 8, 1, true},
		{"OpenSSL default, p=8 (work 2^20)", 1 << 14, 8, 8, true},
		{"r=1, N=2^17, p=8 (work 2^20)", 1 << 17, 1, 8, true},
		{"N=2^15 r=8 (32 MiB + B)", 1 << 15, 8, 1, false},
		{"work 2^20 + 2^17", 1 << 14, 8, 9, false},
		{"N=2^18 r=1 p=1 (32 MiB + B)", 1 << 18, 1, 1, false},
	} {
		if err := checkScrypt(tt.n, tt.r, tt.p); (err == nil) != tt.ok {
			t.Errorf("%s: checkScrypt(%d, %d, %d) = %v; want ok=%v", tt.name, tt.n, tt.r, tt.p, err, tt.ok)
		}
	}
}
