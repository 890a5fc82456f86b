package compose

import (
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/compose-spec/compose-go/v2/schema"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/testenv"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestSpecIsValid runs the meta-schema check that compileSpec skips by
// naming the schema under json-schema.org (see specURL): compose-go's
// schema, fixed at build time, must be a valid schema of its draft.
func TestSpecIsValid(t *testing.T) {
	raw, err := jsonschema.UnmarshalJSON(strings.NewReader(schema.Schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const url = "https://guidec.invalid/compose-spec.json" // checked like any schema
	if err := c.AddResource(url, raw); err != nil {
		t.Fatal(err)
	}
	c.RegisterFormat(&jsonschema.Format{Name: "duration", Validate: func(any) error { return nil }})
	if _, err := c.Compile(url); err != nil {
		t.Fatalf("compose-go's schema does not pass its meta-schema: %v", err)
	}
	// And the check does run for that URL: a schema that breaks its
	// meta-schema fails to compile there.
	bad := jsonschema.NewCompiler()
	if err := bad.AddResource(url, map[string]any{"type": 12}); err != nil {
		t.Fatal(err)
	}
	if _, err := bad.Compile(url); err == nil {
		t.Fatal("a schema with \"type\": 12 compiled: the meta-schema check did not run")
	}
	if _, err := compileSpec(); err != nil {
		t.Fatal(err)
	}
}

// TestPrepare: the schema is compiled ahead only for a page that may hold
// a Compose file.
func TestPrepare(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool
	}{
		{"# Guide\n\n```yaml\nservices:\n  app:\n    image: x\n```\n", true},
		{"# Guide\n\n```yaml\nServices:\n  app: {}\n```\n", true},
		{"# Guide\n\n```yaml\nidentity_providers:\n  oidc: {}\n```\n", false},
		{"", false},
	} {
		if got := Checker.Prepare([]byte(c.src)); got != c.want {
			t.Errorf("Prepare(%q) = %v, want %v", c.src, got, c.want)
		}
	}
}

var update = flag.Bool("update", false, "rewrite compose-spec.min.json from compose-go's schema")

// TestSpecJSON checks that specJSON is compose-go's schema without its
// "description" annotations and nothing else; -update rewrites it.
func TestSpecJSON(t *testing.T) {
	full, err := jsonschema.UnmarshalJSON(strings.NewReader(schema.Schema))
	if err != nil {
		t.Fatal(err)
	}
	want := stripDescriptions(full)
	if *update {
		b, err := json.Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("compose-spec.min.json", append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("rewrote compose-spec.min.json; run the tests again to use it (it is embedded)")
		return
	}
	got, err := jsonschema.UnmarshalJSON(strings.NewReader(specJSON))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("compose-spec.min.json is not compose-go's schema without descriptions: run go test -run TestSpecJSON -update")
	}
	if strings.Contains(specJSON, `"description"`) {
		t.Error(`compose-spec.min.json still holds a "description"`)
	}
	if n := strings.Count(schema.Schema, `"description"`); n < 100 {
		t.Errorf("compose-go's schema holds %d descriptions: the test strips nothing", n)
	}
}

// TestStripDescriptions: only the annotation of a schema goes; a property
// named "description", and data that looks like a schema (enum, const,
// default, examples), stay.
func TestStripDescriptions(t *testing.T) {
	in := map[string]any{
		"description": "root",
		"properties": map[string]any{
			"description": map[string]any{"type": "string", "description": "a property named description"},
			"x":           map[string]any{"enum": []any{map[string]any{"description": "data"}}, "default": map[string]any{"description": "data"}},
		},
		"definitions": map[string]any{"d": map[string]any{"oneOf": []any{map[string]any{"description": "alt", "const": map[string]any{"description": "data"}}}}},
		"items":       []any{map[string]any{"description": "tuple item", "examples": []any{map[string]any{"description": "data"}}}},
		"patternProperties": map[string]any{
			"^x-": map[string]any{"description": "ext", "additionalProperties": map[string]any{"description": "ap"}},
		},
	}
	want := map[string]any{
		"properties": map[string]any{
			"description": map[string]any{"type": "string"},
			"x":           map[string]any{"enum": []any{map[string]any{"description": "data"}}, "default": map[string]any{"description": "data"}},
		},
		"definitions": map[string]any{"d": map[string]any{"oneOf": []any{map[string]any{"const": map[string]any{"description": "data"}}}}},
		"items":       []any{map[string]any{"examples": []any{map[string]any{"description": "data"}}}},
		"patternProperties": map[string]any{
			"^x-": map[string]any{"additionalProperties": map[string]any{}},
		},
	}
	if got := stripDescriptions(in); !reflect.DeepEqual(got, want) {
		t.Errorf("stripDescriptions =\n%v\nwant\n%v", got, want)
	}
}

// stripDescriptions returns the JSON schema s without the "description"
// annotation of any schema in it: it follows the keywords whose values are
// schemas (draft 7 and later) and copies every other value as it is.
func stripDescriptions(s any) any {
	m, ok := s.(map[string]any)
	if !ok {
		return s // true, false
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		switch k {
		case "description":
			if _, ok := v.(string); ok {
				continue
			}
			out[k] = v
		case "properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies":
			named, ok := v.(map[string]any)
			if !ok {
				out[k] = v
				continue
			}
			c := make(map[string]any, len(named))
			for n, sub := range named {
				c[n] = stripDescriptions(sub) // a dependencies array is no map: kept
			}
			out[k] = c
		case "allOf", "anyOf", "oneOf", "prefixItems", "items":
			if list, ok := v.([]any); ok {
				c := make([]any, len(list))
				for i, sub := range list {
					c[i] = stripDescriptions(sub)
				}
				out[k] = c
				continue
			}
			out[k] = stripDescriptions(v)
		case "not", "if", "then", "else", "additionalProperties", "additionalItems", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems", "contentSchema":
			out[k] = stripDescriptions(v)
		default:
			out[k] = v
		}
	}
	return out
}

// TestLazySpec compiles the schema eagerly, which reports an error in any
// subschema, and checks that the lazily compiled schema the checker uses
// finds the same on every test snippet and every Compose snippet of the
// corpora: with a schema compiled anew for each snippet (each one's
// subschemas compiled cold) and with one shared by all, as in a run.
func TestLazySpec(t *testing.T) {
	eager, err := compileSpecWith((*jsonschema.Compiler).Compile)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	shared, err := compileSpec()
	if err != nil {
		t.Fatal(err)
	}
	snips := testSnippets(t)
	n := 0
	for _, s := range snips {
		if !yamlish(s) || !mayBeCompose(s) {
			continue
		}
		n++
		want := checkSnippet(eager, s)
		fresh, err := compileSpec()
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range []*spec{fresh, shared} {
			if got := checkSnippet(sp, s); !reflect.DeepEqual(got, want) {
				t.Errorf("%s snippet %d: lazily compiled schema finds %v, eagerly compiled %v", s.File.Name, s.Index, got, want)
			}
		}
		if err := fresh.compiled.LazyError(); err != nil {
			t.Fatal(err)
		}
	}
	// The schema is decoded without encoding/json; it must read the same.
	want, err := jsonschema.UnmarshalJSON(strings.NewReader(specJSON))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := jsonschema.DecodeJSON([]byte(specJSON)); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("DecodeJSON reads the schema otherwise than UnmarshalJSON (%v)", err)
	}
	if err := shared.compiled.LazyError(); err != nil {
		t.Fatal(err)
	}
	if n < len(defects) {
		t.Fatalf("only %d Compose snippets compared", n)
	}

	// Workers share one lazily compiled schema: validations on several
	// goroutines compile its subschemas concurrently (run with -race).
	concurrent, err := compileSpec()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range snips {
				s := snips[(i+w*len(snips)/4)%len(snips)]
				if !yamlish(s) || !mayBeCompose(s) {
					continue
				}
				if got, want := checkSnippet(concurrent, s), checkSnippet(eager, s); !reflect.DeepEqual(got, want) {
					t.Errorf("%s snippet %d, concurrently: %v, eagerly %v", s.File.Name, s.Index, got, want)
				}
			}
		}()
	}
	wg.Wait()
}

// TestJSONForm requires the model of every test snippet and every
// Compose snippet of the corpora to be in JSON form, and the schema to
// find in it what it finds in the model's round trip through JSON, which
// validateSchema skips for such models; and a model that is not in JSON
// form to take the round trip.
func TestJSONForm(t *testing.T) {
	sp, err := compileSpec()
	if err != nil {
		t.Fatal(err)
	}
	snips := testSnippets(t)
	n := 0
	for _, s := range snips {
		if !yamlish(s) || !mayBeCompose(s) {
			continue
		}
		for _, root := range snippetDocuments(s) {
			if !isCompose(s, root) {
				continue
			}
			m, _, err := build(root, nil)
			if err != nil {
				continue
			}
			n++
			if !jsonForm(m) {
				t.Errorf("%s snippet %d: the model is not in JSON form", s.File.Name, s.Index)
				continue
			}
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			var v any
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatal(err)
			}
			if got, want := sp.validateSchema(m), sp.problems(v); !reflect.DeepEqual(got, want) {
				t.Errorf("%s snippet %d: the model gives %v, its JSON form %v", s.File.Name, s.Index, got, want)
			}
		}
	}
	if n < len(defects) {
		t.Fatalf("only %d Compose documents compared", n)
	}
	for _, v := range []any{map[string]any{"a\xff": 1}, map[string]any{"a": "\xff"}, []any{int8(1)}, map[string]any{"a": []string{"x"}}} {
		if jsonForm(v) {
			t.Errorf("jsonForm(%#v) is true", v)
		}
	}
	bad := map[string]any{"services": map[string]any{"app": map[string]any{"image": "a\xffb", "restart": 7}}}
	if got := sp.validateSchema(bad); len(got) == 0 {
		t.Errorf("a model with invalid UTF-8 and a restart number: no problem found")
	}
}

// testSnippets returns the snippets of the defect table's guides and of
// the corpora's guides, in a fixed order.
func testSnippets(t *testing.T) []*snippet.Snippet {
	t.Helper()
	var snips []*snippet.Snippet
	for _, c := range defects {
		g, _ := embed(c.body, false, false)
		_, s := testenv.ScanGuide("guide.md", []byte(g))
		snips = append(snips, s...)
	}
	docs, _ := corpora(t)
	for _, name := range sortedKeys(docs) {
		snips = append(snips, docs[name]...)
	}
	return snips
}
