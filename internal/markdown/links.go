package markdown

import (
	"slices"
	"strings"

	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	gtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/source"
)

// linkTransformer collects every link and image with its span, rewrites
// destinations through the LinkResolver, and reports reference-style links
// whose label is not defined.
type linkTransformer struct{}

// definition is one resolved "[label]: dest" line.
type definition struct {
	span  source.Span // in src
	dest  string      // the destination as written
	url   string
	label string // as written
	used  bool   // a link names it
}

// Transform implements parser.ASTTransformer.
func (linkTransformer) Transform(doc *ast.Document, _ gtext.Reader, pc parser.Context) {
	p := pageOf(pc)
	if p == nil {
		return
	}
	p.indexInlines(doc)
	p.unclosedFences(doc)
	defs := p.definitions()
	for _, ln := range p.index.links {
		p.link(ln.n, defs, ln.deep)
	}
	// Rewriting autolinks adds no node that undefinedRefs visits.
	p.undefinedRefs(p.index.refParents, pc)
	p.unusedNearDefs(defs)
	p.unusedDefLinks(defs)
	p.malformedLinks(doc)
}

// unusedDefLinks adds a link of kind LinkDefinition for each reference
// definition the guide wrote and no link uses, in the order written: its
// destination is still the guide's text, which the link checks read (a
// misspelt host, a target that does not exist), though no page shows it.
func (p *page) unusedDefLinks(defs map[string]definition) {
	start := len(p.res.Links)
	for _, d := range defs {
		if d.used || p.generated(d.span.Start) {
			continue
		}
		sp := p.guide(d.span)
		p.res.Links = append(p.res.Links, Link{Kind: LinkDefinition, Dest: d.dest, URL: d.url, Label: d.label, Text: d.label, Span: sp, DefSpan: sp})
	}
	added := p.res.Links[start:]
	slices.SortFunc(added, func(a, b Link) int { return a.Span.Start - b.Span.Start })
}

// definitions resolves each reference definition once (the first one for a
// label wins, as in goldmark) and reports resolver problems at it.
// The definitions are those indexInlines found.
// The map is the page's (pageMaps), its keys and URLs from the page's
// arena.
func (p *page) definitions() map[string]definition {
	defs := p.defs
	var buf [64]byte
	for _, d := range p.index.defs {
		key := util.AppendLinkReference(buf[:0], d.Label)
		if _, dup := defs[string(key)]; dup {
			continue
		}
		def := definition{span: p.blockSpan(d), label: p.strs.string(d.Label)}
		def.dest = p.strs.string(p.withCallText(d.Destination, def.span))
		def.url = p.resolve(def.dest, def.span)
		defs[p.strs.string(key)] = def
	}
	return defs
}

// maxLinkTextDepth bounds the nesting of links and images (an image's alt
// text may hold images, which may hold images…) below which a link's text
// is still collected. Each link's text walks its whole subtree, so without
// the bound a hostile chain of nested images costs quadratic time and
// memory; no reader-facing page nests them more than a level or two.
const maxLinkTextDepth = 16

// link records one link node and rewrites its destination. A deep link
// (see maxLinkTextDepth) is recorded and rewritten without its text.
func (p *page) link(n ast.Node, defs map[string]definition, deep bool) {
	sp, ok := p.spans[n]
	if !ok {
		sp = source.Span{Start: max(n.Pos(), 0), End: max(n.Pos(), 0)}
	}
	l := Link{Span: p.guide(sp)}
	if p.generated(sp.Start) {
		l.Call = p.callName(l.Span)
	}
	if !deep {
		l.Text = p.plainText(n)
	}
	var dest *[]byte
	var ref *ast.ReferenceLink
	switch n := n.(type) {
	case *ast.Link:
		dest, ref, l.Kind = &n.Destination, n.Reference, LinkInline
	case *ast.Image:
		dest, ref, l.Kind = &n.Destination, n.Reference, LinkImage
	case *ast.AutoLink:
		p.autoLink(n, sp, l)
		return
	}
	l.Dest = p.strs.string(p.withCallText(*dest, sp))
	if ref != nil {
		if l.Kind == LinkInline {
			l.Kind = LinkReference
		}
		l.Label = p.strs.string(ref.Value)
		var key [64]byte
		if def, ok := defs[string(util.AppendLinkReference(key[:0], ref.Value))]; ok {
			l.URL, l.DefSpan = def.url, p.guide(def.span)
			if !def.used {
				def.used = true
				defs[string(util.AppendLinkReference(key[:0], ref.Value))] = def
			}
		} else {
			l.URL = l.Dest
		}
	} else {
		l.URL = p.resolve(l.Dest, sp)
	}
	if l.URL != string(*dest) {
		// Most destinations are published as written: those keep
		// goldmark's bytes.
		*dest = []byte(l.URL)
	}
	if strings.HasPrefix(l.Dest, "#") && p.swallowedHeading(l.Dest[1:]) {
		return // its heading is in an unclosed fence, reported as that
	}
	if !p.generated(sp.Start) {
		p.releaseLink(l, sp)
	}
	p.res.Links = append(p.res.Links, l)
}

// releaseLink reports a link to a GitHub release that leads nowhere or
// elsewhere: GitHub serves a release's page at /OWNER/REPO/releases/tag/TAG
// (and /releases, /releases/latest, /releases/download/…), nothing at
// /release/… or /releases/tags/…; a link whose text is a version and
// whose tag is another version (not a more precise one: the text 4.38 of
// the tag v4.38.0) leads the reader to another release than the one the
// guide names (Tested Versions); Authelia's tags are v-prefixed
// (v4.38.17).
func (p *page) releaseLink(l Link, sp source.Span) {
	const gh = "https://github.com/"
	if !strings.HasPrefix(l.URL, gh) {
		return
	}
	rest, _, _ := strings.Cut(l.URL[len(gh):], "#")
	rest, _, _ = strings.Cut(rest, "?")
	parts := strings.SplitN(strings.TrimSuffix(rest, "/"), "/", 5)
	if len(parts) < 3 || parts[2] != "releases" && parts[2] != "release" {
		return
	}
	repo := parts[0] + "/" + parts[1]
	bad := func() {
		p.report(sp, "link-release", "link to "+gh+repo+"/releases/tag/TAG",
			"GitHub serves no page at %s: a release's page is %s%s/releases/tag/TAG", l.URL, gh, repo)
	}
	if parts[2] == "release" {
		bad()
		return
	}
	if len(parts) == 3 {
		return // the list of releases
	}
	switch parts[3] {
	case "latest", "download", "expanded_assets", "new":
		return
	case "tag":
		if len(parts) != 5 {
			bad()
			return
		}
	default:
		bad()
		return
	}
	tag := parts[4]
	text := strings.TrimSpace(l.Text)
	if isVersion(text) && isVersion(tag) && !versionPrefix(text, tag) {
		p.report(sp, "link-release", "make the text and the URL name the same release",
			"the link's text names release %s but its URL release %s", text, tag)
		return
	}
	if strings.EqualFold(repo, "authelia/authelia") && isVersion(tag) && tag[0] != 'v' {
		p.report(sp, "link-release", "write the tag as v"+tag,
			"Authelia's release tags start with v: GitHub serves no release at tag %s", tag)
	}
}

// versionPrefix reports whether version a names b or a release line b
// belongs to: a's numbers are the first of b's (4.38 of v4.38.0, 25.4.0
// of 25.4.0.105899), and a's suffix, if any, is b's.
func versionPrefix(a, b string) bool {
	a = strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(a, "v"), "V"))
	b = strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(b, "v"), "V"))
	an, as, _ := strings.Cut(a, "-")
	bn, bs, _ := strings.Cut(b, "-")
	if as != "" && as != bs {
		return false
	}
	return bn == an || strings.HasPrefix(bn, an+".")
}

// isVersion reports whether s is a version number: an optional v, then
// two or more dot-separated numbers, then an optional suffix after '-'
// (v4.38.17, 3.9.0, v1.2.3-rc.1).
func isVersion(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "v"), "V")
	s, _, _ = strings.Cut(s, "-")
	nums := strings.Split(s, ".")
	if len(nums) < 2 {
		return false
	}
	for _, n := range nums {
		if n == "" || strings.Trim(n, "0123456789") != "" {
			return false
		}
	}
	return true
}

// autoLink records an autolink. When its URL holds a site variable or the
// resolver rewrites it, the node becomes an ordinary link (goldmark's
// AutoLink cannot take a new destination) whose text is the label.
func (p *page) autoLink(n *ast.AutoLink, sp source.Span, l Link) {
	l.Kind = LinkAutolink
	l.Text = p.strs.string(n.Label(p.src))
	raw := n.URL(p.src)
	l.Dest = p.strs.string(p.withCallText(raw, sp))
	l.URL = l.Dest
	if n.AutoLinkType == ast.AutoLinkURL {
		l.URL = p.resolve(l.Dest, sp)
	}
	p.res.Links = append(p.res.Links, l)
	if l.URL == string(raw) {
		return
	}
	label := n.Label(p.src)
	i := bytes.Index(p.src[sp.Start:sp.End], label)
	if i < 0 {
		return
	}
	link := ast.NewLink()
	link.Destination = []byte(l.URL)
	if n.AutoLinkType == ast.AutoLinkEmail {
		link.Destination = append([]byte("mailto:"), link.Destination...)
	}
	t := ast.NewTextSegment(gtext.NewSegment(sp.Start+i, sp.Start+i+len(label)))
	link.AppendChild(link, t)
	link.SetPos(sp.Start)
	p.spans[link] = sp
	n.Parent().ReplaceChild(n.Parent(), n, link)
	p.relinked = true // t is new: p.index is stale
}

// resolve runs the resolver on dest, written at sp, and reports its problem.
func (p *page) resolve(dest string, sp source.Span) string {
	if p.cfg.resolve == nil {
		return dest
	}
	url, prob := p.cfg.resolve(p.info, dest)
	if prob != nil {
		p.reportDiag(sp, diag.Diagnostic{Severity: prob.Severity, Code: prob.Code, Message: prob.Message, Hint: prob.Hint})
	}
	return url
}

// withCallText returns b, a copy goldmark made of bytes of src within sp,
// with each sentinel replaced by its call's text: a site variable in a URL
// is published as its default value.
func (p *page) withCallText(b []byte, sp source.Span) []byte {
	sent := []byte(shortcode.Sentinel)
	if !bytes.Contains(b, sent) {
		return b
	}
	base := -1
	if sp.Start >= 0 && sp.End <= len(p.src) {
		if i := bytes.Index(p.src[sp.Start:sp.End], b); i >= 0 {
			base = sp.Start + i
		}
	}
	var out []byte
	for at := 0; ; {
		i := bytes.Index(b[at:], sent)
		if i < 0 {
			return append(out, b[at:]...)
		}
		out = append(out, b[at:at+i]...)
		if c := p.call(base + at + i); base >= 0 && c != nil {
			out = append(out, c.Text...)
		}
		at += i + len(sent)
	}
}

// blockSpan returns a block's extent in src, from its position to the end of
// its last line.
func (p *page) blockSpan(n ast.Node) source.Span {
	start := max(n.Pos(), 0)
	end := segmentsEnd(n.Lines())
	if end <= start {
		end = lineEnd(p.src, start)
	} else {
		end = lineEnd(p.src, end-1)
	}
	return source.Span{Start: start, End: trimRight(p.src, start, end)}
}

// walkBlocks calls visit on every block below root in document order,
// descending into a block's children when visit returns true. Inline nodes
// are neither visited nor entered: headings, code blocks and reference
// definitions are blocks, and a page's inline nodes (texts, emphasis,
// links…) outnumber its blocks many times, which ast.Walk visited all of.
func walkBlocks(root ast.Node, visit func(ast.Node) bool) {
	for c := root.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeBlock && visit(c) {
			walkBlocks(c, visit)
		}
	}
}
