package authelia

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
)

// defaultSigAlg is the algorithm a response object is signed with when the
// client does not say.
func (k *clientCheck) defaultSigAlg(object string) string {
	switch object {
	case "id_token":
		return "RS256"
	case "authorization":
		if k.ver.atLeast(v4390) {
			return "RS256"
		}
	}
	return "none"
}

// signing checks the <object>_signed_response_alg and _key_id options.
func (k *clientCheck) signing() {
	for _, p := range responseObjects {
		alg := k.opt(p + "_signed_response_alg") // userinfo_signing_algorithm is read in its place
		if alg.Text == "none" && (p == "id_token" || p == "authorization" && k.ver.atLeast(v4390)) {
			k.onValue(alg, diag.Error, "authelia-sig-alg-not-none", "use 'RS256', or leave the option out",
				"option '%s_signed_response_alg' must not be 'none'", p)
		}
		if isHMAC(alg.Text) && k.ver.atLeast(v4392) && classifySecret(k.secret.Text) != secretPlaintext {
			k.onValue(alg, diag.Error, "authelia-hmac-alg-plaintext",
				"HS256, HS384 and HS512 sign with the client secret: configure client_secret in plaintext, or use 'RS256'",
				"option '%s_signed_response_alg' is '%s' which requires option 'client_secret' to be plaintext", p, alg.Text)
		}
		k.signingKey(p, alg)
	}
}

// signingKey checks that the provider has a key for the algorithm or key id
// a client asks for. Guides usually leave the provider keys out; then there
// is nothing to compare with.
func (k *clientCheck) signingKey(object string, alg Value) {
	if !k.g.jwksShown {
		return
	}
	if a := alg.Text; a != "" && a != "none" && a != "RS256" && !isHMAC(a) && enumSigAlg.accepts(a, k.ver) {
		if algs, all := jwksAlgs(k.g.jwks); all && !slices.Contains(algs, a) {
			k.onValue(alg, diag.Error, "authelia-sig-alg-has-key", "add a provider jwks key with algorithm '"+a+"', or use 'RS256'",
				"option '%s_signed_response_alg' must be one of %s but it's configured as '%s'", object, quoteList(append(algs, "none"), "or"), a)
		}
	}
	kid := k.opt(object + "_signed_response_key_id")
	if kid.Text == "" {
		return
	}
	if ids, all := jwksKeyIDs(k.g.jwks); all && !slices.Contains(ids, kid.Text) {
		k.onValue(kid, diag.Error, "authelia-sig-alg-has-key", "use the key_id of a provider jwks key",
			"option '%s_signed_response_key_id' must be one of %s but it's configured as '%s'", object, quoteList(ids, "or"), kid.Text)
	}
}

// encryption checks <object>_encrypted_response_alg, validated from 4.39.2:
// the object must be signed, and the client must have the key material the
// algorithm encrypts to.
func (k *clientCheck) encryption() {
	if k.ver.less(v4392) {
		return
	}
	for _, p := range responseObjects {
		enc := k.opt(p + "_encrypted_response_alg")
		if enc.Text == "" || enc.Text == "none" || !enumEncAlg.accepts(enc.Text, k.ver) {
			continue
		}
		sig := k.opt(p + "_signed_response_alg").Text
		if sig == "" {
			sig = k.defaultSigAlg(p)
		}
		if sig == "none" {
			k.onValue(enc, diag.Error, "authelia-enc-needs-sig", "set "+p+"_signed_response_alg, such as 'RS256'",
				"option '%s_encrypted_response_alg' must not be configured when option '%s_signed_response_alg' is 'none'", p, p)
		}
		if asymmetricEncAlg(enc.Text) {
			if !k.has("jwks") && k.opt("jwks_uri").Text == "" {
				k.onValue(enc, diag.Error, "authelia-enc-needs-client-keys", "add the client's public encryption key in jwks, or a jwks_uri",
					"option '%s_encrypted_response_alg' is '%s' which requires option 'jwks' or 'jwks_uri'", p, enc.Text)
			}
		} else if classifySecret(k.secret.Text) != secretPlaintext {
			k.onValue(enc, diag.Error, "authelia-enc-needs-client-keys", "configure client_secret in plaintext, or use an asymmetric algorithm",
				"option '%s_encrypted_response_alg' is '%s' which encrypts with the client secret and requires option 'client_secret' to be plaintext", p, enc.Text)
		}
	}
}

// asymmetricEncAlg reports whether alg encrypts to the client's public key
// (RSA and ECDH-ES) rather than a key derived from the client secret.
func asymmetricEncAlg(alg string) bool {
	return strings.HasPrefix(alg, "RSA") || strings.HasPrefix(alg, "ECDH-ES")
}

// keys checks the client's own jwks: key ids, and that a request object
// signing algorithm matches one of the keys.
func (k *clientCheck) keys() {
	p, ok := k.c.entry("jwks")
	if !ok {
		return
	}
	for i, it := range items(p.value) {
		if m := resolve(it); m != nil && m.Kind == yaml.MappingNode && !hasKey(pairs(m), "key_id") {
			k.reportf(it, diag.Error, "authelia-jwk-key-id", "add a key_id to the key",
				"%sjwks: key #%d: option 'key_id' is required", k.prefix, i+1)
		}
	}
	if k.opt("jwks_uri").Text != "" {
		return
	}
	ro := k.opt("request_object_signing_alg")
	algs, all := jwksAlgs(jwkInfos(p.value))
	if ro.Text != "" && all && !slices.Contains(algs, ro.Text) {
		k.onValue(ro, diag.Error, "authelia-ro-alg-in-jwks", "use the algorithm of one of the client's jwks keys",
			"option 'request_object_signing_alg' must be one of the algorithms of the client's jwks keys %s but it's configured as '%s'",
			quoteList(algs, "or"), ro.Text)
	}
}
