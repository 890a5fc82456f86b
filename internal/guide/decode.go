package guide

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/source"
)

// field is one known front matter key: a scalar or list decoded by decode,
// or a nested mapping described by fields.
type field struct {
	name   string
	decode func(d *decoder, path string, v *yaml.Node)
	fields []field
	full   string // the dotted path, "seo.title" (see init)
}

// init sets the dotted path of every field of the schema, which the
// decoder would otherwise join for every nested key of every guide.
func init() { setPaths(schema, "") }

func setPaths(fields []field, path string) {
	for i := range fields {
		fields[i].full = join(path, fields[i].name)
		setPaths(fields[i].fields, fields[i].full)
	}
}

// schema is the front matter guidec understands. Hugo keys that would
// change what guidec publishes (url, slug, layout, …) are deliberately
// absent, so they are reported as unknown rather than silently ignored.
var schema = []field{
	{name: "title", decode: str(func(m *Meta) *string { return &m.Title })},
	{name: "description", decode: str(func(m *Meta) *string { return &m.Description })},
	{name: "summary", decode: str(func(m *Meta) *string { return &m.Summary })},
	{name: "date", decode: date(func(m *Meta) *time.Time { return &m.Date })},
	{name: "lastmod", decode: date(func(m *Meta) *time.Time { return &m.Lastmod })},
	{name: "draft", decode: boolean(func(m *Meta) *bool { return &m.Draft })},
	{name: "toc", decode: boolean(func(m *Meta) *bool { return &m.TOC })},
	{name: "weight", decode: (*decoder).weight},
	{name: "images", decode: (*decoder).images},
	{name: "aliases", decode: (*decoder).aliases},
	{name: "support", fields: []field{
		{name: "level", decode: str(func(m *Meta) *string { return &m.Support.Level })},
		{name: "versions", decode: boolean(func(m *Meta) *bool { return &m.Support.Versions })},
		{name: "integration", decode: boolean(func(m *Meta) *bool { return &m.Support.Integration })},
	}},
	{name: "seo", fields: []field{
		{name: "title", decode: str(func(m *Meta) *string { return &m.SEO.Title })},
		{name: "description", decode: str(func(m *Meta) *string { return &m.SEO.Description })},
		{name: "canonical", decode: (*decoder).canonical},
		{name: "noindex", decode: boolean(func(m *Meta) *bool { return &m.SEO.NoIndex })},
	}},
	// guidec holds annotations for guidec itself: ignore lists diagnostic
	// codes silenced for the whole guide (read by package build).
	{name: "guidec", fields: []field{
		{name: "ignore", decode: (*decoder).codeList},
	}},
	// params is free-form: templates read it through Meta.Params.
	{name: "params", decode: (*decoder).anyMapping},
}

// paramsBudget bounds the nodes visited (aliases expanded) when building
// Meta.Params, so a billion-laughs front matter costs microseconds.
const paramsBudget = 100_000

// decoder walks a front matter node tree into a Meta.
type decoder struct {
	doc   *yamlpos.Doc
	meta  *Meta
	open  source.Span // the opening delimiter, for findings about absent keys
	diags diag.List
}

func decodeMeta(doc *yamlpos.Doc, open source.Span) (Meta, diag.List) {
	d := &decoder{doc: doc, meta: &Meta{Fields: make(map[string]Field, fieldCount(doc.Root, maxFieldHint))}, open: open}
	root := doc.Root
	if root == nil || yamlpos.IsNull(root) {
		d.errorf(open, "frontmatter-missing-title", "add title: \"…\"", "front matter is empty")
		return *d.meta, d.diags
	}
	if yamlpos.Deref(root).Kind != yaml.MappingNode {
		d.typeError(root, "mapping of keys")
		return *d.meta, d.diags
	}
	d.mapping("", root, schema)
	d.params(root)
	d.requireTitle()
	return *d.meta, d.diags
}

// maxFieldHint bounds the size Meta.Fields is made with.
const maxFieldHint = 256

// fieldCount returns about how many entries Meta.Fields gets for the tree
// n, at most limit: one per mapping key and per sequence item, aliases not
// followed. Made at that size, the map is one allocation instead of three
// or four as it grows to a front matter's twenty-odd keys.
func fieldCount(n *yaml.Node, limit int) int {
	if n == nil || limit <= 0 {
		return 0
	}
	c := 0
	switch n.Kind {
	case yaml.MappingNode:
		c = len(n.Content) / 2
	case yaml.SequenceNode:
		c = len(n.Content)
	}
	for _, k := range n.Content {
		if c >= limit {
			return limit
		}
		if k.Kind == yaml.MappingNode || k.Kind == yaml.SequenceNode {
			c += fieldCount(k, limit-c)
		}
	}
	return min(c, limit)
}

func (d *decoder) requireTitle() {
	if !d.meta.Has("title") {
		d.errorf(d.open, "frontmatter-missing-title", "add title: \"…\" to the front matter", "front matter has no title")
		return
	}
	sp := d.meta.ValueSpan("title")
	for _, dg := range d.diags {
		if dg.Span == sp {
			return // already reported: the title has the wrong type
		}
	}
	if strings.TrimSpace(d.meta.Title) == "" {
		d.errorf(sp, "frontmatter-missing-title", "write the application's name", "title is empty")
	}
}

// mapping decodes the keys of n according to fields. n must be a mapping
// (or null, which decodes to nothing).
func (d *decoder) mapping(path string, n *yaml.Node, fields []field) {
	if yamlpos.IsNull(n) {
		return
	}
	m := yamlpos.Deref(n)
	if m.Kind != yaml.MappingNode {
		d.typeError(n, "mapping")
		return
	}
	var seen keySet
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		name, ok := d.key(k, &seen)
		if !ok {
			continue
		}
		f := lookup(fields, name)
		var full string
		if f != nil {
			full = f.full // join(path, name), made once
		} else {
			full = join(path, name)
		}
		d.meta.Fields[full] = Field{Key: d.doc.Span(k), Value: d.doc.Span(v)}
		switch {
		case f == nil:
			d.unknownKey(k, name, fields)
		case f.fields != nil:
			d.mapping(full, v, f.fields)
		default:
			f.decode(d, full, v)
		}
	}
}

// key returns the lowercased name of key node k and records it in seen; it
// reports keys that are not strings and duplicates.
func (d *decoder) key(k *yaml.Node, seen *keySet) (string, bool) {
	name, ok := yamlpos.String(k)
	if !ok || k.Kind != yaml.ScalarNode {
		d.errorf(d.doc.Span(k), "frontmatter-type", "use a plain word as the key", "key must be a string, not a %s", yamlpos.KindName(k))
		return "", false
	}
	lower := strings.ToLower(name)
	if first := seen.find(lower); first != nil {
		dg := diag.Diagnostic{File: d.doc.File, Span: d.doc.Span(k), Severity: diag.Error, Code: "frontmatter-duplicate-key",
			Message: fmt.Sprintf("key %q is already defined", name), Hint: "remove one of the two",
			Related: []diag.Related{{File: d.doc.File, Span: d.doc.Span(first), Message: "first defined here"}}}
		d.diags.Add(dg)
		return "", false
	}
	seen.add(lower, k)
	return lower, true
}

// keySet holds the lower-cased keys of a mapping seen so far, with their
// nodes. A front matter mapping has a dozen keys, which a small array
// searches faster than a map is built; a hostile one with thousands
// moves to a map, so that finding duplicates stays linear.
type keySet struct {
	small [16]seenKey
	n     int
	m     map[string]*yaml.Node
}

type seenKey struct {
	name string
	node *yaml.Node
}

// find returns the node of key name, or nil.
func (s *keySet) find(name string) *yaml.Node {
	if s.m != nil {
		return s.m[name]
	}
	for _, k := range s.small[:s.n] {
		if k.name == name {
			return k.node
		}
	}
	return nil
}

// add records key name, which find does not hold.
func (s *keySet) add(name string, n *yaml.Node) {
	switch {
	case s.m != nil:
		s.m[name] = n
	case s.n < len(s.small):
		s.small[s.n] = seenKey{name, n}
		s.n++
	default:
		s.m = make(map[string]*yaml.Node, 2*len(s.small))
		for _, k := range s.small {
			s.m[k.name] = k.node
		}
		s.m[name] = n
	}
}

func (d *decoder) unknownKey(k *yaml.Node, name string, fields []field) {
	known := knownKeysOf(fields)
	sp := d.doc.Span(k)
	dg := diag.Diagnostic{File: d.doc.File, Span: sp, Severity: diag.Warning, Code: "frontmatter-unknown-key",
		Message: fmt.Sprintf("unknown key %q", k.Value), Hint: known.hint}
	if s := yamlpos.Suggest(name, known.sorted); s != "" {
		dg.Message += fmt.Sprintf("; did you mean %q?", s)
		dg.Hint = "rename it to " + s
		dg.Fix = &diag.Fix{Message: "rename to " + s, Edits: []diag.Edit{{Span: sp, NewText: s}}}
	}
	d.diags.Add(dg)
}

// knownKeys is what a finding of an unknown key says about the keys of
// its mapping: the hint listing them in schema order, and the names
// sorted for Suggest (which sorts a list that is not). A Hugo tree's pages
// have thousands of keys guidec does not know.
type knownKeys struct {
	hint   string
	sorted []string
}

// knownKeysBySet holds the knownKeys of schema and of each of its nested
// mappings, by the first field of the set.
var knownKeysBySet = sync.OnceValue(func() map[*field]knownKeys {
	m := map[*field]knownKeys{}
	var add func(fields []field)
	add = func(fields []field) { // every set, nested ones included: unknownKey meets only these
		names := make([]string, len(fields))
		for i, f := range fields {
			names[i] = f.name
			if f.fields != nil {
				add(f.fields)
			}
		}
		m[&fields[0]] = knownKeys{hint: "known keys here: " + strings.Join(names, ", "), sorted: slices.Sorted(slices.Values(names))}
	}
	add(schema)
	return m
})

// knownKeysOf returns the knownKeys of fields, a set of schema.
func knownKeysOf(fields []field) knownKeys {
	return knownKeysBySet()[&fields[0]]
}

func lookup(fields []field, name string) *field {
	for i := range fields {
		if fields[i].name == name {
			return &fields[i]
		}
	}
	return nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func (d *decoder) errorf(sp source.Span, code, hint, format string, args ...any) {
	d.diags.Addf(d.doc.File, sp, diag.Error, code, hint, format, args...)
}

func (d *decoder) typeError(n *yaml.Node, want string) {
	d.errorf(d.doc.Span(n), "frontmatter-type", "", "expected a %s, found a %s", want, yamlpos.KindName(n))
}

func str(ptr func(*Meta) *string) func(*decoder, string, *yaml.Node) {
	return func(d *decoder, _ string, v *yaml.Node) {
		s, ok := yamlpos.String(v)
		if !ok {
			d.typeError(v, "string")
			return
		}
		*ptr(d.meta) = s
	}
}

func boolean(ptr func(*Meta) *bool) func(*decoder, string, *yaml.Node) {
	return func(d *decoder, _ string, v *yaml.Node) {
		if yamlpos.IsNull(v) {
			return
		}
		b, ok := yamlpos.Bool(v)
		if !ok {
			d.errorf(d.doc.Span(v), "frontmatter-type", "write true or false",
				"expected true or false, found %s", describe(v))
			return
		}
		*ptr(d.meta) = b
	}
}

// describe quotes a scalar's text or names a collection's kind.
func describe(n *yaml.Node) string {
	if s, ok := yamlpos.String(n); ok && !yamlpos.IsNull(n) {
		return fmt.Sprintf("%q", s)
	}
	return "a " + yamlpos.KindName(n)
}

func (d *decoder) weight(_ string, v *yaml.Node) {
	if yamlpos.IsNull(v) {
		return
	}
	w, ok := yamlpos.Int(v)
	if !ok {
		d.errorf(d.doc.Span(v), "frontmatter-type", "write a whole number such as 620",
			"weight must be an integer, found %s", describe(v))
		return
	}
	d.meta.Weight = w
}

// list decodes a list of strings (a single string counts as a list of one)
// and records each item's span under path.N.
func (d *decoder) list(path string, v *yaml.Node) ([]*yaml.Node, bool) {
	items, bad, ok := yamlpos.Strings(v)
	if !ok {
		d.typeError(v, "list of strings")
		return nil, false
	}
	if bad >= 0 {
		d.typeError(items[bad], "string")
		return nil, false
	}
	for i, it := range items {
		sp := d.doc.Span(it)
		d.meta.Fields[fmt.Sprintf("%s.%d", path, i)] = Field{Key: sp, Value: sp}
	}
	return items, true
}

func (d *decoder) images(path string, v *yaml.Node) {
	items, _ := d.list(path, v)
	for _, it := range items {
		s, _ := yamlpos.String(it)
		d.meta.Images = append(d.meta.Images, s)
	}
}

// aliases reads the aliases list. An entry that repeats another through a
// YAML alias (*name) is reported and skipped: the same string, validated
// and published again for each repetition, made a long alias repeated n
// times cost n times its length in every stage.
func (d *decoder) aliases(path string, v *yaml.Node) {
	items, _ := d.list(path, v)
	seen := map[*yaml.Node]bool{}
	for _, it := range items {
		s, _ := yamlpos.String(it)
		sp := d.doc.Span(it)
		if r := yamlpos.Deref(it); r != it {
			if seen[r] {
				d.errorf(sp, "frontmatter-alias", "remove the repeated entry", "alias repeats an earlier entry")
				continue
			}
			seen[r] = true
		}
		if _, err := AliasFile(s); err != nil {
			d.errorf(sp, "frontmatter-alias", "write a path inside the site such as /integration/openid-connect/NAME/", "%v", err)
			continue
		}
		d.meta.Aliases = append(d.meta.Aliases, s)
		d.meta.AliasSpans = append(d.meta.AliasSpans, sp)
	}
}

func (d *decoder) canonical(_ string, v *yaml.Node) {
	s, ok := yamlpos.String(v)
	if !ok {
		d.typeError(v, "string")
		return
	}
	d.meta.SEO.Canonical = s
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		d.diags.Addf(d.doc.File, d.doc.Span(v), diag.Warning, "frontmatter-canonical",
			"write a full URL such as https://example.com/page/, or leave it empty for the page's own URL",
			"canonical URL %q is not an absolute http(s) URL", s)
	}
}

func (d *decoder) codeList(path string, v *yaml.Node) {
	if yamlpos.Deref(v).Kind == yaml.ScalarNode {
		return // a single string of codes separated by commas or spaces
	}
	d.list(path, v)
}

func (d *decoder) anyMapping(_ string, v *yaml.Node) {
	if !yamlpos.IsNull(v) && yamlpos.Deref(v).Kind != yaml.MappingNode {
		d.typeError(v, "mapping")
	}
}

// params fills Meta.Params from the whole front matter, within a budget.
func (d *decoder) params(root *yaml.Node) {
	budget := paramsBudget
	p, err := yamlpos.ToAny(root, &budget, strings.ToLower)
	if err != nil {
		d.errorf(d.doc.Span(root), "frontmatter-too-large", "remove YAML aliases (*name) that repeat large values",
			"front matter expands to more than %d values", paramsBudget)
		return
	}
	if m, ok := p.(map[string]any); ok {
		d.meta.Params = m
	}
}
