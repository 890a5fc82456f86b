package yamlpos

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/hbollon/go-edlib"
)

// Deref follows an alias to the node it names; other nodes are returned as
// they are.
func Deref(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// IsNull reports whether n is absent, empty or an explicit null.
func IsNull(n *yaml.Node) bool {
	n = Deref(n)
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// KindName describes n for messages: "string", "boolean", "integer",
// "number", "date", "null", "list" or "mapping".
func KindName(n *yaml.Node) string {
	n = Deref(n)
	if n == nil {
		return "null"
	}
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!bool":
			return "boolean"
		case "!!int":
			return "integer"
		case "!!float":
			return "number"
		case "!!timestamp":
			return "date"
		case "!!null":
			return "null"
		}
		return "string"
	}
	return "value"
}

// String returns a scalar's text. Numbers, booleans and dates are accepted
// as their literal text (a title may be "2048"), null is "". ok is false
// for lists and mappings.
func String(n *yaml.Node) (s string, ok bool) {
	n = Deref(n)
	switch {
	case IsNull(n):
		return "", true
	case n.Kind == yaml.ScalarNode:
		return n.Value, true
	}
	return "", false
}

// Bool returns a boolean scalar: YAML's true and false, or a quoted
// "true"/"false" (any case). YAML 1.1 spellings such as yes, on and y are
// strings in YAML 1.2 and rejected, so that `draft: yes` cannot silently
// mean something else to another tool.
func Bool(n *yaml.Node) (v, ok bool) {
	n = Deref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return false, false
	}
	if n.Tag != "!!bool" && n.Tag != "!!str" {
		return false, false
	}
	switch strings.ToLower(n.Value) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// Int returns an integer scalar that fits in an int. Quoted decimal strings
// are accepted, as Hugo does; floats are not (Hugo would truncate them).
func Int(n *yaml.Node) (int, bool) {
	n = Deref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return 0, false
	}
	switch n.Tag {
	case "!!int":
		if plainDecimal(n.Value) {
			// What yaml.v3 decodes it to, without building a decoder
			// (a weight on every page).
			v, err := strconv.Atoi(n.Value)
			return v, err == nil
		}
		var v int64
		if err := n.Decode(&v); err != nil || v > math.MaxInt || v < math.MinInt {
			return 0, false
		}
		return int(v), true
	case "!!str":
		v, err := strconv.Atoi(strings.TrimSpace(n.Value))
		return v, err == nil
	}
	return 0, false
}

// plainDecimal reports whether s is an optional sign and a decimal number
// of at most 18 digits without a leading zero (or "0"): an !!int whose value
// yaml.v3 reads as strconv.Atoi does, fitting in an int64 whatever its
// digits. Others (0x1f, 0o17, 0755, 1_000, …) are left to yaml.v3.
func plainDecimal(s string) bool {
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 18 || s[0] == '0' && len(s) > 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Strings returns a list of scalars. A single scalar is accepted as a list
// of one, as Hugo accepts `aliases: /old/`; null is the empty list. It
// returns the item nodes (for positions) and the index of the first item
// that is not a scalar, or -1.
func Strings(n *yaml.Node) (items []*yaml.Node, bad int, ok bool) {
	d := Deref(n)
	switch {
	case IsNull(d):
		return nil, -1, true
	case d.Kind == yaml.ScalarNode:
		return []*yaml.Node{n}, -1, true
	case d.Kind != yaml.SequenceNode:
		return nil, -1, false
	}
	for i, it := range d.Content {
		if _, ok := String(it); !ok || IsNull(it) {
			return d.Content, i, true
		}
	}
	return d.Content, -1, true
}

// ToAny converts n to plain Go values (map[string]any, []any, string,
// bool, int, float64, nil) for templates. Keys are stringified and passed
// through key (nil keeps them as written). Every node
// visited, aliases included, costs one unit of *budget; when it runs out
// ToAny returns ErrTooLarge, which is how a billion-laughs document stays
// cheap.
func ToAny(n *yaml.Node, budget *int, key func(string) string) (any, error) {
	*budget--
	if *budget < 0 {
		return nil, ErrTooLarge
	}
	n = Deref(n)
	if n == nil {
		return nil, nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		return mappingToAny(n, budget, key)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := ToAny(c, budget, key)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	return scalarToAny(n), nil
}

func mappingToAny(n *yaml.Node, budget *int, key func(string) string) (any, error) {
	out := make(map[string]any, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, _ := String(n.Content[i])
		if key != nil {
			k = key(k)
		}
		v, err := ToAny(n.Content[i+1], budget, key)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

func scalarToAny(n *yaml.Node) any {
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		if v, ok := Bool(n); ok {
			return v
		}
	case "!!int":
		if v, ok := Int(n); ok {
			return v
		}
	case "!!float":
		var f float64
		if err := n.Decode(&f); err == nil {
			return f
		}
	}
	return n.Value
}

// Suggest returns the candidate closest to want by edit distance (ignoring
// case), or "" when none is close enough to be a likely typo.
func Suggest(want string, candidates []string) string {
	// Ties go to the first candidate in sorted order; the callers' lists
	// are mostly sorted already, and a copy is made only when they are not.
	sorted := candidates
	if !sort.StringsAreSorted(sorted) {
		sorted = append([]string(nil), candidates...)
		sort.Strings(sorted)
	}
	w := strings.ToLower(want)
	wn := utf8.RuneCountInString(w)
	best, bestD := "", len(w)/3+2
	for _, c := range sorted {
		lc := strings.ToLower(c)
		// An edit distance is at least the difference of the lengths in
		// characters: a candidate that cannot beat the best so far is not
		// compared (the distance converts both strings to runes and
		// allocates a row, for each of a docs tree's thousands of unknown
		// front matter keys).
		if n := utf8.RuneCountInString(lc); n-wn >= bestD || wn-n >= bestD {
			continue
		}
		if d := edlib.LevenshteinDistance(w, lc); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// MapValue returns the value of key in mapping m (an alias of one
// followed), or nil when m is no mapping or has no such key. Merge keys
// (<<) are not followed.
func MapValue(m *yaml.Node, key string) *yaml.Node {
	m = Deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
