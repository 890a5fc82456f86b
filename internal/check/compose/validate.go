package compose

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hbollon/go-edlib"
	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/guide/yamlpos"
)

// maxLoads bounds the loader runs per document: after each loader error
// the offending value is removed and the loader runs again, so that one
// snippet yields every independent finding, not only the first.
const maxLoads = 8

// maxQuiet bounds the loader runs that end in a value set aside without a
// finding (see loader).
const maxQuiet = 64

// finding is one problem of a Compose document, on a yaml.v3 node of the
// snippet.
type finding struct {
	node *yaml.Node // the key or value it concerns
	code string
	msg  string
	hint string
	// rename, when set, is the key the node should be renamed to: a
	// machine fix, offered only for a clear near miss.
	rename string
	// fixMsg, when set, describes the fix instead of "rename the key".
	fixMsg string
}

// checker validates one Compose document.
type checker struct {
	sp   *spec
	root *yaml.Node
	skip map[*yaml.Node]bool // values removed after a finding
	// emptied holds the mappings and lists a removal left incomplete: a
	// loader error about one of them (a secret without its misspelt file)
	// is a consequence of a finding already made, not a second one.
	emptied map[*yaml.Node]bool
	out     []finding
}

// validate returns the findings for the Compose document root, a mapping.
func validate(sp *spec, root *yaml.Node) []finding {
	c := &checker{sp: sp, root: root, skip: map[*yaml.Node]bool{}, emptied: map[*yaml.Node]bool{}}
	m, sh, err := build(root, c.skip)
	if err != nil {
		return nil // too large to check: the syntax checker has its say
	}
	c.templates(sh)
	c.spacedEntries()
	c.references()
	if m, sh, err = build(root, c.skip); err != nil {
		return nil
	}
	c.schema(m, sh)
	c.loader()
	return c.out
}

// templates reports strings whose interpolation syntax compose rejects.
func (c *checker) templates(v *vnode) {
	if v == nil {
		return
	}
	if v.badTemplate != nil {
		c.skip[v.node] = true
		c.out = append(c.out, finding{
			node: v.node,
			code: "compose-interpolation",
			msg:  fmt.Sprintf("invalid interpolation in %s: compose cannot read this ${…} reference", keyName(v)),
			hint: "close the ${…} reference, or write $$ for a literal dollar sign",
		})
	}
	for _, k := range v.order {
		c.templates(v.keys[k])
	}
	for _, it := range v.items {
		c.templates(it)
	}
}

// schema reports every error of the Compose specification's schema.
func (c *checker) schema(m map[string]any, sh *vnode) {
	probs := c.sp.validateSchema(m)
	probs = c.knownKeys(probs)
	probs = c.misplacedServices(probs, sh)
	for _, p := range probs {
		v := resolve(sh, p.path)
		if v == nil {
			v = sh
		}
		c.skip[v.node] = true
		if len(p.path) > 0 {
			if parent := resolve(sh, p.path[:len(p.path)-1]); parent != nil {
				c.emptied[parent.target()] = true
			}
		}
		if p.msg == silent {
			continue
		}
		if f, ok := c.describe(p, v); ok {
			c.out = append(c.out, f)
		}
	}
}

// loader runs compose-go's loader until it accepts what is left, reporting
// each error it raises on the value it concerns.
func (c *checker) loader() {
	// A value that depends on the environment is set aside without a
	// finding and takes no load of maxLoads: compose-go meets such values
	// in its maps' order, which changes from run to run, and a snippet with
	// many of them would otherwise stop at a different finding each run.
	for loads, quiet := 0, 0; loads < maxLoads && quiet < maxQuiet; {
		m, sh, err := build(c.root, c.skip)
		if err != nil || !hasContent(m) {
			return
		}
		lerr := loadModel(m)
		if lerr == nil {
			return
		}
		v, msg := c.locate(m, sh, lerr)
		if v == sh || v == nil {
			c.out = append(c.out, finding{node: c.root, code: "compose-invalid", msg: msg,
				hint: "the Compose loader rejects this file: follow the message"})
			return
		}
		c.skip[v.node] = true
		if subtreeVars(v) || c.emptied[v.target()] {
			// The value depends on the environment, or lost a key
			// already reported. What holds it is incomplete now: an
			// error about it (configs.x needs a file, once its
			// external: ${VAR} is set aside) is not the file's.
			if p := parentOf(sh, v); p != nil {
				c.emptied[p.target()] = true
			}
			quiet++
			continue
		}
		loads++
		c.out = append(c.out, finding{
			node: valueNode(v),
			code: "compose-invalid",
			msg:  fmt.Sprintf("invalid %s: %s", keyName(v), msg),
			hint: "the Compose loader rejects this value: follow the message",
		})
	}
}

// hasContent reports whether m holds more than what the loader ignores.
func hasContent(m map[string]any) bool {
	for k := range m {
		if k != "version" && !strings.HasPrefix(k, "x-") {
			return true
		}
	}
	return false
}

// locate finds the value a loader error concerns: by the field name a
// decoding error carries, else by isolation: the deepest value that, alone
// in an otherwise empty file, makes the loader fail the same way.
func (c *checker) locate(m map[string]any, sh *vnode, err error) (*vnode, string) {
	if path, msg, ok := decodePath(err); ok {
		if v := resolveDotted(sh, path); v != nil {
			return v, strings.Join(strings.Fields(msg), " ")
		}
	}
	msg := loaderMessage(err)
	want := shape(msg)
	var path []string
	cur := sh
	for {
		next := ""
		for _, k := range childNames(cur) {
			e := loadModel(isolated(m, append(slices.Clip(path), k)))
			if e != nil && shape(loaderMessage(e)) == want {
				next = k
				break
			}
		}
		if next == "" {
			return cur, msg
		}
		path = append(path, next)
		cur = cur.child(next)
	}
}

// shape is a loader message without its digits, which isolating a list
// item changes (volumes.[3] becomes volumes.[0]).
func shape(msg string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return -1
		}
		return r
	}, msg)
}

func childNames(v *vnode) []string {
	if v.items != nil {
		names := make([]string, len(v.items))
		for i := range v.items {
			names[i] = fmt.Sprint(i)
		}
		return names
	}
	return v.order
}

// isolated returns the model holding only the value at path and what
// encloses it.
func isolated(v any, path []string) map[string]any {
	out, _ := isolate(v, path).(map[string]any)
	if out == nil {
		out = map[string]any{}
	}
	return out
}

func isolate(v any, path []string) any {
	if len(path) == 0 {
		return v
	}
	switch t := v.(type) {
	case map[string]any:
		return map[string]any{path[0]: isolate(t[path[0]], path[1:])}
	case []any:
		var i int
		if _, err := fmt.Sscan(path[0], &i); err == nil && i >= 0 && i < len(t) {
			return []any{isolate(t[i], path[1:])}
		}
	}
	return v
}

// resolve follows an exact path of keys and indices.
func resolve(v *vnode, path []string) *vnode {
	for _, seg := range path {
		v = v.child(seg)
		if v == nil {
			return nil
		}
	}
	return v
}

// resolveDotted follows a path whose segments may join several keys with
// dots (mapstructure writes services[web].labels.traefik.enable): at each
// mapping the longest key that the remaining segments spell wins.
func resolveDotted(v *vnode, segs []string) *vnode {
	for len(segs) > 0 && v != nil {
		matched := 0
		for n := len(segs); n >= 1; n-- {
			if c := v.child(strings.Join(segs[:n], ".")); c != nil {
				v, matched = c, n
				break
			}
		}
		if matched == 0 {
			return nil
		}
		segs = segs[matched:]
	}
	return v
}

// parentOf returns the mapping or list of the tree root that holds v, or
// nil.
func parentOf(root, v *vnode) *vnode {
	for _, k := range root.order {
		c := root.keys[k]
		if c == v {
			return root
		}
		if p := parentOf(c, v); p != nil {
			return p
		}
	}
	for _, it := range root.items {
		if it == v {
			return root
		}
		if p := parentOf(it, v); p != nil {
			return p
		}
	}
	return nil
}

// subtreeVars reports whether v or a value inside it refers to a variable.
func subtreeVars(v *vnode) bool {
	if v.vars {
		return true
	}
	for _, k := range v.order {
		if subtreeVars(v.keys[k]) {
			return true
		}
	}
	for _, it := range v.items {
		if subtreeVars(it) {
			return true
		}
	}
	return false
}

// keyName names v for messages: its key (quoted when not a plain word),
// or "ports entry" for an item of the list under ports.
func keyName(v *vnode) string {
	if v.key != nil {
		return quoteKey(v.name)
	}
	return v.name
}

// valueNode is where a finding about v's value goes: the scalar itself, or
// the key of a collection (a whole mapping is no place for a caret).
func valueNode(v *vnode) *yaml.Node {
	t := v.target()
	if v.key != nil && t != nil && (t.Kind == yaml.MappingNode || t.Kind == yaml.SequenceNode) {
		return v.key
	}
	return v.node
}

// knownKeys drops unknownKey problems about keys the specification does
// define at their place: when one key of a service is wrong, the schema's
// unevaluatedProperties also rejects its valid siblings.
func (c *checker) knownKeys(probs []problem) []problem {
	return slices.DeleteFunc(probs, func(p problem) bool {
		if p.kind != unknownKey || len(p.path) == 0 {
			return false
		}
		_, found := slices.BinarySearch(c.sp.vocabulary(p.path[:len(p.path)-1]), p.path[len(p.path)-1])
		return found
	})
}

// misplacedServices replaces the problems inside a "service" named like a
// service key (labels, environment…) by one unknownKey problem on its
// name: such an entry is a service key indented one level too shallow. A
// service left empty just above it (its keys were all dedented) is part of
// the same mistake.
func (c *checker) misplacedServices(probs []problem, sh *vnode) []problem {
	if len(probs) == 0 {
		return nil
	}
	svc := map[string]bool{}
	for _, k := range c.sp.vocabulary([]string{"services", "name"}) {
		svc[k] = true
	}
	services := sh.child("services")
	misplaced := func(p problem) bool {
		return len(p.path) >= 2 && p.path[0] == "services" && svc[p.path[1]] && services.child(p.path[1]) != nil
	}
	emptied := map[string]bool{} // services left empty by a misplaced key below them
	for _, p := range probs {
		if misplaced(p) {
			if prev := previousKey(services, p.path[1]); prev != "" && yamlpos.IsNull(services.child(prev).node) {
				emptied[prev] = true
			}
		}
	}
	var out []problem
	done := map[string]bool{}
	for _, p := range probs {
		switch {
		case misplaced(p):
			if !done[p.path[1]] {
				done[p.path[1]] = true
				out = append(out, problem{kind: unknownKey, path: p.path[:2], msg: "misplaced"})
			}
		case len(p.path) == 2 && p.path[0] == "services" && emptied[p.path[1]]:
			// removed without a finding of its own
			out = append(out, problem{kind: p.kind, path: p.path, msg: silent})
		default:
			out = append(out, p)
		}
	}
	return out
}

// silent marks a problem whose value is removed without a finding.
const silent = "silent"

// previousKey returns the key before k in mapping v, or "".
func previousKey(v *vnode, k string) string {
	i := slices.Index(v.order, k)
	if i <= 0 {
		return ""
	}
	return v.order[i-1]
}

// describe words a schema problem; ok is false when the value depends on
// a variable and so cannot be judged.
func (c *checker) describe(p problem, v *vnode) (finding, bool) {
	switch p.kind {
	case unknownKey:
		return c.unknown(p, v), true
	case wrongType:
		if v.vars && wantsScalar(p.want) {
			return finding{}, false
		}
		return wrongTypeFinding(p, v), true
	}
	if subtreeVars(v) {
		return finding{}, false
	}
	return finding{node: valueNode(v), code: "compose-invalid",
		msg:  fmt.Sprintf("invalid %s: %s", keyName(v), p.msg),
		hint: "the Compose specification rejects this value"}, true
}

func wantsScalar(want []string) bool {
	for _, w := range want {
		if w != "object" && w != "array" {
			return true
		}
	}
	return false
}

// unknown words an unknownKey problem, with a near miss from the keys the
// specification allows there, or the places where the key belongs.
func (c *checker) unknown(p problem, v *vnode) finding {
	key := p.path[len(p.path)-1]
	parent := p.path[:len(p.path)-1]
	node := v.key
	if node == nil {
		node = v.node
	}
	if p.msg == "misplaced" {
		return finding{node: node, code: "compose-unknown-key",
			msg:  fmt.Sprintf("%s is indented as a service: it is a key of a service", quoteKey(key)),
			hint: fmt.Sprintf("indent %s under the service it configures", quoteKey(key))}
	}
	f := finding{node: node, code: "compose-unknown-key",
		msg: fmt.Sprintf("unknown key %s %s", quoteKey(key), where(parent))}
	vocab := c.sp.vocabulary(parent)
	if s := yamlpos.Suggest(key, vocab); s != "" {
		f.hint = fmt.Sprintf("did you mean %s?", s)
		if clear, ok := clearNearMiss(key, vocab); ok && clear == s && v.key != nil {
			f.rename = s
		}
		return f
	}
	if places := c.sp.places(key); len(places) > 0 {
		slices.SortStableFunc(places, func(a, b string) int {
			return cmpBool(strings.HasPrefix(b, "services."), strings.HasPrefix(a, "services."))
		})
		f.hint = fmt.Sprintf("%s is a key of %s: check its indentation", quoteKey(key), describePlaces(places))
		return f
	}
	f.hint = "the Compose specification defines no such key here (custom keys start with x-)"
	return f
}

// clearNearMiss returns the candidate at the smallest optimal string
// alignment distance from key (a transposition counts one edit), when it
// is at most 2 edits away (3 for keys of 12 bytes or more) and strictly
// closer than any other: only then is renaming safe to apply unread.
func clearNearMiss(key string, candidates []string) (string, bool) {
	best, bestD, second := "", -1, -1
	for _, c := range candidates {
		d := edlib.OSADamerauLevenshteinDistance(strings.ToLower(key), strings.ToLower(c))
		switch {
		case bestD < 0 || d < bestD:
			best, second, bestD = c, bestD, d
		case second < 0 || d < second:
			second = d
		}
	}
	limit := 2
	if len(key) >= 12 {
		limit = 3
	}
	return best, bestD >= 0 && bestD <= limit && (second < 0 || bestD < second)
}

// where describes the mapping at path for a message.
func where(path []string) string {
	switch {
	case len(path) == 0:
		return "at the top level"
	case len(path) == 2 && path[0] == "services":
		return "in service " + quoteKey(path[1])
	}
	return "in " + strings.Join(path, ".")
}

// describePlaces lists at most three places, in words.
func describePlaces(places []string) string {
	var words []string
	for _, p := range places {
		w := p
		switch {
		case p == "services.*":
			w = "a service"
		case strings.HasPrefix(p, "services.*."):
			w = "a service's " + strings.TrimPrefix(p, "services.*.")
		case strings.HasSuffix(p, ".*"):
			w = "an entry of " + strings.TrimSuffix(p, ".*")
		}
		if !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	if len(words) > 3 {
		words = append(words[:3], "…")
	}
	return strings.Join(words, ", ")
}

// wrongTypeFinding words a wrongType problem; a string where environment
// or labels want a mapping or list gets its own explanation, since YAML
// folds NAME=value lines written without "- " into one string.
func wrongTypeFinding(p problem, v *vnode) finding {
	key := keyName(v)
	t := v.target()
	got := yamlpos.KindName(t)
	f := finding{node: valueNode(v), code: "compose-type",
		msg:  fmt.Sprintf("%s must be %s, not %s", key, humanTypes(p.want), article(got)),
		hint: fmt.Sprintf("write %s here", humanTypes(p.want))}
	if durationKeys[v.name] && slices.Equal(p.want, []string{"string"}) {
		f.hint = "write a duration with its unit, such as '30s' or '1m30s'"
	}
	if t != nil && t.Kind == yaml.ScalarNode && t.ShortTag() == "!!str" && slices.Contains(p.want, "object") && slices.Contains(p.want, "array") && strings.Contains(t.Value, "=") {
		f.msg = fmt.Sprintf("%s is one string: YAML folds NAME=value lines without \"- \" into a single value", key)
		f.hint = "write each entry as a list item (- NAME=value) or as a mapping (NAME: value)"
		f.node = v.node
	}
	return f
}

// durationKeys are the keys whose value is a duration string.
var durationKeys = map[string]bool{"interval": true, "timeout": true, "start_period": true, "start_interval": true, "stop_grace_period": true}

// article prefixes a kind name with its article: "an integer".
func article(kind string) string {
	if kind == "null" {
		return "empty"
	}
	if strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}

// typeOrder is the order humanTypes lists types in.
var typeOrder = []string{"object", "array", "string", "number", "integer", "boolean", "null"}

// humanTypes words JSON schema types: "a mapping or a list".
func humanTypes(want []string) string {
	names := map[string]string{"object": "a mapping", "array": "a list", "string": "a string",
		"number": "a number", "integer": "an integer", "boolean": "a boolean", "null": "empty"}
	var out []string
	for _, w := range typeOrder {
		if !slices.Contains(want, w) {
			continue
		}
		n := names[w]
		if n == "" {
			n = w
		}
		if w == "integer" && slices.Contains(want, "number") {
			continue
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	switch len(out) {
	case 0:
		return "another type"
	case 1:
		return out[0]
	}
	return strings.Join(out[:len(out)-1], ", ") + " or " + out[len(out)-1]
}

// cmpBool orders true before false when called as cmpBool(b, a).
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
