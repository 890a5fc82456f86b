package build

import (
	"html/template"
	"runtime"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/links"
	"github.com/guidec/guidec/internal/markdown"
	"github.com/guidec/guidec/internal/publish"
	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/source"
)

func defaultJobs() int { return runtime.GOMAXPROCS(0) }

// worker owns the per-goroutine state of the pipeline: a template set and a
// Markdown renderer, neither of which is safe for concurrent use.
type worker struct {
	e    *env
	sc   *shortcode.Set
	md   *markdown.Renderer
	memo *shortcode.Memo
	// deps records the link resolutions of the guide being rendered, so
	// that a Session knows which pages a change of the link tree affects.
	deps []linkDep
}

func (e *env) newWorker() (*worker, error) {
	sc, err := e.templates()
	if err != nil {
		return nil, err
	}
	w := &worker{e: e, sc: sc, memo: shortcode.NewMemo()}
	w.md = markdown.New(
		markdown.WithRawHTML(e.cfg.AllowRawHTML),
		// Only a published page shows the highlighting; check skips it.
		markdown.WithHighlighting(e.publishes),
		markdown.WithLinkResolver(func(p markdown.PageInfo, dest string) (string, *markdown.LinkProblem) {
			return w.resolve(p.Name, dest).URL, nil
		}),
	)
	return w, nil
}

// resolve resolves dest, written in guide from, against the link tree and
// records the outcome in w.deps.
func (w *worker) resolve(from, dest string) links.Target {
	t := w.e.tree.Resolve(from, dest)
	w.deps = append(w.deps, linkDep{from: from, dest: dest, target: t})
	return t
}

// run takes one guide through every stage after loading and, when the run
// publishes, writes its page.
func (w *worker) run(name string) (*pageResult, error) {
	r, p := w.render(name)
	if p == nil {
		return r, nil
	}
	if w.e.site == nil {
		r.rendered = true
		return r, nil
	}
	return r, w.write(r, p)
}

// render takes one guide through every stage after loading and returns its
// page, or nil when the guide failed. A panic anywhere in the stages becomes
// an internal diagnostic naming the guide, so the other guides still build.
func (w *worker) render(name string) (r *pageResult, p *publish.Page) {
	e := w.e
	g := e.guides[name]
	r = &pageResult{name: name, ids: map[string]bool{}}
	w.deps = nil // the previous guide's slice belongs to its caller now
	defer func() {
		if v := recover(); v != nil {
			w.fail(r, g, v)
			p = nil
		}
	}()
	if !g.Renderable() {
		// Load reported why (a reserved character or NUL byte).
		r.failed = true
		return r, nil
	}
	exp, sd := w.expand(g)
	r.used = exp.Used
	r.diags = append(r.diags, sd...)
	if blocking(sd) {
		// The page cannot be published, but rendering and checking what
		// expanded still reports the guide's other problems in one run.
		r.failed = true
	}
	res := w.md.Render(g.File, exp, markdown.PageInfo{Name: name})
	var found diag.List
	found = append(found, e.checkVariables(g, exp)...)
	found = append(found, res.Diags...)
	found = append(found, w.resolveLinks(r, g, res)...)
	for _, h := range res.Headings {
		r.ids[h.ID] = true
	}
	if cs := e.checkers(); len(cs) > 0 {
		if blocking(sd) {
			// A broken call rendered nothing, so values compared across
			// snippets would differ for that reason alone.
			cs = withoutConsistency(cs)
		}
		found = append(found, w.runCheckers(cs, g, res)...)
	}
	kept, rd := e.checkResources(g)
	found = append(found, rd...)
	r.diags = append(r.diags, e.suppressIn(g, res, found)...)
	if blocking(rd) {
		// A refused resource could be one the page needs; resource
		// findings are not suppressible (they are not in the guide file).
		r.failed = true
	}
	return r, w.page(g, res, kept)
}

// write publishes the page of r, recovering a panic as render does.
func (w *worker) write(r *pageResult, p *publish.Page) (err error) {
	defer func() {
		if v := recover(); v != nil {
			w.fail(r, w.e.guides[r.name], v)
			err = nil
		}
	}()
	pd, err := w.e.site.WritePage(p)
	r.diags = append(r.diags, pd...)
	if blocking(pd) {
		r.failed = true
	}
	r.rendered = err == nil
	return err
}

// fail records a panic of guide g's stages as an internal diagnostic.
func (w *worker) fail(r *pageResult, g *guide.Guide, v any) {
	d := internalDiag(r.name, v)
	if g != nil {
		d.File = g.File
	}
	r.diags = append(r.diags, d)
	r.failed = true
}

func (w *worker) resolveLinks(r *pageResult, g *guide.Guide, res *markdown.Result) diag.List {
	var l diag.List
	for _, ln := range res.Links {
		// A reference-style link is fixed at its definition, so findings
		// about its destination point there (once, however often it is used).
		sp := ln.Span
		if ln.DefSpan != (source.Span{}) {
			sp = ln.DefSpan
		}
		u := links.Use{File: g.File, Span: sp, Dest: ln.Dest, Target: w.resolve(g.Name, ln.Dest)}
		if d, ok := links.Report(u); ok {
			l.Add(d)
		}
		if u.Target.Fragment != "" {
			// Only links with a fragment wait for the anchor check, which
			// needs every page's ids; the others are done with.
			r.links = append(r.links, u)
		}
	}
	return l
}

func (w *worker) runCheckers(cs []*check.Checker, g *guide.Guide, res *markdown.Result) diag.List {
	var l diag.List
	pass := &check.Pass{
		File:     g.File,
		Name:     g.Name,
		Snippets: res.Snippets,
		Texts:    res.Texts,
		Version:  check.TestedVersion(res.Texts),
		Against:  w.e.opt.Against,
		Report:   l.Add,
	}
	for _, c := range cs {
		c.Run(pass)
	}
	return l
}

// page assembles the published page of g; resources are the files of its
// folder to publish beside it (checkResources).
func (w *worker) page(g *guide.Guide, res *markdown.Result, resources []string) *publish.Page {
	nav := w.e.nav[g.Name]
	p := &publish.Page{
		Name:      g.Name,
		File:      g.File,
		Meta:      &g.Meta,
		Content:   template.HTML(res.HTML),
		TOC:       template.HTML(res.TOCHTML),
		Resources: resources,
		Prev:      nav.Prev,
		Next:      nav.Next,
	}
	if len(resources) > 0 {
		p.ResourceFS = subFS(w.e.opt.Source, g.Name)
	}
	for _, h := range res.Headings {
		p.Headings = append(p.Headings, publish.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
	}
	return p
}

// checkVariables reports site variables that site.yaml does not define: the
// preferences form offers no field for them, so readers can never set them.
func (e *env) checkVariables(g *guide.Guide, exp *shortcode.Expanded) diag.List {
	var l diag.List
	for _, c := range exp.Calls {
		if c.Var == "" {
			continue
		}
		if _, ok := e.cfg.Variable(c.Var); ok {
			continue
		}
		d := diag.Diagnostic{File: g.File, Span: c.Span, Severity: diag.Warning, Code: "sitevar-undefined",
			Message: "site variable '" + c.Var + "' is not defined in site.yaml",
			Hint:    "use one of the variables site.yaml defines, or add it there"}
		l.Add(d)
	}
	return l
}

func withoutConsistency(cs []*check.Checker) []*check.Checker {
	var out []*check.Checker
	for _, c := range cs {
		if c.Name != consistencyName {
			out = append(out, c)
		}
	}
	return out
}
