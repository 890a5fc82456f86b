package compose

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// The Compose specification's JSON schema is the one compose-go embeds
// (schema.Schema) and validates every file against (here as specJSON). compose-go reports
// only the most specific of its errors, as text; compiling the same schema
// here gives every error with its instance location as a structural path,
// which is what places each finding on its key or value.

// spec is the compiled schema and its raw JSON, for vocabularies.
type spec struct {
	compiled *jsonschema.Schema
	raw      map[string]any
}

// specJSON is compose-go's schema (schema.Schema) without its
// "description" annotations: the same schema to the validator, which
// ignores them, and half the text to decode in every run that checks a
// Compose snippet (the descriptions are 57 % of it). TestSpecJSON derives
// it from schema.Schema again and fails when compose-go's schema changes;
// `go test ./internal/check/compose -run TestSpecJSON -update` rewrites it.
// (The file is derived from compose-go's compose-spec.json, Apache License
// 2.0, like the rest of compose-go that guidec links.)
//
//go:embed compose-spec.min.json
var specJSON string

// specURL is where the compiler finds the schema. The compiler checks every
// schema against its draft's meta-schema, except those it takes for
// meta-schemas by their json-schema.org URL: a third of the compile time,
// spent at every start on a schema fixed at build time. Naming it under
// json-schema.org skips that check; TestSpecIsValid runs it once, in the
// tests, on the same schema.
const specURL = "http://json-schema.org/x-guidec/compose-spec.json"

// loadSpec compiles the schema once per process; it is immutable after.
var loadSpec = sync.OnceValues(compileSpec)

// compileSpec compiles compose-go's schema lazily: each subschema when a
// validation first reaches it. A guide's snippets reach a few dozen of
// its ~1,400 subschemas, and compiling them all was the largest single
// cost of checking one guide. TestLazySpec compiles it eagerly, which
// reports any error in it, and compares both on every test snippet.
func compileSpec() (*spec, error) { return compileSpecWith((*jsonschema.Compiler).CompileLazily) }

// compileSpecWith compiles compose-go's schema with compile.
func compileSpecWith(compile func(*jsonschema.Compiler, string) (*jsonschema.Schema, error)) (*spec, error) {
	raw, err := jsonschema.DecodeJSON([]byte(specJSON))
	if err != nil {
		return nil, fmt.Errorf("compose schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(specURL, raw); err != nil {
		return nil, fmt.Errorf("compose schema: %w", err)
	}
	// compose-go registers the same format checker (schema.durationFormatChecker).
	c.RegisterFormat(&jsonschema.Format{Name: "duration", Validate: func(v any) error {
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("expected string")
		}
		_, err := time.ParseDuration(s)
		return err
	}})
	compiled, err := compile(c, specURL)
	if err != nil {
		return nil, fmt.Errorf("compose schema: %w", err)
	}
	m, _ := raw.(map[string]any)
	return &spec{compiled: compiled, raw: m}, nil
}

// problemKind classifies a schema or loader error.
type problemKind int

const (
	unknownKey  problemKind = iota // a key the schema does not allow here
	wrongType                      // a value of the wrong shape or type
	badValue                       // a value the spec or the loader rejects
	badTemplate                    // interpolation syntax compose cannot parse
)

// problem is one error, located by its path in the model.
type problem struct {
	kind problemKind
	path []string // instance location; for unknownKey, ends with the key
	want []string // wrongType: the JSON types accepted ("object", "array"…)
	msg  string   // badValue, badTemplate: what is wrong, lowercase
}

// validateSchema returns every schema error in m.
func (sp *spec) validateSchema(m map[string]any) []problem {
	var v any = m
	if !jsonForm(m) {
		// Like compose-go, validate the JSON form: the validator accepts
		// no other Go types, and JSON has no invalid UTF-8.
		b, err := json.Marshal(m)
		if err != nil {
			return []problem{{kind: badValue, msg: "cannot be represented as JSON: " + err.Error()}}
		}
		if err := json.Unmarshal(b, &v); err != nil {
			return []problem{{kind: badValue, msg: err.Error()}}
		}
	}
	return sp.problems(v)
}

// problems returns the schema errors of v, a value in JSON form.
func (sp *spec) problems(v any) []problem {
	verr, ok := sp.compiled.Validate(v).(*jsonschema.ValidationError)
	if !ok || verr == nil {
		return nil
	}
	return dedupe(flatten(verr, nil))
}

// jsonForm reports whether v is what decoding its JSON form would give,
// but for numbers, which the validator compares by value whatever their
// Go type: maps of strings, slices, strings, booleans, nil and numbers,
// every string and key valid UTF-8. The model the builder makes is
// (scalar gives no other types), so validateSchema skips the round trip
// through JSON, which cost as much as the validation.
func jsonForm(v any) bool {
	switch v := v.(type) {
	case nil, bool, int, float64:
		return true
	case string:
		return utf8.ValidString(v)
	case []any:
		for _, e := range v {
			if !jsonForm(e) {
				return false
			}
		}
		return true
	case map[string]any:
		for k, e := range v {
			if !utf8.ValidString(k) || !jsonForm(e) {
				return false
			}
		}
		return true
	}
	return false
}

// flatten turns a validation error tree into problems. Where alternatives
// (oneOf, anyOf) all fail, it follows the one that got furthest into the
// value, as compose-go does; when none got past the value itself, the
// value has the wrong type for all of them and one wrongType problem lists
// the types they accept.
func flatten(e *jsonschema.ValidationError, out []problem) []problem {
	switch k := e.ErrorKind.(type) {
	case *kind.OneOf, *kind.AnyOf:
		return alternatives(e, out)
	case *kind.AdditionalProperties:
		for _, p := range k.Properties {
			out = append(out, problem{kind: unknownKey, path: appendPath(e.InstanceLocation, p)})
		}
		return out
	case *kind.FalseSchema:
		return append(out, problem{kind: unknownKey, path: e.InstanceLocation})
	case *kind.Type:
		return append(out, problem{kind: wrongType, path: e.InstanceLocation, want: k.Want})
	}
	if len(e.Causes) == 0 {
		p := message.NewPrinter(language.English)
		return append(out, problem{kind: badValue, path: e.InstanceLocation, msg: e.ErrorKind.LocalizedString(p)})
	}
	for _, c := range e.Causes {
		out = flatten(c, out)
	}
	return out
}

func alternatives(e *jsonschema.ValidationError, out []problem) []problem {
	var best *jsonschema.ValidationError
	bestDepth := -1
	var want []string
	for _, c := range e.Causes {
		d := depth(c)
		if d > bestDepth {
			best, bestDepth = c, d
		}
		want = append(want, typesAt(c, len(e.InstanceLocation))...)
	}
	if best == nil {
		return out
	}
	if bestDepth <= len(e.InstanceLocation) && len(want) > 0 {
		slices.Sort(want)
		return append(out, problem{kind: wrongType, path: e.InstanceLocation, want: slices.Compact(want)})
	}
	return flatten(best, out)
}

// depth is how far into the value the most specific leaf of e lies; an
// unknown key counts one deeper than the mapping holding it.
func depth(e *jsonschema.ValidationError) int {
	d := len(e.InstanceLocation)
	if _, ok := e.ErrorKind.(*kind.AdditionalProperties); ok {
		d++
	}
	for _, c := range e.Causes {
		d = max(d, depth(c))
	}
	return d
}

// typesAt collects the types wanted by type errors of e's tree at instance
// depth d.
func typesAt(e *jsonschema.ValidationError, d int) []string {
	var out []string
	if k, ok := e.ErrorKind.(*kind.Type); ok && len(e.InstanceLocation) == d {
		out = append(out, k.Want...)
	}
	for _, c := range e.Causes {
		out = append(out, typesAt(c, d)...)
	}
	return out
}

func appendPath(p []string, s string) []string {
	return append(slices.Clip(p), s)
}

// dedupe drops repeated problems and those inside a value that already
// has a problem of its own (a wrong type explains everything below it).
func dedupe(ps []problem) []problem {
	var out []problem
	seen := map[string]bool{}
	for _, p := range ps {
		k := fmt.Sprint(p.kind, "\x00", strings.Join(p.path, "\x00"))
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, p)
	}
	return slices.DeleteFunc(out, func(p problem) bool {
		for _, q := range out {
			if q.kind == wrongType && len(q.path) < len(p.path) && slices.Equal(q.path, p.path[:len(q.path)]) {
				return true
			}
		}
		return false
	})
}

// vocabulary returns the keys the schema defines for the mapping at path
// (instance segments; list indices as digits), sorted.
func (sp *spec) vocabulary(path []string) []string {
	nodes := sp.at(path)
	set := map[string]bool{}
	for _, n := range nodes {
		sp.properties(n, set, 0)
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// at returns the subschemas that apply to the value at path.
func (sp *spec) at(path []string) []map[string]any {
	cur := sp.expand(sp.raw, 0)
	for _, seg := range path {
		var next []map[string]any
		for _, s := range cur {
			for _, c := range childSchemas(s, seg) {
				next = append(next, sp.expand(c, 0)...)
			}
		}
		cur = next
	}
	return cur
}

// expand returns s and every subschema it combines with ($ref, allOf,
// anyOf, oneOf), which all apply to the same value.
func (sp *spec) expand(s map[string]any, d int) []map[string]any {
	if s == nil || d > 16 {
		return nil
	}
	out := []map[string]any{s}
	if ref, ok := s["$ref"].(string); ok {
		out = append(out, sp.expand(sp.resolve(ref), d+1)...)
	}
	for _, kw := range []string{"allOf", "anyOf", "oneOf"} {
		list, _ := s[kw].([]any)
		for _, c := range list {
			cm, _ := c.(map[string]any)
			out = append(out, sp.expand(cm, d+1)...)
		}
	}
	return out
}

// resolve follows a local reference such as "#/$defs/service".
func (sp *spec) resolve(ref string) map[string]any {
	ptr, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	var cur any = sp.raw
	for _, part := range strings.Split(ptr, "/") {
		m, _ := cur.(map[string]any)
		cur = m[part]
	}
	m, _ := cur.(map[string]any)
	return m
}

// childSchemas returns the schemas s gives the entry or item seg.
func childSchemas(s map[string]any, seg string) []map[string]any {
	var out []map[string]any
	if props, ok := s["properties"].(map[string]any); ok {
		if c, ok := props[seg].(map[string]any); ok {
			out = append(out, c)
		}
	}
	if pats, ok := s["patternProperties"].(map[string]any); ok {
		for pat, c := range pats {
			if re, err := regexp.Compile(pat); err == nil && re.MatchString(seg) {
				if cm, ok := c.(map[string]any); ok {
					out = append(out, cm)
				}
			}
		}
	}
	if c, ok := s["additionalProperties"].(map[string]any); ok {
		out = append(out, c)
	}
	if c, ok := s["items"].(map[string]any); ok && isIndex(seg) {
		out = append(out, c)
	}
	return out
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// properties adds the property names of s (and what it combines with).
func (sp *spec) properties(s map[string]any, set map[string]bool, d int) {
	for _, e := range sp.expand(s, d) {
		if props, ok := e["properties"].(map[string]any); ok {
			for k := range props {
				set[k] = true
			}
		}
	}
}

// places returns the instance paths (with * for any name or index) of the
// mappings the schema gives key, shallowest first, for "belongs elsewhere"
// hints: labels is a key of services.*, services.*.deploy, networks.*…
func (sp *spec) places(key string) []string {
	var out []string
	queue := []placeItem{{"", sp.expand(sp.raw, 0)}}
	for d := 0; d < 4 && len(queue) > 0; d++ {
		var next []placeItem
		for _, it := range queue {
			set := map[string]bool{}
			for _, s := range it.schemas {
				sp.properties(s, set, 0)
			}
			if set[key] && it.path != "" {
				out = append(out, it.path)
			}
			next = append(next, sp.children(it.path, it.schemas, set)...)
		}
		queue = next
	}
	return out
}

// children lists the mapping-valued entries below path for places.
func (sp *spec) children(path string, schemas []map[string]any, props map[string]bool) []placeItem {
	var out []placeItem
	add := func(name string, seg string) {
		var cs []map[string]any
		for _, s := range schemas {
			for _, c := range childSchemas(s, seg) {
				cs = append(cs, sp.expand(c, 0)...)
			}
		}
		if len(cs) > 0 {
			out = append(out, placeItem{strings.TrimPrefix(path+"."+name, "."), cs})
		}
	}
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		add(k, k)
	}
	for _, s := range schemas {
		if _, ok := s["patternProperties"].(map[string]any); ok {
			add("*", "name")
			break
		}
	}
	return out
}

// placeItem is a mapping of the schema reached by places: its instance
// path and the subschemas that apply to it.
type placeItem struct {
	path    string
	schemas []map[string]any
}
