package shortcode

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// TestLoadData: data files of every format, at any depth, become nested
// maps; files that do not decode are reported at their position and left
// out; other files are ignored.
func TestLoadData(t *testing.T) {
	data, l, err := loadData(mapFS(map[string]string{
		"a.json":           `{"x": 1, "list": [1, "two", {"k": true}]}`,
		"b.yaml":           "k: v\n1: one\nnested:\n  deep: [a, b]\n",
		"c.yml":            "- a\n- b\n",
		"d.toml":           "title = \"T\"\n[table]\nn = 2\n",
		"dir/e.json":       `{"e": "E"}`,
		"dir/sub/f.yaml":   "f: F\n",
		"same.json":        `{"file": 1, "shared": "file"}`,
		"same/g.json":      `"in the directory"`,
		"empty.yaml":       "",
		".hidden.json":     `{`,
		".git/config.json": `{`,
		"readme.md":        "# not data",
		"bad.json":         "{\n  \"a\": 1,\n  oops\n}",
		"bad.toml":         "a = 1\nb = \n",
		"bad.yaml":         "a: [1,\n",
	}), "data")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"a":     map[string]any{"x": 1.0, "list": []any{1.0, "two", map[string]any{"k": true}}},
		"b":     map[string]any{"k": "v", "1": "one", "nested": map[string]any{"deep": []any{"a", "b"}}},
		"c":     []any{"a", "b"},
		"d":     map[string]any{"title": "T", "table": map[string]any{"n": int64(2)}},
		"dir":   map[string]any{"e": map[string]any{"e": "E"}, "sub": map[string]any{"f": map[string]any{"f": "F"}}},
		"same":  map[string]any{"file": 1.0, "shared": "file", "g": "in the directory"},
		"empty": nil,
	}
	if !reflect.DeepEqual(data, want) {
		t.Errorf("data\n%#v\nwant\n%#v", data, want)
	}
	var got []string
	for _, d := range l {
		p := d.Start()
		got = append(got, fmt.Sprintf("%s:%d:%d %s", d.Filename(), p.Line, p.Column, d.Code))
	}
	if !slices.Equal(got, []string{"data/bad.json:3:3 shortcode-data", "data/bad.toml:2:5 shortcode-data", "data/bad.yaml:1:1 shortcode-data"}) {
		t.Errorf("diagnostics %v", got)
	}
}
