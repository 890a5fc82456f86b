package authelia

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// The mutation battery: defects injected one at a time into the real
// Authelia blocks of Authelia's documentation (every page whose blocks
// have no error as written), generated from the blocks themselves: every
// key the schema knows is a target, and each target gets the defects that
// apply to it, in varying YAML forms (plain, single- and double-quoted
// keys and values, flow collections). A mutation is found when the checker
// reports a new finding of the expected code on the mutated line.

// mutation is one defect: an edit of the guide and what must be reported.
type mutation struct {
	kind  string      // "misspelt key", "wrong enum", …
	level int         // depth of the key in the configuration
	edit  source.Span // guide bytes to replace
	text  string      // replacement
	line  int         // guide line where the finding must be
	codes []string    // acceptable codes
}

// target is a key of a block that the schema knows, where it is.
type target struct {
	key, value *yaml.Node
	f          *field
	o          *object
	level      int
	parent     *yaml.Node // the mapping that holds the key
}

// collectTargets walks doc with the schema and returns every current key.
func collectTargets(doc *yaml.Node, o *object, v version, level int, out []target) []target {
	for _, p := range pairs(doc) {
		f, ok := o.lookup(p.key.Value)
		if !ok || !f.current(v) || !f.deprecatedIn.isZero() {
			continue
		}
		out = append(out, target{key: p.key, value: p.value, f: f, o: o, level: level, parent: doc})
		val := resolve(p.value)
		if val == nil || f.obj == nil {
			continue
		}
		switch f.kind {
		case kindObject:
			out = collectTargets(val, f.obj, v, level+1, out)
		case kindObjects:
			for _, it := range items(val) {
				out = collectTargets(resolve(it), f.obj, v, level+1, out)
			}
		case kindNamed:
			for _, q := range pairs(val) {
				out = collectTargets(resolve(q.value), f.obj, v, level+2, out)
			}
		}
	}
	return out
}

// mutator builds the mutations of one page.
type mutator struct {
	page  docsPage
	cfg   *config
	ver   version
	rnd   *rand.Rand
	names []string // every key name of the schema, for misplaced keys
}

// guideSpan returns the guide span of node n's token, and whether the
// guide holds the token verbatim (no shortcode in it).
func (m *mutator) guideSpan(n *yaml.Node) (source.Span, bool) {
	ts := m.cfg.lines.tokenSpan(n)
	gs := m.cfg.snip.GuideSpan(ts)
	content := m.page.guide.file.Content
	if gs.Len() == 0 || gs.End > len(content) || ts.End > len(m.cfg.snip.Text) ||
		!bytes.Equal(content[gs.Start:gs.End], m.cfg.snip.Text[ts.Start:ts.End]) {
		return source.Span{}, false
	}
	return gs, true
}

func (m *mutator) lineOf(sp source.Span) int { return m.page.guide.file.Position(sp.Start).Line }

// quote writes s in one of the YAML scalar forms, chosen by i.
func quote(s string, i int) string {
	switch i % 3 {
	case 0:
		if s != "" && !strings.ContainsAny(s[:1], "*&!|>'\"%@`{[]},#?:-") && !strings.Contains(s, ": ") && !strings.Contains(s, " #") {
			return s
		}
		return "'" + s + "'"
	case 1:
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

// typo misspells a key: a swap, a dropped, a doubled or a changed letter.
func typo(s string, r *rand.Rand) string {
	if len(s) < 3 {
		return s + "x"
	}
	i := 1 + r.IntN(len(s)-2)
	switch r.IntN(4) {
	case 0:
		return s[:i] + s[i+1:i+2] + s[i:i+1] + s[i+2:]
	case 1:
		return s[:i] + s[i+1:]
	case 2:
		return s[:i] + s[i:i+1] + s[i:]
	}
	c := byte('a' + r.IntN(26))
	if c == s[i] {
		c = 'q'
	}
	return s[:i] + string(c) + s[i+1:]
}

// mutations returns every mutation of the page's targets.
func (m *mutator) mutations(targets []target) []mutation {
	var out []mutation
	for i, t := range targets {
		ks, ok := m.guideSpan(t.key)
		if !ok {
			continue
		}
		line := m.lineOf(ks)
		// A misspelt key, in a plain or quoted form.
		for tries := 0; tries < 4; tries++ {
			w := typo(t.key.Value, m.rnd)
			if _, known := t.o.lookup(w); known || w == t.key.Value || rootKeyLike(w) && t.o != rootObject {
				continue
			}
			out = append(out, mutation{"misspelt key", t.level, ks, quote(w, i), line, []string{"authelia-unknown-key"}})
			break
		}
		// A key of another section, placed here.
		for tries := 0; tries < 8; tries++ {
			w := m.names[m.rnd.IntN(len(m.names))]
			if _, known := t.o.lookup(w); known || hasKey(pairs(t.parent), w) {
				continue
			}
			out = append(out, mutation{"misplaced key", t.level, ks, w, line, []string{"authelia-unknown-key", "authelia-key-version"}})
			break
		}
		// The key's old name, where the deprecation table has one.
		for _, g := range t.o.fields() {
			if len(g.renamedTo) == 1 && g.renamedTo[0] == t.key.Value && !g.combined && !g.refused && g.conflict == "" && m.ver.atLeast(g.deprecatedIn) {
				out = append(out, mutation{"renamed key", t.level, ks, g.name, line, []string{"authelia-deprecated-key"}})
				break
			}
		}
		out = append(out, m.valueMutations(i, t)...)
		out = append(out, m.itemMutations(i, t)...)
	}
	return out
}

// itemMutations replace the first entry of a list of scalars written one
// per line: a value outside the enum, or one that breaks a rule.
func (m *mutator) itemMutations(i int, t target) []mutation {
	v := resolve(t.value)
	if v == nil || v.Kind != yaml.SequenceNode || v.Style&yaml.FlowStyle != 0 || len(v.Content) == 0 {
		return nil
	}
	it := resolve(v.Content[0])
	if it == nil || it.Kind != yaml.ScalarNode || templated(it.Value) {
		return nil
	}
	sp, ok := m.guideSpan(it)
	if !ok {
		return nil
	}
	mu := func(kind, text string, codes ...string) []mutation {
		return []mutation{{kind, t.level + 1, sp, text, m.lineOf(sp), codes}}
	}
	switch {
	case t.o == aclRuleObject && t.key.Value == "subject":
		return mu("broken rule", quote("admins", i), "authelia-acl-subject")
	case t.o == aclRuleObject && t.key.Value == "networks":
		return mu("broken rule", quote("10.0.0.0/33", i), "authelia-acl-network")
	case t.o == aclRuleObject && (t.key.Value == "domain_regex" || t.key.Value == "resources"):
		return mu("broken rule", quote(`^/api/(?P<x[a-z]+$`, 1+i), "authelia-regex")
	case t.f.enum != nil && t.f.kind != kindInts:
		return mu("wrong enum", quote("bogus_value", i), t.f.enum.code)
	}
	return nil
}

// valueMutations replaces a scalar value written on the key's line.
func (m *mutator) valueMutations(i int, t target) []mutation {
	v := resolve(t.value)
	if v == nil || v.Kind != yaml.ScalarNode || v.Line != t.key.Line || templated(v.Value) ||
		v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return nil // a block scalar's text is on the next lines
	}
	vs, ok := m.guideSpan(v)
	if !ok {
		return nil
	}
	line := m.lineOf(vs)
	var out []mutation
	add := func(kind, text string, codes ...string) {
		out = append(out, mutation{kind, t.level, vs, text, line, codes})
	}
	switch t.f.kind {
	case kindBool:
		add("wrong type", quote("maybe", i), "authelia-type")
	case kindInt:
		if t.f.enum != nil {
			add("wrong enum", "7", t.f.enum.code)
		} else {
			add("wrong type", quote("many", i), "authelia-type")
		}
	case kindDuration:
		add("wrong type", quote("soon", i), "authelia-type")
	case kindAddress:
		add("wrong address", quote("http://host.example.com:80", i), "authelia-address")
	case kindStrings, kindURIs, kindSubjects:
		add("wrong type", "{a: 1}", "authelia-type")
	case kindString:
		if t.f.enum != nil {
			add("wrong enum", quote("bogus_value", i), t.f.enum.code)
		} else if i%2 == 0 {
			add("wrong type", "[1, 2]", "authelia-type")
		} else {
			add("wrong type", "{a: 1}", "authelia-type")
		}
	}
	out = append(out, m.ruleMutations(i, t, vs, line)...)
	return out
}

// ruleMutations break a cross-field rule through the value of a key.
func (m *mutator) ruleMutations(i int, t target, vs source.Span, line int) []mutation {
	rule := func(text string, codes ...string) []mutation {
		return []mutation{{"broken rule", t.level, vs, text, line, codes}}
	}
	at := func(key, text string, codes ...string) []mutation {
		p, ok := lookup(t.parent, key)
		if !ok {
			return nil
		}
		sp, ok := m.guideSpan(p.key)
		if !ok {
			return nil
		}
		return []mutation{{"broken rule", t.level, vs, text, m.lineOf(sp), codes}}
	}
	key := t.key.Value
	switch {
	case t.o == sessionCookieObject && key == "authelia_url" && i%2 == 0:
		return rule(quote("http://auth.example.com", i), "authelia-session-url")
	case t.o == sessionCookieObject && key == "authelia_url":
		return rule(quote("https://auth.other-domain.org", i), "authelia-session-url")
	case t.o == sessionCookieObject && key == "default_redirection_url":
		return rule(quote("https://www.other-domain.org", i), "authelia-session-url")
	case t.o == sessionCookieObject && key == "domain":
		return rule(quote("*.example.com", 1+i), "authelia-session-domain")
	case t.o == aclRuleObject && key == "subject":
		return rule(quote("admins", i), "authelia-acl-subject")
	case t.o == aclRuleObject && key == "policy" && hasKey(pairs(t.parent), "subject"):
		return at("subject", quote("bypass", i), "authelia-acl-rule")
	case t.o == aclRuleObject && key == "domain_regex":
		return rule(quote(`^(?P<User>\w+\.example\.com$`, 1+i), "authelia-regex")
	case t.o == aclRuleObject && key == "networks":
		return rule(quote("10.0.0.0/33", i), "authelia-acl-network")
	case t.o == storageObject && key == "encryption_key":
		return rule(quote("short_key", i), "authelia-storage-key")
	case t.o == ldapObject && key == "users_filter":
		return rule(quote("(uid={0})", 1+i), "authelia-ldap-filter")
	case t.o == ldapObject && key == "groups_filter":
		return rule(quote("member={dn}", i), "authelia-ldap-filter")
	case t.o == ldapObject && key == "permit_unauthenticated_bind" && hasKey(pairs(t.parent), "password"):
		return at("password", "true", "authelia-ldap-bind")
	case t.o == serverObject && key == "address":
		return rule(quote("tcp://:9091/auth/", i), "authelia-address")
	case t.o == totpObject && key == "period":
		return rule("5", "authelia-value-range")
	case t.o == totpObject && key == "secret_size":
		return rule("10", "authelia-value-range")
	case t.o == regulationObject && key == "find_time" && hasKey(pairs(t.parent), "ban_time"):
		return rule(quote("10y", i), "authelia-value-range")
	case t.o == rateLimitBucketObject && key == "period":
		return rule(quote("5s", i), "authelia-value-range")
	case t.o == privacyPolicyObject && key == "policy_url":
		return rule(quote("http://www.example.com/privacy", i), "authelia-session-url")
	}
	return nil
}

// allKeyNames returns every key name of the schema, sorted.
func allKeyNames() []string {
	set := map[string]bool{}
	walkObjects(rootObject, "", func(_ string, o *object) {
		for _, f := range o.fields() {
			set[f.name] = true
		}
	})
	return sortedKeys(set)
}

// battery runs the mutations of every page without errors and returns the
// results per kind ("found/total") and the misses.
func battery(t *testing.T) (map[string][2]int, []string, int) {
	pages := docsPages(t)
	names := allKeyNames()
	rnd := rand.New(rand.NewPCG(14, 2026))
	results := map[string][2]int{}
	var misses []string
	clean := 0
	for _, p := range pages {
		base := p.guide.run(p.version)
		if base.HasErrors(false) {
			continue
		}
		ver := effectiveVersion(p.version)
		var muts []mutation
		for _, s := range p.guide.snippets {
			cfg, ok := loadConfig(s)
			if !ok {
				continue
			}
			mm := &mutator{page: p, cfg: cfg, ver: ver, rnd: rnd, names: names}
			for _, doc := range cfg.docs {
				muts = append(muts, mm.mutations(collectTargets(doc, rootObject, ver, 0, nil))...)
			}
		}
		if len(muts) > 0 {
			clean++
		}
		for _, mu := range muts {
			found := runMutation(p, base, mu)
			r := results[mu.kind]
			r[1]++
			if found {
				r[0]++
			} else {
				misses = append(misses, fmt.Sprintf("%s:%d: %s (level %d) → %q: no %v", p.rel, mu.line, mu.kind, mu.level, mu.text, mu.codes))
			}
			results[mu.kind] = r
		}
	}
	return results, misses, clean
}

// runMutation applies mu to the page and reports whether a new finding of
// an expected code is on the expected line.
func runMutation(p docsPage, base diag.List, mu mutation) bool {
	c := p.guide.file.Content
	mutated := make([]byte, 0, len(c)+len(mu.text))
	mutated = append(append(append(mutated, c[:mu.edit.Start]...), mu.text...), c[mu.edit.End:]...)
	g := scanGuide(p.rel, mutated)
	before := map[string]int{}
	for _, d := range base {
		before[fmt.Sprintf("%s@%d", d.Code, d.Start().Line)]++
	}
	for _, d := range g.run(p.version) {
		k := fmt.Sprintf("%s@%d", d.Code, d.Start().Line)
		if before[k] > 0 {
			before[k]--
			continue
		}
		if d.Start().Line == mu.line && slices.Contains(mu.codes, d.Code) {
			return true
		}
	}
	return false
}

// TestDocsMutationBattery requires 95% of the generated defects to be
// found at the right line, for every kind of defect.
func TestDocsMutationBattery(t *testing.T) {
	if testing.Short() {
		t.Skip("the battery checks thousands of mutated pages")
	}
	results, misses, pages := battery(t)
	total, found := 0, 0
	for _, kind := range sortedKeys(results) {
		r := results[kind]
		total += r[1]
		found += r[0]
		t.Logf("%-14s %4d/%4d found (%.1f%%)", kind, r[0], r[1], 100*float64(r[0])/float64(r[1]))
		if float64(r[0]) < 0.95*float64(r[1]) {
			t.Errorf("%s: only %d of %d mutations found at the right line", kind, r[0], r[1])
		}
	}
	t.Logf("%d mutations of %d pages, %d found (%.1f%%)", total, pages, found, 100*float64(found)/float64(total))
	if total < 1000 {
		t.Errorf("only %d mutations generated", total)
	}
	for i, m := range misses {
		if i == 40 {
			t.Logf("… %d more", len(misses)-40)
			break
		}
		t.Logf("missed: %s", m)
	}
}

// docsPage is one Markdown page of Authelia's documentation tree with the
// configuration blocks the test-only scanner finds in it.
type docsPage struct {
	rel     string
	guide   *testGuide
	version string
}

// releaseNotes matches the release notes pages, which document the
// release of their name.
var releaseNotes = regexp.MustCompile(`^blog/release-notes-(\d+\.\d+)/`)

// docsPages reads every page of ../shared/corpus/authelia-docs/content. The
// version a page is checked for is the one it documents: its Tested
// Versions, the release of a release notes page, else the newest rules
// (the tree is the documentation of the current release).
func docsPages(t testing.TB) []docsPage {
	root := sharedPath(t, filepath.Join("corpus", "authelia-docs", "content"))
	var pages []docsPage
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		content, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		g := scanGuide(rel, content)
		v := check.TestedVersion(g.texts)
		if m := releaseNotes.FindStringSubmatch(rel); v == "" && m != nil {
			v = m[1]
		}
		pages = append(pages, docsPage{rel: rel, guide: g, version: v})
		return nil
	})
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages under %s: %v", root, err)
	}
	return pages
}
