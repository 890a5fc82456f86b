package shortcode

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/diag"
)

// HugoVersion is what hugo.Version returns: the Hugo release whose
// template semantics guidec follows.
const HugoVersion = "0.152.2"

// addNamespaces adds Hugo's namespace functions to m. A template calls
// `strings.HasPrefix x "y"`: text/template calls the function "strings"
// with no argument and then the method HasPrefix of what it returns.
func (s *Set) addNamespaces(m template.FuncMap) {
	m["hugo"] = func() hugoNS { return hugoNS{s} }
	m["site"] = func() *SiteContext {
		if s.st == nil {
			return nil
		}
		return s.st.site
	}
	m["strings"] = func() stringsNS { return stringsNS{} }
	m["collections"] = func() collectionsNS { return collectionsNS{} }
	m["compare"] = func() compareNS { return compareNS{} }
	m["fmt"] = func() fmtNS { return fmtNS{s} }
	m["urls"] = func() urlsNS { return urlsNS{s} }
	m["transform"] = func() transformNS { return transformNS{s} }
	m["encoding"] = func() encodingNS { return encodingNS{} }
	m["safe"] = func() safeNS { return safeNS{} }
	m["inflect"] = func() inflectNS { return inflectNS{} }
	m["math"] = func() mathNS { return mathNS{} }
	m["cast"] = func() castNS { return castNS{} }
	m["path"] = func() pathNS { return pathNS{} }
	m["partials"] = func() partialsNS { return partialsNS{s} }
	// time is both the namespace (time.Format) and, with an argument,
	// time.AsTime (Hugo's `time "2024-01-02"`).
	m["time"] = func(args ...any) (any, error) {
		switch len(args) {
		case 0:
			return timeNS{}, nil
		case 1:
			return asTime(args[0])
		}
		return nil, fmt.Errorf("time: want at most one argument")
	}
}

// hugoNS is Hugo's hugo namespace.
type hugoNS struct{ s *Set }

// Data returns the project's data files (see Sources.Data).
func (h hugoNS) Data() map[string]any { return h.s.lib.dataMap() }

// Version returns HugoVersion.
func (hugoNS) Version() string { return HugoVersion }

// Environment returns "production", the environment Hugo builds in.
func (hugoNS) Environment() string { return "production" }

// IsProduction reports true: guidec builds for publishing.
func (hugoNS) IsProduction() bool { return true }

// IsDevelopment reports false.
func (hugoNS) IsDevelopment() bool { return false }

// IsServer reports false.
func (hugoNS) IsServer() bool { return false }

// IsExtended reports true.
func (hugoNS) IsExtended() bool { return true }

// Generator returns the generator meta tag.
func (hugoNS) Generator() template.HTML {
	return template.HTML(`<meta name="generator" content="Hugo ` + HugoVersion + `">`)
}

// stringsNS is Hugo's strings namespace; argument orders are Hugo's.
type stringsNS struct{}

func (stringsNS) Contains(s, sub any) bool { return strings.Contains(toString(s), toString(sub)) }
func (stringsNS) ContainsAny(s, chars any) bool {
	return strings.ContainsAny(toString(s), toString(chars))
}
func (stringsNS) ContainsNonSpace(s any) bool {
	return strings.IndexFunc(toString(s), func(r rune) bool { return !unicode.IsSpace(r) }) >= 0
}
func (stringsNS) HasPrefix(s, p any) bool                         { return fnHasPrefix(s, p) }
func (stringsNS) HasSuffix(s, p any) bool                         { return fnHasSuffix(s, p) }
func (stringsNS) TrimPrefix(p, s any) string                      { return strings.TrimPrefix(toString(s), toString(p)) }
func (stringsNS) TrimSuffix(p, s any) string                      { return strings.TrimSuffix(toString(s), toString(p)) }
func (stringsNS) TrimLeft(cut, s any) string                      { return strings.TrimLeft(toString(s), toString(cut)) }
func (stringsNS) TrimRight(cut, s any) string                     { return strings.TrimRight(toString(s), toString(cut)) }
func (stringsNS) Trim(s, cut any) string                          { return fnTrim(s, cut) }
func (stringsNS) TrimSpace(s any) string                          { return strings.TrimSpace(toString(s)) }
func (stringsNS) ToLower(s any) string                            { return fnLower(s) }
func (stringsNS) ToUpper(s any) string                            { return fnUpper(s) }
func (stringsNS) Title(s any) string                              { return fnTitle(s) }
func (stringsNS) FirstUpper(s any) string                         { return firstUpper(toString(s)) }
func (stringsNS) Split(s, sep any) []string                       { return fnSplit(s, sep) }
func (stringsNS) Count(sub, s any) int                            { return strings.Count(toString(s), toString(sub)) }
func (stringsNS) CountWords(s any) int                            { return fnCountWords(s) }
func (stringsNS) CountRunes(s any) int                            { return fnCountRunes(s) }
func (stringsNS) RuneCount(s any) int                             { return utf8.RuneCountInString(toString(s)) }
func (stringsNS) Chomp(s any) string                              { return fnChomp(s) }
func (stringsNS) Substr(s, st any, l ...any) (string, error)      { return fnSubstr(s, st, l...) }
func (stringsNS) Truncate(n any, args ...any) (string, error)     { return fnTruncate(n, args...) }
func (stringsNS) Replace(s, o, n any, l ...any) (string, error)   { return fnReplace(s, o, n, l...) }
func (stringsNS) ReplaceRE(p, r, s any, l ...any) (string, error) { return fnReplaceRE(p, r, s, l...) }
func (stringsNS) FindRE(p, s any, l ...any) ([]string, error)     { return fnFindRE(p, s, l...) }
func (stringsNS) FindRESubmatch(p, s any, l ...any) ([][]string, error) {
	return fnFindRESubmatch(p, s, l...)
}

// Repeat returns s n times.
func (stringsNS) Repeat(n, s any) (string, error) {
	k, err := fnInt(n)
	if err != nil || k < 0 || k > maxSeq {
		return "", fmt.Errorf("strings.Repeat: bad count %v", n)
	}
	return strings.Repeat(toString(s), k), nil
}

// collectionsNS is Hugo's collections namespace.
type collectionsNS struct{}

func (collectionsNS) Slice(args ...any) []any                      { return fnSlice(args...) }
func (collectionsNS) Dictionary(kv ...any) (map[string]any, error) { return fnDict(kv...) }
func (collectionsNS) Index(c any, k ...any) (any, error)           { return fnIndex(c, k...) }
func (collectionsNS) Where(c, k any, a ...any) ([]any, error)      { return fnWhere(c, k, a...) }
func (collectionsNS) In(set, v any) bool                           { return fnIn(set, v) }
func (collectionsNS) First(n, c any) ([]any, error)                { return fnFirst(n, c) }
func (collectionsNS) Last(n, c any) ([]any, error)                 { return fnLast(n, c) }
func (collectionsNS) After(n, c any) ([]any, error)                { return fnAfter(n, c) }
func (collectionsNS) Append(args ...any) ([]any, error)            { return fnAppend(args...) }
func (collectionsNS) Uniq(c any) ([]any, error)                    { return fnUniq(c) }
func (collectionsNS) Sort(c any, a ...any) ([]any, error)          { return fnSort(c, a...) }
func (collectionsNS) IsSet(c, k any) bool                          { return fnIsSet(c, k) }
func (collectionsNS) Seq(a ...any) ([]int, error)                  { return fnSeq(a...) }
func (collectionsNS) Reverse(c any) ([]any, error)                 { return fnReverse(c) }
func (collectionsNS) Merge(m ...any) (map[string]any, error)       { return fnMerge(m...) }
func (collectionsNS) Querify(a ...any) (string, error)             { return fnQuerify(a...) }
func (collectionsNS) NewScratch() *Scratch                         { return NewScratch() }
func (collectionsNS) Delimit(c any, sep string, l ...string) (string, error) {
	return fnDelimit(c, sep, l...)
}

// compareNS is Hugo's compare namespace.
type compareNS struct{}

func (compareNS) Default(d any, g ...any) any      { return fnDefault(d, g...) }
func (compareNS) Conditional(c, a, b any) any      { return fnCond(c, a, b) }
func (compareNS) Eq(a any, o ...any) (bool, error) { return fnEq(a, o...) }
func (compareNS) Ne(a, b any) bool                 { return fnNe(a, b) }
func (compareNS) Lt(a, b any) (bool, error)        { return fnLt(a, b) }
func (compareNS) Le(a, b any) (bool, error)        { return fnLe(a, b) }
func (compareNS) Gt(a, b any) (bool, error)        { return fnGt(a, b) }
func (compareNS) Ge(a, b any) (bool, error)        { return fnGe(a, b) }

// fmtNS is Hugo's fmt namespace.
type fmtNS struct{ s *Set }

func (fmtNS) Printf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
func (fmtNS) Print(args ...any) string                 { return fmt.Sprint(args...) }
func (fmtNS) Println(args ...any) string               { return fmt.Sprintln(args...) }

// Errorf reports an error at the call.
func (f fmtNS) Errorf(format string, args ...any) string {
	return f.s.reportf(diag.Error, codeErrorf, format, args)
}

// Warnf reports a warning at the call.
func (f fmtNS) Warnf(format string, args ...any) string {
	return f.s.reportf(diag.Warning, codeWarnf, format, args)
}

// Erroridf reports an error at the call; the id is Hugo's, for
// suppressing it, and is unused.
func (f fmtNS) Erroridf(_ any, format string, args ...any) string { return f.Errorf(format, args...) }

// Warnidf reports a warning at the call.
func (f fmtNS) Warnidf(_ any, format string, args ...any) string { return f.Warnf(format, args...) }

// urlsNS is Hugo's urls namespace.
type urlsNS struct{ s *Set }

// Parse parses a URL (its fields Path, Fragment, Host… are what
// templates read).
func (urlsNS) Parse(v any) (*url.URL, error) { return url.Parse(toString(v)) }

func (u urlsNS) RelURL(v any) string    { return u.s.relURL(v) }
func (u urlsNS) AbsURL(v any) string    { return u.s.absURL(v) }
func (urlsNS) URLize(v any) string      { return urlize(v) }
func (urlsNS) Anchorize(v any) string   { return anchorize(toString(v)) }
func (u urlsNS) RelRef(p, r any) string { return u.s.relref(p, r) }
func (u urlsNS) Ref(p, r any) string    { return u.s.relref(p, r) }

// JoinPath joins URL path elements as url.JoinPath does.
func (urlsNS) JoinPath(elems ...any) (string, error) {
	if len(elems) == 0 {
		return "", nil
	}
	parts := make([]string, len(elems))
	for i, e := range elems {
		parts[i] = toString(e)
	}
	return url.JoinPath(parts[0], parts[1:]...)
}

// transformNS is Hugo's transform namespace.
type transformNS struct{ s *Set }

func (t transformNS) Markdownify(v any) (template.HTML, error) { return t.s.markdownify(v) }
func (transformNS) Plainify(v any) string                      { return fnPlainify(v) }
func (transformNS) HTMLEscape(v any) string                    { return fnHTMLEscape(v) }
func (transformNS) HTMLUnescape(v any) string                  { return fnHTMLUnescape(v) }
func (transformNS) Emojify(v any) template.HTML                { return fnEmojify(v) }
func (transformNS) Unmarshal(args ...any) (any, error)         { return unmarshal(args...) }

// encodingNS is Hugo's encoding namespace.
type encodingNS struct{}

func (encodingNS) Jsonify(args ...any) (template.HTML, error) { return fnJSONify(args...) }
func (encodingNS) Base64Encode(v any) string {
	return base64.StdEncoding.EncodeToString([]byte(toString(v)))
}

// Base64Decode decodes standard base64.
func (encodingNS) Base64Decode(v any) (string, error) {
	b, err := base64.StdEncoding.DecodeString(toString(v))
	return string(b), err
}

// safeNS is Hugo's safe namespace.
type safeNS struct{}

func (safeNS) HTML(v any) template.HTML         { return fnSafeHTML(v) }
func (safeNS) HTMLAttr(v any) template.HTMLAttr { return fnSafeHTMLAttr(v) }
func (safeNS) URL(v any) template.URL           { return fnSafeURL(v) }
func (safeNS) CSS(v any) template.CSS           { return fnSafeCSS(v) }
func (safeNS) JS(v any) template.JS             { return fnSafeJS(v) }

// inflectNS is Hugo's inflect namespace.
type inflectNS struct{}

func (inflectNS) Humanize(v any) string { return fnHumanize(v) }

// castNS is Hugo's cast namespace.
type castNS struct{}

func (castNS) ToInt(v any) (int, error)       { return fnInt(v) }
func (castNS) ToFloat(v any) (float64, error) { return fnFloat(v) }
func (castNS) ToString(v any) string          { return toString(v) }

// pathNS is Hugo's path namespace.
type pathNS struct{}

func (pathNS) Base(v any) string  { return path.Base(toString(v)) }
func (pathNS) Dir(v any) string   { return path.Dir(toString(v)) }
func (pathNS) Ext(v any) string   { return path.Ext(toString(v)) }
func (pathNS) Clean(v any) string { return path.Clean(toString(v)) }

// Join joins path elements.
func (pathNS) Join(elems ...any) string {
	parts := make([]string, len(elems))
	for i, e := range elems {
		parts[i] = toString(e)
	}
	return path.Join(parts...)
}

// partialsNS is Hugo's partials namespace.
type partialsNS struct{ s *Set }

func (p partialsNS) Include(name any, ctx ...any) (template.HTML, error) {
	return p.s.partial(name, ctx...)
}

func (p partialsNS) IncludeCached(name any, ctx any, variants ...any) (template.HTML, error) {
	return p.s.partialCached(name, ctx, variants...)
}

// timeNS is Hugo's time namespace.
type timeNS struct{}

func (timeNS) Now() time.Time                             { return time.Now() }
func (timeNS) AsTime(v any) (time.Time, error)            { return asTime(v) }
func (timeNS) Format(l, v any) (string, error)            { return fnDateFormat(l, v) }
func (timeNS) ParseDuration(v any) (time.Duration, error) { return time.ParseDuration(toString(v)) }

// timeLayouts are the layouts a date string may be in.
var timeLayouts = []string{time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05",
	"2006-01-02 15:04:05 -0700", "2006-01-02", time.RFC1123Z, time.RFC1123, time.RFC850, "January 2, 2006", "Jan 2, 2006"}

// asTime converts a time, a date string or a Unix time to a time.Time.
func asTime(v any) (time.Time, error) {
	switch t := v.(type) {
	case time.Time:
		return t, nil
	case *time.Time:
		if t != nil {
			return *t, nil
		}
	}
	if f, ok := asFloat(normalize(v)); ok {
		return time.Unix(int64(f), 0).UTC(), nil
	}
	s := strings.TrimSpace(toString(v))
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unable to parse %q as a date", s)
}

// namedLayouts are Hugo's localized layouts, in English.
var namedLayouts = map[string]string{
	":date_full": "Monday, January 2, 2006", ":date_long": "January 2, 2006",
	":date_medium": "Jan 2, 2006", ":date_short": "1/2/06",
	":time_full": "3:04:05 pm MST", ":time_long": "3:04:05 pm MST",
	":time_medium": "3:04:05 pm", ":time_short": "3:04 pm",
}

// fnDateFormat is Hugo's time.Format LAYOUT INPUT (alias dateFormat).
func fnDateFormat(layout, v any) (string, error) {
	t, err := asTime(v)
	if err != nil {
		return "", fmt.Errorf("time.Format: %w", err)
	}
	l := toString(layout)
	if n, ok := namedLayouts[l]; ok {
		l = n
	}
	return t.Format(l), nil
}
