package consistency

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/snippet"
)

// typedSite is a value of a real guide the mutation test misspells: its
// byte offsets in the guide, and the finding the misspelling must give.
type typedSite struct {
	start, end int
	text, code string
	muts       []string // the mutations, when not typedMutations(text)
}

// typedSites returns the application booleans and OAuth enum values of a
// guide, as the model reads them (a value the reader sees as written in
// the guide, not through a site variable).
func typedSites(name string, content []byte) []typedSite {
	f, snips, texts := mdGuide(name, content)
	m := build(&check.Pass{File: f, Name: name, Snippets: snips, Texts: texts, Report: func(diag.Diagnostic) {}})
	byIndex := map[int]*snippet.Snippet{}
	for _, s := range snips {
		byIndex[s.Index] = s
	}
	composeEnv := map[int]bool{}
	for _, e := range m.compose {
		composeEnv[e.Value.Span.Start] = true
	}
	oidc := map[int]bool{}
	for _, av := range m.app {
		switch av.Kind {
		case kindIssuer, kindEndpoint, kindRedirect, kindScope, kindClientID:
			oidc[av.Group] = true
		}
	}
	var out []typedSite
	for _, av := range m.app {
		sp := av.Value.Span
		if sp.Len() != len(av.Value.Text) || string(content[sp.Start:sp.End]) != av.Value.Text {
			continue
		}
		s := byIndex[av.Group]
		if av.Group >= 0 && s == nil {
			continue
		}
		if e := enumOf(av, oidc); e != nil && e.member(av.Value.Text) {
			out = append(out, typedSite{sp.Start, sp.End, av.Value.Text, e.code, nil})
			continue
		}
		if av.Group < 0 || !boolKind(av.Kind) || strings.ToLower(av.Value.Text) != "true" && strings.ToLower(av.Value.Text) != "false" {
			continue
		}
		// A bare JSON boolean quoted is a string.
		if isJSON(s) && (av.Value.Text == "true" || av.Value.Text == "false") && content[sp.Start-1] != '"' {
			out = append(out, typedSite{sp.Start, sp.End, av.Value.Text, "consistency-bool-quoted", []string{`"` + av.Value.Text + `"`}})
		}
		// Compose's own keys are check/compose's; an unquoted value in
		// JSON or TOML is a syntax error when misspelt.
		if composeDoc(s) && !composeEnv[sp.Start] || (isJSON(s) || scanFormat(s) == snippet.TOML) && content[sp.Start-1] != '"' && content[sp.Start-1] != '\'' {
			continue
		}
		out = append(out, typedSite{sp.Start, sp.End, av.Value.Text, "consistency-bool-spelling", nil})
	}
	return out
}

// typedMutations are the misspellings of a value, rotated over the sites.
func typedMutations(v string) []string {
	switch strings.ToLower(v) {
	case "true":
		return keepCapital(v, []string{"ture", "treu", "tru", "trrue", "rtue"})
	case "false":
		return keepCapital(v, []string{"flase", "fasle", "fals", "fallse", "flse"})
	}
	var out []string
	if u := strings.ToUpper(v); u != v {
		out = append(out, u)
	}
	if l := strings.ToLower(v); l != v {
		out = append(out, l)
	}
	if strings.Contains(v, "_") {
		out = append(out, strings.ReplaceAll(v, "_", "-"))
	}
	if !strings.ContainsAny(v, "0123456789") && v != "none" {
		out = append(out, v+"s")
	}
	return out
}

// keepCapital capitalises the typos of a capitalised boolean (Python's).
func keepCapital(v string, typos []string) []string {
	if v[0] < 'A' || v[0] > 'Z' {
		return typos
	}
	out := make([]string, len(typos))
	for i, t := range typos {
		out[i] = strings.ToUpper(t[:1]) + t[1:]
	}
	return out
}

// TestTypedMutations misspells every application boolean and OAuth enum
// value of the corpus and the novel guides, one at a time with rotating
// typos, and requires the finding on its line.
func TestTypedMutations(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	guides := guidePaths(t)
	v, err := digest.NewVerifier(digest.WithCacheFile(filepath.Join(t.TempDir(), "digests.json")))
	if err != nil {
		t.Fatal(err)
	}
	n, bools, quoted, enums := 0, 0, 0, 0
	for _, g := range guides {
		content, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(g))
		for _, s := range typedSites(name, content) {
			muts := s.muts
			if muts == nil {
				muts = typedMutations(s.text)
			}
			if len(muts) == 0 {
				continue
			}
			bad := muts[n%len(muts)]
			n++
			switch s.code {
			case "consistency-bool-spelling":
				bools++
			case "consistency-bool-quoted":
				quoted++
			default:
				enums++
			}
			mutated := append(append(append([]byte{}, content[:s.start]...), bad...), content[s.end:]...)
			line := strings.Count(string(content[:s.start]), "\n") + 1
			found := false
			for _, d := range runChecker(t, name, mutated, v) {
				if d.Code == s.code && d.Start().Line == line {
					found = true
				}
			}
			if !found {
				t.Errorf("%s:%d: %q for %q gave no %s", name, line, bad, s.text, s.code)
			}
		}
	}
	if bools < 100 || enums < 10 || quoted < 5 {
		t.Errorf("only %d booleans, %d JSON booleans quoted and %d enum values mutated: the sites are not read", bools, quoted, enums)
	}
	t.Logf("%d booleans misspelt, %d JSON booleans quoted and %d enum values mutated", bools, quoted, enums)
}
