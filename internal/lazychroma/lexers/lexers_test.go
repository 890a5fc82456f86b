package lexers

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	upstream "github.com/alecthomas/chroma/v2/lexers"
)

// The lazy registry must answer as chroma's: same lexers under the same
// names, same look-ups, same tokens.

func TestNames(t *testing.T) {
	for _, aliases := range []bool{false, true} {
		if got, want := Names(aliases), upstream.Names(aliases); !slices.Equal(got, want) {
			t.Errorf("Names(%v): %d names, chroma has %d", aliases, len(got), len(want))
		}
	}
}

// lookups are the names to look up: every name and alias, in other cases,
// every file pattern and extension, and names of no lexer.
func lookups() []string {
	keys := []string{"", "yaml", "YAML", "yml", "sh", "shell", "console", "bash", "text", "plaintext",
		"env", "dotenv", "ini", "toml", "json", "nginx", "caddyfile", "dockerfile", "Dockerfile", "go",
		"html", "md", "c++", "no-such-language", "*", "x.go", "Makefile", "..", "[", "a/b"}
	for _, l := range upstream.GlobalLexerRegistry.Lexers {
		c := l.Config()
		keys = append(keys, c.Name, strings.ToUpper(c.Name), strings.ToLower(c.Name))
		keys = append(keys, c.Aliases...)
		for _, p := range append(slices.Clone(c.Filenames), c.AliasFilenames...) {
			keys = append(keys, p, strings.TrimPrefix(p, "*."))
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

func TestGet(t *testing.T) {
	for _, k := range lookups() {
		got, want := Get(k), upstream.Get(k)
		if (got == nil) != (want == nil) {
			t.Errorf("Get(%q) = %v, chroma's = %v", k, got, want)
			continue
		}
		if got != nil && !reflect.DeepEqual(got.Config(), want.Config()) {
			t.Errorf("Get(%q) = %s, chroma's = %s", k, got.Config().Name, want.Config().Name)
		}
		if again := Get(k); again != got {
			t.Errorf("Get(%q) changed between calls", k)
		}
	}
	if Match("x.yaml").Config().Name != upstream.Match("x.yaml").Config().Name {
		t.Error("Match(x.yaml) differs")
	}
}

// samples exercise the lexers' rules, including those that hand text to
// another lexer (HTML's scripts and styles, Markdown's code blocks, PHP).
var samples = []string{
	"key: value # comment\nlist:\n  - 'a'\n  - {b: 1}\n",
	"#!/bin/sh\nexport A=\"$HOME/x\" && echo 'hi' | grep -v x # c\n",
	"<!DOCTYPE html>\n<html><head><style>a { color: red; }</style><script>var x = 1 < 2;</script></head>\n<body><?php echo $a; ?></body></html>\n",
	"# Title\n\nSome *text* with `code`.\n\n```yaml\na: 1\n```\n\n```go\nfunc main() {}\n```\n",
	"package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"{{ .X }}\", 1.5e3) }\n",
	"GET /index.html HTTP/1.1\nHost: example.com\nContent-Type: application/json\n\n{\"a\": [1, 2]}\n",
}

// tokens returns the first tokens l gives for text: some of chroma's
// lexers (JSONata, Jungle…) emit empty tokens forever on some texts.
func tokens(l chroma.Lexer, text string) ([]chroma.Token, error) {
	it, err := l.Tokenise(nil, text)
	if err != nil {
		return nil, err
	}
	var out []chroma.Token
	for t := it(); t != chroma.EOF && len(out) < 4*len(text); t = it() {
		out = append(out, t)
	}
	return out, nil
}

func TestTokens(t *testing.T) {
	for _, l := range upstream.GlobalLexerRegistry.Lexers {
		name := l.Config().Name
		ours := Get(name)
		for i, text := range samples {
			got, gerr := tokens(ours, text)
			want, werr := tokens(l, text)
			if (gerr == nil) != (werr == nil) || !slices.Equal(got, want) {
				t.Errorf("%s, sample %d: tokens differ from chroma's (errors %v, %v)", name, i, gerr, werr)
			}
		}
	}
}

func TestFallback(t *testing.T) {
	if !reflect.DeepEqual(Fallback.Config(), upstream.Fallback.Config()) {
		t.Error("Fallback differs")
	}
}

// TestConcurrentGet looks lexers up and runs them from several goroutines
// at once, as the workers of a build do (run it with -race).
func TestConcurrentGet(t *testing.T) {
	names := []string{"yaml", "json", "ini", "php", "html", "markdown", "go", "bash", "no-such-language", "js"}
	done := make(chan bool)
	for i := range 8 {
		go func() {
			for j := range names {
				if l := Get(names[(i+j)%len(names)]); l != nil {
					_, _ = tokens(l, samples[(i+j)%len(samples)])
				}
			}
			done <- true
		}()
	}
	for range 8 {
		<-done
	}
}

// TestStubs requires the registry of stubs to name the lexer chroma's
// registry gives for every key.
func TestStubs(t *testing.T) {
	keys := append(lookups(), "cnf", "env", "Caddyfile", "x.CNF", "README", ".env.local", "x.bak", "a.php5", "a.xpm", "a.gsed", "a.3", "bash_x", "Makefile.am", "Caddyfile.dev", "x.yaml~", "x.yaml.in", "a\\b", "x*", "[", "*.go", "a/.go")
	for _, k := range keys {
		for _, glob := range []string{"*.go", "*.yaml", "Makefile", "*"} {
			if got, want := globMatch(glob, filepath.Base(k)), globMatchSlow(glob, filepath.Base(k)); got != want {
				t.Errorf("globMatch(%q, %q) = %v, filepath.Match says %v", glob, filepath.Base(k), got, want)
			}
		}
	}
	for _, l := range upstream.GlobalLexerRegistry.Lexers {
		c := l.Config()
		for _, glob := range append(slices.Clone(c.Filenames), c.AliasFilenames...) {
			for _, k := range keys {
				name := filepath.Base("filename." + k)
				if got, want := globMatch(glob, name), globMatchSlow(glob, name); got != want {
					t.Errorf("globMatch(%q, %q) = %v, filepath.Match says %v", glob, name, got, want)
				}
			}
		}
	}
	for _, k := range keys {
		got, want := stubs().Get(k), upstream.Get(k)
		if (got == nil) != (want == nil) || got != nil && got.Config().Name != want.Config().Name {
			t.Errorf("stubs.Get(%q) = %v, chroma's = %v", k, got, want)
		}
	}
	if n, m := len(stubs().lexers), len(upstream.GlobalLexerRegistry.Lexers); n != m {
		t.Errorf("%d stubs, chroma has %d lexers", n, m)
	}
}

func globMatchSlow(glob, name string) bool {
	ok, _ := filepath.Match(glob, name)
	return ok
}

// TestStandalone builds every lexer that Get builds from its own file
// (with those it hands text to: HTML's scripts and styles, a console's
// shell) and requires the configuration and tokens of chroma's; and that the keys of
// the corpus's code blocks do not need the registry (the point of it).
func TestStandalone(t *testing.T) {
	if len(standaloneFiles) < 200 {
		t.Errorf("%d standalone lexers; chroma 2.27 has 265", len(standaloneFiles))
	}
	for _, f := range standaloneFiles {
		l, ok := lookupStandalone(f.name)
		if !ok || l == nil {
			t.Errorf("%s: not built on its own", f.name)
			continue
		}
		want := upstream.Get(f.name)
		if !reflect.DeepEqual(l.Config(), want.Config()) {
			t.Errorf("%s: configuration differs from chroma's", f.name)
		}
		for i, text := range samples {
			got, gerr := tokens(l, text)
			wantT, werr := tokens(want, text)
			if (gerr == nil) != (werr == nil) || !slices.Equal(got, wantT) {
				t.Errorf("%s, sample %d: tokens differ from chroma's (errors %v, %v)", f.name, i, gerr, werr)
			}
		}
	}
	for _, k := range []string{"yaml", "json", "ini", "text", "plain", "sh", "shell", "bash", "js", "python", "nginx", "env", "cnf", "csv", "no-such-language", "html", "console"} {
		if _, ok := lookupStandalone(k); !ok {
			t.Errorf("Get(%q) needs the registry", k)
		}
	}
	for _, k := range []string{"go", "caddyfile", "Go HTML Template"} { // written in Go, or wrapped by Go code
		if _, ok := lookupStandalone(k); ok {
			t.Errorf("Get(%q) is built on its own", k)
		}
	}
}

// TestNameOf requires NameOf to name the lexer Get returns, for lexers'
// names, aliases and file extensions and for keys that name none, and to
// decline the keys whose lexer only the registry has (standaloneName: the
// package's other tests build the registry, after which NameOf declines
// every key).
func TestNameOf(t *testing.T) {
	keys := []string{"no-such-language", "", "yml", "YAML", "shell", "console", "env", "cnf", "php", "elixir", "*.py", "py", "go", "caddyfile", "Go HTML Template"}
	for _, c := range configs() {
		keys = append(keys, c.Name)
		keys = append(keys, c.Aliases...)
	}
	for _, k := range keys {
		name, ok := standaloneName(k)
		l, sok := lookupStandalone(k)
		if ok != sok {
			t.Errorf("standaloneName(%q): ok %v, but standalone %v", k, ok, sok)
			continue
		}
		if !ok {
			continue
		}
		want := ""
		if l != nil {
			want = l.Config().Name
		}
		if name != want {
			t.Errorf("standaloneName(%q) = %q, Get gives %q", k, name, want)
		}
	}
	registry() // as another test or a Register would
	if _, ok := NameOf("yaml"); ok {
		t.Errorf("NameOf answers once the registry is built, which Get then asks")
	}
}
