package authelia

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// allowedDrift lists every difference between our schema and Authelia's
// JSON schemas that is deliberate, with the reason. A difference missing
// here fails TestSchemaDrift, and so does an entry that no longer matches a
// difference, so the list stays exact.
var allowedDrift = withEncryptionDrift(map[string]string{
	// Renamed keys (reference §2): the JSON schemas dropped them, the run time
	// still maps them with a deprecation warning, which we report.
	"v4.38 clients: key 'id' only in ours":                          "renamed to client_id, auto-mapped",
	"v4.38 clients: key 'secret' only in ours":                      "renamed to client_secret, auto-mapped",
	"v4.38 clients: key 'description' only in ours":                 "renamed to client_name, auto-mapped",
	"v4.38 clients: key 'sector_identifier' only in ours":           "renamed to sector_identifier_uri, auto-mapped",
	"v4.38 clients: key 'userinfo_signing_algorithm' only in ours":  "renamed to userinfo_signed_response_alg, auto-mapped",
	"v4.38 provider: key 'access_token_lifespan' only in ours":      "renamed to lifespans.access_token, auto-mapped",
	"v4.38 provider: key 'authorize_code_lifespan' only in ours":    "renamed to lifespans.authorize_code, auto-mapped",
	"v4.38 provider: key 'id_token_lifespan' only in ours":          "renamed to lifespans.id_token, auto-mapped",
	"v4.38 provider: key 'refresh_token_lifespan' only in ours":     "renamed to lifespans.refresh_token, auto-mapped",
	"v4.39 clients: key 'id' only in ours":                          "renamed to client_id, auto-mapped",
	"v4.39 clients: key 'secret' only in ours":                      "renamed to client_secret, auto-mapped",
	"v4.39 clients: key 'description' only in ours":                 "renamed to client_name, auto-mapped",
	"v4.39 clients: key 'sector_identifier' only in ours":           "renamed to sector_identifier_uri, auto-mapped",
	"v4.39 clients: key 'userinfo_signing_algorithm' only in ours":  "renamed to userinfo_signed_response_alg, auto-mapped",
	"v4.39 provider: key 'access_token_lifespan' only in ours":      "renamed to lifespans.access_token, auto-mapped",
	"v4.39 provider: key 'authorize_code_lifespan' only in ours":    "renamed to lifespans.authorize_code, auto-mapped",
	"v4.39 provider: key 'id_token_lifespan' only in ours":          "renamed to lifespans.id_token, auto-mapped",
	"v4.39 provider: key 'refresh_token_lifespan' only in ours":     "renamed to lifespans.refresh_token, auto-mapped",
	"latest clients: key 'id' only in ours":                         "renamed to client_id, auto-mapped",
	"latest clients: key 'secret' only in ours":                     "renamed to client_secret, auto-mapped",
	"latest clients: key 'description' only in ours":                "renamed to client_name, auto-mapped",
	"latest clients: key 'sector_identifier' only in ours":          "renamed to sector_identifier_uri, auto-mapped",
	"latest clients: key 'userinfo_signing_algorithm' only in ours": "renamed to userinfo_signed_response_alg, auto-mapped",
	"latest provider: key 'access_token_lifespan' only in ours":     "renamed to lifespans.access_token, auto-mapped",
	"latest provider: key 'authorize_code_lifespan' only in ours":   "renamed to lifespans.authorize_code, auto-mapped",
	"latest provider: key 'id_token_lifespan' only in ours":         "renamed to lifespans.id_token, auto-mapped",
	"latest provider: key 'refresh_token_lifespan' only in ours":    "renamed to lifespans.refresh_token, auto-mapped",

	// Scopes: 'offline' is an alias of offline_access the run time accepts
	// (validOIDCClientScopes) but the schema enums leave out.
	"v4.38 clients.scopes: value 'offline' only in ours":  "run time accepts the offline alias",
	"v4.39 clients.scopes: value 'offline' only in ours":  "run time accepts the offline alias",
	"latest clients.scopes: value 'offline' only in ours": "run time accepts the offline alias",

	// 'none' for the ID token (and from 4.39 the authorization response) is
	// kept in our value set so that the dedicated rule sig-alg-not-none
	// reports it with Authelia's own message instead of a generic enum error.
	"v4.38 clients.id_token_signed_response_alg: value 'none' only in ours":       "reported by authelia-sig-alg-not-none",
	"v4.39 clients.id_token_signed_response_alg: value 'none' only in ours":       "reported by authelia-sig-alg-not-none",
	"latest clients.id_token_signed_response_alg: value 'none' only in ours":      "reported by authelia-sig-alg-not-none",
	"v4.39 clients.authorization_signed_response_alg: value 'none' only in ours":  "reported by authelia-sig-alg-not-none",
	"latest clients.authorization_signed_response_alg: value 'none' only in ours": "reported by authelia-sig-alg-not-none",

	// Reference §7.2: the run time accepts HS* request objects (signed with
	// the client secret) unless client jwks are set; 4.38 also took none.
	"v4.38 clients.request_object_signing_alg: value 'none' only in ours":   "run time accepts none (the 4.39 schema lists it)",
	"v4.38 clients.request_object_signing_alg: value 'HS256' only in ours":  "run time accepts HS* (§7.2)",
	"v4.38 clients.request_object_signing_alg: value 'HS384' only in ours":  "run time accepts HS* (§7.2)",
	"v4.38 clients.request_object_signing_alg: value 'HS512' only in ours":  "run time accepts HS* (§7.2)",
	"v4.39 clients.request_object_signing_alg: value 'HS256' only in ours":  "run time accepts HS* (§7.2)",
	"v4.39 clients.request_object_signing_alg: value 'HS384' only in ours":  "run time accepts HS* (§7.2)",
	"v4.39 clients.request_object_signing_alg: value 'HS512' only in ours":  "run time accepts HS* (§7.2)",
	"latest clients.request_object_signing_alg: value 'HS256' only in ours": "run time accepts HS* (§7.2)",
	"latest clients.request_object_signing_alg: value 'HS384' only in ours": "run time accepts HS* (§7.2)",
	"latest clients.request_object_signing_alg: value 'HS512' only in ours": "run time accepts HS* (§7.2)",

	// jwks keys: the validators take RS/ES/PS signing keys (no HS*,
	// validOIDCIssuerJWKSigningAlgs) and from 4.39 encryption keys (use enc),
	// which the schema's JWK definition does not describe.
	"v4.38 jwks.algorithm: value 'HS256' only in schema":  "run time rejects HS* keys",
	"v4.38 jwks.algorithm: value 'HS384' only in schema":  "run time rejects HS* keys",
	"v4.38 jwks.algorithm: value 'HS512' only in schema":  "run time rejects HS* keys",
	"v4.39 jwks.algorithm: value 'HS256' only in schema":  "run time rejects HS* keys",
	"v4.39 jwks.algorithm: value 'HS384' only in schema":  "run time rejects HS* keys",
	"v4.39 jwks.algorithm: value 'HS512' only in schema":  "run time rejects HS* keys",
	"latest jwks.algorithm: value 'HS256' only in schema": "run time rejects HS* keys",
	"latest jwks.algorithm: value 'HS384' only in schema": "run time rejects HS* keys",
	"latest jwks.algorithm: value 'HS512' only in schema": "run time rejects HS* keys",
	"v4.39 jwks.use: value 'enc' only in ours":            "4.39 encryption keys",
	"latest jwks.use: value 'enc' only in ours":           "4.39 encryption keys",
})

// withEncryptionDrift adds the encryption algorithms of 4.39 jwks keys, and
// dir, which the client validator rejects for response encryption, to m;
// written as loops to keep the table readable.
func withEncryptionDrift(m map[string]string) map[string]string {
	for _, sv := range []string{"v4.39", "latest"} {
		for _, a := range []string{"RSA1_5", "RSA-OAEP", "RSA-OAEP-256", "A128KW", "A192KW", "A256KW", "dir",
			"ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW", "A128GCMKW", "A192GCMKW",
			"A256GCMKW", "PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW"} {
			m[sv+" jwks.algorithm: value '"+a+"' only in ours"] = "4.39 encryption keys"
		}
		for _, p := range responseObjects {
			// Reference §1.1 and §7.4: validOIDCClientJWKEncryptionKeyAlgs has no dir.
			m[sv+" clients."+p+"_encrypted_response_alg: value 'dir' only in schema"] = "run time rejects dir for clients"
		}
	}
	return m
}

// schemaDoc is a loaded JSON schema with $ref resolution.
type schemaDoc struct {
	defs map[string]any
	root map[string]any
}

func loadSchemaDoc(t *testing.T, path string) *schemaDoc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(b, &root); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defs, _ := root["$defs"].(map[string]any)
	return &schemaDoc{defs: defs, root: root}
}

// deref follows $ref to its definition.
func (d *schemaDoc) deref(n any) map[string]any {
	m, _ := n.(map[string]any)
	for i := 0; m != nil && i < 8; i++ {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		m, _ = d.defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
	}
	return m
}

// at walks from n through steps: a property name, "[]" (array items) or
// "*" (patternProperties of user-chosen names).
func (d *schemaDoc) at(n map[string]any, steps ...string) map[string]any {
	for _, s := range steps {
		switch s {
		case "[]":
			n = d.deref(n["items"])
		case "*":
			pp, _ := n["patternProperties"].(map[string]any)
			n = d.deref(pp[".*"])
		default:
			props, _ := n["properties"].(map[string]any)
			n = d.deref(props[s])
		}
		if n == nil {
			return nil
		}
	}
	return n
}

func (d *schemaDoc) keys(n map[string]any) []string {
	props, _ := n["properties"].(map[string]any)
	var ks []string
	for k := range props {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// enumOf returns the enum of a string property or of its array items,
// without "" (which the run time treats as unset everywhere).
func (d *schemaDoc) enumOf(n map[string]any, key string) []string {
	p := d.at(n, key)
	if p == nil {
		return nil
	}
	if it, ok := p["items"]; ok {
		p = d.deref(it)
	}
	var out []string
	list, _ := p["enum"].([]any)
	for _, v := range list {
		if s, _ := v.(string); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ourKeys returns every key of o valid in v, deprecated ones included.
func ourKeys(o *object, v version) []string {
	var ks []string
	for _, f := range o.fields() {
		if v.atLeast(f.since) {
			ks = append(ks, f.name)
		}
	}
	return ks
}

// driftObject names one mapping in both schemas.
type driftObject struct {
	name  string
	steps []string // from identity_providers.oidc
	ours  *object
	since version
}

var driftObjects = []driftObject{
	{"provider", nil, providerObject, always},
	{"clients", []string{"clients", "[]"}, clientObject, always},
	{"jwks", []string{"jwks", "[]"}, jwkObject, always},
	{"cors", []string{"cors"}, corsObject, always},
	{"lifespans", []string{"lifespans"}, lifespansObject, always},
	{"lifespans.custom", []string{"lifespans", "custom", "*"}, customLifespanObject, always},
	{"lifespans.custom.grants", []string{"lifespans", "custom", "*", "grants"}, lifespanGrantsObject, always},
	{"lifespans.custom.grants.token", []string{"lifespans", "custom", "*", "grants", "authorize_code"}, lifespanTokenObject, always},
	{"authorization_policies", []string{"authorization_policies", "*"}, policyObject, always},
	{"authorization_policies.rules", []string{"authorization_policies", "*", "rules", "[]"}, policyRuleObject, always},
	{"claims_policies", []string{"claims_policies", "*"}, claimsPolicyObject, v4390},
	{"claims_policies.custom_claims", []string{"claims_policies", "*", "custom_claims", "*"}, customClaimObject, v4390},
	{"scopes", []string{"scopes", "*"}, scopeObject, v4390},
}

// TestSchemaDrift compares our schema with Authelia's JSON schemas: the key
// sets of each mapping and the values of each enumeration, for the release
// each schema describes.
func TestSchemaDrift(t *testing.T) {
	base := sharedPath(t, "authelia-schemas")
	versions := map[string]version{"v4.38": v43819, "v4.39": v43920, "latest": v43920}
	seen := map[string]bool{}
	for _, sv := range []string{"v4.38", "v4.39", "latest"} {
		d := loadSchemaDoc(t, filepath.Join(base, sv, "configuration.json"))
		oidc := d.at(d.deref(d.root), "identity_providers", "oidc")
		if oidc == nil {
			t.Fatalf("%s: identity_providers.oidc not found", sv)
		}
		for _, diff := range driftDiffs(d, oidc, sv, versions[sv]) {
			seen[diff] = true
			if _, ok := allowedDrift[diff]; !ok {
				t.Errorf("%s (fix the schema, or add it to allowedDrift with the reason)", diff)
			}
		}
	}
	for diff := range allowedDrift {
		if !seen[diff] {
			t.Errorf("allowedDrift entry no longer matches a difference: %s", diff)
		}
	}
}

func driftDiffs(d *schemaDoc, oidc map[string]any, sv string, v version) []string {
	var diffs []string
	for _, o := range driftObjects {
		if v.less(o.since) {
			continue
		}
		n := d.at(oidc, o.steps...)
		if n == nil {
			diffs = append(diffs, sv+" "+o.name+": missing in schema")
			continue
		}
		diffs = append(diffs, setDiff(sv+" "+o.name+": key", d.keys(n), ourKeys(o.ours, v))...)
		for _, f := range o.ours.fields() {
			if f.enum == nil || f.renamedTo != nil || v.less(f.since) {
				continue
			}
			diffs = append(diffs, setDiff(sv+" "+o.name+"."+f.name+": value", d.enumOf(n, f.name), f.enum.allowed(v))...)
		}
		if o.ours == clientObject {
			diffs = append(diffs, setDiff(sv+" clients.scopes: value", d.enumOf(n, "scopes"), standardScopes.allowed(v))...)
		}
	}
	return diffs
}

// setDiff describes the members of schema and ours that the other lacks.
func setDiff(prefix string, schema, ours []string) []string {
	var out []string
	for _, s := range schema {
		if !slices.Contains(ours, s) {
			out = append(out, prefix+" '"+s+"' only in schema")
		}
	}
	for _, s := range ours {
		if !slices.Contains(schema, s) {
			out = append(out, prefix+" '"+s+"' only in ours")
		}
	}
	return out
}
