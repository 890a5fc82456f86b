package shortcode

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// corpusDir returns ../shared/corpus/authelia, skipping the test when it is
// absent (failing under CI=true); it stays for this package's other callers.
func corpusDir(t testing.TB) string {
	t.Helper()
	return testenv.Corpus(t)
}

// bodySpan returns the span after the front matter block (--- … ---).
func bodySpan(b []byte) source.Span {
	if !bytes.HasPrefix(b, []byte("---\n")) && !bytes.HasPrefix(b, []byte("---\r\n")) {
		return source.Span{Start: 0, End: len(b)}
	}
	for off := bytes.IndexByte(b, '\n') + 1; off < len(b); {
		end := bytes.IndexByte(b[off:], '\n')
		line := b[off:]
		next := len(b)
		if end >= 0 {
			line, next = b[off:off+end], off+end+1
		}
		if string(bytes.TrimRight(line, "\r")) == "---" {
			return source.Span{Start: next, End: len(b)}
		}
		off = next
	}
	return source.Span{Start: len(b), End: len(b)}
}

// corpusWant lists the diagnostics the corpus really deserves, as
// "guide:line:col code". Every other diagnostic fails the test.
var corpusWant = []string{
	// The YouTrack screenshots have no alt text: readers of assistive
	// technology learn nothing from them (WCAG 1.1.1).
	"youtrack:115:1 shortcode-warnf",
	"youtrack:117:1 shortcode-warnf",
	"youtrack:119:1 shortcode-warnf",
	"youtrack:121:1 shortcode-warnf",
}

func TestCorpus(t *testing.T) {
	corpus := corpusDir(t)
	set := loadSet(t)
	entries, err := os.ReadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	guides := 0
	for _, e := range entries {
		path := filepath.Join(corpus, e.Name(), "index.md")
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		guides++
		f := source.NewFile(path, b)
		ex, diags := Expand(set, f, bodySpan(b), Options{Page: PageInfo{
			Path: e.Name() + "/index.md", URL: "/" + e.Name() + "/", Resources: os.DirFS(filepath.Join(corpus, e.Name())),
		}})
		for _, d := range diags {
			p := d.Start()
			got = append(got, fmt.Sprintf("%s:%d:%d %s", e.Name(), p.Line, p.Column, d.Code))
			t.Logf("%s:%d:%d: %s: %s", e.Name(), p.Line, p.Column, d.Code, d.Message)
		}
		checkExpanded(t, e.Name(), f, ex)
	}
	if guides != 88 {
		t.Errorf("read %d corpus guides, want 88", guides)
	}
	slices.Sort(got)
	want := slices.Clone(corpusWant)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("corpus diagnostics:\ngot  %q\nwant %q", got, want)
	}
}

// checkExpanded asserts the invariants of an expansion: every exactly
// mapped byte equals the guide byte it maps to, sentinels and Calls agree,
// and no shortcode delimiter survives except from an escaped call.
func checkExpanded(t *testing.T, name string, f *source.File, ex *Expanded) {
	t.Helper()
	md := ex.Markdown
	for i := range md {
		orig, exact, ok := ex.Map.Resolve(i)
		if !ok {
			t.Errorf("%s: Markdown offset %d does not map", name, i)
			return
		}
		// appendLines writes a lone CR as LF, one byte for one.
		loneCR := md[i] == '\n' && f.Content[orig] == '\r' && (orig+1 == len(f.Content) || f.Content[orig+1] != '\n')
		if exact && md[i] != f.Content[orig] && !loneCR {
			t.Errorf("%s: Markdown[%d]=%q maps to guide[%d]=%q", name, i, md[i], orig, f.Content[orig])
			return
		}
	}
	if n := bytes.Count(md, []byte(Sentinel)); n != len(ex.Calls) {
		t.Errorf("%s: %d sentinels, %d calls", name, n, len(ex.Calls))
	}
	var escapes []source.Span // escaped calls print delimiters on purpose
	l := newLexer(f.Content, 0, len(f.Content))
	for it := l.nextItem(); it.typ != itemEOF; it = l.nextItem() {
		if it.typ == itemEscaped {
			escapes = append(escapes, source.Span{Start: it.pos, End: it.end})
		}
	}
	inEscape := func(off int) bool {
		return slices.ContainsFunc(escapes, func(sp source.Span) bool { return sp.Contains(off) })
	}
	for _, delim := range []string{"{{<", "{{%"} {
		for off := 0; ; {
			i := bytes.Index(md[off:], []byte(delim))
			if i < 0 {
				break
			}
			at := off + i
			orig, exact, _ := ex.Map.Resolve(at)
			last, lastExact, _ := ex.Map.Resolve(at + 2)
			contiguous := exact && lastExact && last == orig+2
			// Delimiters assembled from text around a dropped broken tag
			// ("{" + "{%") are not tags of the guide.
			if contiguous && !inEscape(orig) {
				t.Errorf("%s: literal %s at Markdown offset %d (guide %s) is not an escaped call", name, delim, at, posString(f, orig))
			}
			off = at + 3
		}
	}
}

func posString(f *source.File, off int) string {
	p := f.Position(off)
	return fmt.Sprintf("%d:%d", p.Line, p.Column)
}

func loadSet(t testing.TB) *Set {
	t.Helper()
	set, err := LoadTemplates(os.DirFS("../.."), "shortcodes")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// BenchmarkExpandCorpus expands every corpus guide once per iteration.
func BenchmarkExpandCorpus(b *testing.B) {
	corpus := corpusDir(b)
	set := loadSet(b)
	type g struct {
		f    *source.File
		body source.Span
	}
	var guides []g
	entries, _ := os.ReadDir(corpus)
	size := 0
	for _, e := range entries {
		src, err := os.ReadFile(filepath.Join(corpus, e.Name(), "index.md"))
		if err == nil {
			guides = append(guides, g{source.NewFile(e.Name(), src), bodySpan(src)})
			size += len(src)
		}
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, g := range guides {
			Expand(set, g.f, g.body, Options{})
		}
	}
}

// TestInternedParse parses the corpus pages, and edits of them, with one
// interner for all (as a worker's Memo does) and with none: the nodes,
// parameter values included, and the diagnostics must be the same, and
// the interner must stay within its bounds.
func TestInternedParse(t *testing.T) {
	corpus := corpusDir(t)
	set := loadSet(t)
	entries, err := os.ReadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	var in interner
	edits := []string{"", ` x="1"`, ` y=true`, ` z=-2.5`, ` w="true"`, " v=`raw`", ` "pos"`, ` q=\"esc\"`}
	for i, e := range entries {
		b, err := os.ReadFile(filepath.Join(corpus, e.Name(), "index.md"))
		if err != nil {
			continue
		}
		// Add a parameter to every call of the page, so that values of
		// every kind meet the interner.
		b = bytes.ReplaceAll(b, []byte(" >}}"), []byte(edits[i%len(edits)]+" >}}"))
		f := source.NewFile(e.Name(), b)
		want, wantD := parseCalls(f, bodySpan(b), set, nil)
		got, gotD := parseCalls(f, bodySpan(b), set, &in)
		if !reflect.DeepEqual(got, want) || fmt.Sprint(gotD) != fmt.Sprint(wantD) {
			t.Errorf("%s: interned parse differs", e.Name())
		}
	}
	if len(in.strs) == 0 || len(in.quoted) == 0 || len(in.plain) == 0 || len(in.strs) > maxInterned {
		t.Errorf("interner holds %d strings, %d quoted and %d plain values", len(in.strs), len(in.quoted), len(in.plain))
	}
}
