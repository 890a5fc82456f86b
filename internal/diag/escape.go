package diag

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape returns s with every character that could change how a terminal,
// a CI log or an editor shows the output around it replaced by a visible
// escape, so that text taken from a guide (a title, a link, a key, a file
// name) cannot forge diagnostic lines, workflow commands or terminal
// sequences:
//
//   - line feed, carriage return and tab as \n, \r and \t, the other C0
//     controls and DEL as \x1b and the like;
//   - the C1 controls (U+0080–U+009F, which some terminals obey as ESC
//     sequences), the line and paragraph separators U+2028 and U+2029 and
//     the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
//     U+2066–U+2069, which reorder what is shown) as \u0085 and the like;
//   - a byte that is not UTF-8 as \xff and the like;
//   - "##[", "##vso[", "##teamcity[" (## and letters, then [), which CI
//     runners read as a command anywhere in a line (GitHub's legacy
//     workflow commands, Azure Pipelines, TeamCity), as #\x23[ and the
//     like.
//
// A backslash is left alone: text that already looks like an escape is
// only ambiguous to the reader, never obeyed. Escape returns s itself when
// nothing needs escaping.
func Escape(s string) string {
	if firstUnsafe(s) == len(s) {
		return s
	}
	out, _ := escapeMarked(s)
	return out
}

// escapeMarked returns Escape(s) and, for each byte offset of s in marks
// (ascending), how many characters of the result come before it; an offset
// inside a character or an escaped sequence counts from its start.
func escapeMarked(s string, marks ...int) (string, []int) {
	var b strings.Builder
	b.Grow(len(s) + 16)
	cols := make([]int, 0, len(marks))
	printed := 0 // characters written to b
	for i := 0; i < len(s); {
		n, width := 1, 1 // bytes of s consumed, characters printed
		c := s[i]
		switch {
		case c == '#' && commandPrefix(s[i:]) > 0:
			n = commandPrefix(s[i:])
			b.WriteString(`#\x23`)
			b.WriteString(s[i+2 : i+n])
			width = 4 + n - 1
		case c < 0x20 || c == 0x7f:
			width = writeASCIIEscape(&b, c)
		case c < utf8.RuneSelf:
			b.WriteByte(c)
		default:
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && n == 1:
				b.WriteString(`\x`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&15])
				width = 4
			case isControl(r):
				width = writeUEscape(&b, r)
			default:
				b.WriteString(s[i : i+n])
			}
		}
		for len(cols) < len(marks) && marks[len(cols)] < i+n {
			cols = append(cols, printed)
		}
		printed += width
		i += n
	}
	for len(cols) < len(marks) {
		cols = append(cols, printed)
	}
	return b.String(), cols
}

const hex = "0123456789abcdef"

// firstUnsafe returns the index of the first byte of s that Escape
// changes, or len(s).
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || c == '#' && commandPrefix(s[i:]) > 0 {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || isControl(r) {
			return i
		}
		i += size
	}
	return len(s)
}

// writeASCIIEscape writes the escape of C0 control or DEL c and returns
// its length.
func writeASCIIEscape(b *strings.Builder, c byte) int {
	switch c {
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	case '\t':
		b.WriteString(`\t`)
	default:
		b.WriteString(`\x`)
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
		return 4
	}
	return 2
}

// writeUEscape writes r, below U+10000, as \uXXXX and returns its length.
func writeUEscape(b *strings.Builder, r rune) int {
	b.WriteString(`\u`)
	for shift := 12; shift >= 0; shift -= 4 {
		b.WriteByte(hex[r>>shift&15])
	}
	return 6
}

// isControl reports whether r is a character that Escape writes as \uXXXX
// (or, below U+0080, as an ASCII escape): a C0 or C1 control, DEL, a line
// or paragraph separator, or a bidirectional control.
func isControl(r rune) bool {
	return unicode.Is(unicode.Cc, r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}

// commandPrefix returns the length of the CI command prefix s starts with
// ("##", letters, "[") up to but not including the '[', or 0.
func commandPrefix(s string) int {
	if !strings.HasPrefix(s, "##") {
		return 0
	}
	for j := 2; j < len(s); j++ {
		c := s[j]
		switch {
		case c == '[':
			return j
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		default:
			return 0
		}
	}
	return 0
}

// jsonSafe rewrites an encoding/json document so that it holds no raw
// control character and no CI command prefix, without changing what it
// decodes to: the encoder writes DEL, the C1 controls and the
// bidirectional controls raw, which is valid JSON but reaches a terminal
// or a CI log as it is when the document is printed. Such characters can
// only occur inside strings, where \uXXXX means the same; so does \u005b
// for the '[' of "##[". enc is valid UTF-8 (the encoder replaces invalid
// bytes).
func jsonSafe(enc []byte) []byte {
	s := string(enc)
	i := firstUnsafe(s)
	if i == len(s) {
		return enc
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		if n := commandPrefix(s[i:]); n > 0 {
			b.WriteString(s[i : i+n])
			b.WriteString(`\u005b`)
			i += n + 1
			continue
		}
		// Below DEL only the encoder's own line feeds remain: it escapes
		// the C0 controls inside strings.
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x7f && isControl(r) {
			writeUEscape(&b, r)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return []byte(b.String())
}
