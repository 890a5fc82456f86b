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

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/testenv"
)

// optionRe is an option at the start of a word: one or two hyphens and a
// letter.
var optionRe = regexp.MustCompile(`(?:^|[ \t])(--?)[A-Za-z]`)

// dashMutations are the ways typography rewrites an option's hyphens:
// what replaces "--" and what replaces "-".
var dashMutations = []struct{ long, short string }{
	{"—", "–"},  // smart dashes: em for --, en for -
	{"–", "–"},  // SmartyPants: en for --
	{"-–", "−"}, // one hyphen of two, a minus sign
	{"−−", "‐"}, // minus signs, a Unicode hyphen
}

// TestShellDashMutations replaces, in every shell snippet of the corpus
// and the novel guides (sh, bash, zsh, shell, console), the hyphens of
// each option outside comments, quotes and heredocs with dashes, by turns
// in each of the ways of dashMutations, first, middle or last option of
// its line alike. Each must give one new finding, shell-dash-pasted on
// that line, whose fix gives the snippet back (a one-letter option's
// single hyphen, a long option's two; a Go-style -long-flag is fixed to
// --long-flag, which Go's flag package takes the same). The same on
// inline code of the guides' texts that holds an option.
func TestShellDashMutations(t *testing.T) {
	snips := snippetsWhere(t, func(k kind) bool { return k == kindNone })
	total, found, restored := 0, 0, 0
	for _, n := range slices.Sorted(maps.Keys(snips)) {
		s := snips[n]
		if s.LangFormat() != snippet.Shell && s.Lang != "console" {
			continue
		}
		base := len(validateSnippet(s, newBudget()))
		for _, m := range shellOptionSites(s.Text) {
			for _, mu := range dashMutations {
				repl := mu.long
				if m.hyphens == 1 {
					repl = mu.short
				}
				text := slices.Concat(s.Text[:m.at], []byte(repl), s.Text[m.at+m.hyphens:])
				c := *s
				c.Text = text
				total++
				fs := validateSnippet(&c, newBudget())
				var got []finding
				for _, f := range fs {
					if f.code == "shell-dash-pasted" {
						got = append(got, f)
					}
				}
				line := bytes.Count(text[:m.at], []byte("\n"))
				if len(fs) != base+1 || len(got) != 1 || bytes.Count(text[:got[0].span.Start], []byte("\n")) != line {
					t.Errorf("%s: %q → %d findings (%d before)", n, lineOf(text, m.at), len(fs), base)
					continue
				}
				found++
				if bytes.Equal(applyEdits(text, got[0].fix.edits), s.Text) {
					restored++
				} else if m.hyphens != 1 || m.long == 1 {
					t.Errorf("%s: %q: the fix gives %q", n, lineOf(text, m.at), lineOf(applyEdits(text, got[0].fix.edits), m.at))
				}
			}
		}
	}
	t.Logf("options with dashes in shell snippets: found %d/%d, %d fixed back", found, total, restored)
	if total < 300 || found < total {
		t.Errorf("found %d/%d", found, total)
	}
	inlineDashMutations(t)
}

// optionSite is an option in a snippet's text: its hyphens at at, and
// the length of its name.
type optionSite struct{ at, hyphens, long int }

// shellOptionSites returns the options of a shell snippet's command lines:
// not in a heredoc, a comment or quotes, nor on output lines of a
// session, nor on an echo's line.
func shellOptionSites(text []byte) []optionSite {
	var out []optionSite
	session := promptRe.Match(text)
	var st shellState
	off := 0
	for _, raw := range bytes.SplitAfter(text, []byte("\n")) {
		lineStart := off
		off += len(raw)
		line := bytes.TrimRight(raw, "\r\n")
		if st.heredoc != "" {
			if l := strings.TrimLeft(string(line), "\t"); l == st.heredoc {
				st.heredoc = ""
			}
			continue
		}
		from := 0
		if session {
			m := promptRe.FindIndex(line)
			if m == nil || m[0] != 0 {
				continue
			}
			from = m[1]
		}
		if st.quote == 0 && !strings.HasPrefix(strings.TrimSpace(string(line[from:])), "echo") {
			for _, m := range optionRe.FindAllSubmatchIndex(line[from:], -1) {
				at := from + m[2]
				if inQuotesOrComment(line[from:at]) {
					continue
				}
				name := at + m[3] - m[2]
				end := name
				for end < len(line) && (isAlnum(line[end]) || line[end] == '-' || line[end] == '_' || line[end] == '.') {
					end++
				}
				out = append(out, optionSite{at: lineStart + at, hyphens: m[3] - m[2], long: end - name})
			}
		}
		st.scan(line[from:])
	}
	return out
}

// inQuotesOrComment reports whether the end of s is inside quotes or a
// comment.
func inQuotesOrComment(s []byte) bool {
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '\\':
			i++
		case c == '\'' || c == '"' || c == '`':
			q = c
		case c == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t'):
			return true
		}
	}
	return q != 0
}

// lineOf returns the line of text holding off.
func lineOf(text []byte, off int) string {
	start := bytes.LastIndexByte(text[:off], '\n') + 1
	end := bytes.IndexByte(text[off:], '\n')
	if end < 0 {
		return string(text[start:])
	}
	return string(text[start : off+end])
}

// inlineCodeOptionRe is inline code that starts with a command or an
// option and holds an option.
var inlineCodeOptionRe = regexp.MustCompile("`([^`]*(?:^|[ ])--?[A-Za-z][^`]*)`")

// inlineDashMutations does what TestShellDashMutations does to the inline
// code of the guides' lines outside fences.
func inlineDashMutations(t *testing.T) {
	var paths []string
	if dir := testenv.CorpusIfPresent(t); dir != "" {
		paths, _ = filepath.Glob(filepath.Join(dir, "*", "index.md"))
	}
	novel, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(t), "tests", "testdata", "novel", "*", "index.md"))
	paths = append(paths, novel...)
	total, found := 0, 0
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inFence := false
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "```") {
				inFence = !inFence
			}
			if inFence || strings.Contains(line, "{{") {
				continue
			}
			for _, m := range inlineCodeOptionRe.FindAllStringSubmatchIndex(line, -1) {
				code := line[m[2]:m[3]]
				o := optionRe.FindStringSubmatchIndex(code)
				if o == nil || strings.HasPrefix(code, "echo") || inQuotesOrComment([]byte(code[:o[2]])) {
					continue
				}
				at := m[2] + o[2]
				hy := o[3] - o[2]
				for _, mu := range dashMutations {
					repl := mu.long
					if hy == 1 {
						repl = mu.short
					}
					mutated := line[:at] + repl + line[at+hy:] + "\n"
					total++
					var l diag.List
					Checker.Run(&check.Pass{File: nil, Texts: lineTexts(mutated), Report: l.Add})
					if len(l) != 1 || l[0].Code != "shell-dash-pasted" {
						t.Errorf("%s: %q → %d findings", filepath.Base(filepath.Dir(p)), mutated, len(l))
						continue
					}
					found++
				}
			}
		}
	}
	t.Logf("options with dashes in inline code: found %d/%d", found, total)
	if total < 30 || found < total {
		t.Errorf("inline code: found %d/%d", found, total)
	}
}
