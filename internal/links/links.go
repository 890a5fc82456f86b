// Package links resolves the links written in guides: it rewrites links
// between guides to page URLs, classifies every destination (external,
// in-page anchor, another guide, a resource, outside the source tree) and
// checks, once every page is rendered, that the anchors they name exist.
//
// It owns no parsing: package markdown reports each link with its span, and
// package build feeds the results here.
package links

import (
	"html"
	"net/url"
	"path"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// Codes reported by this package.
var Codes = []diag.CodeInfo{
	{Code: "link-broken", Severity: diag.Error, Summary: "a relative link points to a file or guide that does not exist in the source tree"},
	{Code: "link-host-typo", Severity: diag.Warning, Summary: "the host of a web link misspells a well-known site's name or the name its text gives (gitub.com, tailcale.com for Tailscale)"},
	{Code: "link-anchor-missing", Severity: diag.Error, Summary: "a link names an anchor (#id) that the target page does not have"},
	{Code: "link-target-typo", Severity: diag.Warning, Summary: "a relative link leaves the source tree by a path one slip from the spelling the run's other links give the same place, or with a path word written once, one slip from one they write twice or more"},
	{Code: "link-outside-tree", Severity: diag.Info, Summary: "a relative link leaves the source tree and cannot be verified"},
	{Code: "link-scheme-misspelt", Severity: diag.Error, Summary: "a link's scheme is a near miss of http, https or mailto (htpss:, https:/host, https//host): no browser follows it to the page meant"},
	{Code: "link-unsafe", Severity: diag.Error, Summary: "a link uses a scheme that can run script (javascript:, vbscript:, data:)"},
	{Code: "link-anchor-ambiguous", Severity: diag.Warning, Summary: "a link reaches the first of several headings that share an id, while its text or section names a later one (#id-1, #id-2…)"},
	{Code: "link-draft", Severity: diag.Error, Summary: "a published page links to a draft guide, which the site does not publish"},
}

// Kind classifies a link destination.
type Kind int

// Kinds of destination.
const (
	External Kind = iota // has a scheme or is protocol-relative
	Anchor               // "#id" on the same page
	Guide                // another guide (or this one), possibly with an anchor
	Resource             // a file in the guide's folder or elsewhere in the tree
	Outside              // relative, but leaves the source tree
	Broken               // relative, inside the tree, but nothing is there
	Unsafe               // javascript: and friends
	Draft                // another guide (or a file of it) that is a draft the site does not publish
)

// Tree describes what exists in the source tree: each guide's name and the
// files in its folder (relative to the folder).
type Tree struct {
	Guides map[string]map[string]bool
	// Drafts names the guides with draft: true that the site does not
	// publish, whether or not they are in Guides (a run that checks drafts
	// has them there). A link to one of them from any other page is a
	// Draft target: the reader would get a 404. Drafts link to each other
	// freely.
	Drafts map[string]bool
	// BaseURL is the path prefix of the published site, e.g. "/" or "/docs/".
	BaseURL string
}

// Target is the outcome of resolving one destination.
type Target struct {
	Kind Kind
	URL  string // the destination to publish
	// Guide is, for Guide and Anchor, the page whose anchors apply; for
	// Draft, the draft; for Broken, the guide the link names, which may
	// have been deleted or renamed ("" when it names none).
	Guide    string
	Fragment string // the anchor without '#', "" when none
	// Reason says, for a Broken target of a Site, why the link reaches
	// nothing; Suggest is a destination from the same page that reaches
	// the page the link most likely meant ("" when none is near).
	Reason, Suggest string
}

// Resolve classifies dest, written in guide `from`, and computes the URL to
// publish.
func (t *Tree) Resolve(from, dest string) Target {
	d := strings.TrimSpace(dest)
	if d == "" {
		return Target{Kind: Broken, URL: dest}
	}
	if isUnsafe(d) {
		return Target{Kind: Unsafe, URL: "#"}
	}
	if strings.HasPrefix(d, "#") {
		return Target{Kind: Anchor, URL: d, Guide: from, Fragment: unescape(d[1:])}
	}
	if isPlainWebURL(d) {
		return Target{Kind: External, URL: dest}
	}
	u, err := url.Parse(d)
	if err != nil {
		return Target{Kind: Broken, URL: dest}
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(d, "//") {
		return Target{Kind: External, URL: dest}
	}
	if strings.HasPrefix(u.Path, "/") {
		// Site-absolute links are resolved against the published site, which
		// we cannot see beyond our own pages.
		return t.resolveSiteAbsolute(from, u)
	}
	return t.resolveRelative(from, u)
}

// isPlainWebURL reports whether d is an http or https URL that url.Parse
// accepts for certain, without parsing it: most links of a guide are, and
// Resolve publishes them as written. The test is deliberately narrow
// (lower-case scheme, a host of unreserved characters and a numeric port,
// no escapes, no control characters); anything else goes to url.Parse.
func isPlainWebURL(d string) bool {
	var rest string
	switch {
	case strings.HasPrefix(d, "https://"):
		rest = d[len("https://"):]
	case strings.HasPrefix(d, "http://"):
		rest = d[len("http://"):]
	default:
		return false
	}
	i, port := 0, false
	for ; i < len(rest); i++ {
		c := rest[i]
		if c == '/' || c == '?' || c == '#' {
			break
		}
		switch {
		case '0' <= c && c <= '9':
		case port:
			return false // a port is digits only
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '.', c == '-', c == '_', c == '~':
		case c == ':':
			port = true
		default:
			return false
		}
	}
	for ; i < len(rest); i++ {
		if c := rest[i]; c < 0x20 || c == 0x7f || c == '%' {
			return false // url.Parse refuses controls, and may refuse an escape
		}
	}
	return true
}

// ResolveHTML classifies an <a href> of HTML the page publishes verbatim.
// A guide's URL mirrors its folder (/NAME/), so the browser reaches what
// Resolve finds, except that a guide's source file (index.md) is not
// published: only its page is.
func (t *Tree) ResolveHTML(from, dest string) Target {
	tg := t.Resolve(from, dest)
	if tg.Kind == Guide {
		if u, err := url.Parse(strings.TrimSpace(dest)); err == nil && (path.Base(u.Path) == "index.md" || path.Base(u.Path) == "_index.md") {
			return Target{Kind: Broken, URL: dest, Guide: tg.Guide, Reason: "the browser requests the guide's source file, which is not published; link to the guide's folder (../NAME/)"}
		}
	}
	return tg
}

func (t *Tree) resolveSiteAbsolute(from string, u *url.URL) Target {
	p := strings.Trim(u.Path, "/")
	if t.isHiddenDraft(from, p) {
		return Target{Kind: Draft, URL: u.String(), Guide: p, Fragment: u.Fragment}
	}
	if _, ok := t.Guides[p]; ok {
		return Target{Kind: Guide, URL: t.pageURL(p, u.Fragment), Guide: p, Fragment: u.Fragment}
	}
	return Target{Kind: Outside, URL: u.String()}
}

func (t *Tree) resolveRelative(from string, u *url.URL) Target {
	// The guide file is NAME/index.md, and Hugo resolves its links relative to
	// the page URL /NAME/, which mirrors the folder.
	joined := path.Join(from, u.Path)
	if u.Path == "" {
		joined = from
	}
	if joined == ".." || strings.HasPrefix(joined, "../") || joined == "." && u.Path != "" && u.Path != "." {
		return Target{Kind: Outside, URL: u.String()}
	}
	name, rest, _ := strings.Cut(joined, "/")
	if t.isHiddenDraft(from, name) {
		return Target{Kind: Draft, URL: u.String(), Guide: name, Fragment: u.Fragment}
	}
	files, ok := t.Guides[name]
	if !ok {
		if joined == "." || joined == "" {
			return Target{Kind: Outside, URL: u.String()}
		}
		return Target{Kind: Broken, URL: u.String(), Guide: name}
	}
	switch rest {
	case "", "index.md", "_index.md", "index.html":
		return Target{Kind: Guide, URL: t.pageURL(name, u.Fragment), Guide: name, Fragment: u.Fragment}
	}
	if files[rest] {
		return Target{Kind: Resource, URL: t.base() + name + "/" + escapePath(rest)}
	}
	return Target{Kind: Broken, URL: u.String(), Guide: name}
}

// isHiddenDraft reports whether a link from guide from to guide name
// leads to a draft that is not published for it: name is an unpublished
// draft and from is not one (a draft sees the other drafts).
func (t *Tree) isHiddenDraft(from, name string) bool {
	return t.Drafts[name] && !t.Drafts[from]
}

func (t *Tree) base() string {
	b := t.BaseURL
	if b == "" {
		b = "/"
	}
	if !strings.HasSuffix(b, "/") {
		b += "/"
	}
	return b
}

func (t *Tree) pageURL(name, frag string) string {
	u := t.base() + escapePath(name) + "/"
	if frag != "" {
		u += "#" + url.PathEscape(frag)
	}
	return u
}

func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// isUnsafe reports whether d uses a scheme that executes in the browser,
// as written or as Markdown reads it: a destination's backslash escapes and
// character references ("&#x6a;avascript:", "javascript&colon;") are
// resolved before it reaches the page.
func isUnsafe(d string) bool {
	if isUnsafeScheme(d) {
		return true
	}
	// Unescaping changes nothing before the first '\\' or '&': when the
	// scheme's colon comes before both, the destination as Markdown reads
	// it has the same scheme, and an image data URL stays one (its
	// "data:image/" precedes them too), so it is as safe as d. Most
	// destinations have neither, or only a query's '&'.
	e := strings.IndexByte(d, '\\')
	if a := strings.IndexByte(d, '&'); a >= 0 && (e < 0 || a < e) {
		e = a
	}
	if e < 0 {
		return false // markdownUnescape(d) is d
	}
	if c := strings.IndexByte(d, ':'); c >= 0 && c < e {
		return false
	}
	return isUnsafeScheme(markdownUnescape(d))
}

// markdownUnescape resolves CommonMark's backslash escapes of ASCII
// punctuation and HTML character references in a link destination.
func markdownUnescape(d string) string {
	if !strings.ContainsAny(d, "\\&") {
		return d
	}
	var b strings.Builder
	for i := 0; i < len(d); i++ {
		if d[i] == '\\' && i+1 < len(d) && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", d[i+1]) >= 0 {
			i++
		}
		b.WriteByte(d[i])
	}
	return html.UnescapeString(b.String())
}

// isUnsafeScheme reports whether d's scheme executes in the browser.
// Browsers ignore ASCII whitespace and control characters inside the scheme,
// so those are stripped before comparing.
func isUnsafeScheme(d string) bool {
	// The scheme of nearly every destination is ASCII: compare it in place,
	// lower-cased byte by byte, without building the stripped copy. A byte
	// outside ASCII may lower-case into ASCII (U+0130 to 'i'), so that
	// case takes the general path.
	var buf [len("javascript")]byte
	n := 0
	for i := 0; i < len(d); i++ {
		c := d[i]
		if c >= 0x80 {
			return isUnsafeSchemeRunes(d)
		}
		if c == ':' {
			break
		}
		if c <= ' ' {
			continue
		}
		if n == len(buf) {
			return false // longer than any unsafe scheme; later runes only add to it
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	s := string(buf[:n]) // compared only: the conversion does not allocate
	return s == "javascript" || s == "vbscript" || s == "data" && !strings.HasPrefix(strings.ToLower(d), "data:image/")
}

// isUnsafeSchemeRunes is isUnsafeScheme for a destination whose scheme
// may hold runes outside ASCII.
func isUnsafeSchemeRunes(d string) bool {
	var b strings.Builder
	for _, r := range d {
		if r == ':' {
			break
		}
		if r <= ' ' {
			continue
		}
		b.WriteRune(r)
	}
	s := strings.ToLower(b.String())
	return s == "javascript" || s == "vbscript" || s == "data" && !strings.HasPrefix(strings.ToLower(d), "data:image/")
}

// Use is one link occurrence, to check after every page is rendered.
type Use struct {
	File   *source.File
	Span   source.Span
	Dest   string
	Target Target
	// Call names the shortcode whose output holds the link, "" when the
	// guide wrote it; Span is then the call, and messages say so.
	Call string
	// HTML reports an <a href> of HTML published verbatim, which the
	// browser resolves (Resolver.ResolveHTML) and no render hook rewrites.
	HTML bool
	// Text is the link's text; Ancestors the texts of the headings the
	// link sits under, innermost first: what tells which of several
	// headings of one text it means (CheckTwins).
	Text      string
	Ancestors []string
	// Hosts returns the host names (HostNames) of the page's links, which
	// tell what a host one slip from one of them means; nil for none.
	// It is a function so that a page whose hosts are all well known or
	// named by their links' texts never makes the list.
	Hosts func() []string
}

// what names the link of u in a message: its destination, and the
// shortcode that wrote it.
func (u Use) what() string {
	if u.Call != "" {
		return quote(u.Dest) + " (written by shortcode " + quote(u.Call) + ")"
	}
	return quote(u.Dest)
}

// schemeSpan returns the span of written, the start of u's destination,
// in the guide: the destination's own position when the guide wrote the
// link, else (a shortcode wrote it, or the text differs) the link's span.
func (u Use) schemeSpan(written string) source.Span {
	if u.Call != "" || u.File == nil || u.Span.Start < 0 || u.Span.End > len(u.File.Content) || u.Span.Start > u.Span.End {
		return u.Span
	}
	text := string(u.File.Content[u.Span.Start:u.Span.End])
	i := strings.LastIndex(text, strings.TrimSpace(u.Dest))
	if i < 0 {
		return u.Span
	}
	start := u.Span.Start + i
	return source.Span{Start: start, End: start + len(written)}
}

// Report turns the classification of a link into a diagnostic, or returns
// false when the link is fine. Anchors are checked separately by
// CheckAnchors because they need every page's ids.
func Report(u Use) (diag.Diagnostic, bool) {
	d := diag.Diagnostic{File: u.File, Span: u.Span}
	if written, want, ok := misspeltScheme(u.Dest); ok && u.Target.Kind != Unsafe {
		d.Span = u.schemeSpan(written)
		d.Severity, d.Code = diag.Error, "link-scheme-misspelt"
		switch w := strings.ToLower(written); {
		case strings.HasSuffix(w, "//"):
			d.Message = "link " + u.what() + " has no ':' after its scheme " + quote(strings.TrimSuffix(written, "//")) + ": the browser reads it as a path on this site"
		case w == "http:" || w == "https:":
			d.Message = "link " + u.what() + " has no '//' after " + quote(written) + ": the host is read as a path"
		default:
			d.Message = "link " + u.what() + " begins with " + quote(written) + ", a misspelt scheme no browser follows to a web page"
		}
		d.Hint = "write " + quote(want)
		return d, true
	}
	if u.Target.Kind == External {
		if label, want := hostTypo(u.Dest, u.Text, u.Hosts); label != "" {
			d.Severity, d.Code = diag.Warning, "link-host-typo"
			d.Message = "the host of link " + u.what() + " spells " + quote(label) + " where " + quote(want) + " is meant: a site of another name, or none"
			d.Hint = "write the host as " + quote(want)
			return d, true
		}
	}
	switch u.Target.Kind {
	case Broken:
		d.Severity, d.Code = diag.Error, "link-broken"
		d.Message = "link target " + u.what() + " does not exist in the source tree"
		d.Hint = "link to another guide as ../NAME/ or to a file in this guide's folder"
		if u.Target.Reason != "" {
			d.Message = "link target " + u.what() + " reaches no page: " + u.Target.Reason
			d.Hint = "link to a page by the path of its file, relative to this page's, as .Page.GetPage reads it"
			if u.HTML {
				d.Hint = "an href in HTML must name the URL the page is published at"
			}
			if u.Target.Suggest != "" {
				d.Hint = "did you mean " + quote(u.Target.Suggest) + "?"
			}
		}
	case Outside:
		d.Severity, d.Code = diag.Info, "link-outside-tree"
		d.Message = "link " + u.what() + " leaves the source tree and cannot be verified"
	case Draft:
		d.Severity, d.Code = diag.Error, "link-draft"
		d.Message = "link target " + u.what() + " is the draft guide " + quote(u.Target.Guide) + ", which is not published unless the site is built with --drafts"
		d.Hint = "publish the guide (remove draft: true) or remove the link until it is"
	case Unsafe:
		d.Severity, d.Code = diag.Error, "link-unsafe"
		d.Message = "link " + u.what() + " uses a scheme that runs script"
		d.Hint = "use an http(s) URL"
	default:
		return d, false
	}
	return d, true
}

// CheckAnchors reports every use whose fragment names an id that its target
// page lacks. ids maps a guide name to the set of ids its page renders.
func CheckAnchors(uses []Use, ids map[string]map[string]bool) diag.List {
	var out diag.List
	sg := newSuggester()
	for _, u := range uses {
		tg := u.Target
		if (tg.Kind != Anchor && tg.Kind != Guide) || tg.Fragment == "" {
			continue
		}
		set, ok := ids[tg.Guide]
		if !ok || set[tg.Fragment] {
			continue
		}
		msg := "anchor #" + tg.Fragment + " does not exist on this page"
		if tg.Kind == Guide {
			msg = "anchor #" + tg.Fragment + " does not exist on page " + quote(tg.Guide)
		}
		if u.Call != "" {
			msg += " (link " + quote(u.Dest) + " written by shortcode " + quote(u.Call) + ")"
		}
		d := diag.Diagnostic{File: u.File, Span: u.Span, Severity: diag.Error, Code: "link-anchor-missing", Message: msg}
		if best := sg.closest(tg.Guide, tg.Fragment, set); best != "" {
			d.Hint = "did you mean #" + best + "?"
		}
		out.Add(d)
	}
	return out
}

func quote(s string) string { return "'" + s + "'" }
