package build

import (
	"path"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide"
)

// checkResources applies the site's resource policy (publish.CheckResource)
// to the files of g's folder, in check and build alike, and returns the
// ones to publish with the findings about the others.
func (e *env) checkResources(g *guide.Guide) ([]string, diag.List) {
	if len(g.Resources) == 0 {
		return nil, nil
	}
	fsys := e.resourceFS(g)
	dir := e.pageDir(g)
	var kept []string
	var l diag.List
	for _, r := range g.Resources {
		display := path.Join(e.opt.SourceName, dir, r)
		ok, d := e.cfg.CheckResource(fsys, r, display)
		if d != nil {
			l.Add(*d)
		}
		if ok {
			kept = append(kept, r)
		}
	}
	return kept, l
}

// publishableResources returns the resources of g of a type the site
// publishes (their content is checked later, by checkResources).
func (e *env) publishableResources(g *guide.Guide) []string {
	var res []string
	for _, r := range g.Resources {
		if e.cfg.ResourceTypeAllowed(r) {
			res = append(res, r)
		}
	}
	return res
}

// linkableResources returns the resources of g that links may name.
func (e *env) linkableResources(g *guide.Guide) map[string]bool {
	res := map[string]bool{}
	for _, r := range e.publishableResources(g) {
		res[r] = true
	}
	return res
}
