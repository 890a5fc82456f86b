package shortcode

import (
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/lazyre"
)

// maxPattern bounds a regular expression's source; Go's regexp runs in
// linear time, so only its size needs a bound.
const maxPattern = 4096

var reCache sync.Map // pattern → *regexp.Regexp

// compileRE compiles a pattern once per process.
func compileRE(pattern string) (*regexp.Regexp, error) {
	if re, ok := reCache.Load(pattern); ok {
		return re.(*regexp.Regexp), nil
	}
	if len(pattern) > maxPattern {
		return nil, fmt.Errorf("regular expression longer than %d bytes", maxPattern)
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	reCache.Store(pattern, re)
	return re, nil
}

func limitArg(fn string, limit []any) (int, error) {
	if len(limit) == 0 {
		return -1, nil
	}
	n, err := fnInt(limit[0])
	if err != nil {
		return 0, fmt.Errorf("%s: limit: %w", fn, err)
	}
	return n, nil
}

// fnReplaceRE is Hugo's replaceRE PATTERN REPLACEMENT INPUT [LIMIT]:
// every match (the first LIMIT when given) replaced, $1 and ${name}
// expanded.
func fnReplaceRE(pattern, repl, input any, limit ...any) (string, error) {
	re, err := compileRE(toString(pattern))
	if err != nil {
		return "", fmt.Errorf("replaceRE: %w", err)
	}
	n, err := limitArg("replaceRE", limit)
	if err != nil {
		return "", err
	}
	s, r := toString(input), toString(repl)
	if n < 0 {
		return re.ReplaceAllString(s, r), nil
	}
	var b []byte
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(s, n) {
		b = append(b, s[last:m[0]]...)
		b = re.ExpandString(b, r, s, m)
		last = m[1]
	}
	return string(append(b, s[last:]...)), nil
}

// fnFindRE is Hugo's findRE PATTERN INPUT [LIMIT]: the matches.
func fnFindRE(pattern, input any, limit ...any) ([]string, error) {
	re, err := compileRE(toString(pattern))
	if err != nil {
		return nil, fmt.Errorf("findRE: %w", err)
	}
	n, err := limitArg("findRE", limit)
	if err != nil {
		return nil, err
	}
	out := re.FindAllString(toString(input), n)
	if out == nil {
		out = []string{}
	}
	return out, nil
}

// fnFindRESubmatch is Hugo's findRESubmatch: each match with its groups.
func fnFindRESubmatch(pattern, input any, limit ...any) ([][]string, error) {
	re, err := compileRE(toString(pattern))
	if err != nil {
		return nil, fmt.Errorf("findRESubmatch: %w", err)
	}
	n, err := limitArg("findRESubmatch", limit)
	if err != nil {
		return nil, err
	}
	out := re.FindAllStringSubmatch(toString(input), n)
	if out == nil {
		out = [][]string{}
	}
	return out, nil
}

func fnSplit(v, sep any) []string { return strings.Split(toString(v), toString(sep)) }

func fnReplace(v, old, new any, limit ...any) (string, error) {
	n, err := limitArg("replace", limit)
	if err != nil {
		return "", err
	}
	return strings.Replace(toString(v), toString(old), toString(new), n), nil
}

func fnTrim(v, cutset any) string { return strings.Trim(toString(v), toString(cutset)) }
func fnLower(v any) string        { return strings.ToLower(toString(v)) }
func fnUpper(v any) string        { return strings.ToUpper(toString(v)) }
func fnHasPrefix(v, p any) bool   { return strings.HasPrefix(toString(v), toString(p)) }
func fnHasSuffix(v, p any) bool   { return strings.HasSuffix(toString(v), toString(p)) }
func fnChomp(v any) string        { return strings.TrimRight(toString(v), "\r\n") }
func fnCountRunes(v any) int {
	return utf8.RuneCountInString(strings.Join(strings.Fields(toString(v)), ""))
}
func fnCountWords(v any) int                 { return len(strings.Fields(fnPlainify(v))) }
func fnSafeHTML(v any) template.HTML         { return template.HTML(toString(v)) }
func fnSafeURL(v any) template.URL           { return template.URL(toString(v)) }
func fnSafeCSS(v any) template.CSS           { return template.CSS(toString(v)) }
func fnSafeJS(v any) template.JS             { return template.JS(toString(v)) }
func fnHTMLEscape(v any) string              { return html.EscapeString(toString(v)) }
func fnHTMLUnescape(v any) string            { return html.UnescapeString(toString(v)) }
func fnEmojify(v any) template.HTML          { return template.HTML(toString(v)) }
func fnString(v any) string                  { return toString(v) }
func fnSafeHTMLAttr(v any) template.HTMLAttr { return template.HTMLAttr(toString(v)) }

// fnSubstr is Hugo's substr INPUT START [LENGTH], in runes; a negative
// start counts from the end, a negative length leaves that many off.
func fnSubstr(v, start any, length ...any) (string, error) {
	rs := []rune(toString(v))
	st, err := fnInt(start)
	if err != nil {
		return "", fmt.Errorf("substr: %w", err)
	}
	if st < 0 {
		st = max(len(rs)+st, 0)
	}
	st = min(st, len(rs))
	end := len(rs)
	if len(length) > 0 {
		n, err := fnInt(length[0])
		if err != nil {
			return "", fmt.Errorf("substr: %w", err)
		}
		if n < 0 {
			end = max(len(rs)+n, st)
		} else {
			end = min(st+n, len(rs))
		}
	}
	return string(rs[st:end]), nil
}

// fnTruncate is Hugo's truncate SIZE [ELLIPSIS] INPUT: the text cut at a
// word boundary to at most SIZE runes, with the ellipsis (" …" by
// default) when cut.
func fnTruncate(size any, args ...any) (string, error) {
	n, err := fnInt(size)
	if err != nil {
		return "", fmt.Errorf("truncate: %w", err)
	}
	ellipsis := " …"
	var text string
	switch len(args) {
	case 1:
		text = toString(args[0])
	case 2:
		ellipsis, text = toString(args[0]), toString(args[1])
	default:
		return "", fmt.Errorf("truncate: want SIZE [ELLIPSIS] INPUT")
	}
	rs := []rune(text)
	if len(rs) <= n {
		return text, nil
	}
	cut := n
	for cut > 0 && !unicode.IsSpace(rs[cut]) {
		cut--
	}
	if cut == 0 {
		cut = n
	}
	return strings.TrimRightFunc(string(rs[:cut]), unicode.IsSpace) + ellipsis, nil
}

// apSmallWords are the words AP style leaves in lower case inside a title.
var apSmallWords = map[string]bool{
	"a": true, "an": true, "and": true, "at": true, "but": true, "by": true, "for": true, "in": true,
	"nor": true, "of": true, "on": true, "or": true, "so": true, "the": true, "to": true, "up": true, "yet": true,
}

// fnTitle is Hugo's title in its default (AP) style: each word begins with
// a capital, except the small words that are neither first nor last;
// the rest of each word is kept ("TOC" stays).
func fnTitle(v any) string {
	words := strings.Fields(toString(v))
	for i, w := range words {
		if i > 0 && i < len(words)-1 && apSmallWords[strings.ToLower(w)] {
			words[i] = strings.ToLower(w)
			continue
		}
		words[i] = firstUpper(w)
	}
	return strings.Join(words, " ")
}

func firstUpper(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// fnHumanize is Hugo's humanize: an integer gets its English ordinal
// suffix ("52nd"); other text is split into lower-case words at '-', '_'
// and camel-case humps, the first capitalised ("myCamelPost" → "My camel
// post").
func fnHumanize(v any) string {
	s := toString(v)
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
		return strconv.Itoa(n) + ordinal(n)
	}
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(strings.TrimSpace(s))
	for i, r := range rs {
		switch {
		case r == '-' || r == '_' || unicode.IsSpace(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return firstUpper(strings.Join(words, " "))
}

func ordinal(n int) string {
	if n < 0 {
		n = -n
	}
	switch n % 100 {
	case 11, 12, 13:
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

var tagRE = lazyre.New(`<[^>]*>`)

// fnPlainify removes HTML tags.
func fnPlainify(v any) string { return tagRE.ReplaceAllString(toString(v), "") }

// fnJSONify is Hugo's jsonify [OPTIONS] INPUT: the value as JSON, indented
// when OPTIONS sets indent (and prefix), HTML characters escaped unless
// OPTIONS sets noHTMLEscape.
func fnJSONify(args ...any) (template.HTML, error) {
	var opts map[string]any
	switch len(args) {
	case 1:
	case 2:
		m, ok := stringMap(args[0])
		if !ok {
			return "", fmt.Errorf("jsonify: options must be a dict")
		}
		opts = m
	default:
		return "", fmt.Errorf("jsonify: want [OPTIONS] INPUT")
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetIndent(toString(opts["prefix"]), toString(opts["indent"]))
	if truth(opts["noHTMLEscape"]) {
		enc.SetEscapeHTML(false)
	}
	if err := enc.Encode(jsonable(args[len(args)-1])); err != nil {
		return "", fmt.Errorf("jsonify: %w", err)
	}
	return template.HTML(strings.TrimSuffix(b.String(), "\n")), nil
}

// jsonable converts the maps YAML decoders produce with non-string keys,
// which encoding/json refuses.
func jsonable(v any) any {
	switch v := v.(type) {
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[toString(k)] = jsonable(x)
		}
		return m
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = jsonable(x)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, x := range v {
			l[i] = jsonable(x)
		}
		return l
	}
	return v
}
