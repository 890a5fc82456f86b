package consistency

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// This file holds a test-only, naive stand-in for the Markdown pipeline:
// fenced code blocks become Snippets, list items become Texts, and sitevar
// calls are replaced by their nojs values through generated map segments,
// exactly as the real extraction maps them. Other shortcodes stay as text.

var (
	sitevarRE = regexp.MustCompile(`\{\{<\s*sitevar\s[^>]*?>\}\}`)
	nojsRE    = regexp.MustCompile(`nojs=\\?"([^"\\]*)\\?"`) // nojs="x", or nojs=\"x\" inside a quoted string
	varNameRE = regexp.MustCompile(`name=\\?"([^"\\]*)\\?"`)
	fenceRE   = regexp.MustCompile("^([ \t]*)(`{3,}|~{3,})[ \t]*([^`]*)$")
	itemRE    = regexp.MustCompile(`^([ \t]*)(?:[-*+]|\d+\.)[ \t]+(.*)$`)
	headingRE = regexp.MustCompile(`^(#{1,6})[ \t]+(.*?)[ \t#]*$`)
	attrRE    = regexp.MustCompile(`([A-Za-z_-]+)="([^"]*)"`)
)

// visible appends the reader-visible text of src[start:end] to dst and
// records its map. With markup, backticks and bold markers are dropped as a
// Markdown renderer would.
func visible(dst []byte, m *source.Map, src []byte, start, end int, markup bool, vars *[]snippet.Var) []byte {
	base := start
	for _, loc := range sitevarRE.FindAllIndex(src[start:end], -1) {
		cs, ce := base+loc[0], base+loc[1]
		dst = verbatim(dst, m, src, start, cs, markup)
		call := src[cs:ce]
		nojs := ""
		if n := nojsRE.FindSubmatch(call); n != nil {
			nojs = string(n[1])
		}
		if vars != nil {
			name := ""
			if n := varNameRE.FindSubmatch(call); n != nil {
				name = string(n[1])
			}
			*vars = append(*vars, snippet.Var{Name: name, Span: source.Span{Start: len(dst), End: len(dst) + len(nojs)}})
		}
		m.AddGenerated(len(dst), len(nojs), source.Span{Start: cs, End: ce})
		dst = append(dst, nojs...)
		start = ce
	}
	return verbatim(dst, m, src, start, end, markup)
}

func verbatim(dst []byte, m *source.Map, src []byte, start, end int, markup bool) []byte {
	for i := start; i < end; {
		if markup && (src[i] == '`' || i+1 < end && (string(src[i:i+2]) == "__" || string(src[i:i+2]) == "**")) {
			if src[i] == '`' {
				i++
			} else {
				i += 2
			}
			continue
		}
		j := i
		for j < end && !(markup && (src[j] == '`' || j+1 < end && (string(src[j:j+2]) == "__" || string(src[j:j+2]) == "**"))) {
			j++
		}
		m.AddVerbatim(len(dst), i, j-i)
		dst = append(dst, src[i:j]...)
		i = j
	}
	return dst
}

// lineAt returns the line of src starting at off (without '\n') and the
// offset of the next line.
func lineAt(src []byte, off int) (string, int) {
	end := off
	for end < len(src) && src[end] != '\n' {
		end++
	}
	return string(src[off:end]), end + 1
}

// mdGuide builds a guide file, its snippets and its texts.
func mdGuide(name string, content []byte) (*source.File, []*snippet.Snippet, []check.Text) {
	f := source.NewFile(name, content)
	var snips []*snippet.Snippet
	var texts []check.Text
	section := ""
	for off := 0; off < len(content); {
		line, next := lineAt(content, off)
		if m := fenceRE.FindStringSubmatch(line); m != nil {
			s, after := fencedSnippet(f, off, m)
			s.Index = len(snips)
			snips = append(snips, s)
			off = after
			continue
		}
		if m := headingRE.FindStringSubmatch(line); m != nil {
			section = slug(m[2])
		} else if m := itemRE.FindStringSubmatchIndex(line); m != nil {
			var tm source.Map
			text := visible(nil, &tm, content, off+m[4], off+m[5], true, nil)
			texts = append(texts, check.Text{Kind: check.Item, Level: 1 + (m[3]-m[2])/2, Section: section, Text: string(text), Map: &tm})
		}
		off = next
	}
	return f, snips, texts
}

// fencedSnippet reads the fenced block whose opening line starts at off.
func fencedSnippet(f *source.File, off int, m []string) (*snippet.Snippet, int) {
	src := f.Content
	indent, fence, info := len(m[1]), m[2], strings.TrimSpace(m[3])
	_, next := lineAt(src, off)
	s := &snippet.Snippet{File: f, Map: &source.Map{}, InfoSpan: source.Span{Start: off + indent + len(fence), End: next - 1}}
	lang, attrs, _ := strings.Cut(info, " ")
	if strings.HasPrefix(lang, "{") {
		lang, attrs = "", info
	}
	s.Lang = strings.ToLower(lang)
	for _, a := range attrRE.FindAllStringSubmatch(attrs, -1) {
		s.Attrs = append(s.Attrs, snippet.Attr{Key: a[1], Value: a[2]})
	}
	for p := next; p < len(src); {
		line, n := lineAt(src, p)
		t := strings.TrimLeft(line, " \t")
		if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]+" \t") == "" {
			s.Span = source.Span{Start: off, End: min(n, len(src))}
			return s, n
		}
		strip := min(indent, len(line)-len(strings.TrimLeft(line, " ")))
		s.Text = visible(s.Text, s.Map, src, p+strip, p+len(line), false, &s.Vars)
		s.Map.AddGenerated(len(s.Text), 1, source.Span{Start: p + len(line), End: p + len(line) + 1})
		s.Text = append(s.Text, '\n')
		p = n
	}
	s.Span = source.Span{Start: off, End: len(src)}
	return s, len(src)
}

func slug(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ' || r == '-':
			b.WriteByte('-')
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// runChecker runs the consistency checker over a Markdown guide and returns
// its diagnostics, sorted.
func runChecker(t testing.TB, name string, content []byte, v *digest.Verifier) diag.List {
	t.Helper()
	f, snips, texts := mdGuide(name, content)
	var got diag.List
	p := &check.Pass{File: f, Name: strings.TrimSuffix(filepath.Base(name), ".md"), Snippets: snips, Texts: texts, Report: got.Add}
	New(v).Run(p)
	got.Sort()
	return got
}

// format renders diagnostics one per line as "line:col severity code:
// message" plus their related locations, for comparisons and goldens.
func format(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		p := d.Start()
		fmt.Fprintf(&b, "%d:%d %s %s: %s\n", p.Line, p.Column, d.Severity, d.Code, d.Message)
		for _, r := range d.Related {
			rp := r.File.Position(r.Span.Start)
			fmt.Fprintf(&b, "\trelated %d:%d %s\n", rp.Line, rp.Column, r.Message)
		}
	}
	return b.String()
}

// sharedPath returns ../shared/REL beside the repository, skipping the test
// when it is absent (failing under CI=true); it stays for this package's
// callers that pass one relative path.
func sharedPath(t testing.TB, rel string) string {
	t.Helper()
	return testenv.Shared(t, rel)
}

func TestMdGuideMaps(t *testing.T) {
	src := "# T\n\n- __Client ID:__ `romm`\n\n```yaml {title=\"a.yml\"}\nk: 'https://x.{{< sitevar name=\"domain\" nojs=\"example.com\" >}}/p'\n```\n"
	f, snips, texts := mdGuide("g.md", []byte(src))
	if len(texts) != 1 || texts[0].Text != "Client ID: romm" {
		t.Fatalf("texts = %+v", texts)
	}
	if got := texts[0].GuideSpan(source.Span{Start: 11, End: 15}); string(f.Content[got.Start:got.End]) != "romm" {
		t.Errorf("text span maps to %q", f.Content[got.Start:got.End])
	}
	if len(snips) != 1 || string(snips[0].Text) != "k: 'https://x.example.com/p'\n" || snips[0].FileName() != "a.yml" {
		t.Fatalf("snippet = %q %+v", snips[0].Text, snips[0].Attrs)
	}
	sp := snips[0].GuideSpan(source.Span{Start: 4, End: 27})
	if got := string(f.Content[sp.Start:sp.End]); !strings.HasPrefix(got, "https://x.{{< sitevar") || !strings.HasSuffix(got, ">}}/p") {
		t.Errorf("snippet span maps to %q", got)
	}
}
