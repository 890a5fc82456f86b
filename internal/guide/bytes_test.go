package guide

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// TestScanBytes compares scanBytes with the two rune-by-rune passes it
// replaced (refCheckBytes, refCheckControls) on hand-made, random and
// corpus inputs, with the body starting at every line.
func TestScanBytes(t *testing.T) {
	inputs := []string{
		"", "a", "plain ascii text\n", "tab\there\r\nCR\rend", "\x00", "a\x00b\x7fc\x01\x1f",
		"\u0085 NEL \u009f C1 \u0080", "\uFFFC\uFFFD", "bad \xff \xc3 \xe2\x82", "â€™ and Ã© and Ã\u0081",
		"\xef\xbb\xbf---\ntitle: x\n---\n\x01 body \u0090\n", "â€\u009d quote", "ðŸ˜€ four bytes",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", " ", "\n", "\t", "\r", "\x00", "\x01", "\x7f", "\u0085", "\u0090", "é", "â", "€", "™", "\xff", "\xc3", "\uFFFC", "\uFFFD", "ðŸ", "Ã", "\u0081", "¢", "\u009d"}
	for range 3000 {
		b := []byte{}
		for range rng.IntN(60) {
			if rng.IntN(3) == 0 {
				b = append(b, "0123456789abcdef"[:rng.IntN(16)]...)
			} else {
				b = append(b, alphabet[rng.IntN(len(alphabet))]...)
			}
		}
		inputs = append(inputs, string(b))
	}
	for i := range 45 {
		inputs = append(inputs, string(make([]byte, i))+"x") // more than maxPerCode NULs
	}
	if dir := testenv.CorpusIfPresent(t); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "*", IndexFile))
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, string(b))
		}
	}
	for i, in := range inputs {
		f := source.NewFile("x.md", []byte(in))
		starts := []int{0, len(in)}
		for off := range len(in) {
			if in[off] == '\n' || in[off] == '\r' {
				starts = append(starts, off+1)
			}
		}
		if utf8.ValidString(in) && len(in) < 200 {
			for off := range len(in) {
				starts = append(starts, off) // any rune boundary, when small
			}
		}
		for _, start := range starts {
			body := source.Span{Start: start, End: len(in)}
			gotB, gotC := scanBytes(f, body)
			wantB, wantC := refCheckBytes(f), refCheckControls(f, body)
			if !reflect.DeepEqual(gotB, wantB) || !reflect.DeepEqual(gotC, wantC) {
				t.Fatalf("input %d %q, body at %d:\ngot  %v\n     %v\nwant %v\n     %v", i, in, start, diagsString(gotB), diagsString(gotC), diagsString(wantB), diagsString(wantC))
			}
		}
	}
}

func diagsString(l diag.List) string {
	s := ""
	for _, d := range l {
		s += fmt.Sprintf("[%d:%d %s %s]", d.Span.Start, d.Span.End, d.Code, d.Message)
	}
	return s
}

// BenchmarkScanBytes measures the byte checks over the corpus guides.
func BenchmarkScanBytes(b *testing.B) {
	dir := testenv.CorpusIfPresent(b)
	if dir == "" {
		b.Skip("corpus absent")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", IndexFile))
	var all []*source.File
	for _, name := range files {
		c, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		all = append(all, source.NewFile(name, c))
	}
	b.ResetTimer()
	for range b.N {
		for _, f := range all {
			scanBytes(f, source.Span{Start: 0, End: len(f.Content)})
		}
	}
}

// refCheckBytes is the former checkBytes: it reports invalid UTF-8, NUL bytes, the reserved sentinel, the
// replacement character and mojibake,
// each at its exact byte (at most maxPerCode of each, then a count).
func refCheckBytes(f *source.File) diag.List {
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

// refCheckControls is the former checkControls: it reports the control characters of the body (C0 other than
// tab, LF and CR; DEL; C1), which show as nothing or as garbage and which a
// reader's copy keeps. NUL is checkBytes's. The front matter is YAML's or
// TOML's to judge (YAML reads U+0085 as a line break).
func refCheckControls(f *source.File, body source.Span) diag.List {
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
