package guide

import (
	"fmt"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// bom is the UTF-8 byte order mark, which Load skips.
const bom = "\uFEFF"

// sentinel is the rune package shortcode reserves (shortcode.Sentinel);
// spelled here because package guide sits below package shortcode.
const sentinel = '\uFFFC'

// maxPerCode caps how many byte-level diagnostics of one code are reported
// for one file: a binary file must not produce a million of them.
const maxPerCode = 20

// checkBytes reports invalid UTF-8, NUL bytes and the reserved sentinel,
// each at its exact byte (at most maxPerCode of each, then a count).
func checkBytes(f *source.File) diag.List {
	var l diag.List
	counts := map[string]int{}
	last := map[string]source.Span{}
	report := func(d diag.Diagnostic) {
		counts[d.Code]++
		if counts[d.Code] <= maxPerCode {
			l.Add(d)
			last[d.Code] = d.Span
		}
	}
	c := f.Content
	for off := 0; off < len(c); {
		r, size := utf8.DecodeRune(c[off:])
		sp := source.Span{Start: off, End: off + size}
		switch {
		case r == utf8.RuneError && size == 1:
			report(diag.Diagnostic{File: f, Span: sp, Severity: diag.Error, Code: "source-encoding",
				Message: "invalid UTF-8 byte 0x" + hex2(c[off]), Hint: "save the file as UTF-8"})
		case r == 0:
			report(diag.Diagnostic{File: f, Span: sp, Severity: diag.Error, Code: "source-nul",
				Message: "NUL byte in text", Hint: "remove it; guides are text files"})
		case r == sentinel:
			report(diag.Diagnostic{File: f, Span: sp, Severity: diag.Error, Code: "source-reserved-char",
				Message: "U+FFFC is reserved for shortcode output",
				Hint:    "remove the character; guidec uses it internally to place shortcode HTML",
				Fix:     &diag.Fix{Message: "remove U+FFFC", Edits: []diag.Edit{{Span: sp}}}})
		}
		off += size
	}
	for _, code := range []string{"source-encoding", "source-nul", "source-reserved-char"} {
		if n := counts[code]; n > maxPerCode {
			l.Add(diag.Diagnostic{File: f, Span: last[code], Severity: diag.Error, Code: code,
				Message: fmt.Sprintf("%d more like this not shown", n-maxPerCode)})
		}
	}
	return l
}

func hex2(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}
