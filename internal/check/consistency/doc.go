// Package consistency checks that the snippets and assumptions of one guide
// agree with each other: the values a reader copies into Authelia and into
// the application must describe the same client.
//
// # The model
//
// From a check.Pass the checker builds a small model of the guide:
//
//   - Assumptions: list items whose text starts with "Application Root URL:",
//     "Authelia Root URL:", "Client ID:" or "Client Secret:" (any case, bold
//     markers and backticks tolerated, an optional parenthetical such as
//     "Client ID (Key):"). The value must be one token; prose such as "the
//     secret you generated" is not a value, and one sentence period is
//     dropped. For each label the first item in a section whose id contains
//     "assumption" is the reference; other Client ID and Client Secret items
//     (step-by-step UI instructions) are app-side values.
//   - Provider side: the clients of every Authelia configuration snippet (a
//     YAML snippet titled configuration.yml, or whose top-level keys are all
//     Authelia's): client_id, client_secret, public and redirect_uris, with
//     the deprecated id and secret accepted. Several blocks with the same
//     client_id are alternatives: a value is right when any of them accepts
//     it.
//   - Tables and prose outside the Assumptions (prose.go): a table cell
//     whose row's first cell or column's header is a label of a kind
//     ("| Client ID | `myapp` |"), and an inline code span that a sentence
//     of instructions names ("Set the Redirect URI to `…`", "Enter `…` in
//     the Client ID field", "the Client ID is `…`"). They are app-side
//     values: what the reader types into the application.
//   - App side: .env snippets (titled *.env, or shell fences made only of
//     NAME=value lines), the environment of compose services (mapping or
//     "KEY=value" list), and the keys of other application snippets: YAML
//     and JSON are parsed (yaml.v3); INI, TOML, PHP arrays, Python,
//     JavaScript, Elixir and similar are scanned line by line for
//     `key = value`, `key: value` and `'key' => 'value'`, where code
//     languages count only quoted values. A JSON object held in a string
//     value (django-allauth's SOCIALACCOUNT_PROVIDERS) is read too, and
//     so is a document held in a literal block scalar, or JSON in a
//     folded one (blocks.go). The quoted items of an array opened on an
//     earlier line (HCL's allowed_redirect_uris = [) are values of its
//     key. Conf snippets (and apache, nginx fences) also give their
//     directives (OIDCClientID apache); Caddyfiles (caddy, caddyfile
//     fences, or titled Caddyfile) the directives of one argument, and the
//     scopes list, under the labels of their blocks (caddy-security's
//     oauth identity provider block: base_auth_url and metadata_url are
//     the issuer), placeholders such as {env.X} not read; XML snippets
//     the elements that hold a value on one line, under the path of the
//     elements around them. A shell fence that is no .env but clearly a YAML mapping is
//     read as YAML; other shell snippets, and inline code spans that are
//     commands, give their options (--name=value, --name value, and the
//     key=value of --from-literal, --set and -e).
//
// Values are compared as the reader sees them: a sitevar call counts as its
// nojs value.
//
// # App-side keys
//
// A key is normalised (lowercased, letters and digits only), so client_id,
// clientId, client-id, OIDC_CLIENT_ID, oidc.client.id and
// 'oidc_login_client_id' all end in "clientid". The table keyRules (keys.go)
// maps suffixes to kinds; a rule marked Context also requires the key path
// (parent keys, INI section, the key) to contain oidc, oauth, openid, sso or
// authelia, or the key to start with oid (OidEndpoint). In a snippet
// whose redirect keys name OpenID Connect for some and not for others,
// only the former are redirect URIs (MINIO_BROWSER_REDIRECT_URL beside
// MINIO_IDENTITY_OPENID_REDIRECT_URI). A signing algorithm key naming
// userinfo or profile is the userinfo algorithm's.
//
// Parent keys are those of YAML/JSON trees, INI and TOML sections, arrays
// and objects opened at the end of a line in PHP, JavaScript and similar,
// and, for list items of instructions, "oidc" when the section's items
// state a client id or secret. A document held in a literal block scalar
// (`oidc.config: |`) is read as YAML, JSON or .env when it clearly is one,
// with the key of the block as its parent.
//
//	kind          suffixes
//	client id     clientid, clientidentifier; a bare "identifier" among
//	              OpenID Connect settings that state no other client id;
//	              P+"key" of a snippet that also has P+"secret" and is
//	              about OpenID Connect (SOCIAL_AUTH_OIDC_KEY, --key)
//	client secret clientsecret, oidcsecret, oauthsecret, oauth2secret;
//	              a bare "secret" beside a client id in the same mapping;
//	              P+"secret" of such a pair; P+"clientkey" beside a
//	              client id (Proxmox VE's --client-key)
//	redirect URI  redirecturi(s), redirecturl(s), callbackurl, callbackuri
//	issuer URL    issuer, issuerurl, issueruri, issuerbaseurl, authority,
//	              providerurl, providerbaseurl, providermetadataurl,
//	              discoveryurl, discoveryuri, discoveryendpoint, wellknown,
//	              wellknownurl, openidconfigurationurl; with Context:
//	              configurationurl, configendpoint, configurl, serverurl,
//	              serverapplicationurl, and endpoint, domain or host alone
//	              (after oidc, oauth2, provider… prefixes); any key
//	              containing "authelia" and ending in "url"
//	endpoint URL  authurl, authorizeurl, authorizationurl, authendpoint,
//	              authorizeendpoint, authorizationendpoint, tokenurl,
//	              tokenendpoint, userinfourl, userinfoendpoint,
//	              introspectionendpoint, jwksurl, jwksuri
//	app URL       rooturl, appurl, applicationurl, publicurl, externalurl,
//	              siteurl, baseurl, weburl, frontendurl, hosturl, platformurl,
//	              callbackhost, serverurl without Context (…uri spellings too)
//	audience      audience, with Context (Incus's oidc.audience)
//
// Keys containing logout, signout, endsession, silent or nextauth never
// match: such redirects need not be registered, and NEXTAUTH_URL is the
// application's own URL. Placeholders are never compared: values with
// blanks, ${…}, {{…}}, <…>, $(…), %(…), %env, "..." or "…", masks such as
// ****, secrets that reference a variable ($NAME) or a file (/run/…), and
// URLs without a scheme; an ellipsis in a client_secret digest, though,
// marks an excerpt of a real digest, which consistency-secret-elided
// reports.
//
// # Rules
//
//	code                           severity  reported at
//	consistency-client-id          error     the app-side client id that no client has (Related: the
//	                                         client_ids); or the Client ID assumption, when no client
//	                                         has it and the application agrees with the configuration
//	                                         (or there are several clients); or the configuration's
//	                                         client_id, when its only client_id differs from the
//	                                         assumption (app values equal to the assumption are then
//	                                         not reported again)
//	consistency-secret             error     the client_secret (digest or plaintext) that does not
//	                                         match the Client Secret assumption, verified with package
//	                                         digest; an app-side secret that differs from the
//	                                         assumption or, without one, matches no digest of its
//	                                         clients. Public clients are skipped; undecodable digests
//	                                         are check/authelia's (authelia-secret-decodable)
//	consistency-secret-elided      error     a client_secret digest with "..." or "…" that Authelia
//	                                         decodes (an excerpt) and no stated secret matches
//	consistency-secret-unverified  warning   a client_secret digest a stated secret could not be
//	                                         verified against: over the limits of one digest, an
//	                                         unbounded algorithm, or the run's budget spent (package
//	                                         digest); once per digest, and an app-side secret is then
//	                                         not called wrong
//	consistency-redirect-uri       error     an app-side redirect URI that is not exactly (loopback
//	                                         ports aside, RFC 8252) one of the redirect_uris of the
//	                                         clients it belongs to: those named by a client id in the
//	                                         same snippet, else the assumed client, else all; or the
//	                                         client's redirect_uris entry, when it is the odd one out
//	                                         (see oddRedirect); or one written without the scheme
//	                                         of the registered URI it stands for; a caddy-security
//	                                         identity provider's name that is not the one in the
//	                                         /oauth2/NAME/authorization-code-callback it registers
//	consistency-redirect-uri-root  warning   an http(s) redirect_uris entry on the Application Root
//	                                         URL's host but not under it (scheme, port or path)
//	consistency-url-scheme         error     an application value or Assumptions URL whose scheme is a
//	                                         near miss of http or https (htps://, hhttps://)
//	consistency-issuer             error     an issuer, discovery or endpoint URL whose origin is not
//	                                         the Authelia Root URL's; single-label hosts and IPs
//	                                         (container names, back-channel addresses) and URLs on
//	                                         the Application Root URL's origin are skipped, unless
//	                                         their path is Authelia's (/api/oidc/…, /jwks.json, the
//	                                         discovery document) or they are an issuer beside the
//	                                         client id or secret (same snippet and mapping, or the
//	                                         instructions): the application's host pasted;
//	                                         a URL of any key on the Authelia host misspelt
//	                                         (atuh.example.com: two letters swapped or one replaced);
//	                                         info: an issuer key given the discovery URL;
//	                                         the other form of a discovery URL whose application reads
//	                                         one (OIDCProviderMetadataURL, caddy-security's metadata_url:
//	                                         the document; Vault's oidc_discovery_url: the issuer);
//	                                         or Authelia's URL with other than two slashes after
//	                                         its scheme (https:/auth.example.com: no host)
//	consistency-app-url            error     an application URL (ROOT_URL, BASE_URL, PUBLIC_URL…) on
//	                                         another origin than the Application Root URL and every
//	                                         redirect URI, on a related host: the application builds
//	                                         its redirect URI from it
//	consistency-scope              error     an app-side scope list (a value with a standard scope in
//	                                         it) naming a scope the client does not grant; or the
//	                                         client's scope that is a near miss of a requested one;
//	                                         info (a warning when another snippet's list has it): a
//	                                         list without openid while the client grants it
//	consistency-auth-method        error     an app-side token endpoint auth method that is not the
//	                                         client's (default client_secret_basic / none); on the
//	                                         client when the app states another twice; a misspelt
//	                                         one (client-secret-post, client_post), whatever the
//	                                         client (rules_typed_enum.go)
//	consistency-pkce               error     PKCE disabled, or another challenge method, for a client
//	                                         that requires PKCE; a method in another case than RFC
//	                                         7636's (s256), or SHA256, whatever the client
//	consistency-audience           error     an audience the application requires that the client's
//	                                         audience list does not grant
//	consistency-response-type      error     a response type the client's response_types lack; a
//	                                         misspelt one (Code, codes, authorization_code), in a
//	                                         setting or a URL's response_type=, whatever the client
//	consistency-signing-alg        error     an expected ID Token (userinfo) signing algorithm that is
//	                                         not the client's; an algorithm in another case than RFC
//	                                         7518's (rs256, RS-256, RSA256), whatever the client
//	consistency-public-secret      error     a secret given to the application of a public client
//	                                         without client_secret
//	consistency-env-name           error     a .env and a compose variable whose names differ by a typo
//	consistency-claim-spelling     error     a claim named by an app setting one edit from a claim
//	                                         Authelia issues (preferred_usernme), not in the provider
//	consistency-env-missing        error     .env and compose.yml variants (3+ shared variables) where
//	                                         one lacks the client id, secret or issuer the other sets
//	consistency-key-separator      warning   the one key of a mapping joining its words with '-' where
//	                                         three or more siblings use '_', or the reverse
//	consistency-env-one-side       warning   a .env and a compose environment sharing every variable
//	                                         but one (3+ shared): the lacking one is missing a line
//	consistency-env-case           warning   a variable in lower case among the capitalised variables
//	                                         of one .env file or Compose environment
//	consistency-span-typo          warning   a code span in prose written nowhere else, one slip from a
//	                                         word the snippets write (argocd-dmins for argocd-admins)
//	consistency-assign-doubled     error     KEY==value in .env, Compose, INI, properties; name == 'v'
//	                                         starting a line of a program's configuration
//	consistency-lines-joined       error     an environment variable's value runs into NAME= of a
//	                                         variable the guide sets or of the same first word
//	consistency-scope-separators   warning   one scope string mixing ',' and ' ' separators
//	consistency-protocol-spelling  error     a value one edit from oidc, openid, oauth2, openidconnect
//	consistency-unknown-key        error     a mod_auth_openidc directive (any case), a directive of
//	                                         caddy-security's identity provider block, or an argument of a
//	                                         vault_jwt_auth_backend(_role), nomad_acl_auth_method or
//	                                         boundary_auth_method_oidc resource (or of their nested blocks
//	                                         tune, config), one or two edits from a
//	                                         name of that schema and not one (rules_unknownkey.go); a
//	                                         Caddyfile's reference to an identity provider (enable
//	                                         identity provider, set auth url) misspelling its name
//	consistency-key-spelling       error     an app key with a misspelt OpenID Connect word (clinet_id,
//	                                         OICD_ISSUER) whose mended key the checker reads as a
//	                                         setting; a warning unless another snippet writes it
//	consistency-bool-spelling      error     an app-side boolean misspelt by one edit (ture, flase);
//	                                         real words (tree) only under a key naming a switch
//	consistency-bool-quoted        error     "true"/"false" as a string in JSON; in an app's YAML
//	                                         file (titled, not chart values nor a Kubernetes object)
//	                                         or a YAML document in a block scalar, unless all its
//	                                         booleans are quoted; in TOML and other YAML,
//	                                         beside a bare boolean of its mapping, or in a document
//	                                         of more bare booleans (two at least) than quoted; never
//	                                         under env, environment, data, labels, annotations, env
//	                                         names, in Compose files or Authelia's configuration
//	consistency-grant-type         error     a grant type misspelt (authorization-code, auth_code)
//	consistency-env-compose        error     a compose environment value that differs from the .env
//	                                         value of the same variable (Related: the .env value);
//	                                         issuer URLs compare without the trailing slash and the
//	                                         /.well-known/openid-configuration suffix; values with
//	                                         '$' and values already reported are skipped; reported
//	                                         in the file the rest of the guide contradicts: the
//	                                         value on the Application Root URL's origin when the
//	                                         other is on the Authelia Root URL's
//
// # One mistake, one finding
//
// A fact stated in several places (client id, secret, Authelia Root URL,
// Application Root URL, auth method) is reported where it disagrees with
// the rest: when every other statement agrees on one value, the odd one out
// is the mistake, even when it is the Authelia client or the assumption
// (see oddProvider, assumptionOdd, rootOdd). Statements are found by key
// (the table above), in list items of step-by-step instructions ("Issuer
// URL: …"), in escape-hatch calls (client_id), and by value: an
// unrecognised key naming an id, key, secret or password whose value is a
// near miss of the client id or the secret, and URLs on the Authelia Root
// URL's origin or with Authelia's endpoint paths, whose path must then be
// one of Authelia's endpoints.
//
// Errors are reported only when the values are certain to disagree. Syntax
// errors in snippets are check/syntax's; Authelia's own rules (claims
// policies, secret decodability, schema) are check/authelia's.
package consistency
