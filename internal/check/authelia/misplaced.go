package authelia

import (
	"fmt"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
)

// A key written one level too far out is valid YAML: the last option of a
// client, indented like 'clients', is a key of identity_providers.oidc,
// which Authelia refuses ("configuration key not expected"). The writer
// has to indent it, not remove it, and the client it was meant for must
// not be checked without it (a client_secret_post client whose method
// moved out would read as client_secret_basic). So before any rule runs,
// such a key is put back into the entry it belongs to, and the walker
// reports it there as misplaced, saying where it belongs.
//
// A key is taken for misplaced only when the guide leaves no doubt: it is
// unknown where it is written, it directly follows a key whose mapping (or
// the last entry of whose list of mappings) accepts it, and that mapping
// does not have it already.

// misplaced is a key put back into the mapping it belongs to.
type misplaced struct {
	from   string     // the path of the mapping it is written in ("identity_providers.oidc")
	into   *object    // the object it belongs to
	column int        // the column of the keys of the mapping it belongs to (0-based)
	entry  *yaml.Node // the first key of that mapping, for a note
}

// maxReattach bounds the nodes reattach visits per document.
const maxReattach = 100_000

// reattach puts back the misplaced keys of the mapping m, checked against
// o at path, and of every mapping below it, and records them in moved.
func reattach(m *yaml.Node, o *object, path string, moved map[*yaml.Node]misplaced, budget *int) {
	if m == nil || m.Kind != yaml.MappingNode || o == nil || m.Anchor != "" {
		return
	}
	for i := 2; i+1 < len(m.Content); i += 2 {
		*budget--
		if *budget < 0 {
			return
		}
		k, v := m.Content[i], m.Content[i+1]
		if _, ok := o.lookup(k.Value); ok || k.Tag == "!!merge" {
			continue
		}
		prev, ok := o.lookup(m.Content[i-2].Value)
		if !ok || prev.obj == nil {
			continue
		}
		entry := lastEntry(m.Content[i-1], prev.kind)
		if entry == nil || entry.Anchor != "" || len(entry.Content) == 0 {
			continue
		}
		if _, ok := prev.obj.lookup(k.Value); !ok || hasKey(pairs(entry), k.Value) {
			continue
		}
		entry.Content = append(entry.Content, k, v)
		m.Content = append(m.Content[:i], m.Content[i+2:]...)
		moved[k] = misplaced{from: path, into: prev.obj, column: entry.Content[0].Column - 1, entry: entry.Content[0]}
		i -= 2
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		f, ok := o.lookup(m.Content[i].Value)
		if !ok || f.obj == nil {
			continue
		}
		child := joinPath(path, m.Content[i].Value)
		for _, e := range entries(m.Content[i+1], f.kind) {
			reattach(e, f.obj, child, moved, budget)
		}
	}
}

// entries returns the mappings a value of kind k holds: itself (an
// object), its items (a list of objects), or its values (named objects).
func entries(v *yaml.Node, k kind) []*yaml.Node {
	if v == nil || v.Kind == yaml.AliasNode {
		return nil
	}
	switch k {
	case kindObject:
		return []*yaml.Node{v}
	case kindObjects:
		if v.Kind == yaml.SequenceNode {
			return v.Content
		}
	case kindNamed:
		if v.Kind == yaml.MappingNode {
			var out []*yaml.Node
			for i := 1; i < len(v.Content); i += 2 {
				out = append(out, v.Content[i])
			}
			return out
		}
	}
	return nil
}

// lastEntry returns the mapping a key written right after a value of kind
// k would belong to had it been indented one level more: the value
// itself, or its last item or named value.
func lastEntry(v *yaml.Node, k kind) *yaml.Node {
	es := entries(v, k)
	if len(es) == 0 {
		return nil
	}
	e := es[len(es)-1]
	if e.Kind != yaml.MappingNode {
		return nil
	}
	return e
}

// misplacedKey reports key k, which reattach put back where it belongs.
func (w *walker) misplacedKey(k *yaml.Node, mv misplaced) {
	d := w.reportf(k, diag.Error, "authelia-unknown-key",
		fmt.Sprintf("indent it by %d spaces like the other keys of the %s it belongs to", mv.column, entryName(mv.into)),
		"configuration key not expected: %s: '%s' is a key of %s, but it is indented as a key of %s",
		joinPath(mv.from, k.Value), k.Value, mv.into.path, orRoot(mv.from))
	d.Related = []diag.Related{{File: w.file, Span: w.span(mv.entry), Message: "the " + entryName(mv.into) + " it belongs to"}}
}

// entryName names an entry of o in messages.
func entryName(o *object) string {
	if o == clientObject {
		return "client"
	}
	return "mapping"
}

func orRoot(path string) string {
	if path == "" {
		return "the top level"
	}
	return path
}

// maxKeyHomes bounds the places keyHomes names: a key common to many
// objects (name, enabled) says nothing about where it belongs.
const maxKeyHomes = 3

// keyHomes returns the paths of the schema objects, other than o, that
// have a key named name, when there are at most maxKeyHomes of them.
func keyHomes(name string, o *object) []string {
	var out []string
	for _, obj := range schemaIndex()[name] {
		if obj != o {
			out = append(out, obj.path)
		}
	}
	if len(out) > maxKeyHomes {
		return nil
	}
	return out
}

// schemaIndex maps every key of the schema to the objects that have it.
var schemaIndex = sync.OnceValue(func() map[string][]*object {
	idx := map[string][]*object{}
	seen := map[*object]bool{}
	var walk func(o *object)
	walk = func(o *object) {
		if o == nil || seen[o] {
			return
		}
		seen[o] = true
		fs := o.fields()
		for i := range fs {
			f := &fs[i]
			idx[f.name] = append(idx[f.name], o)
			walk(f.obj)
		}
	}
	walk(rootObject)
	return idx
})
