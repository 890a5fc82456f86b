package shortcode

import (
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// maxSeq bounds the length of a seq, so that a template cannot allocate
// without limit.
const maxSeq = 1 << 16

// fnDict returns a map of key-value pairs. As in Hugo, a key may be a
// slice of strings, which nests the value under each key in turn.
func fnDict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		keys, err := dictKeys(kv[i])
		if err != nil {
			return nil, err
		}
		cur := m
		for _, k := range keys[:len(keys)-1] {
			next, ok := cur[k].(map[string]any)
			if !ok {
				next = map[string]any{}
				cur[k] = next
			}
			cur = next
		}
		cur[keys[len(keys)-1]] = kv[i+1]
	}
	return m, nil
}

func dictKeys(k any) ([]string, error) {
	rv := reflect.ValueOf(k)
	if rv.Kind() == reflect.Slice {
		if rv.Len() == 0 {
			return nil, fmt.Errorf("dict: empty key path")
		}
		keys := make([]string, rv.Len())
		for i := range keys {
			keys[i] = toString(rv.Index(i).Interface())
		}
		return keys, nil
	}
	switch k.(type) {
	case nil:
		return nil, fmt.Errorf("dict: nil key")
	}
	return []string{toString(k)}, nil
}

// fnSlice is Hugo's slice: a list of its arguments (not Go's builtin,
// which slices a list).
func fnSlice(args ...any) []any {
	return append([]any{}, args...)
}

// fnIndex is Hugo's index: the element of a list or map at each key in
// turn (the keys may come as one list). A missing map key or a nil value
// yields nil rather than an error; an index out of range is an error.
func fnIndex(item any, keys ...any) (any, error) {
	if len(keys) == 1 {
		if rv := reflect.ValueOf(keys[0]); rv.Kind() == reflect.Slice {
			keys = make([]any, rv.Len())
			for i := range keys {
				keys[i] = rv.Index(i).Interface()
			}
		}
	}
	v := reflect.ValueOf(item)
	for _, k := range keys {
		v = indirect(v)
		if !v.IsValid() {
			return nil, nil
		}
		switch v.Kind() {
		case reflect.Slice, reflect.Array, reflect.String:
			i, ok := toIntValue(k)
			if !ok {
				return nil, fmt.Errorf("cannot index %s with %T", v.Type(), k)
			}
			if i < 0 || i >= v.Len() {
				return nil, fmt.Errorf("index out of range: %d", i)
			}
			v = v.Index(i)
		case reflect.Map:
			kv, err := mapKey(v, k)
			if err != nil {
				return nil, err
			}
			v = v.MapIndex(kv)
		default:
			return nil, fmt.Errorf("cannot index %s", v.Type())
		}
	}
	v = indirectInterface(v)
	if !v.IsValid() {
		return nil, nil
	}
	return v.Interface(), nil
}

// mapKey converts k to the key type of map m.
func mapKey(m reflect.Value, k any) (reflect.Value, error) {
	kt := m.Type().Key()
	kv := reflect.ValueOf(k)
	if !kv.IsValid() {
		return reflect.Zero(kt), nil
	}
	switch {
	case kv.Type().AssignableTo(kt):
		return kv, nil
	case kt.Kind() == reflect.String:
		return reflect.ValueOf(toString(k)).Convert(kt), nil
	case kv.Type().ConvertibleTo(kt) && isNumberKind(kv.Kind()) == isNumberKind(kt.Kind()):
		return kv.Convert(kt), nil
	}
	return reflect.Value{}, fmt.Errorf("cannot use %T as a key of %s", k, m.Type())
}

func isNumberKind(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}

// indirect follows pointers and interfaces; a nil one gives the invalid
// Value.
func indirect(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return reflect.Value{}
		}
		if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
			return v // keep the pointer: methods are on it
		}
		v = v.Elem()
	}
	return v
}

func indirectInterface(v reflect.Value) reflect.Value {
	for v.IsValid() && v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// toIntValue converts an integer, or a float without a fraction, to int.
func toIntValue(v any) (int, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return int(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return int(rv.Uint()), true
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		if f == float64(int(f)) {
			return int(f), true
		}
	}
	return 0, false
}

// listOf returns the elements of a list (slice or array), or the values
// of a map in key order.
func listOf(coll any) ([]any, error) {
	rv := indirect(reflect.ValueOf(coll))
	if !rv.IsValid() {
		return nil, nil
	}
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).Interface()
		}
		return out, nil
	case reflect.Map:
		keys := rv.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return compareAny(a.Interface(), b.Interface()) })
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = rv.MapIndex(k).Interface()
		}
		return out, nil
	}
	return nil, fmt.Errorf("%T is not a list", coll)
}

// fnFirst returns the first n elements of a list.
func fnFirst(n, coll any) ([]any, error) {
	k, l, err := countAndList("first", n, coll)
	if err != nil {
		return nil, err
	}
	return l[:min(k, len(l))], nil
}

// fnLast returns the last n elements of a list.
func fnLast(n, coll any) ([]any, error) {
	k, l, err := countAndList("last", n, coll)
	if err != nil {
		return nil, err
	}
	return l[len(l)-min(k, len(l)):], nil
}

// fnAfter returns the elements of a list after the first n.
func fnAfter(n, coll any) ([]any, error) {
	k, l, err := countAndList("after", n, coll)
	if err != nil {
		return nil, err
	}
	return l[min(k, len(l)):], nil
}

func countAndList(fn string, n, coll any) (int, []any, error) {
	k, err := fnInt(n)
	if err != nil || k < 0 {
		return 0, nil, fmt.Errorf("%s: %v is not a count", fn, n)
	}
	l, err := listOf(coll)
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %w", fn, err)
	}
	return k, l, nil
}

// fnAppend is Hugo's append: the last argument is the list, the others
// are appended to it (a single list argument is appended element by
// element). The list itself is not modified.
func fnAppend(args ...any) ([]any, error) {
	if len(args) < 2 {
		return nil, fmt.Errorf("append: want at least two arguments")
	}
	to, err := listOf(args[len(args)-1])
	if err != nil {
		return nil, fmt.Errorf("append: %w", err)
	}
	out := slices.Clone(to)
	from := args[:len(args)-1]
	if len(from) == 1 {
		if rv := reflect.ValueOf(from[0]); rv.Kind() == reflect.Slice {
			l, _ := listOf(from[0])
			return append(out, l...), nil
		}
	}
	return append(out, from...), nil
}

// fnUniq returns a list without its repeated elements, in order.
func fnUniq(coll any) ([]any, error) {
	l, err := listOf(coll)
	if err != nil {
		return nil, fmt.Errorf("uniq: %w", err)
	}
	var out []any
	for _, v := range l {
		if !slices.ContainsFunc(out, func(o any) bool { return equal(o, v) }) {
			out = append(out, v)
		}
	}
	return out, nil
}

// fnSort sorts a list (or a map's values) by the elements themselves or by
// a key path in each, ascending unless order is "desc". The sort is
// stable.
func fnSort(coll any, args ...any) ([]any, error) {
	l, err := listOf(coll)
	if err != nil {
		return nil, fmt.Errorf("sort: %w", err)
	}
	key, desc := "", false
	for _, a := range args {
		switch s := toString(a); strings.ToLower(s) {
		case "asc":
		case "desc":
			desc = true
		default:
			key = s
		}
	}
	out := slices.Clone(l)
	slices.SortStableFunc(out, func(a, b any) int {
		if key != "" && key != "value" {
			a, b = keyPath(a, key), keyPath(b, key)
		}
		c := compareAny(a, b)
		if desc {
			return -c
		}
		return c
	})
	return out, nil
}

// fnIsSet reports whether a map has a key or a list an index.
func fnIsSet(coll, key any) bool {
	rv := indirect(reflect.ValueOf(coll))
	if !rv.IsValid() {
		return false
	}
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		i, ok := toIntValue(key)
		return ok && i >= 0 && i < rv.Len()
	case reflect.Map:
		k, err := mapKey(rv, key)
		return err == nil && rv.MapIndex(k).IsValid()
	}
	return false
}

// fnSeq returns the integers from first to last: seq LAST, seq FIRST
// LAST or seq FIRST INCREMENT LAST, as Hugo's (and GNU's) seq.
func fnSeq(args ...any) ([]int, error) {
	ns := make([]int, len(args))
	for i, a := range args {
		n, err := fnInt(a)
		if err != nil {
			return nil, fmt.Errorf("seq: %w", err)
		}
		ns[i] = n
	}
	first, inc, last := 1, 1, 0
	switch len(ns) {
	case 1:
		last = ns[0]
		if last < 0 {
			first, inc = -1, -1
		}
	case 2:
		first, last = ns[0], ns[1]
		if last < first {
			inc = -1
		}
	case 3:
		first, inc, last = ns[0], ns[1], ns[2]
	default:
		return nil, fmt.Errorf("seq: want 1 to 3 arguments")
	}
	if inc == 0 || (last-first)/inc < 0 {
		return nil, nil
	}
	if n := (last-first)/inc + 1; n > maxSeq {
		return nil, fmt.Errorf("seq: %d numbers, more than %d", n, maxSeq)
	}
	var out []int
	for i := first; inc > 0 && i <= last || inc < 0 && i >= last; i += inc {
		out = append(out, i)
	}
	return out, nil
}

// fnReverse returns a list in reverse order.
func fnReverse(coll any) ([]any, error) {
	l, err := listOf(coll)
	if err != nil {
		return nil, fmt.Errorf("reverse: %w", err)
	}
	out := slices.Clone(l)
	slices.Reverse(out)
	return out, nil
}

// fnMerge merges maps from left to right, deeply: a key of a later map
// wins, except that two maps under the same key are merged.
func fnMerge(maps ...any) (map[string]any, error) {
	if len(maps) < 2 {
		return nil, fmt.Errorf("merge: want at least two maps")
	}
	out := map[string]any{}
	for _, m := range maps {
		mm, ok := stringMap(m)
		if !ok {
			return nil, fmt.Errorf("merge: %T is not a map", m)
		}
		mergeMap(out, mm)
	}
	return out, nil
}

func mergeMap(dst, src map[string]any) {
	for k, v := range src {
		sm, sok := stringMap(v)
		dm, dok := dst[k].(map[string]any)
		if sok && dok {
			c := make(map[string]any, len(dm))
			mergeMap(c, dm)
			mergeMap(c, sm)
			dst[k] = c
			continue
		}
		dst[k] = v
	}
}

// stringMap returns v as a map with string keys.
func stringMap(v any) (map[string]any, bool) {
	if m, ok := v.(map[string]any); ok {
		return m, true
	}
	rv := indirect(reflect.ValueOf(v))
	if !rv.IsValid() || rv.Kind() != reflect.Map {
		return nil, false
	}
	m := make(map[string]any, rv.Len())
	iter := rv.MapRange()
	for iter.Next() {
		m[toString(iter.Key().Interface())] = iter.Value().Interface()
	}
	return m, true
}

// fnQuerify returns a URL query string of key-value pairs (or of a map),
// keys sorted.
func fnQuerify(args ...any) (string, error) {
	q := url.Values{}
	if len(args) == 1 {
		m, ok := stringMap(args[0])
		if !ok {
			return "", fmt.Errorf("querify: %T is not a map", args[0])
		}
		for k, v := range m {
			q.Add(k, toString(v))
		}
		return q.Encode(), nil
	}
	if len(args)%2 != 0 {
		return "", fmt.Errorf("querify: odd number of arguments")
	}
	for i := 0; i < len(args); i += 2 {
		q.Add(toString(args[i]), toString(args[i+1]))
	}
	return q.Encode(), nil
}

// keyPath evaluates a dotted path ("Params.tags", ".name") on v: map keys,
// struct fields and methods without arguments, in turn; nil when a step
// finds nothing.
func keyPath(v any, path string) any {
	for _, k := range strings.Split(strings.TrimPrefix(path, "."), ".") {
		v = step(v, k)
		if v == nil {
			return nil
		}
	}
	return v
}

func step(v any, k string) any {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return nil
	}
	if m := rv.MethodByName(k); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() >= 1 {
		out := m.Call(nil)
		if len(out) == 2 && !out[1].IsNil() {
			return nil
		}
		return out[0].Interface()
	}
	rv = indirect(rv)
	if !rv.IsValid() {
		return nil
	}
	if rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	switch rv.Kind() {
	case reflect.Map:
		kv, err := mapKey(rv, k)
		if err != nil {
			return nil
		}
		if x := rv.MapIndex(kv); x.IsValid() {
			return x.Interface()
		}
		if rv.Type().Key().Kind() == reflect.String { // Hugo's params are case-insensitive
			kv = reflect.ValueOf(strings.ToLower(k)).Convert(rv.Type().Key())
			if x := rv.MapIndex(kv); x.IsValid() {
				return x.Interface()
			}
		}
	case reflect.Struct:
		if f := rv.FieldByName(k); f.IsValid() && f.CanInterface() {
			return f.Interface()
		}
	}
	return nil
}

// fnWhere is Hugo's where: the elements of a list whose value at a key
// path compares to a value (`where COLL KEY VALUE`, `where COLL KEY OP
// VALUE`). Operators: = == eq, != <> ne, < lt, <= le, > gt, >= ge, in,
// not in, intersect, like (a regular expression).
func fnWhere(coll any, key any, args ...any) ([]any, error) {
	op, match := "==", any(nil)
	switch len(args) {
	case 1:
		match = args[0]
	case 2:
		op, match = strings.ToLower(strings.TrimSpace(toString(args[0]))), args[1]
	default:
		return nil, fmt.Errorf("where: want COLLECTION KEY [OPERATOR] VALUE")
	}
	l, err := listOf(coll)
	if err != nil {
		return nil, fmt.Errorf("where: %w", err)
	}
	var re *regexp.Regexp
	if op == "like" {
		if re, err = compileRE(toString(match)); err != nil {
			return nil, fmt.Errorf("where: %w", err)
		}
	}
	k := toString(key)
	out := []any{}
	for _, el := range l {
		v := keyPath(el, k)
		ok, err := whereMatch(op, v, match, re)
		if err != nil {
			return nil, fmt.Errorf("where: %w", err)
		}
		if ok {
			out = append(out, el)
		}
	}
	return out, nil
}

func whereMatch(op string, v, match any, re *regexp.Regexp) (bool, error) {
	switch op {
	case "=", "==", "eq":
		return equal(v, match), nil
	case "!=", "<>", "ne":
		return !equal(v, match), nil
	case "<", "lt", "<=", "le", ">", "gt", ">=", "ge":
		if v == nil || match == nil {
			return false, nil
		}
		c, ok := compareOrdered(v, match)
		if !ok {
			return false, nil
		}
		switch op {
		case "<", "lt":
			return c < 0, nil
		case "<=", "le":
			return c <= 0, nil
		case ">", "gt":
			return c > 0, nil
		}
		return c >= 0, nil
	case "in":
		return fnIn(match, v), nil
	case "not in":
		return !fnIn(match, v), nil
	case "intersect":
		a, err1 := listOf(v)
		b, err2 := listOf(match)
		if err1 != nil || err2 != nil {
			return false, nil
		}
		for _, x := range a {
			if slices.ContainsFunc(b, func(y any) bool { return equal(x, y) }) {
				return true, nil
			}
		}
		return false, nil
	case "like":
		return v != nil && re.MatchString(toString(v)), nil
	}
	return false, fmt.Errorf("unknown operator %q", op)
}
