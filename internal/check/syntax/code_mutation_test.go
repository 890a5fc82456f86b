package syntax

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/testenv"
)

// codeSnippets returns the program-language snippets of the corpus and of
// the novel guides, by "guide#index".
func codeSnippets(t *testing.T) map[string]*snippet.Snippet { return snippetsWhere(t, kind.isCode) }

// sortedCodeSnippets returns codeSnippets and their names in order, so
// that a mutation test rotates its variants the same way every run; it
// skips the test when the corpus is absent.
func sortedCodeSnippets(t *testing.T) (map[string]*snippet.Snippet, []string) {
	snips := codeSnippets(t)
	if len(snips) == 0 {
		t.Skip("no corpus")
	}
	return snips, slices.Sorted(maps.Keys(snips))
}

// snippetsWhere returns the snippets of the corpus and of the novel
// guides whose kind satisfies keep, by "guide#index".
func snippetsWhere(t *testing.T, keep func(kind) bool) map[string]*snippet.Snippet {
	out := map[string]*snippet.Snippet{}
	add := func(name string, snips []*snippet.Snippet) {
		for _, s := range snips {
			if keep(kindOf(s)) {
				out[name+"#"+itoa(s.Index)] = s
			}
		}
	}
	for name, snips := range corpusGuides(t) {
		add(name, snips)
	}
	paths, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(t), "tests", "testdata", "novel", "*", "index.md"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := "novel/" + filepath.Base(filepath.Dir(p))
		_, snips := testenv.ScanGuide(name+"/index.md", b)
		add(name, snips)
	}
	return out
}

// entryStartRe is a line that starts an entry of a literal, whatever the
// language: a key ('key': "key" => key = [key] =) or a value.
var entryStartRe = regexp.MustCompile(`^(?:['"\w$@:{]|\[['"\w])`)

// nativeBoolRe is a boolean in value position as every language but
// Python spells it, pythonBoolRe as Python does.
var (
	nativeBoolRe = regexp.MustCompile(`(?:=|:|=>|\(|,|\[)\s*(true|false)\b`)
	pythonBoolRe = regexp.MustCompile(`(?:=|:|\(|,|\[)\s*(True|False|None)\b`)
)

var (
	lastStringRe  = regexp.MustCompile(`(?:'[^']*'|"[^"]*")$`)
	firstStringRe = regexp.MustCompile(`^(?:'[^']*'|"[^"]*")`)
)

// TestCodeMutations drops, in every program-language snippet of the
// corpus and the novel guides, each comma that ends a line followed by
// the start of another entry, one at a time, and requires a
// code-missing-comma finding whose fix restores the snippet; and swaps
// each boolean to another language's spelling, requiring a
// code-foreign-literal finding on it. Python's implicit concatenation
// of two strings is legal, and only counted when both are single words
// (two scopes, two URLs), which nobody splits a string into.
func TestCodeMutations(t *testing.T) {
	snips, names := sortedCodeSnippets(t)
	var commas, commasFound, bools, boolsFound int
	for _, n := range names {
		s := snips[n]
		lang, validate := codeLangs[kindOf(s)], validators[kindOf(s)]
		text := s.Text
		base := len(validate(text))
		lines := bytes.SplitAfter(text, []byte("\n"))
		off := 0
		for i, l := range lines {
			lineOff := off
			off += len(l)
			body := bytes.TrimRight(l, " \t\r\n")
			if !bytes.HasSuffix(body, []byte(",")) || i+1 >= len(lines) {
				continue
			}
			next := bytes.TrimSpace(lines[i+1])
			if !entryStartRe.Match(next) {
				continue
			}
			before := bytes.TrimRight(body[:len(body)-1], " \t")
			if (lang == langPython || lang == langRuby) && len(before) > 0 && (before[len(before)-1] == '"' || before[len(before)-1] == '\'') && (next[0] == '"' || next[0] == '\'') && !regexp.MustCompile(`^['"][^'"]*['"]\s*:`).Match(next) {
				last := lastStringRe.Find(before)
				first := firstStringRe.Find(next)
				if last == nil || first == nil || !wordString(string(last)) || !wordString(string(first)) {
					continue // implicit concatenation, the way to split a long string
				}
			}
			at := lineOff + len(body) - 1
			mutated := append(append([]byte{}, text[:at]...), text[at+1:]...)
			commas++
			fs := validate(mutated)
			ok := false
			for _, f := range fs {
				if f.code == "code-missing-comma" && f.span.Start == at && f.fix != nil && bytes.Equal(applyEdits(mutated, f.fix.edits), text) {
					ok = true
				}
			}
			if ok && len(fs) == base+1 {
				commasFound++
			} else {
				t.Logf("MISS comma %s line %d: %q → %d findings", n, i+1, body, len(fs))
			}
		}
		re, swap := nativeBoolRe, map[string]string{"true": "True", "false": "False"}
		if lang == langPython {
			re, swap = pythonBoolRe, map[string]string{"True": "true", "False": "false", "None": "null"}
		}
		if lang == langPHP {
			continue
		}
		for _, m := range re.FindAllSubmatchIndex(text, -1) {
			if inLineComment(text, m[2]) {
				continue
			}
			v := string(text[m[2]:m[3]])
			mutated := append(append(append([]byte{}, text[:m[2]]...), swap[v]...), text[m[3]:]...)
			bools++
			fs := validate(mutated)
			ok := false
			for _, f := range fs {
				if f.code == "code-foreign-literal" && f.span.Start == m[2] && f.fix != nil && bytes.Equal(applyEdits(mutated, f.fix.edits), text) {
					ok = true
				}
			}
			if ok && len(fs) == base+1 {
				boolsFound++
			} else {
				t.Logf("MISS bool %s at %d: %q → %d findings", n, m[2], v, len(fs))
			}
		}
	}
	t.Logf("dropped commas found %d/%d, foreign booleans found %d/%d", commasFound, commas, boolsFound, bools)
	if commas == 0 || bools == 0 {
		t.Fatalf("no mutation: %d commas, %d booleans", commas, bools)
	}
	if commasFound < commas*95/100 || boolsFound < bools*95/100 {
		t.Errorf("found %d/%d commas and %d/%d booleans, want 95%% of each", commasFound, commas, boolsFound, bools)
	}
}

// inLineComment reports whether off is after a #, // or -- on its line
// outside quotes (roughly: enough for the corpus's comments).
func inLineComment(text []byte, off int) bool {
	start := bytes.LastIndexByte(text[:off], '\n') + 1
	line := string(text[start:off])
	return strings.Contains(line, "# ") || strings.Contains(line, "// ") || strings.Contains(line, "-- ")
}
