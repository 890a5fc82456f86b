package compose

import (
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/compose-spec/compose-go/v2/template"
	"gopkg.in/yaml.v3"
)

// maxNodes bounds the values built from one snippet, aliases included, so
// that a "billion laughs" document costs no more than this.
const maxNodes = 100_000

// errTooLarge is returned when a snippet expands past maxNodes.
var errTooLarge = errors.New("compose: snippet expands to too many values")

// vnode shadows one value of the plain model handed to compose-go: it
// remembers the yaml.v3 node the value came from, so that a path into the
// model (services.web.environment) finds its place in the guide.
type vnode struct {
	node *yaml.Node // the value as written (an alias where one is used)
	key  *yaml.Node // the key naming it in its mapping; nil for the root and list items
	name string     // for messages: its key, or "ports entry" for an item of ports
	// vars is true for a string holding a ${VAR} or $VAR reference, whose
	// value is unknown: compose substitutes it from the environment.
	vars bool
	// badTemplate is set when compose cannot parse the string's
	// interpolation syntax (an unclosed ${).
	badTemplate error

	keys  map[string]*vnode // mapping entries, merged keys included
	order []string          // keys in document order
	items []*vnode          // list items
}

// target returns the node holding the value, aliases followed.
func (v *vnode) target() *yaml.Node {
	n := v.node
	if n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// child returns the mapping entry k or list item k ("0", "1"…), or nil.
func (v *vnode) child(k string) *vnode {
	if v == nil {
		return nil
	}
	if c, ok := v.keys[k]; ok {
		return c
	}
	if v.items != nil {
		if i, err := strconv.Atoi(k); err == nil && i >= 0 && i < len(v.items) {
			return v.items[i]
		}
	}
	return nil
}

// builder converts a yaml.v3 tree into plain values (map[string]any,
// []any, string, int, float64, bool, nil) and their shadow tree. Nodes in
// skip are left out, which is how a finding's value is removed before the
// loader runs again.
type builder struct {
	budget int
	skip   map[*yaml.Node]bool
}

// build converts root, which must be a mapping.
func build(root *yaml.Node, skip map[*yaml.Node]bool) (map[string]any, *vnode, error) {
	b := &builder{budget: maxNodes, skip: skip}
	v, sh, err := b.value(root, "file", 0)
	if err != nil {
		return nil, nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, nil, errors.New("compose: not a mapping")
	}
	return m, sh, nil
}

func (b *builder) value(n *yaml.Node, name string, depth int) (any, *vnode, error) {
	b.budget--
	if b.budget < 0 || depth > 200 {
		return nil, nil, errTooLarge
	}
	sh := &vnode{node: n, name: name}
	t := n
	if t.Kind == yaml.AliasNode && t.Alias != nil {
		t = t.Alias
	}
	switch t.Kind {
	case yaml.MappingNode:
		// Sized for the mapping's own entries (merged ones may add some):
		// a large mapping is not rehashed as it fills.
		m := make(map[string]any, len(t.Content)/2)
		sh.keys = make(map[string]*vnode, len(t.Content)/2)
		if err := b.mapping(t, m, sh, depth); err != nil {
			return nil, nil, err
		}
		return m, sh, nil
	case yaml.SequenceNode:
		l := make([]any, 0, len(t.Content))
		sh.items = make([]*vnode, 0, len(t.Content))
		entry := name + " entry" // the items' name, made once
		for _, c := range t.Content {
			if b.skip[c] {
				continue
			}
			v, csh, err := b.value(c, entry, depth+1)
			if err != nil {
				return nil, nil, err
			}
			l = append(l, v)
			sh.items = append(sh.items, csh)
		}
		return l, sh, nil
	case yaml.ScalarNode:
		v := scalar(t)
		if s, ok := v.(string); ok {
			sh.vars, sh.badTemplate = variables(s)
		}
		return v, sh, nil
	}
	return nil, sh, nil
}

// mapping fills m with t's entries: first those merged in with `<<`, then
// t's own, which override them as YAML says.
func (b *builder) mapping(t *yaml.Node, m map[string]any, sh *vnode, depth int) error {
	for i := 0; i+1 < len(t.Content); i += 2 {
		k, v := t.Content[i], t.Content[i+1]
		if k.Tag == "!!merge" && !b.skip[v] {
			if err := b.merge(v, m, sh, depth); err != nil {
				return err
			}
		}
	}
	for i := 0; i+1 < len(t.Content); i += 2 {
		k, v := t.Content[i], t.Content[i+1]
		if k.Tag == "!!merge" || b.skip[v] {
			continue
		}
		name := keyString(k)
		val, csh, err := b.value(v, name, depth+1)
		if err != nil {
			return err
		}
		csh.key = k
		if _, dup := sh.keys[name]; !dup {
			sh.order = append(sh.order, name)
		}
		m[name] = val
		sh.keys[name] = csh
	}
	return nil
}

// merge adds the entries of a merged mapping (or list of mappings, the
// first winning) that m does not have yet.
func (b *builder) merge(v *yaml.Node, m map[string]any, sh *vnode, depth int) error {
	t := v
	if t.Kind == yaml.AliasNode && t.Alias != nil {
		t = t.Alias
	}
	var sources []*yaml.Node
	switch t.Kind {
	case yaml.MappingNode:
		sources = []*yaml.Node{v}
	case yaml.SequenceNode:
		sources = t.Content
	}
	for _, src := range sources {
		val, csh, err := b.value(src, "<<", depth+1)
		if err != nil {
			return err
		}
		mm, ok := val.(map[string]any)
		if !ok {
			continue
		}
		for _, k := range csh.order {
			if _, done := m[k]; done {
				continue
			}
			m[k] = mm[k]
			sh.keys[k] = csh.keys[k]
			sh.order = append(sh.order, k)
		}
	}
	return nil
}

// keyString returns a mapping key as compose sees it: its text (compose
// stringifies non-string keys).
func keyString(k *yaml.Node) string {
	if k.Kind == yaml.AliasNode && k.Alias != nil {
		k = k.Alias
	}
	return k.Value
}

// scalar resolves a scalar as YAML 1.2 does. Values JSON cannot carry
// (.inf, .nan) and timestamps stay strings, as they would reach an
// application.
func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var v bool
		if n.Decode(&v) == nil {
			return v
		}
	case "!!int":
		var v int64
		if n.Decode(&v) == nil {
			return int(v)
		}
		var u uint64
		if n.Decode(&u) == nil {
			return float64(u)
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	case "!!timestamp":
		var t time.Time
		_ = n.Decode(&t) // a timestamp reaches compose as its text
	}
	return n.Value
}

// variables reports whether s refers to a variable (its value depends on
// the environment) and returns compose's error when its interpolation
// syntax is invalid. Two substitutions with different values tell: `$$`
// escapes and plain text come out the same.
func variables(s string) (bool, error) {
	if !containsDollar(s) {
		return false, nil
	}
	a, err := template.SubstituteWithOptions(s, constant("a"), template.WithoutLogging)
	if err != nil {
		return true, err
	}
	b, _ := template.SubstituteWithOptions(s, constant("b"), template.WithoutLogging)
	return a != b, nil
}

func containsDollar(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '$' {
			return true
		}
	}
	return false
}

// constant is a template mapping that sets every variable to v.
func constant(v string) template.Mapping {
	return func(string) (string, bool) { return v, true }
}
