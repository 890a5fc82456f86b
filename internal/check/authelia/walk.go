package authelia

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/lazyre"
	"github.com/guidec/guidec/internal/source"
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
	// tail ends messages about the release: "; the guide is tested with …",
	// or nothing when the guide is checked for another release (--against,
	// whose prefix names both).
	tail   string
	budget int
	// seen holds the key nodes checked against each schema object: a key
	// that merges (<<: *anchor) bring into many mappings is one place in
	// the text, checked and reported once, not once per mapping.
	seen map[seenKey]bool
	// templateReported is set once a key too new for the tested release
	// is reported in a shortcode's snippet (templateVersion).
	templateReported bool
	// moved holds the keys reattach put back where they belong: each is
	// reported as misplaced, then checked there.
	moved map[*yaml.Node]misplaced
	// unknown counts the unknown keys reported: past maxSuggestions a
	// snippet is not a misspelt configuration but something else, and
	// suggestions (an edit distance per candidate) are not worth their
	// cost.
	unknown int
	// pairBuf holds the entries of the mappings object is checking, the
	// innermost last.
	pairBuf []pair
}

// seenKey is a key node checked against a schema object.
type seenKey struct {
	key *yaml.Node
	obj *object
}

// maxSuggestions bounds the unknown keys of a snippet that get a
// suggestion.
const maxSuggestions = 100

// spend uses one unit of the budget and reports whether any was left.
func (w *walker) spend() bool {
	w.budget--
	return w.budget >= 0
}

// root checks the document mapping doc against the whole configuration.
func (w *walker) root(doc *yaml.Node) {
	w.object(doc, rootObject, "", "")
}

// object checks the entries of mapping m against o. path is the dotted key
// path for messages, prefix the message prefix ("client 'app': ").
func (w *walker) object(m *yaml.Node, o *object, path, prefix string) {
	// The entries are appended to a buffer the nested calls share as a
	// stack: they use it above this call's entries, and give it back.
	start := len(w.pairBuf)
	w.pairBuf = appendPairs(w.pairBuf, resolve(m), 0)
	ps := w.pairBuf[start:len(w.pairBuf):len(w.pairBuf)]
	defer func() { w.pairBuf = w.pairBuf[:start] }()
	for _, p := range ps {
		if !w.spend() {
			return
		}
		if sk := (seenKey{p.key, o}); w.seen[sk] {
			continue
		} else {
			if w.seen == nil {
				w.seen = map[seenKey]bool{}
			}
			w.seen[sk] = true
		}
		name := p.key.Value
		if mv, ok := w.moved[p.key]; ok {
			w.misplacedKey(p.key, mv)
		}
		f, ok := o.lookup(name)
		switch {
		case !ok:
			w.unknownKey(p.key, o, path)
		case w.ver.less(f.since) && w.snip.Shortcode != "" && w.tail != "":
			// On the tested release only: checked for another release
			// (--against, upgrade-report), the release refuses the key
			// whoever wrote it.
			w.templateVersion(p.key, f)
		case w.ver.less(f.since):
			w.reportf(p.key, diag.Error, "authelia-key-version",
				"test the guide with Authelia "+f.since.String()+" or later and update its Tested Versions; remove the key only if the setup works without it",
				"key '%s' requires Authelia %s or later%s", name, f.since, w.tail)
		case !f.validIn(w.ver):
			w.removedKey(p.key, f, path)
		case f.refused:
			w.replacedKey(p.key, f, path)
		case f.renamedTo != nil && w.ver.atLeast(f.deprecatedIn):
			w.deprecatedKey(m, ps, p, f, o, path, prefix)
		case f.dropped && w.ver.atLeast(f.deprecatedIn):
			w.reportf(p.key, diag.Warning, "authelia-deprecated-key", "remove it",
				"%soption '%s' is deprecated since Authelia %s and has no replacement: Authelia ignores it", prefix, name, f.deprecatedIn)
		default:
			if f.renamedTo == nil && !f.deprecatedIn.isZero() && w.ver.atLeast(f.deprecatedIn) {
				w.reportf(p.key, diag.Warning, "authelia-deprecated-key", f.note,
					"%soption '%s' is deprecated since Authelia %s", prefix, name, f.deprecatedIn)
			}
			w.value(p, f, path, name, prefix)
		}
	}
}

// joinPath appends a key to a dotted path ("" is the root).
func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// templateVersion reports a key too new for the tested release in a
// snippet a shared template wrote: a warning on the call, since the guide
// cannot change the template and the template serves every guide (its
// snippet is written for the current release); the guide has to be tested
// with the release the template needs.
// One call is one finding, however many such keys the template writes.
func (w *walker) templateVersion(k *yaml.Node, f *field) {
	if w.templateReported {
		return
	}
	w.templateReported = true
	w.reportf(k, diag.Warning, "authelia-template-version",
		"test the guide with Authelia "+f.since.String()+" or later and update its Tested Versions",
		"the %s shortcode writes configuration for Authelia %s or later ('%s'), but the guide is tested with %s",
		w.snip.Shortcode, f.since, k.Value, w.verText)
}

// removedKey reports a key a newer release than the tested one removed.
func (w *walker) removedKey(k *yaml.Node, f *field, path string) {
	hint := "remove it"
	if f.note != "" {
		hint = f.note
	}
	w.reportf(k, diag.Error, "authelia-key-removed", hint,
		"configuration key not expected: %s (removed in Authelia %s)%s",
		joinPath(path, k.Value), f.until, w.tail)
}

// replacedKey reports a key Authelia refuses with a pointer to the key
// that replaced it (or none: the feature is gone).
func (w *walker) replacedKey(k *yaml.Node, f *field, path string) {
	if f.replacedBy == "" {
		w.reportf(k, diag.Error, "authelia-key-removed", "remove it",
			"configuration key removed: %s; this functionality is gone", joinPath(path, k.Value))
		return
	}
	w.reportf(k, diag.Error, "authelia-key-removed", "configure '"+f.replacedBy+"' instead",
		"invalid configuration key '%s' was replaced by '%s'", joinPath(path, k.Value), f.replacedBy)
}

// unknownKey reports a key o does not have, with the closest valid key.
func (w *walker) unknownKey(k *yaml.Node, o *object, path string) {
	w.unknown++
	best, clear := "", false
	hint := "remove it; it is not an Authelia option here"
	where := keyHomes(k.Value, o)
	if len(where) == 1 && path != "" && strings.HasPrefix(where[0], path+".") && !strings.ContainsAny(where[0][len(path)+1:], ".[") {
		// The key of a section right under this one, with the section's
		// own line lost (oidc: deleted under identity_providers:). The
		// finding goes where that line was: above the key and the
		// comments that head it.
		mid := where[0][len(path)+1:]
		d := w.reportf(k, diag.Error, "authelia-unknown-key", "add the '"+mid+":' line here and indent its keys under it",
			"configuration key not expected: %s: it belongs under %s, whose '%s:' line is missing", joinPath(path, k.Value), where[0], mid)
		if sp, ok := w.headOf(k); ok {
			d.Span = sp
		}
		return
	}
	if len(where) > 0 {
		// A valid key at the wrong place: say where it belongs.
		hint = "'" + k.Value + "' is a key of " + strings.Join(where, " or ") + ": move it there"
	} else if w.unknown <= maxSuggestions {
		keys := o.keys(w.ver)
		best, clear = suggest(k.Value, keys)
		if best != "" {
			hint = "did you mean '" + best + "'?"
		} else if len(keys) <= 12 {
			hint = "valid keys here are " + quoteList(keys, "and")
		}
	}
	d := w.reportf(k, diag.Error, "authelia-unknown-key", hint,
		"configuration key not expected: %s", joinPath(path, k.Value))
	if clear {
		d.Fix = w.renameFix(k, best, "rename '"+k.Value+"' to '"+best+"'")
	}
}

// headOf returns, in the guide, the first of the comment lines right above
// key k (the line after the last line that is not a comment or blank),
// when there are any.
func (w *walker) headOf(k *yaml.Node) (source.Span, bool) {
	text := w.snip.Text
	start := 0
	for line := 1; line < k.Line && start < len(text); line++ {
		i := bytes.IndexByte(text[start:], '\n')
		if i < 0 {
			return source.Span{}, false
		}
		start += i + 1
	}
	head := start
	for head > 0 {
		prev := bytes.LastIndexByte(text[:head-1], '\n') + 1
		t := bytes.TrimSpace(text[prev : head-1])
		if len(t) > 0 && t[0] != '#' {
			break
		}
		head = prev
	}
	if head == start {
		return source.Span{}, false
	}
	end := head + bytes.IndexByte(text[head:], '\n')
	if end < head {
		end = len(text)
	}
	for head < end && (text[head] == ' ' || text[head] == '\t') {
		head++
	}
	return w.snip.GuideSpan(source.Span{Start: head, End: end}), true
}

// deprecatedKey reports a renamed key. Authelia maps it to its new name
// unless the new key is set too, in which case nothing is mapped.
func (w *walker) deprecatedKey(m *yaml.Node, ps []pair, p pair, f *field, o *object, path, prefix string) {
	newKey := strings.Join(f.renamedTo, ".")
	since := ""
	if !f.deprecatedIn.isZero() {
		since = " since Authelia " + f.deprecatedIn.String()
	}
	if f.combined {
		w.combinedKey(ps, p, f, prefix, since)
		return
	}
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
			"%soption '%s' is deprecated%s and has been replaced by '%s'", prefix, f.name, since, newKey)
		d.Fix = w.deprecationFix(ps, p, f, o)
	}
	w.value(p, f, path, f.name, prefix)
}

// combinedKey reports a key Authelia folds with its siblings into one
// value (host and port into address). Both forms at once are refused.
func (w *walker) combinedKey(ps []pair, p pair, f *field, prefix, since string) {
	newKey := f.renamedTo[0]
	if hasKey(ps, newKey) {
		w.reportf(p.key, diag.Error, "authelia-key-conflict", "remove '"+f.name+"' and keep '"+newKey+"'",
			"%soption '%s' can't be configured at the same time as '%s'", prefix, f.name, newKey)
		return
	}
	w.reportf(p.key, diag.Warning, "authelia-deprecated-key",
		"write one '"+newKey+"' option in the form '[<scheme>://]<hostname>[:<port>]' instead",
		"%soption '%s' is deprecated%s: Authelia combines it with the related options into '%s'", prefix, f.name, since, newKey)
}

// deprecationFix renames a deprecated key. A key moved into a parent
// mapping (access_token_lifespan → lifespans.access_token) is rewritten as
// the parent keys plus the nested key, with its value indented to match
// (indentValueLines), which is only safe when the parent is not written
// yet and no other deprecated key would create it too.
func (w *walker) deprecationFix(ps []pair, p pair, f *field, o *object) *diag.Fix {
	msg := "rename '" + f.name + "' to '" + strings.Join(f.renamedTo, ".") + "'"
	if len(f.renamedTo) == 1 {
		return w.renameFix(p.key, f.renamedTo[0], msg)
	}
	parent := f.renamedTo[0]
	for _, q := range ps {
		if q.key.Value == parent {
			return nil
		}
		if g, ok := o.lookup(q.key.Value); ok && q.key != p.key && len(g.renamedTo) > 1 && g.renamedTo[0] == parent {
			return nil
		}
	}
	indent, ok := w.guideIndent(p.key)
	if !ok {
		return nil
	}
	var b strings.Builder
	b.WriteString(parent)
	for i, k := range f.renamedTo[1:] {
		b.WriteString(":\n" + indent + strings.Repeat("  ", i+1) + k)
	}
	// The value moves as many levels deeper as its key: every line of it
	// after the key's line (a value on the next line, a block scalar, a
	// nested collection) is indented by two spaces a level too.
	deeper, ok := w.indentValueLines(p, len(f.renamedTo)-1)
	if !ok {
		return nil
	}
	fix := w.renameFix(p.key, b.String(), msg)
	if fix != nil {
		fix.Edits = append(fix.Edits, deeper...)
	}
	return fix
}

// value checks the value of entry p (key name under the path parent)
// against f. Authelia decodes weakly
// (mapstructure's WeaklyTypedInput): booleans and integers may be written
// as strings, a list as one comma-separated string. A value that is a
// template ({{ env "X" }}) or an environment reference (${X}) is only known
// when Authelia runs, so only its shape is checked. The entry's dotted
// path, joinPath(parent, name), is made only for the values that hold
// keys of their own: most are scalars, whose messages do not need it.
func (w *walker) value(p pair, f *field, parent, name, prefix string) {
	v := resolve(p.value)
	if isNull(v) || !w.spend() {
		return
	}
	if v.Kind == yaml.ScalarNode && (templated(v.Value) || elided(v.Value)) {
		return
	}
	switch f.kind {
	case kindString, kindAny:
		if w.wantScalar(v, f, prefix) {
			w.checkEnum(v, f, prefix)
		}
	case kindBool:
		if !weakBool(v) {
			w.typeError(v, f, prefix)
		}
	case kindInt:
		w.checkInt(v, f, prefix)
	case kindDuration, kindRefresh:
		w.checkDuration(v, f, prefix)
	case kindStrings, kindURIs:
		w.list(v, f, prefix)
	case kindInts:
		w.intList(v, f, prefix)
	case kindAddress:
		w.checkAddressValue(v, f, prefix)
	case kindObject:
		if w.wantMapping(v, f, prefix) {
			w.object(v, f.obj, joinPath(parent, name), prefix+f.name+": ")
		}
	case kindObjects:
		w.objects(v, f, joinPath(parent, name), prefix)
	case kindObjectLists:
		w.objectLists(v, f, joinPath(parent, name), prefix)
	case kindNamed:
		w.named(v, f, joinPath(parent, name), prefix)
	case kindNamedStrings:
		w.namedStrings(v, f, prefix)
	case kindSubjects:
		w.subjects(v, f, prefix)
	}
}

// templated reports whether s is expanded by Authelia's configuration
// filters before it is decoded: a Go template action or ${ENV}.
func templated(s string) bool {
	return strings.Contains(s, "{{") || strings.Contains(s, "${") || strings.Contains(s, templateMask)
}

// elided reports whether s stands for a value the guide leaves out.
func elided(s string) bool {
	s = strings.TrimSpace(s)
	return s == "..." || s == "…"
}

// weakBool reports whether Authelia decodes scalar v into a boolean:
// true/false, a number, or a string strconv.ParseBool takes ("" is false).
func weakBool(v *yaml.Node) bool {
	if v.Kind != yaml.ScalarNode {
		return false
	}
	switch v.Tag {
	case "!!bool", "!!int", "!!float":
		return true
	case "!!str":
		_, err := strconv.ParseBool(v.Value)
		return v.Value == "" || err == nil
	}
	return false
}

// trueText reports whether Authelia reads the scalar text s as the boolean true:
// YAML's true in any of its spellings (True, TRUE), or a string its weak
// decoding parses as true (strconv.ParseBool: 1, t, T). Comparing with
// "true" alone took public: True for a confidential client.
func trueText(s string) bool {
	b, err := strconv.ParseBool(s)
	return err == nil && b
}

// weakInt returns the integer Authelia decodes scalar v into, and whether
// it can: an integer, a float (truncated), a boolean, or a string
// strconv.ParseInt takes with base prefixes ("" is 0).
func weakInt(v *yaml.Node) (int64, bool) {
	if v.Kind != yaml.ScalarNode {
		return 0, false
	}
	switch v.Tag {
	case "!!bool":
		if trueText(v.Value) {
			return 1, true
		}
		return 0, true
	case "!!float":
		f, err := strconv.ParseFloat(v.Value, 64)
		return int64(f), err == nil
	case "!!int", "!!str":
		if v.Value == "" {
			return 0, v.Tag == "!!str"
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(v.Value, "_", ""), 0, 64)
		return n, err == nil
	}
	return 0, false
}

// checkInt checks an integer option: its type, its allowed values and its
// bounds (0 means "the default" for bounded options).
func (w *walker) checkInt(v *yaml.Node, f *field, prefix string) {
	n, ok := weakInt(v)
	if !ok {
		w.typeError(v, f, prefix)
		return
	}
	if f.enum != nil {
		w.checkValue(v, strconv.FormatInt(n, 10), f, prefix)
		return
	}
	if f.max > f.min && n != 0 && (n < int64(f.min) || n > int64(f.max)) {
		w.rangeError(v, f, prefix, strconv.FormatInt(n, 10))
	}
}

// rangeError reports a number outside the bounds Authelia validates.
func (w *walker) rangeError(v *yaml.Node, f *field, prefix, got string) {
	bound := fmt.Sprintf("between %d and %d", f.min, f.max)
	if f.max == 1<<31-1 {
		bound = fmt.Sprintf("%d or more", f.min)
	}
	w.reportf(v, diag.Error, "authelia-value-range", "use a value "+bound,
		"%soption '%s' must be %s but it's configured as '%s'", prefix, f.name, bound, got)
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
		d := w.typeError(v, f, prefix)
		d.Hint = mappingHint(v)
		return false
	}
	return true
}

// noSpaceKey matches a string that is a key and its value without the
// space after the colon ("attribute:'groups'"), which YAML reads as one
// string where a mapping was meant.
var noSpaceKey = lazyre.New(`^[A-Za-z_][A-Za-z0-9_.-]*:[^\s/:]`)

// mappingHint explains a string where a mapping is expected, when it is a
// key and its value that lack the space after the colon.
func mappingHint(v *yaml.Node) string {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!str" && noSpaceKey.MatchString(v.Value) {
		key, _, _ := strings.Cut(v.Value, ":")
		return "put a space after the colon of '" + key + ":': without it YAML reads one string, not a key and its value"
	}
	return ""
}

// list checks a list of scalars. A single scalar is a list too: Authelia
// splits a string at commas (without trimming blanks) and wraps any other
// scalar.
func (w *walker) list(v *yaml.Node, f *field, prefix string) {
	if v.Kind == yaml.ScalarNode {
		if f.enum != nil && v.Tag == "!!str" {
			for _, part := range strings.Split(v.Value, ",") {
				w.checkValue(v, part, f, prefix)
			}
		} else if f.enum != nil {
			w.checkValue(v, v.Value, f, prefix)
		}
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
		if f.enum != nil && !templated(r.Value) {
			w.checkValue(it, r.Value, f, prefix)
		}
	}
}

// intList checks a list of integers, which may also be one integer or a
// comma-separated string.
func (w *walker) intList(v *yaml.Node, f *field, prefix string) {
	var items []*yaml.Node
	switch v.Kind {
	case yaml.ScalarNode:
		for _, part := range strings.Split(v.Value, ",") {
			items = append(items, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: part, Line: v.Line, Column: v.Column})
		}
		if v.Tag != "!!str" {
			items = []*yaml.Node{v}
		}
	case yaml.SequenceNode:
		items = v.Content
	default:
		w.typeError(v, f, prefix)
		return
	}
	for _, it := range items {
		r := resolve(it)
		if r == nil || !w.spend() {
			continue
		}
		n, ok := weakInt(r)
		if !ok {
			w.reportf(it, diag.Error, "authelia-type", "write each entry as a whole number",
				"%soption '%s' must be a list of integers but an entry is %s", prefix, f.name, describe(r))
			continue
		}
		if f.enum != nil {
			w.checkValue(it, strconv.FormatInt(n, 10), f, prefix)
		}
	}
}

// checkAddressValue checks an address option as Authelia decodes it.
func (w *walker) checkAddressValue(v *yaml.Node, f *field, prefix string) {
	if !w.wantScalar(v, f, prefix) || v.Value == "" {
		return
	}
	if why := checkAddress(v.Value, f.addr, w.ver); why != "" {
		w.reportf(v, diag.Error, "authelia-address", addressHint(f.addr),
			"%soption '%s' with value '%s' is invalid: %s", prefix, f.name, v.Value, why)
	}
}

// addressHint shows the forms an address option takes.
func addressHint(a *addrSpec) string {
	switch a {
	case addrServer, addrMetrics:
		return "write '[tcp://]<hostname>:<port>[/<path>]' such as 'tcp://:9091', or 'unix:///path/to.sock'"
	case addrSQL:
		return "write '[tcp://]<hostname>[:<port>]' such as 'tcp://postgres:5432', or 'unix:///path/to.sock'"
	case addrLDAP:
		return "write 'ldap://<hostname>[:<port>]', 'ldaps://<hostname>[:<port>]' or 'ldapi:///path/to.sock'"
	case addrSMTP:
		return "write 'smtp://<hostname>:25', 'submission://<hostname>:587' or 'submissions://<hostname>:465'"
	case addrUDP:
		return "write '[udp://]<hostname>[:<port>]' such as 'udp://time.cloudflare.com:123'"
	}
	return ""
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
			w.reportf(p.value, diag.Error, "authelia-type", mappingHint(r),
				"%s%s: %s: must be a mapping but it's %s", prefix, f.name, p.key.Value, describe(r))
			continue
		}
		w.object(r, f.obj, path+"."+p.key.Value, prefix+f.name+": "+p.key.Value+": ")
	}
}

// objectLists checks a list of lists of mappings (an access control rule's
// query: the outer list is OR, the inner lists AND).
func (w *walker) objectLists(v *yaml.Node, f *field, path, prefix string) {
	if v.Kind != yaml.SequenceNode {
		w.typeError(v, f, prefix)
		return
	}
	for i, inner := range v.Content {
		r := resolve(inner)
		if isNull(r) {
			continue
		}
		if r.Kind != yaml.SequenceNode {
			w.reportf(inner, diag.Error, "authelia-type", "write each entry as a list of mappings",
				"%soption '%s' must be a list of lists of mappings but entry #%d is %s", prefix, f.name, i+1, describe(r))
			continue
		}
		sub := field{name: f.name, kind: kindObjects, obj: f.obj}
		w.objects(r, &sub, path+"["+strconv.Itoa(i)+"]", prefix)
	}
}

// namedStrings checks a mapping from chosen names to a string or a list
// of strings (definitions.network).
func (w *walker) namedStrings(v *yaml.Node, f *field, prefix string) {
	if !w.wantMapping(v, f, prefix) {
		return
	}
	for _, p := range pairs(v) {
		r := resolve(p.value)
		if isNull(r) || r.Kind == yaml.ScalarNode {
			continue
		}
		sub := field{name: f.name + ": " + p.key.Value, kind: kindStrings}
		w.list(r, &sub, prefix)
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

// checkDuration checks a duration: an integer number of seconds or a
// string in Authelia's duration syntax; refresh_interval also takes the
// words always, disable and never.
func (w *walker) checkDuration(v *yaml.Node, f *field, prefix string) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!int" {
		return
	}
	if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
		w.typeError(v, f, prefix)
		return
	}
	if f.kind == kindRefresh {
		switch v.Value {
		case "always", "disable", "never":
			return
		}
	}
	secs, ok := parseDuration(v.Value, w.ver)
	if !ok {
		hint := "write a number of seconds, or terms such as '1h', '30 minutes' or '1 week'"
		w.reportf(v, diag.Error, "authelia-type", hint,
			"%soption '%s' could not be parsed as a duration: '%s'", prefix, f.name, v.Value)
		return
	}
	if f.minDur > 0 && secs < float64(f.minDur) {
		w.reportf(v, diag.Error, "authelia-value-range", fmt.Sprintf("use %d seconds or more", f.minDur),
			"%soption '%s' has a value of '%s' but it must be %d seconds or more", prefix, f.name, v.Value, f.minDur)
	}
}

// typeError reports a value of the wrong shape.
func (w *walker) typeError(v *yaml.Node, f *field, prefix string) *diag.Diagnostic {
	return w.reportf(v, diag.Error, "authelia-type", "",
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
	if f.enum == nil || v.Value == "" && !f.enum.required || v.Tag == "!!null" {
		return
	}
	w.checkValue(v, v.Value, f, prefix)
}

// caseVariant returns the allowed value s spells in another case, or "".
func caseVariant(s string, allowed []string) string {
	for _, a := range allowed {
		if a != s && strings.EqualFold(a, s) {
			return a
		}
	}
	return ""
}

func (w *walker) checkValue(at *yaml.Node, s string, f *field, prefix string) {
	e := f.enum
	if !e.checks(w.ver) || e.accepts(s, w.ver) {
		return
	}
	if since, ok := e.since(s); ok && w.ver.less(since) {
		w.reportf(at, e.sev, e.code,
			"use one of "+quoteList(e.allowed(w.ver), "or")+", or test the guide with Authelia "+since.String()+" or later",
			"%svalue '%s' of option '%s' requires Authelia %s or later%s",
			prefix, s, f.name, since, w.tail)
		return
	}
	allowed := e.allowed(w.ver)
	hint := "use one of " + quoteList(allowed, "or")
	if best, clear := suggest(s, allowed); clear {
		hint = "did you mean '" + best + "'? The allowed values are " + quoteList(allowed, "and")
	}
	if meant := caseVariant(s, allowed); meant != "" && e.sev == diag.Warning {
		// Authelia only warns and keeps 'Code' as written; the
		// application still asks for 'code', which the client then does
		// not have: every login is refused.
		w.reportf(at, diag.Error, e.code, "write '"+meant+"'",
			"%soption '%s' has '%s', which is not '%s': Authelia keeps the value as written and refuses the '%s' requests of the application",
			prefix, f.name, s, meant, meant)
		return
	}
	if f.kind == kindStrings {
		w.reportf(at, e.sev, e.code, hint, "%soption '%s' must only have the values %s but the value '%s' is present",
			prefix, f.name, quoteList(allowed, "or"), s)
		return
	}
	w.reportf(at, e.sev, e.code, hint, "%soption '%s' must be one of %s but it's configured as '%s'",
		prefix, f.name, quoteList(allowed, "or"), s)
}
