package authelia

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
)

// walkBudget bounds the nodes one snippet's walk visits, so that aliases
// that fan out (a YAML "billion laughs") cost bounded time.
const walkBudget = 200_000

// walker checks a YAML tree against our schema: unknown, too new and
// deprecated keys, value types and allowed values.
type walker struct {
	*reporter
	ver     version
	verText string // the tested version as the guide writes it, for messages
	budget  int
}

// spend uses one unit of the budget and reports whether any was left.
func (w *walker) spend() bool {
	w.budget--
	return w.budget >= 0
}

// root checks identity_providers in the document mapping doc.
func (w *walker) root(doc *yaml.Node) {
	p, ok := lookup(doc, "identity_providers")
	if !ok {
		return
	}
	f := field{name: "identity_providers", kind: kindObject, obj: identityProvidersObject}
	w.value(p, &f, "identity_providers", "")
}

// object checks the entries of mapping m against o. path is the dotted key
// path for messages, prefix the message prefix ("client 'app': ").
func (w *walker) object(m *yaml.Node, o *object, path, prefix string) {
	ps := pairs(m)
	for _, p := range ps {
		if !w.spend() {
			return
		}
		name := p.key.Value
		f, ok := o.lookup(name)
		switch {
		case !ok:
			w.unknownKey(p.key, o, path)
		case f.renamedTo != nil:
			w.deprecatedKey(m, ps, p, f, path, prefix)
		case w.ver.less(f.since):
			w.reportf(p.key, diag.Error, "authelia-key-version",
				"remove it, or test the guide with Authelia "+f.since.String()+" or later and update its Tested Versions",
				"key '%s' requires Authelia %s or later; the guide is tested with %s", name, f.since, w.verText)
		default:
			w.value(p, f, path+"."+name, prefix)
		}
	}
}

// unknownKey reports a key o does not have, with the closest valid key.
func (w *walker) unknownKey(k *yaml.Node, o *object, path string) {
	keys := o.keys(w.ver)
	best, clear := suggest(k.Value, keys)
	hint := "remove it; it is not an Authelia option here"
	if best != "" {
		hint = "did you mean '" + best + "'?"
	} else if len(keys) <= 12 {
		hint = "valid keys here are " + quoteList(keys, "and")
	}
	d := w.reportf(k, diag.Error, "authelia-unknown-key", hint,
		"configuration key not expected: %s.%s", path, k.Value)
	if clear {
		d.Fix = w.renameFix(k, best, "rename '"+k.Value+"' to '"+best+"'")
	}
}

// deprecatedKey reports a renamed key. Authelia maps it to its new name
// unless the new key is set too, in which case nothing is mapped.
func (w *walker) deprecatedKey(m *yaml.Node, ps []pair, p pair, f *field, path, prefix string) {
	newKey := strings.Join(f.renamedTo, ".")
	if _, both := lookupPath(m, f.renamedTo...); both {
		if f.conflict != "" {
			w.reportf(p.key, diag.Error, f.conflict, "remove '"+f.name+"' and keep the keys in '"+newKey+"'",
				"%soption '%s' must not be configured at the same time as '%s'", prefix, f.name, newKey)
			return
		}
		w.reportf(p.key, diag.Warning, "authelia-deprecated-key", "remove '"+f.name+"'",
			"%soption '%s' is deprecated and replaced by '%s'; both are configured, so '%s' is ignored",
			prefix, f.name, newKey, f.name)
		return
	}
	if f.conflict != "" {
		w.reportf(p.key, diag.Warning, "authelia-deprecated-key", "configure the key under '"+newKey+"' instead",
			"%soption '%s' is deprecated: Authelia converts it into a '%s' entry with algorithm RS256",
			prefix, f.name, newKey)
	} else {
		d := w.reportf(p.key, diag.Warning, "authelia-deprecated-key", "rename it to '"+newKey+"'",
			"%soption '%s' is deprecated and has been replaced by '%s'", prefix, f.name, newKey)
		d.Fix = w.deprecationFix(ps, p, f)
	}
	w.value(p, f, path+"."+f.name, prefix)
}

// deprecationFix renames a deprecated key. A key moved into a parent
// mapping (access_token_lifespan → lifespans.access_token) is rewritten as
// the parent key plus the nested key, which is only safe when the parent
// is not written yet and no other deprecated key would create it too.
func (w *walker) deprecationFix(ps []pair, p pair, f *field) *diag.Fix {
	msg := "rename '" + f.name + "' to '" + strings.Join(f.renamedTo, ".") + "'"
	if len(f.renamedTo) == 1 {
		return w.renameFix(p.key, f.renamedTo[0], msg)
	}
	parent := f.renamedTo[0]
	for _, q := range ps {
		if q.key.Value == parent {
			return nil
		}
		if g, ok := providerObject.lookup(q.key.Value); ok && q.key != p.key && len(g.renamedTo) > 1 && g.renamedTo[0] == parent {
			return nil
		}
	}
	indent, ok := w.guideIndent(p.key)
	if !ok {
		return nil
	}
	// The value moves one level deeper with its key: every line of it
	// after the key's line (a value on the next line, a block scalar, a
	// nested collection) is indented by two more spaces too.
	deeper, ok := w.indentValueLines(p)
	if !ok {
		return nil
	}
	fix := w.renameFix(p.key, parent+":\n"+indent+"  "+strings.Join(f.renamedTo[1:], "."), msg)
	if fix != nil {
		fix.Edits = append(fix.Edits, deeper...)
	}
	return fix
}

// value checks the value of p against f.
func (w *walker) value(p pair, f *field, path, prefix string) {
	v := resolve(p.value)
	if isNull(v) || !w.spend() {
		return
	}
	switch f.kind {
	case kindString:
		if w.wantScalar(v, f, prefix) {
			w.checkEnum(v, f, prefix)
		}
	case kindBool:
		if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
			w.typeError(v, f, prefix)
		}
	case kindInt:
		if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
			w.typeError(v, f, prefix)
		}
	case kindDuration:
		w.checkDuration(v, f, prefix)
	case kindStrings, kindURIs:
		w.list(v, f, prefix)
	case kindObject:
		if w.wantMapping(v, f, prefix) {
			w.object(v, f.obj, path, prefix+f.name+": ")
		}
	case kindObjects:
		w.objects(v, f, path, prefix)
	case kindNamed:
		w.named(v, f, path, prefix)
	case kindSubjects:
		w.subjects(v, f, prefix)
	}
}

func (w *walker) wantScalar(v *yaml.Node, f *field, prefix string) bool {
	if v.Kind != yaml.ScalarNode {
		w.typeError(v, f, prefix)
		return false
	}
	return true
}

func (w *walker) wantMapping(v *yaml.Node, f *field, prefix string) bool {
	if v.Kind != yaml.MappingNode {
		w.typeError(v, f, prefix)
		return false
	}
	return true
}

// list checks a list of scalars; kindURIs also takes a single scalar.
func (w *walker) list(v *yaml.Node, f *field, prefix string) {
	if v.Kind == yaml.ScalarNode && f.kind == kindURIs {
		return
	}
	if v.Kind != yaml.SequenceNode {
		w.typeError(v, f, prefix)
		return
	}
	for _, it := range v.Content {
		r := resolve(it)
		if r == nil || !w.spend() {
			continue
		}
		if r.Kind != yaml.ScalarNode {
			w.reportf(it, diag.Error, "authelia-type", "write each entry as a plain string",
				"%soption '%s' must be a list of strings but an entry is %s", prefix, f.name, describe(r))
			continue
		}
		if f.enum != nil {
			w.checkValue(it, r.Value, f, prefix)
		}
	}
}

// objects checks a list of mappings.
func (w *walker) objects(v *yaml.Node, f *field, path, prefix string) {
	if v.Kind != yaml.SequenceNode {
		w.typeError(v, f, prefix)
		return
	}
	for i, it := range v.Content {
		r := resolve(it)
		if isNull(r) {
			continue
		}
		if r.Kind != yaml.MappingNode {
			w.reportf(it, diag.Error, "authelia-type", "",
				"%soption '%s' must be a list of mappings but entry #%d is %s", prefix, f.name, i+1, describe(r))
			continue
		}
		itemPrefix := prefix + f.name + ": #" + strconv.Itoa(i+1) + ": "
		if f.obj == clientObject {
			itemPrefix = clientPrefix(r, i)
		}
		w.object(r, f.obj, path+"["+strconv.Itoa(i)+"]", itemPrefix)
	}
}

// clientPrefix names a client in messages as Authelia does.
func clientPrefix(m *yaml.Node, i int) string {
	for _, key := range []string{"client_id", "id"} {
		if p, ok := lookup(m, key); ok {
			if s, ok := scalar(p.value); ok && s != "" {
				return "client '" + s + "': "
			}
		}
	}
	return "client #" + strconv.Itoa(i+1) + ": "
}

// named checks a mapping from user-chosen names to objects.
func (w *walker) named(v *yaml.Node, f *field, path, prefix string) {
	if !w.wantMapping(v, f, prefix) {
		return
	}
	for _, p := range pairs(v) {
		r := resolve(p.value)
		if isNull(r) {
			continue
		}
		if r.Kind != yaml.MappingNode {
			w.reportf(p.value, diag.Error, "authelia-type", "",
				"%s%s: %s: must be a mapping but it's %s", prefix, f.name, p.key.Value, describe(r))
			continue
		}
		w.object(r, f.obj, path+"."+p.key.Value, prefix+f.name+": "+p.key.Value+": ")
	}
}

// subjects checks an authorization policy rule's subject: a string, a list
// of strings, or a list of lists of strings.
func (w *walker) subjects(v *yaml.Node, f *field, prefix string) {
	if v.Kind == yaml.ScalarNode {
		return
	}
	if v.Kind != yaml.SequenceNode {
		w.typeError(v, f, prefix)
		return
	}
	for _, it := range v.Content {
		r := resolve(it)
		if r == nil || r.Kind == yaml.ScalarNode {
			continue
		}
		if r.Kind != yaml.SequenceNode {
			w.typeError(r, f, prefix)
			continue
		}
		for _, s := range r.Content {
			if rs := resolve(s); rs != nil && rs.Kind != yaml.ScalarNode {
				w.typeError(rs, f, prefix)
			}
		}
	}
}

func (w *walker) checkDuration(v *yaml.Node, f *field, prefix string) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!int" {
		return
	}
	if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
		w.typeError(v, f, prefix)
		return
	}
	if !validDuration(v.Value, w.ver) {
		hint := "write a number of seconds, or terms such as '1h', '30 minutes' or '1 week'"
		w.reportf(v, diag.Error, "authelia-type", hint,
			"%soption '%s' could not be parsed as a duration: '%s'", prefix, f.name, v.Value)
	}
}

// typeError reports a value of the wrong shape.
func (w *walker) typeError(v *yaml.Node, f *field, prefix string) {
	w.reportf(v, diag.Error, "authelia-type", "",
		"%soption '%s' must be %s but it's %s", prefix, f.name, f.kind, describe(v))
}

// describe names the shape of n for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!bool":
			return "the boolean " + n.Value
		case "!!int", "!!float":
			return "the number " + n.Value
		}
		return "the string '" + n.Value + "'"
	}
	return "an alias"
}

// checkEnum checks a scalar option's value. An empty string means "not
// configured" to Authelia, whatever the schema says (reference §1.1, §7.1).
func (w *walker) checkEnum(v *yaml.Node, f *field, prefix string) {
	if f.enum == nil || v.Value == "" || v.Tag == "!!null" {
		return
	}
	w.checkValue(v, v.Value, f, prefix)
}

func (w *walker) checkValue(at *yaml.Node, s string, f *field, prefix string) {
	e := f.enum
	if !e.checks(w.ver) || e.accepts(s, w.ver) {
		return
	}
	if since, ok := e.since(s); ok && w.ver.less(since) {
		w.reportf(at, e.sev, e.code,
			"use one of "+quoteList(e.allowed(w.ver), "or")+", or test the guide with Authelia "+since.String()+" or later",
			"%svalue '%s' of option '%s' requires Authelia %s or later; the guide is tested with %s",
			prefix, s, f.name, since, w.verText)
		return
	}
	allowed := e.allowed(w.ver)
	hint := "use one of " + quoteList(allowed, "or")
	if best, clear := suggest(s, allowed); clear {
		hint = "did you mean '" + best + "'? The allowed values are " + quoteList(allowed, "and")
	}
	if f.kind == kindStrings {
		w.reportf(at, e.sev, e.code, hint, "%soption '%s' must only have the values %s but the value '%s' is present",
			prefix, f.name, quoteList(allowed, "or"), s)
		return
	}
	w.reportf(at, e.sev, e.code, hint, "%soption '%s' must be one of %s but it's configured as '%s'",
		prefix, f.name, quoteList(allowed, "or"), s)
}
