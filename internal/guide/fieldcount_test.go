package guide

import (
	"testing"

	"gopkg.in/yaml.v3"
)

// TestFieldCount checks the size hint of Meta.Fields: one per key and per
// sequence item, nested ones too, at most the limit, aliases not followed.
func TestFieldCount(t *testing.T) {
	for _, tt := range []struct {
		src   string
		limit int
		want  int
	}{
		{"title: T\n", 256, 1},
		{"title: T\nseo:\n  title: S\n  noindex: false\n", 256, 4},
		{"images: [a, b, c]\naliases: []\n", 256, 5},
		{"a: &x {b: 1, c: 2}\nd: *x\n", 256, 4},
		{"a: {b: {c: {d: 1}}}\n", 2, 2},
		{"- 1\n- [2, 3]\n", 256, 4},
		{"scalar\n", 256, 0},
	} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(tt.src), &doc); err != nil {
			t.Fatal(err)
		}
		if got := fieldCount(doc.Content[0], tt.limit); got != tt.want {
			t.Errorf("fieldCount(%q, %d) = %d, want %d", tt.src, tt.limit, got, tt.want)
		}
	}
	if got := fieldCount(nil, 10); got != 0 {
		t.Errorf("fieldCount(nil) = %d", got)
	}
}

// TestSchemaPaths checks that every field's path is its parent's and its
// name joined, as the decoder would join them.
func TestSchemaPaths(t *testing.T) {
	var walk func(fields []field, path string)
	walk = func(fields []field, path string) {
		for _, f := range fields {
			if want := join(path, f.name); f.full != want {
				t.Errorf("field %q has path %q, want %q", f.name, f.full, want)
			}
			walk(f.fields, f.full)
		}
	}
	walk(schema, "")
}
