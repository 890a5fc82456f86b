package syntax

import (
	"fmt"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/format/dotenv"
)

// envHints says how to fix each kind of dotenv error.
var envHints = map[dotenv.ErrorKind]string{
	dotenv.ErrNotAssignment:     "a .env file holds only KEY=value lines and # comments: move commands to a separate shell block",
	dotenv.ErrMissingEquals:     "write KEY=value (docker compose reads a lone name as \"copy KEY from the calling environment\", which a guide rarely means)",
	dotenv.ErrInvalidName:       "names hold letters, digits, '_' and '.', and do not start with a digit",
	dotenv.ErrSpaceAroundEquals: "write KEY=value: docker run --env-file keeps the blanks in the name or value, and a shell runs the value as a command",
	dotenv.ErrUnterminatedQuote: "close the quote, or drop it if the value needs none",
	dotenv.ErrTextAfterQuote:    "quote the whole value, or start a comment with a blank and '#'",
}

// validateEnv parses text as a .env file (see package dotenv).
func validateEnv(text []byte) []finding {
	vars, errs := dotenv.Parse(text)
	var fs []finding
	for _, e := range errs {
		f := finding{span: e.Span, code: "env-syntax", msg: e.Msg, hint: envHints[e.Kind]}
		if e.Kind == dotenv.ErrSpaceAroundEquals {
			f.fix = &fix{msg: "remove the blanks around '='", edits: []diag.Edit{{Span: e.Span, NewText: "="}}}
		}
		fs = append(fs, f)
	}
	first := map[string]dotenv.Var{}
	for _, v := range vars {
		prev, dup := first[v.Key]
		if !dup {
			first[v.Key] = v
			continue
		}
		fs = append(fs, finding{
			span:    v.KeySpan,
			code:    "env-duplicate-key",
			msg:     fmt.Sprintf("%s is assigned twice", v.Key),
			hint:    "the last assignment wins, silently: remove one of them",
			related: []related{{span: prev.KeySpan, msg: "first assigned here"}},
		})
	}
	return fs
}
