package main

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// parseStringObject decodes a JSON object whose values are all strings, such as the issuing
// service's answer, into a map. It is what encoding/json's Unmarshal into a struct of string
// fields would accept (escapes, \u sequences and surrogate pairs included; a duplicate key
// keeps its last value), in a fraction of the code: encoding/json, with the reflection and
// generic sorting it brings, is over 70 KB of a TinyGo device program whose flash budget is
// 1 MiB. Anything else (nested values, numbers, trailing data) is an error.
func parseStringObject(data []byte) (map[string]string, error) {
	p := &jsonParser{data: data}
	out := map[string]string{}
	p.space()
	if !p.byte('{') {
		return nil, p.errorf("want '{'")
	}
	p.space()
	if p.byte('}') {
		return out, p.end()
	}
	for {
		p.space()
		k, err := p.string()
		if err != nil {
			return nil, err
		}
		p.space()
		if !p.byte(':') {
			return nil, p.errorf("want ':' after key %q", k)
		}
		p.space()
		v, err := p.string()
		if err != nil {
			return nil, fmt.Errorf("value of %q: %w", k, err)
		}
		out[k] = v
		p.space()
		if p.byte('}') {
			return out, p.end()
		}
		if !p.byte(',') {
			return nil, p.errorf("want ',' or '}'")
		}
	}
}

type jsonParser struct {
	data []byte
	pos  int
}

func (p *jsonParser) errorf(format string, args ...any) error {
	return fmt.Errorf("JSON at byte %d: "+format, append([]any{p.pos}, args...)...)
}

func (p *jsonParser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) byte(c byte) bool {
	if p.pos < len(p.data) && p.data[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *jsonParser) end() error {
	p.space()
	if p.pos != len(p.data) {
		return p.errorf("data after the object")
	}
	return nil
}

// string reads a JSON string.
func (p *jsonParser) string() (string, error) {
	if !p.byte('"') {
		return "", p.errorf("want a string")
	}
	var b []byte
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			return string(b), nil
		case c < 0x20:
			return "", p.errorf("control character in a string")
		case c == '\\':
			if p.pos+1 >= len(p.data) {
				return "", p.errorf("unfinished escape")
			}
			p.pos += 2
			switch e := p.data[p.pos-1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, err := p.hex4()
				if err != nil {
					return "", err
				}
				if 0xd800 <= r && r < 0xdc00 && p.pos+6 <= len(p.data) && p.data[p.pos] == '\\' && p.data[p.pos+1] == 'u' {
					p.pos += 2
					lo, err := p.hex4()
					if err != nil {
						return "", err
					}
					if 0xdc00 <= lo && lo < 0xe000 {
						r = 0x10000 + (r-0xd800)<<10 + (lo - 0xdc00)
					} else {
						b = utf8.AppendRune(b, utf8.RuneError)
						r = lo
					}
				}
				if 0xd800 <= r && r < 0xe000 {
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
			default:
				return "", p.errorf("bad escape \\%c", e)
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			p.pos++
		default:
			// Bytes that are not UTF-8 become U+FFFD, as encoding/json makes them.
			r, size := utf8.DecodeRune(p.data[p.pos:])
			b = utf8.AppendRune(b, r)
			p.pos += size
		}
	}
	return "", errors.New("JSON: unfinished string")
}

func (p *jsonParser) hex4() (rune, error) {
	if p.pos+4 > len(p.data) {
		return 0, p.errorf("short \\u escape")
	}
	v, err := strconv.ParseUint(string(p.data[p.pos:p.pos+4]), 16, 32)
	if err != nil {
		return 0, p.errorf("bad \\u escape")
	}
	p.pos += 4
	return rune(v), nil
}
