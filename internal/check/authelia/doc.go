// Package authelia checks the Authelia configuration snippets of a guide:
// every YAML block that is (part of) Authelia's configuration.yml is
// validated against our own schema of the whole configuration
// (tables.go for identity_providers, tables_config.go for the rest) and the
// cross-field rules Authelia enforces when it starts, for the Authelia
// release the guide says it was tested with. It also knows what each
// release changed (releases.go), which gives the findings of other
// releases (Pass.Against, against.go) and the upgrade report (upgrade.go),
// and says when a guide names a release it has no rules for
// (version_note.go).
//
// # Which blocks
//
// A YAML block is Authelia's configuration when every top-level key is a
// root key of Authelia's (or a clear misspelling of one whose content fits)
// and at least one is; for the names other programs use too (server, log,
// storage, …) the content decides. A block titled configuration.yml may
// also show an option of a section bare (the common tls structure), which
// is an excerpt, or a misplaced one, which is reported (classify.go).
//
// # Decoder over schema
//
// Values are read as Authelia's decoder reads them (mapstructure's weak
// typing): booleans and integers may be strings, a list may be one
// comma-separated string (split without trimming), durations strings or
// seconds; addresses are parsed as Authelia parses them, per option. Go
// template actions and ${ENV} references are expanded by Authelia before it
// parses the file: they are masked before parsing and their values are not
// judged. Lines that are only "..." and comments such as "# rest of the
// configuration" mark a mapping shown in part, and {} a section described
// elsewhere.
//
// The facts come from the project's reference on Authelia's OIDC clients
// (shared/reference/authelia-oidc-clients.md); Authelia's JSON schemas are
// only test data (drift_test.go compares our schema with them). Codes and
// severities follow Authelia: what makes it refuse to start is an error,
// what it logs and accepts is a warning.
//
// # Versions
//
// Rules change at a few releases: 4.38.x; 4.39.0 (claims policies, custom
// scopes, encryption options, device code); 4.39.2 (HS256/384/512 signed
// responses, encryption rules, the rat and updated_at claims, yescrypt);
// 4.39.5 (custom claim names); 4.39.20 (the authelia.pam scope). A guide
// without a tested version, or with a newer one, gets the newest rules;
// "v4.39.x" means the newest 4.39 release; releases before 4.38 get the
// 4.38.0 rules, the oldest modelled.
//
// # Run time over schema
//
// Where Authelia's JSON schema and its run time disagree, this package
// follows the run time (reference §7):
//
//   - An empty string means "not configured" for every option, although
//     the 4.38 schema's enums leave it out (an empty pkce_challenge_method).
//   - request_object_signing_alg accepts HS256/384/512 unless client jwks
//     are set (then it must be one of their algorithms).
//   - A bare plaintext client_secret is a deprecation warning, not a schema
//     error; $base64$, $1$ (md5crypt) and sha1crypt digests are errors
//     although the schema pattern takes $base64$; $y$ (yescrypt) is fine
//     from 4.39.2 although the schema pattern rejects it.
//   - dir is rejected for a client's *_encrypted_response_alg.
//   - An unknown response type and an unknown or custom scope are warnings.
//   - A redirect URI needs a scheme, not http or https (custom schemes of
//     native apps are fine).
//   - HS* signed responses are accepted from 4.39.2 only, although the 4.39
//     schema lists them for every 4.39 release.
//   - jwks key algorithms are RS/ES/PS (and, from 4.39, encryption
//     algorithms), not HS*.
//
// # Snippet context
//
// Guides show parts of a configuration (reference §7.7):
//
//   - Mandatory provider keys (jwks, hmac_secret) are never required; rules
//     that need the provider keys run only when a snippet shows them.
//   - Names a client refers to (claims_policy, authorization_policy,
//     lifespan, custom scopes) are looked up in every configuration block
//     of the guide, as an overlay.
//   - A client entry that sets none of client_secret, public,
//     token_endpoint_auth_method and redirect_uris is a fragment adding
//     options to the client with the same client_id in another block (the
//     claims-hydration escape hatch, "combine with the configuration
//     above"); its rules see the combined client, and findings on the other
//     block's lines are left to that block.
//   - client_id uniqueness is checked within one block: two blocks with the
//     same client_id are alternatives.
//   - Whether a custom claim's attribute exists is decidable only when the
//     guide shows the authentication backend; otherwise an unknown
//     attribute is a warning.
//
// Syntax errors are the syntax checker's business: a snippet that does not
// parse as YAML is skipped. ReadSnippet gives other checkers (consistency)
// what a snippet states as Authelia's configuration: whether it is one, its
// clients with the spans of their options, and whether a client option sits
// outside its client; ParseClients gives the clients alone. Both read the
// one parse of the snippet this package makes (snippet.Memo).
package authelia
