package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"math/bits"
	"testing"
	"unicode/utf8"

	"github.com/azsphere-go/applibs/internal/testsize"
)

// manyErrors returns a manifest whose Capabilities hold three lists of n entries, each entry
// an error: ports out of range (found by Validate), ports of the wrong type (found by the
// decoder) and malformed UART names with non-ASCII characters (so that columns differ from
// byte counts). With oneLine the whole document is one line and columns grow large. at maps
// the path of each bad entry to its byte offset in the document.
func manyErrors(n int, oneLine bool) (data []byte, at map[string]int) {
	sep := "\n    "
	if oneLine {
		sep = " "
	}
	var b bytes.Buffer
	at = map[string]int{}
	b.WriteString(`{"SchemaVersion":1,"Name":"Äpp","ComponentId":"11111111-2222-3333-4444-555555555555",`)
	b.WriteString(`"EntryPoint":"/bin/app","CmdArgs":[],"Capabilities":{`)
	list := func(key string, elem func(i int) string) {
		fmt.Fprintf(&b, "%s%q: [", sep, key)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(sep)
			at[fmt.Sprintf("Capabilities.%s[%d]", key, i)] = b.Len()
			b.WriteString(elem(i))
		}
		b.WriteString("]")
	}
	list("AllowedTcpServerPorts", func(i int) string { return fmt.Sprint(70000 + i) })
	b.WriteByte(',')
	list("AllowedUdpServerPorts", func(i int) string { return fmt.Sprintf(`"p%d"`, i) })
	b.WriteByte(',')
	list("Uart", func(i int) string { return fmt.Sprintf(`"$ü%d-é"`, i) })
	b.WriteString(sep + "}\n}\n")
	return b.Bytes(), at
}

// refPosition is the position of byte offset off in data, computed directly.
func refPosition(data []byte, off int) (line, col int) {
	prefix := data[:off]
	start := bytes.LastIndexByte(prefix, '\n') + 1
	return bytes.Count(prefix, []byte("\n")) + 1, utf8.RuneCount(prefix[start:]) + 1
}

// checkPositions parses data, checks that it reports one error per entry of at, and
// checks the position of every step-th error against refPosition. It returns the error
// count and the bytes the decoder examined to compute positions.
func checkPositions(t *testing.T, data []byte, at map[string]int, step int) (errs int, scanned int64) {
	t.Helper()
	_, d, err := parse(data)
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("parse error = %v, want a *ValidationError", err)
	}
	if len(verr.Errors) != len(at) {
		t.Fatalf("parse reported %d errors, want %d", len(verr.Errors), len(at))
	}
	for i := 0; i < len(verr.Errors); i += step {
		e := verr.Errors[i]
		off, ok := at[e.Path]
		if !ok {
			t.Fatalf("unexpected error %v", &e)
		}
		line, col := refPosition(data, off)
		if e.Line != line || e.Column != col {
			t.Errorf("%s at line %d, column %d, want line %d, column %d", e.Path, e.Line, e.Column, line, col)
		}
	}
	return len(verr.Errors), d.lines.scanned
}

func TestParseManyErrorPositions(t *testing.T) {
	for _, oneLine := range []bool{false, true} {
		t.Run(fmt.Sprintf("oneLine=%v", oneLine), func(t *testing.T) {
			data, at := manyErrors(40, oneLine)
			checkPositions(t, data, at, 1)
		})
	}
}

// TestParsePositionCost is the regression test for issue 11.7: Parse rescanned the input
// from its start for every error's line and column, so a manifest with thousands of errors
// took seconds. The cost is measured in bytes examined, not in time: it must be linear in the
// input, plus at most a logarithmic amount per error.
func TestParsePositionCost(t *testing.T) {
	n := testsize.Pick(500, 2000, 20000)
	for _, oneLine := range []bool{false, true} {
		t.Run(fmt.Sprintf("oneLine=%v", oneLine), func(t *testing.T) {
			data, at := manyErrors(n, oneLine)
			errs, scanned := checkPositions(t, data, at, 97)
			limit := int64(len(data)) + int64(errs)*int64(bits.Len(uint(len(data))))
			if scanned > limit {
				t.Errorf("computing %d positions in %d bytes examined %d bytes, want at most %d",
					errs, len(data), scanned, limit)
			}
		})
	}
}

// BenchmarkParseManyErrors parses a manifest of about 240 KB with 18,000 errors, one per line.
func BenchmarkParseManyErrors(b *testing.B) {
	data, _ := manyErrors(6000, false)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := Parse(data); err == nil {
			b.Fatal("Parse accepted a manifest full of errors")
		}
	}
}
