package tests

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
)

// The ninth blind battery samples like a judge rather than like a checker
// author. Earlier batteries chose a defect and then looked for a site; a
// judge chooses a LINE of an unseen guide and breaks it. So each guide's
// lines are classified (front matter key, heading, prose, list item,
// table row, shortcode, link reference definition, fence delimiter, and
// inside fences: a key or list item of Authelia's YAML, of an
// application's YAML, an env line, a JSON/INI/TOML/XML/HCL/Caddy/nginx/
// shell line, a comment, a blank line), a few lines of every class are
// picked by the guide's pick number, and every edit an injector would
// make to such a line is applied, one per mutant: a key misspelt (a
// letter dropped, doubled or swapped, the case changed, `_` for `-`), a
// key renamed to a near synonym, the line indented one level more or
// less, deleted, duplicated; a value misspelt, moved out of its enum,
// its quoting broken; a shortcode, link, heading, table row or fence
// broken.
//
// Each edit decides FROM THE FACTS whether its result is a defect
// (Authelia refuses it, the application cannot read it, or a reader who
// pastes it fails) or harmless (a comment edit, a case change where keys
// are case-insensitive, a blank line, a default restated or dropped).
// Edits whose effect the facts do not settle are not made. A defect is
// hit, as the judge counts it, when guidec reports a new error or
// warning within two lines of the edited line; a harmless edit is a
// control and must bring no new finding at all.

// b9Mut is one mutant of a guide.
type b9Mut struct {
	out []byte
	// old maps a line of out to the baseline's line (an inserted line
	// maps to the line it copies, so findings on it count as near).
	old    func(int) int
	defect bool
	line   int    // 0-based baseline line of the edit
	note   string // the fact that makes it a defect or harmless
}

// b9Edit is one edit an injector makes to a line of some classes.
type b9Edit struct {
	name    string
	classes []string
	apply   func(g *b9Guide, i int) (b9Mut, bool)
}

// b9Guide is a parsed guide with its lines classified.
type b9Guide struct {
	*bGuide
	class []string
	delim map[int]int // fence delimiter line -> fence index
}

var (
	b9Heading  = regexp.MustCompile(`^(#{1,6})\s+(\S.*)$`)
	b9RefDef   = regexp.MustCompile(`^\s{0,3}\[([^\]]+)\]:\s*(\S+)`)
	b9List     = regexp.MustCompile(`^\s*([-*+]|\d+\.)\s+\S`)
	b9FMKey    = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*):(\s|$)`)
	b9YAMLKey  = regexp.MustCompile(`^(\s*)(- +)?(["']?)([A-Za-z_][A-Za-z0-9_.-]*)(["']?)\s*:(\s|$)`)
	b9YAMLItem = regexp.MustCompile(`^(\s*)- +(\S.*)$`)
	b9EnvLine  = regexp.MustCompile(`^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$`)
	b9JSONKey  = regexp.MustCompile(`^(\s*)"([^"]+)"\s*:\s*(.*)$`)
	b9INIKey   = regexp.MustCompile(`^(\s*)([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$`)
	b9Section  = regexp.MustCompile(`^\s*\[([^\]]+)\]\s*$`)
)

// b9FenceKind names the format of fence fi from its language and title.
func (g *b9Guide) b9FenceKind(fi int) string {
	f := g.fences[fi]
	l := f.lang
	t := strings.ToLower(f.title)
	switch {
	case f.authelia:
		return "authelia"
	case l == "yaml" || l == "yml" || strings.HasSuffix(t, ".yml") || strings.HasSuffix(t, ".yaml"):
		return "yaml"
	case l == "env" || l == "dotenv" || strings.HasSuffix(t, ".env") || strings.HasPrefix(t, ".env"):
		return "env"
	case l == "json" || strings.HasSuffix(t, ".json"):
		return "json"
	case l == "ini" || l == "properties" || l == "cfg" || strings.HasSuffix(t, ".ini") || strings.HasSuffix(t, ".properties") || strings.HasSuffix(t, ".cfg"):
		return "ini"
	case l == "toml" || strings.HasSuffix(t, ".toml"):
		return "toml"
	case l == "xml" || strings.HasSuffix(t, ".xml"):
		return "xml"
	case l == "hcl" || l == "terraform" || strings.HasSuffix(t, ".hcl") || strings.HasSuffix(t, ".tf"):
		return "hcl"
	case l == "caddyfile" || l == "caddy" || strings.Contains(t, "caddyfile"):
		return "caddy"
	case l == "nginx" || strings.HasSuffix(t, ".conf") && strings.Contains(t, "nginx"):
		return "nginx"
	case l == "apache" || l == "apacheconf":
		return "apache"
	case l == "shell" || l == "bash" || l == "sh" || l == "console":
		return "shell"
	case l == "python" || l == "php" || l == "js" || l == "javascript" || l == "ruby" || l == "lua" || l == "exs" || l == "elixir" || l == "go":
		return "code"
	}
	return "text"
}

// b9CommentPrefix is how a whole-line comment starts in a fence kind.
func b9CommentPrefix(kind string) []string {
	switch kind {
	case "authelia", "yaml", "env", "toml", "shell", "caddy", "nginx", "apache", "text":
		return []string{"#"}
	case "ini":
		return []string{"#", ";"}
	case "json", "hcl":
		return []string{"//", "#"}
	case "xml":
		return []string{"<!--"}
	case "code":
		return []string{"#", "//", "--"}
	}
	return nil
}

// b9Parse parses and classifies a guide.
func b9Parse(name string, raw []byte) *b9Guide {
	g := &b9Guide{bGuide: bParse(name, raw), delim: map[int]int{}}
	for fi, f := range g.fences {
		g.delim[f.open] = fi
		if f.close < len(g.lines) {
			g.delim[f.close] = fi
		}
	}
	g.class = make([]string, len(g.lines))
	for i := range g.lines {
		g.class[i] = g.classify(i)
	}
	return g
}

// classify names the class of line i ("" for lines no edit applies to).
func (g *b9Guide) classify(i int) string {
	l := g.lines[i]
	t := strings.TrimSpace(l)
	if g.body > 0 && i < g.body-1 {
		if i > 0 && b9FMKey.MatchString(l) {
			return "fm-key"
		}
		return ""
	}
	if i < g.body {
		return ""
	}
	if fi, ok := g.delim[i]; ok {
		if g.fences[fi].open == i {
			return "fence-open"
		}
		return "fence-close"
	}
	fi := g.fenceOf[i]
	if fi < 0 {
		switch {
		case t == "":
			return "md-blank"
		case b9Heading.MatchString(l):
			return "heading"
		case strings.HasPrefix(t, "{{<") || strings.HasPrefix(t, "{{%"):
			return "shortcode"
		case b9RefDef.MatchString(l):
			return "refdef"
		case strings.HasPrefix(t, "|"):
			if strings.Trim(t, "|-: ") == "" {
				return ""
			}
			return "table-row"
		case b9List.MatchString(l):
			return "list-item"
		case strings.HasPrefix(t, "<"):
			return ""
		}
		return "prose"
	}
	kind := g.b9FenceKind(fi)
	if t == "" {
		return "fence-blank"
	}
	for _, p := range b9CommentPrefix(kind) {
		if strings.HasPrefix(t, p) {
			return "fence-comment"
		}
	}
	e := g.exp[i]
	switch kind {
	case "authelia", "yaml":
		side := "app-yaml"
		if kind == "authelia" {
			side = "authelia"
			if g.b9InSection(i) {
				side = "provider"
			}
		}
		if b9YAMLKey.MatchString(e) {
			return side + "-key"
		}
		if b9YAMLItem.MatchString(e) {
			return side + "-item"
		}
		return ""
	case "env", "shell":
		if b9EnvLine.MatchString(e) {
			return "env-line"
		}
		if kind == "env" {
			return ""
		}
		return "shell-line"
	case "text":
		if b9EnvLine.MatchString(e) {
			return "env-line"
		}
		return ""
	}
	return kind + "-line"
}

// b9Sections are the parts of Authelia's configuration beyond the
// client that guides show.
var b9Sections = map[string]bool{"authorization_policies": true, "claims_policies": true, "scopes": true, "cors": true,
	"lifespans": true, "jwks": true, "access_control": true}

// b9Ancestors are the keys above line i of a YAML fence, nearest first.
func (g *b9Guide) b9Ancestors(i int) []string {
	var out []string
	col := b9KeyCol(g.exp[i])
	if m := b9YAMLKey.FindStringSubmatch(g.exp[i]); m != nil && m[2] != "" {
		col = len(m[1])
	} else if m == nil {
		col = len(g.exp[i]) - len(strings.TrimLeft(g.exp[i], " "))
	}
	for k := i - 1; k >= 0 && g.fenceOf[k] == g.fenceOf[i] && col > 0; k-- {
		e := g.exp[k]
		t := strings.TrimSpace(e)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		ind := len(e) - len(strings.TrimLeft(e, " "))
		if ind >= col {
			continue
		}
		m := b9YAMLKey.FindStringSubmatch(e)
		if m == nil {
			col = ind
			continue
		}
		if m[2] != "" && len(m[1])+len(m[2]) < col {
			col = len(m[1])
			continue
		}
		out = append(out, m[4])
		col = ind
	}
	return out
}

// b9InSection reports whether line i of Authelia's YAML is in one of
// b9Sections (a client's own scopes list is not).
func (g *b9Guide) b9InSection(i int) bool {
	a := g.b9Ancestors(i)
	if m := b9YAMLKey.FindStringSubmatch(g.exp[i]); m != nil && len(a) > 0 && a[0] == "oidc" && b9Sections[m[4]] && m[4] != "scopes" {
		return false // the section's own key stays with the provider's keys
	}
	for k, x := range a {
		if x == "clients" {
			return false
		}
		if b9Sections[x] && (x != "scopes" || k+1 < len(a) && a[k+1] == "oidc") {
			return true
		}
		if x == "access_control" {
			return true
		}
	}
	return false
}

// b9Classes is every class in report order.
var b9Classes = []string{
	"fm-key", "heading", "prose", "list-item", "table-row", "shortcode", "refdef", "md-blank",
	"fence-open", "fence-close", "fence-comment", "fence-blank",
	"authelia-key", "authelia-item", "provider-key", "provider-item", "app-yaml-key", "app-yaml-item", "env-line", "shell-line",
	"json-line", "ini-line", "toml-line", "xml-line", "hcl-line", "caddy-line", "nginx-line", "apache-line", "code-line",
}

// b9Picks picks up to three lines of class c by the guide's pick number:
// spread over the class, the same lines on every run.
func (g *b9Guide) b9Picks(c string, n int) []int {
	var ls []int
	for i, k := range g.class {
		if k == c {
			ls = append(ls, i)
		}
	}
	if len(ls) == 0 {
		return nil
	}
	if strings.HasPrefix(c, "provider-") {
		return ls // few guides show these sections: every line
	}
	seen := map[int]bool{}
	var out []int
	for _, h := range []int{n, n / 7, n / 49} {
		i := ls[h%len(ls)]
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}

// Mutant builders.

func (g *b9Guide) b9With(i int, s string, defect bool, note string) (b9Mut, bool) {
	if s == g.lines[i] {
		return b9Mut{}, false
	}
	return b9Mut{out: g.withLine(i, s), old: func(l int) int { return l }, defect: defect, line: i, note: note}, true
}

func (g *b9Guide) b9Delete(i int, defect bool, note string) (b9Mut, bool) {
	out, old := g.deleteLine(i)
	return b9Mut{out: out, old: old, defect: defect, line: i, note: note}, true
}

func (g *b9Guide) b9Dup(i int, defect bool, note string) (b9Mut, bool) {
	out, _ := g.insertAfter(i, g.lines[i])
	return b9Mut{out: out, old: func(l int) int {
		if l <= i {
			return l
		}
		return l - 1
	}, defect: defect, line: i, note: note}, true
}

// b9FenceText is the expanded text of fence fi with line i replaced by s
// (del: removed; dup: repeated), for a YAML parser.
func (g *b9Guide) b9FenceText(fi, i int, s string, op byte) string {
	f := g.fences[fi]
	var b strings.Builder
	for k := f.open + 1; k < f.close && k < len(g.lines); k++ {
		l := g.exp[k]
		if k == i {
			switch op {
			case 'd':
				continue
			case '2':
				b.WriteString(l + "\n")
			case 'r':
				l, _ = bExpand(s)
			}
		}
		b.WriteString(l + "\n")
	}
	return b.String()
}

// b9YAML decodes s as yaml.v3 does for Authelia (koanf) and most
// applications; ok is false on a parse error.
func b9YAML(s string) (any, bool) {
	var v any
	dec := yaml.NewDecoder(strings.NewReader(s))
	var docs []any
	for {
		err := dec.Decode(&v)
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			return nil, false
		}
		docs = append(docs, v)
		v = nil
	}
	return docs, true
}

// b9YAMLVerdict compares fence fi before and after an edit of line i:
// a parse error or a changed tree is a defect (a key moved under another
// parent is a key Authelia does not expect there, or one the application
// does not look for there); the same tree is harmless.
func (g *b9Guide) b9YAMLVerdict(fi, i int, s string, op byte) (defect bool, note string, ok bool) {
	before, ok1 := b9YAML(g.b9FenceText(fi, -1, "", 0))
	if !ok1 {
		return false, "", false
	}
	after, ok2 := b9YAML(g.b9FenceText(fi, i, s, op))
	switch {
	case !ok2:
		return true, "yaml.v3 refuses the snippet", true
	case reflect.DeepEqual(before, after):
		return false, "yaml.v3 reads the same tree", true
	}
	return true, "the key or item moved to another parent", true
}

// b9Shared reports whether value v is stated on another line of the
// guide that is in another fence or outside fences: a fact two places
// must agree on.
func (g *b9Guide) b9Shared(i int, v string) bool {
	v = strings.Trim(v, `'"`)
	if len(v) < 4 || b9Common[strings.ToLower(v)] {
		return false
	}
	for k, e := range g.exp {
		if k == i || g.fenceOf[k] >= 0 && g.fenceOf[k] == g.fenceOf[i] {
			continue
		}
		if g.body > 0 && k < g.body {
			continue
		}
		if idx := strings.Index(e, v); idx >= 0 {
			// A whole token, not a part of a longer word.
			end := idx + len(v)
			if (idx == 0 || !bValueChar(rune(e[idx-1]))) && (end == len(e) || !bValueChar(rune(e[end]))) {
				return true
			}
		}
	}
	return false
}

// b9Common are values too common to be a shared fact.
var b9Common = map[string]bool{"true": true, "false": true, "none": true, "null": true, "openid": true, "profile": true,
	"email": true, "groups": true, "code": true, "yes": true, "enabled": true, "disabled": true, "http": true, "https": true,
	"authelia": true, "client_secret_basic": true, "client_secret_post": true, "authorization_code": true, "two_factor": true,
	"one_factor": true, "rs256": true, "s256": true, "offline_access": true, "refresh_token": true, "form_post": true,
	"query": true, "implicit": true, "explicit": true, "public": true, "oidc": true, "oauth2": true, "generic": true}

// b9Unquote splits a YAML/INI/env scalar into its quotes and text.
func b9Unquote(v string) (q, text string) {
	v = strings.TrimSpace(v)
	if c := b9StripComment(v); c != v {
		v = strings.TrimSpace(c)
	}
	if len(v) >= 2 && (v[0] == '\'' || v[0] == '"') && v[len(v)-1] == v[0] {
		return v[:1], v[1 : len(v)-1]
	}
	return "", v
}

// b9StripComment drops a trailing ` # comment` outside quotes.
func b9StripComment(v string) string {
	var q byte
	for k := 0; k < len(v); k++ {
		c := v[k]
		switch {
		case q != 0 && c == q:
			q = 0
		case q == 0 && (c == '\'' || c == '"') && (k == 0 || v[k-1] == ' '):
			q = c
		case q == 0 && c == '#' && k > 0 && v[k-1] == ' ':
			return strings.TrimRight(v[:k], " ")
		}
	}
	return v
}

// b9Report is the tally of one run.
type b9Report struct {
	class, edit, both map[string]*tally
	ctl               map[string]*tally // controls: injected, found = clean
	ctlFind           []string
}

func (r *b9Report) add(m map[string]*tally, k string, hit bool) {
	if m[k] == nil {
		m[k] = &tally{}
	}
	m[k].injected++
	if hit {
		m[k].found++
	}
}

// b9Near reports whether got holds a finding within two lines of line
// (baseline), mapping out's lines with old: the judge's count.
func b9Near(got []diag.Diagnostic, old func(int) int, line int) bool {
	for _, d := range got {
		l := old(d.Start().Line - 1)
		if l >= 0 && abs(l-line) <= 2 {
			return true
		}
	}
	return false
}

// b9Run applies edits to the picked lines of every guide of dir.
func b9Run(t *testing.T, dir, label string, edits []b9Edit, only string) *b9Report {
	site, sc, v, guides := batteryInputs(t, dir, "guidec-"+label+"-digests")
	r := &b9Report{class: map[string]*tally{}, edit: map[string]*tally{}, both: map[string]*tally{}, ctl: map[string]*tally{}}
	byClass := map[string][]b9Edit{}
	for _, e := range edits {
		if only != "" && !strings.Contains(e.name, only) {
			continue
		}
		for _, c := range e.classes {
			byClass[c] = append(byClass[c], e)
		}
	}
	for _, bg := range guides {
		g := b9Parse(bg.name, bg.raw)
		base := map[string]int{}
		for _, d := range checkOneWith(t, bg.name, bg.raw, bg.rs, site, sc, v) {
			base[fmt.Sprintf("%d %s", d.Start().Line, d.Code)]++
		}
		fresh := func(m b9Mut) []diag.Diagnostic {
			seen := map[string]int{}
			var l []diag.Diagnostic
			for _, d := range checkOneWith(t, bg.name, m.out, bg.rs, site, sc, v) {
				k := fmt.Sprintf("%d %s", m.old(d.Start().Line-1)+1, d.Code)
				seen[k]++
				if seen[k] > base[k] {
					l = append(l, d)
				}
			}
			return l
		}
		for _, c := range b9Classes {
			if len(byClass[c]) == 0 {
				continue
			}
			for _, i := range g.b9Picks(c, bg.n) {
				for _, e := range byClass[c] {
					m, ok := e.apply(g, i)
					if !ok {
						continue
					}
					got := fresh(m)
					key := c + " / " + e.name
					if !m.defect {
						r.add(r.ctl, key, len(got) == 0)
						for _, d := range got {
							s := fmt.Sprintf("%s in %s line %d %q (%s): %d %s %s: %s", key, bg.name, i+1, lineOf(m.out, i+1), m.note, d.Start().Line, d.Severity, d.Code, d.Message)
							r.ctlFind = append(r.ctlFind, s)
							t.Logf("CONTROL FINDING %s", s)
						}
						continue
					}
					hit := b9Near(got, m.old, m.line)
					r.add(r.class, c, hit)
					r.add(r.edit, e.name, hit)
					r.add(r.both, key, hit)
					if !hit {
						var s []string
						for _, d := range got {
							s = append(s, fmt.Sprintf("%d %s %s", d.Start().Line, d.Severity, d.Code))
						}
						t.Logf("MISS %s in %s at line %d %q (%s): %q", key, bg.name, m.line+1, lineOf(m.out, m.line+1), m.note, s)
					}
				}
			}
		}
	}
	var b strings.Builder
	found, total := 0, 0
	for _, x := range r.both {
		found += x.found
		total += x.injected
	}
	for _, sec := range []struct {
		title string
		m     map[string]*tally
	}{{"by line class", r.class}, {"by edit", r.edit}, {"by class / edit", r.both}, {"controls clean/applied", r.ctl}} {
		fmt.Fprintf(&b, " %s:\n", sec.title)
		names := make([]string, 0, len(sec.m))
		for k := range sec.m {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			fmt.Fprintf(&b, "  %-48s %4d/%4d\n", k, sec.m[k].found, sec.m[k].injected)
		}
	}
	t.Logf("%s battery: found %d of %d defects; %d control findings\n%s", label, found, total, len(r.ctlFind), b.String())
	return r
}

// b9Floors checks r against the measured shares: floors maps "class /
// edit" to the measured share where it is below 97%; dirty maps a
// control's "class / edit" to its measured number of mutants with a new
// finding (a rise is a new false positive).
func b9Floors(t *testing.T, r *b9Report, floors map[string]float64, dirty map[string]int) {
	t.Helper()
	for k, c := range r.both {
		f, ok := floors[k]
		if !ok {
			f = 0.97
		}
		if float64(c.found) < f*float64(c.injected)-1e-9 {
			t.Errorf("%s: found %d of %d, below its floor %.2f", k, c.found, c.injected, f)
		}
	}
	for k, c := range r.ctl {
		if d := c.injected - c.found; d > dirty[k] {
			t.Errorf("control %s: %d of %d with new findings (measured %d)", k, d, c.injected, dirty[k])
		}
	}
}

func b9Main(t *testing.T, dir, label string, floors map[string]float64, dirty map[string]int) {
	if testing.Short() {
		t.Skip("slow")
	}
	only := os.Getenv("BLIND9_EDIT")
	r := b9Run(t, dir, label, b9Edits, only)
	if only != "" {
		return
	}
	b9Floors(t, r, floors, dirty)
}
