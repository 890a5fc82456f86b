package authelia

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
)

// Default changes: a block that leaves an option out gets Authelia's
// default, so a release that changes the default changes what the guide
// configures without a line of it changing. When a guide is checked for
// another release than its tested one (--against, the upgrade report), every
// defaultChanged entry of the release table whose default differs between
// the two releases is looked up in the guide's blocks, and a block that
// depends on it gets authelia-default-changed: its parent mapping is shown
// (the client entry, server.headers, …), the option itself is not (or is
// null or '', which Authelia reads as not configured), and the entry's condition
// holds (authorization_signed_response_alg only matters to a client that
// asks for JWT-secured authorization responses). A section the block does
// not show does not depend on anything: a guide showing only its client
// says nothing about server.headers.

// defaultCondition narrows a defaultChanged entry to the blocks that use
// the option: holds gets the values of an option of the parent mapping
// (the client as combined with the block it adds options to).
type defaultCondition struct {
	text  string // for messages: when the default matters
	holds func(values func(key string) []string) bool
}

// jarmModes holds when a client may ask for a JWT-secured authorization
// response (JARM), the only use of authorization_signed_response_alg.
var jarmModes = &defaultCondition{
	text: "the client allows a JWT-secured response mode",
	holds: func(values func(string) []string) bool {
		return slices.ContainsFunc(values("response_modes"), func(m string) bool { return m == "jwt" || strings.HasSuffix(m, ".jwt") })
	},
}

// defaultAt returns the default of the option path on release v, from the
// defaultChanged entries of the table, and whether the table has any.
func defaultAt(path string, v version) (string, bool) {
	cs := defaultTable()[path]
	if len(cs) == 0 {
		return "", false
	}
	def := cs[0].from
	for _, c := range cs {
		if !v.less(c.in) {
			def = c.to
		}
	}
	return def, true
}

// defaultTable groups the defaultChanged entries by option, in release
// order, once.
var defaultTable = sync.OnceValue(func() map[string][]change {
	out := map[string][]change{}
	for _, c := range releaseTable() {
		if c.kind == defaultChanged {
			out[c.path] = append(out[c.path], c)
		}
	}
	for _, cs := range out {
		slices.SortStableFunc(cs, func(a, b change) int {
			switch {
			case a.in.less(b.in):
				return -1
			case b.in.less(a.in):
				return 1
			}
			return 0
		})
	}
	return out
})

// defaultChanges lists the options whose default differs between the
// releases tested and target, once each.
func defaultChanges(tested, target version) []change {
	var out []change
	for _, c := range releaseTable() {
		if c.kind != defaultChanged || slices.ContainsFunc(out, func(o change) bool { return o.path == c.path }) {
			continue
		}
		was, _ := defaultAt(c.path, tested)
		now, _ := defaultAt(c.path, target)
		if was != now {
			out = append(out, c)
		}
	}
	return out
}

// parentHit is a mapping that a default's parent path matches in a
// document: where to report (its key, or an entry's first key) and how
// messages name it.
type parentHit struct {
	at     *yaml.Node
	m      *yaml.Node
	prefix string // "server: headers: ", "client 'app': "
}

// maxParents bounds the mappings one path visits in a document, so that
// aliases fanning out cost bounded time.
const maxParents = 10_000

// findParents returns the mappings of doc at the dotted path segs ("[]"
// after a segment: the entries of a list, "*": any key).
func findParents(doc *yaml.Node, segs []string) []parentHit {
	cur := []parentHit{{m: doc}}
	visited := 0
	for _, seg := range segs {
		name, list := strings.CutSuffix(seg, "[]")
		var next []parentHit
		for _, h := range cur {
			for _, p := range pairs(h.m) {
				if visited++; visited > maxParents {
					return nil
				}
				if name != "*" && p.key.Value != name {
					continue
				}
				if !list {
					if v := resolve(p.value); v != nil && v.Kind == yaml.MappingNode {
						next = append(next, parentHit{at: p.key, m: v, prefix: h.prefix + p.key.Value + ": "})
					}
					continue
				}
				for i, it := range items(p.value) {
					if it = resolve(it); it != nil && it.Kind == yaml.MappingNode && len(it.Content) > 0 {
						prefix := h.prefix + p.key.Value + ": #" + strconv.Itoa(i+1) + ": "
						if name == "clients" {
							prefix = clientPrefix(it, i)
						}
						next = append(next, parentHit{at: it.Content[0], m: it, prefix: prefix})
					}
				}
			}
		}
		cur = next
	}
	return cur
}

// optionValues returns the scalar values of option key of mapping m (a
// list, one comma-separated string or one scalar), as Authelia reads them.
func optionValues(m *yaml.Node, key string) []string {
	p, ok := lookup(m, key)
	if !ok || isNull(p.value) {
		return nil
	}
	if v := resolve(p.value); v.Kind == yaml.ScalarNode {
		return strings.Split(v.Value, ",")
	}
	var out []string
	for _, n := range scalarList(p.value, false) {
		out = append(out, resolve(n).Value)
	}
	return out
}

// unset reports whether mapping m leaves option key to its default:
// absent, null, or the empty string, which Authelia reads as not configured
// for every option.
func unset(m *yaml.Node, key string) bool {
	p, ok := lookup(m, key)
	if !ok || isNull(p.value) {
		return true
	}
	v := resolve(p.value)
	return v.Kind == yaml.ScalarNode && v.Value == "" && v.Tag == "!!str"
}

// reportDefaults reports the options of cfg's blocks whose default differs
// between the guide's tested release and ver and that the blocks leave to
// their default.
func (gc *guideConfig) reportDefaults(cfg *config, r *reporter, ver version) {
	tested := effectiveVersion(gc.pass.Version)
	changes := defaultChanges(tested, ver)
	if len(changes) == 0 {
		return
	}
	testedText := testedRelease(gc.pass.Version)
	for di, doc := range cfg.docs {
		for _, c := range changes {
			segs := strings.Split(c.path, ".")
			key := segs[len(segs)-1]
			for _, h := range findParents(doc, segs[:len(segs)-1]) {
				values := func(k string) []string { return optionValues(h.m, k) }
				if cl := clientOf(cfg, di, h.m); cl != nil {
					if base := gc.g.baseOf(cl); base != nil {
						continue // the block it adds options to decides
					}
				}
				if !unset(h.m, key) || c.when != nil && !c.when.holds(values) {
					continue
				}
				was, _ := defaultAt(c.path, tested)
				now, _ := defaultAt(c.path, ver)
				hint := "set '" + key + "' explicitly, so that the guide configures the same on both releases: " + quoteDefault(was) +
					" is what it was tested with, " + quoteDefault(now) + " the default of Authelia " + ver.full()
				if c.note != "" {
					hint += " (" + c.note + ")"
				}
				cond := ""
				if c.when != nil {
					cond = " and " + c.when.text
				}
				d := r.reportf(h.at, diag.Warning, "authelia-default-changed", hint,
					"%soption '%s' is not set%s, so Authelia's default applies: %s on Authelia %s, but %s on %s, the release the guide is tested with",
					h.prefix, key, cond, quoteDefault(now), ver.full(), quoteDefault(was), testedText)
				// The related note names the option: several defaults of one
				// mapping are reported at the same place, and what tells
				// their findings apart across releases must not name one.
				d.Related = []diag.Related{{File: r.file, Span: d.Span, Message: "'" + key + "' is left to its default here"}}
			}
		}
	}
}

// findingsOn returns the findings of the guide's blocks on release ver as
// --against and the upgrade report see them: the rules of ver, and the
// defaults the blocks rely on that differ from the tested release's.
func (gc *guideConfig) findingsOn(ver version) diag.List {
	diags := gc.findings(ver, ver.full(), true)
	for _, cfg := range gc.cfgs {
		gc.reportDefaults(cfg, &reporter{snip: cfg.snip, lines: cfg.lines, file: gc.pass.File, diags: &diags}, ver)
	}
	diags.Sort()
	return diags.Dedup()
}

// quoteDefault quotes a default as messages quote values ('RS256'), or in
// double quotes when it holds single quotes itself (a CSP template).
func quoteDefault(s string) string {
	if strings.Contains(s, "'") {
		return strconv.Quote(s)
	}
	return "'" + s + "'"
}

// clientOf returns the client whose entry is mapping m in document di of
// cfg, or nil.
func clientOf(cfg *config, di int, m *yaml.Node) *Client {
	if di >= len(cfg.clients) {
		return nil
	}
	for i := range cfg.clients[di] {
		if cfg.clients[di][i].node == m {
			return &cfg.clients[di][i]
		}
	}
	return nil
}

// testedRelease names the release a guide is checked for when no --against
// applies: its Tested Versions, or for a page without that section (a
// reference page of a documentation tree) the latest release, which such a
// page documents.
func testedRelease(tested string) string {
	if tested == "" {
		return "latest (" + newestKnown.full() + ", the page names no tested version)"
	}
	return tested
}
