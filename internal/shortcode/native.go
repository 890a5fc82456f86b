package shortcode

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/htmlesc"
)

// Native built-ins. A built-in shortcode that pages call often and that
// cannot be remembered (see Memo: callout prints its inner content
// through markdownify) is also written in Go: the function writes what
// html/template writes when it executes the template, byte for byte, and
// reports what the template reports, without executing the template by
// reflection. It replaces only a template with the very text it was
// written from (the same SHA-256), wherever that comes from: the
// template uses no partial, so the same text renders the same in any
// set. A project's own template of the same name, or an edited copy,
// runs as a template. TestNatives compares both on many calls.

// nativeFn renders a call of a native built-in with ctx as the dot into
// w, reporting as the template's functions do (through s.st). It returns
// handled false, having done nothing, when the template must run instead.
type nativeFn func(s *Set, ctx *Context, w io.Writer) (handled bool, err error)

type native struct {
	sum string // SHA-256 of the template the function reproduces, in hex
	run nativeFn
}

// natives are the built-ins written in Go, by shortcode name. figure is
// not remembered either (it reads the page's resources), and its
// template, run by reflection, was two thirds of executing templates in
// a corpus check.
var natives = map[string]native{
	"callout":                            {sum: "58a033976e29524b496fcba04d487d00383ad7f5d7ccfe5358b96bc1c49a4d1e", run: nativeCallout},
	"figure":                             {sum: "3538f7ce5de36b78dbce64ea72a2a85fb6794d53dd6677aaee4ca47a25d5eb96", run: nativeFigure},
	"oidc-escape-hatch-claims-hydration": {sum: "040fa9ccc5a135e39516c1ac596fce200301d69c1d015d2400ab65ea7ec64fd5", run: nativeClaimsHydration},
	"sitevar":                            {sum: "d26c8e8e7a3ad9071d9801d3679e1073bb75af0125e1a0543e2f4c637735826f", run: nativeSitevar},
	"oidc-common":                        {sum: "696ac8d59b44b67dea9c985f5a834ca3b7cae8a3ea566fc93f4832fa0f8c49f6", run: nativeOIDCCommon},
	"sitevar-preferences":                {sum: "099ddf1fb4a4a70995f888777e9eb0447930eda1b18a40e00adaa6dbb8e179e6", run: nativeSitevarPreferences},
}

// useNatives turns the native built-ins on (a test turns them off to
// compare).
var useNatives = true

// nativeFor returns the native function for the shortcode template src,
// or nil.
func nativeFor(src *tmplSrc) nativeFn {
	n, ok := natives[src.name]
	if !ok || src.bad != nil || src.sum != n.sum {
		return nil
	}
	return n.run
}

// nativeCallout is shortcodes/callout.html.
func nativeCallout(s *Set, ctx *Context, w io.Writer) (bool, error) {
	context := fmt.Sprintf("%v", fnDefault("note", ctx.Get("context")))
	var b strings.Builder
	b.Grow(len(ctx.inner) + 256)
	b.WriteString(`<div class="callout callout-`)
	htmlesc.Text(&b, context)
	b.WriteString(`" role="note">`)
	if icon := ctx.Get("icon"); truth(icon) {
		b.WriteString("\n" + `<span class="callout-icon" data-icon="`)
		htmlesc.URL(&b, stringOf(icon))
		b.WriteString(`" aria-hidden="true"></span>`)
	}
	b.WriteString("\n" + `<div class="callout-content">`)
	if title := ctx.Get("title"); truth(title) {
		b.WriteString("\n" + `<p class="callout-title">`)
		htmlesc.Text(&b, stringOf(title)) // HTML text: the same table
		b.WriteString(`</p>`)
	}
	b.WriteString("\n" + `<div class="callout-body">` + "\n")
	// The template prints the inner content only when what it wrote before
	// fits the output budget; a failing markdownify makes the template run
	// instead, before anything happened (a splice placeholder cannot fail).
	if lw, ok := w.(*limitWriter); !ok || lw.buf.Len()+b.Len() <= lw.max {
		inner, ok := s.splicePlaceholder(ctx.inner)
		if !ok {
			md, err := s.markdownify(ctx.inner)
			if err != nil {
				return false, nil
			}
			inner = md
		}
		b.WriteString(string(inner))
		b.WriteString("\n</div>\n</div>\n</div>")
	}
	switch context {
	case "tip", "caution", "danger", "note":
	default:
		s.reportf(diag.Error, codeErrorf, "callout: unknown context %q (use tip, caution, danger or note)", []any{context})
	}
	_, err := io.WriteString(w, b.String())
	return true, err
}

// stringOf is html/template's stringify of one parameter value (a string,
// bool or number).
func stringOf(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// nativeFigure is shortcodes/figure.html for the usual call: a src of
// the page bundle that exists, no style or one the template keeps, and no
// caption other than a string. Anything else (every call the template reports as an error
// among them) is left to the template, before anything happened but the
// resource lookup and image decoding the template does too (both cached
// in the page's resources, so the template finds the same).
func nativeFigure(s *Set, ctx *Context, w io.Writer) (bool, error) {
	src := fmt.Sprintf("%v", ctx.Get("src"))
	if src == "" || strings.Contains(src, "..") || strings.Contains(src, ":") || strings.Contains(src, "\\") ||
		strings.HasPrefix(src, "/") || ctx.page == nil || ctx.page.res == nil {
		return false, nil
	}
	// A style the template keeps (safeStyle's); one it drops, with a
	// warning, is left to it.
	var style string
	if v := ctx.Get("style"); truth(v) {
		if style = string(safeStyle(toString(v))); style == "" {
			return false, nil
		}
	}
	caption, _ := ctx.Get("caption").(string)
	if p, ok := ctx.call.Param("caption"); ok {
		if _, isString := p.Value.(string); !isString {
			return false, nil
		}
	}
	res := ctx.page.res.Get(src)
	if res == nil {
		return false, nil
	}
	alt := fmt.Sprintf("%v", ctx.Get("alt"))
	wv, err := fnInt(fnDefault(res.Width(), ctx.Get("width")))
	if err != nil {
		return false, nil
	}
	hv, err := fnInt(fnDefault(0, ctx.Get("height")))
	if err != nil {
		return false, nil
	}
	h := int64(hv)
	if hv == 0 && res.Width() > 0 {
		m, err := fnMul(res.Height(), wv)
		if err != nil {
			return false, nil
		}
		d, err := fnDiv(m, res.Width())
		n, isInt := d.(int64)
		if err != nil || !isInt {
			return false, nil
		}
		h = n
	}
	if alt == "" {
		s.reportf(diag.Warning, codeWarnf, "figure: missing alt text for %s, which readers of assistive technology need", []any{src})
	}
	var b strings.Builder
	b.Grow(128 + len(src) + len(alt) + len(caption) + len(style))
	b.WriteString(`<figure class="figure">` + "\n" + `<img src="`)
	htmlesc.URL(&b, res.RelPermalink())
	b.WriteString(`" alt="`)
	htmlesc.Text(&b, alt)
	b.WriteByte('"')
	if wv > 0 {
		b.WriteString(` width="`)
		b.WriteString(strconv.Itoa(wv))
		b.WriteByte('"')
	}
	if h > 0 {
		b.WriteString(` height="`)
		b.WriteString(strconv.FormatInt(h, 10))
		b.WriteByte('"')
	}
	if style != "" {
		b.WriteString(` style="`)
		htmlesc.Text(&b, style) // CSS safeStyle vouched for: the attribute escaper only
		b.WriteByte('"')
	}
	b.WriteString(` loading="lazy">`)
	if caption != "" {
		b.WriteString("\n<figcaption>")
		htmlesc.Text(&b, caption)
		b.WriteString("</figcaption>")
	}
	b.WriteString("\n</figure>")
	_, err = io.WriteString(w, b.String())
	return true, err
}

// claimsHydrationCallout is the fixed opening of
// shortcodes/oidc-escape-hatch-claims-hydration.html's output.
const claimsHydrationCallout = `<div class="callout callout-tip" role="note">
<div class="callout-content">
<p class="callout-title">Claims hydration escape hatch</p>
<div class="callout-body">
<p>Some applications take the user's details only from the ID Token and never ask the UserInfo endpoint for them, while Authelia delivers most claims at the UserInfo endpoint as the specification intends. If the application logs users in without their email address, name or groups, a claims policy can tell Authelia to put those claims into the ID Token as well. Use it only when you need it: it is a workaround for the application, not the recommended configuration.</p>
</div>
</div>
</div>`

// defaultHydratedClaims is the template's default claims.
const defaultHydratedClaims = "rat,groups,email,email_verified,alt_emails,preferred_username,name"

// nativeClaimsHydration is shortcodes/oidc-escape-hatch-claims-hydration.html
// for calls whose client, policy and claims are all unreserved characters
// (which HTML escaping leaves as they are) and whose example is absent or
// "disable": every call the template reports an error for runs the
// template instead. Each call's parameters differ (its client), so the
// Memo rarely has it.
func nativeClaimsHydration(s *Set, ctx *Context, w io.Writer) (bool, error) {
	client := fmt.Sprintf("%v", fnDefault("example", ctx.Get("client_id")))
	policy := fmt.Sprintf("%v", fnDefault(client, ctx.Get("policy_name")))
	claims := fmt.Sprintf("%v", fnDefault(defaultHydratedClaims, ctx.Get("claims")))
	example := fmt.Sprintf("%v", ctx.Get("example"))
	if !isUnreserved(client) || !isUnreserved(policy) || example != "" && example != "disable" {
		return false, nil
	}
	list := strings.Split(claims, ",")
	for _, c := range list {
		if !isUnreserved(strings.Trim(c, " ")) {
			return false, nil
		}
	}
	var b strings.Builder
	b.WriteString(claimsHydrationCallout)
	if example != "disable" {
		b.WriteString("\n\n```yaml {title=\"configuration.yml\"}\nidentity_providers:\n  oidc:\n    claims_policies:\n      ")
		b.WriteString(policy)
		b.WriteString(":\n        id_token: [")
		for i, c := range list {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('\'')
			b.WriteString(strings.Trim(c, " "))
			b.WriteByte('\'')
		}
		b.WriteString("]\n    clients:\n      - client_id: '")
		b.WriteString(client)
		b.WriteString("'\n        claims_policy: '")
		b.WriteString(policy)
		b.WriteString("'\n```")
	}
	_, err := io.WriteString(w, b.String())
	return true, err
}
