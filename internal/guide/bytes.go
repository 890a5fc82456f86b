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

// byteCodes are the codes of the byte findings, in the order their
// "more like this" diagnostics are added.
var byteCodes = [...]string{"source-encoding", "source-nul", "source-reserved-char", "source-replacement-char", "source-mojibake"}

// Indexes into byteCodes.
const (
	codeEncoding = iota
	codeNUL
	codeReserved
	codeReplacement
	codeMojibake
)

// byteScan is one pass over a file's bytes that finds what checkBytes and
// checkControls report (see scanBytes).
type byteScan struct {
	f      *source.File
	body   int       // where control characters start to count
	bytes  diag.List // invalid UTF-8, NUL, U+FFFC, U+FFFD, mojibake
	counts [len(byteCodes)]int
	last   [len(byteCodes)]source.Span
	ctl    diag.List // control characters of the body
	nctl   int
}

// scanBytes reports, in one pass over f's content, the byte findings
// (invalid UTF-8, NUL bytes, the reserved sentinel, the replacement
// character and mojibake, each at its exact byte, at most maxPerCode of
// each, then a count) and the control characters of the body (C0 other
// than tab, LF and CR; DEL; C1), which show as nothing or as garbage and
// which a reader's copy keeps. NUL is a byte finding only. The front
// matter's control characters are YAML's or TOML's to judge (YAML reads
// U+0085 as a line break). Runs of printable ASCII, the bulk of a guide,
// are skipped a word at a time.
func scanBytes(f *source.File, body source.Span) (bytes, controls diag.List) {
	s := &byteScan{f: f, body: body.Start}
	c := f.Content
	for off := 0; off < len(c); {
		off = source.SkipPrintable(c, off)
		if off == len(c) {
			break
		}
		if b := c[off]; b == '\n' || b == '\t' || b == '\r' {
			off++
			continue
		}
		off = s.rune(off)
	}
	return s.finish()
}

// rune judges the rune at off and returns the offset after it (after the
// whole sequence, for mojibake).
func (s *byteScan) rune(off int) int {
	c := s.f.Content
	r, size := utf8.DecodeRune(c[off:])
	s.control(off, r, size)
	sp := source.Span{Start: off, End: off + size}
	switch {
	case r == utf8.RuneError && size == 1:
		s.report(codeEncoding, diag.Diagnostic{Span: sp, Severity: diag.Error,
			Message: "invalid UTF-8 byte 0x" + hex2(c[off]), Hint: "save the file as UTF-8"})
	case r == 0:
		s.report(codeNUL, diag.Diagnostic{Span: sp, Severity: diag.Error,
			Message: "NUL byte in text", Hint: "remove it; guides are text files"})
	case r == utf8.RuneError && size == 3:
		s.report(codeReplacement, diag.Diagnostic{Span: sp, Severity: diag.Warning,
			Message: "U+FFFD (the replacement character) in text: some text was lost when the file was converted",
			Hint:    "restore the character the file held before it was converted"})
	case r >= 0xC2 && r <= 0xF4:
		if n, want := mojibake(c, off); n > 0 {
			sp.End = off + n
			s.report(codeMojibake, diag.Diagnostic{Span: sp, Severity: diag.Warning,
				Message: fmt.Sprintf("'%s' is UTF-8 read as Windows-1252; it reads '%s'", c[off:off+n], want),
				Hint:    "the file was converted with the wrong encoding: write the character it stands for",
				Fix:     &diag.Fix{Message: "decode '" + string(c[off:off+n]) + "'", Edits: []diag.Edit{{Span: sp, NewText: want}}}})
			for i := off + size; i < off+n; {
				r, size := utf8.DecodeRune(c[i:])
				s.control(i, r, size) // the sequence may hold C1 controls
				i += size
			}
			return off + n
		}
	case r == sentinel:
		s.report(codeReserved, diag.Diagnostic{Span: sp, Severity: diag.Error,
			Message: "U+FFFC is reserved for shortcode output",
			Hint:    "remove the character; guidec uses it internally to place shortcode HTML",
			Fix:     &diag.Fix{Message: "remove U+FFFC", Edits: []diag.Edit{{Span: sp}}}})
	}
	return off + size
}

// report adds a byte finding of byteCodes[code], up to maxPerCode of them.
func (s *byteScan) report(code int, d diag.Diagnostic) {
	s.counts[code]++
	if s.counts[code] <= maxPerCode {
		d.File, d.Code = s.f, byteCodes[code]
		s.bytes.Add(d)
		s.last[code] = d.Span
	}
}

// control reports the rune r of size bytes at off when it is a control
// character of the body.
func (s *byteScan) control(off int, r rune, size int) {
	if off < s.body || r == 0 || !(r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7F && r <= 0x9F) {
		return
	}
	if s.nctl++; s.nctl <= maxPerCode {
		sp := source.Span{Start: off, End: off + size}
		s.ctl.Add(diag.Diagnostic{File: s.f, Span: sp, Severity: diag.Error, Code: "source-control-char",
			Message: fmt.Sprintf("control character U+%04X in text", r),
			Hint:    "remove it: it shows as nothing or as garbage, and a reader's copy keeps it",
			Fix:     &diag.Fix{Message: "remove the control character", Edits: []diag.Edit{{Span: sp}}}})
	}
}

// finish adds the counts of what was not shown.
func (s *byteScan) finish() (bytes, controls diag.List) {
	for code, n := range s.counts {
		if n > maxPerCode {
			s.bytes.Add(diag.Diagnostic{File: s.f, Span: s.last[code], Severity: diag.Error, Code: byteCodes[code],
				Message: fmt.Sprintf("%d more like this not shown", n-maxPerCode)})
		}
	}
	if s.nctl > maxPerCode {
		s.ctl.Add(diag.Diagnostic{File: s.f, Span: s.ctl[len(s.ctl)-1].Span, Severity: diag.Error, Code: "source-control-char",
			Message: fmt.Sprintf("%d more like this not shown", s.nctl-maxPerCode)})
	}
	return s.bytes, s.ctl
}

func hex2(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}
