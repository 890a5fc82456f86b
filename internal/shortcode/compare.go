package shortcode

import (
	"cmp"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"time"
)

// normalize turns a value into the form Hugo compares and computes with:
// integers of every kind as int64, floats as float64, every string kind
// (template.HTML included) as string; others unchanged.
func normalize(v any) any {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return int64(rv.Uint())
	case reflect.Float32, reflect.Float64:
		return rv.Float()
	case reflect.String:
		return rv.String()
	}
	return v
}

func asFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// equal is Hugo's eq of two values: numbers by value across types, string
// kinds by text, times by instant, the rest deeply; values of different
// kinds are unequal (not an error).
func equal(a, b any) bool {
	a, b = normalize(a), normalize(b)
	if fa, ok := asFloat(a); ok {
		fb, ok := asFloat(b)
		return ok && fa == fb
	}
	if ta, ok := a.(time.Time); ok {
		tb, ok := b.(time.Time)
		return ok && ta.Equal(tb)
	}
	return reflect.DeepEqual(a, b)
}

// compareOrdered compares numbers, strings and times; ok is false for
// values that have no order between them.
func compareOrdered(a, b any) (int, bool) {
	a, b = normalize(a), normalize(b)
	if fa, ok := asFloat(a); ok {
		if fb, ok := asFloat(b); ok {
			return cmp.Compare(fa, fb), true
		}
		return 0, false
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), true
		}
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), true
		}
	case bool:
		if y, ok := b.(bool); ok {
			switch {
			case x == y:
				return 0, true
			case !x:
				return -1, true
			}
			return 1, true
		}
	}
	return 0, false
}

// compareAny orders any two values, for sorting: ordered values by their
// order, the rest by their text.
func compareAny(a, b any) int {
	if c, ok := compareOrdered(a, b); ok {
		return c
	}
	return strings.Compare(toString(a), toString(b))
}

// fnEq reports whether first equals any of others.
func fnEq(first any, others ...any) (bool, error) {
	if len(others) == 0 {
		return false, fmt.Errorf("eq: missing argument for comparison")
	}
	for _, o := range others {
		if equal(first, o) {
			return true, nil
		}
	}
	return false, nil
}

// fnNe reports whether a and b differ.
func fnNe(a, b any) bool { return !equal(a, b) }

func ordered(fn string, a, b any) (int, error) {
	c, ok := compareOrdered(a, b)
	if !ok {
		return 0, fmt.Errorf("%s: cannot compare %T with %T", fn, a, b)
	}
	return c, nil
}

func fnLt(a, b any) (bool, error) { c, err := ordered("lt", a, b); return c < 0, err }
func fnLe(a, b any) (bool, error) { c, err := ordered("le", a, b); return c <= 0, err }
func fnGt(a, b any) (bool, error) { c, err := ordered("gt", a, b); return c > 0, err }
func fnGe(a, b any) (bool, error) { c, err := ordered("ge", a, b); return c >= 0, err }

// fnCond returns a when control is true (in the template sense: non-zero,
// non-empty), else b.
func fnCond(control, a, b any) any {
	if truth(control) {
		return a
	}
	return b
}

// truth is text/template's notion of true.
func truth(v any) bool {
	t, _ := template.IsTrue(v)
	return t
}

// lowerKeys returns m with the keys of every map in it, at any depth, in
// lower case (Hugo's params); m itself is not changed.
func lowerKeys(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = lowerValue(v)
	}
	return out
}

func lowerValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return lowerKeys(v)
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[strings.ToLower(toString(k))] = lowerValue(x)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, x := range v {
			l[i] = lowerValue(x)
		}
		return l
	}
	return v
}
