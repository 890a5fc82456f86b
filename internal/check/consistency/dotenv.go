package consistency

import (
	"github.com/guidec/guidec/internal/format/dotenv"
	"github.com/guidec/guidec/internal/source"
)

// envLine is one NAME=value assignment of a .env file.
type envLine struct {
	Name      string
	Value     string      // unquoted (escapes of double quotes decoded)
	ValueSpan source.Span // of the raw value between any quotes, in the parsed text
	Raw       bool        // Value equals the bytes of ValueSpan (no escapes decoded)
}

// parseEnv reads the assignments of a .env file with package dotenv, the
// one .env parser. ok is false when some line is not a clean assignment,
// so that a shell script is not mistaken for a .env file; the assignments
// found on the lines without an error are returned either way (a line
// check/syntax reports, such as KEY = value, states no value to compare).
func parseEnv(text []byte) (lines []envLine, ok bool) {
	vars, errs := dotenv.Parse(text)
	for _, v := range vars {
		if onErrorLine(text, v, errs) {
			continue
		}
		l := envLine{Name: v.Key, Value: v.Value, ValueSpan: v.ValueSpan}
		if sp := v.ValueSpan; sp.Len() >= 2 && (text[sp.Start] == '\'' || text[sp.Start] == '"') && text[sp.End-1] == text[sp.Start] {
			l.ValueSpan = source.Span{Start: sp.Start + 1, End: sp.End - 1}
		}
		l.Raw = string(text[l.ValueSpan.Start:l.ValueSpan.End]) == v.Value
		lines = append(lines, l)
	}
	return lines, len(errs) == 0 && len(lines) > 0
}

// onErrorLine reports whether an error of errs lies on the lines of v.
func onErrorLine(text []byte, v dotenv.Var, errs []dotenv.Error) bool {
	if len(errs) == 0 {
		return false
	}
	start := v.KeySpan.Start
	for start > 0 && text[start-1] != '\n' && text[start-1] != '\r' {
		start--
	}
	end, _ := source.EditorBreaks.LineAt(text, v.ValueSpan.End)
	for _, e := range errs {
		if e.Span.Start >= start && e.Span.Start <= end {
			return true
		}
	}
	return false
}
