package html

import (
	"bytes"
	"testing"
)

// upstreamHasPrefix is hasPrefix as goldmark v1.8.7 wrote it: the oracle.
func upstreamHasPrefix(s, prefix []byte) bool {
	return len(s) >= len(prefix) && bytes.Equal(bytes.ToLower(s[0:len(prefix)]), bytes.ToLower(prefix))
}

var dangerPrefixes = [][]byte{bDataImage, bPng, bGif, bJpeg, bWebp, bJs, bVb, bFile, bData}

// TestHasPrefixAsUpstream compares the fork's allocation-free hasPrefix
// with upstream's on URLs that vary case, length and non-ASCII bytes
// (the Kelvin sign and dotted capital I lower to ASCII letters).
func TestHasPrefixAsUpstream(t *testing.T) {
	urls := []string{
		"", "j", "javascript:alert(1)", "JavaScript:x", "JAVASCRIPT:", "javascrİpt:", "javascript", "vbscript:x",
		"VBScript:", "file:///etc", "FILE:", "data:text/html", "DATA:", "data:image/png;base64,xx", "Data:Image/PNG;x",
		"data:image/webp;", "data:image/svg+xml;", "https://example.com", "mailto:a@b", "\u212aavascript:", "ﬁle:",
		"jav\x00script:", "data:image/jpeg;", "data:image/gif;", "data:imagE/GIF;",
	}
	for _, u := range urls {
		for _, p := range dangerPrefixes {
			if got, want := hasPrefix([]byte(u), p), upstreamHasPrefix([]byte(u), p); got != want {
				t.Errorf("hasPrefix(%q, %q) = %v, upstream %v", u, p, got, want)
			}
		}
	}
}

// FuzzHasPrefix checks the fork against upstream on any URL.
func FuzzHasPrefix(f *testing.F) {
	f.Add("JavaScript:alert(1)")
	f.Add("data:image/PNG;base64")
	f.Fuzz(func(t *testing.T, u string) {
		for _, p := range dangerPrefixes {
			if got, want := hasPrefix([]byte(u), p), upstreamHasPrefix([]byte(u), p); got != want {
				t.Fatalf("hasPrefix(%q, %q) = %v, upstream %v", u, p, got, want)
			}
		}
	})
}
