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
	e  *env
	sc *shortcode.Set
	md *markdown.Renderer
}

func (e *env) newWorker() (*worker, error) {
	sc, err := e.templates()
	if err != nil {
		return nil, err
	}
	md := markdown.New(
		markdown.WithRawHTML(e.cfg.AllowRawHTML),
		markdown.WithLinkResolver(func(p markdown.PageInfo, dest string) (string, *markdown.LinkProblem) {
			return e.tree.Resolve(p.Name, dest).URL, nil
		}),
	)
	return &worker{e: e, sc: sc, md: md}, nil
}

// run takes one guide through every stage after loading. A panic anywhere in
// the stages becomes an internal diagnostic naming the guide, so the other
// guides still build.
func (w *worker) run(name string) (r *pageResult, err error) {
	e := w.e
	g := e.guides[name]
	r = &pageResult{name: name, ids: map[string]bool{}}
	defer func() {
		if v := recover(); v != nil {
			d := internalDiag(name, v)
			d.File = g.File
			r.diags = append(r.diags, d)
			r.failed = true
			err = nil
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
		r.failed = true
		return r, nil
	}
	res := w.md.Render(g.File, exp, markdown.PageInfo{Name: name})
	var found diag.List
	found = append(found, res.Diags...)
	found = append(found, w.resolveLinks(r, g, res)...)
	for _, h := range res.Headings {
		r.ids[h.ID] = true
	}
	if cs := e.checkers(); len(cs) > 0 {
		found = append(found, w.runCheckers(cs, g, res)...)
	}
	r.diags = append(r.diags, e.suppressIn(g, res, found)...)
	if e.site == nil || r.failed {
		r.rendered = e.site == nil
		return r, nil
	}
	pd, err := e.site.WritePage(w.page(g, res))
	r.diags = append(r.diags, pd...)
	if blocking(pd) {
		r.failed = true
	}
	r.rendered = err == nil
	return r, err
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
		u := links.Use{File: g.File, Span: sp, Dest: ln.Dest, Target: w.e.tree.Resolve(g.Name, ln.Dest)}
		if d, ok := links.Report(u); ok {
			l.Add(d)
		}
		r.links = append(r.links, u)
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
		Report:   l.Add,
	}
	for _, c := range cs {
		c.Run(pass)
	}
	return l
}

func (w *worker) page(g *guide.Guide, res *markdown.Result) *publish.Page {
	nav := w.e.nav[g.Name]
	p := &publish.Page{
		Name:      g.Name,
		File:      g.File,
		Meta:      &g.Meta,
		Content:   template.HTML(res.HTML),
		TOC:       template.HTML(res.TOCHTML),
		Resources: g.Resources,
		Prev:      nav.Prev,
		Next:      nav.Next,
	}
	if len(g.Resources) > 0 {
		p.ResourceFS = subFS(w.e.opt.Source, g.Name)
	}
	for _, h := range res.Headings {
		p.Headings = append(p.Headings, publish.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
	}
	return p
}
