package authelia

import (
	"errors"
	"net/url"
	"strings"

	"github.com/guidec/guidec/internal/diag"
)

// oob is the special redirect URI of installed applications (RFC 8252's
// predecessor), allowed for public clients only.
const oob = "urn:ietf:wg:oauth:2.0:oob"

// uris checks redirect_uris, request_uris, jwks_uri and sector_identifier_uri.
func (k *clientCheck) uris() {
	redirects, _ := k.list("redirect_uris")
	for _, r := range redirects {
		k.redirectURI(r)
	}
	requests, _ := k.list("request_uris")
	for _, r := range requests {
		k.requestURI(r)
	}
	jwksURI := k.opt("jwks_uri")
	if jwksURI.Text != "" {
		if k.has("jwks") && !k.g.illustrative {
			k.onValue(jwksURI, diag.Error, "authelia-jwks-exclusive", "keep either jwks_uri or jwks",
				"option 'jwks_uri' must not be defined at the same time as option 'jwks'")
		}
		if u, err := url.Parse(jwksURI.Text); err != nil || u.Scheme != "https" {
			scheme := ""
			if u != nil {
				scheme = u.Scheme
			}
			k.onValue(jwksURI, diag.Error, "authelia-jwks-uri-https", "serve the keys over https",
				"option 'jwks_uri' must have the 'https' scheme but it has the '%s' scheme", scheme)
		}
	}
	k.sectorIdentifier()
}

func (k *clientCheck) redirectURI(r Value) {
	if t := strings.TrimSpace(r.Text); t != r.Text && t != "" {
		k.onValue(r, diag.Error, "authelia-redirect-absolute", "remove the blank: write '"+t+"'",
			"option 'redirect_uris' has the redirect uri '%s' with a blank at its start or end: Authelia compares redirect URIs byte for byte with the one the application sends, which has none", r.Text)
		return
	}
	if r.Text == oob {
		if !k.public {
			k.onValue(r, diag.Error, "authelia-redirect-oob-public", "set public to true, or use the application's real callback URL",
				"option 'redirect_uris' has the redirect uri '%s' when option 'public' is false but this is invalid as this uri is not valid for the openid connect confidential client type", oob)
		}
		return
	}
	u, err := url.Parse(r.Text)
	if err != nil {
		k.onValue(r, diag.Error, "authelia-redirect-absolute", "write the full callback URL, such as 'https://app.example.com/callback'",
			"option 'redirect_uris' has an invalid value: redirect uri '%s' could not be parsed: %v", r.Text, unwrapURLError(err))
		return
	}
	if !u.IsAbs() {
		k.onValue(r, diag.Error, "authelia-redirect-absolute", "write the full callback URL with its scheme, such as 'https://app.example.com/callback'",
			"option 'redirect_uris' has an invalid value: redirect uri '%s' must have a scheme but it's absent", r.Text)
		return
	}
	// The callback is the application's: a redirect URI under the
	// Authelia Root URL (and not under the Application Root URL, when both
	// share an origin) matches no request the application sends.
	if a := k.g.autheliaRoot; a != nil && under(u, a) && (k.g.appRoot == nil || !under(u, k.g.appRoot)) {
		k.onValue(r, diag.Error, "authelia-redirect-absolute", "use the application's callback URL, under the Application Root URL",
			"option 'redirect_uris' has the redirect uri '%s' on Authelia's own URL '%s' (the Authelia Root URL of the guide): the redirect URI is where Authelia sends the user back to the application, and no request the application sends matches it", r.Text, a.String())
		return
	}
	// host:port/path parses with the host as its scheme: Authelia takes
	// it, and no application's callback URL ever matches it.
	if strings.Contains(u.Scheme, ".") && u.Opaque != "" && u.Opaque[0] >= '0' && u.Opaque[0] <= '9' {
		k.onValue(r, diag.Error, "authelia-redirect-absolute", "write the full callback URL with its scheme, such as 'https://"+r.Text+"'",
			"option 'redirect_uris' has the redirect uri '%s' without a scheme: its host '%s' is read as the scheme, and no callback URL matches it", r.Text, u.Scheme)
	}
}

func (k *clientCheck) requestURI(r Value) {
	u, err := url.Parse(r.Text)
	switch {
	case err != nil:
		k.onValue(r, diag.Error, "authelia-request-uri-https", "write an absolute https URL",
			"option 'request_uris' has an invalid value: request uri '%s' could not be parsed: %v", r.Text, unwrapURLError(err))
	case !u.IsAbs():
		k.onValue(r, diag.Error, "authelia-request-uri-https", "write an absolute https URL",
			"option 'request_uris' has an invalid value: request uri '%s' must be an absolute URI", r.Text)
	case u.Scheme != "https":
		k.onValue(r, diag.Error, "authelia-request-uri-https", "use an https URL",
			"option 'request_uris' has an invalid value: request uri '%s' must have the 'https' scheme but it has the '%s' scheme", r.Text, u.Scheme)
	}
}

// sectorIdentifier checks sector_identifier_uri: a bare host in 4.38; from
// 4.39 an https URL of a JSON document (a bare host is only a warning). The
// document's content needs the network and is not checked.
func (k *clientCheck) sectorIdentifier() {
	si := k.opt("sector_identifier_uri")
	if si.Text == "" {
		return
	}
	if k.ver.less(v4390) {
		if strings.ContainsAny(si.Text, ":/?#@") {
			k.onValue(si, diag.Error, "authelia-sector-id", "write the host name only, such as 'example.com'",
				"option 'sector_identifier_uri' with value '%s' must be a host name only in this version", si.Text)
		}
		return
	}
	u, err := url.Parse(si.Text)
	switch {
	case err != nil:
		k.onValue(si, diag.Error, "authelia-sector-id", "write an https URL of the sector identifier document",
			"option 'sector_identifier_uri' with value '%s' could not be parsed: %v", si.Text, unwrapURLError(err))
	case !u.IsAbs():
		k.onValue(si, diag.Warning, "authelia-sector-id", "write the https URL of a JSON document listing the redirect URIs",
			"option 'sector_identifier_uri' with value '%s' must be an absolute URI; a host name alone is deprecated", si.Text)
	case u.Scheme != "https":
		k.onValue(si, diag.Error, "authelia-sector-id", "use an https URL",
			"option 'sector_identifier_uri' with value '%s' must have the 'https' scheme but it has the '%s' scheme", si.Text, u.Scheme)
	case u.Fragment != "" || u.User != nil:
		k.onValue(si, diag.Error, "authelia-sector-id", "remove the fragment and user information",
			"option 'sector_identifier_uri' with value '%s' must not have a fragment or user information", si.Text)
	}
}

// unwrapURLError drops url.Error's "parse "…": " prefix, which repeats the
// value the message already quotes.
func unwrapURLError(err error) error {
	if ue := (*url.Error)(nil); errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
