package authelia

import (
	"slices"
	"strings"
	"sync"

	"github.com/guidec/guidec/internal/diag"
)

// This file holds the types of our own schema of identity_providers.oidc.
// The tables themselves are in tables.go and enums.go. The schema follows
// what Authelia does at run time where its JSON schema disagrees (doc.go
// lists those choices); drift_test.go compares it with the JSON schemas.

// kind is the YAML shape a key accepts.
type kind uint8

const (
	kindString       kind = iota // any scalar (Authelia decodes numbers and booleans into strings too)
	kindBool                     // true or false
	kindInt                      // an integer
	kindDuration                 // a duration string ('1h', '1 week') or an integer number of seconds
	kindStrings                  // a list of scalars
	kindURIs                     // a list of scalars, or a single scalar
	kindObject                   // a mapping with the fields of obj
	kindObjects                  // a list of mappings with the fields of obj
	kindNamed                    // a mapping from names the user chooses to mappings with the fields of obj
	kindSubjects                 // a scalar, a list of scalars or a list of lists of scalars
	kindAddress                  // an address string ('tcp://:9091', 'unix:///path'); addr says which forms
	kindInts                     // a list of integers, or one integer, or a comma-separated string
	kindAny                      // any scalar (an access control query value)
	kindNamedStrings             // a mapping from names the user chooses to a string or a list of strings
	kindObjectLists              // a list of lists of mappings with the fields of obj
	kindRefresh                  // a duration, or 'always', 'disable' or 'never'
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
	case kindAddress:
		return "an address string such as 'tcp://:9091'"
	case kindInts:
		return "a list of integers"
	case kindAny:
		return "a string, number or boolean"
	case kindNamedStrings:
		return "a mapping of names to strings or lists of strings"
	case kindObjectLists:
		return "a list of lists of mappings"
	case kindRefresh:
		return "a duration such as '5m', a number of seconds, or 'always' or 'disable'"
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
	// deprecatedIn is the release that deprecated a renamed or dropped key;
	// zero for keys deprecated before the oldest release modelled (4.38.0),
	// which every modelled release still maps.
	deprecatedIn version
	// combined marks a deprecated key that Authelia folds, with sibling
	// keys, into one new value (host and port into address): no rename fix.
	combined bool
	// dropped marks a deprecated key without replacement: from deprecatedIn
	// Authelia warns and ignores it.
	dropped bool
	// refused marks a key Authelia no longer maps: it refuses to start,
	// naming replacedBy ("invalid configuration key … was replaced by"), or
	// saying the feature is gone when replacedBy is "".
	refused    bool
	replacedBy string
	until      version   // first release without the key; zero: still there
	addr       *addrSpec // the address forms of kindAddress
	min, max   int       // bounds of kindInt when max > min (run-time checks)
	minDur     int       // lower bound in seconds of a kindDuration, when > 0
	note       string    // why the key exists or changed, for the release table
}

// object is a mapping with a fixed set of keys.
type object struct {
	// path names the mapping as Authelia's messages do, with "[]" for list
	// items and "*" for names the user chooses.
	path string
	// build returns the fields. It runs once, when the object is first
	// used: the tables are built on demand rather than in the package's
	// init, which every guidec process ran before main (~0.45 M
	// instructions and a 120 KiB init frame, docs/performance.md). The
	// tables are composite literals (&object{path: …, build: …}), which the
	// compiler lays out as data: no code runs for them at init.
	build func() []field
	once  sync.Once
	fs    []field
	index map[string]int
}

// fields returns the fields of o, building them and their index on the
// first call.
func (o *object) fields() []field {
	o.once.Do(o.load)
	return o.fs
}

func (o *object) load() {
	o.fs = o.build()
	o.index = make(map[string]int, len(o.fs))
	for i, f := range o.fs {
		o.index[f.name] = i
	}
}

// lookup returns the field named name.
func (o *object) lookup(name string) (*field, bool) {
	fs := o.fields()
	i, ok := o.index[name]
	if !ok {
		return nil, false
	}
	return &fs[i], true
}

// keys returns the names of the fields valid in v, without deprecated keys,
// sorted. It allocates, so it is meant for hints and tests only.
func (o *object) keys(v version) []string {
	var ks []string
	for _, f := range o.fields() {
		if f.current(v) {
			ks = append(ks, f.name)
		}
	}
	slices.Sort(ks)
	return ks
}

// current reports whether f is a key of release v that is not deprecated
// there.
func (f *field) current(v version) bool {
	return f.validIn(v) && f.renamedTo == nil && !f.refused && !(f.dropped && v.atLeast(f.deprecatedIn))
}

// validIn reports whether Authelia v knows the key at all (deprecated keys
// included).
func (f *field) validIn(v version) bool {
	return v.atLeast(f.since) && (f.until.isZero() || v.less(f.until))
}

// enum is the set of values a scalar (or each item of a list) may take.
type enum struct {
	code string        // reported code
	sev  diag.Severity // Authelia's severity for a value outside the set
	// groups are joined into vs on first use (see values), not at init.
	groups [][]enumValue
	once   sync.Once
	vs     []enumValue
	from   version // values are validated from this release on; before it anything goes
	// fold compares values without regard to case, as Authelia does for
	// some options (TOTP algorithms, authz schemes).
	fold bool
	// required means an empty string is not "unset" but an invalid value:
	// the option has no default to fall back on.
	required bool
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
	for _, ev := range e.values() {
		if (ev.value == s || e.fold && strings.EqualFold(ev.value, s)) && ev.validIn(v) {
			return true
		}
	}
	return false
}

// since returns the first release that accepts s, and whether any does.
func (e *enum) since(s string) (version, bool) {
	for _, ev := range e.values() {
		if (ev.value == s || e.fold && strings.EqualFold(ev.value, s)) && ev.until.isZero() {
			return ev.since, true
		}
	}
	return version{}, false
}

// allowed returns the values accepted in v, in table order.
func (e *enum) allowed(v version) []string {
	var out []string
	for _, ev := range e.values() {
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
	return &enum{code: code, sev: sev, groups: groups}
}

// values returns the allowed values in table order, joining the groups on
// the first call.
func (e *enum) values() []enumValue {
	e.once.Do(func() {
		if len(e.groups) == 1 {
			e.vs = e.groups[0]
			return
		}
		for _, g := range e.groups {
			e.vs = append(e.vs, g...)
		}
	})
	return e.vs
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

func address(name string, a *addrSpec) field { return field{name: name, kind: kindAddress, addr: a} }
func ints(name string) field                 { return field{name: name, kind: kindInts} }
func intsEnum(name string, e *enum) field    { return field{name: name, kind: kindInts, enum: e} }
func anyScalar(name string) field            { return field{name: name, kind: kindAny} }
func namedStrs(name string) field            { return field{name: name, kind: kindNamedStrings} }
func objLists(name string, o *object) field  { return field{name: name, kind: kindObjectLists, obj: o} }
func refresh(name string) field              { return field{name: name, kind: kindRefresh} }
func uris1(name string, e *enum) field       { return field{name: name, kind: kindURIs, enum: e} }

// deprecated marks f as deprecated in release v.
func (f field) deprecated(v version) field { f.deprecatedIn = v; return f }

// foldedInto marks f as one of the keys Authelia combines into the sibling
// key to (host and port into address), deprecated in v.
func (f field) foldedInto(v version, to string) field {
	f.renamedTo, f.deprecatedIn, f.combined = []string{to}, v, true
	return f
}

// droppedIn marks f as deprecated without replacement from release v.
func (f field) droppedIn(v version) field { f.dropped, f.deprecatedIn = true, v; return f }

// replaced marks f as a key Authelia refuses, naming its replacement.
func (f field) replaced(by string) field { f.refused, f.replacedBy = true, by; return f }

// removed marks f as absent from release v on.
func (f field) removed(v version) field { f.until = v; return f }

// between bounds an integer option (inclusive).
func (f field) between(lo, hi int) field { f.min, f.max = lo, hi; return f }

// atLeastSeconds bounds a duration option from below.
func (f field) atLeastSeconds(n int) field { f.minDur = n; return f }

// noted attaches the release-table note of f.
func (f field) noted(s string) field { f.note = s; return f }
