package hugo

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/guidec/guidec/internal/lazyre"
)

// decodePermalinks reads Hugo's permalinks setting in its three forms: a
// list of {target: {kind, path}, pattern}, a map of kind → section →
// pattern, and the legacy flat map of section → pattern (which applies to
// regular pages and terms). A section key targets the section and every
// path below it.
func decodePermalinks(v any) ([]Permalink, error) {
	var out []Permalink
	var err error
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []any:
		out, err = permalinkList(v)
	case map[string]any:
		out, err = permalinkMap(v)
	default:
		return nil, fmt.Errorf("permalinks: not a table")
	}
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Path != "" {
			re, err := globRegexp(out[i].Path)
			if err != nil {
				return nil, fmt.Errorf("permalinks: path %q: %w", out[i].Path, err)
			}
			out[i].match = re
		}
		if err := checkPattern(out[i].Pattern); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// permalinkList reads the list form: [{target: {kind, path}, pattern}].
func permalinkList(v []any) ([]Permalink, error) {
	var out []Permalink
	for i, x := range v {
		m, ok := x.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("permalinks[%d]: not a table", i)
		}
		target := table(m, "target")
		pl := Permalink{Kind: kindByName(str(target["kind"])), Path: strings.ToLower(str(target["path"])), Pattern: str(m["pattern"])}
		if pl.Pattern == "" {
			return nil, fmt.Errorf("permalinks[%d]: missing pattern", i)
		}
		out = append(out, pl)
	}
	return out, nil
}

// permalinkMap reads the map forms: section = pattern (regular pages and
// terms), or kind = {section = pattern}.
func permalinkMap(v map[string]any) ([]Permalink, error) {
	var out []Permalink
	// Longest section first, so that nested sections win over their
	// parents deterministically (Hugo tries a map in no set order).
	keys := sortedKeys(v)
	sort.SliceStable(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	for _, k := range keys {
		switch x := v[k].(type) {
		case string:
			g := sectionGlob(k)
			out = append(out, Permalink{Kind: KindPage, Path: g, Pattern: x}, Permalink{Kind: KindTerm, Path: g, Pattern: x})
		case map[string]any:
			kind := kindByName(k)
			if kind == kindNone || kind == KindHome {
				return nil, fmt.Errorf("permalinks: kind %q is not page, section, taxonomy or term", k)
			}
			for _, sec := range sortedKeys(x) {
				out = append(out, Permalink{Kind: kind, Path: sectionGlob(sec), Pattern: str(x[sec])})
			}
		default:
			return nil, fmt.Errorf("permalinks: %q is neither a pattern nor a table", k)
		}
	}
	return out, nil
}

// sectionGlob is Hugo's sectionToPathGlob.
func sectionGlob(section string) string {
	section = strings.Trim(section, " /")
	if section == "" {
		return "/*"
	}
	return "/{" + section + "," + section + "/**}"
}

// globRegexp compiles the glob syntax Hugo's page matchers use: "**" any
// run of characters, "*" any run without '/', "?" one character but '/',
// "{a,b}" alternatives.
func globRegexp(g string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	depth := 0
	for i := 0; i < len(g); i++ {
		c := g[i]
		switch {
		case c == '*' && i+1 < len(g) && g[i+1] == '*':
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '{':
			b.WriteString("(?:")
			depth++
		case c == '}' && depth > 0:
			b.WriteString(")")
			depth--
		case c == ',' && depth > 0:
			b.WriteString("|")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced braces")
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

// permalinkAttr matches the :attributes of a pattern.
var permalinkAttr = lazyre.New(`:\w+(\[.+?\])?`)

// referenceTime tells date layouts from other attributes, as Hugo does:
// formatting it with a layout changes the layout.
var referenceTime = time.Date(2019, time.November, 9, 23, 1, 42, 1, time.UTC)

var knownAttrs = map[string]bool{
	"year": true, "month": true, "monthname": true, "day": true, "weekday": true,
	"weekdayname": true, "yearday": true, "section": true, "sections": true,
	"title": true, "slug": true, "slugorfilename": true, "filename": true,
	"contentbasename": true, "slugorcontentbasename": true,
}

func checkPattern(pattern string) error {
	for _, m := range permalinkAttr.FindAllString(strings.ReplaceAll(pattern, `\:`, "\x00"), -1) {
		attr := m[1:]
		if !knownAttrs[attr] && !strings.HasPrefix(attr, "sections[") && referenceTime.Format(attr) == attr {
			return fmt.Errorf("permalinks: %q: attribute %q is not one Hugo knows", pattern, m)
		}
	}
	return nil
}

// expandPermalink expands pattern for p (Hugo's PermalinkExpander) and
// cleans the result as Hugo does for configured permalinks.
func (s *Site) expandPermalink(pattern string, p *Page) string {
	pattern = strings.ReplaceAll(pattern, `\:`, "\x00")
	out := permalinkAttr.ReplaceAllStringFunc(pattern, func(m string) string {
		return s.permalinkAttr(p, m[1:])
	})
	out = strings.ReplaceAll(out, "\x00", ":")
	if u, err := url.QueryUnescape(out); err == nil {
		out = u
	}
	return out
}

func (s *Site) permalinkAttr(p *Page, attr string) string {
	d := p.Front.Date
	switch attr {
	case "year":
		return strconv.Itoa(d.Year())
	case "month":
		return fmt.Sprintf("%02d", int(d.Month()))
	case "monthname":
		return d.Month().String()
	case "day":
		return fmt.Sprintf("%02d", d.Day())
	case "weekday":
		return strconv.Itoa(int(d.Weekday()))
	case "weekdayname":
		return d.Weekday().String()
	case "yearday":
		return strconv.Itoa(d.YearDay())
	case "section":
		return p.topSection()
	case "sections":
		return strings.Join(p.sectionEntries(), "/")
	case "title":
		return s.urlize(p.Front.Title)
	case "slug":
		if p.Front.Slug != "" {
			return s.urlize(p.Front.Slug)
		}
		return s.urlize(p.Front.Title)
	case "slugorfilename":
		if p.Front.Slug != "" {
			return s.urlize(p.Front.Slug)
		}
		return s.urlize(p.fileBaseName())
	case "filename":
		return s.urlize(p.fileBaseName())
	case "contentbasename":
		return s.urlize(p.contentBaseName())
	case "slugorcontentbasename":
		if p.Front.Slug != "" {
			return s.urlize(p.Front.Slug)
		}
		return s.urlize(p.contentBaseName())
	}
	if strings.HasPrefix(attr, "sections[") {
		return path.Join(sliceCut(strings.TrimPrefix(attr, "sections"), p.sectionEntries())...)
	}
	return d.Format(attr)
}

// sliceCut is Hugo's toSliceFunc: "[low:high]", "[n]" or "[last]", lenient
// out of bounds.
func sliceCut(cut string, s []string) []string {
	cut = strings.ToLower(strings.TrimSpace(cut))
	if len(cut) < 3 || cut[0] != '[' || cut[len(cut)-1] != ']' || len(s) == 0 {
		return nil
	}
	index := func(v string, low bool) int {
		switch v {
		case "":
			if low {
				return 0
			}
			return len(s)
		case "last":
			return len(s) - 1
		}
		n, _ := strconv.Atoi(v)
		n = max(n, 0)
		if n >= len(s) {
			if low {
				return -1
			}
			return len(s)
		}
		return n
	}
	lo, hi, ranged := strings.Cut(cut[1:len(cut)-1], ":")
	if !ranged {
		n := index(lo, true)
		if n < 0 {
			return nil
		}
		return s[n : n+1]
	}
	n1, n2 := index(lo, true), index(hi, false)
	if n1 < 0 || n2 < 0 || n1 > n2 {
		return nil
	}
	return s[n1:n2]
}

// permalinkFor returns the expanded permalink configured for p, "" when
// none applies.
func (s *Site) permalinkFor(p *Page) string {
	for _, pl := range s.cfg.Permalinks {
		if pl.Kind != kindNone && pl.Kind != p.Kind || pl.match != nil && !pl.match.MatchString(p.Key) {
			continue
		}
		out := s.expandPermalink(pl.Pattern, p)
		return path.Clean(out)
	}
	return ""
}
