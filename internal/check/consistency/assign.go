package consistency

import (
	"strings"

	"github.com/guidec/guidec/internal/lazyre"
	"github.com/guidec/guidec/internal/source"
)

// assignment is one `key = value` (or key: value, 'key' => 'value') line of
// a configuration snippet in a format guidec does not parse fully: INI,
// TOML, PHP arrays, Python, JavaScript, Elixir and friends.
type assignment struct {
	Section   string // the last [section] header, "" before any
	Key       string
	Value     string
	ValueSpan source.Span
	Quoted    bool // the value was a quoted string
	Raw       bool // Value equals the bytes of ValueSpan
}

// scanAssignments finds assignments that start a line. It understands
// just enough syntax to be safe: one optional quote around the key, the
// separators "=>", "=" and ":", and a value that is a quoted string closed on
// the same line or an unquoted token. Everything else is ignored: missing a
// value is better than misreading one.
//
// Nested arrays and objects opened at the end of a line ('oidc' => [,
// oidc: {, oidc = {) add their key to the assignments' Section until the
// line that closes them, so that HumHub's 'clients' => ['oidc' => ['domain'
// => …]] reads as in an oidc section.
func scanAssignments(text []byte) []assignment {
	var out []assignment
	section := ""
	var open []string   // keys of the nested arrays and objects open
	list := false       // the innermost one open is an array
	str := string(text) // one copy: each line is a slice of it
	for off := 0; off < len(text); {
		end := off
		for end < len(text) && text[end] != '\n' {
			end++
		}
		line := strings.TrimRight(str[off:end], "\r")
		if s, ok := sectionHeader(line); ok && !list {
			section, open = s, open[:0]
		} else if m := opener(line); m != nil {
			if len(open) < maxOpen {
				open = append(open, m[1])
				t := strings.TrimSpace(line)
				list = strings.HasSuffix(t, "[") || strings.HasSuffix(t, "(")
			}
		} else if m := listItem(line, list && len(open) > 0); m != nil {
			// An item of an array opened above (allowed_redirect_uris = [
			// "https://…", …]): a value of the array's key.
			vs, ve := m[2], m[3]
			if m[4] >= 0 {
				vs, ve = m[4], m[5]
			}
			sec := section
			if len(open) > 1 {
				sec += "." + strings.Join(open[:len(open)-1], ".")
			}
			out = append(out, assignment{Section: sec, Key: open[len(open)-1],
				Value: line[vs:ve], ValueSpan: source.Span{Start: off + vs, End: off + ve}, Quoted: true, Raw: !strings.Contains(line[vs:ve], "\\")})
		} else if as := inlineObject(line, off); as != nil {
			sec := section
			if len(open) > 0 {
				sec += "." + strings.Join(open, ".")
			}
			for _, a := range as {
				a.Section = strings.TrimPrefix(sec+"."+a.Section, ".")
				out = append(out, a)
			}
		} else if a, ok := scanLine(line, off); ok {
			a.Section = section
			if len(open) > 0 {
				a.Section += "." + strings.Join(open, ".")
			}
			out = append(out, a)
		} else if t := strings.TrimSpace(line); t != "" && strings.ContainsRune("]})", rune(t[0])) && len(open) > 0 {
			open = open[:len(open)-1]
			list = false
		}
		off = end + 1
	}
	return out
}

// inlineObject reads a key whose value is an object closed on its line
// ("client_kwargs": {"scope": "openid email"}, in Python, JavaScript or
// PHP): its members are assignments in the key's section, as they are when
// the object spans lines. Only members that are a key, a separator and a
// quoted string are read; an object holding anything else (a nested
// object, a call, a string with a comma the split would cut) gives
// nothing, since missing a value is better than misreading one.
func inlineObject(line string, base int) []assignment {
	key, i, ok := keyAndSeparator(line)
	if !ok {
		return nil
	}
	i = skipBlanks(line, i)
	if i >= len(line) || line[i] != '{' {
		return nil
	}
	end := strings.LastIndexByte(line, '}')
	if end < i {
		return nil
	}
	if tail := strings.TrimLeft(line[end+1:], " \t,;)]}"); tail != "" && tail[0] != '#' && !strings.HasPrefix(tail, "//") {
		return nil
	}
	var out []assignment
	for _, member := range strings.Split(line[i+1:end], ",") {
		start := i + 1 // the member's offset in line
		i += 1 + len(member)
		if strings.TrimSpace(member) == "" {
			continue // a trailing comma
		}
		a, ok := scanLine(member, 0)
		if !ok || !a.Quoted {
			return nil
		}
		a.Section = key
		a.ValueSpan = source.Span{Start: base + start + a.ValueSpan.Start, End: base + start + a.ValueSpan.End}
		out = append(out, a)
	}
	return out
}

// directiveRE matches an Apache or nginx directive line: a name, blanks,
// and a value that is a quoted string or runs to a ';', a comment or the
// end of the line (OIDCClientID apache, OIDCScope "openid email").
var directiveRE = lazyre.New(`^[ \t]*([A-Za-z][A-Za-z0-9_]*)[ \t]+(?:"([^"\\]*)"|'([^'\\]*)'|([^\s"'=:;#{}<>][^;#{}"']*?))[ \t]*;?[ \t]*(?:#.*)?\r?$`)

// scanDirectives finds the directives of a configuration file in the
// Apache or nginx style, where a name and its value are separated by
// blanks alone; lines scanAssignments reads (key = value) are not
// directives.
func scanDirectives(text []byte) []assignment {
	var out []assignment
	for off := 0; off < len(text); {
		end := off
		for end < len(text) && text[end] != '\n' {
			end++
		}
		line := string(text[off:end])
		// A directive's name, a letter first, starts the line after blanks.
		if first := blanksFrom(line, 0); first == len(line) || !isLetterASCII(line[first]) {
			off = end + 1
			continue
		}
		if m := directiveRE.FindStringSubmatchIndex(line); m != nil {
			a := assignment{Key: line[m[2]:m[3]], Raw: true}
			for g := 4; g <= 8; g += 2 {
				if m[g] >= 0 {
					a.Value, a.ValueSpan, a.Quoted = line[m[g]:m[g+1]], source.Span{Start: off + m[g], End: off + m[g+1]}, g < 8
					break
				}
			}
			out = append(out, a)
		}
		off = end + 1
	}
	return out
}

// xmlLeafRE matches an XML element whose text is on one line:
// <OidClientId>jellyfin</OidClientId>; xmlOpenRE and xmlCloseRE an
// element's start or end tag alone.
var (
	xmlLeafRE  = lazyre.New(`^[ \t]*<([A-Za-z_][\w.-]*)(?:[ \t][^<>]*)?>([^<]*)</([A-Za-z_][\w.-]*)>[ \t]*\r?$`)
	xmlOpenRE  = lazyre.New(`^[ \t]*<([A-Za-z_][\w.-]*)(?:[ \t][^<>]*[^/<>])?>[ \t]*\r?$`)
	xmlCloseRE = lazyre.New(`^[ \t]*</([A-Za-z_][\w.-]*)>[ \t]*\r?$`)
)

// scanXML finds the elements of an XML file that hold a value on one
// line; their Section is the path of the elements around them.
func scanXML(text []byte) []assignment {
	var out []assignment
	var open []string
	for off := 0; off < len(text); {
		end := off
		for end < len(text) && text[end] != '\n' {
			end++
		}
		line := string(text[off:end])
		// Every element the regexps match starts the line after blanks.
		if first := blanksFrom(line, 0); first == len(line) || line[first] != '<' {
			off = end + 1
			continue
		}
		switch m := xmlLeafRE.FindStringSubmatchIndex(line); {
		case m != nil && line[m[2]:m[3]] == line[m[6]:m[7]]:
			v := strings.TrimSpace(line[m[4]:m[5]])
			if v != "" {
				vs := m[4] + strings.Index(line[m[4]:m[5]], v)
				key := line[m[2]:m[3]]
				if named, ok := xmlKeyAttr(line[m[3]:m[4]]); ok {
					// Java's properties XML (<entry key='openid.clientId'>…)
					// and the like name the setting in an attribute.
					key = named
				}
				out = append(out, assignment{Section: strings.Join(open, "."), Key: key, Value: v,
					ValueSpan: source.Span{Start: off + vs, End: off + vs + len(v)}, Raw: !strings.Contains(v, "&")})
			}
		case xmlOpenRE.MatchString(line):
			if len(open) < maxOpen {
				open = append(open, xmlOpenRE.FindStringSubmatch(line)[1])
			}
		case xmlCloseRE.MatchString(line):
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
		off = end + 1
	}
	return out
}

// xmlKeyAttr returns the value of the key or name attribute of an
// element's attributes (the text after its name, up to '>'): the name of
// the setting an <entry key="…"> or <property name="…"> holds.
func xmlKeyAttr(attrs string) (string, bool) {
	for _, a := range []string{" key=", " name=", "\tkey=", "\tname="} {
		i := strings.Index(attrs, a)
		if i < 0 {
			continue
		}
		rest := attrs[i+len(a):]
		if rest == "" || rest[0] != '"' && rest[0] != '\'' {
			continue
		}
		if j := strings.IndexByte(rest[1:], rest[0]); j > 0 {
			return rest[1 : 1+j], true
		}
	}
	return "", false
}

// listItemRE matches a line that is one quoted string item of an array.
var listItemRE = lazyre.New(`^\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*,?\s*$`)

// openerRE matches a line that opens a nested array or object under a key.
var openerRE = lazyre.New(`^\s*['"]?([\w.-]+)['"]?\s*(?:=>|=|:)\s*(?:\[|\{|array\()\s*$`)

// isLetterASCII reports whether c is in [A-Za-z].
func isLetterASCII(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// opener is openerRE.FindStringSubmatch(line), run only on a line that
// ends as its matches do: with '[', '{' or "array(" before blanks.
func opener(line string) []string {
	t := line[:trimSpaceRE(line)]
	if !strings.HasSuffix(t, "[") && !strings.HasSuffix(t, "{") && !strings.HasSuffix(t, "array(") {
		return nil
	}
	return openerRE.FindStringSubmatch(line)
}

// listItem is listItemRE.FindStringSubmatchIndex(line) when inList (an
// array is open), run only on a line whose first character after blanks
// is a quote, as its matches' is; nil otherwise.
func listItem(line string, inList bool) []int {
	if !inList {
		return nil
	}
	i := leadingSpaces(line)
	if i == len(line) || line[i] != '"' && line[i] != '\'' {
		return nil
	}
	return listItemRE.FindStringSubmatchIndex(line)
}

// maxOpen bounds the nesting tracked by scanAssignments.
const maxOpen = 32

// sectionHeader recognises an INI/TOML header such as [auth.generic_oauth].
func sectionHeader(line string) (string, bool) {
	t := strings.TrimSpace(line)
	if len(t) < 3 || t[0] != '[' || t[len(t)-1] != ']' || strings.ContainsAny(t[1:len(t)-1], "[]'\",=") {
		return "", false
	}
	return strings.Trim(t, "[]"), true
}

// keyAndSeparator reads the key that starts line (after its indentation)
// and the separator after it (=>, = or :), and returns the key and the
// offset just past the separator.
func keyAndSeparator(line string) (key string, i int, ok bool) {
	i = len(line) - len(strings.TrimLeft(line, " \t"))
	if k, j, ok := indexedKey(line, i); ok {
		return k, j, true
	}
	key, i, ok = scanKey(line, i)
	if !ok {
		return "", 0, false
	}
	i = skipBlanks(line, i)
	switch {
	case strings.HasPrefix(line[i:], "=>"):
		i += 2
	case i < len(line) && (line[i] == '=' || line[i] == ':'):
		i++
	default:
		return "", 0, false
	}
	return key, i, true
}

// indexedKey reads an assignment to an indexed name from line[i:]:
// PHP's $config['oauth_client_id'] = …, Ruby's gitlab_rails['key'] = …,
// Python's settings["key"] = …. The key is the last index; it returns
// where the value starts after the '='.
func indexedKey(line string, i int) (key string, j int, ok bool) {
	j = i
	if j < len(line) && line[j] == '$' {
		j++
	}
	start := j
	for j < len(line) && (line[j] == '_' || line[j] == '.' || line[j] >= 'a' && line[j] <= 'z' || line[j] >= 'A' && line[j] <= 'Z' || line[j] >= '0' && line[j] <= '9' && j > start) {
		j++
	}
	if j == start {
		return "", 0, false
	}
	for j+1 < len(line) && line[j] == '[' && (line[j+1] == '\'' || line[j+1] == '"') {
		q := line[j+1]
		end := strings.IndexByte(line[j+2:], q)
		if end < 0 || j+2+end+1 >= len(line) || line[j+2+end+1] != ']' {
			return "", 0, false
		}
		key = line[j+2 : j+2+end]
		j += 2 + end + 2
	}
	if key == "" {
		return "", 0, false
	}
	j = skipBlanks(line, j)
	if j >= len(line) || line[j] != '=' || j+1 < len(line) && (line[j+1] == '=' || line[j+1] == '>') {
		return "", 0, false
	}
	return key, j + 1, true
}

// scanLine parses one line that starts at offset base.
func scanLine(line string, base int) (assignment, bool) {
	key, i, ok := keyAndSeparator(line)
	if !ok {
		return assignment{}, false
	}
	i = skipBlanks(line, i)
	a := assignment{Key: key}
	if sp, ok := quotedList(line, i); ok {
		// scope: ['openid', 'email'] in JavaScript, PHP or Python: the
		// list as one value, which splitList reads word by word.
		a.Value, a.ValueSpan, a.Quoted, a.Raw = line[sp.Start:sp.End], sp, true, true
		a.ValueSpan = source.Span{Start: base + a.ValueSpan.Start, End: base + a.ValueSpan.End}
		return a, true
	}
	if i < len(line) && (line[i] == '\'' || line[i] == '"') {
		v, sp, raw, good := quotedToken(line, i)
		if !good {
			return assignment{}, false
		}
		a.Value, a.ValueSpan, a.Quoted, a.Raw = v, sp, true, raw
	} else {
		j := i
		for j < len(line) && !strings.ContainsRune(" \t,;#", rune(line[j])) {
			j++
		}
		if j == i {
			// key = with nothing after it (or a comment): an INI value
			// left empty, which the application reads as "".
			if sep := strings.TrimSpace(line[:i]); strings.HasSuffix(sep, "=") && !strings.HasSuffix(sep, "=>") && (i == len(line) || line[i] == '#' || line[i] == ';') {
				a.ValueSpan, a.Raw = source.Span{Start: base + i, End: base + i}, true
				return a, true
			}
			return assignment{}, false
		}
		// Tokens joined by commas with no blank are one value: a list
		// of a properties or INI file (Trino's
		// oauth2.scopes=openid,profile,email), not its first item.
		for j+1 < len(line) && line[j] == ',' && !strings.ContainsRune(" \t,;#", rune(line[j+1])) {
			j++
			for j < len(line) && !strings.ContainsRune(" \t,;#", rune(line[j])) {
				j++
			}
		}
		// An unquoted INI value runs to the end of the line or to a
		// comment: Grafana reads "scopes = openid profile email" as three
		// scopes, not as "openid".
		if k := wordsEnd(line, j); k > j {
			j = k
		}
		a.Value, a.ValueSpan, a.Raw = line[i:j], source.Span{Start: i, End: j}, true
	}
	a.ValueSpan = source.Span{Start: base + a.ValueSpan.Start, End: base + a.ValueSpan.End}
	return a, true
}

// stringListRE matches a list of quoted strings closed on its line: the
// items, and what may follow the list.
var stringListRE = lazyre.New(`^\[\s*((?:'[^'\\]*'|"[^"\\]*")(?:\s*,\s*(?:'[^'\\]*'|"[^"\\]*"))*)\s*,?\s*\]\s*[,;)}\]]*\s*(?:#.*|//.*)?$`)

// quotedList returns the span of the items of a one-line list of quoted
// strings starting at i ('openid', 'email'), or false.
func quotedList(line string, i int) (source.Span, bool) {
	if i >= len(line) || line[i] != '[' {
		return source.Span{}, false
	}
	m := stringListRE.FindStringSubmatchIndex(line[i:])
	if m == nil {
		return source.Span{}, false
	}
	return source.Span{Start: i + m[2], End: i + m[3]}, true
}

// wordsEnd returns where the words that follow the first word of an
// unquoted value (ending at j) end: more words separated by single blanks,
// up to a comment (" #", " ;"), a separator or the end of the line; j when
// no word follows.
func wordsEnd(line string, j int) int {
	end := j
	for k := j; k < len(line); {
		if line[k] != ' ' || k+1 >= len(line) || strings.ContainsRune(" \t#;,", rune(line[k+1])) {
			break
		}
		w := k + 1
		for w < len(line) && !strings.ContainsRune(" \t,;#", rune(line[w])) {
			w++
		}
		end, k = w, w
	}
	if strings.TrimSpace(line[end:]) != "" && !strings.HasPrefix(strings.TrimSpace(line[end:]), "#") && !strings.HasPrefix(strings.TrimSpace(line[end:]), ";") {
		return j // something else follows: keep the first token only
	}
	return end
}

// scanKey reads an identifier-like key, optionally in matching quotes.
func scanKey(line string, i int) (key string, next int, ok bool) {
	var q byte
	if i < len(line) && (line[i] == '\'' || line[i] == '"') {
		q = line[i]
		i++
	}
	start := i
	for i < len(line) && isKeyByte(line[i], i == start) {
		i++
	}
	if i == start {
		return "", 0, false
	}
	key = line[start:i]
	if q != 0 {
		if i >= len(line) || line[i] != q {
			return "", 0, false
		}
		i++
	}
	return key, i, true
}

func isKeyByte(c byte, first bool) bool {
	return isNameByte(c, first) || !first && c == '-'
}

func skipBlanks(line string, i int) int {
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	return i
}

// quotedToken reads a string in quotes closed on the same line; only
// punctuation that ends an assignment (",", ";", ")", "]", "}") or a comment
// may follow it.
func quotedToken(line string, i int) (v string, sp source.Span, raw, good bool) {
	q := line[i]
	var b strings.Builder
	raw = true
	j := i + 1
	for ; j < len(line) && line[j] != q; j++ {
		c := line[j]
		if c == '\\' && j+1 < len(line) {
			j++
			c, raw = unescape(line[j]), false
		}
		b.WriteByte(c)
	}
	if j >= len(line) {
		return "", source.Span{}, false, false
	}
	tail := strings.TrimLeft(line[j+1:], " \t,;)]}")
	if tail != "" && tail[0] != '#' && !strings.HasPrefix(tail, "//") {
		return "", source.Span{}, false, false
	}
	return b.String(), source.Span{Start: i + 1, End: j}, raw, true
}

// isNameByte reports whether c may appear in a key name (letters, digits,
// '_' and '.', not a digit first).
func isNameByte(c byte, first bool) bool {
	switch {
	case c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
		return true
	case c >= '0' && c <= '9' || c == '.':
		return !first
	}
	return false
}

// unescape decodes the character after a backslash in a quoted string.
func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	}
	return c
}
