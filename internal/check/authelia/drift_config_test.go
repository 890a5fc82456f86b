package authelia

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// allowedConfigDrift lists every difference between our tables of the
// configuration outside identity_providers (tables_config.go) and
// Authelia's JSON schemas, with the reason it is deliberate. A difference
// missing here fails TestConfigSchemaDrift, and so does an entry that no
// longer matches a difference, so the list stays exact. Schema versions map
// to releases as in TestSchemaDrift: v4.38 is 4.38.19, v4.39 and latest
// (byte-identical files) are 4.39.20.
var allowedConfigDrift = withDeprecationDrift(map[string]string{
	// The 4.38 schema is generated from json tags; the decoder reads koanf
	// tags, which differ for these two fields (schema.IdentityValidationCredentials,
	// AuthenticationBackendLDAPAttributes.MemberOf has no json tag).
	"v4.38 identity_validation.elevated_session: key 'otp_characters' only in schema": "json tag; the decoder key is characters",
	"v4.38 identity_validation.elevated_session: key 'characters' only in ours":       "koanf tag of the same field",
	"v4.38 authentication_backend.ldap.attributes: key 'MemberOf' only in schema":     "Go field name; the decoder key is member_of",
	"v4.38 authentication_backend.ldap.attributes: key 'member_of' only in ours":      "koanf tag of the same field",

	// definitions.network came with 4.39 in the schema, but the validator
	// of 4.38 had none either: ours follows the schema (from 4.39.0).

	// bypass is a valid default policy at run time (IsPolicyValid takes
	// every rule policy), the schema enum leaves it out.
	"v4.38 access_control.default_policy: value 'bypass' only in ours":  "run time accepts bypass",
	"v4.39 access_control.default_policy: value 'bypass' only in ours":  "run time accepts bypass",
	"latest access_control.default_policy: value 'bypass' only in ours": "run time accepts bypass",

	// The file backend still reads the algorithm names of 4.35 and maps them
	// (validateFileAuthenticationBackendPasswordConfigLegacy).
	"v4.38 authentication_backend.file.password.algorithm: value 'sha512' only in ours":    "legacy name, mapped to sha2crypt",
	"v4.38 authentication_backend.file.password.algorithm: value 'argon2id' only in ours":  "legacy name, mapped to argon2",
	"v4.39 authentication_backend.file.password.algorithm: value 'sha512' only in ours":    "legacy name, mapped to sha2crypt",
	"v4.39 authentication_backend.file.password.algorithm: value 'argon2id' only in ours":  "legacy name, mapped to argon2",
	"latest authentication_backend.file.password.algorithm: value 'sha512' only in ours":   "legacy name, mapped to sha2crypt",
	"latest authentication_backend.file.password.algorithm: value 'argon2id' only in ours": "legacy name, mapped to argon2",

	// The run time accepts the short argon2 variant names (validArgon2Variants).
	"v4.38 authentication_backend.file.password.argon2.variant: value 'id' only in ours":  "validArgon2Variants",
	"v4.38 authentication_backend.file.password.argon2.variant: value 'i' only in ours":   "validArgon2Variants",
	"v4.38 authentication_backend.file.password.argon2.variant: value 'd' only in ours":   "validArgon2Variants",
	"v4.39 authentication_backend.file.password.argon2.variant: value 'id' only in ours":  "validArgon2Variants",
	"v4.39 authentication_backend.file.password.argon2.variant: value 'i' only in ours":   "validArgon2Variants",
	"v4.39 authentication_backend.file.password.argon2.variant: value 'd' only in ours":   "validArgon2Variants",
	"latest authentication_backend.file.password.argon2.variant: value 'id' only in ours": "validArgon2Variants",
	"latest authentication_backend.file.password.argon2.variant: value 'i' only in ours":  "validArgon2Variants",
	"latest authentication_backend.file.password.argon2.variant: value 'd' only in ours":  "validArgon2Variants",

	// The refresh interval words: the schema lists always and never, the
	// validator's message names disable and always; all three decode.
	"v4.38 authentication_backend.refresh_interval: kind duration":  "schema oneOf of words and durations; ours is kindRefresh",
	"v4.39 authentication_backend.refresh_interval: kind duration":  "schema oneOf of words and durations; ours is kindRefresh",
	"latest authentication_backend.refresh_interval: kind duration": "schema oneOf of words and durations; ours is kindRefresh",

	// The AAGUID lists are UUID strings in configuration files; the schema
	// generator describes uuid.UUID as an array of bytes.
	"v4.39 webauthn.filtering.permitted_aaguids: kind array:array:integer":   "UUID strings; the schema shows the Go type [16]byte",
	"v4.39 webauthn.filtering.prohibited_aaguids: kind array:array:integer":  "UUID strings; the schema shows the Go type [16]byte",
	"latest webauthn.filtering.permitted_aaguids: kind array:array:integer":  "UUID strings; the schema shows the Go type [16]byte",
	"latest webauthn.filtering.prohibited_aaguids: kind array:array:integer": "UUID strings; the schema shows the Go type [16]byte",
})

// withDeprecationDrift adds the keys of the deprecation table, which the
// decoder maps (and the schemas drop), and the deprecated keys the schemas
// still list, to m: each such key is either mapped with a warning or
// refused with a pointer to its replacement, which is what we report.
func withDeprecationDrift(m map[string]string) map[string]string {
	for _, sv := range []string{"v4.38", "v4.39", "latest"} {
		v := schemaRelease[sv]
		walkObjects(rootObject, "", func(path string, o *object) {
			if path == "identity_providers" || strings.HasPrefix(path, "identity_providers.") {
				return // TestSchemaDrift
			}
			for _, f := range o.fields() {
				if !f.validIn(v) {
					continue
				}
				if f.renamedTo != nil && v.atLeast(f.deprecatedIn) || f.refused || f.dropped && v.atLeast(f.deprecatedIn) {
					if !schemaListsDeprecated[path+"."+f.name] {
						m[fmt.Sprintf("%s %s: key '%s' only in ours", sv, path, f.name)] = "deprecation table key, mapped or refused by name"
					}
				}
			}
		})
	}
	return m
}

// schemaListsDeprecated are the deprecated keys the schemas still list
// (marked deprecated there), so they are no drift.
var schemaListsDeprecated = map[string]bool{
	"notifier.smtp.host": true, "notifier.smtp.port": true,
}

// schemaRelease maps the schema folders to the release each describes.
var schemaRelease = map[string]version{"v4.38": v43819, "v4.39": v43920, "latest": v43920}

// walkObjects calls f for o and every object below it, with dotted paths
// ("server.endpoints.authz.*", "session.cookies[]"). Objects shared by
// several options (tls, jwks) are visited at each place.
func walkObjects(o *object, path string, f func(string, *object)) {
	f(path, o)
	for _, fd := range o.fields() {
		if fd.obj == nil || fd.refused {
			continue
		}
		p := joinPath(path, fd.name)
		switch fd.kind {
		case kindObjects:
			p += "[]"
		case kindObjectLists:
			p += "[][]"
		case kindNamed:
			p += ".*"
		}
		walkObjects(fd.obj, p, f)
	}
}

// TestConfigSchemaDrift compares our tables of the whole configuration
// (outside identity_providers) with the JSON schemas of every release line:
// the keys of each mapping, the values of each enumeration and the kind of
// each value.
func TestConfigSchemaDrift(t *testing.T) {
	base := sharedPath(t, "authelia-schemas")
	seen := map[string]bool{}
	for _, sv := range []string{"v4.38", "v4.39", "latest"} {
		d := loadSchemaDoc(t, filepath.Join(base, sv, "configuration.json"))
		for _, diff := range configDiffs(d, sv, schemaRelease[sv]) {
			seen[diff] = true
			if _, ok := allowedConfigDrift[diff]; !ok {
				t.Errorf("%s (fix tables_config.go, or add it to allowedConfigDrift with the reason)", diff)
			}
		}
	}
	for _, diff := range sortedKeys(allowedConfigDrift) {
		if !seen[diff] {
			t.Errorf("allowedConfigDrift entry no longer matches a difference: %s", diff)
		}
	}
}

func configDiffs(d *schemaDoc, sv string, v version) []string {
	var diffs []string
	var walk func(o *object, n map[string]any, path string)
	walk = func(o *object, n map[string]any, path string) {
		var ours []string
		for _, f := range o.fields() {
			if f.validIn(v) {
				ours = append(ours, f.name)
			}
		}
		diffs = append(diffs, setDiff(sv+" "+path+": key", d.keys(n), ours)...)
		for _, f := range o.fields() {
			if !f.validIn(v) || path == "" && f.name == "identity_providers" {
				continue
			}
			p := joinPath(path, f.name)
			sn := d.at(n, f.name)
			if sn == nil {
				continue // reported as a key only in ours
			}
			if k := schemaKind(d, sn); !kindMatches(f.kind, k) {
				diffs = append(diffs, sv+" "+p+": kind "+k)
			}
			if f.enum != nil && f.renamedTo == nil {
				diffs = append(diffs, setDiff(sv+" "+p+": value", schemaEnum(d, sn), f.enum.allowed(v))...)
			}
			if f.obj == nil {
				continue
			}
			switch f.kind {
			case kindObject:
				walk(f.obj, sn, p)
			case kindObjects:
				if it := d.deref(sn["items"]); it != nil {
					walk(f.obj, it, p+"[]")
				}
			case kindObjectLists:
				if it := d.deref(sn["items"]); it != nil {
					if it2 := d.deref(it["items"]); it2 != nil {
						walk(f.obj, it2, p+"[][]")
					}
				}
			case kindNamed:
				if pp, ok := sn["patternProperties"].(map[string]any); ok {
					walk(f.obj, d.deref(pp[".*"]), p+".*")
				}
			}
		}
	}
	walk(rootObject, d.deref(d.root), "")
	return diffs
}

// schemaKind names the shape a schema node describes: "string",
// "integer", "boolean", "object", "array:<item kind>", "duration",
// "string|array" (a string or a list of strings) or "?".
func schemaKind(d *schemaDoc, n map[string]any) string {
	if _, ok := n["properties"]; ok {
		return "object" // a oneOf beside properties lists required alternatives
	}
	if alts, ok := n["oneOf"].([]any); ok {
		var ks []string
		for _, a := range alts {
			ks = append(ks, schemaKind(d, d.deref(a)))
		}
		sort.Strings(ks)
		k := strings.Join(slices.Compact(ks), "|")
		switch {
		case k == "integer|string" && isDurationAlt(alts, d):
			return "duration"
		case strings.HasPrefix(k, "array:string|") || k == "array:string|string":
			return "string|array"
		}
		return k
	}
	t, _ := n["type"].(string)
	if t == "array" {
		if it := d.deref(n["items"]); it != nil {
			return "array:" + schemaKind(d, it)
		}
	}
	if t == "" {
		return "?"
	}
	return t
}

func isDurationAlt(alts []any, d *schemaDoc) bool {
	for _, a := range alts {
		if p, _ := d.deref(a)["pattern"].(string); strings.Contains(p, "year|month|week") {
			return true
		}
	}
	return false
}

// kindMatches reports whether our kind k describes the schema kind s.
func kindMatches(k kind, s string) bool {
	switch k {
	case kindString, kindAddress:
		return s == "string"
	case kindBool:
		return s == "boolean"
	case kindInt:
		return s == "integer"
	case kindDuration:
		return s == "duration"
	case kindStrings:
		return s == "array:string"
	case kindURIs:
		return s == "string|array" || s == "array:string"
	case kindInts:
		return s == "array:integer"
	case kindObject, kindNamed, kindNamedStrings:
		return s == "object"
	case kindObjects:
		return s == "array:object"
	case kindObjectLists:
		return s == "array:array:object"
	case kindSubjects:
		return strings.Contains(s, "array:string") && strings.Contains(s, "string")
	case kindRefresh:
		return false // the schema's oneOf of words and durations; allow-listed
	case kindAny:
		return s == "?"
	}
	return false
}

// schemaEnum returns the enum of a scalar, of a list's items or of the
// alternatives of a oneOf, without "" (the run time treats it as unset).
func schemaEnum(d *schemaDoc, n map[string]any) []string {
	var out []string
	var visit func(n map[string]any, depth int)
	visit = func(n map[string]any, depth int) {
		if n == nil || depth > 3 {
			return
		}
		for _, v := range asList(n["enum"]) {
			s := fmt.Sprint(v)
			if s != "" && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		visit(d.deref(n["items"]), depth+1)
		for _, a := range asList(n["oneOf"]) {
			visit(d.deref(a), depth+1)
		}
	}
	visit(n, 0)
	return out
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}
