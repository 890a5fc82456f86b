package shortcode

import (
	"fmt"
	"html"
	"html/template"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/guidec/guidec/internal/diag"
)

// funcMap returns the template functions, bound to s so that the ones that
// report (errorf, warnf, relref), splice (see markSplices) or call
// partials reach the call being rendered. Names, arguments and semantics
// follow Hugo's (tpl/…): the global aliases, and the namespaces
// (strings.HasPrefix, collections.Where, hugo.Data…) as methods of the
// values the namespace functions return. safeStyle and unreserved are
// guidec's own, for the built-in templates.
func (s *Set) funcMap() template.FuncMap {
	m := template.FuncMap{
		// Comparison: Hugo's compare numbers across types and never fail
		// on mismatched ones.
		"eq": fnEq, "ne": fnNe, "lt": fnLt, "le": fnLe, "gt": fnGt, "ge": fnGe,
		"default": fnDefault, "cond": fnCond,

		// Collections.
		"dict": fnDict, "slice": fnSlice, "index": fnIndex, "where": fnWhere, "in": fnIn,
		"delimit": fnDelimit, "first": fnFirst, "last": fnLast, "after": fnAfter,
		"append": fnAppend, "uniq": fnUniq, "sort": fnSort, "isset": fnIsSet, "seq": fnSeq,
		"reverse": fnReverse, "merge": fnMerge, "querify": fnQuerify, "newScratch": NewScratch,

		// Strings.
		"split": fnSplit, "replace": fnReplace, "replaceRE": fnReplaceRE, "findRE": fnFindRE,
		"findRESubmatch": fnFindRESubmatch, "trim": fnTrim, "lower": fnLower, "upper": fnUpper,
		"title": fnTitle, "humanize": fnHumanize, "urlize": urlize,
		"anchorize": func(v any) string { return anchorize(toString(v)) },
		"hasPrefix": fnHasPrefix, "hasSuffix": fnHasSuffix, "chomp": fnChomp, "substr": fnSubstr,
		"truncate": fnTruncate, "countwords": fnCountWords, "countrunes": fnCountRunes,

		// Safe values, transformations.
		"safeHTML": fnSafeHTML, "safeHTMLAttr": fnSafeHTMLAttr, "safeURL": fnSafeURL,
		"safeCSS": fnSafeCSS, "safeJS": fnSafeJS,
		"markdownify": s.markdownify, "plainify": fnPlainify, "htmlEscape": fnHTMLEscape,
		"htmlUnescape": fnHTMLUnescape, "emojify": fnEmojify, "jsonify": fnJSONify,
		spliceMarkdownifyFn: s.spliceMarkdownify, spliceRenderStringFn: s.spliceRenderString,
		renderStringFn: s.renderString,

		// URLs.
		"relURL": s.relURL, "absURL": s.absURL, "relLangURL": s.relURL, "absLangURL": s.absURL,
		"relref": s.relref, "ref": s.relref,

		// Numbers.
		"add": fnAdd, "sub": fnSub, "mul": fnMul, "div": fnDiv, "mod": fnMod, "modBool": fnModBool,
		"int": fnInt, "float": fnFloat, "string": fnString,

		// Reporting: a diagnostic at the call.
		"errorf":   func(format string, args ...any) string { return s.reportf(diag.Error, codeErrorf, format, args) },
		"warnf":    func(format string, args ...any) string { return s.reportf(diag.Warning, codeWarnf, format, args) },
		"erroridf": func(_ any, format string, args ...any) string { return s.reportf(diag.Error, codeErrorf, format, args) },
		"warnidf": func(_ any, format string, args ...any) string {
			return s.reportf(diag.Warning, codeWarnf, format, args)
		},

		// Time.
		"now": time.Now, "dateFormat": fnDateFormat,

		// Partials.
		"partial": s.partial, "partialCached": s.partialCached,

		// guidec's own, for the built-in templates.
		"unreserved": func(v any) bool { return isUnreserved(toString(v)) },
		"safeStyle":  func(v any) template.CSS { return safeStyle(toString(v)) },
	}
	s.addNamespaces(m)
	return m
}

// builtinFuncs are text/template's own functions (those not in funcMap).
var builtinFuncs = []string{"and", "or", "not", "len", "call", "html", "js", "urlquery", "print", "printf", "println"}

// funcNames holds the name of every function a template may call, built on
// first use rather than in every process's init.
var funcNames = sync.OnceValue(func() map[string]bool {
	names := map[string]bool{}
	for n := range (&Set{}).funcMap() {
		names[n] = true
	}
	for _, n := range builtinFuncs {
		names[n] = true
	}
	return names
})

func knownFunc(name string) bool { return funcNames()[name] }

// toString formats scalars, template.HTML and Stringers as text.
func toString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case template.HTML:
		return string(v)
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}

// fnDefault returns given when it is set, else def. As in Hugo, "set"
// means non-zero for numbers, non-empty for strings and collections, any
// boolean, and non-nil otherwise.
func fnDefault(def any, given ...any) any {
	if len(given) == 0 || given[0] == nil {
		return def
	}
	v := reflect.ValueOf(given[0])
	switch v.Kind() {
	case reflect.Bool, reflect.Struct:
		return given[0]
	case reflect.String, reflect.Slice, reflect.Array, reflect.Map:
		if v.Len() > 0 {
			return given[0]
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return given[0]
		}
	default:
		if !v.IsZero() {
			return given[0]
		}
	}
	return def
}

// fnIn reports whether set (a list, or a string to search) holds v.
func fnIn(set, v any) bool {
	if s, ok := set.(string); ok {
		return strings.Contains(s, toString(v))
	}
	rv := reflect.ValueOf(set)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return false
	}
	want := toString(v)
	for i := range rv.Len() {
		if toString(rv.Index(i).Interface()) == want {
			return true
		}
	}
	return false
}

// fnDelimit joins a list (or a map's values, by sorted key) with sep, and
// the last two with last when given.
func fnDelimit(coll any, sep string, last ...string) (string, error) {
	var items []string
	rv := reflect.ValueOf(coll)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		for i := range rv.Len() {
			items = append(items, toString(rv.Index(i).Interface()))
		}
	case reflect.Map:
		keys := rv.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(toString(a.Interface()), toString(b.Interface())) })
		for _, k := range keys {
			items = append(items, toString(rv.MapIndex(k).Interface()))
		}
	default:
		return "", fmt.Errorf("delimit: cannot join %T", coll)
	}
	if len(last) > 0 && len(items) > 1 {
		return strings.Join(items[:len(items)-1], sep) + last[0] + items[len(items)-1], nil
	}
	return strings.Join(items, sep), nil
}

// urlize makes a URL path segment of v as Hugo does: trimmed, spaces to
// '-', lowercased, characters that are not letters, digits or -._~/# dropped,
// the rest percent-encoded.
func urlize(v any) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(toString(v))) {
		switch {
		case unicode.IsSpace(r):
			b.WriteByte('-')
		case unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-._~/#", r):
			b.WriteRune(r)
		}
	}
	return (&url.URL{Path: b.String()}).EscapedPath()
}

// anchorize returns Hugo's github-style anchor of s: lowercased, spaces and
// '-' to '-', letters, digits and '_' kept, everything else dropped.
func anchorize(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == ' ' || r == '-':
			b.WriteByte('-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// isUnreserved reports whether s is non-empty and made only of RFC 3986
// unreserved characters (ALPHA / DIGIT / "-" / "." / "_" / "~"): such a
// value reads the same in HTML, YAML quotes and URLs, so templates can put
// it anywhere without escaping surprises.
func isUnreserved(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0) {
			return false
		}
	}
	return true
}

// styleProps are the CSS properties a guide may set on a figure: layout
// only, nothing that can load resources or hide content.
var styleProps = []string{
	"border-radius", "float", "height", "margin", "margin-bottom", "margin-left", "margin-right",
	"margin-top", "max-height", "max-width", "padding", "padding-bottom", "padding-left",
	"padding-right", "padding-top", "text-align", "width",
}

// safeStyle returns s as trusted CSS when every declaration sets an allowed
// property to a plain value (letters, digits, spaces, '.', '%', '#', '-'),
// and "" otherwise, so that the caller drops it.
func safeStyle(s string) template.CSS {
	decls := strings.Split(strings.TrimSpace(s), ";")
	var out []string
	for _, d := range decls {
		if strings.TrimSpace(d) == "" {
			continue
		}
		prop, val, ok := strings.Cut(d, ":")
		prop, val = strings.ToLower(strings.TrimSpace(prop)), strings.TrimSpace(val)
		if !ok || val == "" || !slices.Contains(styleProps, prop) {
			return ""
		}
		for _, r := range val {
			if !(unicode.IsLetter(r) && r < 0x80 || unicode.IsDigit(r) && r < 0x80 || strings.ContainsRune(" .%#-", r)) {
				return ""
			}
		}
		out = append(out, prop+": "+val)
	}
	return template.CSS(strings.Join(out, "; "))
}

// markdownify renders Markdown in isolation (at a splice point, see
// spliceMarkdownify, the page may render it instead).
func (s *Set) markdownify(v any) (template.HTML, error) {
	text := toString(v)
	st := s.st
	if st == nil {
		return "", fmt.Errorf("markdownify: no call is rendering")
	}
	if st.markdownify != nil {
		return st.markdownify(text)
	}
	if strings.TrimSpace(text) == "" {
		return "", nil
	}
	return template.HTML("<p>" + html.EscapeString(strings.TrimSpace(text)) + "</p>"), nil
}

// relref resolves ref to a page URL, reporting an unknown ref at the call.
// The first argument is the page (Hugo's `relref . "ref"`) and is unused.
func (s *Set) relref(_ any, ref any) string {
	r := toString(ref)
	if s.st != nil && s.st.relref != nil {
		if u, ok := s.st.relref(r); ok {
			return u
		}
	}
	if s.st != nil {
		s.st.report(diag.Error, codeRelref, fmt.Sprintf("relref: no guide or page %q", r))
	}
	return ""
}

// reportf reports a diagnostic at the call being rendered; it renders
// nothing, so `{{ errorf … }}` can sit anywhere in a template.
func (s *Set) reportf(sev diag.Severity, code, format string, args []any) string {
	if s.st != nil {
		s.st.report(sev, code, strings.TrimRight(fmt.Sprintf(format, args...), "."))
	}
	return ""
}
