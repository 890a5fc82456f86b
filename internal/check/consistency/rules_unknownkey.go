package consistency

import (
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/typo"
)

// A setting's name that the application's configuration schema does not
// have stops the application or the tool before it runs: Apache refuses
// to start on a directive no module registers ("Invalid command"), Caddy
// on a directive caddy-security's identity provider block does not know
// (a malformed directive), Terraform on an argument its resource type
// does not declare ("An argument named … is not expected here"). These
// three schemas are closed and published, so a name one or two edits
// from one of theirs is a misspelling of it, not another setting.

// apacheOIDCDirectives are mod_auth_openidc's directives: the names of
// src/cfg/directives.h (2.4.17 and later), with those of earlier 2.4
// releases that a guide may still target (OIDCTokenBindingPolicy,
// OIDCHTMLErrorTemplate, OIDCScrubRequestHeaders,
// OIDCOAuthAccessTokenBindingPolicy).
var apacheOIDCDirectives = []string{
	// server level
	"OIDCPublicKeyFiles", "OIDCDefaultLoggedOutURL", "OIDCCookieHTTPOnly", "OIDCCookieSameSite",
	"OIDCOutgoingProxy", "OIDCClaimDelimiter", "OIDCHTTPTimeoutLong", "OIDCHTTPTimeoutShort",
	"OIDCStateTimeout", "OIDCStateMaxNumberOfCookies", "OIDCSessionInactivityTimeout", "OIDCMetadataDir",
	"OIDCSessionCacheFallbackToCookie", "OIDCSessionCookieChunkSize", "OIDCPreservePostTemplates",
	"OIDCProviderMetadataRefreshInterval", "OIDCBlackListedClaims", "OIDCStateInputHeaders",
	"OIDCRedirectURLsAllowed", "OIDCDiscoverIssuersAllowed", "OIDCCABundlePath", "OIDCLogoutXFrameOptions",
	"OIDCXForwardedHeaders", "OIDCFilterClaimsExpr", "OIDCTraceParent", "OIDCPrivateKeyFiles",
	"OIDCRedirectURI", "OIDCDefaultURL", "OIDCCookieDomain", "OIDCClaimPrefix", "OIDCRemoteUserClaim",
	"OIDCOAuthRemoteUserClaim", "OIDCSessionType", "OIDCInfoHook", "OIDCMetricsData", "OIDCMetricsPublish",
	"OIDCWhiteListedClaims", "OIDCCryptoPassphrase",
	// provider
	"OIDCProviderMetadataURL", "OIDCProviderIssuer", "OIDCProviderAuthorizationEndpoint",
	"OIDCProviderTokenEndpoint", "OIDCProviderTokenEndpointAuth", "OIDCProviderTokenEndpointParams",
	"OIDCProviderRegistrationEndpointJson", "OIDCProviderUserInfoEndpoint", "OIDCProviderRevocationEndpoint",
	"OIDCProviderPushedAuthorizationRequestEndpoint", "OIDCProviderCheckSessionIFrame",
	"OIDCProviderEndSessionEndpoint", "OIDCProviderBackChannelLogoutSupported", "OIDCProviderJwksUri",
	"OIDCProviderSignedJwksUri", "OIDCProviderVerifyCertFiles", "OIDCResponseType",
	"OIDCProviderAuthRequestMethod", "OIDCProfile", "OIDCPKCEMethod", "OIDCDPoPMode", "OIDCResponseMode",
	"OIDCClientJwksUri", "OIDCIDTokenSignedResponseAlg", "OIDCIDTokenEncryptedResponseAlg",
	"OIDCIDTokenEncryptedResponseEnc", "OIDCIDTokenAudValues", "OIDCUserInfoSignedResponseAlg",
	"OIDCUserInfoEncryptedResponseAlg", "OIDCUserInfoEncryptedResponseEnc", "OIDCUserInfoTokenMethod",
	"OIDCSSLValidateServer", "OIDCValidateIssuer", "OIDCClientName", "OIDCClientContact", "OIDCScope",
	"OIDCJWKSRefreshInterval", "OIDCIDTokenIatSlack", "OIDCSessionMaxDuration", "OIDCAuthRequestParams",
	"OIDCLogoutRequestParams", "OIDCClientID", "OIDCClientSecret", "OIDCClientTokenEndpointCert",
	"OIDCClientTokenEndpointKey", "OIDCClientTokenEndpointKeyPassword", "OIDCUserInfoRefreshInterval",
	"OIDCRequestObject",
	// OAuth 2.0 resource server
	"OIDCOAuthServerMetadataURL", "OIDCOAuthClientID", "OIDCOAuthClientSecret",
	"OIDCOAuthIntrospectionClientAuthBearerToken", "OIDCOAuthIntrospectionEndpoint",
	"OIDCOAuthIntrospectionEndpointMethod", "OIDCOAuthIntrospectionEndpointParams",
	"OIDCOAuthIntrospectionEndpointAuth", "OIDCOAuthIntrospectionEndpointCert",
	"OIDCOAuthIntrospectionEndpointKey", "OIDCOAuthIntrospectionEndpointKeyPassword",
	"OIDCOAuthIntrospectionTokenParamName", "OIDCOAuthTokenExpiryClaim", "OIDCOAuthSSLValidateServer",
	"OIDCOAuthVerifyCertFiles", "OIDCOAuthVerifySharedKeys", "OIDCOAuthDecryptSharedKeys",
	"OIDCOAuthVerifyJwksUri", "OIDCOAuthVerifyAudience", "OIDCOAuthVerifyIssuer",
	// per directory
	"OIDCPathScope", "OIDCPathAuthRequestParams", "OIDCDiscoverURL", "OIDCPassCookies", "OIDCStripCookies",
	"OIDCAuthNHeader", "OIDCCookie", "OIDCUnAuthAction", "OIDCUnAutzAction", "OIDCPassClaimsAs",
	"OIDCOAuthAcceptTokenAs", "OIDCOAuthTokenIntrospectionInterval", "OIDCPreservePost",
	"OIDCPassAccessToken", "OIDCPassRefreshToken", "OIDCRefreshAccessTokenBeforeExpiry",
	"OIDCStateCookiePrefix", "OIDCPassIDTokenAs", "OIDCPassUserInfoAs", "OIDCUserInfoClaimsExpr",
	"OIDCCookiePath",
	// cache
	"OIDCCacheType", "OIDCCacheEncrypt", "OIDCCacheShmMax", "OIDCCacheShmEntrySizeMax", "OIDCCacheDir",
	"OIDCCacheFileCleanInterval", "OIDCMemCacheServers", "OIDCMemCacheConnectionsMin",
	"OIDCMemCacheConnectionsSMax", "OIDCMemCacheConnectionsHMax", "OIDCMemCacheConnectionsTTL",
	"OIDCRedisCacheServer", "OIDCRedisCacheUsername", "OIDCRedisCachePassword", "OIDCRedisCacheDatabase",
	"OIDCRedisCacheConnectTimeout", "OIDCRedisCacheTimeout",
	// earlier 2.4 releases
	"OIDCTokenBindingPolicy", "OIDCHTMLErrorTemplate", "OIDCScrubRequestHeaders",
	"OIDCOAuthAccessTokenBindingPolicy",
}

// caddySecurityIdPDirectives are the directives of caddy-security's
// "oauth identity provider NAME { … }" block
// (parseCaddyfileIdentityProvider); any other makes Caddy refuse the
// Caddyfile.
var caddySecurityIdPDirectives = []string{
	"disabled", "realm", "driver", "tenant_id", "domain_name", "client_id", "client_secret", "server_id",
	"base_auth_url", "metadata_url", "identity_token_field_name", "authorization_url", "token_url",
	"logout_url", "region", "user_pool_id", "user_info_roles_field_name", "idp_metadata_location",
	"idp_sign_cert_location", "idp_login_url", "application_id", "application_name", "entity_id",
	"acs_url", "scopes", "user_group_filters", "user_org_filters", "response_type", "delay_start",
	"retry_attempts", "retry_interval", "icon", "disable", "enable", "extract", "required_token_fields",
	"jwks",
}

// terraformMeta are the meta-arguments and blocks every Terraform resource
// accepts.
var terraformMeta = []string{"count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection"}

// terraformResources are the arguments and blocks of the resource types
// guides use to configure an OpenID Connect client, from the providers'
// documentation (hashicorp/vault 4.x and 5.x, hashicorp/nomad 2.x,
// hashicorp/boundary 1.x), by resource type and, for a nested block, the
// type and the path of blocks ("nomad_acl_auth_method.config"). A
// resource type or block not listed is not checked.
var terraformResources = map[string][]string{
	"vault_jwt_auth_backend": {
		"path", "type", "description", "oidc_discovery_url", "oidc_discovery_ca_pem", "oidc_client_id",
		"oidc_client_secret", "oidc_client_secret_wo", "oidc_client_secret_wo_version", "oidc_response_mode",
		"oidc_response_types", "jwks_url", "jwks_ca_pem", "jwks_pairs", "jwt_validation_pubkeys",
		"bound_issuer", "jwt_supported_algs", "default_role", "provider_config", "local", "tune", "namespace",
		"namespace_in_state", "disable_remount", "id",
	},
	"vault_jwt_auth_backend_role": {
		"backend", "role_name", "role_type", "bound_audiences", "user_claim", "user_claim_json_pointer",
		"bound_subject", "bound_claims", "bound_claims_type", "claim_mappings", "oidc_scopes", "groups_claim",
		"allowed_redirect_uris", "clock_skew_leeway", "expiration_leeway", "not_before_leeway",
		"verbose_oidc_logging", "max_age", "disable_bound_claims_parsing", "namespace", "alias_metadata",
		"token_ttl", "token_max_ttl", "token_period", "token_policies", "token_bound_cidrs",
		"token_explicit_max_ttl", "token_no_default_policy", "token_num_uses", "token_type", "id",
	},
	"vault_jwt_auth_backend.tune": {
		"default_lease_ttl", "max_lease_ttl", "audit_non_hmac_response_keys", "audit_non_hmac_request_keys",
		"listing_visibility", "passthrough_request_headers", "allowed_response_headers", "token_type",
	},
	"nomad_acl_auth_method": {
		"name", "type", "token_locality", "max_token_ttl", "token_name_format", "default", "config", "id",
	},
	"nomad_acl_auth_method.config": {
		"jwt_validation_pub_keys", "jwks_url", "jwks_ca_cert", "oidc_discovery_url", "oidc_client_id",
		"oidc_client_secret", "oidc_client_assertion", "oidc_enable_pkce", "oidc_scopes", "oidc_disable_userinfo",
		"bound_audiences", "bound_issuer", "bound_issuers", "allowed_redirect_uris", "discovery_ca_pem",
		"discovery_ca_pems", "signing_algs", "expiration_leeway", "not_before_leeway", "clock_skew_leeway",
		"claim_mappings", "list_claim_mappings", "verbose_logging",
	},
	"nomad_acl_auth_method.config.oidc_client_assertion": {
		"audience", "key_source", "key_algorithm", "private_key", "extra_headers",
	},
	"nomad_acl_auth_method.config.oidc_client_assertion.private_key": {
		"pem_key", "pem_key_file", "key_id_header", "key_id", "pem_cert", "pem_cert_file",
	},
	"boundary_auth_method_oidc": {
		"scope_id", "account_claim_maps", "allowed_audiences", "api_url_prefix", "callback_url", "claims_scopes",
		"client_id", "client_secret", "client_secret_hmac", "description", "disable_discovered_config_validation",
		"idp_ca_certs", "is_primary_for_scope", "issuer", "max_age", "name", "prompts", "provider_type",
		"signing_algorithms", "state", "type", "id",
	},
}

// apacheKnown holds apacheOIDCDirectives lowercased: Apache matches
// directive names in any case.
var apacheKnown = func() map[string]bool {
	s := make(map[string]bool, len(apacheOIDCDirectives))
	for _, d := range apacheOIDCDirectives {
		s[strings.ToLower(d)] = true
	}
	return s
}()

// checkUnknownKeys reports a directive of mod_auth_openidc or of
// caddy-security's identity provider block, or an argument of a
// Terraform resource type of terraformResources, that its schema does not
// have and that is one or two edits from a name it has.
func checkUnknownKeys(m *model, r *reporter) {
	for _, s := range r.p.Snippets {
		if s == nil || len(s.Text) == 0 {
			continue
		}
		switch {
		case isCaddyfile(s):
			checkCaddyDirectives(m, s, r)
		case scanFormat(s) == snippet.Conf:
			checkApacheDirectives(s, r)
		case scanFormat(s) == snippet.HCL:
			checkTerraformArgs(s, r)
		}
	}
}

// checkApacheDirectives reports the misspelt mod_auth_openidc directives
// of an Apache (or other .conf) snippet: a name that starts a line and is
// no directive of the module, within two edits of one when it starts with
// OIDC (any case), within one otherwise (OICDScope).
func checkApacheDirectives(s *snippet.Snippet, r *reporter) {
	if !containsFold(s.Text, "oidc") && !containsFold(s.Text, "oicd") && !containsFold(s.Text, "odic") {
		return
	}
	text := s.Text
	for off := 0; off < len(text); {
		end := off
		for end < len(text) && text[end] != '\n' {
			end++
		}
		i := blanksFrom(string(text[off:end]), 0) + off
		j := i
		for j < end && (isLetterASCII(text[j]) || j > i && (text[j] >= '0' && text[j] <= '9' || text[j] == '_')) {
			j++
		}
		if j > i && (j == end || text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
			name := string(text[i:j])
			lower := strings.ToLower(name)
			k := 1
			if strings.HasPrefix(lower, "oidc") {
				k = 2
			}
			if len(name) >= 7 && !apacheKnown[lower] {
				if want := nearestName(name, apacheOIDCDirectives, k, true); want != "" {
					reportUnknownKey(r, s, source.Span{Start: i, End: j}, name, want,
						"is no directive of mod_auth_openidc: Apache refuses to start (Invalid command '"+name+"')")
				}
			}
		}
		off = end + 1
	}
}

// checkCaddyDirectives reports the misspelt directives of caddy-security's
// identity provider blocks.
func checkCaddyDirectives(m *model, s *snippet.Snippet, r *reporter) {
	if !strings.Contains(string(s.Text), "identity provider") {
		return
	}
	ds := scanCaddyfile(s.Text)
	providers, _ := caddyProviders(ds)
	names := make([]string, len(providers))
	for i, p := range providers {
		names[i] = p.name.Text
	}
	// Every statement of a provider's name but its block's: the
	// references, and the redirect URIs registered for the portal.
	refs := caddyProviderRefs(ds)
	votes := map[string]int{}
	for _, ref := range refs {
		votes[ref.Text]++
	}
	for _, c := range m.clients {
		for _, u := range c.RedirectURIs {
			if name, ok := callbackProvider(u.Text); ok {
				votes[name]++
			}
		}
	}
	for _, ref := range refs {
		if contains(names, ref.Text) || caddyPlaceholder(ref.Text) {
			continue
		}
		want := nearestName(ref.Text, names, 2, false)
		if want == "" {
			continue
		}
		if votes[ref.Text] > votes[want]+1 {
			// The rest of the guide agrees on the reference's name: the
			// block's name is the mistake (reported there once).
			for _, p := range providers {
				if p.name.Text == want {
					reportUnknownKey(r, s, p.name.Span, want, ref.Text, "is not the name the portal and the redirect URIs give this identity provider")
				}
			}
			continue
		}
		reportUnknownKey(r, s, ref.Span, ref.Text, want, "names no identity provider of the Caddyfile (oauth identity provider "+want+")")
	}
	for _, d := range ds {
		if len(d.Blocks) == 0 || d.Name.Quoted || !strings.HasPrefix(d.Blocks[len(d.Blocks)-1], "oauth identity provider ") {
			continue
		}
		name := d.Name.Text
		if contains(caddySecurityIdPDirectives, name) {
			continue
		}
		if want := nearestName(name, caddySecurityIdPDirectives, editBudget(name), false); want != "" {
			reportUnknownKey(r, s, d.Name.Span, name, want,
				"is no directive of caddy-security's identity provider block: Caddy refuses the Caddyfile")
		}
	}
}

// caddyProviderRefs returns the references to identity providers by name
// in a Caddyfile: a portal's "enable identity provider NAME", which makes
// Caddy refuse the Caddyfile when no block has the name, and an
// authorization policy's "set auth url …/oauth2/NAME", where users are
// sent to sign in.
func caddyProviderRefs(ds []caddyDirective) []caddyToken {
	var out []caddyToken
	for _, d := range ds {
		if d.Opens || len(d.Args) != 3 {
			continue
		}
		switch a := d.Args; {
		case d.Name.Text == "enable" && a[0].Text == "identity" && a[1].Text == "provider":
			out = append(out, a[2])
		case d.Name.Text == "set" && a[0].Text == "auth" && a[1].Text == "url" && a[2].Raw:
			u := strings.TrimSuffix(a[2].Text, "/")
			i := strings.LastIndex(u, "/oauth2/")
			if i < 0 || strings.Contains(u[i+len("/oauth2/"):], "/") || i+len("/oauth2/") == len(u) {
				continue
			}
			start := a[2].Span.Start + i + len("/oauth2/")
			out = append(out, caddyToken{Text: u[i+len("/oauth2/"):], Span: source.Span{Start: start, End: a[2].Span.Start + len(u)}, Raw: true})
		}
	}
	return out
}

// checkTerraformArgs reports the misspelt arguments of the Terraform
// resources of terraformResources in an HCL snippet.
func checkTerraformArgs(s *snippet.Snippet, r *reporter) {
	if !strings.Contains(string(s.Text), "resource") {
		return
	}
	for _, a := range scanHCL(s.Text) {
		key := a.Type
		if a.Block != "" {
			key += "." + a.Block
		}
		known, ok := terraformResources[key]
		top := a.Block == "" // where the meta-arguments are
		if !ok || contains(known, a.Name) || top && contains(terraformMeta, a.Name) {
			continue
		}
		want := nearestName(a.Name, known, editBudget(a.Name), false)
		if want == "" && top {
			want = nearestName(a.Name, terraformMeta, editBudget(a.Name), false)
		}
		if want != "" {
			reportUnknownKey(r, s, a.Span, a.Name, want,
				"is no argument of "+strings.TrimSuffix(a.Type+" "+a.Block, " ")+": Terraform refuses the configuration (An argument named \""+a.Name+"\" is not expected here)")
		}
	}
}

// reportUnknownKey reports the name at sp of s, which should be want.
func reportUnknownKey(r *reporter, s *snippet.Snippet, sp source.Span, name, want, why string) {
	at := snippetValue(s, sp, name)
	if r.seen[at.Span] || r.p.Reported(at.Span) {
		return
	}
	r.report(at, diag.Error, "consistency-unknown-key", "write "+want,
		fmt.Sprintf("%s (in %s) %s; did you mean %s?", name, where(s), why, want))
}

// editBudget is the number of edits a name may be from a known one to be
// its misspelling: one for short names (path, tune, realm), two else.
func editBudget(name string) int {
	if len(name) < 6 {
		return 1
	}
	return 2
}

// nearestName returns the name of known closest to name within k edits
// (the first of equals), ignoring case when fold; "" when none is. A name
// equal to a known one but for case is one edit from it.
func nearestName(name string, known []string, k int, fold bool) string {
	best, bestD := "", k+1
	a := name
	if fold {
		a = strings.ToLower(name)
	}
	for _, w := range known {
		b := w
		if fold {
			b = strings.ToLower(w)
		}
		if d := typo.Within(a, b, k); d < bestD {
			if d == 0 {
				return "" // the name itself
			}
			best, bestD = w, max(d, 1)
		}
	}
	return best
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// containsFold reports whether text holds the lowercase ASCII word w in
// any case.
func containsFold(text []byte, w string) bool {
	for i := 0; i+len(w) <= len(text); i++ {
		j := 0
		for j < len(w) && text[i+j]|0x20 == w[j] {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}
