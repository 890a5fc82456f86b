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

// checkBytes reports invalid UTF-8, NUL bytes, the reserved sentinel, the
// replacement character and mojibake,
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
		case r == utf8.RuneError && size == 3:
			report(diag.Diagnostic{File: f, Span: sp, Severity: diag.Warning, Code: "source-replacement-char",
				Message: "U+FFFD (the replacement character) in text: some text was lost when the file was converted",
				Hint:    "restore the character the file held before it was converted"})
		case r >= 0xC2 && r <= 0xF4:
			if n, want := mojibake(c, off); n > 0 {
				sp.End = off + n
				report(diag.Diagnostic{File: f, Span: sp, Severity: diag.Warning, Code: "source-mojibake",
					Message: fmt.Sprintf("'%s' is UTF-8 read as Windows-1252; it reads '%s'", c[off:off+n], want),
					Hint:    "the file was converted with the wrong encoding: write the character it stands for",
					Fix:     &diag.Fix{Message: "decode '" + string(c[off:off+n]) + "'", Edits: []diag.Edit{{Span: sp, NewText: want}}}})
				size = n
			}
		case r == sentinel:
			report(diag.Diagnostic{File: f, Span: sp, Severity: diag.Error, Code: "source-reserved-char",
				Message: "U+FFFC is reserved for shortcode output",
				Hint:    "remove the character; guidec uses it internally to place shortcode HTML",
				Fix:     &diag.Fix{Message: "remove U+FFFC", Edits: []diag.Edit{{Span: sp}}}})
		}
		off += size
	}
	for _, code := range []string{"source-encoding", "source-nul", "source-reserved-char", "source-replacement-char", "source-mojibake"} {
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

// checkControls reports the control characters of the body (C0 other than
// tab, LF and CR; DEL; C1), which show as nothing or as garbage and which a
// reader's copy keeps. NUL is checkBytes's. The front matter is YAML's or
// TOML's to judge (YAML reads U+0085 as a line break).
func checkControls(f *source.File, body source.Span) diag.List {
	var l diag.List
	n := 0
	c := f.Content
	for off := body.Start; off < body.End && off < len(c); {
		r, size := utf8.DecodeRune(c[off:])
		if r != 0 && (r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7F && r <= 0x9F) {
			if n++; n <= maxPerCode {
				sp := source.Span{Start: off, End: off + size}
				l.Add(diag.Diagnostic{File: f, Span: sp, Severity: diag.Error, Code: "source-control-char",
					Message: fmt.Sprintf("control character U+%04X in text", r),
					Hint:    "remove it: it shows as nothing or as garbage, and a reader's copy keeps it",
					Fix:     &diag.Fix{Message: "remove the control character", Edits: []diag.Edit{{Span: sp}}}})
			}
		}
		off += size
	}
	if n > maxPerCode {
		l.Add(diag.Diagnostic{File: f, Span: l[len(l)-1].Span, Severity: diag.Error, Code: "source-control-char",
			Message: fmt.Sprintf("%d more like this not shown", n-maxPerCode)})
	}
	return l
}
