package markdown

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/hlcache"
)

// TestWithHighlighting renders the seed guide with and without
// highlighting: the pages differ only by the token spans inside code, and
// everything else Render reports is the same.
func TestWithHighlighting(t *testing.T) {
	f, exp := expand(t, "romm/index.md", readShared(t, "seeds/romm-guide.md"))
	on := New().Render(f, exp, PageInfo{Name: "romm"})
	off := New(WithHighlighting(false)).Render(f, exp, PageInfo{Name: "romm"})
	token := regexp.MustCompile(`<span class="[a-z0-9]{1,4}">|</span>`)
	strip := func(s string) string {
		// Keep the line structure, drop every token span.
		s = strings.ReplaceAll(s, `<span class="line">`, "\x00L")
		s = strings.ReplaceAll(s, `<span class="cl">`, "\x00C")
		return token.ReplaceAllString(s, "")
	}
	if on.HTML == off.HTML {
		t.Fatal("highlighting made no difference: the seed guide has code")
	}
	if strings.Contains(off.HTML, `<span class="nt">`) {
		t.Error("WithHighlighting(false) still highlights")
	}
	if a, b := strip(on.HTML), strip(off.HTML); a != b {
		t.Errorf("pages differ beyond token spans")
	}
	if len(on.Snippets) != len(off.Snippets) || len(on.Links) != len(off.Links) || len(on.Diags) != len(off.Diags) {
		t.Errorf("results differ: %d/%d snippets, %d/%d links, %d/%d diagnostics",
			len(on.Snippets), len(off.Snippets), len(on.Links), len(off.Links), len(on.Diags), len(off.Diags))
	}
}

// TestPlainFallback renders every page of renderPages, whose code blocks
// without a language (or with one chroma does not know) use the fallback
// lexer and those marked text or plain the plaintext lexer, with and
// without running them: the HTML must be the same. Pages of
// long lines, a block over the 8 KiB that chroma coalesces, non-ASCII and
// invalid UTF-8 text and a site variable inside the code are added.
func TestPlainFallback(t *testing.T) {
	files, exps := renderPages(t)
	long := strings.Repeat("x", 9000)
	for i, body := range []string{
		"```\n" + long + "\n" + long + "\n```\n",
		"```nosuchlanguage\nå ∂ \xff\xfe <tag> & \"q\"\n\ttab\n```\n",
		"```\nhost: {{< sitevar name=\"domain\" nojs=\"example.com\" >}}\n```\n",
		"    indented <b>code</b>\n    second line\n",
		"```text\n" + long + "\nå ∂ \xff\xfe <tag> & \"q\"\n```\n",
		"```plain {linenos=table}\nport: 9091\n\ttab\n```\n",
		"```no-highlight\nhost: {{< sitevar name=\"domain\" nojs=\"example.com\" >}}\n```\n",
	} {
		f, exp := expand(t, "fallback"+strings.Repeat("x", i)+"/index.md", "# T\n\n"+body)
		files, exps = append(files, f), append(exps, exp)
	}
	defer func() { plainFallback = true }()
	for i, f := range files {
		plainFallback = true
		got := New().Render(f, exps[i], PageInfo{Name: pageName(f)})
		plainFallback = false
		want := New().Render(f, exps[i], PageInfo{Name: pageName(f)})
		if got.HTML != want.HTML {
			t.Errorf("%s: the page differs when the fallback lexer runs:\n%s", f.Name, diffLines(want.HTML, got.HTML))
		}
	}
}

// TestTokenMemo renders every page of renderPages with an empty token memo
// (which takes a block the second time it is highlighted), again into the
// memo, again from the memo, and with a memo too small to take anything:
// the HTML must be the same each time.
func TestTokenMemo(t *testing.T) {
	files, exps := renderPages(t)
	saved, savedSeen := tokenMemo.m, tokenMemo.seen
	defer func() {
		tokenMemo.m, tokenMemo.seen, tokenMemo.size, tokenMemo.max = saved, savedSeen, 0, tokenMemoMax
	}()
	render := func() []string {
		var out []string
		r := New()
		for i, f := range files {
			out = append(out, r.Render(f, exps[i], PageInfo{Name: pageName(f)}).HTML)
		}
		return out
	}
	tokenMemo.m, tokenMemo.seen, tokenMemo.size, tokenMemo.max = nil, nil, 0, 0
	want := render()
	if len(tokenMemo.m) != 0 || len(tokenMemo.seen) != 0 {
		t.Fatalf("a memo of 0 bytes took %d entries and saw %d keys", len(tokenMemo.m), len(tokenMemo.seen))
	}
	tokenMemo.max = tokenMemoMax
	if render(); len(tokenMemo.m) >= len(tokenMemo.seen) {
		// Only a block highlighted twice in one round is taken.
		t.Fatalf("the memo took %d entries of %d blocks seen once", len(tokenMemo.m), len(tokenMemo.seen))
	}
	first := render()
	if len(tokenMemo.m) == 0 {
		t.Fatal("the memo took no entry: the pages have highlighted code")
	}
	second := render()
	for i, f := range files {
		if first[i] != want[i] {
			t.Errorf("%s: the page differs when highlighted into the memo:\n%s", f.Name, diffLines(want[i], first[i]))
		}
		if second[i] != want[i] {
			t.Errorf("%s: the page differs when highlighted from the memo:\n%s", f.Name, diffLines(want[i], second[i]))
		}
	}
}

// TestPieceMemo: a key is taken the second time it is put, entries are
// copies, and the memo stops at its size.
func TestPieceMemo(t *testing.T) {
	m := pieceMemo{max: 200}
	p := []piece{{class: "nt", start: 0, end: 3}}
	m.put([]byte("YAML\x00a: 1\n"), p)
	if got, ok := m.get([]byte("YAML\x00a: 1\n")); ok {
		t.Errorf("get = %v after one put; want nothing until the second", got)
	}
	m.put([]byte("YAML\x00a: 1\n"), p)
	p[0].class = "changed"
	got, ok := m.get([]byte("YAML\x00a: 1\n"))
	if !ok || got[0].class != "nt" {
		t.Errorf("get = %v, %v; want the copy put", got, ok)
	}
	if _, ok := m.get([]byte("JSON\x00a: 1\n")); ok {
		t.Error("another lexer's key hit")
	}
	m.put([]byte("YAML\x00"+strings.Repeat("b", 200)), p)
	m.put([]byte("YAML\x00"+strings.Repeat("b", 200)), p)
	if _, ok := m.get([]byte("YAML\x00" + strings.Repeat("b", 200))); ok || m.size > m.max {
		t.Errorf("an entry beyond the memo's size was kept (size %d of %d)", m.size, m.max)
	}
}

// TestTokenCache renders renderPages three times with the process memo
// off: without a disk cache, into a new one, and from it in a new process
// (a new Cache on the same file). The pages must be the same, the cache
// must have taken the blocks chroma's lexers tokenised, and it must be
// what the third rendering used: a block whose kept spans are changed
// comes out with the changed classes.
func TestTokenCache(t *testing.T) {
	files, exps := renderPages(t)
	saved, savedSeen := tokenMemo.m, tokenMemo.seen
	defer func() {
		tokenMemo.m, tokenMemo.seen, tokenMemo.size, tokenMemo.max = saved, savedSeen, 0, tokenMemoMax
	}()
	tokenMemo.m, tokenMemo.seen, tokenMemo.size, tokenMemo.max = nil, nil, 0, 0 // the memo would hide the cache
	path := filepath.Join(t.TempDir(), "highlight")
	id := func() string { return "test-binary" }
	render := func(c *hlcache.Cache) []string {
		var out []string
		r := New(WithTokenCache(c))
		for i, f := range files {
			out = append(out, r.Render(f, exps[i], PageInfo{Name: pageName(f)}).HTML)
		}
		return out
	}
	want := render(nil)
	into := hlcache.Open(path, id)
	first := render(into)
	if err := into.Save(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() < 100 {
		t.Fatalf("the cache took no block: the pages have code for chroma's lexers (%v)", err)
	}
	from := hlcache.Open(path, id)
	second := render(from)
	for i, f := range files {
		if first[i] != want[i] {
			t.Errorf("%s: the page differs when highlighted into the cache:\n%s", f.Name, diffLines(want[i], first[i]))
		}
		if second[i] != want[i] {
			t.Errorf("%s: the page differs when highlighted from the cache:\n%s", f.Name, diffLines(want[i], second[i]))
		}
	}

	// A block of PHP: its spans, changed in the cache, show.
	text := []byte("<?php echo 'cached'; ?>\n")
	f, exp := expand(t, "p/index.md", "---\ntitle: P\n---\n\n```php\n"+string(text)+"```\n")
	fake := hlcache.Open(filepath.Join(t.TempDir(), "h"), id)
	fake.Put("PHP", text, []hlcache.Span{{Class: "zz", Start: 0, End: 5}, {Class: "", Start: 5, End: len(text)}})
	got := New(WithTokenCache(fake)).Render(f, exp, PageInfo{Name: "p"}).HTML
	if !strings.Contains(got, `<span class="zz">&lt;?php</span>`) {
		t.Errorf("the cached spans of a PHP block were not used:\n%s", got)
	}
}
