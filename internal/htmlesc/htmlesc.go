// Package htmlesc writes strings as html/template escapes them in the
// contexts guidec's native templates print them (HTML text and quoted
// attributes, URL attributes), for the Go functions that stand in for
// built-in templates (publish's layouts, shortcode's callout). Each
// function is html/template's escaper for a plain string, byte for byte;
// the packages that use them compare their output with the template's.
package htmlesc

import "strings"

// Writer is what the escapers write to: a *bytes.Buffer or a
// *strings.Builder.
type Writer interface {
	WriteString(s string) (int, error)
	WriteByte(c byte) error
}

// TextNeedsEscape reports whether Text would change s.
func TextNeedsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0, '"', '&', '\'', '+', '<', '>':
			return true
		}
	}
	return false
}

// hexDigits is the lower-case alphabet of html/template's "%%%02x".
const hexDigits = "0123456789abcdef"

// Text writes s as html/template's htmlEscaper, attrEscaper and
// rcdataEscaper write a plain string (they share one replacement table,
// and no rune outside ASCII is in it, so a byte loop is the same, even on
// invalid UTF-8).
func Text(b Writer, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		b.WriteString(s[written:i])
		b.WriteString(repl)
		written = i + 1
	}
	b.WriteString(s[written:])
}

// URL writes s as a quoted URL attribute value whose action starts
// the value: html/template's urlFilter, urlNormalizer and attrEscaper in
// turn. Of what the normalizer lets through, the attribute escaper
// changes only '&' and '+'.
func URL(b Writer, s string) {
	if !SafeURL(s) {
		b.WriteString("#ZgotmplZ")
		return
	}
	urlBytes(b, s, true)
}

// URLPart writes s as a quoted URL attribute value after its '#' or
// '?': html/template's urlEscaper and attrEscaper, which has nothing left
// to escape.
func URLPart(b Writer, s string) {
	urlBytes(b, s, false)
}

// urlBytes is html/template's processURLOnto (norm: urlNormalizer,
// else urlEscaper) followed by attrEscaper.
func urlBytes(b Writer, s string, norm bool) {
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '&', '+':
			if norm {
				b.WriteString(s[written:i])
				if c == '&' {
					b.WriteString("&amp;")
				} else {
					b.WriteString("&#43;")
				}
				written = i + 1
				continue
			}
		case '!', '#', '$', '*', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && IsHex(s[i+1]) && IsHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
		written = i + 1
	}
	b.WriteString(s[written:])
}

// SafeURL is html/template's test: a URL with a scheme other than http,
// https or mailto is not (EqualFold, as there: "httpſ" is https).
func SafeURL(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/':
			return true
		case ':':
			p := s[:i]
			return strings.EqualFold(p, "http") || strings.EqualFold(p, "https") || strings.EqualFold(p, "mailto")
		}
	}
	return true
}

// IsHex reports whether c is a hexadecimal digit.
func IsHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
