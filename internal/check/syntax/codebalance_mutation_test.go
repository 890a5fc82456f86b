package syntax

import (
	"bytes"
	"testing"
)

// TestCodeBalanceMutations drops, in every program-language snippet of
// the corpus and the novel guides, one at a time, each closing quote of a
// one-line string and each closing bracket, and counts, per language, the
// mutations found at the right line (the string's opening quote, the
// bracket left open) and the findings at any other line, which must be
// none. A dropped quote is an error in every language; in PHP and Ruby,
// where strings span lines, it is only certain when the string then
// breaks the file. A dropped bracket is certain when another bracket
// closes first, or the snippet is a whole file.
func TestCodeBalanceMutations(t *testing.T) {
	snips, names := sortedCodeSnippets(t)
	type count struct{ injected, found, wrong int }
	quotes, brackets := map[string]*count{}, map[string]*count{}
	get := func(m map[string]*count, l codeLang) *count {
		if m[l.name()] == nil {
			m[l.name()] = &count{}
		}
		return m[l.name()]
	}
	lineOf := func(text []byte, off int) int { return bytes.Count(text[:off], []byte("\n")) }
	for _, n := range names {
		s := snips[n]
		k := kindOf(s)
		lang := codeLangs[k]
		if k == kindNginx {
			continue
		}
		text, whole := s.Text, s.FileName() != ""
		if len(validateCodeFile(lang, text, whole)) > 0 {
			continue // the snippet has findings of its own
		}
		l := lexAll(lang, text)
		if l.bad {
			continue
		}
		// judge counts a mutation of text (dropping the byte at drop)
		// against the line want.
		judge := func(c *count, code string, drop, want int) {
			mutated := append(append([]byte{}, text[:drop]...), text[drop+1:]...)
			c.injected++
			fs := validateCodeFile(lang, mutated, whole)
			hit := false
			for _, f := range fs {
				if f.code != code {
					continue
				}
				if lineOf(mutated, f.span.Start) == want {
					hit = true
				} else {
					c.wrong++
					t.Logf("WRONG %s %s line %d (want %d): %s", code, n, lineOf(mutated, f.span.Start)+1, want+1, f.msg)
				}
			}
			if hit {
				c.found++
			} else if testing.Verbose() {
				t.Logf("MISS %s %s line %d", code, n, want+1)
			}
		}
		depth := []ctok{}
		for _, tk := range l.toks {
			switch {
			case tk.kind == tStr && (tk.text[len(tk.text)-1] == '\'' || tk.text[len(tk.text)-1] == '"') && !bytes.Contains([]byte(tk.text), []byte("\n")) && !tripleQuoted(tk.text) &&
				(tk.text[0] == '\'' || tk.text[0] == '"') && len(tk.text) >= 2:
				judge(get(quotes, lang), "code-string-unterminated", tk.end-1, tk.line)
			case tk.kind == tPunct && (tk.text == "(" || tk.text == "[" || tk.text == "{"):
				depth = append(depth, tk)
			case tk.kind == tPunct && (tk.text == ")" || tk.text == "]" || tk.text == "}"):
				if len(depth) == 0 {
					continue
				}
				o := depth[len(depth)-1]
				depth = depth[:len(depth)-1]
				judge(get(brackets, lang), "code-bracket-mismatch", tk.start, o.line)
			}
		}
	}
	langs := []string{}
	for _, l := range []codeLang{langJS, langTS, langPython, langPHP, langRuby, langLua} {
		langs = append(langs, l.name())
	}
	wrong := 0
	for _, name := range langs {
		for what, m := range map[string]map[string]*count{"closing quote": quotes, "closing bracket": brackets} {
			if c := m[name]; c != nil {
				t.Logf("%s: dropped %s found %d/%d, at a wrong line %d", name, what, c.found, c.injected, c.wrong)
				wrong += c.wrong
			}
		}
	}
	// Floors: the shares measured when the checks were written.
	for name, floor := range map[string]float64{"JavaScript": 0.95, "Python": 0.95, "Lua": 0.95, "PHP": 0.9, "Ruby": 0.9} {
		if c := quotes[name]; c != nil && float64(c.found) < floor*float64(c.injected) {
			t.Errorf("%s: dropped closing quotes found %d/%d, want %.0f%%", name, c.found, c.injected, 100*floor)
		}
	}
	if c := brackets["Python"]; c == nil || c.found*100 < c.injected*70 {
		t.Errorf("Python: dropped closing brackets found too rarely: %+v", c)
	}
	if wrong > 0 {
		t.Errorf("%d findings at a wrong line", wrong)
	}
}
