package authelia

// Our schema of identity_providers (reference §1, §2 and §4). Keys without a
// release ("from") exist in every release this package models (4.38 on).

// jwkObject is an entry of the provider's or a client's jwks.
var jwkObject = &object{path: "jwks[]", build: func() []field {
	return []field{
		str("key_id"),
		strEnum("use", enumJWKUse),
		strEnum("algorithm", enumJWKAlg),
		str("key"),
		str("certificate_chain"),
	}
}}

// clientObject is an entry of identity_providers.oidc.clients.
var clientObject = &object{path: "identity_providers.oidc.clients[]", build: clientFields}

// responseObjects are the objects a client's responses can be signed (and,
// from 4.39, encrypted) for; each gives <p>_signed_response_alg and friends.
var responseObjects = []string{"authorization", "id_token", "access_token", "userinfo", "introspection"}

// authEndpoints are the endpoints with a client authentication method; all
// but the token endpoint were added in 4.39.0.
var authEndpoints = []string{"token", "revocation", "introspection", "pushed_authorization_request"}

func clientFields() []field {
	fs := []field{
		str("client_id"),
		str("client_name"),
		str("client_secret"),
		str("sector_identifier_uri"),
		boolean("public"),
		uris("redirect_uris"),
		uris("request_uris").from(v4387),
		strs("audience"),
		strs("scopes"),
		strsEnum("grant_types", enumGrantTypes),
		strsEnum("response_types", enumResponseTypes),
		strsEnum("response_modes", enumResponseModes),
		str("authorization_policy"),
		str("lifespan"),
		str("claims_policy").from(v4390),
		strEnum("requested_audience_mode", enumAudienceMode),
		strEnum("consent_mode", enumConsentMode),
		duration("pre_configured_consent_duration"),
		boolean("require_pushed_authorization_requests"),
		boolean("require_pkce"),
		strEnum("pkce_challenge_method", enumPKCEMethod),
		strEnum("request_object_signing_alg", enumROSigAlg),
		strEnum("request_object_encryption_alg", enumROEncAlg).from(v4390),
		strEnum("request_object_encryption_enc", enumEncEnc).from(v4390),
		boolean("allow_multiple_auth_methods").from(v4383),
		str("jwks_uri"),
		objs("jwks", jwkObject),

		// Keys renamed in 4.38 that Authelia still maps (reference §2).
		renamed(str("id"), "client_id").deprecated(v4380),
		renamed(str("secret"), "client_secret").deprecated(v4380),
		renamed(str("description"), "client_name").deprecated(v4380),
		renamed(str("sector_identifier"), "sector_identifier_uri").deprecated(v4380),
		renamed(strEnum("userinfo_signing_algorithm", enumSigAlg), "userinfo_signed_response_alg").deprecated(v4380),
	}
	for _, p := range responseObjects {
		fs = append(fs,
			strEnum(p+"_signed_response_alg", enumSigAlg),
			str(p+"_signed_response_key_id"),
			strEnum(p+"_encrypted_response_alg", enumEncAlg).from(v4390),
			strEnum(p+"_encrypted_response_enc", enumEncEnc).from(v4390),
			str(p+"_encrypted_response_key_id").from(v4390),
		)
	}
	for _, e := range authEndpoints {
		since := v4390
		if e == "token" {
			since = always
		}
		fs = append(fs,
			strEnum(e+"_endpoint_auth_method", enumAuthMethod).from(since),
			strEnum(e+"_endpoint_auth_signing_alg", enumAuthSigAlg).from(since),
		)
	}
	return fs
}

// corsObject is identity_providers.oidc.cors.
var corsObject = &object{path: "identity_providers.oidc.cors", build: func() []field {
	return []field{
		strsEnum("endpoints", enumCORSEndpoint),
		strs("allowed_origins"),
		boolean("allowed_origins_from_client_redirect_uris"),
	}
}}

// policyRuleObject is a rule of an authorization policy.
var policyRuleObject = &object{path: "identity_providers.oidc.authorization_policies.*.rules[]", build: func() []field {
	return []field{
		strEnum("policy", enumPolicy),
		subjects("subject"),
		uris("networks").from(v4390),
	}
}}

// policyObject is an entry of identity_providers.oidc.authorization_policies.
var policyObject = &object{path: "identity_providers.oidc.authorization_policies.*", build: func() []field {
	return []field{
		strEnum("default_policy", enumPolicy),
		objs("rules", policyRuleObject),
	}
}}

// lifespanTokenObject holds the lifespans of the tokens of one grant.
var lifespanTokenObject = &object{path: "identity_providers.oidc.lifespans.custom.*.grants.*", build: func() []field {
	return []field{
		duration("access_token"),
		duration("authorize_code"),
		duration("id_token"),
		duration("refresh_token"),
	}
}}

// lifespanGrantsObject overrides lifespans per grant type.
var lifespanGrantsObject = &object{path: "identity_providers.oidc.lifespans.custom.*.grants", build: func() []field {
	return []field{
		obj("authorize_code", lifespanTokenObject),
		obj("device_code", lifespanTokenObject).from(v4390),
		obj("implicit", lifespanTokenObject),
		obj("client_credentials", lifespanTokenObject),
		obj("refresh_token", lifespanTokenObject),
		obj("jwt_bearer", lifespanTokenObject),
	}
}}

// customLifespanObject is an entry of lifespans.custom, which clients name in
// their lifespan option.
var customLifespanObject = &object{path: "identity_providers.oidc.lifespans.custom.*", build: func() []field {
	return append(tokenLifespans(), obj("grants", lifespanGrantsObject))
}}

// tokenLifespans are the lifespan keys of lifespans and of its custom
// entries, one per token type.
func tokenLifespans() []field {
	return []field{
		duration("access_token"),
		duration("authorize_code"),
		duration("id_token"),
		duration("refresh_token"),
		duration("device_code").from(v4390),
	}
}

// lifespansObject is identity_providers.oidc.lifespans.
var lifespansObject = &object{path: "identity_providers.oidc.lifespans", build: func() []field {
	return append(tokenLifespans(),
		duration("jwt_secured_authorization"),
		named("custom", customLifespanObject),
	)
}}

// customClaimObject is an entry of a claims policy's custom_claims. Its
// name option (a claim name other than the key) came with 4.39.5.
var customClaimObject = &object{path: "identity_providers.oidc.claims_policies.*.custom_claims.*", build: func() []field {
	return []field{
		str("name").from(v4395),
		str("attribute"),
	}
}}

// claimsPolicyObject is an entry of identity_providers.oidc.claims_policies.
var claimsPolicyObject = &object{path: "identity_providers.oidc.claims_policies.*", build: func() []field {
	return []field{
		strs("id_token"),
		strs("access_token"),
		strEnum("id_token_audience_mode", enumIDTokenAudienceMode),
		named("custom_claims", customClaimObject),
	}
}}

// scopeObject is an entry of identity_providers.oidc.scopes.
var scopeObject = &object{path: "identity_providers.oidc.scopes.*", build: func() []field {
	return []field{
		strs("claims"),
	}
}}

// providerObject is identity_providers.oidc.
var providerObject = &object{path: "identity_providers.oidc", build: func() []field {
	return []field{
		str("hmac_secret"),
		objs("jwks", jwkObject),
		boolean("enable_client_debug_messages"),
		integer("minimum_parameter_entropy"),
		strEnum("enforce_pkce", enumEnforcePKCE),
		boolean("enable_pkce_plain_challenge"),
		boolean("enable_jwt_access_token_stateless_introspection"),
		strEnum("discovery_signed_response_alg", enumDiscoveryAlg),
		str("discovery_signed_response_key_id"),
		boolean("require_pushed_authorization_requests"),
		obj("cors", corsObject),
		objs("clients", clientObject),
		named("authorization_policies", policyObject),
		obj("lifespans", lifespansObject),
		named("claims_policies", claimsPolicyObject).from(v4390),
		named("scopes", scopeObject).from(v4390),

		// Deprecated provider keys (reference §2).
		renamed(duration("access_token_lifespan"), "lifespans", "access_token").deprecated(v4380),
		renamed(duration("authorize_code_lifespan"), "lifespans", "authorize_code").deprecated(v4380),
		renamed(duration("id_token_lifespan"), "lifespans", "id_token").deprecated(v4380),
		renamed(duration("refresh_token_lifespan"), "lifespans", "refresh_token").deprecated(v4380),
		renamed(str("issuer_private_key"), "jwks").conflicting("authelia-issuer-key-jwks").deprecated(v4380),
		renamed(str("issuer_certificate_chain"), "jwks").conflicting("authelia-issuer-key-jwks").deprecated(v4380),
	}
}}

// identityProvidersObject is the top-level identity_providers key.
var identityProvidersObject = &object{path: "identity_providers", build: func() []field {
	return []field{
		obj("oidc", providerObject),
	}
}}

// ClientOnlyOption reports whether key is an option of an OIDC client
// (identity_providers.oidc.clients[]) and not of identity_providers.oidc
// itself: found directly under the latter, it is a client option the
// writer's indentation left outside its client.
func ClientOnlyOption(key string) bool {
	_, client := clientObject.lookup(key)
	_, provider := providerObject.lookup(key)
	return client && !provider
}
