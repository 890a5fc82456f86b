package authelia

import "github.com/guidec/guidec/internal/diag"

// Value sets of the reference (§1.1, §3, §4). Each group says from which
// release it is accepted; the enums below join them.

var always = version{}

var (
	algsAsymmetric = vals(always, "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512")
	// HS* signed responses use the client secret; the runtime accepts them
	// from 4.39.2 although the 4.39 schema lists them for every 4.39 release.
	algsHMACResponse = vals(v4392, "HS256", "HS384", "HS512")
	algsHMAC         = vals(always, "HS256", "HS384", "HS512")
	algNone          = vals(always, "none")

	// encAlgsKey are the key management algorithms except dir, which the
	// client validator does not accept (validOIDCClientJWKEncryptionKeyAlgs).
	encAlgsKey = vals(always, "RSA1_5", "RSA-OAEP", "RSA-OAEP-256", "A128KW", "A192KW", "A256KW",
		"ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW",
		"A128GCMKW", "A192GCMKW", "A256GCMKW", "PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW")
	encAlgDir = vals(always, "dir")
	encEncs   = vals(always, "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM")
)

const codeEnum = "authelia-enum"

var (
	// enumSigAlg is for <p>_signed_response_alg. none is in the set for every
	// object: where Authelia rejects it (id_token; authorization from 4.39)
	// the rule sig-alg-not-none reports it with its own message.
	enumSigAlg = newEnum(codeEnum, diag.Error, algNone, algsHMACResponse, algsAsymmetric)
	// enumDiscoveryAlg is for discovery_signed_response_alg.
	enumDiscoveryAlg = newEnum(codeEnum, diag.Error, algNone, algsAsymmetric)
	// enumEncAlg is for <p>_encrypted_response_alg, checked from 4.39.2.
	enumEncAlg = checkedFrom(newEnum(codeEnum, diag.Error, algNone, encAlgsKey), v4392)
	// enumEncEnc is for <p>_encrypted_response_enc, checked from 4.39.2.
	enumEncEnc = checkedFrom(newEnum(codeEnum, diag.Error, encEncs), v4392)
	// enumROEncAlg is for request_object_encryption_alg: the provider
	// decrypts, so dir is a valid choice there.
	enumROEncAlg = checkedFrom(newEnum(codeEnum, diag.Error, algNone, encAlgsKey, encAlgDir), v4392)
	// enumROSigAlg is for request_object_signing_alg. The schema leaves HS*
	// out, the runtime accepts it unless client jwks are set (reference §7.2),
	// which ro-alg-in-jwks checks.
	enumROSigAlg = newEnum(codeEnum, diag.Error, algNone, algsHMAC, algsAsymmetric)
	// enumAuthSigAlg is for <endpoint>_auth_signing_alg; which of these a
	// method takes is checked by secret-jwt-alg and pkjwt-alg-required.
	enumAuthSigAlg = newEnum(codeEnum, diag.Error, algsHMAC, algsAsymmetric)

	enumAuthMethod = newEnum("authelia-auth-method-enum", diag.Error,
		vals(always, "none", "client_secret_post", "client_secret_basic", "private_key_jwt", "client_secret_jwt"))
	enumConsentMode = newEnum("authelia-consent-mode-enum", diag.Error,
		vals(always, "auto", "explicit", "implicit", "pre-configured"))
	enumAudienceMode = newEnum("authelia-audience-mode-enum", diag.Error, vals(always, "explicit", "implicit"))
	enumPKCEMethod   = newEnum("authelia-pkce-method-enum", diag.Error, vals(always, "plain", "S256"))
	// enumResponseTypes: an unknown response type is only a warning at run
	// time (reference §3 response-types-enum, §7.5).
	enumResponseTypes = newEnum("authelia-response-types-enum", diag.Warning,
		vals(always, "code", "id_token", "token", "id_token token", "code id_token", "code token", "code id_token token"))
	enumResponseModes = newEnum("authelia-response-modes-enum", diag.Error,
		vals(always, "form_post", "form_post.jwt", "query", "query.jwt", "fragment", "fragment.jwt", "jwt"))
	enumGrantTypes = newEnum("authelia-grant-types-enum", diag.Error,
		vals(always, "authorization_code", "implicit", "refresh_token", "client_credentials"),
		vals(v4390, "urn:ietf:params:oauth:grant-type:device_code"))

	enumEnforcePKCE  = newEnum(codeEnum, diag.Error, vals(always, "public_clients_only", "never", "always"))
	enumCORSEndpoint = newEnum(codeEnum, diag.Error,
		vals(always, "authorization", "pushed-authorization-request", "token", "introspection", "revocation", "userinfo"),
		vals(v4390, "device-authorization"))
	enumPolicy              = newEnum(codeEnum, diag.Error, vals(always, "one_factor", "two_factor", "deny"))
	enumIDTokenAudienceMode = newEnum(codeEnum, diag.Error, vals(always, "specification", "experimental-merged"))
	enumJWKUse              = newEnum(codeEnum, diag.Error, vals(always, "sig"), vals(v4390, "enc"))
	// enumJWKAlg: the validators accept RS/ES/PS signing keys
	// (validOIDCIssuerJWKSigningAlgs, no HS*) and, from 4.39, encryption keys.
	enumJWKAlg = newEnum(codeEnum, diag.Error, algsAsymmetric,
		vals(v4390, "RSA1_5", "RSA-OAEP", "RSA-OAEP-256", "A128KW", "A192KW", "A256KW", "dir",
			"ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW",
			"A128GCMKW", "A192GCMKW", "A256GCMKW", "PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW"))
)

// checkedFrom marks e as validated only from release v on: before it,
// Authelia accepts any value (the encryption options exist from 4.39.0 but
// are validated from 4.39.2).
func checkedFrom(e *enum, v version) *enum {
	e.from = v
	return e
}

// standardScopes are the scopes a client may request without defining them
// under identity_providers.oidc.scopes.
var standardScopes = newEnum("authelia-scope-unknown", diag.Warning,
	vals(always, "openid", "offline_access", "offline", "groups", "email", "profile", "authelia.bearer.authz"),
	vals(v4390, "address", "phone"),
	vals(v43920, "authelia.pam"))

// standardClaims are the claims a claims policy or custom scope may name
// without defining them as custom claims (validOIDCClientClaims). rat and
// updated_at were reserved in 4.39.0 and 4.39.1.
var standardClaims = newEnum("authelia-claims-policy-claim", diag.Error,
	vals(always, "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username",
		"profile", "picture", "website", "email", "email_verified", "gender", "birthdate", "zoneinfo",
		"locale", "phone_number", "phone_number_verified", "address", "groups", "alt_emails"),
	vals(v4392, "rat", "updated_at"))

// reservedIDTokenClaims may not be listed in a claims policy's id_token.
var reservedIDTokenClaims = []string{"jti", "azp", "scope", "iss", "sub", "aud", "sid", "s_hash", "c_hash",
	"iat", "nbf", "exp", "auth_time", "amr", "acr", "nonce"}

// reservedClaims may not be listed in access_token, used as custom claim
// names or in custom scopes (validOIDCReservedClaims).
var reservedClaims = []string{"jti", "azp", "client_id", "scope", "scp", "iss", "sub", "aud", "sid", "s_hash",
	"c_hash", "iat", "updated_at", "nbf", "exp", "auth_time", "amr", "acr", "nonce"}

// builtinAttributes are the user attributes Authelia knows without an extra
// attribute or a definitions.user_attributes entry (validUserAttributes).
var builtinAttributes = []string{"username", "groups", "display_name", "email", "emails", "given_name",
	"middle_name", "family_name", "nickname", "profile", "picture", "website", "gender", "birthdate",
	"zoneinfo", "locale", "phone_number", "phone_extension", "street_address", "locality", "region",
	"postal_code", "country"}
