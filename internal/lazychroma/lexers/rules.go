package lexers

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/dlclark/regexp2/v2"
)

// The rules of an XML lexer are read on its first use. chroma reads them
// with encoding/xml, whose tokenizer and reflection cost more than
// compiling the lexer's regular expressions (a tenth of a build that
// highlights PHP or Python once). parseRules reads the subset of XML that
// chroma's lexer files use (elements, attributes, comments, character
// references) straight into the Rules that chroma's decoder gives, built
// with chroma's own constructors; anything outside that subset is an
// error, and the lexer then reads its rules as chroma does
// (TestParseRules compares both for every lexer).

// xmlLexer returns chroma's lexer for the XML file path of embedded, whose
// configuration and rules parseConfig and parseRules read (or chroma,
// when they cannot).
func xmlLexer(path string) (*chroma.RegexLexer, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	config, err := parseConfig(data)
	if err != nil {
		return chroma.NewXMLLexer(embedded, path)
	}
	l, err := chroma.NewLexer(config, func() chroma.Rules {
		if r, err := readRules(path); err == nil {
			return r
		}
		return chroma.MustNewXMLLexer(embedded, path).MustRules()
	})
	if err != nil {
		return nil, err
	}
	if config.Analyse != nil {
		a, err := analyser(config)
		if err != nil {
			return nil, err
		}
		l.SetAnalyser(a)
	}
	return l, nil
}

// analyser is the analyser chroma's NewXMLLexer makes of a configuration's
// <analyse> regexes.
func analyser(config *chroma.Config) (func(string) float32, error) {
	type regexAnalyse struct {
		re    *regexp2.Regexp
		score float32
	}
	regexAnalysers := make([]regexAnalyse, 0, len(config.Analyse.Regexes))
	regexFlags := regexp2.None
	if config.CaseInsensitive {
		regexFlags = regexp2.IgnoreCase
	}
	for _, ra := range config.Analyse.Regexes {
		re, err := regexp2.Compile(ra.Pattern, regexFlags)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not a valid analyser regex: %w", config.Name, ra.Pattern, err)
		}
		regexAnalysers = append(regexAnalysers, regexAnalyse{re, ra.Score})
	}
	return func(text string) float32 {
		var score float32
		for _, ra := range regexAnalysers {
			ok, err := ra.re.MatchString(text)
			if err != nil {
				return 0
			}
			if ok && config.Analyse.First {
				return float32(math.Min(float64(ra.score), 1.0))
			}
			if ok {
				score += ra.score
			}
		}
		return float32(math.Min(float64(score), 1.0))
	}, nil
}

// mustXMLLexer is xmlLexer for the lexers written in Go, which panic as
// chroma's MustNewXMLLexer does.
func mustXMLLexer(path string) *chroma.RegexLexer {
	l, err := xmlLexer(path)
	if err != nil {
		panic(err)
	}
	return l
}

// readFile reads the file path of embedded.
func readFile(path string) ([]byte, error) {
	f, err := embedded.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// readRules reads and parses the rules of the lexer file path.
func readRules(path string) (chroma.Rules, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return parseRules(data)
}

// parseConfig parses the configuration of a chroma lexer file as chroma's
// XML decoder does: the first <config> element, which comes before the
// rules, so that building a lexer reads none of its rules.
func parseConfig(data []byte) (*chroma.Config, error) {
	s := string(data)
	start := strings.Index(s, "<config>")
	end := strings.Index(s, "</config>")
	if start < 0 || end < start {
		return nil, errSyntax
	}
	if i := strings.LastIndex(s[:start], "<!--"); i >= 0 && !strings.Contains(s[i:start], "-->") {
		return nil, errSyntax // inside a comment
	}
	p := xmlParser{s: s[start : end+len("</config>")]}
	e, err := p.element()
	if err != nil || p.pos != len(p.s) {
		return nil, errSyntax
	}
	c := &chroma.Config{}
	for _, k := range e.kids {
		if len(k.kids) > 0 && k.name != "analyse" {
			return nil, errSyntax
		}
		switch k.name {
		case "name":
			c.Name = k.text
		case "alias":
			c.Aliases = append(c.Aliases, k.text)
		case "filename":
			c.Filenames = append(c.Filenames, k.text)
		case "alias_filename":
			c.AliasFilenames = append(c.AliasFilenames, k.text)
		case "mime_type":
			c.MimeTypes = append(c.MimeTypes, k.text)
		case "case_insensitive":
			c.CaseInsensitive, err = boolOf(k.text)
		case "dot_all":
			c.DotAll, err = boolOf(k.text)
		case "not_multiline":
			c.NotMultiline, err = boolOf(k.text)
		case "ensure_nl":
			c.EnsureNL, err = boolOf(k.text)
		case "priority":
			c.Priority, err = float32Of(k.text)
		case "analyse":
			c.Analyse, err = analyseOf(k)
		default:
			return nil, errSyntax
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

func analyseOf(e *element) (*chroma.AnalyseConfig, error) {
	a := &chroma.AnalyseConfig{}
	for _, at := range e.attrs {
		if at.name != "first" {
			return nil, errSyntax
		}
		var err error
		if a.First, err = boolOf(at.value); err != nil {
			return nil, err
		}
	}
	for _, k := range e.kids {
		if k.name != "regex" || len(k.kids) > 0 {
			return nil, errSyntax
		}
		var r chroma.RegexConfig
		for _, at := range k.attrs {
			var err error
			switch at.name {
			case "pattern":
				r.Pattern = at.value
			case "score":
				r.Score, err = float32Of(at.value)
			default:
				err = errSyntax
			}
			if err != nil {
				return nil, err
			}
		}
		a.Regexes = append(a.Regexes, r)
	}
	return a, nil
}

// boolOf and float32Of read values as encoding/xml does.
func boolOf(s string) (bool, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return false, nil
	}
	return strconv.ParseBool(s)
}

func float32Of(s string) (float32, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(s, 32)
	return float32(f), err
}

var errSyntax = errors.New("lexer XML outside the subset parseRules reads")

// element is a parsed XML element: its name, attributes in order, child
// elements and text (character data of a leaf).
type element struct {
	name  string
	attrs []attr
	kids  []*element
	text  string
}

type attr struct{ name, value string }

// parseRules parses a chroma lexer file and returns its rules as chroma's
// XML decoder does.
func parseRules(data []byte) (chroma.Rules, error) {
	p := xmlParser{s: string(data)}
	root, err := p.document()
	if err != nil {
		return nil, err
	}
	if root.name != "lexer" {
		return nil, errSyntax
	}
	rules := chroma.Rules{}
	found := false
	for _, k := range root.kids {
		if k.name != "rules" {
			continue
		}
		found = true
		// As chroma: decoding into an existing map adds to it.
		for _, st := range k.kids {
			if st.name != "state" {
				continue
			}
			var rs []chroma.Rule
			for _, r := range st.kids {
				if r.name != "rule" {
					continue
				}
				rule, err := toRule(r)
				if err != nil {
					return nil, err
				}
				rs = append(rs, rule)
			}
			rules[attrOf(st, "name")] = rs
		}
	}
	if !found {
		return nil, nil
	}
	return rules, nil
}

// attrOf returns the last value of attribute name, as encoding/xml sets a
// string field from each attribute of its name in turn.
func attrOf(e *element, name string) string {
	v := ""
	for _, a := range e.attrs {
		if a.name == name {
			v = a.value
		}
	}
	return v
}

// attrsOf returns every value of attribute name, as encoding/xml fills a
// []string field.
func attrsOf(e *element, name string) []string {
	var v []string
	for _, a := range e.attrs {
		if a.name == name {
			v = append(v, a.value)
		}
	}
	return v
}

func toRule(e *element) (chroma.Rule, error) {
	r := chroma.Rule{}
	for _, a := range e.attrs {
		if a.name == "pattern" {
			r.Pattern = a.value
			break
		}
	}
	for _, k := range e.kids {
		if m, ok, err := toMutator(k); ok {
			if err != nil {
				return r, err
			}
			if r.Mutator != nil {
				return r, errSyntax
			}
			r.Mutator = m
			continue
		}
		em, err := toEmitter(k)
		if err != nil {
			return r, err
		}
		if r.Type != nil {
			return r, errSyntax
		}
		r.Type = em
	}
	return r, nil // as chroma's, text in a rule is ignored
}

// toMutator builds the mutator e spells; ok is false when e names none.
func toMutator(e *element) (m chroma.Mutator, ok bool, err error) {
	switch e.name {
	case "include":
		return chroma.Include(attrOf(e, "state")).Mutator, true, nil
	case "combined":
		return chroma.Combined(attrsOf(e, "state")...), true, nil
	case "push":
		return chroma.Push(attrsOf(e, "state")...), true, nil
	case "pop":
		d, err := intOf(attrOf(e, "depth"))
		return chroma.Pop(d), true, err
	case "mutators":
		var ms []chroma.Mutator
		for _, k := range e.kids {
			m, ok, err := toMutator(k)
			if !ok || err != nil {
				return nil, true, errSyntax
			}
			ms = append(ms, m)
		}
		return chroma.Mutators(ms...), true, nil
	}
	return nil, false, nil
}

// toEmitter builds the emitter e spells.
func toEmitter(e *element) (chroma.Emitter, error) {
	switch e.name {
	case "token":
		return chroma.TokenTypeString(attrOf(e, "type"))
	case "bygroups":
		ems, err := toEmitters(e)
		if err != nil {
			return nil, err
		}
		return chroma.ByGroups(ems...), nil
	case "using":
		return chroma.Using(attrOf(e, "lexer")), nil
	case "usingself":
		return chroma.UsingSelf(attrOf(e, "state")), nil
	case "usingbygroup":
		var name, code int
		var ems []chroma.Emitter
		for _, k := range e.kids {
			var err error
			switch k.name {
			case "sublexer_name_group":
				name, err = intOf(k.text)
			case "code_group":
				code, err = intOf(k.text)
			case "emitters":
				ems, err = toEmitters(k)
			default:
				err = errSyntax
			}
			if err != nil {
				return nil, err
			}
		}
		return chroma.UsingByGroup(name, code, ems...), nil
	}
	return nil, errSyntax
}

func toEmitters(e *element) ([]chroma.Emitter, error) {
	var ems []chroma.Emitter
	for _, k := range e.kids {
		em, err := toEmitter(k)
		if err != nil {
			return nil, err
		}
		ems = append(ems, em)
	}
	return ems, nil
}

// intOf reads an int as encoding/xml does (spaces around it allowed; an
// empty value is 0).
func intOf(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return int(n), err
}

// xmlParser reads the XML of a lexer file.
type xmlParser struct {
	s   string
	pos int
}

// document reads the prolog, comments and the root element.
func (p *xmlParser) document() (*element, error) {
	for {
		p.space()
		switch {
		case strings.HasPrefix(p.s[p.pos:], "<?"):
			i := strings.Index(p.s[p.pos:], "?>")
			if i < 0 {
				return nil, errSyntax
			}
			p.pos += i + 2
		case strings.HasPrefix(p.s[p.pos:], "<!--"):
			if err := p.comment(); err != nil {
				return nil, err
			}
		case strings.HasPrefix(p.s[p.pos:], "<"):
			return p.element()
		default:
			return nil, errSyntax
		}
	}
}

func (p *xmlParser) space() {
	for p.pos < len(p.s) && isSpace(p.s[p.pos]) {
		p.pos++
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (p *xmlParser) comment() error {
	i := strings.Index(p.s[p.pos+4:], "-->")
	if i < 0 {
		return errSyntax
	}
	p.pos += 4 + i + 3
	return nil
}

// name reads an element or attribute name: ASCII letters, digits, '_',
// '-' and '.', which is all that lexer files use.
func (p *xmlParser) name() (string, error) {
	start := p.pos
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '-' && p.pos > start || c == '.' && p.pos > start || '0' <= c && c <= '9' && p.pos > start {
			p.pos++
			continue
		}
		break
	}
	if p.pos == start {
		return "", errSyntax
	}
	return p.s[start:p.pos], nil
}

// element reads an element at '<'.
func (p *xmlParser) element() (*element, error) {
	p.pos++ // '<'
	n, err := p.name()
	if err != nil {
		return nil, err
	}
	e := &element{name: n}
	for {
		p.space()
		if p.pos >= len(p.s) {
			return nil, errSyntax
		}
		switch p.s[p.pos] {
		case '/':
			if !strings.HasPrefix(p.s[p.pos:], "/>") {
				return nil, errSyntax
			}
			p.pos += 2
			return e, nil
		case '>':
			p.pos++
			return e, p.content(e)
		}
		an, err := p.name()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.s) || p.s[p.pos] != '=' {
			return nil, errSyntax
		}
		p.pos++
		p.space()
		v, err := p.quoted()
		if err != nil {
			return nil, err
		}
		e.attrs = append(e.attrs, attr{an, v})
	}
}

// quoted reads a quoted attribute value.
func (p *xmlParser) quoted() (string, error) {
	if p.pos >= len(p.s) || p.s[p.pos] != '"' && p.s[p.pos] != '\'' {
		return "", errSyntax
	}
	q := p.s[p.pos]
	p.pos++
	i := strings.IndexByte(p.s[p.pos:], q)
	if i < 0 {
		return "", errSyntax
	}
	raw := p.s[p.pos : p.pos+i]
	p.pos += i + 1
	if strings.IndexByte(raw, '<') >= 0 {
		return "", errSyntax
	}
	return unescape(raw)
}

// content reads the children and text of e up to its end tag.
func (p *xmlParser) content(e *element) error {
	var text strings.Builder
	for {
		i := strings.IndexByte(p.s[p.pos:], '<')
		if i < 0 {
			return errSyntax
		}
		if i > 0 {
			t, err := unescape(p.s[p.pos : p.pos+i])
			if err != nil {
				return err
			}
			text.WriteString(t)
			p.pos += i
		}
		rest := p.s[p.pos:]
		switch {
		case strings.HasPrefix(rest, "</"):
			p.pos += 2
			n, err := p.name()
			if err != nil || n != e.name {
				return errSyntax
			}
			p.space()
			if p.pos >= len(p.s) || p.s[p.pos] != '>' {
				return errSyntax
			}
			p.pos++
			e.text = text.String()
			return nil
		case strings.HasPrefix(rest, "<!--"):
			if err := p.comment(); err != nil {
				return err
			}
		case strings.HasPrefix(rest, "<!"), strings.HasPrefix(rest, "<?"):
			return errSyntax // CDATA, declarations, processing instructions
		default:
			k, err := p.element()
			if err != nil {
				return err
			}
			e.kids = append(e.kids, k)
		}
	}
}

// unescape replaces the character and entity references of s and turns
// its line breaks (CR LF, CR) into LF, as encoding/xml does.
func unescape(s string) (string, error) {
	if strings.IndexByte(s, '&') < 0 && strings.IndexByte(s, '\r') < 0 {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '&':
			j := strings.IndexByte(s[i:], ';')
			if j < 0 {
				return "", errSyntax
			}
			ref := s[i+1 : i+j]
			i += j
			switch ref {
			case "lt":
				b.WriteByte('<')
			case "gt":
				b.WriteByte('>')
			case "amp":
				b.WriteByte('&')
			case "quot":
				b.WriteByte('"')
			case "apos":
				b.WriteByte('\'')
			default:
				r, ok := charRef(ref)
				if !ok {
					return "", errSyntax
				}
				b.WriteRune(r)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// charRef reads "#N" or "#xH", a character XML allows.
func charRef(ref string) (rune, bool) {
	num, ok := strings.CutPrefix(ref, "#")
	if !ok || num == "" {
		return 0, false
	}
	base := 10
	if h, ok := strings.CutPrefix(num, "x"); ok {
		num, base = h, 16
	}
	n, err := strconv.ParseUint(num, base, 32)
	if err != nil {
		return 0, false
	}
	r := rune(n)
	if !utf8.ValidRune(r) || !isXMLChar(r) {
		return 0, false
	}
	return r, true
}

// isXMLChar reports whether XML allows r in a document.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
