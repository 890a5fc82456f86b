package tests

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/go-crypt/crypt/algorithm"
	"github.com/go-crypt/crypt/algorithm/argon2"
	"github.com/go-crypt/crypt/algorithm/bcrypt"
	"github.com/go-crypt/crypt/algorithm/pbkdf2"
	"github.com/go-crypt/crypt/algorithm/scrypt"
	"github.com/go-crypt/crypt/algorithm/shacrypt"
	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
)

// The blind battery is a second, independent mutation battery, written
// from the facts of an integration (the Authelia client reference, the
// corpus guides, how applications are configured) without reading the
// checker's rules: an attacker's view of what `guidec check` must find.
// Each kind is one realistic mistake of a guide writer, made with an edit
// operator the checker's own battery does not use (a typo in the middle,
// a case change, a trailing slash, a port, a plausible but wrong endpoint
// path, a near-miss key, a key of a newer release, an indentation moved
// one level, a wrong fence label…). Sites are found by mechanism: the
// provider's clients are read from the guide's Authelia YAML, and the
// same values are then looked for everywhere else in the guide
// (application snippets of every format, Web GUI steps, prose,
// Assumptions), each judged by the key in front of it.
//
// A defect is found when exactly one new finding of the expected severity
// lies within two lines of it and no new error appears anywhere else. An
// injection that has to reshape a line (a sitevar written out, a line
// inserted) is checked beside an unmutated control with the same shape,
// which must bring no new finding at all.

// bSitevar is a sitevar call; the guide shows its nojs value.
var bSitevar = regexp.MustCompile(`\{\{<\s*sitevar\s[^>]*nojs="([^"]*)"[^>]*>\}\}`)

// bSeg is a piece of a raw line and of its expansion: literal text is the
// same in both, a sitevar call is its nojs value in the expansion.
type bSeg struct {
	rs, re, es, ee int
	lit            bool
}

// bExpand expands the sitevar calls of a raw line and maps the pieces.
func bExpand(raw string) (string, []bSeg) {
	var b strings.Builder
	var segs []bSeg
	last := 0
	for _, m := range bSitevar.FindAllStringSubmatchIndex(raw, -1) {
		if m[0] > last {
			segs = append(segs, bSeg{last, m[0], b.Len(), b.Len() + m[0] - last, true})
			b.WriteString(raw[last:m[0]])
		}
		v := raw[m[2]:m[3]]
		segs = append(segs, bSeg{m[0], m[1], b.Len(), b.Len() + len(v), false})
		b.WriteString(v)
		last = m[1]
	}
	if last < len(raw) || len(segs) == 0 {
		segs = append(segs, bSeg{last, len(raw), b.Len(), b.Len() + len(raw) - last, true})
		b.WriteString(raw[last:])
	}
	return b.String(), segs
}

// bEdit replaces [es, ee) of the expansion of raw with repl and returns
// the raw line. Literal text is edited in place; a sitevar call the edit
// touches is written out as its value (a writer typing the host by hand),
// and inlined reports whether that happened.
func bEdit(raw string, es, ee int, repl string) (out string, inlined bool) {
	exp, segs := bExpand(raw)
	if es == ee {
		// An insertion at a boundary of pieces goes into the raw text there.
		for _, s := range segs {
			if s.es == es && (s.lit || s.ee > s.es) {
				return raw[:s.rs] + repl + raw[s.rs:], false
			}
			if s.ee == es {
				return raw[:s.re] + repl + raw[s.re:], false
			}
		}
	}
	var b strings.Builder
	done := false
	for _, s := range segs {
		os_, oe := max(es, s.es), min(ee, s.ee)
		inside := es == ee && s.es < es && es < s.ee
		if os_ >= oe && !inside {
			b.WriteString(raw[s.rs:s.re])
			continue
		}
		text := exp[s.es:s.ee]
		if !s.lit {
			inlined = true
		}
		if inside {
			os_, oe = es, es
		}
		r := ""
		if !done {
			r = repl
			done = true
		}
		b.WriteString(text[:os_-s.es] + r + text[oe-s.es:])
	}
	return b.String(), inlined
}

// bInline writes out the sitevar calls of raw that overlap [es, ee): the
// control of an edit that had to inline them.
func bInline(raw string, es, ee int) string {
	exp, _ := bExpand(raw)
	out, _ := bEdit(raw, es, ee, exp[es:ee])
	return out
}

type bFence struct {
	open, close int // line indexes of the fences
	lang, title string
	authelia    bool
}

// bSite is a value stated on a line: its expanded span and the key that
// names it there.
type bSite struct {
	line, start, end int
	val, key         string
}

type bClient struct {
	fence  int
	id     bSite
	keys   map[string]bSite // scalar options: value site (line = the key's line)
	keyAt  map[string]int   // every option: the line of its key
	lists  map[string][]bSite
	indent int // column of the client's keys
	last   int // last line of the entry
	isLast bool
}

type bGuide struct {
	name    string
	lines   []string // raw
	exp     []string
	fences  []bFence
	fenceOf []int // fence index per line, -1 outside
	body    int   // first line after the front matter
	version [3]int
	assume  map[string]bSite // "clientid", "clientsecret", "applicationrooturl", "autheliarooturl"
	// described marks the lines of the Assumptions section: a fact stated
	// there describes the setup; a wrong one is a warning, since the
	// reader copies the snippets and settings, not the description.
	described []bool
	clients   []*bClient
}

var (
	bFenceOpen = regexp.MustCompile("^(\\s*)(```+)\\s*([A-Za-z0-9_+-]*)\\s*(\\{[^}]*\\})?")
	bTitle     = regexp.MustCompile(`title="([^"]*)"`)
	bAssume    = regexp.MustCompile("^\\s*[-*]\\s+(?:__|\\*\\*)([^:_*]+):(?:__|\\*\\*)\\s*`([^`]*)`")
	bVersion   = regexp.MustCompile(`v(\d+)\.(\d+)\.(\d+)`)
)

func bParse(name string, raw []byte) *bGuide {
	g := &bGuide{name: name, assume: map[string]bSite{}}
	g.lines = strings.Split(string(raw), "\n")
	g.fenceOf = make([]int, len(g.lines))
	for i, l := range g.lines {
		e, _ := bExpand(l)
		g.exp = append(g.exp, e)
		g.fenceOf[i] = -1
	}
	if len(g.lines) > 0 && strings.TrimSpace(g.lines[0]) == "---" {
		for i := 1; i < len(g.lines); i++ {
			if strings.TrimSpace(g.lines[i]) == "---" {
				g.body = i + 1
				break
			}
		}
	}
	for i := g.body; i < len(g.lines); i++ {
		m := bFenceOpen.FindStringSubmatch(g.lines[i])
		if m == nil {
			continue
		}
		f := bFence{open: i, lang: strings.ToLower(m[3])}
		if t := bTitle.FindStringSubmatch(m[4]); t != nil {
			f.title = t[1]
		}
		j := i + 1
		for ; j < len(g.lines); j++ {
			if strings.HasPrefix(strings.TrimSpace(g.lines[j]), m[2]) && strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(g.lines[j]), "`")) == "" {
				break
			}
		}
		f.close = j
		for k := i + 1; k < j && k < len(g.lines); k++ {
			g.fenceOf[k] = len(g.fences)
			if strings.HasPrefix(strings.TrimSpace(g.exp[k]), "identity_providers:") {
				f.authelia = true
			}
		}
		g.fences = append(g.fences, f)
		i = j
	}
	inTested, inAssume := false, false
	g.described = make([]bool, len(g.lines))
	for i := g.body; i < len(g.lines); i++ {
		l := g.lines[i]
		if strings.HasPrefix(l, "#") && g.fenceOf[i] < 0 {
			inTested = strings.Contains(l, "Tested Versions")
			inAssume = strings.Contains(strings.ToLower(l), "assumption")
		}
		g.described[i] = inAssume
		if inTested && g.version[0] == 0 && strings.Contains(l, "authelia/authelia/releases") {
			if m := bVersion.FindStringSubmatch(l); m != nil {
				for k := range 3 {
					g.version[k], _ = strconv.Atoi(m[k+1])
				}
			}
		}
		if g.fenceOf[i] >= 0 {
			continue
		}
		if m := bAssume.FindStringSubmatchIndex(g.exp[i]); m != nil && inAssume {
			k := bNorm(g.exp[i][m[2]:m[3]])
			if _, dup := g.assume[k]; !dup {
				g.assume[k] = bSite{line: i, start: m[4], end: m[5], val: g.exp[i][m[4]:m[5]], key: k}
			}
		}
	}
	for fi, f := range g.fences {
		if f.authelia {
			g.parseClients(fi)
		}
	}
	return g
}

// bNorm folds a key for comparison: lower case, letters and digits only.
func bNorm(k string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(k) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// parseClients reads the clients of an Authelia fence with a YAML parser,
// keeping the guide line of every option and value.
func (g *bGuide) parseClients(fi int) {
	f := g.fences[fi]
	body := strings.Join(g.exp[f.open+1:f.close], "\n")
	var doc yaml.Node
	if yaml.Unmarshal([]byte(body), &doc) != nil || len(doc.Content) == 0 {
		return
	}
	get := func(n *yaml.Node, k string) *yaml.Node {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				return n.Content[i+1]
			}
		}
		return nil
	}
	seq := get(get(get(doc.Content[0], "identity_providers"), "oidc"), "clients")
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return
	}
	site := func(n *yaml.Node, key string) (bSite, bool) {
		line := f.open + n.Line
		if n.Kind != yaml.ScalarNode || line >= len(g.exp) {
			return bSite{}, false
		}
		e := g.exp[line]
		from := min(max(n.Column-1, 0), len(e))
		k := strings.Index(e[from:], n.Value)
		if k < 0 || n.Value == "" {
			return bSite{line: line, start: from, end: from, key: key}, n.Value == ""
		}
		return bSite{line: line, start: from + k, end: from + k + len(n.Value), val: n.Value, key: key}, true
	}
	for ci, c := range seq.Content {
		if c.Kind != yaml.MappingNode {
			continue
		}
		cl := &bClient{fence: fi, keys: map[string]bSite{}, keyAt: map[string]int{}, lists: map[string][]bSite{}, isLast: ci == len(seq.Content)-1}
		for i := 0; i+1 < len(c.Content); i += 2 {
			k, v := c.Content[i], c.Content[i+1]
			cl.keyAt[k.Value] = f.open + k.Line
			if cl.indent == 0 || k.Column-1 < cl.indent {
				cl.indent = k.Column - 1
			}
			switch v.Kind {
			case yaml.ScalarNode:
				if s, ok := site(v, k.Value); ok {
					cl.keys[k.Value] = s
				}
			case yaml.SequenceNode:
				for _, it := range v.Content {
					if s, ok := site(it, k.Value); ok {
						cl.lists[k.Value] = append(cl.lists[k.Value], s)
					}
				}
			}
		}
		cl.id = cl.keys["client_id"]
		if cl.id.val == "" {
			continue
		}
		end := f.close - 1
		if ci+1 < len(seq.Content) {
			end = f.open + seq.Content[ci+1].Line - 1
		}
		for end > f.open && strings.TrimSpace(g.exp[end]) == "" || end > f.open && strings.HasPrefix(strings.TrimSpace(g.exp[end]), "#") {
			end--
		}
		cl.last = end
		g.clients = append(g.clients, cl)
	}
}

// appLine reports whether line i states something of the application:
// outside the front matter and the Authelia snippets, not a heading, not
// a shortcode call other than sitevar.
func (g *bGuide) appLine(i int) bool {
	if i < g.body || (g.fenceOf[i] >= 0 && g.fences[g.fenceOf[i]].authelia) {
		return false
	}
	for _, f := range g.fences {
		if i == f.open || i == f.close {
			return false
		}
	}
	l := strings.TrimSpace(g.lines[i])
	if strings.HasPrefix(l, "#") && g.fenceOf[i] < 0 || strings.HasPrefix(l, "{{%") || strings.HasPrefix(l, "[") {
		return false
	}
	if s := strings.ReplaceAll(l, "{{<", ""); strings.Contains(s, "{{") && !bSitevar.MatchString(l) {
		return false
	}
	for _, a := range g.assume {
		if a.line == i {
			return false
		}
	}
	return true
}

var bKeyTail = regexp.MustCompile(`([A-Za-z][A-Za-z0-9_.\- ]*?)[\s"'` + "`" + `:=,]*$`)

// keyBefore returns the name of the setting in front of a value on a
// line: `OIDC_CLIENT_ID=`, `"clientId": "`, `- Client ID: ` + "`", …
func keyBefore(prefix string) string {
	prefix = strings.TrimRight(prefix, " \t\"'`:=,")
	prefix = strings.TrimSuffix(strings.TrimSuffix(prefix, "__"), "**")
	m := bKeyTail.FindStringSubmatch(prefix)
	if m == nil {
		return ""
	}
	return m[1]
}

// valueSites finds the application-side statements of v: v as a whole
// value (not part of a longer one) after a key keyOK accepts.
func (g *bGuide) valueSites(v string, keyOK func(norm string) bool) []bSite {
	if v == "" {
		return nil
	}
	var out []bSite
	for i := range g.lines {
		if !g.appLine(i) {
			continue
		}
		e := g.exp[i]
		for from := 0; ; {
			k := strings.Index(e[from:], v)
			if k < 0 {
				break
			}
			s, t := from+k, from+k+len(v)
			from = t
			if s > 0 && bValueChar(rune(e[s-1])) || t < len(e) && (bValueChar(rune(e[t])) || e[t] == '/' && !strings.HasSuffix(v, "/")) {
				continue
			}
			key := keyBefore(e[:s])
			if !keyOK(bNorm(key)) {
				continue
			}
			out = append(out, bSite{line: i, start: s, end: t, val: v, key: key})
		}
	}
	return out
}

func bValueChar(r rune) bool {
	return r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || strings.ContainsRune("_-.:@%", r)
}

func hasAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// form names where a site is: the fence title or language, a Web GUI
// step, a table, an Assumption, or prose.
func (g *bGuide) form(i int) string {
	if fi := g.fenceOf[i]; fi >= 0 {
		f := g.fences[fi]
		if f.title != "" {
			return f.title
		}
		return f.lang + " fence"
	}
	for _, a := range g.assume {
		if a.line == i {
			return "assumption"
		}
	}
	l := strings.TrimSpace(g.lines[i])
	switch {
	case strings.HasPrefix(l, "|"):
		return "table"
	case strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") || regexp.MustCompile(`^\d+\.`).MatchString(l):
		return "gui step"
	}
	return "prose"
}

func (g *bGuide) envLike(i int) bool {
	fi := g.fenceOf[i]
	if fi < 0 {
		return false
	}
	f := g.fences[fi]
	return strings.HasSuffix(f.title, ".env") || f.lang == "env" || f.lang == "dotenv"
}

func (g *bGuide) composeLike(i int) bool {
	fi := g.fenceOf[i]
	if fi < 0 {
		return false
	}
	t := g.fences[fi].title
	return strings.Contains(t, "compose")
}

// bInjection is one mutant guide.
type bInjection struct {
	out     []byte
	control []byte // same shape, no defect; nil when the edit is in place
	want    []bWant
	form    string
	// old maps a line of out to the baseline's line (-1: a new line).
	old func(int) int
}

type bWant struct {
	line int   // 0-based, the defect
	alt  []int // other acceptable lines
	sev  diag.Severity
}

type bKind struct {
	name   string
	inject func(g *bGuide, n int) (bInjection, bool)
}

func (g *bGuide) join(lines []string) []byte { return []byte(strings.Join(lines, "\n")) }

// withLine replaces line i.
func (g *bGuide) withLine(i int, s string) []byte {
	ls := bClone(g.lines)
	ls[i] = s
	return g.join(ls)
}

func bClone(s []string) []string { return append([]string(nil), s...) }

// editSite rewrites the expanded span [s, e) of line i; the control is the
// line with the same sitevars written out and no defect.
func (g *bGuide) editSite(i, s, e int, repl string, sev diag.Severity, alt ...int) bInjection {
	out, inlined := bEdit(g.lines[i], s, e, repl)
	in := bInjection{out: g.withLine(i, out), want: []bWant{{line: i, alt: alt, sev: sev}}, form: g.form(i)}
	if inlined {
		in.control = g.withLine(i, bInline(g.lines[i], s, e))
	}
	return in
}

// insertAfter inserts lines after line i.
func (g *bGuide) insertAfter(i int, add ...string) ([]byte, func(int) int) {
	ls := append(bClone(g.lines[:i+1]), add...)
	ls = append(ls, g.lines[i+1:]...)
	n := len(add)
	return g.join(ls), func(l int) int {
		switch {
		case l <= i:
			return l
		case l <= i+n:
			return -1
		}
		return l - n
	}
}

// deleteLine removes line i.
func (g *bGuide) deleteLine(i int) ([]byte, func(int) int) {
	ls := append(bClone(g.lines[:i]), g.lines[i+1:]...)
	return g.join(ls), func(l int) int {
		if l < i {
			return l
		}
		return l + 1
	}
}

func bPick[T any](s []T, n int) T { return s[n%len(s)] }

// sevAt is the severity of a wrong application-side value on line i.
func (g *bGuide) sevAt(i int) diag.Severity {
	if g.described[i] {
		return diag.Warning
	}
	return diag.Error
}

// mainClient is the client whose id the application states, else the first.
func (g *bGuide) mainClient() *bClient {
	for _, c := range g.clients {
		if len(g.idSites(c.id.val)) > 0 {
			return c
		}
	}
	if len(g.clients) > 0 {
		return g.clients[0]
	}
	return nil
}

// uniqueClient reports whether c's id names one client only (guides with
// alternative blocks for one client are left out of single-side edits).
func (g *bGuide) uniqueClient(c *bClient) bool {
	n := 0
	for _, o := range g.clients {
		if o.id.val == c.id.val {
			n++
		}
	}
	return n == 1
}

func (g *bGuide) idSites(id string) []bSite {
	return g.valueSites(id, func(k string) bool {
		return strings.HasSuffix(k, "clientid") || strings.Contains(k, "clientid") && len(k) < 40
	})
}

func (g *bGuide) secretSites(sec string) []bSite {
	return g.valueSites(sec, func(k string) bool { return strings.Contains(k, "secret") })
}

func isPublicClient(c *bClient) bool {
	return c.keys["public"].val == "true" || c.keys["token_endpoint_auth_method"].val == "none"
}

// bOtherDigests are complete, valid digests of another secret than the
// guide's, in each algorithm Authelia decodes: what a writer pastes from
// a second run of the hash generator, or from another guide.
var bOtherDigests = sync.OnceValue(func() []string {
	const other = "insecure-secret"
	p, _ := pbkdf2.NewSHA512(pbkdf2.WithIterations(310000))
	a, _ := argon2.New(argon2.WithProfileRFC9106LowMemory())
	b, _ := bcrypt.New(bcrypt.WithCost(12))
	sc, _ := scrypt.New()
	sh, _ := shacrypt.NewSHA512()
	var out []string
	for _, h := range []interface {
		Hash(string) (algorithm.Digest, error)
	}{p, a, b, sc, sh} {
		d, err := h.Hash(other)
		if err != nil {
			panic(err)
		}
		out = append(out, d.Encode())
	}
	return out
})

var bGuideDigest = sync.OnceValue(func() string {
	h, _ := pbkdf2.NewSHA512(pbkdf2.WithIterations(310000))
	d, _ := h.Hash("insecure_secret")
	return d.Encode()
})

// midSwap swaps two characters in the middle of s (a typo while typing).
func midSwap(s string) string {
	r := []rune(s)
	if len(r) < 3 {
		return s + s[len(s)-1:]
	}
	for k := len(r) / 2; k+1 < len(r); k++ {
		if r[k] != r[k-1] {
			r[k], r[k-1] = r[k-1], r[k]
			return string(r)
		}
	}
	return s + "x"
}

// caseFlip changes the case of the first letter.
func caseFlip(s string) string {
	r := []rune(s)
	for k, c := range r {
		if unicode.IsLower(c) {
			r[k] = unicode.ToUpper(c)
			return string(r)
		}
		if unicode.IsUpper(c) {
			r[k] = unicode.ToLower(c)
			return string(r)
		}
	}
	return s
}

// urlParts splits an absolute URL into scheme, host (with port) and the rest.
func urlParts(u string) (scheme, host, rest string, ok bool) {
	k := strings.Index(u, "://")
	if k < 0 {
		return "", "", "", false
	}
	scheme, after := u[:k], u[k+3:]
	j := strings.IndexAny(after, "/?#")
	if j < 0 {
		return scheme, after, "", true
	}
	return scheme, after[:j], after[j:], true
}

// authSites are the application's statements of URLs on the Authelia
// Root URL's origin, with the path each adds.
func (g *bGuide) authSites() []bSite {
	a, ok := g.assume["autheliarooturl"]
	if !ok {
		return nil
	}
	root := strings.TrimSuffix(a.val, "/")
	var out []bSite
	for i := range g.lines {
		if !g.appLine(i) {
			continue
		}
		e := g.exp[i]
		for from := 0; ; {
			k := strings.Index(e[from:], root)
			if k < 0 {
				break
			}
			s := from + k
			t := s + len(root)
			for t < len(e) && !strings.ContainsRune(" \t'\"`,)<>]", rune(e[t])) {
				t++
			}
			from = t
			if s > 0 && bValueChar(rune(e[s-1])) {
				continue
			}
			if t < len(e) && e[t] == ')' { // a Markdown link
				continue
			}
			out = append(out, bSite{line: i, start: s, end: t, val: e[s:t], key: keyBefore(e[:s])})
		}
	}
	return out
}

// redirectSites are the application-side statements of a registered
// redirect URI of c.
func (g *bGuide) redirectSites(c *bClient) []bSite {
	var out []bSite
	for _, r := range c.lists["redirect_uris"] {
		out = append(out, g.valueSites(r.val, func(string) bool { return true })...)
	}
	return out
}

// scopeSites are one-line application-side scope lists: a key naming
// scopes and a value that holds openid among other words.
var bScopeSplit = regexp.MustCompile(`[ ,+]+`)

func (g *bGuide) scopeSites() []bSite {
	var out []bSite
	for i := range g.lines {
		if !g.appLine(i) {
			continue
		}
		e := g.exp[i]
		k := strings.Index(e, "openid")
		if k < 0 {
			continue
		}
		// The value runs between delimiters around openid.
		s, t := k, k
		for s > 0 && !strings.ContainsRune("'\"`=:", rune(e[s-1])) {
			s--
		}
		for t < len(e) && !strings.ContainsRune("'\"`#", rune(e[t])) {
			t++
		}
		v := strings.TrimSpace(e[s:t])
		s += strings.Index(e[s:t], v)
		t = s + len(v)
		key := keyBefore(e[:s])
		if !strings.Contains(bNorm(key), "scope") || len(bScopeSplit.Split(v, -1)) < 2 {
			continue
		}
		out = append(out, bSite{line: i, start: s, end: t, val: v, key: key})
	}
	return out
}

// askedScopes are the standard scopes the application side names after a
// key that says scope, in any form (a list, an array, a GUI step).
func (g *bGuide) askedScopes() map[string]bool {
	std := []string{"openid", "offline_access", "profile", "email", "groups", "address", "phone"}
	out := map[string]bool{}
	for i := range g.lines {
		if !g.appLine(i) {
			continue
		}
		// The words after a key that says scope, to the end of its list;
		// a key alone on its line opens a list of items below it.
		e := strings.ToLower(g.exp[i])
		k := strings.Index(e, "scope")
		if k < 0 {
			continue
		}
		rest := e[k:]
		if j := strings.IndexAny(rest, "]`"); j >= 0 && strings.HasPrefix(strings.TrimLeft(rest[strings.IndexAny(rest, ":=")+1:], " \"'"), "[") {
			rest = rest[:j]
		}
		words := bScopeSplit.Split(regexp.MustCompile(`[^a-z_]+`).ReplaceAllString(rest, " "), -1)
		if strings.TrimSpace(strings.TrimLeft(rest, "abcdefghijklmnopqrstuvwxyz_\"'")) == ":" {
			ind := len(g.lines[i]) - len(strings.TrimLeft(g.lines[i], " "))
			for j := i + 1; j < len(g.lines) && strings.HasPrefix(strings.TrimLeft(g.lines[j], " "), "- ") && len(g.lines[j])-len(strings.TrimLeft(g.lines[j], " ")) > ind-1; j++ {
				words = append(words, strings.Trim(strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(g.exp[j]), "- ")), "'\""))
			}
		}
		for _, w := range words {
			if slices.Contains(std, w) {
				out[w] = true
			}
		}
	}
	return out
}

func scopeSet(v string) map[string]bool {
	m := map[string]bool{}
	for _, w := range bScopeSplit.Split(v, -1) {
		if w != "" {
			m[w] = true
		}
	}
	return m
}

func (c *bClient) scopes() map[string]bool {
	m := map[string]bool{}
	if _, ok := c.keyAt["scopes"]; !ok {
		for _, s := range []string{"openid", "groups", "profile", "email"} {
			m[s] = true
		}
		return m
	}
	for _, s := range c.lists["scopes"] {
		m[s.val] = true
	}
	return m
}

// appIDSite picks an application statement of the client id, rotating
// over the guide's sites and formats.
func (g *bGuide) appIDSite(n int, ok func(bSite) bool) (*bClient, bSite, bool) {
	c := g.mainClient()
	if c == nil || !g.uniqueClient(c) {
		return nil, bSite{}, false
	}
	var s []bSite
	for _, x := range g.idSites(c.id.val) {
		if ok == nil || ok(x) {
			s = append(s, x)
		}
	}
	if len(s) == 0 {
		return nil, bSite{}, false
	}
	return c, bPick(s, n), true
}

// stated reports whether c's id is stated anywhere but its own block.
func (g *bGuide) stated(c *bClient) bool {
	_, a := g.assume["clientid"]
	return a && g.assume["clientid"].val == c.id.val || len(g.idSites(c.id.val)) > 0
}

// sibling writes a statement of key (in the words of the client id's key
// at site s) with value v, in the format of s's line.
func (g *bGuide) sibling(s bSite, words map[string]string, v string) (string, bool) {
	raw := g.exp[s.line]
	key := s.key
	nk := key
	for from, to := range words {
		for _, f := range []string{strings.ToUpper(from), from, strings.ToLower(from[:1]) + from[1:], strings.ToUpper(from[:1]) + from[1:]} {
			if strings.Contains(nk, f) {
				nk = strings.Replace(nk, f, caseLike(f, to), 1)
				break
			}
		}
	}
	if nk == key {
		return "", false
	}
	k := strings.LastIndex(raw[:s.start], key)
	if k < 0 {
		return "", false
	}
	return raw[:k] + nk + raw[k+len(key):s.start] + v + raw[s.end:], true
}

func caseLike(model, s string) string {
	switch {
	case strings.ToUpper(model) == model:
		return strings.ToUpper(s)
	case strings.ToLower(model) == model:
		return strings.ToLower(s)
	case unicode.IsUpper(rune(model[0])):
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

func (g *bGuide) versionAtLeast(a, b int) bool {
	v := g.version
	return v[0] > 4 || v[0] == 4 && (v[1] > a || v[1] == a && v[2] >= b)
}

var bKinds = []bKind{
	{"prov-id-midswap", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) || !g.stated(c) {
			return bInjection{}, false
		}
		// With no agreeing assumption and one application statement,
		// either side may be the wrong one.
		var alt []int
		if a, ok := g.assume["clientid"]; (!ok || a.val != c.id.val) && len(g.idSites(c.id.val)) == 1 {
			alt = append(alt, g.idSites(c.id.val)[0].line)
		}
		return g.editSite(c.id.line, c.id.start, c.id.end, midSwap(c.id.val), diag.Error, alt...), true
	}},
	{"app-id-case", func(g *bGuide, n int) (bInjection, bool) {
		c, s, ok := g.appIDSite(n, nil)
		if !ok || caseFlip(c.id.val) == c.id.val {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start, s.end, caseFlip(s.val), diag.Error), true
	}},
	{"app-id-stray-blank", func(g *bGuide, n int) (bInjection, bool) {
		// The whole quoted value (not a word of a command in a code span).
		_, s, ok := g.appIDSite(n, func(s bSite) bool {
			e := g.exp[s.line]
			return s.start > 0 && s.end < len(e) && strings.ContainsRune("'\"`", rune(e[s.end])) && e[s.start-1] == e[s.end]
		})
		if !ok {
			return bInjection{}, false
		}
		// A blank after the value, or a tab before it.
		if n%2 == 1 {
			return g.editSite(s.line, s.start, s.start, "\t", diag.Error), true
		}
		return g.editSite(s.line, s.end, s.end, " ", diag.Error), true
	}},
	{"assume-id-drop-char", func(g *bGuide, n int) (bInjection, bool) {
		a, ok := g.assume["clientid"]
		c := g.mainClient()
		if !ok || c == nil || a.val != c.id.val || len(a.val) < 3 {
			return bInjection{}, false
		}
		k := len(a.val) / 2
		return g.editSite(a.line, a.start+k, a.start+k+1, "", diag.Error), true
	}},
	{"prov-digest-other-secret", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) {
			return bInjection{}, false
		}
		s, ok := c.keys["client_secret"]
		if !ok || !strings.HasPrefix(s.val, "$pbkdf2") && !strings.HasPrefix(s.val, "$argon2") || strings.Contains(s.val, "...") {
			return bInjection{}, false
		}
		a, okA := g.assume["clientsecret"]
		if !okA && len(g.secretSites("insecure_secret")) == 0 || okA && a.val == "" {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start, s.end, bPick(bOtherDigests(), n), diag.Error), true
	}},
	{"app-secret-one-char", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		a, ok := g.assume["clientsecret"]
		if c == nil || !ok || isPublicClient(c) || len(a.val) < 4 {
			return bInjection{}, false
		}
		ss := g.secretSites(a.val)
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		v := strings.Replace(s.val, "_", "-", 1)
		if v == s.val {
			v = midSwap(s.val)
		}
		return g.editSite(s.line, s.start, s.end, v, diag.Error), true
	}},
	{"public-client-app-secret", func(g *bGuide, n int) (bInjection, bool) {
		c, s, ok := g.appIDSite(n, nil)
		if !ok || !isPublicClient(c) || g.secretSites("insecure_secret") != nil {
			return bInjection{}, false
		}
		if _, has := c.keys["client_secret"]; has {
			return bInjection{}, false
		}
		line, ok := g.sibling(s, map[string]string{"Id": "Secret", "ID": "SECRET", "id": "secret"}, "insecure_secret")
		if !ok {
			return bInjection{}, false
		}
		ctl, _ := g.sibling(s, map[string]string{"Id": "Name", "ID": "NAME", "id": "name"}, "Authelia")
		out, old := g.insertAfter(s.line, line)
		in := bInjection{out: out, old: old, want: []bWant{{line: s.line + 1, sev: diag.Error}}, form: g.form(s.line)}
		// An extra variable in one of a guide's twin .env and compose
		// environments is no harmless control: the other lacks it
		// (consistency-env-one-side). Elsewhere a display name is.
		if f := g.form(s.line); ctl != "" && !strings.HasSuffix(f, ".env") && !strings.Contains(f, "compose") {
			in.control, _ = g.insertAfter(s.line, ctl)
		}
		return in, true
	}},
	{"public-client-prov-secret", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || c.keys["public"].val != "true" {
			return bInjection{}, false
		}
		if _, has := c.keys["client_secret"]; has {
			return bInjection{}, false
		}
		ind := strings.Repeat(" ", c.indent)
		out, old := g.insertAfter(c.id.line, ind+"client_secret: '"+bGuideDigest()+"'  # The digest of 'insecure_secret'.")
		return bInjection{out: out, old: old, want: []bWant{{line: c.id.line + 1, sev: diag.Error}}, form: "configuration.yml"}, true
	}},
	{"prov-redirect-trailing-slash", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) {
			return bInjection{}, false
		}
		var cand []bSite
		for _, r := range c.lists["redirect_uris"] {
			if !strings.HasSuffix(r.val, "/") && len(g.valueSites(r.val, func(string) bool { return true })) > 0 {
				cand = append(cand, r)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		r := bPick(cand, n)
		// The client's entry is the odd one out when the application
		// states the URI twice; stated once on each side, either may be
		// the wrong one.
		var alt []int
		if app := g.valueSites(r.val, func(string) bool { return true }); len(app) == 1 {
			alt = append(alt, app[0].line)
		}
		return g.editSite(r.line, r.end, r.end, "/", diag.Error, alt...), true
	}},
	{"app-redirect-http", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) {
			return bInjection{}, false
		}
		var cand []bSite
		for _, s := range g.redirectSites(c) {
			if strings.HasPrefix(s.val, "https://") {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		return g.editSite(s.line, s.start+4, s.start+5, "", g.sevAt(s.line)), true
	}},
	{"app-redirect-port", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) {
			return bInjection{}, false
		}
		var cand []bSite
		for _, s := range g.redirectSites(c) {
			if _, h, _, ok := urlParts(s.val); ok && strings.HasPrefix(s.val, "https://") && !strings.Contains(h, ":") {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		_, h, _, _ := urlParts(s.val)
		at := s.start + len("https://") + len(h)
		return g.editSite(s.line, at, at, ":443", g.sevAt(s.line)), true
	}},
	{"text-redirect-path", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) {
			return bInjection{}, false
		}
		var cand []bSite
		for _, s := range g.redirectSites(c) {
			if g.fenceOf[s.line] < 0 {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		_, _, rest, ok := urlParts(s.val)
		if !ok || len(rest) < 2 {
			return bInjection{}, false
		}
		// Change the last path segment the way a writer misremembers it.
		k := strings.LastIndex(strings.TrimSuffix(rest, "/"), "/")
		seg := strings.TrimSuffix(rest, "/")[k+1:]
		nseg := map[string]string{"callback": "callbacks", "oidc": "oauth", "openid": "oidc", "authelia": "Authelia", "login": "signin"}[strings.ToLower(seg)]
		if nseg == "" {
			nseg = seg + "s"
		}
		at := s.end - len(rest) + k + 1
		return g.editSite(s.line, at, at+len(seg), nseg, g.sevAt(s.line)), true
	}},
	{"table-redirect-path", func(g *bGuide, n int) (bInjection, bool) {
		// A writer restates the client's facts as a table after the
		// Assumptions list; one cell carries the wrong callback path.
		c := g.mainClient()
		a, ok := g.assume["clientid"]
		if c == nil || !ok || !g.uniqueClient(c) || len(c.lists["redirect_uris"]) == 0 {
			return bInjection{}, false
		}
		r := c.lists["redirect_uris"][0]
		_, _, rest, okU := urlParts(r.val)
		if !okU || len(rest) < 2 || !strings.HasPrefix(r.val, "http") || strings.ContainsAny(r.val, "<>{}") {
			return bInjection{}, false
		}
		// In the Assumptions (a description: a warning) or at the start
		// of the application's section (settings to type: an error).
		last, sev := a.line, diag.Warning
		for last+1 < len(g.lines) && (strings.HasPrefix(strings.TrimSpace(g.lines[last+1]), "- ") || strings.HasPrefix(g.lines[last+1], "  ")) {
			last++
		}
		if n%2 == 1 {
			app := -1
			for i := range g.lines {
				if g.fenceOf[i] < 0 && strings.HasPrefix(g.lines[i], "### Application") {
					app = i
					break
				}
			}
			if app < 0 {
				return bInjection{}, false
			}
			last, sev = app, diag.Error
		}
		bad := strings.TrimSuffix(r.val, "/") + "x"
		if strings.HasSuffix(r.val, "/") {
			bad += "/"
		}
		table := func(uri string) []string {
			return []string{"", "| Setting | Value |", "|---|---|", "| Client ID | `" + c.id.val + "` |", "| Redirect URI | `" + uri + "` |"}
		}
		out, old := g.insertAfter(last, table(bad)...)
		ctl, _ := g.insertAfter(last, table(r.val)...)
		return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: last + 5, sev: sev}}, form: "table"}, true
	}},
	{"prov-scope-misspelt", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) {
			return bInjection{}, false
		}
		typo := map[string]string{"profile": "profil", "email": "emails", "groups": "group", "offline_access": "offline-access"}
		asked := g.askedScopes()
		var cand []bSite
		for _, s := range c.lists["scopes"] {
			if typo[s.val] != "" {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		sev := diag.Warning
		if asked[s.val] {
			sev = diag.Error
		}
		return g.editSite(s.line, s.start, s.end, typo[s.val], sev), true
	}},
	{"app-scope-not-granted", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		ss := g.scopeSites()
		if c == nil || len(ss) == 0 || !g.uniqueClient(c) {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		have := c.scopes()
		add := ""
		for _, w := range []string{"groups", "offline_access", "profile", "email"} {
			if !have[w] && !scopeSet(s.val)[w] {
				add = w
				break
			}
		}
		if add == "" {
			return bInjection{}, false
		}
		sep := " "
		if strings.Contains(s.val, ",") {
			sep = ","
			if strings.Contains(s.val, ", ") {
				sep = ", "
			}
		} else if strings.Contains(s.val, "+") {
			sep = "+"
		}
		return g.editSite(s.line, s.end, s.end, sep+add, diag.Error), true
	}},
	{"prov-scope-dropped", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		ss := g.scopeSites()
		if c == nil || len(ss) == 0 || !g.uniqueClient(c) {
			return bInjection{}, false
		}
		asked := map[string]bool{}
		var lines []int
		for _, s := range ss {
			for w := range scopeSet(s.val) {
				asked[w] = true
			}
			lines = append(lines, s.line)
		}
		var cand []bSite
		for _, s := range c.lists["scopes"] {
			if asked[s.val] && s.val != "openid" && strings.TrimSpace(g.exp[s.line]) != "" && strings.HasPrefix(strings.TrimSpace(g.exp[s.line]), "- ") {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		out, old := g.deleteLine(s.line)
		shift := func(l int) int {
			if l > s.line {
				return l - 1
			}
			return l
		}
		var want []int
		for _, l := range lines {
			want = append(want, shift(l))
		}
		// The deleted item's place (the line under it now) is where a
		// judge looks; the scopes key and the requests are fine too.
		return bInjection{out: out, old: old, want: []bWant{{line: want[0], alt: append(want[1:], shift(c.keyAt["scopes"]), s.line), sev: diag.Error}}, form: "configuration.yml"}, true
	}},
	{"app-auth-method-flip", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) || isPublicClient(c) || c.keys["allow_multiple_auth_methods"].val == "true" {
			return bInjection{}, false
		}
		var cand []bSite
		for i := range g.lines {
			if !g.appLine(i) {
				continue
			}
			for from, to := range bMethodFlip {
				e := g.exp[i]
				k := strings.Index(e, from)
				if k < 0 || k > 0 && bValueChar(rune(e[k-1])) || k+len(from) < len(e) && bValueChar(rune(e[k+len(from)])) {
					continue
				}
				key := bNorm(keyBefore(e[:k]))
				if !strings.Contains(key, "auth") || !(strings.Contains(key, "method") || strings.Contains(key, "style")) {
					continue
				}
				cand = append(cand, bSite{line: i, start: k, end: k + len(from), val: to})
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		return g.editSite(s.line, s.start, s.end, s.val, diag.Error), true
	}},
	{"prov-auth-method-flip", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) || isPublicClient(c) {
			return bInjection{}, false
		}
		m, ok := c.keys["token_endpoint_auth_method"]
		to := map[string]string{"client_secret_basic": "client_secret_post", "client_secret_post": "client_secret_basic"}[m.val]
		if !ok || to == "" {
			return bInjection{}, false
		}
		// Only where the application states its method.
		var app []int
		for i := range g.lines {
			if !g.appLine(i) {
				continue
			}
			for from := range bMethodFlip {
				if k := strings.Index(g.exp[i], from); k >= 0 && strings.Contains(bNorm(keyBefore(g.exp[i][:k])), "auth") {
					app = append(app, i)
					break
				}
			}
		}
		if len(app) == 0 {
			return bInjection{}, false
		}
		var alt []int
		if len(app) == 1 {
			alt = app
		}
		return g.editSite(m.line, m.start, m.end, to, diag.Error, alt...), true
	}},
	{"prov-pkce-method-case", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil {
			return bInjection{}, false
		}
		m, ok := c.keys["pkce_challenge_method"]
		if !ok || m.val != "S256" {
			return bInjection{}, false
		}
		return g.editSite(m.line, m.start, m.end, "s256", diag.Error), true
	}},
	{"app-pkce-off", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) || c.keys["require_pkce"].val != "true" {
			return bInjection{}, false
		}
		var cand []bSite
		for i := range g.lines {
			if !g.appLine(i) {
				continue
			}
			e := g.exp[i]
			for _, v := range []string{"true", "Enabled", "enabled", "True"} {
				k := strings.LastIndex(e, v)
				if k < 0 || !strings.Contains(bNorm(keyBefore(e[:k])), "pkce") {
					continue
				}
				off := map[string]string{"true": "false", "True": "False", "Enabled": "Disabled", "enabled": "disabled"}[v]
				cand = append(cand, bSite{line: i, start: k, end: k + len(v), val: off})
				break
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		return g.editSite(s.line, s.start, s.end, s.val, diag.Error), true
	}},
	{"prov-key-near-miss", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil {
			return bInjection{}, false
		}
		var cand []string
		for _, k := range []string{"redirect_uris", "scopes", "grant_types", "response_types", "token_endpoint_auth_method", "authorization_policy", "client_name", "require_pkce", "pkce_challenge_method", "userinfo_signed_response_alg", "consent_mode"} {
			if _, ok := c.keyAt[k]; ok {
				cand = append(cand, k)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		k := bPick(cand, n)
		miss := map[string]string{"redirect_uris": "redirect_uri", "scopes": "scope", "grant_types": "grant_type", "response_types": "response_type",
			"token_endpoint_auth_method": "token_endpoint_auth_methods", "authorization_policy": "authorisation_policy", "client_name": "client-name",
			"require_pkce": "requires_pkce", "pkce_challenge_method": "pkce_challenge_methods", "userinfo_signed_response_alg": "userinfo_signing_response_alg",
			"consent_mode": "consent_mod"}[k]
		l := c.keyAt[k]
		at := strings.Index(g.exp[l], k+":")
		if at < 0 {
			return bInjection{}, false
		}
		return g.editSite(l, at, at+len(k), miss, diag.Error), true
	}},
	{"prov-deprecated-key", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.versionAtLeast(38, 0) {
			return bInjection{}, false
		}
		var cand []string
		for _, k := range []string{"client_id", "client_secret", "client_name", "userinfo_signed_response_alg"} {
			if _, ok := c.keyAt[k]; ok {
				cand = append(cand, k)
			}
		}
		k := bPick(cand, n)
		old := map[string]string{"client_id": "id", "client_secret": "secret", "client_name": "description", "userinfo_signed_response_alg": "userinfo_signing_algorithm"}[k]
		l := c.keyAt[k]
		at := strings.Index(g.exp[l], k+":")
		if at < 0 {
			return bInjection{}, false
		}
		return g.editSite(l, at, at+len(k), old, diag.Warning), true
	}},
	{"prov-key-newer-release", func(g *bGuide, n int) (bInjection, bool) {
		// A 4.39 option in a guide tested with 4.38.
		c := g.mainClient()
		if c == nil || g.version[0] != 4 || g.version[1] != 38 {
			return bInjection{}, false
		}
		m, ok := c.keys["token_endpoint_auth_method"]
		if !ok {
			return bInjection{}, false
		}
		ind := strings.Repeat(" ", c.indent)
		out, old := g.insertAfter(m.line, ind+"revocation_endpoint_auth_method: '"+m.val+"'")
		return bInjection{out: out, old: old, want: []bWant{{line: m.line + 1, sev: diag.Error}}, form: "configuration.yml"}, true
	}},
	{"prov-indent-out", func(g *bGuide, n int) (bInjection, bool) {
		// The last option of the last client written one level out, at the
		// level of `clients:` (valid YAML, another meaning).
		c := g.mainClient()
		if c == nil || !c.isLast {
			return bInjection{}, false
		}
		l := c.last
		raw := g.lines[l]
		t := strings.TrimLeft(raw, " ")
		ind := len(raw) - len(t)
		if ind != c.indent || strings.HasPrefix(t, "- ") || !regexp.MustCompile(`^[a-z_]+: \S`).MatchString(t) {
			return bInjection{}, false
		}
		f := g.fences[c.fence]
		clientsInd := -1
		for i := f.open + 1; i < l; i++ {
			if s := strings.TrimLeft(g.lines[i], " "); strings.HasPrefix(s, "clients:") {
				clientsInd = len(g.lines[i]) - len(s)
			}
		}
		if clientsInd < 0 {
			return bInjection{}, false
		}
		return bInjection{out: g.withLine(l, strings.Repeat(" ", clientsInd)+t), want: []bWant{{line: l, sev: diag.Error}}, form: "configuration.yml"}, true
	}},
	{"prov-indent-in", func(g *bGuide, n int) (bInjection, bool) {
		// An option indented one level deeper than its siblings, under a
		// scalar option: YAML rejects it.
		c := g.mainClient()
		if c == nil {
			return bInjection{}, false
		}
		var cand []int
		for _, k := range []string{"authorization_policy", "require_pkce", "token_endpoint_auth_method", "consent_mode", "userinfo_signed_response_alg"} {
			l, ok := c.keyAt[k]
			if !ok || l == 0 {
				continue
			}
			prev := strings.TrimLeft(g.lines[l-1], " ")
			if len(g.lines[l-1])-len(prev) == c.indent && regexp.MustCompile(`^[a-z_]+: \S`).MatchString(prev) && !strings.HasPrefix(prev, "- ") {
				cand = append(cand, l)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		l := bPick(cand, n)
		return bInjection{out: g.withLine(l, "  "+g.lines[l]), want: []bWant{{line: l, alt: []int{l - 1}, sev: diag.Error}}, form: "configuration.yml"}, true
	}},
	{"prov-grant-type-hyphen", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil {
			return bInjection{}, false
		}
		for _, s := range c.lists["grant_types"] {
			if s.val == "authorization_code" || s.val == "refresh_token" {
				return g.editSite(s.line, s.start, s.end, strings.ReplaceAll(s.val, "_", "-"), diag.Error), true
			}
		}
		return bInjection{}, false
	}},
	{"prov-response-type-case", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil {
			return bInjection{}, false
		}
		for _, s := range c.lists["response_types"] {
			if s.val == "code" {
				return g.editSite(s.line, s.start, s.end, "Code", diag.Error), true
			}
		}
		return bInjection{}, false
	}},
	{"env-inline-comment", func(g *bGuide, n int) (bInjection, bool) {
		var cand []int
		for i := range g.lines {
			if !g.envLike(i) {
				continue
			}
			m := regexp.MustCompile(`^([A-Z0-9_]+)=([^"'\s#][^#]*)$`).FindStringSubmatch(g.exp[i])
			if m == nil {
				continue
			}
			k := bNorm(m[1])
			if hasAll(k, "client") || strings.Contains(k, "secret") || strings.Contains(k, "url") || strings.Contains(k, "uri") || strings.Contains(k, "issuer") {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		l := bPick(cand, n)
		return bInjection{out: g.withLine(l, g.lines[l]+" # from Authelia"), want: []bWant{{line: l, sev: diag.Error}}, form: ".env"}, true
	}},
	{"compose-env-folded", func(g *bGuide, n int) (bInjection, bool) {
		// `KEY: 'value'` entries rewritten as `KEY=value` lines without
		// the list dash: YAML folds them into one string.
		for i := range g.lines {
			if !g.composeLike(i) || strings.TrimSpace(g.lines[i]) != "environment:" {
				continue
			}
			ind := len(g.lines[i]) - len(strings.TrimLeft(g.lines[i], " "))
			re := regexp.MustCompile(`^(\s+)([A-Za-z0-9_]+): '([^']*)'\s*$`)
			ls := bClone(g.lines)
			j := i + 1
			for ; j < len(ls); j++ {
				m := re.FindStringSubmatch(ls[j])
				if m == nil || len(m[1]) <= ind {
					break
				}
				ls[j] = m[1] + m[2] + "=" + m[3]
			}
			if j-i < 3 {
				continue
			}
			var alt []int
			for k := i + 1; k < j; k++ {
				alt = append(alt, k)
			}
			return bInjection{out: g.join(ls), want: []bWant{{line: i, alt: alt, sev: diag.Error}}, form: g.form(i)}, true
		}
		return bInjection{}, false
	}},
	{"fence-label-wrong", func(g *bGuide, n int) (bInjection, bool) {
		var cand []int
		for fi, f := range g.fences {
			if f.authelia || f.title == "" {
				continue
			}
			if f.lang == "shell" && strings.HasSuffix(f.title, ".env") || f.lang == "yaml" && strings.Contains(f.title, "compose") || f.lang == "ini" || f.lang == "json" {
				cand = append(cand, fi)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		f := g.fences[bPick(cand, n)]
		wrong := map[string]string{"shell": "yaml", "yaml": "toml", "ini": "toml", "json": "yaml"}[f.lang]
		raw := g.lines[f.open]
		k := strings.Index(raw, f.lang)
		return bInjection{out: g.withLine(f.open, raw[:k]+wrong+raw[k+len(f.lang):]), want: []bWant{{line: f.open, sev: diag.Warning}}, form: f.title}, true
	}},
	{"fence-label-wrong-and-id", func(g *bGuide, n int) (bInjection, bool) {
		// A mislabelled fence must still be read as what its title says:
		// a client id typo inside it is found as well.
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) {
			return bInjection{}, false
		}
		for _, s := range g.idSites(c.id.val) {
			fi := g.fenceOf[s.line]
			if fi < 0 {
				continue
			}
			f := g.fences[fi]
			wrong := map[string]string{"shell": "ini", "yaml": "toml"}[f.lang]
			if wrong == "" || !(strings.HasSuffix(f.title, ".env") || strings.Contains(f.title, "compose")) {
				continue
			}
			ls := bClone(g.lines)
			k := strings.Index(ls[f.open], f.lang)
			ls[f.open] = ls[f.open][:k] + wrong + ls[f.open][k+len(f.lang):]
			ls[s.line], _ = bEdit(ls[s.line], s.start, s.end, midSwap(s.val))
			return bInjection{out: g.join(ls), want: []bWant{{line: f.open, sev: diag.Warning}, {line: s.line, sev: diag.Error}}, form: f.title}, true
		}
		return bInjection{}, false
	}},
	{"authelia-url-http", func(g *bGuide, n int) (bInjection, bool) {
		ss := g.authSites()
		if len(ss) == 0 || !strings.HasPrefix(ss[0].val, "https://") {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		return g.editSite(s.line, s.start+4, s.start+5, "", diag.Error), true
	}},
	{"authelia-url-port", func(g *bGuide, n int) (bInjection, bool) {
		ss := g.authSites()
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		_, h, _, ok := urlParts(s.val)
		if !ok || strings.Contains(h, ":") {
			return bInjection{}, false
		}
		at := s.start + strings.Index(s.val, "://") + 3 + len(h)
		return g.editSite(s.line, at, at, ":9091", diag.Error), true
	}},
	{"authelia-endpoint-path", func(g *bGuide, n int) (bInjection, bool) {
		wrong := map[string]string{
			"/api/oidc/authorization":           "/api/oidc/authorize",
			"/api/oidc/token":                   "/api/oauth/token",
			"/api/oidc/userinfo":                "/api/oidc/user",
			"/jwks.json":                        "/api/oidc/jwks",
			"/.well-known/openid-configuration": "/.well-known/openid_configuration",
		}
		var cand []bSite
		for _, s := range g.authSites() {
			_, _, rest, _ := urlParts(s.val)
			if w, ok := wrong[rest]; ok {
				cand = append(cand, bSite{line: s.line, start: s.end - len(rest), end: s.end, val: w})
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		return g.editSite(s.line, s.start, s.end, s.val, diag.Error), true
	}},
	{"issuer-slash-compose-only", func(g *bGuide, n int) (bInjection, bool) {
		// The issuer gets a trailing slash in compose.yml but not in .env.
		var env, comp []bSite
		for _, s := range g.authSites() {
			_, _, rest, _ := urlParts(s.val)
			if rest != "" {
				continue
			}
			if g.envLike(s.line) {
				env = append(env, s)
			} else if g.composeLike(s.line) {
				comp = append(comp, s)
			}
		}
		if len(env) == 0 || len(comp) == 0 {
			return bInjection{}, false
		}
		s := bPick(comp, n)
		return g.editSite(s.line, s.end, s.end, "/", diag.Warning), true
	}},
	{"app-root-url-port", func(g *bGuide, n int) (bInjection, bool) {
		a, ok := g.assume["applicationrooturl"]
		if !ok {
			return bInjection{}, false
		}
		root := strings.TrimSuffix(a.val, "/")
		var cand []bSite
		for _, v := range []string{root, root + "/"} {
			cand = append(cand, g.valueSites(v, func(k string) bool {
				return k != "" && !strings.Contains(k, "redirect") && !strings.Contains(k, "callback")
			})...)
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		_, h, _, okU := urlParts(s.val)
		if !okU || strings.Contains(h, ":") {
			return bInjection{}, false
		}
		at := s.start + strings.Index(s.val, "://") + 3 + len(h)
		return g.editSite(s.line, at, at, ":8443", diag.Error), true
	}},
	{"assume-secret-case", func(g *bGuide, n int) (bInjection, bool) {
		// The Client Secret assumption alone is spelt differently from the
		// digest's secret and the application's.
		a, ok := g.assume["clientsecret"]
		c := g.mainClient()
		if _, digest := c.keys["client_secret"]; !ok || c == nil || !digest || isPublicClient(c) || len(g.secretSites(a.val)) == 0 || caseFlip(a.val) == a.val {
			return bInjection{}, false
		}
		return g.editSite(a.line, a.start, a.end, caseFlip(a.val), diag.Error), true
	}},
	{"compose-var-near-miss", func(g *bGuide, n int) (bInjection, bool) {
		// A variable set in both .env and compose.yml is misspelt in
		// compose.yml only (an underscore dropped).
		envNames := map[string]bool{}
		re := regexp.MustCompile(`^\s*(?:- )?([A-Z][A-Z0-9_]*_[A-Z0-9_]+)\s*[:=]`)
		for i := range g.lines {
			if g.envLike(i) {
				if m := re.FindStringSubmatch(g.exp[i]); m != nil {
					envNames[m[1]] = true
				}
			}
		}
		var cand []bSite
		for i := range g.lines {
			if !g.composeLike(i) {
				continue
			}
			if m := re.FindStringSubmatchIndex(g.exp[i]); m != nil && envNames[g.exp[i][m[2]:m[3]]] {
				cand = append(cand, bSite{line: i, start: m[2], end: m[3], val: g.exp[i][m[2]:m[3]]})
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		k := strings.LastIndex(s.val, "_")
		return g.editSite(s.line, s.start+k, s.start+k+1, "", diag.Error), true
	}},
	{"cli-flags-id", func(g *bGuide, n int) (bInjection, bool) {
		// The .env snippet restated as `docker run -e` flags, with the
		// client id mistyped there only.
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) {
			return bInjection{}, false
		}
		for fi, f := range g.fences {
			if !strings.HasSuffix(f.title, ".env") {
				continue
			}
			re := regexp.MustCompile(`^([A-Z][A-Z0-9_]*)=(.*)$`)
			var flags []string
			idAt := -1
			for i := f.open + 1; i < f.close; i++ {
				m := re.FindStringSubmatch(g.lines[i])
				if m == nil || strings.ContainsAny(m[2], "'\"$ #{}") && !bSitevar.MatchString(m[2]) {
					continue
				}
				if strings.Contains(bNorm(m[1]), "clientid") && m[2] == c.id.val {
					idAt = len(flags)
				}
				flags = append(flags, "  -e "+m[1]+"='"+m[2]+"' \\")
			}
			if idAt < 0 || len(flags) < 2 {
				continue
			}
			block := func(id string) []string {
				fl := bClone(flags)
				fl[idAt] = strings.Replace(fl[idAt], "='"+c.id.val+"'", "='"+id+"'", 1)
				return append(append([]string{"", "Or pass the variables to `docker run`:", "", "```shell", "docker run \\"}, fl...), "  app:latest", "```")
			}
			out, old := g.insertAfter(f.close, block(midSwap(c.id.val))...)
			ctl, _ := g.insertAfter(f.close, block(c.id.val)...)
			_ = fi
			return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: f.close + 6 + idAt, sev: diag.Error}}, form: "docker run flags"}, true
		}
		return bInjection{}, false
	}},
	{"assume-root-url-http", func(g *bGuide, n int) (bInjection, bool) {
		a, ok := g.assume["applicationrooturl"]
		c := g.mainClient()
		if !ok || c == nil || !strings.HasPrefix(a.val, "https://") {
			return bInjection{}, false
		}
		under := false
		for _, r := range c.lists["redirect_uris"] {
			under = under || strings.HasPrefix(r.val, strings.TrimSuffix(a.val, "/"))
		}
		if !under {
			return bInjection{}, false
		}
		// One assumption against the client's redirect URIs alone, one
		// each: either may be the wrong one.
		root := strings.TrimSuffix(a.val, "/")
		var alt []int
		restated := false
		for i := range g.lines {
			restated = restated || g.appLine(i) && strings.Contains(g.exp[i], root)
		}
		if rs := c.lists["redirect_uris"]; !restated && len(rs) == 1 {
			alt = append(alt, rs[0].line)
		}
		return g.editSite(a.line, a.start+4, a.start+5, "", diag.Warning, alt...), true
	}},
}

var bMethodFlip = map[string]string{
	"client_secret_basic": "client_secret_post", "client_secret_post": "client_secret_basic",
	"InHeader": "InParams", "InParams": "InHeader",
}

// blindFloor holds, per kind, the share found where it is below the 97%
// the issue asks for: each is a known gap of the checker (the comment says
// which class of misses), a floor that must not fall, raised as the gap
// is fixed.
var blindFloor = map[string]float64{
	"app-root-url-port":            0.92, // 13/14: a root URL stated only in a sentence ("accessible from `…`") is no statement the checker reads
	"assume-root-url-http":         0.95, // 77/81: one assumption against one redirect URI: URLs the instructions visit on the app's origin ("Visit `https://…/admin`") are no votes
	"compose-var-near-miss":        0.96, // 31/32: a Compose environment folded into one string (ezbookkeeping, already an error) is not read for names
	"issuer-slash-compose-only":    0.90, // 19/21: a JSON document held in a variable, and a folded Compose environment, are compared as whole values
	"prov-redirect-trailing-slash": 0.87, // 14/16: the only other statement is the Assumptions' description: a warning there, although the client's entry breaks the login
	"prov-scope-dropped":           0.94, // 35/37: scopes in an Elixir keyword list inside a tuple, and among several clients (opencloud), are not attributed
}

func TestBlindBattery(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	per, total, found := blindBattery(t, corpusDir(t))
	if os.Getenv("BLIND_KIND") != "" {
		return
	}
	if float64(found) < 0.97*float64(total) {
		t.Errorf("found %d of %d defects, below the 97%% issue 13 asks for", found, total)
	}
	kinds := bKindNames(bKinds)
	requireFloors(t, kinds, per, blindFloor)
}

// blindBattery injects every kind of bKinds into every applicable guide of
// dir (each NAME/index.md) and returns the tally per kind and in all; a
// control with a new finding fails t.
func blindBattery(t *testing.T, dir string) (per map[string]*tally, total, found int) {
	return runBKinds(t, dir, "blind", bKinds, os.Getenv("BLIND_KIND"))
}

// runBKinds runs a battery of kinds, named label, over dir: only the kinds
// whose name contains only, when it is set.
func runBKinds(t *testing.T, dir, label string, kinds []bKind, only string) (per map[string]*tally, total, found int) {
	site, sc, v, guides := batteryInputs(t, dir, "guidec-"+label+"-digests")
	per = map[string]*tally{}
	forms := map[string]*tally{}
	controls, dirty := 0, 0
	for _, bg := range guides {
		n, name, raw, rs := bg.n, bg.name, bg.raw, bg.rs
		g := bParse(name, raw)
		base := map[string]int{}
		for _, d := range checkOneWith(t, name, raw, rs, site, sc, v) {
			base[fmt.Sprintf("%d %s", d.Start().Line, d.Code)]++
		}
		fresh := func(out []byte, old func(int) int) []diag.Diagnostic {
			seen := map[string]int{}
			var l []diag.Diagnostic
			for _, d := range checkOneWith(t, name, out, rs, site, sc, v) {
				line := d.Start().Line
				if old != nil {
					if o := old(line - 1); o >= 0 {
						line = o + 1
					} else {
						line = -1
					}
				}
				k := fmt.Sprintf("%d %s", line, d.Code)
				seen[k]++
				if seen[k] > base[k] {
					l = append(l, d)
				}
			}
			return l
		}
		for _, k := range kinds {
			if only != "" && !strings.Contains(k.name, only) {
				continue
			}
			in, ok := k.inject(g, n)
			if !ok {
				continue
			}
			if in.control != nil {
				controls++
				if got := fresh(in.control, in.old); len(got) > 0 {
					dirty++
					for _, d := range got {
						t.Errorf("control of %s [%s] in %s: new finding %d %s %s: %s", k.name, in.form, name, d.Start().Line, d.Severity, d.Code, d.Message)
					}
				}
			}
			total++
			if per[k.name] == nil {
				per[k.name] = &tally{}
			}
			fk := k.name + " [" + in.form + "]"
			if forms[fk] == nil {
				forms[fk] = &tally{}
			}
			per[k.name].injected++
			forms[fk].injected++
			got := fresh(in.out, in.old)
			if why := blindJudge(got, in); why == "" {
				found++
				per[k.name].found++
				forms[fk].found++
			} else {
				var s []string
				for _, d := range got {
					s = append(s, fmt.Sprintf("%d %s %s: %s", d.Start().Line, d.Severity, d.Code, d.Message))
				}
				t.Logf("MISS %s [%s] in %s at line %d %q (%s): %q", k.name, in.form, name, in.want[0].line+1, lineOf(in.out, in.want[0].line+1), why, s)
			}
		}
	}
	var b strings.Builder
	names := make([]string, 0, len(per))
	for k := range per {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Fprintf(&b, "  %-30s %3d/%3d\n", k, per[k].found, per[k].injected)
	}
	fnames := make([]string, 0, len(forms))
	for k := range forms {
		fnames = append(fnames, k)
	}
	sort.Strings(fnames)
	b.WriteString(" by form:\n")
	for _, k := range fnames {
		fmt.Fprintf(&b, "  %-60s %3d/%3d\n", k, forms[k].found, forms[k].injected)
	}
	t.Logf("%s battery: found %d of %d; controls %d, %d with new findings\n%s", label, found, total, controls, dirty, b.String())
	return per, total, found
}

// blindJudge returns "" when got proves every defect of in found: for
// each, exactly one new finding within two lines, of the expected
// severity; and no new error elsewhere.
func blindJudge(got []diag.Diagnostic, in bInjection) string {
	// Each finding belongs to the nearest defect within two lines.
	owner := make([]int, len(got))
	for i, d := range got {
		owner[i] = -1
		best := 3
		for wi, w := range in.want {
			for _, x := range append([]int{w.line}, w.alt...) {
				if dl := abs(d.Start().Line - 1 - x); dl < best {
					best, owner[i] = dl, wi
				}
			}
		}
	}
	for wi, w := range in.want {
		near, weak, strong := 0, 0, 0
		for i, d := range got {
			switch {
			case owner[i] != wi:
			case d.Severity == w.sev:
				near++
			case d.Severity > w.sev:
				weak++
			default:
				strong++
			}
		}
		switch {
		case near == 0 && weak > 0:
			return "only a weaker finding"
		case near == 0 && strong > 0:
			return "too severe"
		case near == 0:
			for i, d := range got {
				if owner[i] < 0 && d.Severity == diag.Error {
					return "wrong line"
				}
			}
			return "missed"
		case near+weak+strong > 1:
			return "several findings"
		}
	}
	for i, d := range got {
		if owner[i] < 0 && d.Severity == diag.Error {
			return "cascade"
		}
	}
	return ""
}

// bKindNames returns the names of ks, in order.
func bKindNames(ks []bKind) []string {
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.name
	}
	return names
}
