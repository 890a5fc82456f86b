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
