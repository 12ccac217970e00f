// Package guid checks the GUID form Azure Sphere uses for component, tenant and catalog IDs.
// It is a leaf package so that device builds can use it without linking the manifest parser.
package guid

// Valid reports whether s has the 8-4-4-4-12 hexadecimal form
// xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, in either letter case, without braces.
func Valid(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}
