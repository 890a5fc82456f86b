// Package urlscheme tells whether a string starts with a URL scheme, as
// net/url reads one, without parsing it: most of the strings guidec asks
// about (a guide's values, the relative links of a layout) have none, and
// a parse allocated a URL for each.
package urlscheme

// Starts reports whether s starts with a scheme and its colon as url.Parse
// reads them (its getScheme): a letter, then letters, digits, '+', '-' or
// '.', then ':'. Where it is false, url.Parse gives no scheme or an error.
func Starts(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.':
			if i == 0 {
				return false
			}
		case c == ':':
			return i > 0
		default:
			return false
		}
	}
	return false
}
