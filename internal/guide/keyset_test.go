package guide

import (
	"fmt"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestKeySet compares keySet with a map on sequences of keys that repeat,
// below and past the size at which it moves to a map.
func TestKeySet(t *testing.T) {
	for _, tc := range []struct{ n, distinct int }{{0, 1}, {5, 5}, {5, 2}, {16, 16}, {17, 17}, {40, 13}, {100, 100}} {
		var s keySet
		m := map[string]*yaml.Node{}
		for i := range tc.n {
			name := fmt.Sprint("k", i%tc.distinct)
			if got, want := s.find(name), m[name]; got != want {
				t.Fatalf("%+v: key %d: find(%q) = %p, want %p", tc, i, name, got, want)
			}
			if m[name] == nil {
				n := &yaml.Node{Value: name}
				s.add(name, n)
				m[name] = n
			}
		}
		for name, want := range m {
			if got := s.find(name); got != want {
				t.Fatalf("%+v: find(%q) at the end = %p, want %p", tc, name, got, want)
			}
		}
	}
}
