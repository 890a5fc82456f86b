package authelia

import (
	"slices"
	"sync"
)

// The release data: the Authelia releases guidec knows, and what changed
// in each for a configuration file (keys added, renamed, dropped, removed
// or refused; values added; values validated from; defaults changed; rules
// changed). It is the changelog a maintainer reads before an upgrade, and
// what the upgrade report (upgrade.go) names as "the release that changed
// it". releases_test.go keeps it in step with the schema tables (every
// since/until/deprecated annotation has its entry here and the reverse)
// and with the JSON schemas (every key and default that differs between
// the v4.38 and v4.39 schemas has its entry).

// Release lines: the patch releases of each minor line guidec has rules
// for. 4.38 ended with 4.38.19; 4.39.20 is the newest release known (the
// "latest" schema is byte-identical to v4.39's).
var releaseLines = []struct {
	minor  version // the line, patch 0
	newest int     // its newest known patch release
	closed bool    // no further patch releases will come
}{
	{v4380, 19, true},
	{v4390, 20, false},
}

// oldestKnown and newestKnown bound the releases guidec has rules for.
var (
	oldestKnown = v4380
	newestKnown = v43920
)

// knownRelease reports whether v (with a concrete patch) is a release
// guidec knows.
func knownRelease(v version) bool {
	for _, l := range releaseLines {
		if v.major == l.minor.major && v.minor == l.minor.minor {
			return v.patch == anyPatch || v.patch <= l.newest
		}
	}
	return false
}

// changeKind says what a release changed.
type changeKind int

const (
	keyAdded       changeKind = iota // the key exists from this release
	keyRemoved                       // the key is refused from this release
	keyRenamed                       // the key is deprecated and mapped to another (to)
	keyDropped                       // the key is deprecated without replacement: ignored with a warning
	keyDeprecated                    // the key is deprecated, read with a warning (see note)
	valueAdded                       // the values are accepted from this release
	valueChecked                     // the option's values are validated from this release
	defaultChanged                   // the option's default changed from `from` to `to`
	ruleChanged                      // a validator rule changed (note); not a key
)

// String names a change kind in the upgrade report.
func (k changeKind) String() string {
	return [...]string{"new key", "removed key", "renamed key", "dropped key", "deprecated key",
		"new value", "validated", "default changed", "rule changed"}[k]
}

// change is one entry of the release table.
type change struct {
	in     version
	kind   changeKind
	path   string   // dotted key path ("[]" list items, "*" chosen names); "*." first matches any parents
	values []string // valueAdded
	to     string   // keyRenamed: the new key (full path); defaultChanged: the new default
	from   string   // defaultChanged: the old default
	note   string
	// when, for defaultChanged, narrows the blocks that depend on the
	// default (nil: every parent mapping that leaves the option out).
	when *defaultCondition
}

// tlsVersionPaths are the tls options of client connections in 4.38.
var tlsVersionPaths = []string{"*.tls.minimum_version", "*.tls.maximum_version"}

// releaseTable lists the changes in release order. Changes of 4.38.0 are
// against 4.37, which guidec has no rules for: only the renames whose old
// names 4.38 still maps are listed for it. Built on first use.
var releaseTable = sync.OnceValue(releaseChanges)

func releaseChanges() []change {
	cs := []change{
		// 4.38.0: the configuration was reorganised; the old names still map.
		renamedIn(v4380, "identity_providers.oidc.clients[].id", "identity_providers.oidc.clients[].client_id"),
		renamedIn(v4380, "identity_providers.oidc.clients[].secret", "identity_providers.oidc.clients[].client_secret"),
		renamedIn(v4380, "identity_providers.oidc.clients[].description", "identity_providers.oidc.clients[].client_name"),
		renamedIn(v4380, "identity_providers.oidc.clients[].sector_identifier", "identity_providers.oidc.clients[].sector_identifier_uri"),
		renamedIn(v4380, "identity_providers.oidc.clients[].userinfo_signing_algorithm", "identity_providers.oidc.clients[].userinfo_signed_response_alg"),
		renamedIn(v4380, "identity_providers.oidc.access_token_lifespan", "identity_providers.oidc.lifespans.access_token"),
		renamedIn(v4380, "identity_providers.oidc.authorize_code_lifespan", "identity_providers.oidc.lifespans.authorize_code"),
		renamedIn(v4380, "identity_providers.oidc.id_token_lifespan", "identity_providers.oidc.lifespans.id_token"),
		renamedIn(v4380, "identity_providers.oidc.refresh_token_lifespan", "identity_providers.oidc.lifespans.refresh_token"),
		renamedIn(v4380, "identity_providers.oidc.issuer_private_key", "identity_providers.oidc.jwks"),
		renamedIn(v4380, "identity_providers.oidc.issuer_certificate_chain", "identity_providers.oidc.jwks"),
		renamedIn(v4380, "jwt_secret", "identity_validation.reset_password.jwt_secret"),
		renamedIn(v4380, "session.remember_me_duration", "session.remember_me"),
		renamedIn(v4380, "server.enable_pprof", "server.endpoints.enable_pprof"),
		renamedIn(v4380, "server.enable_expvars", "server.endpoints.enable_expvars"),
		renamedIn(v4380, "server.host", "server.address"),
		renamedIn(v4380, "server.port", "server.address"),
		renamedIn(v4380, "server.path", "server.address"),
		renamedIn(v4380, "storage.mysql.host", "storage.mysql.address"),
		renamedIn(v4380, "storage.mysql.port", "storage.mysql.address"),
		renamedIn(v4380, "storage.postgres.host", "storage.postgres.address"),
		renamedIn(v4380, "storage.postgres.port", "storage.postgres.address"),
		renamedIn(v4380, "notifier.smtp.host", "notifier.smtp.address"),
		renamedIn(v4380, "notifier.smtp.port", "notifier.smtp.address"),
		renamedIn(v4380, "authentication_backend.ldap.url", "authentication_backend.ldap.address"),
		renamedIn(v4380, "authentication_backend.ldap.username_attribute", "authentication_backend.ldap.attributes.username"),
		renamedIn(v4380, "authentication_backend.ldap.mail_attribute", "authentication_backend.ldap.attributes.mail"),
		renamedIn(v4380, "authentication_backend.ldap.display_name_attribute", "authentication_backend.ldap.attributes.display_name"),
		renamedIn(v4380, "authentication_backend.ldap.group_name_attribute", "authentication_backend.ldap.attributes.group_name"),
		{in: v4380, kind: keyDeprecated, path: "session.domain", note: "the single-domain form; configure session.cookies"},
		{in: v4380, kind: keyDeprecated, path: "default_redirection_url", note: "configure session.cookies[].default_redirection_url"},
		{in: v4380, kind: keyDeprecated, path: "storage.postgres.ssl", note: "configure storage.postgres.tls"},

		// 4.38 patch releases.
		{in: v4383, kind: keyAdded, path: "identity_providers.oidc.clients[].allow_multiple_auth_methods"},
		{in: v4387, kind: keyAdded, path: "identity_providers.oidc.clients[].request_uris"},

		// 4.39.0.
		addedIn(v4390, "definitions", "regulation.modes", "authentication_backend.password_change",
			"authentication_backend.file.extra_attributes", "authentication_backend.file.password.scrypt.variant",
			"authentication_backend.ldap.attributes.extra", "storage.postgres.servers", "server.endpoints.rate_limits",
			"server.endpoints.authz.*.authn_strategies[].scheme_basic_cache_lifespan",
			"webauthn.enable_passkey_login", "webauthn.experimental_enable_passkey_uv_two_factors",
			"webauthn.experimental_enable_passkey_upgrade", "webauthn.filtering", "webauthn.selection_criteria",
			"webauthn.metadata", "identity_providers.oidc.claims_policies", "identity_providers.oidc.scopes",
			"identity_providers.oidc.lifespans.device_code", "identity_providers.oidc.lifespans.custom.*.device_code",
			"identity_providers.oidc.lifespans.custom.*.grants.device_code",
			"identity_providers.oidc.authorization_policies.*.rules[].networks",
			"identity_providers.oidc.clients[].claims_policy",
			"identity_providers.oidc.clients[].request_object_encryption_alg",
			"identity_providers.oidc.clients[].request_object_encryption_enc"),
		addedIn(v4390, ldapProfileAttributes()...),
		addedIn(v4390, clientEncryptionKeys()...),
		addedIn(v4390, clientEndpointAuthKeys()...),
		renamedIn(v4390, "webauthn.user_verification", "webauthn.selection_criteria.user_verification"),
		{in: v4390, kind: valueAdded, path: "theme", values: []string{"oled"}},
		{in: v4390, kind: valueAdded, path: "identity_providers.oidc.clients[].grant_types", values: []string{"urn:ietf:params:oauth:grant-type:device_code"}},
		{in: v4390, kind: valueAdded, path: "identity_providers.oidc.cors.endpoints", values: []string{"device-authorization"}},
		{in: v4390, kind: valueAdded, path: "*.jwks[].use", values: []string{"enc"}, note: "encryption keys"},
		{in: v4390, kind: valueAdded, path: "*.jwks[].algorithm", values: encAlgNames()},
		{in: v4390, kind: defaultChanged, path: "identity_providers.oidc.clients[].authorization_signed_response_alg", from: "none", to: "RS256",
			note: "'none' is refused for the authorization response from 4.39", when: jarmModes},
		{in: v4390, kind: defaultChanged, path: "server.headers.csp_template",
			from: "default-src 'self'; frame-src 'none'; object-src 'none'; style-src 'self' 'nonce-%s'; frame-ancestors 'none'; base-uri 'self'",
			to:   "default-src 'self'; base-uri 'self'; connect-src 'self'; frame-ancestors 'none'; frame-src 'none'; object-src 'none'; script-src 'self'; style-src 'self' 'nonce-%s'"},
		{in: v4390, kind: ruleChanged, path: "identity_providers.oidc.clients[].sector_identifier_uri", note: "an https URL of a JSON document listing the redirect URIs, not a bare host"},
		{in: v4390, kind: ruleChanged, path: "identity_providers.oidc.clients[].scopes", note: "address and phone become standard scopes; custom scopes from identity_providers.oidc.scopes"},
		{in: v4390, kind: ruleChanged, path: "server.address", note: "listeners take file descriptors (fd://3)"},
		{in: v4390, kind: ruleChanged, path: "*.duration", note: "duration terms may be joined by 'and' ('1h and 30m')"},

		// 4.39 patch releases.
		{in: v4392, kind: valueAdded, path: "identity_providers.oidc.clients[].*_signed_response_alg", values: []string{"HS256", "HS384", "HS512"},
			note: "signed with the plaintext client secret"},
		{in: v4392, kind: ruleChanged, path: "identity_providers.oidc.clients[].client_secret", note: "yescrypt ($y$) digests decode"},
		{in: v4392, kind: ruleChanged, path: "identity_providers.oidc.claims_policies.*", note: "the rat and updated_at claims are no longer reserved"},
		{in: v4395, kind: keyAdded, path: "identity_providers.oidc.claims_policies.*.custom_claims.*.name"},
		{in: v43916, kind: keyDropped, path: "authentication_backend.ldap.permit_feature_detection_failure"},
		{in: v43920, kind: ruleChanged, path: "identity_providers.oidc.clients[].scopes", note: "authelia.pam becomes a standard scope"},
	}
	for _, p := range tlsVersionPaths {
		cs = append(cs, change{in: v4390, kind: valueAdded, path: p, values: []string{"TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3"}})
	}
	for _, p := range clientEncryptionValidated() {
		cs = append(cs, change{in: v4392, kind: valueChecked, path: p})
	}
	return cs
}

func renamedIn(v version, from, to string) change {
	return change{in: v, kind: keyRenamed, path: from, to: to}
}

// addedIn is one keyAdded entry per path, joined in one change list item
// for brevity: its path is the first, the others follow in values.
func addedIn(v version, paths ...string) change {
	return change{in: v, kind: keyAdded, path: paths[0], values: paths[1:]}
}

// paths returns every path an entry names (addedIn groups several).
func (c change) paths() []string {
	if c.kind == keyAdded {
		return append([]string{c.path}, c.values...)
	}
	return []string{c.path}
}

func ldapProfileAttributes() []string {
	var out []string
	for _, f := range ldapAttributesObject.fields() {
		if f.since == v4390 && f.name != "extra" {
			out = append(out, "authentication_backend.ldap.attributes."+f.name)
		}
	}
	return out
}

func clientEncryptionKeys() []string {
	var out []string
	for _, p := range responseObjects {
		for _, s := range []string{"_encrypted_response_alg", "_encrypted_response_enc", "_encrypted_response_key_id"} {
			out = append(out, "identity_providers.oidc.clients[]."+p+s)
		}
	}
	return out
}

func clientEndpointAuthKeys() []string {
	var out []string
	for _, e := range authEndpoints[1:] {
		out = append(out, "identity_providers.oidc.clients[]."+e+"_endpoint_auth_method",
			"identity_providers.oidc.clients[]."+e+"_endpoint_auth_signing_alg")
	}
	return out
}

func clientEncryptionValidated() []string {
	out := []string{"identity_providers.oidc.clients[].request_object_encryption_alg", "identity_providers.oidc.clients[].request_object_encryption_enc"}
	for _, p := range responseObjects {
		out = append(out, "identity_providers.oidc.clients[]."+p+"_encrypted_response_alg",
			"identity_providers.oidc.clients[]."+p+"_encrypted_response_enc")
	}
	return out
}

func encAlgNames() []string {
	var out []string
	for _, ev := range enumJWKAlg.values() {
		if ev.since == v4390 {
			out = append(out, ev.value)
		}
	}
	return out
}

// breakpoints returns the releases at which a rule of this package changes,
// in order: the releases of the table, the oldest known release and the
// newest. Between two breakpoints every release has the same rules, so the
// upgrade report evaluates a guide at these only.
func breakpoints() []version { return slices.Clone(releaseBreakpoints()) }

// releaseBreakpoints computes the breakpoints once: the upgrade report asks
// for them for every known release of every guide.
var releaseBreakpoints = sync.OnceValue(computeBreakpoints)

func computeBreakpoints() []version {
	vs := []version{oldestKnown, newestKnown}
	for _, c := range releaseTable() {
		if !slices.Contains(vs, c.in) {
			vs = append(vs, c.in)
		}
	}
	slices.SortFunc(vs, func(a, b version) int {
		switch {
		case a.less(b):
			return -1
		case b.less(a):
			return 1
		}
		return 0
	})
	return vs
}
