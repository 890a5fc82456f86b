package syntax

import (
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// validateElixir reports the doubled commas of an Elixir snippet
// (config.exs: config :ueberauth,, Ueberauth). Elixir has no empty
// argument or element anywhere: a call without parentheses, a list, a
// keyword list, a map and a tuple all take exactly one comma between two
// entries, so ",," outside strings and comments is a syntax error at any
// depth. Only that is checked: the lexer follows Elixir's comments,
// strings, interpolations and atoms, and gives up (no finding) on the
// heredocs, sigils and character literals whose text it cannot delimit.
func validateElixir(src []byte) (fs []finding) {
	defer func() {
		if recover() != nil {
			fs = nil
		}
	}()
	return checkElixir(src)
}

// checkElixir is validateElixir without the guard against the checker's
// own panics.
func checkElixir(src []byte) []finding {
	l := lexAll(langElixir, src)
	if l.bad {
		return nil
	}
	var fs []finding
	for j := 1; j < len(l.toks); j++ {
		t, p := l.toks[j], l.toks[j-1]
		if t.kind != tPunct || t.text != "," || p.kind != tPunct || p.text != "," {
			continue
		}
		fs = append(fs, finding{
			span: source.Span{Start: t.start, End: t.end},
			code: "code-comma-doubled",
			msg:  "two commas in a row: Elixir takes one between two arguments or entries, an empty one is a syntax error",
			hint: "delete the second comma",
			fix:  &fix{msg: "delete ','", edits: []diag.Edit{{Span: source.Span{Start: t.start, End: t.end}, NewText: ""}}},
		})
	}
	return fs
}
