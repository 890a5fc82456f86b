package build

import "github.com/guidec/guidec/internal/links"

// linkDep is one link resolution a page depends on: what dest, written in
// guide from, resolved to when the page was rendered. The page must be
// rendered again when the link tree resolves it differently.
type linkDep struct {
	from, dest string
	target     links.Target
	html       bool // resolved with ResolveHTML (an href published verbatim)
}

// resolveAgain resolves d again against tree, as it was first resolved.
func (d linkDep) resolveAgain(tree links.Resolver) links.Target {
	if d.html {
		return tree.ResolveHTML(d.from, d.dest)
	}
	return tree.Resolve(d.from, d.dest)
}
