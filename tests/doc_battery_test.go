package tests

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
)

// The document battery injects defects of the classes guidec check claims
// to check besides the facts: front matter, shortcodes, links and anchors,
// code fences, characters that break on paste, and snippet syntax. Each
// kind names the code families a finding may have (the documented code of
// the defect, or the code of the checker that reads it first) and the
// severity the severity policy gives it; the judge is the fact battery's,
// narrowed to those families.

// dGuide is a guide split for the document battery.
type dGuide struct {
	name   string
	lines  []string
	fmEnd  int // index of the closing --- of the front matter, or -1
	fences []dFence
}

type dFence struct {
	open, close int // line indexes of the fence lines (close -1 if none)
	indent      string
	lang, title string
}

var (
	dFenceOpen = regexp.MustCompile("^( *)(```+|~~~+)\\s*([^\\s{]*)\\s*(\\{.*)?$")
	dTitle     = regexp.MustCompile(`title="([^"]*)"`)
	dYAMLQuote = regexp.MustCompile(`^(\s*(?:- )?[a-z_]+): '([^'{}]+)'\s*$`)
	dYAMLKey   = regexp.MustCompile(`^(\s*)([a-z_]+): (\S.*)$`)
	dEnvLine   = regexp.MustCompile(`^([A-Z][A-Z0-9_]*)=(\S.*)$`)
	dTOMLStr   = regexp.MustCompile(`^(\s*[\w.-]+\s*=\s*)"([^"]+)"\s*$`)
	dSitevar   = regexp.MustCompile(`\{\{< sitevar name="([^"]+)" nojs="([^"]+)" >\}\}`)
	dFigure    = regexp.MustCompile(`\{\{< figure (src="[^"]*" ?)`)
)

func dParse(name string, raw []byte) *dGuide {
	g := &dGuide{name: name, lines: strings.Split(string(raw), "\n"), fmEnd: -1}
	if len(g.lines) > 0 && g.lines[0] == "---" {
		for i := 1; i < len(g.lines); i++ {
			if g.lines[i] == "---" {
				g.fmEnd = i
				break
			}
		}
	}
	for i := g.fmEnd + 1; i < len(g.lines); i++ {
		m := dFenceOpen.FindStringSubmatch(g.lines[i])
		if m == nil {
			continue
		}
		f := dFence{open: i, close: -1, indent: m[1], lang: m[3]}
		if t := dTitle.FindStringSubmatch(m[4]); t != nil {
			f.title = t[1]
		}
		for j := i + 1; j < len(g.lines); j++ {
			l := strings.TrimLeft(g.lines[j], " ")
			if strings.HasPrefix(l, m[2]) && strings.Trim(l, m[2][:1]+" ") == "" {
				f.close = j
				break
			}
		}
		if f.close < 0 {
			break
		}
		g.fences = append(g.fences, f)
		i = f.close
	}
	return g
}

func (g *dGuide) inFence(i int) bool {
	for _, f := range g.fences {
		if i >= f.open && i <= f.close {
			return true
		}
	}
	return false
}

func (g *dGuide) out(ls []string) []byte { return []byte(strings.Join(ls, "\n")) }

func (g *dGuide) edit(i int, s string) []byte {
	ls := slices.Clone(g.lines)
	ls[i] = s
	return g.out(ls)
}

func (g *dGuide) del(i int) []byte {
	return g.out(slices.Delete(slices.Clone(g.lines), i, i+1))
}

// prose inserts a paragraph before the first body heading and returns the
// guide and the paragraph's 1-based line.
func (g *dGuide) prose(text string) ([]byte, int, bool) {
	for i := g.fmEnd + 1; i < len(g.lines); i++ {
		if strings.HasPrefix(g.lines[i], "## ") && !g.inFence(i) {
			ls := slices.Insert(slices.Clone(g.lines), i, text, "")
			return g.out(ls), i + 1, true
		}
	}
	return nil, 0, false
}

// fmLine returns the index of the front matter line starting with key.
func (g *dGuide) fmLine(key string) int {
	for i := 1; i < g.fmEnd; i++ {
		if strings.HasPrefix(g.lines[i], key) {
			return i
		}
	}
	return -1
}

// bodyLines returns the body line indexes of the fences whose language is
// one of langs (or, for "", whose title ends with one of the suffixes).
func (g *dGuide) fenceLines(ok func(f dFence) bool) []int {
	var out []int
	for _, f := range g.fences {
		if !ok(f) {
			continue
		}
		for i := f.open + 1; i < f.close; i++ {
			out = append(out, i)
		}
	}
	return out
}

func dYAMLFence(f dFence) bool { return f.lang == "yaml" || f.lang == "yml" }

func dEnvFence(f dFence) bool {
	return f.lang == "env" || f.lang == "dotenv" || strings.HasSuffix(f.title, ".env") || strings.HasPrefix(f.title, ".env")
}

// pickLine returns the n-th (modulo) line of ls that matches re, or -1.
func (g *dGuide) pickLine(ls []int, re *regexp.Regexp, n int) (int, []string) {
	var hits []int
	for _, i := range ls {
		if re.MatchString(g.lines[i]) {
			hits = append(hits, i)
		}
	}
	if len(hits) == 0 {
		return -1, nil
	}
	i := hits[n%len(hits)]
	return i, re.FindStringSubmatch(g.lines[i])
}

// dInjection is one mutated guide, judged like the fact battery's
// injections, with the code families a finding near the defect may have.
type dInjection struct {
	injection
	families []string
}

type docKind struct {
	name   string
	inject func(g *dGuide, n int) (dInjection, bool)
}

func dIn(out []byte, line int, sev diag.Severity, fams ...string) (dInjection, bool) {
	return dInjection{injection: injection{out: out, line: line, sev: sev}, families: fams}, true
}

// yamlQuoted edits the n-th quoted YAML value of the guide with f(prefix,
// value) and reports the defect at its line.
func yamlQuoted(sev diag.Severity, f func(pre, val string) string, fams ...string) func(*dGuide, int) (dInjection, bool) {
	return func(g *dGuide, n int) (dInjection, bool) {
		i, m := g.pickLine(g.fenceLines(dYAMLFence), dYAMLQuote, n)
		if i < 0 {
			return dInjection{}, false
		}
		return dIn(g.edit(i, f(m[1], m[2])), i+1, sev, fams...)
	}
}

var docKinds = []docKind{
	// Front matter.
	{"fm-type", func(g *dGuide, n int) (dInjection, bool) {
		if i := g.fmLine("weight: "); i > 0 {
			return dIn(g.edit(i, "weight: heavy"), i+1, diag.Error, "frontmatter-")
		}
		return dInjection{}, false
	}},
	{"fm-unknown-key", func(g *dGuide, n int) (dInjection, bool) {
		if i := g.fmLine("description: "); i > 0 {
			return dIn(g.edit(i, "descrption: "+strings.TrimPrefix(g.lines[i], "description: ")), i+1, diag.Warning, "frontmatter-")
		}
		return dInjection{}, false
	}},
	{"fm-broken-yaml", func(g *dGuide, n int) (dInjection, bool) {
		if i := g.fmLine(`title: "`); i > 0 && strings.HasSuffix(g.lines[i], `"`) {
			return dIn(g.edit(i, strings.TrimSuffix(g.lines[i], `"`)), i+1, diag.Error, "frontmatter-")
		}
		return dInjection{}, false
	}},
	{"fm-unclosed", func(g *dGuide, n int) (dInjection, bool) {
		if g.fmEnd < 0 {
			return dInjection{}, false
		}
		in, ok := dIn(g.del(g.fmEnd), g.fmEnd+1, diag.Error, "frontmatter-")
		in.alt = []int{1}
		return in, ok
	}},
	{"fm-duplicate-key", func(g *dGuide, n int) (dInjection, bool) {
		i := g.fmLine("weight: ")
		if i < 0 {
			return dInjection{}, false
		}
		ls := slices.Insert(slices.Clone(g.lines), g.fmEnd, "weight: 100")
		in, ok := dIn(g.out(ls), g.fmEnd+1, diag.Error, "frontmatter-")
		in.alt = []int{i + 1}
		return in, ok
	}},
	{"fm-mojibake", func(g *dGuide, n int) (dInjection, bool) {
		i := g.fmLine(`title: "`)
		if i < 0 || !strings.HasSuffix(g.lines[i], `"`) {
			return dInjection{}, false
		}
		bad := []string{"â€™s", " CafÃ©"}[n%2]
		return dIn(g.edit(i, strings.TrimSuffix(g.lines[i], `"`)+bad+`"`), i+1, diag.Warning, "source-", "frontmatter-")
	}},

	// Shortcodes.
	{"sc-unknown", func(g *dGuide, n int) (dInjection, bool) {
		i, _ := g.pickLine(g.bodyLines(), dSitevar, n)
		if i < 0 {
			return dInjection{}, false
		}
		return dIn(g.edit(i, strings.Replace(g.lines[i], "{{< sitevar ", "{{< sitvar ", 1)), i+1, diag.Error, "shortcode-")
	}},
	{"sc-unclosed-quote", func(g *dGuide, n int) (dInjection, bool) {
		i, m := g.pickLine(g.bodyLines(), dSitevar, n)
		if i < 0 {
			return dInjection{}, false
		}
		l := strings.Replace(g.lines[i], `nojs="`+m[2]+`"`, `nojs="`+m[2], 1)
		return dIn(g.edit(i, l), i+1, diag.Error, "shortcode-")
	}},
	{"sc-param-misspelt", func(g *dGuide, n int) (dInjection, bool) {
		i, _ := g.pickLine(g.bodyLines(), dSitevar, n)
		if i < 0 {
			return dInjection{}, false
		}
		l := strings.Replace(g.lines[i], `{{< sitevar name="`, `{{< sitevar nmae="`, 1)
		return dIn(g.edit(i, l), i+1, diag.Warning, "shortcode-", "sitevar-")
	}},
	{"sc-missing-src", func(g *dGuide, n int) (dInjection, bool) {
		i, m := g.pickLine(g.bodyLines(), dFigure, n)
		if i < 0 {
			return dInjection{}, false
		}
		return dIn(g.edit(i, strings.Replace(g.lines[i], m[1], "", 1)), i+1, diag.Error, "shortcode-")
	}},
	{"sc-missing-close", func(g *dGuide, n int) (dInjection, bool) {
		open, cl := g.pairedCallout()
		if open < 0 {
			return dInjection{}, false
		}
		in, ok := dIn(g.del(cl), open+1, diag.Error, "shortcode-")
		in.alt = []int{cl + 1}
		return in, ok
	}},
	{"sc-mismatched-close", func(g *dGuide, n int) (dInjection, bool) {
		open, cl := g.pairedCallout()
		if open < 0 {
			return dInjection{}, false
		}
		in, ok := dIn(g.edit(cl, strings.Replace(g.lines[cl], "/callout", "/figure", 1)), cl+1, diag.Error, "shortcode-")
		in.alt = []int{open + 1}
		return in, ok
	}},

	// Links.
	{"link-anchor-missing", func(g *dGuide, n int) (dInjection, bool) {
		if !slices.Contains(g.lines, "## Tested Versions") {
			return dInjection{}, false
		}
		out, l, ok := g.prose("See [the tested versions](#tested-version) first.")
		ctl, _, _ := g.prose("See [the tested versions](#tested-versions) first.")
		in, _ := dIn(out, l, diag.Error, "link-")
		in.control = ctl
		return in, ok
	}},
	{"link-page-missing", func(g *dGuide, n int) (dInjection, bool) {
		out, l, ok := g.prose("See [the other guide](../no-such-guide/) first.")
		in, _ := dIn(out, l, diag.Error, "link-")
		return in, ok
	}},
	{"link-unclosed", func(g *dGuide, n int) (dInjection, bool) {
		out, l, ok := g.prose("See [the guide](https://www.authelia.com/c/oidc first.")
		in, _ := dIn(out, l, diag.Error, "link-")
		return in, ok
	}},
	{"link-undefined-ref", func(g *dGuide, n int) (dInjection, bool) {
		out, l, ok := g.prose("See [the guide][no such label] first.")
		in, _ := dIn(out, l, diag.Error, "link-")
		return in, ok
	}},

	// Code fences.
	{"fence-unclosed", func(g *dGuide, n int) (dInjection, bool) {
		if len(g.fences) == 0 {
			return dInjection{}, false
		}
		f := g.fences[len(g.fences)-1]
		in, ok := dIn(g.del(f.close), f.open+1, diag.Error, "fence-", "markdown-", "yaml-", "json-", "env-", "ini-", "toml-")
		in.alt = []int{f.close + 1}
		return in, ok
	}},
	{"fence-title-unclosed", func(g *dGuide, n int) (dInjection, bool) {
		for _, f := range g.fences {
			if l := g.lines[f.open]; f.title != "" && strings.Contains(l, `title="`+f.title+`"}`) {
				return dIn(g.edit(f.open, strings.Replace(l, `title="`+f.title+`"}`, `title="`+f.title+`}`, 1)), f.open+1, diag.Error, "fence-")
			}
		}
		return dInjection{}, false
	}},
	{"fence-wrong-lang", func(g *dGuide, n int) (dInjection, bool) {
		for _, f := range g.fences {
			if l := g.lines[f.open]; f.lang == "yaml" && strings.HasSuffix(f.title, ".yml") {
				return dIn(g.edit(f.open, strings.Replace(l, "```yaml", "```json", 1)), f.open+1, diag.Warning, "title-", "fence-", "json-")
			}
		}
		return dInjection{}, false
	}},

	// Characters that break on paste, in a snippet.
	{"text-smart-quote", yamlQuoted(diag.Error, func(p, v string) string { return p + ": ‘" + v + "’" }, "snippet-")},
	{"text-nbsp", yamlQuoted(diag.Error, func(p, v string) string { return p + ":\u00a0'" + v + "'" }, "snippet-")},
	{"text-zero-width", yamlQuoted(diag.Error, func(p, v string) string { return p + ": '\u200b" + v + "'" }, "snippet-")},
	{"text-replacement-char", yamlQuoted(diag.Warning, func(p, v string) string { return p + ": '" + v + "\ufffd'" }, "source-", "snippet-")},
	{"text-control-char", yamlQuoted(diag.Error, func(p, v string) string { return p + ": '" + v[:1] + "\x07" + v[1:] + "'" }, "source-", "snippet-")},

	// Snippet syntax.
	{"yaml-no-space", yamlQuoted(diag.Error, func(p, v string) string { return p + ":'" + v + "'" }, "yaml-", "authelia-")},
	{"yaml-unclosed-quote", yamlQuoted(diag.Error, func(p, v string) string { return p + ": '" + v }, "yaml-")},
	{"yaml-tab", yamlQuoted(diag.Error, func(p, v string) string {
		return "\t" + strings.TrimPrefix(p, " ") + ": '" + v + "'"
	}, "yaml-")},
	{"yaml-wrong-indent", func(g *dGuide, n int) (dInjection, bool) {
		ls := g.fenceLines(dYAMLFence)
		var hits []int
		for _, i := range ls {
			m, p := dYAMLKey.FindStringSubmatch(g.lines[i]), dYAMLKey.FindStringSubmatch(g.lines[i-1])
			if m != nil && p != nil && m[1] == p[1] && len(m[1]) >= 2 && !strings.Contains(m[3], "{{") {
				hits = append(hits, i)
			}
		}
		if len(hits) == 0 {
			return dInjection{}, false
		}
		i := hits[n%len(hits)]
		return dIn(g.edit(i, "  "+g.lines[i]), i+1, diag.Error, "yaml-", "authelia-")
	}},
	{"env-no-equals", func(g *dGuide, n int) (dInjection, bool) {
		i, m := g.pickLine(g.fenceLines(dEnvFence), dEnvLine, n)
		if i < 0 {
			return dInjection{}, false
		}
		return dIn(g.edit(i, m[1]+" "+m[2]), i+1, diag.Error, "env-")
	}},
	{"env-space-equals", func(g *dGuide, n int) (dInjection, bool) {
		i, m := g.pickLine(g.fenceLines(dEnvFence), dEnvLine, n)
		if i < 0 {
			return dInjection{}, false
		}
		return dIn(g.edit(i, m[1]+" = "+m[2]), i+1, diag.Error, "env-")
	}},
	{"json-trailing-comma", func(g *dGuide, n int) (dInjection, bool) {
		ls := g.fenceLines(func(f dFence) bool { return f.lang == "json" })
		for _, i := range ls {
			l, next := strings.TrimSpace(g.lines[i]), strings.TrimSpace(g.lines[i+1])
			if l != "" && !strings.HasSuffix(l, ",") && !strings.HasSuffix(l, "{") && !strings.HasSuffix(l, "[") && (strings.HasPrefix(next, "}") || strings.HasPrefix(next, "]")) {
				return dIn(g.edit(i, g.lines[i]+","), i+1, diag.Error, "json-")
			}
		}
		return dInjection{}, false
	}},
	{"toml-unclosed-string", func(g *dGuide, n int) (dInjection, bool) {
		i, m := g.pickLine(g.fenceLines(func(f dFence) bool { return f.lang == "toml" }), dTOMLStr, n)
		if i < 0 {
			return dInjection{}, false
		}
		return dIn(g.edit(i, m[1]+`"`+m[2]), i+1, diag.Error, "toml-")
	}},
}

// bodyLines returns the indexes of the body's lines outside code fences.
func (g *dGuide) bodyLines() []int {
	var out []int
	for i := g.fmEnd + 1; i < len(g.lines); i++ {
		if !g.inFence(i) {
			out = append(out, i)
		}
	}
	return out
}

// pairedCallout returns the lines of the first callout and its close.
func (g *dGuide) pairedCallout() (int, int) {
	for _, i := range g.bodyLines() {
		if strings.HasPrefix(strings.TrimSpace(g.lines[i]), "{{< callout ") {
			for _, j := range g.bodyLines() {
				if j > i && strings.TrimSpace(g.lines[j]) == "{{< /callout >}}" {
					return i, j
				}
			}
		}
	}
	return -1, -1
}

// docFloor lists the kinds the checker is known to find less often than
// 97%, with the share it finds now: none since the fixes of this battery.
var docFloor = map[string]float64{}

// docNovelOnly lists the kinds no corpus guide has a site for (the corpus
// has no TOML snippet); the novel guides must have them.
var docNovelOnly = map[string]bool{"toml-unclosed-string": true}

// TestDocBattery injects every kind of docKinds into every applicable
// corpus guide; each must be found by one finding of its kind's code
// families and severity within 2 lines of the defect, with no other new
// error.
func TestDocBattery(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	per, _, _ := docBattery(t, corpusDir(t))
	if os.Getenv("DOC_KIND") == "" {
		var names []string
		for _, k := range docKinds {
			if !docNovelOnly[k.name] {
				names = append(names, k.name)
			}
		}
		requireFloors(t, names, per, docFloor)
	}
}

// TestDocBatteryNovel runs the document battery over the novel guides,
// requiring the floors of the kinds it could inject there.
func TestDocBatteryNovel(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := novelDir
	if d := os.Getenv("NOVEL_DIR"); d != "" {
		dir = d
	}
	per, total, found := docBattery(t, dir)
	t.Logf("doc battery on the novel guides: found %d of %d (%.1f%%)", found, total, 100*float64(found)/float64(max(total, 1)))
	if os.Getenv("DOC_KIND") != "" {
		return
	}
	kinds := make([]string, 0, len(per))
	for k := range per {
		kinds = append(kinds, k)
	}
	for k := range docNovelOnly {
		if per[k] == nil {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	requireFloors(t, kinds, per, docFloor)
}

// docJudge is judge narrowed to the kind's code families: exactly one
// new finding of a family of the kind, of at least its severity, within 2
// lines of the defect (or an alternative line), and no other new error.
func docJudge(fresh []diag.Diagnostic, in dInjection) string {
	return judgeNear(fresh, append([]int{in.line}, in.alt...), in.sev, func(d diag.Diagnostic) bool {
		return slices.ContainsFunc(in.families, func(f string) bool { return strings.HasPrefix(d.Code, f) })
	})
}

func docBattery(t *testing.T, dir string) (per map[string]*tally, total, found int) {
	site, sc, v, guides := batteryInputs(t, dir, "guidec-battery-digests")
	only := os.Getenv("DOC_KIND")
	per = map[string]*tally{}
	for _, bg := range guides {
		n, name, raw, rs := bg.n, bg.name, bg.raw, bg.rs
		g := dParse(name, raw)
		base := map[string]bool{}
		for _, d := range checkOneWith(t, name, raw, rs, site, sc, v) {
			base[d.Code+d.Message] = true
		}
		for _, k := range docKinds {
			if only != "" && !strings.Contains(k.name, only) {
				continue
			}
			in, ok := k.inject(g, n)
			if !ok {
				continue
			}
			total++
			if per[k.name] == nil {
				per[k.name] = &tally{}
			}
			per[k.name].injected++
			if in.control != nil {
				for _, d := range checkOneWith(t, name, in.control, rs, site, sc, v) {
					if !base[d.Code+d.Message] {
						t.Errorf("control of %s in %s: new finding %d %s %s: %s", k.name, name, d.Start().Line, d.Severity, d.Code, d.Message)
					}
				}
			}
			var fresh []diag.Diagnostic
			for _, d := range checkOneWith(t, name, in.out, rs, site, sc, v) {
				if !base[d.Code+d.Message] {
					fresh = append(fresh, d)
				}
			}
			if why := docJudge(fresh, in); why == "" {
				found++
				per[k.name].found++
			} else {
				var got []string
				for _, d := range fresh {
					got = append(got, fmt.Sprintf("%d %s %s: %s", d.Start().Line, d.Severity, d.Code, d.Message))
				}
				t.Logf("MISS %s in %s at line %d %q (%s): %q", k.name, name, in.line, lineOf(in.out, in.line), why, got)
			}
		}
	}
	names := make([]string, 0, len(per))
	for k := range per {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		fmt.Fprintf(&b, "  %-24s %3d/%3d\n", k, per[k].found, per[k].injected)
	}
	t.Logf("doc battery: found %d of %d\n%s", found, total, b.String())
	return per, total, found
}
