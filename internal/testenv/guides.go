package testenv

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/snippet"
	"gopkg.in/yaml.v3"
)

// Guide is one of the repository's own guides, RepoRoot/guides/<Name>/index.md,
// read naively (see scanFences) so that tests do not depend on the code they
// test. Unlike the corpus, these guides are part of the module: tests may
// store data derived from them, such as fuzz seed corpora (see Seeds).
type Guide struct {
	Name    string   // directory name ("romm")
	Content string   // the whole file
	Body    string   // Content after the front matter, what package shortcode expands
	Aliases []string // the front matter's aliases
	Fences  []Fence  // fenced code blocks, File being "<Name>/index.md"
}

// Guides returns the repository's own guides in name order. They are part
// of the module, so it fails the test when there are none or when one has
// no YAML front matter to split off.
func Guides(t testing.TB) []Guide {
	t.Helper()
	dir := filepath.Join(RepoRoot(t), "guides")
	guides := readGuides(t, dir)
	if len(guides) == 0 {
		t.Fatalf("testenv: no guides in %s", dir)
	}
	for i := range guides {
		g := &guides[i]
		fm, body, ok := splitFrontMatter(g.Content)
		if !ok {
			t.Fatalf("testenv: guides/%s/index.md has no YAML front matter between --- lines", g.Name)
		}
		var meta struct {
			Aliases []string `yaml:"aliases"`
		}
		if err := yaml.Unmarshal([]byte(fm), &meta); err != nil {
			t.Fatalf("testenv: front matter of guides/%s/index.md: %v", g.Name, err)
		}
		g.Body, g.Aliases = body, meta.Aliases
	}
	return guides
}

// readGuides reads dir/*/index.md, in name order, with their fences; Body
// and Aliases are left empty.
func readGuides(t testing.TB, dir string) []Guide {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*", "index.md"))
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	var out []Guide
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(p))
		out = append(out, Guide{Name: name, Content: string(b), Fences: scanFences(name+"/index.md", string(b))})
	}
	return out
}

// splitFrontMatter splits a guide that starts with YAML front matter,
// "---\n…\n---\n", into the YAML and the body after the closing line.
func splitFrontMatter(content string) (fm, body string, ok bool) {
	rest, ok := strings.CutPrefix(content, "---\n")
	if !ok {
		return "", "", false
	}
	if strings.HasPrefix(rest, "---\n") { // empty front matter
		return "", rest[len("---\n"):], true
	}
	fm, body, ok = strings.Cut(rest, "\n---\n")
	if !ok {
		return "", "", false
	}
	return fm + "\n", body, true
}

// SeedPrefix starts the name of every seed file that Seeds generates from
// the guides; other files in a corpus directory (crash reproducers, hand
// written seeds) are left alone.
const SeedPrefix = "guide-"

// SeedName returns the seed name of the guide, or of a part of it:
// "guide-romm", or with parts ("alias", "1") "guide-romm-alias-1".
func (g Guide) SeedName(parts ...string) string {
	return strings.Join(append([]string{SeedPrefix + g.Name}, parts...), "-")
}

// FenceSeedName returns the seed name of g.Fences[i]: "guide-romm-yaml-2"
// for the second yaml fence of the romm guide, counted among all its fences
// so that the name does not depend on which fences a target takes. A fence
// without a language counts as "text".
func (g Guide) FenceSeedName(i int) string {
	lang := seedLang(g.Fences[i].Lang)
	k := 0
	for _, f := range g.Fences[:i+1] {
		if seedLang(f.Lang) == lang {
			k++
		}
	}
	return g.SeedName(lang, strconv.Itoa(k))
}

// seedLang returns a fence language fit for a file name: lowercase letters
// and digits, anything else as '_', "text" when there is none.
func seedLang(lang string) string {
	if lang == "" {
		return "text"
	}
	return strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return r
		case 'A' <= r && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '_'
	}, lang)
}

// GuideSeeds returns one seed for each guide that args accepts, named by
// SeedName: args returns the fuzz target's arguments for the guide, or nil
// to leave it out.
func GuideSeeds(guides []Guide, args func(g Guide) []any) map[string][]any {
	out := map[string][]any{}
	for _, g := range guides {
		if a := args(g); a != nil {
			out[g.SeedName()] = a
		}
	}
	return out
}

// FenceSeeds returns one seed for each fence of the guides that args
// accepts, named by FenceSeedName: args returns the fuzz target's
// arguments for the fence, or nil to leave it out.
func FenceSeeds(guides []Guide, args func(g Guide, f Fence) []any) map[string][]any {
	out := map[string][]any{}
	for _, g := range guides {
		for i, f := range g.Fences {
			if a := args(g, f); a != nil {
				out[g.FenceSeedName(i)] = a
			}
		}
	}
	return out
}

var (
	titleRe   = regexp.MustCompile(`(?:^|[\s{])title="([^"]*)"`)
	sitevarRe = regexp.MustCompile(`\{\{<\s*sitevar\s[^}]*?>\}\}`)
	nojsRe    = regexp.MustCompile(`\snojs="([^"]*)"`)
)

// Title returns the fence's title attribute (`shell {title=".env"}` →
// ".env"), or "" when it has none.
func (f Fence) Title() string {
	if m := titleRe.FindStringSubmatch(f.Info); m != nil {
		return m[1]
	}
	return ""
}

// Visible returns the fence's text as a reader without JavaScript sees and
// copies it, and as the checkers read it: each {{< sitevar >}} call
// replaced by its nojs value.
func (f Fence) Visible() string {
	return ReplaceSitevars(f.Text)
}

// Snippet returns the fence as a snippet that carries what checkers
// classify snippets by: the language lowercased, the title attribute and
// the reader-visible text. It has no File, Map or spans.
//
// This makes testenv import package snippet (and source), so tests of
// those two packages cannot use testenv.
func (f Fence) Snippet() *snippet.Snippet {
	s := &snippet.Snippet{Lang: strings.ToLower(f.Lang), Text: []byte(f.Visible())}
	s.KeepParses() // as package markdown makes them
	if title := f.Title(); title != "" {
		s.Attrs = []snippet.Attr{{Key: "title", Value: title}}
	}
	return s
}

// ReplaceSitevars replaces each {{< sitevar … nojs="v" >}} call of s by v
// (by "" when the call has no nojs parameter).
func ReplaceSitevars(s string) string {
	return sitevarRe.ReplaceAllStringFunc(s, func(call string) string {
		if m := nojsRe.FindStringSubmatch(call); m != nil {
			return m[1]
		}
		return ""
	})
}
