package consistency

import (
	"strings"

	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
	"gopkg.in/yaml.v3"
)

// treeWalker visits every key of a YAML (or JSON) tree and records the
// app-side values among them.
type treeWalker struct {
	m        *model
	s        *snippet.Snippet
	buf      *yamlBuf            // the text the tree was parsed from
	skip     *yaml.Node          // a subtree not to visit
	skipAlso map[*yaml.Node]bool // more of them
	depth    int
}

// maxDepth bounds recursion on hostile input (deeply nested flow
// collections parse fine and would otherwise recurse without limit).
const maxDepth = 64

// maxAnchorVisits bounds how many times the walk enters one anchored node
// (through its definition and its aliases), under distinct parent keys.
//
// Every alias expands its anchor again, so a "billion laughs" document (an
// anchor aliased 9 times by the next anchor, and so on) made the walk
// exponential: 500 bytes took 20 s and 816 MB. Entering a node again under
// the same parents records nothing new, and a few distinct parents cover
// an anchor shared by the services of a compose file; beyond, the values
// it holds have all been recorded already.
const maxAnchorVisits = 4

// visit is a node entered under a normalised path of parent keys.
type visit struct {
	n       *yaml.Node
	parents string
}

// enter reports whether the walk should enter n under parents (and, for
// the value of a key, key), and counts the visit. Only an anchored node
// can be reached twice.
func (w *treeWalker) enter(n *yaml.Node, parents, key string) bool {
	if n.Anchor == "" {
		return true
	}
	v := visit{n, parents + "\x00" + key}
	if w.m.visited[v] || w.m.anchorVisits[n] >= maxAnchorVisits {
		return false
	}
	if w.m.visited == nil {
		w.m.visited, w.m.anchorVisits = map[visit]bool{}, map[*yaml.Node]int{}
	}
	w.m.visited[v] = true
	w.m.anchorVisits[n]++
	return true
}

// walk visits n, whose parent keys normalise to parents.
func (w *treeWalker) walk(n *yaml.Node, parents string) {
	n = deref(n)
	if n == nil || w.skipped(n) || w.depth > maxDepth || !w.enter(n, parents, "") {
		return
	}
	w.depth++
	defer func() { w.depth-- }()
	switch n.Kind {
	case yaml.SequenceNode:
		for _, e := range n.Content {
			w.flag(e, parents)
			w.walk(e, parents)
		}
	case yaml.MappingNode:
		w.mapping(n, parents)
	}
}

// flag records a command-line option held in one item of a list (a
// container's command or args: - --oidc-client-id=kubernetes).
func (w *treeWalker) flag(e *yaml.Node, parents string) {
	e = deref(e)
	if e == nil || e.Kind != yaml.ScalarNode || !strings.HasPrefix(e.Value, "-") || !strings.Contains(e.Value, "=") {
		return
	}
	sp := w.buf.scalarSpan(e)
	if sp.Len() != len(e.Value) {
		return
	}
	for _, f := range flagValues(e.Value) {
		v := snippetValue(w.s, source.Span{Start: sp.Start + f.span.Start, End: sp.Start + f.span.End}, f.value)
		w.m.addKey(w.s, parents, f.key, v)
	}
}

func (w *treeWalker) skipped(n *yaml.Node) bool {
	return n == w.skip || w.skipAlso[n]
}

// mapping records the scalar values of n's keys and descends into the rest.
// A bare "secret" counts as the client secret only beside a client id.
// listKinds are the kinds whose values an application lists one per item
// (redirect_uris: [...], scopes: ['openid', 'email']): each item is a value.
var listKinds = map[kind]bool{kindRedirect: true, kindScope: true}

// mappedKey is a key of a mapping, normalised and classified once for
// the several reads of mapping and scalar.
type mappedKey struct {
	norm string
	kind kind
}

func (w *treeWalker) mapping(n *yaml.Node, parents string) {
	w.nameValue(n, parents)
	var small [16]mappedKey
	keys := small[:0]
	for i := 0; i+1 < len(n.Content); i += 2 {
		nk := normalizeKey(n.Content[i].Value)
		keys = append(keys, mappedKey{norm: nk, kind: classifyNormal(parents, nk)})
	}
	hasClientID, bareID, bareSecret := false, false, false
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch k, mk := n.Content[i].Value, keys[i/2]; {
		case mk.kind == kindClientID:
			hasClientID = true
		case mk.norm == "id":
			bareID = true
		case secretSiblingKeys[strings.ToLower(k)]:
			bareSecret = true
		}
	}
	// A mapping of a bare id and a bare secret is an OAuth client's
	// credentials (Mattermost's GitLabSettings: Id, Secret).
	pair := !hasClientID && bareID && bareSecret
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, mk, val := n.Content[i].Value, keys[i/2], deref(n.Content[i+1])
		if val == nil || w.skipped(val) {
			continue
		}
		switch {
		case val.Kind == yaml.ScalarNode && val.Tag != "!!null":
			if w.enter(val, parents, key) {
				at := len(w.m.app) // where scalar records the key
				w.scalar(parents, key, mk, val, hasClientID || pair)
				if pair && mk.norm == "id" && at < len(w.m.app) {
					w.m.app[at].Kind = kindClientID
				}
			}
		case val.Kind == yaml.ScalarNode && val.Value == "" && (mk.kind == kindSecret || mk.kind == kindClientID):
			// key: with no value is a null, which the application reads
			// as an empty client id or secret.
			if ks := w.buf.value(n.Content[i]).Span; ks.Len() > 0 {
				at := source.Span{Start: ks.End + 1, End: ks.End + 1}
				w.m.app = append(w.m.app, appValue{Kind: mk.kind, Key: key, Where: where(w.s), Group: w.s.Index, Parents: parents, Value: value{Span: at}, norm: mk.norm})
			}
		case val.Kind == yaml.SequenceNode && listKinds[mk.kind]:
			if !w.enter(val, parents, key) {
				continue
			}
			for _, e := range val.Content {
				if e = deref(e); e.Kind == yaml.ScalarNode && w.enter(e, parents, key) {
					w.scalar(parents, key, mk, e, false)
				}
			}
		default:
			if val.Kind == yaml.SequenceNode && mk.kind == kindNone {
				// Its key, for the rules that read keys (a misspelt
				// scopes: [...] is no scope list).
				w.m.listKeys = append(w.m.listKeys, appValue{Key: key, Where: where(w.s), Group: w.s.Index, Parents: parents, Value: w.buf.value(n.Content[i]), norm: mk.norm})
			} else if val.Kind == yaml.MappingNode {
				w.m.mapKeys = append(w.m.mapKeys, appValue{Key: key, Where: where(w.s), Group: w.s.Index, Parents: parents, Value: w.buf.value(n.Content[i]), norm: mk.norm})
			}
			w.walk(val, parents+mk.norm)
		}
	}
}

// nameValue records a Kubernetes-style variable, {name: KEY, value: v}, as
// the key KEY (container env lists, Helm values).
func (w *treeWalker) nameValue(n *yaml.Node, parents string) {
	name, val := scalar(lookup(n, "name")), scalar(lookup(n, "value"))
	if name == nil || val == nil || val.Tag == "!!null" || len(n.Content) > 6 {
		return
	}
	v := w.buf.value(val)
	w.m.addKey(w.s, parents, name.Value, v)
	w.m.runEnv = append(w.m.runEnv, envVar{Name: name.Value, Where: where(w.s), Value: v})
}

// scalar records one key: value pair, and any JSON document inside value.
func (w *treeWalker) scalar(parents, key string, mk mappedKey, n *yaml.Node, besideClientID bool) {
	v := w.buf.value(n)
	if besideClientID && secretSiblingKeys[strings.ToLower(key)] {
		w.m.app = append(w.m.app, appValue{Kind: kindSecret, Key: key, Where: where(w.s), Group: w.s.Index, Parents: parents, Value: v, norm: mk.norm})
	} else {
		w.m.app = append(w.m.app, appValue{Kind: mk.kind, Key: key, Where: where(w.s), Group: w.s.Index, Parents: parents, Value: v, norm: mk.norm})
	}
	if sp := w.buf.scalarSpan(n); sp.Len() == len(n.Value) && w.depth < maxDepth/2 {
		w.m.addEmbeddedJSON(w.s, sp.Start, n.Value)
	} else if w.depth < maxDepth/2 {
		w.addBlock(n, parents+mk.norm)
	}
}

// addComposeEnv records a service's environment, given as a mapping
// (KEY: value) or a list ("KEY=value"; a bare "KEY" passes the host's value
// through and is skipped). An environment shared by several services
// through an alias is recorded once: its values and their spans are the
// same, and recording it per service made the work quadratic.
func (m *model) addComposeEnv(b *yamlBuf, env *yaml.Node) {
	if m.composeEnvs[env] {
		return
	}
	if m.composeEnvs == nil {
		m.composeEnvs = map[*yaml.Node]bool{}
	}
	m.composeEnvs[env] = true
	s := b.s
	add := func(name string, v value, sp source.Span) {
		m.compose = append(m.compose, envVar{Name: name, Where: where(s), Value: v, Block: len(m.composeEnvs)})
		m.addKey(s, "", name, v)
		if sp.Len() == len(v.Text) {
			m.addEmbeddedJSON(s, sp.Start, v.Text)
		}
	}
	switch env.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(env.Content); i += 2 {
			if val := deref(env.Content[i+1]); val != nil && val.Kind == yaml.ScalarNode && val.Tag != "!!null" {
				add(env.Content[i].Value, b.value(val), b.scalarSpan(val))
				if val.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 && jsonText(val.Value) {
					// A JSON document in a block scalar: a whole
					// provider definition in one variable.
					w := treeWalker{m: m, s: s, buf: b}
					w.addBlock(val, "")
				}
			}
		}
	case yaml.SequenceNode:
		for _, e := range env.Content {
			if e = deref(e); e == nil || e.Kind != yaml.ScalarNode {
				continue
			}
			name, val, ok := strings.Cut(e.Value, "=")
			if !ok || name == "" {
				continue
			}
			sp := b.scalarSpan(e)
			if sp.Len() == len(e.Value) {
				sp.Start += len(name) + 1
			} else {
				sp.End = sp.Start
			}
			if len(val) > 2 && (val[0] == '\'' || val[0] == '"') && val[len(val)-1] == val[0] {
				// Compose keeps the quotes of KEY='v' in the value.
				if m.keepsQuotes == nil {
					m.keepsQuotes = map[source.Span]bool{}
				}
				m.keepsQuotes[s.GuideSpan(sp)] = true
			}
			add(name, snippetValue(s, sp, val), sp)
		}
	}
}
