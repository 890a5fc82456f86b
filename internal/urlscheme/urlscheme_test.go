package urlscheme

import (
	"net/url"
	"testing"
)

var cases = []string{
	"", "/", "//cdn.example.com/x.js", "css/site.css", "#top", "?q=1", "https://example.com/",
	"HTTP://EXAMPLE.COM", "mailto:a@example.com", "a:b", ":nope", "1http://x", "h1+t-p.s://x",
	"c:\\dir", "./a:b", "a b:c", "x%zz:y", "http://[::1]:namedport", "https://e.com/\x7f",
	"tel:+1-555", "a#b:c", "a?b:c", "é:x", "data:,x", "insecure_secret", "openid profile",
}

// agrees fails when Starts(s) is false and url.Parse finds a scheme in s.
func agrees(t *testing.T, s string) {
	if u, err := url.Parse(s); err == nil && u.Scheme != "" && !Starts(s) {
		t.Errorf("Starts(%q) = false, url.Parse finds the scheme %q", s, u.Scheme)
	}
}

// TestStartsAsParse: where Starts says no scheme, url.Parse finds none.
func TestStartsAsParse(t *testing.T) {
	for _, s := range cases {
		agrees(t, s)
	}
	for s, want := range map[string]bool{"https://x": true, "a:b": true, "/x:y": false, "1a:b": false, ":x": false, "": false} {
		if got := Starts(s); got != want {
			t.Errorf("Starts(%q) = %v, want %v", s, got, want)
		}
	}
}

// FuzzStarts compares Starts with url.Parse on any string.
func FuzzStarts(f *testing.F) {
	for _, s := range cases {
		f.Add(s)
	}
	f.Fuzz(agrees)
}
