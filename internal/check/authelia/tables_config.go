package authelia

import "github.com/guidec/guidec/internal/diag"

// Our schema of Authelia's whole configuration.yml outside
// identity_providers (tables.go). The keys are those of Authelia's decoder
// (the koanf names of internal/configuration/schema), per release: "from"
// is the first release with the key, "removed" the first without it. Keys
// Authelia still maps from an older name are listed under that name with
// renamed (the deprecation table of internal/configuration/deprecation.go),
// keys it folds with their siblings into one value with foldedInto, keys it
// refuses with a pointer to their replacement with replaced.
// drift_config_test.go compares these tables with the JSON schemas; its
// allow-list says where and why they differ.

// Value sets of the whole configuration (validator/const.go).
var (
	enumTheme        = newEnum(codeEnum, diag.Error, vals(always, "light", "dark", "grey", "auto"), vals(v4390, "oled"))
	enum2FAMethod    = newEnum(codeEnum, diag.Error, vals(always, "totp", "webauthn", "mobile_push"))
	enumLogLevel     = newEnum(codeEnum, diag.Error, vals(always, "error", "warn", "info", "debug", "trace"))
	enumLogFormat    = newEnum(codeEnum, diag.Error, vals(always, "json", "text"))
	enumSameSite     = newEnum(codeEnum, diag.Error, vals(always, "lax", "strict", "none"))
	enumTLSVersion   = folded(newEnum(codeEnum, diag.Error, vals(always, "TLS1.0", "TLS1.1", "TLS1.2", "TLS1.3"), vals(v4390, "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3")))
	enumTOTPAlg      = folded(newEnum(codeEnum, diag.Error, vals(always, "SHA1", "SHA256", "SHA512")))
	enumTOTPDigits   = newEnum(codeEnum, diag.Error, vals(always, "6", "8"))
	enumNTPVersion   = newEnum(codeEnum, diag.Error, vals(always, "3", "4"))
	enumRegulation   = newEnum(codeEnum, diag.Error, vals(always, "user", "ip"))
	enumPGSSLMode    = newEnum(codeEnum, diag.Error, vals(always, "disable", "require", "verify-ca", "verify-full"))
	enumJWTAlg       = newEnum(codeEnum, diag.Error, vals(always, "HS256", "HS384", "HS512"))
	enumValueType    = newEnum(codeEnum, diag.Error, vals(always, "string", "integer", "boolean"))
	enumLDAPImpl     = newEnum(codeEnum, diag.Error, vals(always, "custom", "activedirectory", "rfc2307bis", "freeipa", "lldap", "glauth"))
	enumGroupSearch  = newEnum(codeEnum, diag.Error, vals(always, "filter", "memberof"))
	enumConveyance   = newEnum(codeEnum, diag.Error, vals(always, "none", "indirect", "direct"))
	enumVerification = newEnum(codeEnum, diag.Error, vals(always, "discouraged", "preferred", "required"))
	enumAttachment   = newEnum(codeEnum, diag.Error, vals(always, "platform", "cross-platform"))
	enumCachePolicy  = newEnum(codeEnum, diag.Error, vals(always, "strict", "relaxed"))
	enumMDSStatus    = newEnum(codeEnum, diag.Error, vals(always, "FIDO_NOT_CERTIFIED", "FIDO_CERTIFIED",
		"USER_VERIFICATION_BYPASS", "ATTESTATION_KEY_COMPROMISE", "USER_KEY_REMOTE_COMPROMISE",
		"USER_KEY_PHYSICAL_COMPROMISE", "UPDATE_AVAILABLE", "REVOKED", "SELF_ASSERTION_SUBMITTED",
		"FIDO_CERTIFIED_L1", "FIDO_CERTIFIED_L1plus", "FIDO_CERTIFIED_L2", "FIDO_CERTIFIED_L2plus",
		"FIDO_CERTIFIED_L3", "FIDO_CERTIFIED_L3plus"))
	// enumACLPolicy: the run time takes bypass as a default policy too
	// (IsPolicyValid), although the schema leaves it out there.
	enumACLPolicy = newEnum(codeEnum, diag.Error, vals(always, "bypass", "one_factor", "two_factor", "deny"))
	enumMethods   = newEnum(codeEnum, diag.Error, vals(always, "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
		"TRACE", "CONNECT", "OPTIONS", "COPY", "LOCK", "MKCOL", "MOVE", "PROPFIND", "PROPPATCH", "UNLOCK"))
	enumQueryOperator = folded(newEnum(codeEnum, diag.Error, vals(always, "equal", "not equal", "present", "absent", "pattern", "not pattern")))
	// enumAuthzImpl has no default: an empty implementation is refused for
	// every endpoint but the one named legacy (rules_backend.go).
	enumAuthzImpl     = newEnum(codeEnum, diag.Error, vals(always, "ForwardAuth", "AuthRequest", "ExtAuthz", "Legacy"))
	enumAuthnStrategy = newEnum(codeEnum, diag.Error, vals(always, "HeaderAuthorization", "HeaderProxyAuthorization",
		"HeaderAuthRequestProxyAuthorization", "HeaderLegacy", "CookieSession"))
	enumAuthnScheme = folded(newEnum(codeEnum, diag.Error, vals(always, "basic", "bearer")))
	// enumHashAlg also takes the legacy names sha512 and argon2id, which
	// the validator maps silently (validateFileAuthenticationBackendPasswordConfigLegacy).
	enumHashAlg       = newEnum(codeEnum, diag.Error, vals(always, "argon2", "sha2crypt", "pbkdf2", "bcrypt", "scrypt", "sha512", "argon2id"))
	enumArgon2Variant = newEnum(codeEnum, diag.Error, vals(always, "argon2id", "id", "argon2i", "i", "argon2d", "d"))
	enumSHA2Variant   = newEnum(codeEnum, diag.Error, vals(always, "sha256", "sha512"))
	enumPBKDF2Variant = newEnum(codeEnum, diag.Error, vals(always, "sha1", "sha224", "sha256", "sha384", "sha512"))
	enumBcryptVariant = newEnum(codeEnum, diag.Error, vals(always, "standard", "sha256"))
	enumScryptVariant = newEnum(codeEnum, diag.Error, vals(always, "scrypt", "yescrypt"))
)

func folded(e *enum) *enum   { e.fold = true; return e }
func required(e *enum) *enum { e.required = true; return e }

// tlsObject is the tls option of every client connection.
var tlsObject = &object{path: "tls", build: func() []field {
	return []field{
		strEnum("minimum_version", enumTLSVersion),
		strEnum("maximum_version", enumTLSVersion),
		boolean("skip_verify"),
		str("server_name"),
		str("private_key"),
		str("certificate_chain"),
	}
}}

var buffersObject = &object{path: "buffers", build: func() []field { return []field{integer("read"), integer("write")} }}

var timeoutsObject = &object{path: "timeouts", build: func() []field { return []field{duration("read"), duration("write"), duration("idle")} }}

// The root and its sections, in the order of Authelia's schema.

var logObject = &object{path: "log", build: func() []field {
	return []field{
		strEnum("level", enumLogLevel),
		strEnum("format", enumLogFormat),
		str("file_path"),
		boolean("keep_stdout"),
	}
}}

var passwordResetObject = &object{path: "authentication_backend.password_reset", build: func() []field { return []field{boolean("disable"), str("custom_url")} }}

var passwordChangeObject = &object{path: "authentication_backend.password_change", build: func() []field { return []field{boolean("disable")} }}

var argon2Object = &object{path: "authentication_backend.file.password.argon2", build: func() []field {
	return []field{
		strEnum("variant", enumArgon2Variant), integer("iterations"), integer("memory"),
		integer("parallelism"), integer("key_length"), integer("salt_length")}
}}

var sha2cryptObject = &object{path: "authentication_backend.file.password.sha2crypt", build: func() []field {
	return []field{strEnum("variant", enumSHA2Variant), integer("iterations"), integer("salt_length")}
}}

var pbkdf2Object = &object{path: "authentication_backend.file.password.pbkdf2", build: func() []field {
	return []field{strEnum("variant", enumPBKDF2Variant), integer("iterations"), integer("salt_length")}
}}

var bcryptObject = &object{path: "authentication_backend.file.password.bcrypt", build: func() []field { return []field{strEnum("variant", enumBcryptVariant), integer("cost")} }}

var scryptObject = &object{path: "authentication_backend.file.password.scrypt", build: func() []field {
	return []field{
		strEnum("variant", enumScryptVariant).from(v4390), integer("iterations"), integer("block_size"),
		integer("parallelism"), integer("key_length"), integer("salt_length")}
}}

var filePasswordObject = &object{path: "authentication_backend.file.password", build: func() []field {
	return []field{
		strEnum("algorithm", enumHashAlg),
		obj("argon2", argon2Object),
		obj("sha2crypt", sha2cryptObject),
		obj("pbkdf2", pbkdf2Object),
		obj("bcrypt", bcryptObject),
		obj("scrypt", scryptObject),
		// The options of the 4.35 format, still read when algorithm names a
		// legacy value (sha512, argon2id).
		integer("iterations"), integer("memory"), integer("parallelism"),
		integer("key_length"), integer("salt_length"),
	}
}}

var fileSearchObject = &object{path: "authentication_backend.file.search", build: func() []field { return []field{boolean("email"), boolean("case_insensitive")} }}

// extraAttributeObject is an extra attribute of the file backend; the LDAP
// one adds the directory attribute's name.
var extraAttributeObject = &object{path: "authentication_backend.file.extra_attributes.*", build: func() []field {
	return []field{
		boolean("multi_valued"),
		strEnum("value_type", enumValueType),
	}
}}

var ldapExtraAttributeObject = &object{path: "authentication_backend.ldap.attributes.extra.*", build: func() []field {
	return []field{
		str("name"),
		boolean("multi_valued"),
		strEnum("value_type", enumValueType),
	}
}}

var fileBackendObject = &object{path: "authentication_backend.file", build: func() []field {
	return []field{
		str("path"),
		boolean("watch"),
		obj("password", filePasswordObject),
		obj("search", fileSearchObject),
		named("extra_attributes", extraAttributeObject).from(v4390),
		// Misplaced password options (specificErrorKeys).
		obj("password_options", filePasswordObject).replaced("password"),
		obj("password_hashing", filePasswordObject).replaced("password"),
		obj("hashing", filePasswordObject).replaced("password"),
	}
}}

var ldapPoolingObject = &object{path: "authentication_backend.ldap.pooling", build: func() []field {
	return []field{boolean("enable"), integer("count"), integer("retries"), duration("timeout")}
}}

var ldapAttributesObject = &object{path: "authentication_backend.ldap.attributes", build: ldapAttributeFields}

func ldapAttributeFields() []field {
	fs := []field{str("distinguished_name"), str("username"), str("display_name"), str("mail"),
		str("member_of"), str("group_name")}
	for _, name := range []string{"family_name", "given_name", "middle_name", "nickname", "gender",
		"birthdate", "website", "profile", "picture", "zoneinfo", "locale", "phone_number",
		"phone_extension", "street_address", "locality", "region", "postal_code", "country"} {
		fs = append(fs, str(name).from(v4390))
	}
	return append(fs, named("extra", ldapExtraAttributeObject).from(v4390))
}

var ldapObject = &object{path: "authentication_backend.ldap", build: func() []field {
	return []field{
		address("address", addrLDAP),
		strEnum("implementation", enumLDAPImpl),
		duration("timeout"),
		boolean("start_tls"),
		obj("tls", tlsObject),
		obj("pooling", ldapPoolingObject),
		str("base_dn"),
		str("additional_users_dn"),
		str("users_filter"),
		str("additional_groups_dn"),
		str("groups_filter"),
		strEnum("group_search_mode", enumGroupSearch),
		obj("attributes", ldapAttributesObject),
		boolean("permit_referrals"),
		boolean("permit_unauthenticated_bind"),
		boolean("permit_feature_detection_failure").droppedIn(v43916),
		str("user"),
		str("password"),

		renamed(address("url", addrLDAP), "address").deprecated(v4380),
		renamed(str("username_attribute"), "attributes", "username").deprecated(v4380),
		renamed(str("mail_attribute"), "attributes", "mail").deprecated(v4380),
		renamed(str("display_name_attribute"), "attributes", "display_name").deprecated(v4380),
		renamed(str("group_name_attribute"), "attributes", "group_name").deprecated(v4380),
		renamed(boolean("skip_verify"), "tls", "skip_verify"),
		renamed(strEnum("minimum_tls_version", enumTLSVersion), "tls", "minimum_version"),
	}
}}

var authBackendObject = &object{path: "authentication_backend", build: func() []field {
	return []field{
		obj("password_reset", passwordResetObject),
		obj("password_change", passwordChangeObject).from(v4390),
		refresh("refresh_interval"),
		obj("file", fileBackendObject),
		obj("ldap", ldapObject),

		renamed(boolean("disable_reset_password"), "password_reset", "disable"),
	}
}}

var sessionCookieObject = &object{path: "session.cookies[]", build: func() []field {
	return []field{
		str("name"),
		strEnum("same_site", enumSameSite),
		duration("expiration"),
		duration("inactivity"),
		duration("remember_me"),
		str("domain"),
		str("authelia_url"),
		str("default_redirection_url"),
	}
}}

var redisNodeObject = &object{path: "session.redis.high_availability.nodes[]", build: func() []field { return []field{str("host"), integer("port").between(1, 65535)} }}

var redisHAObject = &object{path: "session.redis.high_availability", build: func() []field {
	return []field{
		str("sentinel_name"), str("sentinel_username"), str("sentinel_password"),
		boolean("route_by_latency"), boolean("route_randomly"), objs("nodes", redisNodeObject)}
}}

var redisObject = &object{path: "session.redis", build: func() []field {
	return []field{
		str("host"),
		integer("port").between(1, 65535),
		duration("timeout"),
		integer("max_retries"),
		str("username"),
		str("password"),
		integer("database_index"),
		integer("maximum_active_connections"),
		integer("minimum_idle_connections"),
		obj("tls", tlsObject),
		obj("high_availability", redisHAObject),
	}
}}

var sessionObject = &object{path: "session", build: func() []field {
	return []field{
		str("name"),
		strEnum("same_site", enumSameSite),
		duration("expiration"),
		duration("inactivity"),
		duration("remember_me"),
		str("secret"),
		objs("cookies", sessionCookieObject),
		obj("redis", redisObject),
		// The single-domain form: mapped to one cookie with a warning; an error
		// together with cookies (rules_session.go).
		str("domain").deprecated(v4380).noted("configure the domain as an entry of session.cookies"),

		renamed(duration("remember_me_duration"), "remember_me").deprecated(v4380),
	}
}}

var totpObject = &object{path: "totp", build: func() []field {
	return []field{
		boolean("disable"),
		str("issuer"),
		strEnum("algorithm", enumTOTPAlg),
		field{name: "digits", kind: kindInt, enum: enumTOTPDigits},
		integer("period").between(15, 1<<31-1),
		integer("skew"),
		integer("secret_size").between(20, 1<<31-1),
		strsEnum("allowed_algorithms", enumTOTPAlg),
		intsEnum("allowed_digits", enumTOTPDigits),
		ints("allowed_periods"),
		boolean("disable_reuse_security_policy"),
	}
}}

var duoObject = &object{path: "duo_api", build: func() []field {
	return []field{boolean("disable"), str("hostname"), str("integration_key"), str("secret_key"), boolean("enable_self_enrollment")}
}}

var aclNetworkObject = &object{path: "access_control.networks[]", build: func() []field { return []field{str("name"), uris("networks")} }}

var aclQueryObject = &object{path: "access_control.rules[].query[][]", build: func() []field { return []field{strEnum("operator", enumQueryOperator), str("key"), anyScalar("value")} }}

var aclRuleObject = &object{path: "access_control.rules[]", build: func() []field {
	return []field{
		uris("domain"),
		uris("domain_regex"),
		strEnum("policy", enumACLPolicy),
		subjects("subject"),
		uris("networks"),
		uris("resources"),
		uris1("methods", enumMethods),
		objLists("query", aclQueryObject),
	}
}}

var accessControlObject = &object{path: "access_control", build: func() []field {
	return []field{
		strEnum("default_policy", enumACLPolicy),
		objs("networks", aclNetworkObject),
		objs("rules", aclRuleObject),
	}
}}

var ntpObject = &object{path: "ntp", build: func() []field {
	return []field{
		address("address", addrUDP),
		field{name: "version", kind: kindInt, enum: enumNTPVersion},
		duration("max_desync"),
		boolean("disable_startup_check"),
		boolean("disable_failure"),
	}
}}

var regulationObject = &object{path: "regulation", build: func() []field {
	return []field{
		strsEnum("modes", enumRegulation).from(v4390),
		integer("max_retries"),
		duration("find_time"),
		duration("ban_time"),
	}
}}

var storageLocalObject = &object{path: "storage.local", build: func() []field { return []field{str("path")} }}

// sqlFields are the options Authelia's MySQL and PostgreSQL storage share,
// with the host and port that 4.38 folded into address.
func sqlFields() []field {
	return []field{
		address("address", addrSQL),
		str("database"),
		str("username"),
		str("password"),
		duration("timeout"),
		obj("tls", tlsObject),
		str("host").foldedInto(v4380, "address"),
		integer("port").foldedInto(v4380, "address"),
	}
}

var mysqlObject = &object{path: "storage.mysql", build: sqlFields}

var postgresServerObject = &object{path: "storage.postgres.servers[]", build: func() []field { return []field{address("address", addrSQL), obj("tls", tlsObject)} }}

var postgresSSLObject = &object{path: "storage.postgres.ssl", build: func() []field {
	return []field{strEnum("mode", enumPGSSLMode), str("root_certificate"), str("certificate"), str("key")}
}}

var postgresObject = &object{path: "storage.postgres", build: func() []field {
	return append(sqlFields(),
		str("schema"),
		objs("servers", postgresServerObject).from(v4390),
		obj("ssl", postgresSSLObject).deprecated(v4380).noted("configure 'tls' instead"),
		renamed(strEnum("sslmode", enumPGSSLMode), "ssl", "mode"),
	)
}}

var storageObject = &object{path: "storage", build: func() []field {
	return []field{
		obj("local", storageLocalObject),
		obj("mysql", mysqlObject),
		obj("postgres", postgresObject),
		str("encryption_key"),
	}
}}

var notifierFSObject = &object{path: "notifier.filesystem", build: func() []field { return []field{str("filename")} }}

var smtpObject = &object{path: "notifier.smtp", build: func() []field {
	return []field{
		address("address", addrSMTP),
		duration("timeout"),
		str("username"),
		str("password"),
		str("identifier"),
		str("sender"),
		str("subject"),
		str("startup_check_address"),
		boolean("disable_require_tls"),
		boolean("disable_html_emails"),
		boolean("disable_starttls"),
		obj("tls", tlsObject),
		str("host").foldedInto(v4380, "address"),
		integer("port").foldedInto(v4380, "address"),
		renamed(boolean("disable_verify_cert"), "tls", "skip_verify"),
		str("trusted_cert").replaced("certificates_directory"),
	}
}}

var notifierObject = &object{path: "notifier", build: func() []field {
	return []field{
		boolean("disable_startup_check"),
		obj("filesystem", notifierFSObject),
		obj("smtp", smtpObject),
		str("template_path"),
	}
}}

var rateLimitBucketObject = &object{path: "server.endpoints.rate_limits.*.buckets[]", build: func() []field {
	return []field{
		duration("period").atLeastSeconds(10),
		integer("requests").between(1, 1<<31-1),
	}
}}

var rateLimitObject = &object{path: "server.endpoints.rate_limits.*", build: func() []field { return []field{boolean("enable"), objs("buckets", rateLimitBucketObject)} }}

var rateLimitsObject = &object{path: "server.endpoints.rate_limits", build: func() []field {
	return []field{
		obj("reset_password_start", rateLimitObject),
		obj("reset_password_finish", rateLimitObject),
		obj("second_factor_totp", rateLimitObject),
		obj("second_factor_duo", rateLimitObject),
		obj("session_elevation_start", rateLimitObject),
		obj("session_elevation_finish", rateLimitObject),
		obj("openid_connect_token", rateLimitObject),
		obj("openid_connect_pushed_authorization_request", rateLimitObject),
		obj("openid_connect_userinfo", rateLimitObject),
		obj("openid_connect_introspection", rateLimitObject),
		obj("openid_connect_revocation", rateLimitObject),
	}
}}

var authnStrategyObject = &object{path: "server.endpoints.authz.*.authn_strategies[]", build: func() []field {
	return []field{
		strEnum("name", enumAuthnStrategy),
		strsEnum("schemes", enumAuthnScheme),
		duration("scheme_basic_cache_lifespan").from(v4390),
	}
}}

var authzEndpointObject = &object{path: "server.endpoints.authz.*", build: func() []field {
	return []field{
		strEnum("implementation", enumAuthzImpl),
		objs("authn_strategies", authnStrategyObject),
	}
}}

var endpointsObject = &object{path: "server.endpoints", build: func() []field {
	return []field{
		boolean("enable_pprof"),
		boolean("enable_expvars"),
		obj("rate_limits", rateLimitsObject).from(v4390),
		named("authz", authzEndpointObject),
	}
}}

var serverTLSObject = &object{path: "server.tls", build: func() []field { return []field{str("certificate"), str("key"), strs("client_certificates")} }}

var serverObject = &object{path: "server", build: func() []field {
	return []field{
		address("address", addrServer),
		str("asset_path"),
		boolean("disable_healthcheck"),
		obj("tls", serverTLSObject),
		obj("headers", &object{path: "server.headers", build: func() []field {
			return []field{
				str("csp_template")}
		}}),
		obj("endpoints", endpointsObject),
		obj("buffers", buffersObject),
		obj("timeouts", timeoutsObject),

		str("host").foldedInto(v4380, "address"),
		integer("port").foldedInto(v4380, "address"),
		str("path").foldedInto(v4380, "address"),
		renamed(boolean("enable_pprof"), "endpoints", "enable_pprof").deprecated(v4380),
		renamed(boolean("enable_expvars"), "endpoints", "enable_expvars").deprecated(v4380),
		renamed(integer("read_buffer_size"), "buffers", "read"),
		renamed(integer("write_buffer_size"), "buffers", "write"),
	}
}}

var metricsObject = &object{path: "telemetry.metrics", build: func() []field {
	return []field{
		boolean("enabled"),
		address("address", addrMetrics),
		obj("buffers", buffersObject),
		obj("timeouts", timeoutsObject),
	}
}}

var telemetryObject = &object{path: "telemetry", build: func() []field { return []field{obj("metrics", metricsObject)} }}

var webauthnFilteringObject = &object{path: "webauthn.filtering", build: func() []field {
	return []field{boolean("prohibit_backup_eligibility"), strs("permitted_aaguids"), strs("prohibited_aaguids")}
}}

var webauthnSelectionObject = &object{path: "webauthn.selection_criteria", build: func() []field {
	return []field{
		strEnum("attachment", enumAttachment),
		strEnum("discoverability", enumVerification),
		strEnum("user_verification", enumVerification),
	}
}}

var webauthnMetadataObject = &object{path: "webauthn.metadata", build: func() []field {
	return []field{
		boolean("enabled"),
		strEnum("cache_policy", enumCachePolicy),
		boolean("validate_trust_anchor"),
		boolean("validate_entry"),
		boolean("validate_entry_permit_zero_aaguid"),
		boolean("validate_status"),
		strsEnum("validate_status_permitted", enumMDSStatus),
		strsEnum("validate_status_prohibited", enumMDSStatus),
	}
}}

var webauthnObject = &object{path: "webauthn", build: func() []field {
	return []field{
		boolean("disable"),
		boolean("enable_passkey_login").from(v4390),
		boolean("experimental_enable_passkey_uv_two_factors").from(v4390),
		boolean("experimental_enable_passkey_upgrade").from(v4390),
		str("display_name"),
		strEnum("attestation_conveyance_preference", enumConveyance),
		duration("timeout"),
		obj("filtering", webauthnFilteringObject).from(v4390),
		obj("selection_criteria", webauthnSelectionObject).from(v4390),
		obj("metadata", webauthnMetadataObject).from(v4390),
		// A 4.38 key that 4.39 moved under selection_criteria.
		userVerificationField(),
	}
}}

// userVerificationField is webauthn.user_verification: a key of 4.38,
// mapped to selection_criteria.user_verification from 4.39.0.
func userVerificationField() field {
	f := renamed(strEnum("user_verification", enumVerification), "selection_criteria", "user_verification")
	return f.deprecated(v4390)
}

var passwordPolicyObject = &object{path: "password_policy", build: func() []field {
	return []field{
		obj("standard", &object{path: "password_policy.standard", build: func() []field {
			return []field{
				boolean("enabled"), integer("min_length"), integer("max_length"), boolean("require_uppercase"),
				boolean("require_lowercase"), boolean("require_number"), boolean("require_special")}
		}}),
		obj("zxcvbn", &object{path: "password_policy.zxcvbn", build: func() []field {
			return []field{
				boolean("enabled"), integer("min_score")}
		}}),
	}
}}

var privacyPolicyObject = &object{path: "privacy_policy", build: func() []field {
	return []field{boolean("enabled"), boolean("require_user_acceptance"), str("policy_url")}
}}

var identityValidationObject = &object{path: "identity_validation", build: func() []field {
	return []field{
		obj("reset_password", &object{path: "identity_validation.reset_password", build: func() []field {
			return []field{
				duration("jwt_lifespan"), strEnum("jwt_algorithm", enumJWTAlg), str("jwt_secret")}
		}}),
		obj("elevated_session", &object{path: "identity_validation.elevated_session", build: func() []field {
			return []field{
				duration("code_lifespan"), duration("elevation_lifespan"), integer("characters").between(1, 20),
				boolean("require_second_factor"), boolean("skip_second_factor")}
		}}),
	}
}}

var definitionsObject = &object{path: "definitions", build: func() []field {
	return []field{
		namedStrs("network"),
		named("user_attributes", &object{path: "definitions.user_attributes.*", build: func() []field {
			return []field{
				str("expression")}
		}}),
	}
}}

// rootObject is the whole configuration file.
var rootObject = &object{path: "", build: func() []field {
	return []field{
		strEnum("theme", enumTheme),
		str("certificates_directory"),
		strEnum("default_2fa_method", enum2FAMethod),
		obj("log", logObject),
		obj("identity_providers", identityProvidersObject),
		obj("authentication_backend", authBackendObject),
		obj("session", sessionObject),
		obj("totp", totpObject),
		obj("duo_api", duoObject),
		obj("access_control", accessControlObject),
		obj("ntp", ntpObject),
		obj("regulation", regulationObject),
		obj("storage", storageObject),
		obj("notifier", notifierObject),
		obj("server", serverObject),
		obj("telemetry", telemetryObject),
		obj("webauthn", webauthnObject),
		obj("password_policy", passwordPolicyObject),
		obj("privacy_policy", privacyPolicyObject),
		obj("identity_validation", identityValidationObject),
		obj("definitions", definitionsObject).from(v4390),
		// Replaced by session.cookies[].default_redirection_url in 4.38: still
		// read for the single-domain form, an error beside cookies.
		str("default_redirection_url").deprecated(v4380).noted("configure it per cookie as session.cookies[].default_redirection_url"),

		renamed(str("jwt_secret"), "identity_validation", "reset_password", "jwt_secret").deprecated(v4380),
		renamed(strEnum("log_level", enumLogLevel), "log", "level"),
		renamed(strEnum("log_format", enumLogFormat), "log", "format"),
		renamed(str("log_file_path"), "log", "file_path"),
		renamed(strEnum("logs_level", enumLogLevel), "log", "level"),
		renamed(str("logs_file"), "log", "file_path"),
		renamed(str("host"), "server", "host"),
		renamed(integer("port"), "server", "port"),
		renamed(str("tls_key"), "server", "tls", "key"),
		renamed(str("tls_cert"), "server", "tls", "certificate"),
		str("google_analytics").replaced(""),
	}
}}
