package rotation_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/wificonfig"
	"github.com/azsphere-go/applibs/wificonfig/rotation"
)

func TestStagingID(t *testing.T) {
	tests := []struct{ id, want string }{
		{"RootCA1", "RootCA2"},
		{"RootCA2", "RootCA1"},
		{"ClientCert1", "ClientCert2"},
		{"radius-ca", "radius-ca2"},
		{"x", "x2"},
		{"1", "2"},
		{"abcdefghijklmnop", "abcdefghijklmno2"},
		{"abcdefghijklmno2", "abcdefghijklmno1"},
		{"", ""},
	}
	for _, tt := range tests {
		got := rotation.StagingID(tt.id)
		if got != tt.want {
			t.Errorf("StagingID(%q) = %q, want %q", tt.id, got, tt.want)
		}
		if tt.id == "" {
			continue
		}
		if got == tt.id || certstore.ValidateIdentifier(got) != nil {
			t.Errorf("StagingID(%q) = %q: not a valid identifier other than the original", tt.id, got)
		}
	}
}

func TestDuplicateName(t *testing.T) {
	tests := []struct{ network, suffix, want string }{
		{"Network1", rotation.SuffixNewRoot, "Network1+ca"},
		{"Network1", rotation.SuffixFallback, "Network1+fb"},
		{"Contoso-Secure", rotation.SuffixMove, ""},                // 17 bytes: cut and hashed
		{"Lab-5G-Floor2", rotation.SuffixMove, "Lab-5G-Floor2+mv"}, // 16 bytes: fits
	}
	for _, tt := range tests {
		got := rotation.DuplicateName(tt.network, tt.suffix)
		if tt.want != "" && got != tt.want {
			t.Errorf("DuplicateName(%q, %q) = %q, want %q", tt.network, tt.suffix, got, tt.want)
		}
		if len(got) > wificonfig.ConfigNameMaxLength || !strings.HasSuffix(got, tt.suffix) {
			t.Errorf("DuplicateName(%q, %q) = %q: longer than %d bytes or without the suffix", tt.network, tt.suffix, got, wificonfig.ConfigNameMaxLength)
		}
	}
	// Names that do not fit are cut and told apart by a hash.
	a := rotation.DuplicateName("Contoso-Secure-A", rotation.SuffixNewRoot)
	b := rotation.DuplicateName("Contoso-Secure-B", rotation.SuffixNewRoot)
	for _, n := range []string{a, b} {
		if len(n) != wificonfig.ConfigNameMaxLength || !strings.HasPrefix(n, "Contoso-S") {
			t.Errorf("DuplicateName of a 16-byte name = %q; want 16 bytes starting with the name", n)
		}
	}
	if a == b {
		t.Errorf("DuplicateName gives %q for two names", a)
	}
	// A cut never splits a character.
	if got := rotation.DuplicateName("Réseau-ébène-5G", rotation.SuffixNewRoot); !utf8.ValidString(got) || !strings.HasPrefix(got, "Réseau-") || len(got) > 16 {
		t.Errorf("DuplicateName(Réseau-ébène-5G) = %q; want valid UTF-8 of at most 16 bytes", got)
	}
}
