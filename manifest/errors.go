package manifest

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Rule names the rule a [FieldError] reports as broken. Its values are stable and meant for
// programs (tests, tools); [FieldError.Msg] carries the human-readable detail.
type Rule string

// The rules a manifest can break.
const (
	// RuleType: the JSON value has the wrong type: a string where a number belongs, a null,
	// a fractional number where an integer belongs.
	RuleType Rule = "type"
	// RuleUnknownKey: the object holds a key the manifest schema does not define. Keys are
	// case-sensitive, so "name" is unknown at the top level.
	RuleUnknownKey Rule = "unknown key"
	// RuleDuplicateKey: the object holds the same key twice.
	RuleDuplicateKey Rule = "duplicate key"
	// RuleRequired: a required field is missing or empty.
	RuleRequired Rule = "required"
	// RuleValue: the value is not one of those allowed (SchemaVersion 1, an ApplicationType,
	// a PowerControls value, a positive MallocVersion).
	RuleValue Rule = "value"
	// RuleGUID: the value must be a GUID in 8-4-4-4-12 hexadecimal form.
	RuleGUID Rule = "guid"
	// RuleRange: the number lies outside its allowed range (ports, SizeKB, GPIO numbers).
	RuleRange Rule = "range"
	// RuleHost: an AllowedConnections entry is neither a host name nor an IPv4 address.
	RuleHost Rule = "host"
	// RuleEmpty: a list or string that is present must not be empty.
	RuleEmpty Rule = "empty"
	// RuleDuplicate: a list holds the same value twice where that is not allowed.
	RuleDuplicate Rule = "duplicate"
	// RuleFormat: a peripheral entry is malformed (for example "$" with no name after it, or
	// a Gpio string that does not start with "$").
	RuleFormat Rule = "format"
)

// FieldError is one problem with one field of a manifest.
type FieldError struct {
	// Path names the field by its JSON keys, spelt as in app_manifest.json (not as the Go
	// fields are: the JSON key of [Capabilities.AllowedTCPServerPorts] is
	// "AllowedTcpServerPorts"), joined with dots, with list indexes in brackets:
	// "ComponentId", "Capabilities.AllowedTcpServerPorts[2]",
	// "Capabilities.MutableStorage.SizeKB".
	Path string
	// Rule is the rule the field breaks.
	Rule Rule
	// Msg says in words what is wrong.
	Msg string
	// Line and Column locate the field's value (for a missing field, the object that lacks
	// it) in the parsed input. Both are 1-based; Column counts characters. They are zero
	// when the error did not come from parsing, as from [Manifest.Validate] on a manifest
	// built in Go.
	Line, Column int
}

// Error formats the problem as "path: message", followed by the position when known.
func (e *FieldError) Error() string {
	s := e.Path + ": " + e.Msg
	if e.Line > 0 {
		s += fmt.Sprintf(" (line %d, column %d)", e.Line, e.Column)
	}
	return s
}

// ValidationError lists every problem found in a manifest. [Parse], [ParseFile], [ParseFS]
// and [Manifest.Validate] return it; use [errors.As] to get at it, or at the first
// [*FieldError].
type ValidationError struct {
	// Errors holds the problems: from [Parse] in the order of their positions in the input,
	// from [Manifest.Validate] in the order of the manifest's fields.
	Errors []FieldError
}

// Error reports the problems, one per line when there are several.
func (e *ValidationError) Error() string {
	switch len(e.Errors) {
	case 0:
		return "manifest: invalid"
	case 1:
		return "manifest: " + e.Errors[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "manifest: %d problems:", len(e.Errors))
	for i := range e.Errors {
		b.WriteString("\n\t")
		b.WriteString(e.Errors[i].Error())
	}
	return b.String()
}

// Unwrap returns each problem as a [*FieldError], so errors.As(err, &fieldErr) finds the
// first.
func (e *ValidationError) Unwrap() []error {
	errs := make([]error, len(e.Errors))
	for i := range e.Errors {
		errs[i] = &e.Errors[i]
	}
	return errs
}

// SyntaxError reports input that is not a single well-formed JSON object.
type SyntaxError struct {
	// Offset is the byte offset in the input where the problem was found.
	Offset int64
	// Line and Column locate Offset; both are 1-based and Column counts characters. A byte
	// order mark is not counted in Column.
	Line, Column int
	// Msg describes the problem.
	Msg string
}

// Error formats the problem with its position.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("manifest: syntax error at line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// positioner converts byte offsets in data to 1-based lines and character columns. It
// remembers its last answer and continues from there, so that offsets asked in increasing
// order cost, all together, one pass over data; an earlier offset starts again from the
// beginning.
type positioner struct {
	data      []byte
	off       int64 // offset of the last answer
	line, col int   // position of off; zero before the first answer
	scanned   int64 // bytes examined so far, for the tests
}

// at returns the line and column of offset off in data.
func (p *positioner) at(off int64) (line, col int) {
	off = min(max(off, 0), int64(len(p.data)))
	if p.line == 0 || off < p.off {
		p.off, p.line, p.col = 0, 1, 1
	}
	seg := p.data[p.off:off]
	p.scanned += int64(len(seg))
	if nl := bytes.LastIndexByte(seg, '\n'); nl >= 0 {
		p.line += bytes.Count(seg, []byte{'\n'})
		p.col = 1 + utf8.RuneCount(seg[nl+1:])
	} else {
		p.col += utf8.RuneCount(seg)
	}
	p.off = off
	return p.line, p.col
}
