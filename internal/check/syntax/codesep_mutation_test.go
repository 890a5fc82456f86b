package syntax

import (
	"bytes"
	"sort"
	"testing"
)

// TestCodeSeparatorMutations doubles, in every program-language snippet
// of the corpus and the novel guides, each comma that ends an entry's
// line, and drops the separator of each entry written alone on its line
// (key: value, 'key' => value, key = value, label: value, then a comma),
// one at a time. A doubled comma must give code-comma-doubled at the
// second comma, with a fix restoring the snippet; a dropped separator
// code-separator-missing at the key; and nothing else may change. JavaScript
// arrays allow holes, so only commas after a "key: value" entry are
// doubled there; entries that are the literal's only keyed one cannot be
// told from a list, and are skipped.
func TestCodeSeparatorMutations(t *testing.T) {
	snips, names := sortedCodeSnippets(t)
	type count struct{ commas, commasFound, seps, sepsFound, inline, inlineFound int }
	per := map[codeLang]*count{}
	for _, n := range names {
		s := snips[n]
		lang, validate := codeLangs[kindOf(s)], validators[kindOf(s)]
		text := s.Text
		l := lexAll(lang, text)
		if l.bad {
			continue
		}
		if per[lang] == nil {
			per[lang] = &count{}
		}
		cnt := per[lang]
		base := len(validate(text))
		toks := l.toks
		in := enclosing(toks)
		for j, tk := range toks {
			// Every comma inside brackets, outside JavaScript (whose arrays
			// allow holes) and PHP destructuring: doubled, an error.
			if lang.jsLike() || tk.kind != tPunct || tk.text != "," || in[j] < 0 || j+1 < len(toks) && toks[j+1].line > tk.line {
				continue
			}
			if o := in[j]; lang == langPHP && o > 0 && toks[o-1].text == "list" {
				continue
			}
			mutated := append(append(append([]byte{}, text[:tk.end]...), ','), text[tk.end:]...)
			cnt.inline++
			fs := validate(mutated)
			found := false
			for _, f := range fs {
				found = found || f.code == "code-comma-doubled" && f.span.Start == tk.end
			}
			if found && len(fs) == base+1 {
				cnt.inlineFound++
			} else {
				t.Logf("MISS inline doubled %s %s line %d → %d findings", lang.name(), n, tk.line+1, len(fs))
			}
		}
		for j, tk := range toks {
			if j+1 < len(toks) && toks[j+1].line == tk.line || j == 0 {
				continue // not the last token of its line
			}
			first := j
			for first > 0 && toks[first-1].line == tk.line {
				first--
			}
			if tk.kind != tPunct || tk.text != "," || j-first < 2 {
				continue
			}
			sep := first + 1
			keyed := sepAfterKey(lang, toks, first)
			if lang.jsLike() && !keyed {
				continue
			}
			mutated := append(append(append([]byte{}, text[:tk.end]...), ','), text[tk.end:]...)
			cnt.commas++
			fs := validate(mutated)
			ok := false
			for _, f := range fs {
				if f.code == "code-comma-doubled" && f.span.Start == tk.end && f.fix != nil && bytes.Equal(applyEdits(mutated, f.fix.edits), text) {
					ok = true
				}
			}
			if ok && len(fs) == base+1 {
				cnt.commasFound++
			} else {
				t.Logf("MISS doubled %s %s line %d: %q → %d findings", lang.name(), n, tk.line+1, text[toks[first].start:tk.end], len(fs))
			}
			if !keyed || j-sep < 2 {
				continue
			}
			// Drop the separator and the blanks around it.
			mutated = append(append(append([]byte{}, text[:toks[first].end]...), ' '), text[toks[sep+1].start:]...)
			fs = validate(mutated)
			if !siblingKeyed(lang, toks, first) || lang == langLua && (toks[sep+1].kind == tStr || toks[sep+1].text == "{") {
				continue // a Lua name before a string or table is a call
			}
			cnt.seps++
			ok = false
			for _, f := range fs {
				if f.code == "code-separator-missing" && f.span.Start == toks[first].start {
					ok = true
				}
			}
			if ok && len(fs) == base+1 {
				cnt.sepsFound++
			} else {
				t.Logf("MISS separator %s %s line %d: %q → %d findings", lang.name(), n, tk.line+1, text[toks[first].start:tk.end], len(fs))
			}
		}
	}
	var all count
	for _, lang := range []codeLang{langJS, langTS, langPython, langPHP, langRuby, langLua} {
		if c := per[lang]; c != nil {
			t.Logf("%s: doubled commas found %d/%d ending a line, %d/%d within one; dropped separators found %d/%d",
				lang.name(), c.commasFound, c.commas, c.inlineFound, c.inline, c.sepsFound, c.seps)
			all.commas, all.commasFound, all.seps, all.sepsFound = all.commas+c.commas, all.commasFound+c.commasFound, all.seps+c.seps, all.sepsFound+c.sepsFound
			all.inline, all.inlineFound = all.inline+c.inline, all.inlineFound+c.inlineFound
		}
	}
	if all.commas == 0 || all.seps == 0 {
		t.Fatalf("no mutation: %d commas, %d separators", all.commas, all.seps)
	}
	if all.commasFound < all.commas*90/100 || all.inlineFound < all.inline*90/100 || all.sepsFound < all.seps*90/100 {
		t.Errorf("found %d/%d and %d/%d doubled commas and %d/%d dropped separators, want 90%% of each",
			all.commasFound, all.commas, all.inlineFound, all.inline, all.sepsFound, all.seps)
	}
}

// sepAfterKey reports whether the line starting at toks[first] is an
// entry "key SEP …" in lang's own notation.
func sepAfterKey(lang codeLang, toks []ctok, first int) bool {
	if first+1 >= len(toks) {
		return false
	}
	k, s := toks[first], toks[first+1]
	if s.kind != tPunct || s.line != k.line {
		return false
	}
	str := k.kind == tStr && !k.tmpl
	switch lang {
	case langJS, langTS:
		return (str || k.kind == tIdent) && s.text == ":"
	case langPython:
		return str && s.text == ":" || k.kind == tIdent && s.text == "="
	case langPHP:
		return str && s.text == "=>"
	case langRuby:
		return (str || k.kind == tSym) && s.text == "=>" || k.kind == tIdent && s.text == ":" && s.glued
	case langLua:
		return k.kind == tIdent && s.text == "="
	}
	return false
}

// siblingKeyed reports whether another line of the literal that holds
// the entry at toks[first] is a keyed entry too: the literal then shows
// its separator.
func siblingKeyed(lang codeLang, toks []ctok, first int) bool {
	in := enclosing(toks)
	for j := range toks {
		if j == first || in[j] != in[first] || j > 0 && toks[j-1].line == toks[j].line {
			continue
		}
		if sepAfterKey(lang, toks, j) {
			return true
		}
	}
	return false
}

// enclosing returns, for each token, the index of the innermost bracket
// open around it (-1 at the top).
func enclosing(toks []ctok) []int {
	out, stack := make([]int, len(toks)), []int{-1}
	for j, tk := range toks {
		out[j] = stack[len(stack)-1]
		switch {
		case tk.kind == tPunct && (tk.text == "(" || tk.text == "[" || tk.text == "{"):
			stack = append(stack, j)
		case tk.kind == tPunct && (tk.text == ")" || tk.text == "]" || tk.text == "}") && len(stack) > 1:
			stack = stack[:len(stack)-1]
		}
	}
	return out
}

// TestElixirCommaMutations doubles each comma of the Elixir snippets of
// the corpus and the novel guides, one at a time: Elixir accepts no empty
// argument or entry, so each must give code-comma-doubled at the second
// comma, with a fix restoring the snippet.
func TestElixirCommaMutations(t *testing.T) {
	snips := snippetsWhere(t, func(k kind) bool { return k == kindElixir })
	names := make([]string, 0, len(snips))
	for n := range snips {
		names = append(names, n)
	}
	sort.Strings(names)
	commas, found := 0, 0
	for _, n := range names {
		text := snips[n].Text
		l := lexAll(langElixir, text)
		if l.bad || len(validateElixir(text)) > 0 {
			t.Logf("skipped %s: the lexer gives up or finds a doubled comma", n)
			continue
		}
		for _, tk := range l.toks {
			if tk.kind != tPunct || tk.text != "," {
				continue
			}
			mutated := append(append(append([]byte{}, text[:tk.end]...), ','), text[tk.end:]...)
			commas++
			fs := validateElixir(mutated)
			if len(fs) == 1 && fs[0].span.Start == tk.end && bytes.Equal(applyEdits(mutated, fs[0].fix.edits), text) {
				found++
			} else {
				t.Logf("MISS %s line %d: %d findings", n, tk.line+1, len(fs))
			}
		}
	}
	t.Logf("Elixir: %d snippets, doubled commas found %d/%d", len(names), found, commas)
	if len(names) > 0 && (commas == 0 || found < commas) {
		t.Errorf("found %d/%d doubled commas", found, commas)
	}
}
