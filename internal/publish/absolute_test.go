package publish

import (
	"net/url"
	"strings"
	"testing"
)

// parsedAbsolute is isAbsolute as it was, with a parse of every string.
func parsedAbsolute(s string) bool {
	if strings.HasPrefix(s, "//") {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme != ""
}

var absoluteCases = []string{
	"", "/", "//cdn.example.com/x.js", "css/site.css", "/css/site.css", "#top", "?q=1",
	"https://example.com/", "HTTP://EXAMPLE.COM", "mailto:a@example.com", "a:b", ":nope",
	"1http://x", "h1+t-p.s://x", "c:\\dir\\file", "./a:b", "a b:c", "x%zz:y", "http://[::1]:namedport",
	"https://example.com/\x7f", "http://a b.com/", "tel:+1-555", "a#b:c", "a?b:c", "é:x", "data:,x",
}

// TestIsAbsoluteAsParse compares isAbsolute with the parse it skips where
// no scheme can start.
func TestIsAbsoluteAsParse(t *testing.T) {
	for _, s := range absoluteCases {
		if got, want := isAbsolute(s), parsedAbsolute(s); got != want {
			t.Errorf("isAbsolute(%q) = %v, url.Parse says %v", s, got, want)
		}
	}
}

// FuzzIsAbsolute compares isAbsolute with the parse on any string.
func FuzzIsAbsolute(f *testing.F) {
	for _, s := range absoluteCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isAbsolute(s), parsedAbsolute(s); got != want {
			t.Errorf("isAbsolute(%q) = %v, url.Parse says %v", s, got, want)
		}
	})
}
