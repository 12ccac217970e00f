package manifest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// The decoder reads a manifest token by token, so that it can insist on exact key names,
// report unknown and duplicate keys, keep going after a value of the wrong type, and record
// where each field's value starts. Syntax is checked up front with encoding/json, whose
// SyntaxError offsets are exact; after that the token stream cannot fail except on a bug.

// bom is the UTF-8 byte order mark some editors put at the start of JSON files.
var bom = []byte("\xef\xbb\xbf")

type decoder struct {
	base int64  // length of the byte order mark before data, if any
	data []byte // the JSON text; positions count from its start
	dec  *json.Decoder
	errs []FieldError
	offs []int64          // offset in data of each entry of errs
	pos  map[string]int64 // offset in data of each decoded value, by path
	// lines turns offsets into positions; err asks it in increasing offset order.
	lines positioner
}

// abort carries a syntax error out of the recursive descent.
type abort struct{ err *SyntaxError }

// newDecoder checks that data is well-formed JSON and prepares to decode it.
func newDecoder(src []byte) (*decoder, error) {
	d := &decoder{data: src, pos: map[string]int64{}}
	if bytes.HasPrefix(src, bom) {
		d.base = int64(len(bom))
		d.data = src[len(bom):]
	}
	d.lines.data = d.data
	if err := json.Unmarshal(d.data, new(json.RawMessage)); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off := se.Offset - 1 // Offset counts the offending byte
			if off < 0 {
				off = 0
			}
			return nil, d.syntaxError(off, se.Error())
		}
		return nil, d.syntaxError(0, err.Error())
	}
	d.dec = json.NewDecoder(bytes.NewReader(d.data))
	d.dec.UseNumber()
	return d, nil
}

// decodeInto decodes data with fn and returns the first problem, for UnmarshalJSON methods.
func decodeInto(data []byte, fn func(*decoder)) error {
	d, err := newDecoder(data)
	if err != nil {
		return err
	}
	if err := d.run(fn); err != nil {
		return err
	}
	return d.err()
}

func (d *decoder) syntaxError(off int64, msg string) *SyntaxError {
	line, col := d.lines.at(off)
	return &SyntaxError{Offset: off + d.base, Line: line, Column: col, Msg: msg}
}

// run decodes one top-level value with fn and checks nothing follows it. It returns only
// syntax errors; field errors accumulate in d.errs.
func (d *decoder) run(fn func(*decoder)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			a, ok := r.(abort)
			if !ok {
				panic(r)
			}
			err = a.err
		}
	}()
	fn(d)
	if off := d.start(); off < int64(len(d.data)) {
		panic(abort{d.syntaxError(off, "unexpected data after the top-level value")})
	}
	return nil
}

// err returns the collected field errors as a *ValidationError, in the order of their
// positions in the input, or nil.
func (d *decoder) err() error {
	if len(d.errs) == 0 {
		return nil
	}
	idx := make([]int, len(d.errs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(d.offs[a], d.offs[b]) })
	errs := make([]FieldError, len(d.errs))
	for i, j := range idx {
		errs[i] = d.errs[j]
		errs[i].Line, errs[i].Column = d.lines.at(d.offs[j])
	}
	return &ValidationError{Errors: errs}
}

// merge adds the errors Validate found, positioned at the values they concern. An error
// for a path the decoder already reported is dropped: the decoder's report (wrong type,
// missing key) is the precise one.
func (d *decoder) merge(errs []FieldError) {
	seen := make(map[string]bool, len(d.errs))
	for _, e := range d.errs {
		seen[e.Path] = true
	}
	for _, e := range errs {
		if seen[e.Path] {
			continue
		}
		off, ok := d.pos[e.Path]
		if !ok {
			off = d.parentOffset(e.Path)
		}
		d.errs = append(d.errs, e)
		d.offs = append(d.offs, off)
	}
}

// parentOffset returns the offset of the closest recorded ancestor of path.
func (d *decoder) parentOffset(path string) int64 {
	for {
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			return 0
		}
		path = path[:i]
		if off, ok := d.pos[path]; ok {
			return off
		}
	}
}

func (d *decoder) add(off int64, path string, rule Rule, format string, args ...any) {
	d.errs = append(d.errs, FieldError{Path: path, Rule: rule, Msg: fmt.Sprintf(format, args...)})
	d.offs = append(d.offs, off)
}

// start returns the offset of the next token: InputOffset is the end of the previous one,
// and separators and white space may follow it.
func (d *decoder) start() int64 {
	off := d.dec.InputOffset()
	for off < int64(len(d.data)) {
		switch d.data[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
			continue
		}
		break
	}
	return off
}

// token reads the next token and the offset where it starts.
func (d *decoder) token() (json.Token, int64) {
	off := d.start()
	tok, err := d.dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		panic(abort{d.syntaxError(off, err.Error())})
	}
	return tok, off
}

// value reads the first token of the value at path and records where it starts.
func (d *decoder) value(path string) (json.Token, int64) {
	tok, off := d.token()
	d.pos[path] = off
	return tok, off
}

// skip consumes the rest of a value whose first token is tok.
func (d *decoder) skip(tok json.Token) {
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return
	}
	for depth := 1; depth > 0; {
		t, _ := d.token()
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}

// kind names the JSON type of a value from its first token.
func kind(tok json.Token) string {
	switch t := tok.(type) {
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	case json.Delim:
		if t == '{' {
			return "an object"
		}
		return "an array"
	}
	return fmt.Sprintf("%T", tok)
}

// wrongType reports a value of the wrong type and skips it.
func (d *decoder) wrongType(path string, off int64, want string, tok json.Token) {
	d.add(off, path, RuleType, "must be %s, not %s", want, kind(tok))
	d.skip(tok)
}

// object decodes an object at path whose keys are keys. field decodes the value of a known
// key; the value's first token has not been read when it is called. Unknown and duplicate
// keys are reported and their values skipped, and so are required keys missing from the
// object. object returns false if the value was not an object.
func (d *decoder) object(path string, keys, required []string, field func(key, keyPath string)) bool {
	tok, off := d.value(path)
	if tok != json.Delim('{') {
		if path == "" {
			panic(abort{d.syntaxError(off, "a manifest must be a JSON object, not "+kind(tok))})
		}
		d.wrongType(path, off, "an object", tok)
		return false
	}
	seen := map[string]bool{}
	for d.dec.More() {
		t, keyOff := d.token()
		key := t.(string) // the syntax check guarantees a string key
		keyPath := join(path, key)
		switch {
		case seen[key]:
			d.add(keyOff, keyPath, RuleDuplicateKey, "duplicate key %q", key)
			t, _ := d.token()
			d.skip(t)
		case !slices.Contains(keys, key):
			d.add(keyOff, keyPath, RuleUnknownKey, "unknown key %q%s", key, hint(key, keys))
			t, _ := d.token()
			d.skip(t)
		default:
			field(key, keyPath)
		}
		seen[key] = true
	}
	d.token() // '}'
	for _, k := range required {
		if !seen[k] {
			d.add(off, join(path, k), RuleRequired, "required key %q is missing", k)
		}
	}
	return true
}

// hint suggests the known key that differs from key only in letter case.
func hint(key string, keys []string) string {
	for _, k := range keys {
		if strings.EqualFold(k, key) {
			return fmt.Sprintf(" (keys are case-sensitive: did you mean %q?)", k)
		}
	}
	return ""
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// array decodes an array at path, calling elem for each element with its path. It returns
// false if the value was not an array.
func (d *decoder) array(path string, elem func(elemPath string)) bool {
	tok, off := d.value(path)
	if tok != json.Delim('[') {
		d.wrongType(path, off, "an array", tok)
		return false
	}
	for i := 0; d.dec.More(); i++ {
		elem(fmt.Sprintf("%s[%d]", path, i))
	}
	d.token() // ']'
	return true
}

func (d *decoder) str(path string) string {
	tok, off := d.value(path)
	s, ok := tok.(string)
	if !ok {
		d.wrongType(path, off, "a string", tok)
	}
	return s
}

func (d *decoder) boolean(path string) bool {
	tok, off := d.value(path)
	b, ok := tok.(bool)
	if !ok {
		d.wrongType(path, off, "a boolean", tok)
	}
	return b
}

func (d *decoder) integer(path string) int {
	tok, off := d.value(path)
	n, ok := tok.(json.Number)
	if !ok {
		d.wrongType(path, off, "an integer", tok)
		return 0
	}
	i, err := strconv.Atoi(string(n))
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			d.add(off, path, RuleRange, "integer %s is out of range", n)
		} else {
			d.add(off, path, RuleType, "must be an integer, not %s", n)
		}
		return 0
	}
	return i
}

func (d *decoder) strings(path string) []string {
	list := []string{}
	d.array(path, func(p string) { list = append(list, d.str(p)) })
	return list
}

func (d *decoder) integers(path string) []int {
	list := []int{}
	d.array(path, func(p string) { list = append(list, d.integer(p)) })
	return list
}

func (d *decoder) gpio(path string) GPIO {
	tok, off := d.value(path)
	switch t := tok.(type) {
	case string:
		if t == "" {
			d.add(off, path, RuleEmpty, `must be a GPIO number or a "$NAME" string, not ""`)
		}
		return GPIO{Name: t}
	case json.Number:
		n, err := strconv.Atoi(string(t))
		if err != nil {
			d.add(off, path, RuleType, "must be an integer GPIO number, not %s", t)
		}
		return GPIO{Number: n}
	}
	d.wrongType(path, off, `a GPIO number or a "$NAME" string`, tok)
	return GPIO{}
}

func (d *decoder) gpios(path string) []GPIO {
	list := []GPIO{}
	d.array(path, func(p string) { list = append(list, d.gpio(p)) })
	return list
}

// Top-level keys, in the order Marshal writes them.
var manifestKeys = []string{
	"SchemaVersion", "Name", "ComponentId", "EntryPoint", "CmdArgs", "Capabilities",
	"ApplicationType", "MallocVersion",
}

func (d *decoder) manifest(m *Manifest) {
	d.object("", manifestKeys, manifestKeys[:6], func(key, p string) {
		switch key {
		case "SchemaVersion":
			m.SchemaVersion = d.integer(p)
		case "Name":
			m.Name = d.str(p)
		case "ComponentId":
			m.ComponentID = d.str(p)
		case "EntryPoint":
			m.EntryPoint = d.str(p)
		case "CmdArgs":
			m.CmdArgs = d.strings(p)
		case "Capabilities":
			d.capabilities(p, &m.Capabilities)
		case "ApplicationType":
			m.ApplicationType = d.nonEmptyStr(p)
		case "MallocVersion":
			m.MallocVersion = d.integer(p)
			if m.MallocVersion == 0 && d.lastOK(p) {
				d.add(d.pos[p], p, RuleValue, "must be a positive integer, not 0")
			}
		}
	})
}

// lastOK reports whether no error has been recorded for path.
func (d *decoder) lastOK(path string) bool {
	return len(d.errs) == 0 || d.errs[len(d.errs)-1].Path != path
}

// nonEmptyStr decodes an optional string whose empty value would read as absent.
func (d *decoder) nonEmptyStr(path string) string {
	s := d.str(path)
	if s == "" && d.lastOK(path) {
		d.add(d.pos[path], path, RuleEmpty, "must not be empty; leave the key out instead")
	}
	return s
}

func (d *decoder) capabilities(path string, c *Capabilities) {
	d.object(path, capabilityKeys, nil, func(key, p string) {
		capabilityByName[Capability(key)].decode(d, p, c)
	})
}

var mutableStorageKeys = []string{"SizeKB"}

func (d *decoder) mutableStorage(path string, s *MutableStorage) bool {
	return d.object(path, mutableStorageKeys, mutableStorageKeys, func(_, p string) {
		s.SizeKB = d.integer(p)
	})
}
