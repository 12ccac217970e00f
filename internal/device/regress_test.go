//go:build abidouble && cgo && !azsphere

package device_test

import (
	"bytes"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/internal/device"
	"github.com/azsphere-go/applibs/internal/device/abidouble"
	"github.com/azsphere-go/applibs/pkitest"
	"github.com/azsphere-go/applibs/wificonfig"
)

// Regression tests for defects found in bindings of these functions for other languages.

var fillModes = []struct {
	name string
	mode int
}{{"FillZero", abidouble.FillZero}, {"FillJunk", abidouble.FillJunk}}

func testCA(t *testing.T, cn string, nb, na time.Time) *pkitest.Cert {
	t.Helper()
	c, err := pkitest.NewCA(pkitest.Options{Subject: pkix.Name{CommonName: cn}, NotBefore: nb, NotAfter: na})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestIdentifierIsNULTerminated: a binding that passes a Go string's bytes without a NUL
// makes C read past the identifier. The identifier here is a prefix of a longer string, so
// such a binding would name "abcdefgh" instead of "abc".
func TestIdentifierIsNULTerminated(t *testing.T) {
	resetDouble(t)
	b := device.CertStoreBackend()
	ca := testCA(t, "CA", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	long := strings.Clone("abcdefgh")
	short := long[:3]
	for _, id := range []string{short, long} {
		if err := b.InstallRootCA(id, ca.CertPEM); err != nil {
			t.Fatalf("InstallRootCA(%q): %v", id, err)
		}
		if got := abidouble.LastIdentifier(); got != id {
			t.Errorf("InstallRootCA(%q): C received %q", id, got)
		}
	}
	if err := b.Move(short, "xyz"); err != nil {
		t.Fatalf("Move(%q, xyz): %v", short, err)
	}
	if err := b.Delete("xyz"); err != nil {
		t.Fatalf("Delete(xyz): %v", err)
	}
	if got := abidouble.LastIdentifier(); got != "xyz" {
		t.Errorf("Delete(xyz): C received %q", got)
	}
	if n, _ := b.Count(); n != 1 {
		t.Fatalf("Count() = %d, want 1", n)
	}
	if id, _ := b.IdentifierAt(0); id != long {
		t.Errorf("IdentifierAt(0) = %q, want %q (the wrong certificate was moved or deleted)", id, long)
	}
	// A NUL inside an identifier would make C see a different identifier: refused.
	if err := b.Delete(long[:3] + "\x00" + "x"); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("Delete with an embedded NUL: %v, want EINVAL", err)
	}
}

// TestNoTrailingNULs: identifiers and names end at their first NUL, whatever the device
// leaves in the rest of the buffer.
func TestNoTrailingNULs(t *testing.T) {
	for _, fm := range fillModes {
		t.Run(fm.name, func(t *testing.T) {
			resetDouble(t)
			abidouble.SetFill(fm.mode)
			s := certstore.New(device.CertStoreBackend())
			ca := testCA(t, "Short", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
			if err := s.InstallRootCACertificate("a", ca.CertPEM); err != nil {
				t.Fatal(err)
			}
			id, err := s.GetCertificateIdentifierAt(0)
			if err != nil || id != "a" {
				t.Errorf("GetCertificateIdentifierAt(0) = %q, %v; want \"a\"", id, err)
			}
			for _, f := range []func(string) (string, error){s.GetCertificateSubjectName, s.GetCertificateIssuerName} {
				name, err := f("a")
				if err != nil || name != "/CN=Short" {
					t.Errorf("name = %q, %v; want \"/CN=Short\"", name, err)
				}
			}
		})
	}
}

// TestDatesAreUTC: NotBefore and NotAfter are the certificate's instants, in UTC, in a
// process whose local zone is not UTC (see TestMain), neither shifted by the local offset or
// DST nor scaled.
func TestDatesAreUTC(t *testing.T) {
	if _, off := time.Date(2025, 7, 1, 0, 0, 0, 0, time.Local).Zone(); off == 0 {
		t.Fatalf("the local zone %v has offset 0; the test needs a non-UTC TZ", time.Local)
	}
	resetDouble(t)
	s := certstore.New(device.CertStoreBackend())
	tests := []struct{ nb, na time.Time }{
		{time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC), time.Date(2035, 10, 11, 12, 13, 14, 0, time.UTC)},
		{time.Date(1999, 12, 31, 23, 59, 59, 0, time.UTC), time.Date(2050, 7, 1, 0, 0, 0, 0, time.UTC)}, // UTCTime and GeneralizedTime
	}
	for i, tt := range tests {
		id := fmt.Sprintf("d%d", i)
		if err := s.InstallRootCACertificate(id, testCA(t, id, tt.nb, tt.na).CertPEM); err != nil {
			t.Fatal(err)
		}
		nb, err := s.GetCertificateNotBefore(id)
		if err != nil || !nb.Equal(tt.nb) || nb.Location() != time.UTC {
			t.Errorf("GetCertificateNotBefore(%s) = %v, %v; want %v", id, nb, err, tt.nb)
		}
		na, err := s.GetCertificateNotAfter(id)
		if err != nil || !na.Equal(tt.na) || na.Location() != time.UTC {
			t.Errorf("GetCertificateNotAfter(%s) = %v, %v; want %v", id, na, err, tt.na)
		}
	}

	// The diagnostics timestamp is POSIX seconds.
	w := wificonfig.Default()
	id, err := w.AddNetwork()
	if err != nil {
		t.Fatal(err)
	}
	ts := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	abidouble.SetDiagnostics(id, int32(wificonfig.DiagnosticErrorAuthenticationFailed), ts.Unix(), int32(wificonfig.CertErrorInvalidRootCA), 1, "/CN=Radius")
	d, err := w.GetNetworkDiagnostics(id)
	if err != nil || !d.Timestamp.Equal(ts) || d.Timestamp.Location() != time.UTC {
		t.Errorf("NetworkDiagnostics().Timestamp = %v, %v; want %v", d.Timestamp, err, ts)
	}
}

// TestPasswordNULLWhenNone: with no password the binding passes NULL, not an empty string;
// with one, exactly its bytes.
func TestPasswordNULLWhenNone(t *testing.T) {
	resetDouble(t)
	b := device.CertStoreBackend()
	leaf := testCA(t, "Leaf", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	plain := leaf.MustKeyPEM(pkitest.PKCS8, nil)
	for _, pw := range [][]byte{nil, {}} {
		if err := b.InstallClient("c", leaf.CertPEM, plain, pw); err != nil {
			t.Fatalf("InstallClient with password %q: %v", pw, err)
		}
		if _, null, done := abidouble.LastPassword(); !done || !null {
			t.Errorf("InstallClient with password %#v: C did not receive NULL", pw)
		}
	}
	enc := leaf.MustKeyPEM(pkitest.EncryptedPKCS8, suitePassword)
	pw := bytes.Clone(suitePassword)
	if err := b.InstallClient("c", leaf.CertPEM, enc, pw); err != nil {
		t.Fatalf("InstallClient with a password: %v", err)
	}
	if got, null, _ := abidouble.LastPassword(); null || got != string(suitePassword) {
		t.Errorf("C received password %q (NULL: %v), want %q", got, null, suitePassword)
	}
	if !bytes.Equal(pw, suitePassword) {
		t.Errorf("InstallClient changed the caller's password slice to %q", pw)
	}
}

// TestNetworkListsNotEmpty: stored and scanned networks come back with every element, and
// each SSID is exactly as long as it is (never padded to 32 bytes), whatever the padding holds.
func TestNetworkListsNotEmpty(t *testing.T) {
	ssids := [][]byte{[]byte("a"), []byte("Contoso Guest"), bytes.Repeat([]byte{'x'}, 32), []byte("nul\x00inside")}
	for _, fm := range fillModes {
		t.Run(fm.name, func(t *testing.T) {
			resetDouble(t)
			abidouble.SetFill(fm.mode)
			c := wificonfig.Default()
			var want []wificonfig.StoredNetwork
			for _, ssid := range ssids {
				id, err := c.AddNetwork()
				if err != nil {
					t.Fatal(err)
				}
				if err := c.SetSSID(id, ssid); err != nil {
					t.Fatal(err)
				}
				if err := c.SetSecurityType(id, wificonfig.SecurityOpen); err != nil {
					t.Fatal(err)
				}
				want = append(want, wificonfig.StoredNetwork{SSID: ssid, Security: wificonfig.SecurityOpen})
			}
			got, err := c.GetStoredNetworks()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("GetStoredNetworks (-want +got):\n%s", diff)
			}

			// More results than the backend's first buffer holds.
			var wantScan []wificonfig.ScannedNetwork
			for i := 0; i < 70; i++ {
				ssid := ssids[i%len(ssids)]
				bssid := [6]byte{2, 0, 0, 0, 0, byte(i)}
				abidouble.AddScanned(ssid, bssid, uint8(wificonfig.SecurityWPA2PSK), 2412+uint32(i), int8(-30-i))
				wantScan = append(wantScan, wificonfig.ScannedNetwork{SSID: ssid, BSSID: bssid, FrequencyMHz: 2412 + uint32(i), SignalRSSI: int8(-30 - i), Security: wificonfig.SecurityWPA2PSK})
			}
			if n, err := c.TriggerScanAndGetScannedNetworkCount(); err != nil || n != len(wantScan) {
				t.Errorf("TriggerScanAndGetScannedNetworkCount() = %d, %v; want %d", n, err, len(wantScan))
			}
			scan, err := c.GetScannedNetworks()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantScan, scan); diff != "" {
				t.Errorf("GetScannedNetworks (-want +got):\n%s", diff)
			}
		})
	}
}
