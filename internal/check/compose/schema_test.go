package compose

import (
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/schema"
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
