package authelia

import (
	"bytes"
	"slices"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
)

// identity checks client_id: present, at most 100 characters, RFC 3986
// unreserved characters only. Uniqueness is checked per snippet.
func (k *clientCheck) identity() {
	id := k.c.ID
	switch n := utf8.RuneCountInString(id.Text); {
	case !id.Set || id.Text == "":
		k.onOption(id, diag.Error, "authelia-client-id-required",
			"add client_id with the identifier the application is configured with",
			"option 'client_id' is required")
	case n > 100:
		k.onValue(id, diag.Error, "authelia-client-id-length", "use an identifier of at most 100 characters",
			"option 'client_id' must be 100 characters or less but it's %d characters", n)
	case !unreserved(id.Text):
		k.onValue(id, diag.Error, "authelia-client-id-charset",
			"use only letters, digits, '-', '.', '_' and '~' (a random identifier is best)",
			"option 'client_id' must only contain RFC3986 unreserved characters but it's configured as '%s'", id.Text)
	}
}

// unreserved reports whether s matches ^[a-zA-Z0-9._~-]+$.
func unreserved(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '~' || c == '-') {
			return false
		}
	}
	return s != ""
}

// clientType checks the options a public client may not have and the
// method a confidential client may not use.
func (k *clientCheck) clientType() {
	if k.public {
		// public: true on a client that has a secret and a method that
		// sends it says the opposite of two other options: the flag is
		// the mistake, reported once where it is written.
		if pub := k.opt("public"); k.secret.Text != "" && k.mine(pub) && slices.Contains(secretMethods, k.tokenMethod().method.Text) {
			k.onValue(pub, diag.Error, "authelia-public-no-secret", "set public to false: the client has a secret and sends it",
				"option 'public' is true but the client has a client_secret and option 'token_endpoint_auth_method' is '%s', which only a confidential client uses",
				k.tokenMethod().method.Text)
			// The rules that follow read the client as what its other
			// options say: confidential (no ccg-public, no bearer
			// method rule for a public client).
			k.public = false
			return
		}
		if k.secret.Text != "" {
			k.onValue(k.secret, diag.Error, "authelia-public-no-secret", "remove client_secret, or set public to false",
				"option 'client_secret' is required to be empty when option 'public' is true")
		}
		for _, m := range k.methods {
			if m.method.Text != "" && m.method.Text != "none" && enumAuthMethod.accepts(m.method.Text, k.ver) {
				k.onValue(m.method, diag.Error, "authelia-public-auth-none", "use 'none' for a public client",
					"option '%s_endpoint_auth_method' must be 'none' when configured as the public client type but it's configured as '%s'",
					m.endpoint, m.method.Text)
			}
		}
		return
	}
	if tm := k.tokenMethod(); k.noneRefused() {
		if pub := k.opt("public"); k.secret.Text == "" && pub.node == nil && pub.key == nil && tm.method.node != nil && k.mine(tm.method) {
			// Nothing but the method says which type the client is, and
			// 'none' says public: the flag is what is missing, reported
			// at the client, whose first lines are where it is written.
			k.onClient(diag.Error, "authelia-confidential-auth-not-none",
				"add public: true, or give the client a client_secret and a secret-based token_endpoint_auth_method",
				"option 'public' is not set, so the client is of the confidential client type, but option 'token_endpoint_auth_method' is 'none' and it has no client_secret: a public client needs public: true; a confidential one's method must be one of 'client_secret_post', 'client_secret_basic' or 'private_key_jwt' unless it only includes implicit flow response types")
			return
		}
		k.onOption(tm.method, diag.Error, "authelia-confidential-auth-not-none",
			"use client_secret_basic, client_secret_post or private_key_jwt, or set public to true",
			"option 'token_endpoint_auth_method' must be one of 'client_secret_post', 'client_secret_basic' or 'private_key_jwt' when configured as the confidential client type unless it only includes implicit flow response types such as 'id_token', 'token' and 'id_token token' but it's configured as 'none'")
	}
}

// noneRefused reports whether the client is confidential and its token
// endpoint method none, which Authelia refuses unless every response type
// is implicit.
func (k *clientCheck) noneRefused() bool {
	implicitOnly := len(k.responseTypes) != 0 && allIn(k.responseTypes, implicitResponseTypes)
	return !k.public && k.tokenMethod().name == "none" && !implicitOnly
}

func allIn(list, set []string) bool {
	for _, s := range list {
		if !slices.Contains(set, s) {
			return false
		}
	}
	return true
}

var secretMethods = []string{"client_secret_basic", "client_secret_post", "client_secret_jwt"}

// secretRules checks that a confidential client has a secret exactly when
// one of its methods uses it, and the secret's form.
func (k *clientCheck) secretRules() {
	k.decodable()
	if k.public {
		return
	}
	for _, m := range k.methods {
		if !enumAuthMethod.accepts(m.name, k.ver) {
			return // Authelia stops at the invalid method (reported as such)
		}
	}
	var secretMethod *authMethod
	for i, m := range k.methods {
		if slices.Contains(secretMethods, m.name) {
			secretMethod = &k.methods[i]
			break
		}
	}
	kind := classifySecret(k.secret.Text)
	switch {
	case secretMethod == nil && kind != secretNone && k.noneRefused():
		// The method none is the mistake (authelia-confidential-auth-not-none):
		// the secret is what the client's other options need.
	case secretMethod == nil && kind != secretNone:
		k.onValue(k.secret, diag.Error, "authelia-secret-vs-key-method",
			"remove client_secret, or use a secret-based token_endpoint_auth_method",
			"option 'client_secret' is required to be empty when option 'token_endpoint_auth_method' is '%s'",
			k.tokenMethod().name)
	case secretMethod != nil && kind == secretNone && isFragment(k.c) && k.base == nil && (k.g.incomplete || k.g.illustrative):
		// The client it adds to may be in the block that does not parse,
		// or the page only illustrates an option of some client.
	case secretMethod != nil && kind == secretNone:
		hint := "add client_secret (a digest of the secret the application uses), or set public to true"
		if isFragment(k.c) && k.base == nil {
			hint = "this entry only adds options to a client, but no other block of the guide defines client '" +
				k.c.ID.Text + "' to combine it with; check the client_id"
		}
		// A client_secret written empty is where the secret is missing;
		// one commented out in the client too; without either, the method
		// that needs it is.
		format := "option 'client_secret' is required when public is false and %s_endpoint_auth_method is %s"
		if c := commentedOption(k.c, "client_secret"); c != nil && !k.mine(k.secret) && k.c.Snippet == k.snip {
			k.reportf(c, diag.Error, "authelia-confidential-secret-required",
				"uncomment client_secret (a digest of the secret the application uses), or set public to true",
				k.prefix+format+" (it is commented out here)", secretMethod.endpoint, secretMethod.name)
			break
		}
		// A client_secret missing altogether was most likely where a
		// confidential entry writes it, under client_id beside public:
		// false: the finding goes to public when this entry writes it,
		// else to the client's id (a fragment's method where the fragment
		// states it).
		at := secretMethod.method
		if pub := k.opt("public"); k.mine(k.secret) {
			at = k.secret
		} else if k.mine(pub) && k.c.Snippet == k.snip {
			at = pub
		} else if k.c.Snippet == k.snip && !isFragment(k.c) {
			k.onClient(diag.Error, "authelia-confidential-secret-required", hint, format, secretMethod.endpoint, secretMethod.name)
			break
		}
		k.onOption(at, diag.Error, "authelia-confidential-secret-required", hint, format,
			secretMethod.endpoint, secretMethod.name)
	case secretMethod != nil && kind == secretPlaintext && !k.plaintextExempt():
		k.onValue(k.secret, diag.Warning, "authelia-secret-plaintext",
			"store a digest made with 'authelia crypto hash generate pbkdf2 --variant sha512' instead",
			"option 'client_secret' is plaintext but for clients not using any endpoint auth method 'client_secret_jwt' it should be a hashed value as plaintext values are deprecated")
	}
}

// decodable checks that a client_secret starting with $ is a digest
// Authelia's decoder takes; it does not check the secret against it.
func (k *clientCheck) decodable() {
	if classifySecret(k.secret.Text) != secretDigest {
		return
	}
	if err := decodeSecret(k.secret.Text, k.ver); err != nil {
		k.onValue(k.secret, diag.Error, "authelia-secret-decodable",
			"use a complete digest made with 'authelia crypto hash generate pbkdf2 --variant sha512', or the plaintext secret",
			"option 'client_secret' could not be decoded as a password digest: %v", err)
	}
}

// plaintextExempt reports whether the client needs a plaintext secret, so
// that advising a digest would break it: client_secret_jwt, and from 4.39
// HMAC-signed responses, HMAC-signed request objects and responses
// encrypted with a key derived from the secret (which Authelia refuses
// with a digest: authelia-hmac-alg-plaintext, authelia-enc-needs-client-keys).
func (k *clientCheck) plaintextExempt() bool {
	for _, m := range k.methods {
		if m.name == "client_secret_jwt" {
			return true
		}
	}
	if k.ver.less(v4390) {
		return false
	}
	if isHMAC(k.opt("request_object_signing_alg").Text) {
		return true
	}
	for _, p := range responseObjects {
		if isHMAC(k.opt(p + "_signed_response_alg").Text) {
			return true
		}
		if enc := k.opt(p + "_encrypted_response_alg").Text; enc != "" && enc != "none" && !asymmetricEncAlg(enc) {
			return true
		}
	}
	return false
}

func isHMAC(alg string) bool { return alg == "HS256" || alg == "HS384" || alg == "HS512" }

var asymmetricSigAlgs = []string{"RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512"}

// endpointAuth checks the signing algorithm and secret each method needs.
func (k *clientCheck) endpointAuth() {
	for _, m := range k.methods {
		if !enumAuthSigAlg.accepts(m.alg.Text, k.ver) && m.alg.Text != "" {
			continue // already reported as a value outside the enum
		}
		switch m.name {
		case "client_secret_jwt":
			k.secretJWT(m)
		case "private_key_jwt":
			k.privateKeyJWT(m)
		}
	}
}

func (k *clientCheck) secretJWT(m authMethod) {
	if classifySecret(k.secret.Text) == secretDigest {
		// At the method: a digest is how a guide writes every other
		// client's secret, so the method is what departs from it (and is
		// always written, client_secret_jwt being no default).
		at := m.method
		if !k.mine(at) {
			at = k.secret
		}
		k.onValue(at, diag.Error, "authelia-secret-jwt-plaintext",
			"client_secret_jwt signs with the secret itself: configure it in plaintext",
			"option 'client_secret' must be plaintext with option '%s_endpoint_auth_method' with a value of 'client_secret_jwt'", m.endpoint)
	}
	if m.alg.Text != "" && !isHMAC(m.alg.Text) {
		k.onValue(m.alg, diag.Error, "authelia-secret-jwt-alg", "use 'HS256', 'HS384' or 'HS512'",
			"option '%s_endpoint_auth_signing_alg' must be one of 'HS256', 'HS384' or 'HS512' when option '%s_endpoint_auth_method' is configured to 'client_secret_jwt'",
			m.endpoint, m.endpoint)
	}
}

func (k *clientCheck) privateKeyJWT(m authMethod) {
	switch {
	case m.alg.Text == "":
		k.onOption(m.method, diag.Error, "authelia-pkjwt-alg-required",
			"add "+m.endpoint+"_endpoint_auth_signing_alg with the algorithm of the client's key, such as 'RS256'",
			"option '%s_endpoint_auth_signing_alg' is required when option '%s_endpoint_auth_method' is configured to 'private_key_jwt'",
			m.endpoint, m.endpoint)
	case !slices.Contains(asymmetricSigAlgs, m.alg.Text):
		k.onValue(m.alg, diag.Error, "authelia-pkjwt-alg-required", "use "+quoteList(asymmetricSigAlgs, "or"),
			"option '%s_endpoint_auth_signing_alg' must be one of %s when option '%s_endpoint_auth_method' is configured to 'private_key_jwt'",
			m.endpoint, quoteList(asymmetricSigAlgs, "or"), m.endpoint)
	}
	if k.has("jwks_uri") && k.opt("jwks_uri").Text != "" {
		return
	}
	keys := k.clientKeys()
	if len(keys) == 0 {
		k.onOption(m.method, diag.Error, "authelia-pkjwt-keys-required",
			"add the client's public keys in jwks, or a jwks_uri",
			"option 'jwks_uri' or 'jwks' is required with '%s_endpoint_auth_method' set to 'private_key_jwt'", m.endpoint)
		return
	}
	algs, all := jwksAlgs(keys)
	if all && m.alg.Text != "" && !slices.Contains(algs, m.alg.Text) {
		k.onValue(m.alg, diag.Error, "authelia-pkjwt-keys-required", "use the algorithm of one of the client's jwks keys",
			"option '%s_endpoint_auth_signing_alg' must be one of registered public key algorithm values %s when option '%s_endpoint_auth_method' is configured to 'private_key_jwt'",
			m.endpoint, quoteList(algs, "or"), m.endpoint)
	}
}

// clientKeys returns the client's own jwks entries.
func (k *clientCheck) clientKeys() []jwkInfo {
	p, ok := k.c.entry("jwks")
	if !ok && k.base != nil {
		p, ok = k.base.entry("jwks")
	}
	if !ok {
		return nil
	}
	return jwkInfos(p.value)
}

// commentedOption returns, as a node to report at, a comment line inside
// client c's entry that holds option key (`# client_secret: '…'`): the
// option a writer commented out, which is where it is missing. It looks
// from the entry's first line to the first line indented less than the
// entry's keys (the next entry, or the next section).
func commentedOption(c *Client, key string) *yaml.Node {
	if c.node == nil || c.lines == nil || c.node.Line <= 0 {
		return nil
	}
	text := c.lines.t.Bytes()
	off := c.lines.offset(c.node.Line, 1)
	if off < 0 || off > len(text) {
		return nil
	}
	col := c.node.Column // the entry's keys
	for line, first := c.node.Line, true; off < len(text); line, first = line+1, false {
		end := bytes.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text) - off
		}
		l := text[off : off+end]
		off += end + 1
		body := bytes.TrimLeft(l, " ")
		indent := len(l) - len(body) + 1
		switch {
		case len(bytes.TrimSpace(body)) == 0:
			continue
		case body[0] == '#':
			rest := bytes.TrimLeft(body[1:], " #")
			if indent >= col-2 && bytes.HasPrefix(rest, []byte(key)) && bytes.HasPrefix(bytes.TrimLeft(rest[len(key):], " "), []byte(":")) {
				return &yaml.Node{Kind: yaml.ScalarNode, Line: line, Column: indent, Value: string(bytes.TrimRight(body, " \r"))}
			}
		case !first && indent < col:
			return nil
		}
	}
	return nil
}
