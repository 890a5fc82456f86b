package authelia

import "github.com/guidec/guidec/internal/diag"

// Codes lists every code this checker reports, with the severity Authelia
// gives the problem: Error where Authelia refuses to start, Warning where it
// logs and starts. A few codes are reported with another severity in the
// cases the reference says so (noted in their summaries).
var Codes = []diag.CodeInfo{
	// Schema: keys, types and values.
	{Code: "authelia-unknown-key", Severity: diag.Error, Summary: "a key Authelia does not expect at this place (configuration key not expected)"},
	{Code: "authelia-key-version", Severity: diag.Error, Summary: "a key that only a newer Authelia release than the tested one knows"},
	{Code: "authelia-default-changed", Severity: diag.Warning, Summary: "an option a block leaves out whose default differs on the release of --against or the upgrade report from the tested one"},
	{Code: "authelia-template-version", Severity: diag.Warning, Summary: "a shortcode's snippet uses a key that only a newer Authelia release than the guide's tested one knows"},
	{Code: "authelia-deprecated-key", Severity: diag.Warning, Summary: "a renamed key that Authelia still maps to its new name"},
	{Code: "authelia-type", Severity: diag.Error, Summary: "a value of the wrong type (list, string, boolean, integer or duration)"},
	{Code: "authelia-enum", Severity: diag.Error, Summary: "a value outside the allowed values for the tested Authelia version"},

	// Client identity.
	{Code: "authelia-client-id-required", Severity: diag.Error, Summary: "a client without client_id"},
	{Code: "authelia-client-id-length", Severity: diag.Error, Summary: "a client_id longer than 100 characters"},
	{Code: "authelia-client-id-charset", Severity: diag.Error, Summary: "a client_id with characters outside RFC 3986 unreserved characters"},
	{Code: "authelia-client-id-unique", Severity: diag.Error, Summary: "two clients of one snippet with the same client_id"},
	{Code: "authelia-client-fragment-orphan", Severity: diag.Error, Summary: "an entry that only adds options to a client (an escape hatch) names a client_id that no block of the guide defines; reported at whichever id the rest of the guide disagrees with"},
	{Code: "authelia-clients-nonempty", Severity: diag.Error, Summary: "a clients list without any client"},

	// Client type, secret and authentication methods.
	{Code: "authelia-public-no-secret", Severity: diag.Error, Summary: "a public client with a client_secret"},
	{Code: "authelia-public-auth-none", Severity: diag.Error, Summary: "a public client with an endpoint auth method other than none"},
	{Code: "authelia-confidential-auth-not-none", Severity: diag.Error, Summary: "a confidential client with token_endpoint_auth_method none"},
	{Code: "authelia-confidential-secret-required", Severity: diag.Error, Summary: "a confidential client using a secret-based auth method without client_secret"},
	{Code: "authelia-secret-vs-key-method", Severity: diag.Error, Summary: "a client_secret on a confidential client that authenticates with private_key_jwt or none"},
	{Code: "authelia-auth-method-enum", Severity: diag.Error, Summary: "an endpoint auth method outside the allowed values"},
	{Code: "authelia-secret-jwt-plaintext", Severity: diag.Error, Summary: "client_secret_jwt with a hashed client_secret"},
	{Code: "authelia-secret-jwt-alg", Severity: diag.Error, Summary: "client_secret_jwt with a signing algorithm other than HS256, HS384 or HS512"},
	{Code: "authelia-pkjwt-alg-required", Severity: diag.Error, Summary: "private_key_jwt without an RS, ES or PS signing algorithm"},
	{Code: "authelia-pkjwt-keys-required", Severity: diag.Error, Summary: "private_key_jwt without client keys (jwks or jwks_uri) matching the algorithm"},
	{Code: "authelia-secret-plaintext", Severity: diag.Warning, Summary: "a plaintext client_secret (deprecated)"},
	{Code: "authelia-secret-decodable", Severity: diag.Error, Summary: "a client_secret starting with $ that is not a password digest Authelia can decode"},
	{Code: "authelia-hmac-alg-plaintext", Severity: diag.Error, Summary: "an HS256/HS384/HS512 signed response without a plaintext client_secret"},

	// Policies and provider references.
	{Code: "authelia-authz-policy-known", Severity: diag.Error, Summary: "an authorization_policy that is neither one_factor, two_factor nor a defined policy"},
	{Code: "authelia-ccg-policy", Severity: diag.Error, Summary: "the client_credentials grant with an authorization_policy other than one_factor"},
	{Code: "authelia-ccg-login-client", Severity: diag.Error, Summary: "the client_credentials grant on a client that logs users in (authorization_code or implicit), where Authelia refuses it with the client's policy, scopes or type"},
	{Code: "authelia-ccg-public", Severity: diag.Error, Summary: "the client_credentials grant on a public client"},
	{Code: "authelia-ccg-scopes", Severity: diag.Error, Summary: "the client_credentials grant with the openid, offline or offline_access scope"},
	{Code: "authelia-lifespan-known", Severity: diag.Error, Summary: "a lifespan that is not defined in lifespans.custom"},
	{Code: "authelia-claims-policy-known", Severity: diag.Error, Summary: "a claims_policy that is not defined in claims_policies"},
	{Code: "authelia-scope-claims-provided", Severity: diag.Error, Summary: "a custom scope whose claims the client's claims policy does not provide"},

	// Client enumerations with their own codes.
	{Code: "authelia-consent-mode-enum", Severity: diag.Error, Summary: "a consent_mode outside auto, explicit, implicit and pre-configured"},
	{Code: "authelia-audience-mode-enum", Severity: diag.Error, Summary: "a requested_audience_mode outside explicit and implicit"},
	{Code: "authelia-pkce-method-enum", Severity: diag.Error, Summary: "a pkce_challenge_method outside '', plain and S256"},
	{Code: "authelia-pkce-plain-disabled", Severity: diag.Error, Summary: "pkce_challenge_method plain while no block enables enable_pkce_plain_challenge on the provider"},
	{Code: "authelia-response-types-no-code", Severity: diag.Error, Summary: "a client with the authorization_code grant and redirect URIs whose response types issue no code"},
	{Code: "authelia-response-types-enum", Severity: diag.Warning, Summary: "an unknown response type (Authelia only warns)"},
	{Code: "authelia-response-modes-enum", Severity: diag.Error, Summary: "an unknown response mode"},
	{Code: "authelia-grant-types-enum", Severity: diag.Error, Summary: "an unknown grant type"},

	// Flows.
	{Code: "authelia-list-duplicates", Severity: diag.Warning, Summary: "a value listed twice (an error for request_uris)"},
	{Code: "authelia-scopes-no-openid", Severity: diag.Error, Summary: "a sign-in client's scopes leave out openid, which every OpenID Connect authorization request asks for"},
	{Code: "authelia-scope-unknown", Severity: diag.Warning, Summary: "a scope that is neither standard nor defined under identity_providers.oidc.scopes (an error when it is several such scopes written as one item, which the client then does not grant)"},
	{Code: "authelia-authcode-needs-code", Severity: diag.Warning, Summary: "the authorization_code grant without a code or hybrid response type"},
	{Code: "authelia-implicit-needs-rt", Severity: diag.Warning, Summary: "the implicit grant without an implicit or hybrid response type"},
	{Code: "authelia-refresh-needs-offline", Severity: diag.Warning, Summary: "the refresh_token grant without the offline_access or offline scope"},
	{Code: "authelia-refresh-needs-code", Severity: diag.Warning, Summary: "the refresh_token grant without a code or hybrid response type"},
	{Code: "authelia-offline-needs-code", Severity: diag.Warning, Summary: "the offline_access scope without a code or hybrid response type"},

	// URIs.
	{Code: "authelia-redirect-absolute", Severity: diag.Error, Summary: "a redirect URI that cannot be parsed, has no scheme, holds a blank or lies under Authelia's own URL"},
	{Code: "authelia-redirect-oob-public", Severity: diag.Error, Summary: "the urn:ietf:wg:oauth:2.0:oob redirect URI on a confidential client"},
	{Code: "authelia-request-uri-https", Severity: diag.Error, Summary: "a request URI that is not an absolute https URL"},
	{Code: "authelia-jwks-uri-https", Severity: diag.Error, Summary: "a jwks_uri that is not https"},
	{Code: "authelia-jwks-exclusive", Severity: diag.Error, Summary: "a client with both jwks and jwks_uri"},
	{Code: "authelia-sector-id", Severity: diag.Error, Summary: "an invalid sector_identifier_uri (a warning for a bare host from 4.39)"},

	// Signing and encryption.
	{Code: "authelia-sig-alg-not-none", Severity: diag.Error, Summary: "an ID token (or, from 4.39, authorization response) signed with none"},
	{Code: "authelia-sig-alg-has-key", Severity: diag.Error, Summary: "a signing algorithm or key id that no provider jwks key offers"},
	{Code: "authelia-enc-needs-sig", Severity: diag.Error, Summary: "an encrypted response whose signing algorithm is none"},
	{Code: "authelia-enc-needs-client-keys", Severity: diag.Error, Summary: "response encryption without client keys (asymmetric) or a plaintext secret (symmetric)"},
	{Code: "authelia-ro-alg-in-jwks", Severity: diag.Error, Summary: "a request_object_signing_alg that no client jwks key has"},

	// The authelia.bearer.authz scope.
	{Code: "authelia-bearer-scopes", Severity: diag.Error, Summary: "authelia.bearer.authz with scopes other than offline_access and offline"},
	{Code: "authelia-bearer-audience", Severity: diag.Error, Summary: "authelia.bearer.authz without an audience"},
	{Code: "authelia-bearer-grant-types", Severity: diag.Error, Summary: "authelia.bearer.authz without grant types, or with one outside authorization_code, refresh_token and client_credentials"},
	{Code: "authelia-bearer-par", Severity: diag.Error, Summary: "authelia.bearer.authz without require_pushed_authorization_requests"},
	{Code: "authelia-bearer-pkce", Severity: diag.Error, Summary: "authelia.bearer.authz without require_pkce and pkce_challenge_method S256"},
	{Code: "authelia-bearer-consent", Severity: diag.Error, Summary: "authelia.bearer.authz without consent_mode explicit"},
	{Code: "authelia-bearer-response-types", Severity: diag.Error, Summary: "authelia.bearer.authz with response types other than exactly code"},
	{Code: "authelia-bearer-response-modes", Severity: diag.Error, Summary: "authelia.bearer.authz without response modes, or with one outside form_post and form_post.jwt"},
	{Code: "authelia-bearer-auth-method", Severity: diag.Error, Summary: "authelia.bearer.authz with a token endpoint auth method its client type may not use"},

	// Provider level.
	{Code: "authelia-issuer-key-jwks", Severity: diag.Error, Summary: "issuer_private_key or issuer_certificate_chain together with jwks"},
	{Code: "authelia-parameter-entropy", Severity: diag.Warning, Summary: "a minimum_parameter_entropy below 8 or disabled"},
	{Code: "authelia-cors-origin", Severity: diag.Error, Summary: "a CORS allowed origin with a path or query, or a misused wildcard"},
	{Code: "authelia-policy-name", Severity: diag.Error, Summary: "an authorization policy named one_factor, two_factor, deny or nothing"},
	{Code: "authelia-policy-rules", Severity: diag.Error, Summary: "an authorization policy without rules, or a rule without subject or networks"},
	{Code: "authelia-policy-subject", Severity: diag.Error, Summary: "an authorization policy subject that starts with neither user: nor group:"},
	{Code: "authelia-jwk-key-id", Severity: diag.Error, Summary: "a jwks key_id longer than 100 characters or with invalid characters"},
	{Code: "authelia-claims-policy-claim", Severity: diag.Error, Summary: "a claims policy claim that is reserved or not known"},
	{Code: "authelia-claims-policy-attribute", Severity: diag.Error, Summary: "a custom claim mapped to an unknown user attribute (a warning when the guide shows no authentication backend, unless it is a near miss of a built-in one)"},
	{Code: "authelia-claims-policy-duplicate", Severity: diag.Error, Summary: "two custom claims of one claims policy with the same claim name"},
	{Code: "authelia-scope-name", Severity: diag.Error, Summary: "a custom scope named like a standard scope or with the reserved authelia. prefix"},
	{Code: "authelia-scope-claim", Severity: diag.Error, Summary: "a custom scope claim that is reserved or not known"},

	// The whole configuration (outside identity_providers).
	{Code: "authelia-key-removed", Severity: diag.Error, Summary: "a key Authelia no longer reads: removed in a release up to the tested one, or replaced by another key"},
	{Code: "authelia-key-conflict", Severity: diag.Error, Summary: "a deprecated key together with the key that replaced it, where Authelia refuses both (host/port with address)"},
	{Code: "authelia-address", Severity: diag.Error, Summary: "an address Authelia cannot parse, or with a scheme the option does not take"},
	{Code: "authelia-value-range", Severity: diag.Error, Summary: "a number or duration outside the bounds Authelia validates"},
	{Code: "authelia-required", Severity: diag.Error, Summary: "an option Authelia requires in an entry or section the block shows whole"},
	{Code: "authelia-one-of", Severity: diag.Error, Summary: "two alternatives that exclude each other (two notifiers, two storage or authentication backends)"},
	{Code: "authelia-session-legacy", Severity: diag.Error, Summary: "the single-domain session options beside session.cookies"},
	{Code: "authelia-session-domain", Severity: diag.Error, Summary: "a session cookie domain that is a wildcard, has no dot, is not a domain or repeats another (a leading dot is a warning)"},
	{Code: "authelia-session-url", Severity: diag.Error, Summary: "an authelia_url or redirection URL that is not absolute, not https or outside the cookie domain"},
	{Code: "authelia-acl-rule", Severity: diag.Error, Summary: "an access control rule without domain or policy, bypass with subjects, duplicate methods (an ineffective wildcard domain is a warning)"},
	{Code: "authelia-acl-subject", Severity: diag.Error, Summary: "an access control subject that starts with neither user:, group: nor oauth2:client:"},
	{Code: "authelia-acl-network", Severity: diag.Error, Summary: "an access control or authorization policy network that is neither an IP address, a CIDR range nor a defined network name"},
	{Code: "authelia-acl-query", Severity: diag.Error, Summary: "an access control query condition with a missing key, a missing or extra value, or a value that is not a string"},
	{Code: "authelia-regex", Severity: diag.Error, Summary: "a regular expression (domain_regex, resources, query pattern) that Go cannot compile"},
	{Code: "authelia-ldap-filter", Severity: diag.Error, Summary: "an LDAP users or groups filter without parentheses, with a missing or removed placeholder"},
	{Code: "authelia-ldap-attribute", Severity: diag.Error, Summary: "a memberof placeholder whose attribute neither the configuration nor the LDAP implementation provides"},
	{Code: "authelia-ldap-bind", Severity: diag.Error, Summary: "permit_unauthenticated_bind with a password or with password reset enabled"},
	{Code: "authelia-storage-key", Severity: diag.Error, Summary: "a storage encryption_key shorter than 20 characters"},
	{Code: "authelia-version-missing", Severity: diag.Warning, Summary: "the Tested Versions section names no Authelia release; says which rules were used"},
	{Code: "authelia-version-unknown", Severity: diag.Warning, Summary: "a tested Authelia version guidec has no rules for; says which rules were used (a note for newer releases of the current major)"},
	{Code: "authelia-authz-endpoint", Severity: diag.Error, Summary: "a server authz endpoint with an invalid name, implementation or authn strategy"},
}
