package yamlpos

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/source"
)

// TestReleaseReuse parses the shared YAML texts one after another into
// one slab, released after each, and compares every tree with one parsed
// into storage of its own; the released slab must hold nothing.
func TestReleaseReuse(t *testing.T) {
	texts := append([][]byte{[]byte("a: 1\nb: [x, y]\nc:\n  - d: e\n")}, sharedYAML(t)...)
	s := new(nodeSlab)
	n := 0
	for _, text := range texts {
		want, ok := fastParse(text)
		if !ok {
			continue
		}
		n++
		got, ok := fastParseIn(text, s)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: the tree parsed into the slab differs", text)
		}
		s.release()
		if slices.ContainsFunc(s.nodeStore[:cap(s.nodeStore)], func(n yaml.Node) bool { return !n.IsZero() || n.Kind != 0 }) ||
			slices.ContainsFunc(s.ptrStore[:cap(s.ptrStore)], func(p *yaml.Node) bool { return p != nil }) {
			t.Fatalf("%q: the released slab still holds the tree", text)
		}
	}
	if n < 2 {
		t.Fatalf("only %d texts took the fast path", n)
	}
}

// TestDocRelease checks Parse and Release through the API: a second
// document parsed after the first is released is whole, and a released
// Doc has no Root.
func TestDocRelease(t *testing.T) {
	f := source.NewFile("a.yaml", []byte("title: One\nseo:\n  title: S\n---\ntitle: Two\nweight: 7\n"))
	mid := bytes.Index(f.Content, []byte("---\n"))
	first, err := Parse(f, source.Span{Start: 0, End: mid})
	if err != nil || first.Root == nil {
		t.Fatalf("Parse: %v", err)
	}
	first.Release()
	first.Release() // a second Release does nothing
	if first.Root != nil {
		t.Error("Release left Root")
	}
	second, err := Parse(f, source.Span{Start: mid + 4, End: len(f.Content)})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want, _ := fastParse(f.Content[mid+4:])
	if !reflect.DeepEqual(second.Root, want.Content[0]) {
		t.Errorf("tree after a release = %+v, want %+v", second.Root, want.Content[0])
	}
	if sp := second.Span(second.Root.Content[3]); string(f.Content[sp.Start:sp.End]) != "7" {
		t.Errorf("Span of weight's value = %q", f.Content[sp.Start:sp.End])
	}
}
