package consistency

import (
	"bytes"
	"slices"
	"strings"

	"github.com/guidec/guidec/internal/lazyre"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
	"gopkg.in/yaml.v3"
)

// scannedFormats are the formats (of the table of snippet formats) whose
// snippets scanAssignments reads; the loose ones are those where an
// unquoted token is a literal value (in PHP or Python it would be an
// expression).
var scannedFormats = map[snippet.Format]bool{
	snippet.INI: true, snippet.TOML: true, snippet.Conf: true, snippet.Properties: true,
	snippet.PHP: true, snippet.Python: true, snippet.JS: true, snippet.TS: true,
	snippet.Elixir: true, snippet.Ruby: true, snippet.Lua: true, snippet.HCL: true,
}

// looseFormat reports whether f is a format where an unquoted token is a
// literal value.
func looseFormat(f snippet.Format) bool {
	switch f {
	case snippet.INI, snippet.TOML, snippet.Conf, snippet.Properties:
		return true
	}
	return false
}

// shellLang reports whether s's fence is a shell's, or unlabelled.
func shellLang(s *snippet.Snippet) bool { return s.Lang == "" || s.LangFormat() == snippet.Shell }

// addAppSnippet collects the app-side values of s.
func (m *model) addAppSnippet(s *snippet.Snippet) {
	switch {
	case isCaddyfile(s):
		m.addCaddyfile(s)
	case isEnvFile(s):
		lines, _ := parseEnv(s.Text)
		m.addEnv(s, lines)
	case isYAML(s) || isJSON(s):
		if docs, ok := snippetYAML(s); ok {
			b := newYAMLBuf(s, 0, len(s.Text))
			for _, d := range docs {
				m.addTree(b, d)
			}
		} else if isJSON(s) {
			m.addAssignments(s, false)
		}
	case shellLang(s) && s.FileName() == "":
		if lines, ok := parseEnv(s.Text); ok {
			m.addEnv(s, lines)
		} else if d := yamlMapping(s.Text); d != nil {
			// A configuration file in a shell fence (GoToSocial's
			// config.yaml): read as what it clearly is.
			m.addTree(newYAMLBuf(s, 0, len(s.Text)), d)
		} else if s.Lang != "" {
			m.addFlags(s)
		}
	case s.LangFormat() == snippet.XML || s.TitleFormat() == snippet.XML:
		for _, a := range scanXML(s.Text) {
			if a.Raw {
				m.addKey(s, normalizeKey(a.Section), a.Key, snippetValue(s, a.ValueSpan, a.Value))
			}
		}
	default:
		if f := scanFormat(s); f != snippet.None {
			m.addAssignments(s, looseFormat(f))
			if f == snippet.Elixir || f == snippet.Ruby {
				m.addInlineKeywords(s)
			}
			if f == snippet.Conf {
				for _, a := range scanDirectives(s.Text) {
					m.addKey(s, "", a.Key, snippetValue(s, a.ValueSpan, a.Value))
				}
			}
		}
	}
}

// isEnvFile reports whether s is a .env file by its title or language.
func isEnvFile(s *snippet.Snippet) bool {
	return s.TitleFormat() == snippet.Env || s.LangFormat() == snippet.Env
}

// isJSON reports whether s is JSON (or a dialect) by its language, or
// titled as a .json file.
func isJSON(s *snippet.Snippet) bool {
	return s.LangFormat().Family() == snippet.JSON || s.TitleFormat() == snippet.JSON
}

// scanFormat returns the format scanAssignments should read s as, by its
// language, else its title; None when it reads none.
func scanFormat(s *snippet.Snippet) snippet.Format {
	if f := s.LangFormat(); scannedFormats[f] {
		return f
	}
	if f := s.TitleFormat(); scannedFormats[f] {
		return f
	}
	return snippet.None
}

// addEnv records the variables of a .env snippet.
func (m *model) addEnv(s *snippet.Snippet, lines []envLine) {
	for _, l := range lines {
		v := snippetValue(s, l.ValueSpan, l.Value)
		m.dotenv = append(m.dotenv, envVar{Name: l.Name, Where: where(s), Value: v, Block: s.Index})
		m.addKey(s, "", l.Name, v)
		if l.Raw {
			m.addEmbeddedJSON(s, l.ValueSpan.Start, l.Value)
		}
	}
}

// addAssignments records the keys found by scanAssignments; unquoted values
// count only when loose.
func (m *model) addAssignments(s *snippet.Snippet, loose bool) {
	for _, a := range scanAssignments(s.Text) {
		// In code an unquoted token is an expression, but a boolean is a
		// literal (GitLab's pkce: false).
		if !a.Quoted && !loose && !strings.EqualFold(a.Value, "true") && !strings.EqualFold(a.Value, "false") {
			continue
		}
		if a.Key == "Environment" && loose && a.Raw && !strings.HasPrefix(a.Value, "=") {
			m.addUnitEnv(s, a)
			continue
		}
		m.addKey(s, normalizeKey(a.Section), a.Key, snippetValue(s, a.ValueSpan, a.Value))
	}
}

// addUnitEnv records the variables of a systemd unit's Environment= line
// (systemd.exec(5)): assignments separated by blanks, each of which may be
// quoted whole ("A=1" B=2), as the environment the service runs with.
func (m *model) addUnitEnv(s *snippet.Snippet, a assignment) {
	v := a.Value
	for i := 0; i < len(v); {
		for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
			i++
		}
		start, end := i, 0
		if i < len(v) && (v[i] == '"' || v[i] == '\'') {
			q := v[i]
			start++
			end = strings.IndexByte(v[start:], q)
			if end < 0 {
				return
			}
			end += start
			i = end + 1
		} else {
			for i < len(v) && v[i] != ' ' && v[i] != '\t' {
				i++
			}
			end = i
		}
		name, val, ok := strings.Cut(v[start:end], "=")
		if !ok || name == "" || strings.ContainsAny(name, " \t\"'") {
			continue
		}
		at := a.ValueSpan.Start + start + len(name) + 1
		sv := snippetValue(s, source.Span{Start: at, End: at + len(val)}, val)
		m.addKey(s, "", name, sv)
		m.runEnv = append(m.runEnv, envVar{Name: name, Where: where(s), Value: sv})
	}
}

// inlineKeywordRE matches a keyword pair inside a list, a map or a tuple
// (Elixir's [default_scope: "openid email"], Ruby's { scope: "…" }), which
// scanAssignments, reading the key that starts a line, does not see.
var inlineKeywordRE = lazyre.New(`[\[{(,][ \t]*([a-z_][a-z0-9_]*):[ \t]+"([^"\\\n]*)"`)

// addInlineKeywords records the keyword pairs inside lists, maps and
// tuples of an Elixir or Ruby snippet.
func (m *model) addInlineKeywords(s *snippet.Snippet) {
	text := string(s.Text)
	for _, x := range inlineKeywordRE.Re().FindAllStringSubmatchIndex(text, -1) {
		m.addKey(s, "", text[x[2]:x[3]], snippetValue(s, source.Span{Start: x[4], End: x[5]}, text[x[4]:x[5]]))
	}
}

// addKey records v with the kind of key (kindNone for a key of no rule:
// the value-based rules still read it).
func (m *model) addKey(s *snippet.Snippet, parents, key string, v value) {
	k := normalizeKey(key)
	m.app = append(m.app, appValue{Kind: classifyNormal(parents, k), Key: key, Where: where(s), Group: s.Index, Parents: parents, Value: v, norm: k})
}

// addEmbeddedJSON reads a JSON object or array held in a string value (a
// whole provider definition in one environment variable, as
// django-allauth's SOCIALACCOUNT_PROVIDERS). start is the offset of text in
// s.Text; the caller guarantees text is the raw bytes there.
func (m *model) addEmbeddedJSON(s *snippet.Snippet, start int, text string) {
	t := strings.TrimSpace(text)
	if t == "" || t[0] != '{' && t[0] != '[' {
		return
	}
	docs, ok := parseYAML([]byte(text))
	if !ok {
		return
	}
	b := newYAMLBuf(s, start, len(text))
	for _, d := range docs {
		w := treeWalker{m: m, s: s, buf: b}
		w.walk(d, "")
	}
}

// addTree records the keys of a YAML or JSON document, and the environment
// of compose services.
func (m *model) addTree(b *yamlBuf, d *yaml.Node) {
	s := b.s
	w := treeWalker{m: m, s: s, buf: b}
	if k := lookup(d, "kind"); k != nil && k.Value == "Secret" {
		w.skip = lookup(d, "data") // base64: not the value a reader compares
	}
	if services := lookup(d, "services"); services != nil && services.Kind == yaml.MappingNode {
		for i := 1; i < len(services.Content); i += 2 {
			if labels := lookup(services.Content[i], "labels"); labels != nil && labels.Kind == yaml.SequenceNode {
				m.addLabelList(b, labels)
			}
			if env := lookup(services.Content[i], "environment"); env != nil {
				m.addComposeEnv(b, env)
				if w.skipAlso == nil {
					w.skipAlso = map[*yaml.Node]bool{}
				}
				w.skipAlso[env] = true
			}
		}
	}
	w.walk(d, "")
}

// addLabelList records a service's labels given as a list ("key=value"),
// under the parent "labels" as the labels of a mapping are: a label may be
// an application's setting (a Traefik plugin's middleware options).
func (m *model) addLabelList(b *yamlBuf, labels *yaml.Node) {
	for _, e := range labels.Content {
		if e = deref(e); e == nil || e.Kind != yaml.ScalarNode {
			continue
		}
		name, val, ok := strings.Cut(e.Value, "=")
		if !ok || name == "" {
			continue
		}
		sp := b.scalarSpan(e)
		if sp.Len() != len(e.Value) {
			continue // escapes: no place for the value in the guide
		}
		sp.Start += len(name) + 1
		m.addKey(b.s, "labels", name, snippetValue(b.s, sp, val))
	}
}

// yamlMapping returns the document of text when it is clearly YAML: one
// mapping of at least three keys, none of whose lines looks like a command
// (a shell command "echo a: b" parses as a mapping too).
func yamlMapping(text []byte) *yaml.Node {
	if !mayBeMapping(text, 3) {
		return nil
	}
	return parsedMapping(text)
}

// parsedMapping is yamlMapping without mayBeMapping: the parse decides.
func parsedMapping(text []byte) *yaml.Node {
	docs, ok := parseYAML(text)
	if !ok || len(docs) != 1 || docs[0].Kind != yaml.MappingNode || len(docs[0].Content) < 6 {
		return nil
	}
	for i := 0; i < len(docs[0].Content); i += 2 {
		if k := docs[0].Content[i]; k.Kind != yaml.ScalarNode || strings.ContainsAny(k.Value, " \t$|;&") {
			return nil
		}
	}
	return docs[0]
}

// mayBeMapping reports whether yaml.v3 could read a root mapping of n
// keys in text, a necessary condition checked before parsing, as most
// shell snippets are commands. A flow mapping needs a '{'. Every key of a
// block mapping needs a ':' or '?' indicator at the root, out of any flow
// collection, where yaml.v3 sees one only before a blank, a line break, a
// NUL or the end. Text in UTF-16 (a byte order mark) is left to the
// parser.
func mayBeMapping(text []byte, n int) bool {
	if len(text) >= 2 && (text[0] == 0xFF && text[1] == 0xFE || text[0] == 0xFE && text[1] == 0xFF) {
		return true
	}
	// Each byte that matters is found with IndexByte, which skips the
	// others many at a time: a '{' anywhere, then indicators up to n.
	if bytes.IndexByte(text, '{') >= 0 {
		return true
	}
	indicators := 0
	for _, c := range []byte{':', '?'} {
		for rest := text; indicators < n; {
			i := bytes.IndexByte(rest, c)
			if i < 0 {
				break
			}
			if yamlBlankz(rest[i+1:]) {
				indicators++
			}
			rest = rest[i+1:]
		}
	}
	return indicators >= n
}

// yamlBlankz reports whether rest starts as yaml.v3's is_blankz accepts: a
// blank, a line break (LF, CR, NEL, LS, PS), a NUL, or the end.
func yamlBlankz(rest []byte) bool {
	if len(rest) == 0 {
		return true
	}
	switch rest[0] {
	case ' ', '\t', '\r', '\n', 0:
		return true
	case 0xC2:
		return len(rest) > 1 && rest[1] == 0x85
	case 0xE2:
		return len(rest) > 2 && rest[1] == 0x80 && (rest[2] == 0xA8 || rest[2] == 0xA9)
	}
	return false
}

// emptyFlagRE matches an option given an empty value (--name=, or -e NAME=) followed by
// a blank or the end of the text.
var emptyFlagRE = lazyre.New(`(?:^|\s)(?:-{1,2}|-e\s+)([A-Za-z][\w.-]*)=(?:\s|$)`)

// emptyEnvFlagRE matches a variable given an empty value by -e or --env
// (docker run -e NAME=).
var emptyEnvFlagRE = lazyre.New(`(?:^|\s)(?:-e[ \t]+|--env[= ])([A-Za-z_][\w.]*)=(?:\s|$)`)

// flagRE matches a command-line option with a value: --name=value, or
// the key=value of --from-literal, --set and -e (kubectl, helm, docker).
var flagRE = lazyre.New(`(?:^|\s)(?:--(?:from-literal|set|set-string|env)[= ]|-e\s+)?-{0,2}([A-Za-z][\w.-]*)=('[^']*'|"[^"\\]*"|[^\s'"]+)`)

// addFlags records the options of the commands of a shell snippet; the
// variables given with -e or --env (docker run, podman run) are the
// environment the service runs with, as Compose's are.
func (m *model) addFlags(s *snippet.Snippet) {
	for _, f := range flagValues(string(s.Text)) {
		sv := snippetValue(s, f.span, f.value)
		m.addKey(s, "", f.key, sv)
		if f.env {
			m.runEnv = append(m.runEnv, envVar{Name: f.key, Where: where(s), Value: sv})
		}
	}
}

// envFlag reports whether prefix, the text flagRE matched before an
// option's name, is -e or --env.
func envFlag(prefix string) bool {
	p := strings.TrimSpace(prefix)
	return p == "-e" || strings.HasSuffix(p, " -e") || strings.HasPrefix(p, "--env")
}

// emptyAssignment reports whether text has an '=' followed by \s or the
// end, which emptyFlagRE and emptyEnvFlagRE need.
func emptyAssignment(text string) bool {
	for i := strings.IndexByte(text, '='); i >= 0; {
		if i+1 == len(text) || isSpaceRE(text[i+1]) {
			return true
		}
		j := strings.IndexByte(text[i+1:], '=')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// bareFlags appends to out the options of text that end their line: an
// option naming a setting that has a value (a client id, a secret…)
// followed by the next line's token after a line continuation, else with
// its value lost (-client-secret \ ⏎ -next: the option takes the next
// option as its value, or none). A switch (--enable-pkce) stands alone.
func bareFlags(text string, out []cliFlag) []cliFlag {
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		key, at, cont := lineEndFlag(text[start:end])
		next := end + 1
		if key != "" && valueKinds[classifyKey("", key)] {
			at += start
			if cont {
				f, ok := valueOnNextLine(text, next, key)
				if ok {
					out = append(out, f)
				}
				if ok || f.key == "" {
					start = next
					continue // a value, or none that is a plain token: not judged
				}
			}
			out = append(out, cliFlag{key: key, span: source.Span{Start: at, End: at}})
		}
		start = next
	}
	return out
}

// lineEndFlag returns the option that ends line (--name or -name, two
// characters or more, after a blank or at the start), the offset just
// after its name, and whether a line continuation follows it.
func lineEndFlag(line string) (key string, at int, cont bool) {
	e := len(line)
	for e > 0 && (line[e-1] == ' ' || line[e-1] == '\t' || line[e-1] == '\r') {
		e--
	}
	if e > 0 && line[e-1] == '\\' {
		cont = true
		e--
		for e > 0 && (line[e-1] == ' ' || line[e-1] == '\t') {
			e--
		}
	}
	b := e
	for b > 0 && line[b-1] != ' ' && line[b-1] != '\t' {
		b--
	}
	tok := line[b:e]
	name := strings.TrimPrefix(strings.TrimPrefix(tok, "-"), "-")
	if len(name) == len(tok) || len(name) < 2 || !isLetterASCII(name[0]) {
		return "", 0, false
	}
	for i := 1; i < len(name); i++ {
		if c := name[i]; !(isLetterASCII(c) || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return "", 0, false
		}
	}
	return name, e, cont
}

// valueOnNextLine reads the value of the option key from the line
// starting at start, after a line continuation: a quoted string or a
// token. ok is false when the line starts another option or is empty (the
// value is missing: f.key is set) or holds no plain value (f is zero).
func valueOnNextLine(text string, start int, key string) (f cliFlag, ok bool) {
	if start >= len(text) {
		return cliFlag{key: key}, false
	}
	i := start
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	if i >= len(text) || text[i] == '\n' || text[i] == '-' {
		return cliFlag{key: key}, false
	}
	if q := text[i]; q == '\'' || q == '"' {
		j := strings.IndexByte(text[i+1:], q)
		if j < 0 || strings.IndexByte(text[i+1:i+1+j], '\n') >= 0 {
			return cliFlag{}, false
		}
		return cliFlag{key: key, value: text[i+1 : i+1+j], span: source.Span{Start: i + 1, End: i + 1 + j}}, true
	}
	j := i
	for j < len(text) && !strings.ContainsRune(" \t\n\\|&;<>", rune(text[j])) {
		j++
	}
	if j == i {
		return cliFlag{}, false
	}
	return cliFlag{key: key, value: text[i:j], span: source.Span{Start: i, End: j}}, true
}

// valueKinds are the kinds of settings that always have a value.
var valueKinds = map[kind]bool{kindClientID: true, kindSecret: true, kindRedirect: true, kindIssuer: true, kindScope: true}

// cliFlag is one option of a command line.
type cliFlag struct {
	key, value string
	span       source.Span
	env        bool // a variable of the environment (-e NAME=…, --env NAME=…)
}

// spacedFlagRE matches a long option whose value follows a blank
// (--client-id 'proxmox'); the value is quoted, or a token that does not
// start an option, a line continuation or a pipe.
var spacedFlagRE = lazyre.New(`(?:^|\s)--([A-Za-z][\w.-]*)[ \t]+('[^']*'|"[^"\\]*"|[^\s'"\\|&;<>-][^\s'"]*)`)

// goFlagRE matches a long option spelt with one dash whose value follows a
// blank (-client-id 'boundary'): Go's flag package, which the HashiCorp
// CLIs and many others use, accepts -name value as --name value. One
// letter after the dash is a POSIX short option (-e, -n, -p) whose value
// is no option of the application, so the name has two characters or
// more.
var goFlagRE = lazyre.New(`(?:^|\s)-([A-Za-z][\w.-]+)[ \t]+('[^']*'|"[^"\\]*"|[^\s'"\\|&;<>-][^\s'"]*)`)

// flagValues returns the --name=value and --name value options of
// commands in text, and the key=value pairs that --from-literal, --set
// and -e give.
func flagValues(text string) []cliFlag {
	var out []cliFlag
	add := func(m []int) {
		vs, ve := m[4], m[5]
		if q := text[vs]; q == '\'' || q == '"' {
			vs, ve = vs+1, ve-1
		}
		out = append(out, cliFlag{key: text[m[2]:m[3]], value: text[vs:ve], span: source.Span{Start: vs, End: ve}, env: envFlag(text[m[0]:m[2]])})
	}
	// Each regexp is run only on a text that holds what its matches
	// need: an '=' (flagRE), an '=' before a blank or the end (the empty
	// values), a "--" (spacedFlagRE). Most commands hold none of them.
	if strings.IndexByte(text, '=') >= 0 {
		for _, m := range flagRE.FindAllStringSubmatchIndex(text, -1) {
			add(m)
		}
	}
	if emptyAssignment(text) {
		for _, m := range emptyEnvFlagRE.FindAllStringSubmatchIndex(text, -1) {
			// -e NAME= \ : the variable is given an empty value.
			out = append(out, cliFlag{key: text[m[2]:m[3]], span: source.Span{Start: m[3] + 1, End: m[3] + 1}, env: true})
		}
		for _, m := range emptyFlagRE.FindAllStringSubmatchIndex(text, -1) {
			// --client-secret= with nothing after it: the option is given
			// an empty value.
			out = append(out, cliFlag{key: text[m[2]:m[3]], span: source.Span{Start: m[3] + 1, End: m[3] + 1}})
		}
	}
	if strings.Contains(text, "--") {
		for _, m := range spacedFlagRE.FindAllStringSubmatchIndex(text, -1) {
			// A value with '=' is a key=value of its own (--set a=b),
			// which flagRE reads.
			if !strings.Contains(text[m[4]:m[5]], "=") {
				add(m)
			}
		}
	}
	if strings.IndexByte(text, '-') >= 0 {
		for _, m := range goFlagRE.FindAllStringSubmatchIndex(text, -1) {
			if !strings.Contains(text[m[4]:m[5]], "=") {
				add(m)
			}
		}
	}
	if strings.IndexByte(text, '-') >= 0 {
		out = bareFlags(text, out)
	}
	slices.SortStableFunc(out, func(a, b cliFlag) int { return a.span.Start - b.span.Start })
	return out
}
