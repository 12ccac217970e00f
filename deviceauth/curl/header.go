package curl

import "strings"

// Header holds HTTP header fields, keyed by canonical name ("Content-Type"), like
// net/http's Header (which this package does not import: it must build where net/http
// does not, with TinyGo).
type Header map[string][]string

// Get returns the first value of key, or "".
func (h Header) Get(key string) string {
	if v := h[canonicalKey(key)]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Values returns all values of key.
func (h Header) Values(key string) []string { return h[canonicalKey(key)] }

// Add adds value to key.
func (h Header) Add(key, value string) {
	k := canonicalKey(key)
	h[k] = append(h[k], value)
}

// Set replaces the values of key with value.
func (h Header) Set(key, value string) { h[canonicalKey(key)] = []string{value} }

// Del removes key.
func (h Header) Del(key string) { delete(h, canonicalKey(key)) }

// canonicalKey returns key with its first letter and every letter after a hyphen in upper
// case and the others in lower case; a key that is not a valid field name is returned as
// it is.
func canonicalKey(key string) string {
	if !validFieldName(key) {
		return key
	}
	b := []byte(key)
	upper := true
	for i, c := range b {
		switch {
		case upper && 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		case !upper && 'A' <= c && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
		upper = c == '-'
	}
	return string(b)
}

// validFieldName reports whether s is an HTTP token (RFC 9110, section 5.6.2).
func validFieldName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			continue
		}
		if !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}

// validFieldValue reports whether s can be sent as a field value: no CR, LF or NUL.
func validFieldValue(s string) bool { return !strings.ContainsAny(s, "\r\n\x00") }

// parseHeader parses the raw header block of a response (status line first, CRLF or LF line
// ends) into its protocol, status text and fields. Folded continuation lines are joined to
// the field before them with a space.
func parseHeader(raw string) (proto, status string, h Header) {
	h = Header{}
	lines := strings.Split(strings.ReplaceAll(raw, "\r\n", "\n"), "\n")
	if len(lines) > 0 {
		proto, status, _ = strings.Cut(strings.TrimSpace(lines[0]), " ")
		lines = lines[1:]
	}
	last := ""
	for _, l := range lines {
		if l == "" {
			continue
		}
		if (l[0] == ' ' || l[0] == '\t') && last != "" {
			v := h[last]
			v[len(v)-1] += " " + strings.TrimSpace(l)
			continue
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		last = canonicalKey(strings.TrimSpace(k))
		h[last] = append(h[last], strings.TrimSpace(v))
	}
	return proto, status, h
}
