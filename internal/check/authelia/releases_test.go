package authelia

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fact is one release annotation of the schema tables.
type fact struct {
	kind  changeKind
	in    version
	path  string
	value string
}

func (f fact) String() string {
	s := fmt.Sprintf("%s %s %s", f.in, f.kind, f.path)
	if f.value != "" {
		s += " = " + f.value
	}
	return s
}

// tableFacts returns every release annotation of the schema tables for
// releases guidec models (4.38.0 on).
func tableFacts() []fact {
	var out []fact
	walkObjects(rootObject, "", func(p string, o *object) {
		for _, f := range o.fields() {
			fp := joinPath(p, f.name)
			add := func(k changeKind, v version, value string) {
				if !v.isZero() {
					out = append(out, fact{k, v, fp, value})
				}
			}
			add(keyAdded, f.since, "")
			add(keyRemoved, f.until, "")
			switch {
			case f.renamedTo != nil:
				add(keyRenamed, f.deprecatedIn, "")
			case f.dropped:
				add(keyDropped, f.deprecatedIn, "")
			default:
				add(keyDeprecated, f.deprecatedIn, "")
			}
			if f.enum == nil || f.renamedTo != nil {
				continue // a deprecated key's values are its new key's
			}
			add(valueChecked, f.enum.from, "")
			for _, ev := range f.enum.values() {
				add(valueAdded, ev.since, ev.value)
			}
		}
	})
	return out
}

// pathMatch reports whether the dotted path p matches pattern: segments
// compare as path.Match globs, and a leading "*." matches any parents.
func pathMatch(pattern, p string) bool {
	if rest, ok := strings.CutPrefix(pattern, "*."); ok {
		ps := strings.Split(p, ".")
		for i := range ps {
			if pathMatch(rest, strings.Join(ps[i:], ".")) {
				return true
			}
		}
		return false
	}
	a, b := strings.Split(pattern, "."), strings.Split(p, ".")
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		if ok, _ := path.Match(a[i], b[i]); !ok {
			return false
		}
	}
	return true
}

// covers reports whether table entry c records fact f.
func (c change) covers(f fact) bool {
	if c.kind != f.kind || c.in != f.in {
		return false
	}
	for _, p := range c.paths() {
		if pathMatch(p, f.path) && (f.kind != valueAdded || slices.Contains(c.values, f.value)) {
			return true
		}
	}
	return false
}

// TestReleaseTableMatchesSchemaTables: every release annotation of the
// schema tables is in the release table, and every key-level entry of the
// table matches an annotation (so neither can drift from the other).
func TestReleaseTableMatchesSchemaTables(t *testing.T) {
	facts := tableFacts()
	for _, f := range facts {
		if !slices.ContainsFunc(releaseTable(), func(c change) bool { return c.covers(f) }) {
			t.Errorf("release table has no entry for %s", f)
		}
	}
	for _, c := range releaseTable() {
		if c.kind == defaultChanged || c.kind == ruleChanged {
			continue // not annotations; TestReleaseTableMatchesSchemas checks defaults
		}
		for _, p := range c.paths() {
			one := c
			one.path, one.values = p, nil
			if c.kind == valueAdded {
				one.values = c.values
			}
			if !slices.ContainsFunc(facts, func(f fact) bool { return one.covers(f) }) {
				t.Errorf("release table entry %s %s %s matches no annotation of the schema tables", c.in, c.kind, p)
			}
		}
	}
}

// schemaPaths returns every key path of a JSON schema with its default
// (as written in the JSON, "" when none).
func schemaPaths(d *schemaDoc) map[string]string {
	out := map[string]string{}
	var walk func(n map[string]any, p string, depth int)
	walk = func(n map[string]any, p string, depth int) {
		if n == nil || depth > 16 {
			return
		}
		props, _ := n["properties"].(map[string]any)
		for k, v := range props {
			kp := joinPath(p, k)
			c := d.deref(v)
			out[kp] = ""
			if def, ok := c["default"]; ok {
				out[kp] = fmt.Sprint(def)
			}
			walk(c, kp, depth+1)
		}
		if it := d.deref(n["items"]); it != nil {
			walk(it, p+"[]", depth+1)
		}
		if pp, ok := n["patternProperties"].(map[string]any); ok {
			walk(d.deref(pp[".*"]), p+".*", depth+1)
		}
	}
	walk(d.deref(d.root), "", 0)
	return out
}

// schemaTagBugs are keys that differ between the schemas only because the
// 4.38 schema took json tags where the decoder reads koanf tags.
var schemaTagBugs = map[string]bool{
	"identity_validation.elevated_session.otp_characters": true,
	"identity_validation.elevated_session.characters":     true,
	"authentication_backend.ldap.attributes.MemberOf":     true,
	"authentication_backend.ldap.attributes.member_of":    true,
}

// TestReleaseTableMatchesSchemas: every key that the v4.39 schema has and
// the v4.38 one lacks is a key the table adds in 4.39 (or 4.38.x after
// the last 4.38 schema could not be, so in (4.38.19, 4.39.20]), every key the
// v4.38 schema has and v4.39 lacks is renamed, dropped or removed in that
// range, and every default that changed is a defaultChanged entry.
func TestReleaseTableMatchesSchemas(t *testing.T) {
	base := sharedPath(t, "authelia-schemas")
	old := schemaPaths(loadSchemaDoc(t, filepath.Join(base, "v4.38", "configuration.json")))
	cur := schemaPaths(loadSchemaDoc(t, filepath.Join(base, "v4.39", "configuration.json")))
	latest := schemaPaths(loadSchemaDoc(t, filepath.Join(base, "latest", "configuration.json")))
	if fmt.Sprint(latest) != fmt.Sprint(cur) {
		t.Errorf("the latest schema differs from v4.39: the table has no line for it")
	}
	inRange := func(c change) bool { return v43819.less(c.in) && !newestKnown.less(c.in) }
	find := func(f fact, kinds ...changeKind) bool {
		return slices.ContainsFunc(releaseTable(), func(c change) bool {
			if !inRange(c) || !slices.Contains(kinds, c.kind) {
				return false
			}
			for _, p := range c.paths() {
				if pathMatch(p, f.path) {
					return true
				}
			}
			return false
		})
	}
	for p := range cur {
		if _, ok := old[p]; ok || schemaTagBugs[p] || covered(p, old) {
			continue
		}
		if !find(fact{path: p}, keyAdded) {
			t.Errorf("key %s is in the v4.39 schema, not in v4.38's: no keyAdded entry in (4.38.19, 4.39.20]", p)
		}
	}
	for p := range old {
		if _, ok := cur[p]; ok || schemaTagBugs[p] {
			continue
		}
		if !find(fact{path: p}, keyRenamed, keyDropped, keyRemoved) {
			t.Errorf("key %s is in the v4.38 schema, not in v4.39's: no renamed, dropped or removed entry in (4.38.19, 4.39.20]", p)
		}
	}
	for p, def := range cur {
		// A default the old schema does not document is not a change: the
		// 4.38 schema leaves out several defaults the run time had
		// (token_endpoint_auth_method: client_secret_basic).
		was, ok := old[p]
		if !ok || was == def || was == "" {
			continue
		}
		if !slices.ContainsFunc(releaseTable(), func(c change) bool {
			return c.kind == defaultChanged && inRange(c) && c.path == p && c.from == was && c.to == def
		}) {
			t.Errorf("default of %s changed from %q to %q between the schemas: no defaultChanged entry", p, was, def)
		}
	}
}

// covered reports whether a parent of p is new too: only the topmost new
// key needs an entry, its keys come with it.
func covered(p string, old map[string]string) bool {
	for i := 0; i < len(p); i++ {
		if p[i] != '.' && p[i] != '[' {
			continue
		}
		parent := p[:i]
		if _, ok := old[parent]; !ok {
			return true
		}
	}
	return false
}

func TestPathMatch(t *testing.T) {
	cases := []struct {
		pattern, path string
		want          bool
	}{
		{"a.b", "a.b", true},
		{"a.b", "a.c", false},
		{"*.tls.minimum_version", "storage.mysql.tls.minimum_version", true},
		{"*.tls.minimum_version", "tls.minimum_version", true},
		{"*.tls.minimum_version", "storage.mysql.tls.maximum_version", false},
		{"x.clients[].*_signed_response_alg", "x.clients[].id_token_signed_response_alg", true},
		{"x.clients[].*_signed_response_alg", "x.clients[].id_token_encrypted_response_alg", false},
		{"a.*.b", "a.name.b", true},
	}
	for _, c := range cases {
		if got := pathMatch(c.pattern, c.path); got != c.want {
			t.Errorf("pathMatch(%q, %q) = %v, want %v", c.pattern, c.path, got, c.want)
		}
	}
}
