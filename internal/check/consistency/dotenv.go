package consistency

import (
	"strings"

	"github.com/guidec/guidec/internal/source"
)

// envLine is one NAME=value assignment of a .env file.
type envLine struct {
	Name      string
	Value     string      // unquoted (escapes of double quotes decoded)
	ValueSpan source.Span // of the raw value between any quotes, in the parsed text
	Raw       bool        // Value equals the bytes of ValueSpan (no escapes decoded)
}

// parseEnv reads the assignments of a .env file, the subset Docker Compose
// and shells agree on: optional "export ", NAME=value with no space around
// '=', single quotes (literal), double quotes (\\ \" \n \t \$ escapes),
// unquoted values ending at " #". Blank lines and # comments are skipped.
// ok is false when some other line is not an assignment, so that a shell
// script is not mistaken for a .env file; the assignments found are returned
// either way.
func parseEnv(text []byte) (lines []envLine, ok bool) {
	ok = true
	for off := 0; off < len(text); {
		end := off
		for end < len(text) && text[end] != '\n' {
			end++
		}
		line := strings.TrimRight(string(text[off:end]), "\r")
		if l, good, blank := parseEnvLine(line, off); good {
			lines = append(lines, l)
		} else if !blank {
			ok = false
		}
		off = end + 1
	}
	return lines, ok && len(lines) > 0
}

// parseEnvLine parses one line that starts at offset base.
func parseEnvLine(line string, base int) (l envLine, good, blank bool) {
	i := len(line) - len(strings.TrimLeft(line, " \t"))
	if i == len(line) || line[i] == '#' {
		return l, false, true
	}
	if rest := line[i:]; strings.HasPrefix(rest, "export ") {
		i += len("export ")
		for i < len(line) && line[i] == ' ' {
			i++
		}
	}
	start := i
	for i < len(line) && isNameByte(line[i], i == start) {
		i++
	}
	if i == start || i >= len(line) || line[i] != '=' {
		return l, false, false
	}
	l.Name = line[start:i]
	v, sp, raw, good := envValue(line, i+1)
	if !good {
		return l, false, false
	}
	l.Value, l.Raw = v, raw
	l.ValueSpan = source.Span{Start: base + sp.Start, End: base + sp.End}
	return l, true, false
}

// isNameByte reports whether c may appear in a variable name (letters,
// digits, '_' and '.', not a digit first).
func isNameByte(c byte, first bool) bool {
	switch {
	case c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
		return true
	case c >= '0' && c <= '9' || c == '.':
		return !first
	}
	return false
}

// envValue reads the value starting at line[i:].
func envValue(line string, i int) (v string, sp source.Span, raw, good bool) {
	if i < len(line) && (line[i] == '\'' || line[i] == '"') {
		return quoted(line, i)
	}
	end := len(line)
	if c := strings.Index(line[i:], " #"); c >= 0 {
		end = i + c
	}
	end = i + len(strings.TrimRight(line[i:end], " \t"))
	return line[i:end], source.Span{Start: i, End: end}, true, true
}

// quoted reads a quoted string that starts at line[i] and must close on
// the same line; only trailing blanks or a comment may follow it. Single
// quotes are literal; double quotes decode \\, \", \$, \n and \t.
func quoted(line string, i int) (v string, sp source.Span, raw, good bool) {
	q := line[i]
	var b strings.Builder
	raw = true
	j := i + 1
	for ; j < len(line) && line[j] != q; j++ {
		c := line[j]
		if q == '"' && c == '\\' && j+1 < len(line) {
			j++
			c, raw = unescape(line[j]), false
		}
		b.WriteByte(c)
	}
	if j >= len(line) {
		return "", source.Span{}, false, false
	}
	if tail := strings.TrimLeft(line[j+1:], " \t"); tail != "" && tail[0] != '#' {
		return "", source.Span{}, false, false
	}
	return b.String(), source.Span{Start: i + 1, End: j}, raw, true
}

func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	}
	return c
}
