package publish

import (
	"bytes"
	"strings"
)

// The escapers of the native layouts (native.go): html/template's, for
// the plain strings the layouts print, appended to a buffer instead of
// returned, so that a page costs no string per value.

// hexDigits is the lower-case alphabet of html/template's "%%%02x".
const hexDigits = "0123456789abcdef"

// writeText writes s as html/template's htmlEscaper, attrEscaper and
// rcdataEscaper write a plain string (they share one replacement table,
// and no rune outside ASCII is in it, so a byte loop is the same, even on
// invalid UTF-8).
func writeText(b *bytes.Buffer, s string) {
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

// writeURL writes s as a quoted URL attribute value whose action starts
// the value: html/template's urlFilter, urlNormalizer and attrEscaper in
// turn. Of what the normalizer lets through, the attribute escaper
// changes only '&' and '+'.
func writeURL(b *bytes.Buffer, s string) {
	if !isSafeURL(s) {
		b.WriteString("#ZgotmplZ")
		return
	}
	writeURLBytes(b, s, true)
}

// writeURLPart writes s as a quoted URL attribute value after its '#' or
// '?': html/template's urlEscaper and attrEscaper, which has nothing left
// to escape.
func writeURLPart(b *bytes.Buffer, s string) {
	writeURLBytes(b, s, false)
}

// writeURLBytes is html/template's processURLOnto (norm: urlNormalizer,
// else urlEscaper) followed by attrEscaper.
func writeURLBytes(b *bytes.Buffer, s string, norm bool) {
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
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
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

// isSafeURL is html/template's: a URL with a scheme other than http,
// https or mailto is not (EqualFold, as there: "httpſ" is https).
func isSafeURL(s string) bool {
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

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
