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
	base     int          // offset in s.Text where the parsed text starts
	skip     *yaml.Node   // a subtree not to visit
	skipAlso []*yaml.Node // more of them
	depth    int
}

// maxDepth bounds recursion on hostile input (deeply nested flow
// collections parse fine and would otherwise recurse without limit).
const maxDepth = 64

// walk visits n, whose parent keys normalise to parents.
func (w *treeWalker) walk(n *yaml.Node, parents string) {
	n = deref(n)
	if n == nil || w.skipped(n) || w.depth > maxDepth {
		return
	}
	w.depth++
	defer func() { w.depth-- }()
	switch n.Kind {
	case yaml.SequenceNode:
		for _, e := range n.Content {
			w.walk(e, parents)
		}
	case yaml.MappingNode:
		w.mapping(n, parents)
	}
}

func (w *treeWalker) skipped(n *yaml.Node) bool {
	if n == w.skip {
		return true
	}
	for _, x := range w.skipAlso {
		if n == x {
			return true
		}
	}
	return false
}

// mapping records the scalar values of n's keys and descends into the rest.
// A bare "secret" counts as the client secret only beside a client id.
func (w *treeWalker) mapping(n *yaml.Node, parents string) {
	w.nameValue(n, parents)
	hasClientID := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		if classifyKey(parents, n.Content[i].Value) == kindClientID {
			hasClientID = true
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i].Value, deref(n.Content[i+1])
		if val == nil || w.skipped(val) {
			continue
		}
		switch {
		case val.Kind == yaml.ScalarNode && val.Tag != "!!null":
			w.scalar(parents, key, val, hasClientID)
		case val.Kind == yaml.SequenceNode && classifyKey(parents, key) == kindRedirect:
			for _, e := range val.Content {
				if e = deref(e); e.Kind == yaml.ScalarNode {
					w.scalar(parents, key, e, false)
				}
			}
		default:
			w.walk(val, parents+normalizeKey(key))
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
	w.m.addKey(w.s, parents, name.Value, yamlValue(w.s, w.base, val))
}

// scalar records one key: value pair, and any JSON document inside value.
func (w *treeWalker) scalar(parents, key string, n *yaml.Node, besideClientID bool) {
	v := yamlValue(w.s, w.base, n)
	if besideClientID && secretSiblingKeys[strings.ToLower(key)] {
		w.m.app = append(w.m.app, appValue{Kind: kindSecret, Key: key, Where: where(w.s), Group: w.s.Index, Value: v})
	} else {
		w.m.addKey(w.s, parents, key, v)
	}
	if sp := scalarSpan(w.s.Text, w.base, n); sp.Len() == len(n.Value) && w.depth < maxDepth/2 {
		w.m.addEmbeddedJSON(w.s, sp.Start, n.Value)
	}
}

// addComposeEnv records a service's environment, given as a mapping
// (KEY: value) or a list ("KEY=value"; a bare "KEY" passes the host's value
// through and is skipped).
func (m *model) addComposeEnv(s *snippet.Snippet, env *yaml.Node) {
	add := func(name string, v value, sp source.Span) {
		m.compose = append(m.compose, envVar{Name: name, Where: where(s), Value: v})
		m.addKey(s, "", name, v)
		if sp.Len() == len(v.Text) {
			m.addEmbeddedJSON(s, sp.Start, v.Text)
		}
	}
	switch env.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(env.Content); i += 2 {
			if val := deref(env.Content[i+1]); val != nil && val.Kind == yaml.ScalarNode && val.Tag != "!!null" {
				add(env.Content[i].Value, yamlValue(s, 0, val), scalarSpan(s.Text, 0, val))
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
			sp := scalarSpan(s.Text, 0, e)
			if sp.Len() == len(e.Value) {
				sp.Start += len(name) + 1
			} else {
				sp.End = sp.Start
			}
			add(name, snippetValue(s, sp, val), sp)
		}
	}
}
