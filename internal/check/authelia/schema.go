package authelia

import (
	"slices"

	"github.com/guidec/guidec/internal/diag"
)

// This file holds the types of our own schema of identity_providers.oidc.
// The tables themselves are in tables.go and enums.go. The schema follows
// what Authelia does at run time where its JSON schema disagrees (doc.go
// lists those choices); drift_test.go compares it with the JSON schemas.

// kind is the YAML shape a key accepts.
type kind uint8

const (
	kindString   kind = iota // any scalar (Authelia decodes numbers and booleans into strings too)
	kindBool                 // true or false
	kindInt                  // an integer
	kindDuration             // a duration string ('1h', '1 week') or an integer number of seconds
	kindStrings              // a list of scalars
	kindURIs                 // a list of scalars, or a single scalar
	kindObject               // a mapping with the fields of obj
	kindObjects              // a list of mappings with the fields of obj
	kindNamed                // a mapping from names the user chooses to mappings with the fields of obj
	kindSubjects             // a scalar, a list of scalars or a list of lists of scalars
)

// String names k in messages.
func (k kind) String() string {
	switch k {
	case kindString:
		return "a string"
	case kindBool:
		return "a boolean (true or false)"
	case kindInt:
		return "an integer"
	case kindDuration:
		return "a duration such as '1h' or '1 week', or a number of seconds"
	case kindStrings:
		return "a list of strings"
	case kindURIs:
		return "a list of strings or a single string"
	case kindObject, kindNamed:
		return "a mapping"
	case kindObjects:
		return "a list of mappings"
	case kindSubjects:
		return "a string, a list of strings or a list of lists of strings"
	}
	return "a value"
}

// field is one key of an object.
type field struct {
	name  string
	kind  kind
	obj   *object // the fields of the mapping(s) for kindObject, kindObjects and kindNamed
	since version // first release with the key; zero: every release this package models
	enum  *enum   // allowed values of the scalar, or of each list item
	// renamedTo is set for a deprecated key that Authelia maps to a new one:
	// the path of the new key below the same parent ("client_id",
	// "lifespans.access_token"). The value is checked as the new key.
	renamedTo []string
	// conflict is the code reported when the deprecated key and its
	// replacement are both set and Authelia refuses that (instead of warning).
	conflict string
}

// object is a mapping with a fixed set of keys.
type object struct {
	// path names the mapping as Authelia's messages do, with "[]" for list
	// items and "*" for names the user chooses.
	path   string
	fields []field
	index  map[string]int
}

// newObject returns an object with an index of its fields.
func newObject(path string, fields ...field) *object {
	o := &object{path: path, fields: fields, index: make(map[string]int, len(fields))}
	for i, f := range fields {
		o.index[f.name] = i
	}
	return o
}

// lookup returns the field named name.
func (o *object) lookup(name string) (*field, bool) {
	i, ok := o.index[name]
	if !ok {
		return nil, false
	}
	return &o.fields[i], true
}

// keys returns the names of the fields valid in v, without deprecated keys,
// sorted. It allocates, so it is meant for hints and tests only.
func (o *object) keys(v version) []string {
	var ks []string
	for _, f := range o.fields {
		if f.renamedTo == nil && v.atLeast(f.since) {
			ks = append(ks, f.name)
		}
	}
	slices.Sort(ks)
	return ks
}

// enum is the set of values a scalar (or each item of a list) may take.
type enum struct {
	code   string        // reported code
	sev    diag.Severity // Authelia's severity for a value outside the set
	values []enumValue
	from   version // values are validated from this release on; before it anything goes
}

// checks reports whether Authelia validates the values in v.
func (e *enum) checks(v version) bool { return v.atLeast(e.from) }

// enumValue is one allowed value and the releases that accept it.
type enumValue struct {
	value string
	since version // zero: every release
	until version // zero: still accepted; else the first release that rejects it
}

// accepts reports whether s is allowed in v.
func (e *enum) accepts(s string, v version) bool {
	for _, ev := range e.values {
		if ev.value == s && ev.validIn(v) {
			return true
		}
	}
	return false
}

// since returns the first release that accepts s, and whether any does.
func (e *enum) since(s string) (version, bool) {
	for _, ev := range e.values {
		if ev.value == s && ev.until.isZero() {
			return ev.since, true
		}
	}
	return version{}, false
}

// allowed returns the values accepted in v, in table order.
func (e *enum) allowed(v version) []string {
	var out []string
	for _, ev := range e.values {
		if ev.validIn(v) {
			out = append(out, ev.value)
		}
	}
	return out
}

func (ev enumValue) validIn(v version) bool {
	return v.atLeast(ev.since) && (ev.until.isZero() || v.less(ev.until))
}

// vals builds enum values accepted from since on.
func vals(since version, values ...string) []enumValue {
	out := make([]enumValue, len(values))
	for i, s := range values {
		out[i] = enumValue{value: s, since: since}
	}
	return out
}

// newEnum joins value groups into an enum reported with code and sev.
func newEnum(code string, sev diag.Severity, groups ...[]enumValue) *enum {
	e := &enum{code: code, sev: sev}
	for _, g := range groups {
		e.values = append(e.values, g...)
	}
	return e
}

// Field constructors, so that the tables read like the reference.

func str(name string) field              { return field{name: name, kind: kindString} }
func strEnum(name string, e *enum) field { return field{name: name, kind: kindString, enum: e} }
func boolean(name string) field          { return field{name: name, kind: kindBool} }
func integer(name string) field          { return field{name: name, kind: kindInt} }
func duration(name string) field         { return field{name: name, kind: kindDuration} }
func strs(name string) field             { return field{name: name, kind: kindStrings} }
func strsEnum(name string, e *enum) field {
	return field{name: name, kind: kindStrings, enum: e}
}
func uris(name string) field                  { return field{name: name, kind: kindURIs} }
func obj(name string, o *object) field        { return field{name: name, kind: kindObject, obj: o} }
func objs(name string, o *object) field       { return field{name: name, kind: kindObjects, obj: o} }
func named(name string, o *object) field      { return field{name: name, kind: kindNamed, obj: o} }
func subjects(name string) field              { return field{name: name, kind: kindSubjects} }
func renamed(f field, to ...string) field     { f.renamedTo = to; return f }
func (f field) from(v version) field          { f.since = v; return f }
func (f field) conflicting(code string) field { f.conflict = code; return f }
