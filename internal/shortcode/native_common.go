package shortcode

import (
	"fmt"
	"io"
	"strings"

	"github.com/guidec/guidec/internal/htmlesc"
)

// The natives of the built-ins every guide calls: sitevar (a dozen times
// a page, remembered by the Memo after the first), oidc-common and
// sitevar-preferences (once a page). Written in Go they spare a one-guide
// check, where nothing is remembered yet, executing their templates and,
// through the lazy compile of a Verified template, compiling and parsing
// them; see native.go for the rules.

// printV is text/template's printf "%v" of one value.
func printV(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprintf("%v", v)
}

// nativeSitevar is shortcodes/sitevar.html for calls with a name, a nojs
// value, and no format or a known one; the template reports the others,
// and runs for them.
func nativeSitevar(s *Set, ctx *Context, w io.Writer) (bool, error) {
	name := printV(ctx.Get("name"))
	nojs := printV(ctx.Get("nojs"))
	format := printV(ctx.Get("format"))
	if name == "" || nojs == "" || format != "" && format != "regex" && format != "dn" {
		return false, nil
	}
	var b strings.Builder
	b.Grow(64 + len(name) + len(nojs) + len(format))
	b.WriteString(`<span class="sitevar" data-sitevar="`)
	htmlesc.Text(&b, name) // a quoted attribute: the same table as text
	b.WriteByte('"')
	if format != "" {
		b.WriteString(` data-format="`)
		htmlesc.Text(&b, format)
		b.WriteByte('"')
	}
	b.WriteByte('>')
	htmlesc.Text(&b, nojs)
	b.WriteString("</span>")
	_, err := io.WriteString(w, b.String())
	return true, err
}

// The default base URLs of shortcodes/oidc-common.html.
const (
	oidcCommonFAQ    = "https://www.authelia.com/integration/openid-connect/frequently-asked-questions/"
	oidcCommonConfig = "https://www.authelia.com/configuration/identity-providers/openid-connect/"
)

// nativeOIDCCommon is shortcodes/oidc-common.html for calls whose bugs
// are all known ones; the template reports the others, and runs for them.
// The constants are its text between the actions, trimmed as its {{- -}}
// markers trim it.
func nativeOIDCCommon(s *Set, ctx *Context, w io.Writer) (bool, error) {
	faq := printV(fnDefault(oidcCommonFAQ, ctx.Get("faq")))
	config := printV(fnDefault(oidcCommonConfig, ctx.Get("config")))
	bugs := printV(ctx.Get("bugs"))
	var items []string
	if bugs != "" {
		for _, bug := range strings.Split(bugs, ",") {
			switch strings.Trim(bug, " ") {
			case "claims-hydration":
				items = append(items, oidcCommonClaimsHydration)
			case "client-credentials-encoding":
				items = append(items, oidcCommonCredentialsEncoding)
			case "claim-binding":
				items = append(items, oidcCommonClaimBinding)
			default:
				return false, nil
			}
		}
	}
	var b strings.Builder
	b.Grow(len(oidcCommonHead) + len(oidcCommonNotes) + 2048 + 3*len(faq) + 3*len(config))
	b.WriteString(oidcCommonHead)
	htmlesc.URL(&b, faq)
	b.WriteString(oidcCommonAfterFAQ)
	htmlesc.URL(&b, config)
	b.WriteString(oidcCommonAfterConfig)
	if bugs != "" {
		b.WriteString(oidcCommonBugsOpen)
		for _, it := range items {
			b.WriteString(it)
		}
		b.WriteString(oidcCommonBugsClose)
	}
	b.WriteString(oidcCommonNotes)
	htmlesc.URL(&b, faq)
	b.WriteString(oidcCommonNotesAfterFAQ)
	htmlesc.URL(&b, config)
	b.WriteString(oidcCommonNotesAfterClients)
	htmlesc.URL(&b, config)
	b.WriteString(oidcCommonNotesEnd)
	_, err := io.WriteString(w, b.String())
	return true, err
}

// The text of shortcodes/oidc-common.html between its actions.
const (
	oidcCommonHead                = "## Before You Begin\n\n<div class=\"callout callout-caution\" role=\"note\">\n<div class=\"callout-content\">\n<p class=\"callout-title\">Important Reading</p>\n<div class=\"callout-body\">\n<p>This guide expects you to know how Authelia works as an OpenID Connect 1.0 Provider. If this is your first integration, read the <a href=\""
	oidcCommonAfterFAQ            = "\">frequently asked questions</a> and the <a href=\""
	oidcCommonAfterConfig         = "provider/\">provider configuration</a> before you start: most problems people meet while following a guide like this one are answered there.</p>\n</div>\n</div>\n</div>\n"
	oidcCommonBugsOpen            = "\n### Known Bugs\n\n<div class=\"callout callout-danger\" role=\"note\">\n<div class=\"callout-content\">\n<p class=\"callout-title\">This application has known bugs</p>\n<div class=\"callout-body\">\n<p>The following defects of the application affect how it must be configured. The configuration in this guide already works around them:</p>\n<ul>"
	oidcCommonClaimsHydration     = "\n<li><strong>Claims hydration:</strong> the application reads the user's details (such as the email address or groups) only from the ID Token and never asks the UserInfo endpoint for them. Authelia, following the specification, delivers most claims at the UserInfo endpoint, so the application sees a user without those details. A claims policy that copies the claims into the ID Token works around this; see the <a href=\"#configuration-escape-hatch\">configuration escape hatch</a>.</li>"
	oidcCommonCredentialsEncoding = "\n<li><strong>Client credentials encoding:</strong> the application does not form-encode the client identifier and secret before sending them in the HTTP Basic Authorization header, as RFC 6749 section 2.3.1 requires. A secret containing characters other than letters and digits is then sent wrongly and authentication fails, so generate a secret made of letters and digits only.</li>"
	oidcCommonClaimBinding        = "\n<li><strong>Claim binding:</strong> the application links the Authelia user to its own account by a claim other than <code>sub</code>, such as the username or email address. Those values can change or be reused by another person, which can attach a login to the wrong account; only the combination of <code>iss</code> and <code>sub</code> is guaranteed to identify a user for good.</li>"
	oidcCommonBugsClose           = "\n</ul>\n</div>\n</div>\n</div>\n"
	oidcCommonNotes               = "\n### Common Notes\n\n1. The `client_id` names this client to Authelia, so it must be unique among the clients you configure. It may only\n   contain the characters RFC 3986 calls unreserved (letters, digits, `-`, `.`, `_` and `~`) and be at most 100\n   characters long. See the <a href=\""
	oidcCommonNotesAfterFAQ       = "\">frequently asked questions</a> for how to generate a random one.\n2. The `client_secret` shown in this guide is a demonstration value: never use it for a real deployment. Writing the\n   secret in plain text in Authelia's configuration is deprecated; store a hashed digest of it instead, and give the\n   plain secret only to the application. Hashing is deliberately slow, so choose a cost your server can afford on every\n   token request; the <a href=\""
	oidcCommonNotesAfterClients   = "clients/\">client configuration</a> explains the options.\n3. The Authelia configuration in this guide is only the part that describes this client. The rest of the OpenID Connect\n   1.0 Provider configuration (signing keys, the HMAC secret and so on) must exist too; see the\n   <a href=\""
	oidcCommonNotesEnd            = "provider/\">provider configuration</a>."
)

// nativeSitevarPreferences is shortcodes/sitevar-preferences.html for a
// site whose variables are the usual list of maps with string name,
// label, type (text, number or boolean, or "" for text) and default; for
// anything else the template runs.
func nativeSitevarPreferences(s *Set, ctx *Context, w io.Writer) (bool, error) {
	if ctx.site == nil {
		return false, nil
	}
	list, ok := ctx.site.Params()["variables"].([]any)
	if !ok {
		return false, nil
	}
	type variable struct{ name, label, typ, def string }
	vars := make([]variable, 0, len(list))
	for _, it := range list {
		m, ok := it.(map[string]any)
		if !ok {
			return false, nil
		}
		var v variable
		for _, f := range []struct {
			key string
			to  *string
		}{{"name", &v.name}, {"label", &v.label}, {"type", &v.typ}, {"default", &v.def}} {
			if *f.to, ok = m[f.key].(string); !ok {
				return false, nil
			}
		}
		if v.typ == "" {
			v.typ = "text"
		}
		if v.label == "" {
			v.label = v.name
		}
		if v.typ != "text" && v.typ != "number" && v.typ != "boolean" {
			return false, nil
		}
		vars = append(vars, v)
	}
	id := fmt.Sprintf("sitevar-preferences-%d", ctx.Ordinal())
	var b strings.Builder
	b.Grow(256 + 256*len(vars))
	b.WriteString(`<form class="sitevar-preferences" id="`)
	htmlesc.Text(&b, id)
	b.WriteString(`" autocomplete="off">` + "\n<fieldset>\n<legend>Documentation variables</legend>")
	attr := func(before, value string) {
		b.WriteString(before)
		htmlesc.Text(&b, value) // quoted attributes and text: one table
	}
	for _, v := range vars {
		field := id + "-" + v.name
		b.WriteString("\n" + `<div class="sitevar-preference">`)
		if v.typ == "boolean" {
			attr("\n"+`<input type="checkbox" id="`, field)
			attr(`" name="`, v.name)
			attr(`" data-sitevar="`, v.name)
			b.WriteByte('"')
			if v.def == "true" {
				b.WriteString(" checked")
			}
			attr(">\n"+`<label for="`, field)
			attr(`">`, v.label)
			b.WriteString("</label>")
		} else {
			attr("\n"+`<label for="`, field)
			attr(`">`, v.label)
			typ := "text"
			if v.typ == "number" {
				typ = "number"
			}
			b.WriteString("</label>\n" + `<input type="` + typ)
			attr(`" id="`, field)
			attr(`" name="`, v.name)
			attr(`" data-sitevar="`, v.name)
			attr(`" value="`, v.def)
			attr(`" placeholder="`, v.def)
			b.WriteString(`">`)
		}
		b.WriteString("\n</div>")
	}
	b.WriteString("\n" + `<div class="sitevar-actions">` + "\n" + `<button type="reset">Reset</button>` + "\n</div>\n</fieldset>\n</form>")
	_, err := io.WriteString(w, b.String())
	return true, err
}
