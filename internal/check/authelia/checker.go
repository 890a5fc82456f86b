package authelia

import (
	"bytes"
	"net/url"
	"strings"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// Checker validates every Authelia configuration snippet of a guide against
// the Authelia release the guide is tested with (Pass.Version; "" means the
// newest rules) and, with Pass.Against, reports what would break on other
// releases.
var Checker = &check.Checker{
	Name:  "authelia",
	Doc:   "validates Authelia configuration snippets: keys, types, values and the cross-field rules Authelia enforces at start-up, for the tested Authelia version (and the releases of --against)",
	Codes: Codes,
	Run:   run,
}

func run(pass *check.Pass) {
	gc := loadGuide(pass)
	if gc == nil {
		return
	}
	versionNote(pass)
	tested := gc.findings(effectiveVersion(pass.Version), pass.Version, false)
	for _, d := range tested {
		pass.Report(d)
	}
	if len(pass.Against) > 0 {
		reportAgainst(pass, gc, tested)
	}
}

// guideConfig is what a guide's configuration blocks define, ready to be
// checked against any release.
type guideConfig struct {
	pass *check.Pass
	cfgs []*config
	g    *guideContext
}

// loadGuide parses the configuration blocks of a guide, or returns nil when
// it has none.
func loadGuide(pass *check.Pass) *guideConfig {
	var cfgs []*config
	broken := false
	for _, s := range pass.Snippets {
		if !mayBeConfig(s) {
			continue
		}
		if pass.Broken(s) {
			// check/syntax reported why it does not parse: a part of the
			// guide's configuration that cannot be read.
			broken = true
			continue
		}
		if cfg, ok := parseConfig(s); ok {
			cfgs = append(cfgs, cfg)
			// Clients under a misspelt parent are defined, but unread.
			broken = broken || cfg.lostClients
		} else {
			broken = true // a configuration block that does not parse
		}
	}
	if len(cfgs) == 0 {
		return nil
	}
	g := newGuideContext(cfgs)
	g.incomplete = broken
	g.illustrative = pass.Version == ""
	for _, s := range pass.Snippets {
		if s.Shortcode == "" {
			g.facts = append(g.facts, s.Span)
		}
	}
	for _, t := range pass.Texts {
		if t.Kind == check.Item {
			g.facts = append(g.facts, t.GuideSpan(source.Span{Start: 0, End: len(t.Text)}))
			if u := assumedURL(t, "authelia root url"); u != nil && g.autheliaRoot == nil {
				g.autheliaRoot = u
			}
			if u := assumedURL(t, "application root url"); u != nil && g.appRoot == nil {
				g.appRoot = u
			}
		}
	}
	return &guideConfig{pass: pass, cfgs: cfgs, g: g}
}

// findings checks every block with the rules of release ver; verText is how
// messages name the release the guide is tested with, and against says the
// guide is checked for another release than that one.
func (gc *guideConfig) findings(ver version, verText string, against bool) diag.List {
	var diags diag.List
	for _, cfg := range gc.cfgs {
		from := len(diags)
		checkConfig(cfg, &reporter{snip: cfg.snip, lines: cfg.lines, file: gc.pass.File, diags: &diags}, ver, verText, against, gc.g)
		if cfg.snip.Shortcode != "" {
			templateHints(gc.pass.File.Content, cfg.snip, diags[from:])
		}
	}
	diags.Sort()
	return diags.Dedup()
}

// checkConfig checks one snippet: the schema walk, the provider rules and
// every client's rules, then client_id uniqueness across the snippet.
// Several snippets of a guide may define the same client as alternatives,
// so uniqueness is a property of one snippet only.
func checkConfig(cfg *config, r *reporter, ver version, verText string, against bool, g *guideContext) {
	w := &walker{reporter: r, ver: ver, verText: verText, budget: walkBudget, moved: cfg.moved}
	if verText == "" {
		w.verText = "the newest release"
	}
	if !against {
		w.tail = "; the guide is tested with " + w.verText
	}
	pc := &providerCheck{reporter: r, ver: ver, g: g}
	cc := &configCheck{reporter: r, ver: ver, g: g}
	dup := duplicateClients(cfg)
	for i, doc := range cfg.docs {
		w.root(doc)
		if w.budget < 0 {
			return
		}
		cc.run(doc)
		if oidc, ok := lookupPath(doc, "identity_providers", "oidc"); ok {
			pc.run(oidc.value)
		}
		for j := range cfg.clients[i] {
			if c := &cfg.clients[i][j]; !dup[c] {
				newClientCheck(r, ver, verText, g, c).run()
			}
		}
	}
	uniqueClientIDs(cfg, r)
}

// duplicateClients returns the clients of a snippet whose client_id an
// earlier client of it has: the duplicate is the one mistake
// (authelia-client-id-unique), and the rules of the client it repeats,
// often a pasted copy, would report its findings a second time.
func duplicateClients(cfg *config) map[*Client]bool {
	first := map[string]bool{}
	dup := map[*Client]bool{}
	for i := range cfg.clients {
		for j := range cfg.clients[i] {
			c := &cfg.clients[i][j]
			if c.ID.Text == "" {
				continue
			}
			if first[c.ID.Text] {
				dup[c] = true
			}
			first[c.ID.Text] = true
		}
	}
	return dup
}

// uniqueClientIDs reports a client_id used by an earlier client of the
// snippet.
func uniqueClientIDs(cfg *config, r *reporter) {
	first := map[string]*Client{}
	for i := range cfg.clients {
		for j := range cfg.clients[i] {
			c := &cfg.clients[i][j]
			if c.ID.Text == "" {
				continue
			}
			prev, dup := first[c.ID.Text]
			if !dup {
				first[c.ID.Text] = c
				continue
			}
			d := r.reportf(c.ID.node, diag.Error, "authelia-client-id-unique", "give each client its own client_id",
				"option 'client_id' must be unique for every client but '%s' is also used by client #%d", c.ID.Text, prev.Index+1)
			d.Related = []diag.Related{{File: r.file, Span: prev.ID.Span, Message: "first client with this client_id"}}
		}
	}
}

// templateHints rewrites the advice of findings in the text a shortcode
// wrote, which point at its call: the guide cannot remove or rename a key
// there, only change the call's parameters, so "remove it" or a rename
// fix would be advice that cannot be followed. (Text of the guide that
// the template only passed through, its inner content, keeps its advice.)
func templateHints(content []byte, s *snippet.Snippet, l diag.List) {
	for i := range l {
		d := &l[i]
		if d.Span.Start < 0 || d.Span.Start >= len(content) || !bytes.HasPrefix(content[d.Span.Start:], []byte("{{")) {
			continue
		}
		d.Fix = nil
		if advisesEdit(d.Hint) {
			d.Hint = "the " + s.Shortcode + " shortcode writes this text: check the call's parameters, and the template if they are right"
		}
	}
}

// advisesEdit reports whether hint tells the writer to change a key or
// value in place, which text a template wrote does not allow.
func advisesEdit(hint string) bool {
	for _, p := range []string{"remove", "rename", "did you mean", "delete", "correct"} {
		if strings.HasPrefix(strings.ToLower(hint), p) {
			return true
		}
	}
	return false
}

// assumedURL reads a list item "Label: `https://…`" (an Assumption): the
// absolute http(s) URL its first inline code holds, when the item starts
// with label (lower case; the item's case does not matter).
func assumedURL(t check.Text, label string) *url.URL {
	if len(t.Code) == 0 {
		return nil
	}
	// Every list item of the guide comes here: compare its start only,
	// without a lower-case copy of the whole text.
	head := strings.TrimLeft(t.Text, " *_")
	if len(head) < len(label) || !strings.EqualFold(head[:len(label)], label) {
		return nil
	}
	c := t.Code[0]
	if c.Start < 0 || c.End > len(t.Text) || c.Start >= c.End {
		return nil
	}
	u, err := url.Parse(strings.TrimSpace(t.Text[c.Start:c.End]))
	if err != nil || u.Host == "" || u.Scheme != "https" && u.Scheme != "http" {
		return nil
	}
	return u
}

// under reports whether u is on root's origin and under its path.
func under(u, root *url.URL) bool {
	if !strings.EqualFold(u.Scheme, root.Scheme) || !strings.EqualFold(u.Host, root.Host) {
		return false
	}
	p := strings.TrimSuffix(root.Path, "/")
	return p == "" || u.Path == p || strings.HasPrefix(u.Path, p+"/")
}
