package build

import (
	"slices"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/markdown"
	"github.com/guidec/guidec/internal/source"
)

// Suppression annotations. A writer silences a diagnostic explicitly, naming
// its code, either for one code block with the fence attribute
//
//	```yaml {title="configuration.yml" ignore="authelia-scope-unknown"}
//
// or for the whole guide in the front matter:
//
//	guidec:
//	  ignore: [link-outside-tree]
//
// Several codes are separated by commas or spaces. Naming a code guidec does
// not know is itself a warning, so a typo never silences nothing quietly.
const ignoreAttr = "ignore"

// suppressIn drops the diagnostics of one guide that its annotations
// silence, and reports annotations naming unknown codes.
func (e *env) suppressIn(g *guide.Guide, res *markdown.Result, l diag.List) diag.List {
	guideCodes, gspan := frontMatterIgnores(g)
	var out diag.List
	out = append(out, e.unknownCodes(g.File, gspan, guideCodes)...)
	type region struct {
		span  source.Span
		codes map[string]bool
	}
	var regions []region
	for _, s := range res.Snippets {
		v, ok := s.Attr(ignoreAttr)
		if !ok {
			continue
		}
		codes := splitCodes(v)
		var sp source.Span
		for _, a := range s.Attrs {
			if a.Key == ignoreAttr {
				sp = a.Span
			}
		}
		out = append(out, e.unknownCodes(g.File, sp, codes)...)
		regions = append(regions, region{s.Span, set(codes)})
	}
	gset := set(guideCodes)
next:
	for _, d := range l {
		if gset[d.Code] && d.File == g.File {
			continue
		}
		for _, r := range regions {
			if r.codes[d.Code] && d.File == g.File && r.span.Contains(d.Span.Start) {
				continue next
			}
		}
		out = append(out, d)
	}
	return out
}

// suppress applies guide-level annotations to diagnostics computed after
// the pages (anchor checks).
func (e *env) suppress(l diag.List) diag.List {
	var out diag.List
	for _, d := range l {
		if g := e.guideOf(d.File); g != nil {
			codes, _ := frontMatterIgnores(g)
			if set(codes)[d.Code] {
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

func (e *env) guideOf(f *source.File) *guide.Guide {
	return e.byFile[f]
}

// frontMatterIgnores reads `guidec: {ignore: [...]}` from the front matter.
func frontMatterIgnores(g *guide.Guide) ([]string, source.Span) {
	m, ok := g.Meta.Params["guidec"].(map[string]any)
	if !ok {
		return nil, source.Span{}
	}
	sp := g.Meta.ValueSpan("guidec.ignore")
	switch v := m["ignore"].(type) {
	case string:
		return splitCodes(v), sp
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, splitCodes(s)...)
			}
		}
		return out, sp
	}
	return nil, sp
}

func splitCodes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
}

func set(codes []string) map[string]bool {
	m := make(map[string]bool, len(codes))
	for _, c := range codes {
		m[c] = true
	}
	return m
}

func (e *env) unknownCodes(f *source.File, sp source.Span, codes []string) diag.List {
	var l diag.List
	for _, c := range codes {
		if _, ok := e.registry.Lookup(c); !ok {
			l.Add(diag.Diagnostic{File: f, Span: sp, Severity: diag.Warning, Code: "ignore-unknown-code",
				Message: "ignore annotation names unknown code '" + c + "'",
				Hint:    "see docs/diagnostics.md for the codes guidec reports"})
		}
	}
	return l
}

// Codes reported by the build itself.
var Codes = []diag.CodeInfo{
	{Code: "ignore-unknown-code", Severity: diag.Warning, Summary: "an ignore annotation names a code guidec does not know"},
	{Code: "sitevar-undefined", Severity: diag.Warning, Summary: "a sitevar names a site variable that site.yaml does not define"},
	{Code: "sitevar-nojs-differs", Severity: diag.Error, Summary: "a sitevar's nojs text differs from the one most of the guide's calls of that variable give"},
}

// mutes reports whether guide g's front matter ignores code: for the
// findings made after the run has released the guide's front matter.
func mutes(g *guide.Guide, code string) bool {
	codes, _ := frontMatterIgnores(g)
	return slices.Contains(codes, code)
}
