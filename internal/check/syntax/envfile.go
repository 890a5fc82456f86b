package syntax

import (
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/format/dotenv"
	"github.com/guidec/guidec/internal/source"
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
		if v.Comment.End > v.Comment.Start {
			fs = append(fs, inlineComment(text, v))
		}
		prev, dup := first[v.Key]
		if !dup {
			first[v.Key] = v
			continue
		}
		// The span covers the whole assignment, value included: an error
		// about this value (it differs from the provider's) is then the
		// same finding, the one the application really uses, and the
		// build folds this warning into it as a note.
		fs = append(fs, finding{
			span:    source.Span{Start: v.KeySpan.Start, End: max(v.KeySpan.End, v.ValueSpan.End)},
			code:    "env-duplicate-key",
			msg:     duplicateMsg(v, prev),
			hint:    "the last assignment wins, silently: remove one of them",
			related: []related{{span: prev.KeySpan, msg: "first assigned here"}},
		})
	}
	return fs
}

// duplicateMsg says that v assigns prev's variable again, and which value
// the application gets.
func duplicateMsg(v, prev dotenv.Var) string {
	if v.Value == prev.Value {
		return fmt.Sprintf("%s is assigned twice, both times '%s'", v.Key, short(v.Value))
	}
	return fmt.Sprintf("%s is assigned twice: this later value, '%s', wins over the first, '%s'", v.Key, short(v.Value), short(prev.Value))
}

// inlineComment reports a comment after an unquoted value. Compose and
// shells drop it, but `docker run --env-file` keeps it in the value (see
// package dotenv), so the application may read "true # note". It is an
// error when the variable is one the login depends on (a URL, id, secret or
// scope: the provider sees the wrong value), a warning otherwise. The fix
// moves the comment onto its own line above, which every loader reads the
// same; quoting would not help, as docker run keeps the quotes too.
func inlineComment(text []byte, v dotenv.Var) finding {
	lineStart := v.KeySpan.Start
	for lineStart > 0 && text[lineStart-1] != '\n' && text[lineStart-1] != '\r' {
		lineStart--
	}
	line := string(text[lineStart:v.KeySpan.Start])
	indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
	comment := strings.TrimLeft(string(text[v.Comment.Start:v.Comment.End]), " \t")
	hash := v.Comment.Start + strings.IndexByte(string(text[v.Comment.Start:v.Comment.End]), '#')
	return finding{
		span: source.Span{Start: hash, End: v.Comment.End},
		code: "env-inline-comment",
		warn: !loginVariable(v.Key),
		msg: fmt.Sprintf("docker run --env-file reads %s as '%s', comment included",
			v.Key, string(text[v.ValueSpan.Start:v.Comment.End])),
		hint: fmt.Sprintf("move the comment to its own line, so that every loader reads %s as '%s'", v.Key, v.Value),
		fix: &fix{msg: "move the comment above the assignment", edits: []diag.Edit{
			{Span: source.Span{Start: lineStart, End: lineStart}, NewText: indent + comment + "\n"},
			{Span: v.Comment},
		}},
	}
}

// loginVariable reports whether a variable's name says the login depends on
// its value: an URL, an id, a secret, a scope.
func loginVariable(name string) bool {
	n := strings.ToUpper(name)
	for _, w := range []string{"URL", "URI", "ISSUER", "ENDPOINT", "DISCOVERY", "CALLBACK", "REDIRECT", "CLIENT", "SECRET", "PASSWORD", "TOKEN", "KEY", "SCOPE", "_ID", "HOST", "DOMAIN"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return strings.HasSuffix(n, "ID")
}
