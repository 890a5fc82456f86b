package build

import (
	"context"
	"fmt"
	"html/template"
	"runtime"
	"strings"
	"sync"

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
	ctx  context.Context // the run's: the checkers stop waiting when it ends
	sc   *shortcode.Set
	md   *markdown.Renderer
	memo *shortcode.Memo
	// deps records the link resolutions of the guide being rendered, so
	// that a Session knows which pages a change of the link tree affects
	// (env.keepDeps: nothing else reads them).
	deps []linkDep
	// resolved memoizes resolve for the guide being rendered, by
	// destination: the renderer resolves each link to publish it, and
	// resolveLinks resolves it again to classify it. The map is cleared,
	// not reallocated, for each guide.
	resolved     map[string]links.Target
	resolvedFrom string
}

func (e *env) newWorker() (*worker, error) {
	sc, err := e.templates()
	if err != nil {
		return nil, err
	}
	w := &worker{e: e, sc: sc, memo: shortcode.NewMemo()}
	opts := []markdown.Option{
		markdown.WithRawHTML(e.cfg.AllowRawHTML || e.opt.Project != nil && e.opt.Project.Config.Markup.Unsafe),
		// Only a published page shows the highlighting; check skips it.
		markdown.WithHighlighting(e.publishes),
		markdown.WithHTML(e.publishes),
		markdown.WithTokenCache(e.opt.Highlights),
		markdown.WithLinkResolver(func(p markdown.PageInfo, dest string) (string, *markdown.LinkProblem) {
			return w.resolve(p.Name, dest).URL, nil
		}),
	}
	if o := e.headingIDs(); o != nil {
		opts = append(opts, o)
	}
	w.md = markdown.New(opts...)
	return w, nil
}

// resolve resolves dest, written in guide from, against the link tree and
// records the outcome in w.deps.
func (w *worker) resolve(from, dest string) links.Target {
	if from != w.resolvedFrom || w.resolved == nil {
		// A new page (or the first): the memo holds another page's links.
		if w.resolved == nil {
			w.resolved = map[string]links.Target{}
		}
		clear(w.resolved)
		w.resolvedFrom = from
	}
	t, ok := w.resolved[dest]
	if !ok {
		t = w.e.tree.Resolve(from, dest)
		w.resolved[dest] = t
	}
	if w.e.keepDeps {
		w.deps = append(w.deps, linkDep{from: from, dest: dest, target: t})
	}
	return t
}

// resolveHTML is resolve for an <a href> of HTML the page publishes
// verbatim, which the browser follows from the page's URL.
func (w *worker) resolveHTML(from, dest string) links.Target {
	t := w.e.tree.ResolveHTML(from, dest)
	if w.e.keepDeps {
		w.deps = append(w.deps, linkDep{from: from, dest: dest, target: t, html: true})
	}
	return t
}

// mode is how much of the pipeline a guide goes through.
type mode int

const (
	checkAll     mode = iota // every stage and check; the page is published
	checkInbound             // render for ids and links; report only the links into Options.Inbound
)

// run takes one guide through every stage after loading and, when the run
// writes the site and publishes the guide, writes its page. (A dry run
// claims the paths of every page at the end instead: see publishSite.)
func (w *worker) run(name string, m mode) (*pageResult, error) {
	r, p := w.render(name, m)
	if p == nil {
		return r, nil
	}
	e := w.e
	if e.site == nil || e.dry || e.unpublished[name] {
		r.rendered = true
		return r, nil
	}
	return r, w.write(r, p)
}

// render takes one guide through every stage after loading and returns its
// page, or nil when the guide failed. A panic anywhere in the stages becomes
// an internal diagnostic naming the guide, so the other guides still build.
// In checkInbound mode it stops after the links and returns no page.
func (w *worker) render(name string, m mode) (r *pageResult, p *publish.Page) {
	e := w.e
	g := e.guides[name]
	r = &pageResult{name: name, ids: map[string]bool{}}
	w.deps = nil      // the previous guide's slice belongs to its caller now
	clear(w.resolved) // the link tree may have changed since (a Session)
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
	for _, h := range res.Headings {
		r.ids[h.ID] = true
	}
	for _, id := range res.HTMLIDs {
		r.ids[id] = true // an element of the page the browser scrolls to as well
	}
	r.twins = twinsOf(res.Headings)
	if m == checkInbound {
		w.inboundLinks(r, g, res)
		return r, nil
	}
	var found diag.List
	found = append(found, e.checkVariables(g, exp)...)
	found = append(found, res.Diags...)
	found = append(found, w.resolveLinks(r, g, res, nil)...)
	if cs := e.checkers(); len(cs) > 0 {
		if blocking(sd) {
			// A broken call rendered nothing, so values compared across
			// snippets would differ for that reason alone.
			cs = withoutWhole(cs)
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

// inboundLinks keeps, of a guide rendered in checkInbound mode, only the
// diagnostics and anchor checks of its links into Options.Inbound (as its
// annotations leave them): the rest of the guide is not being checked.
func (w *worker) inboundLinks(r *pageResult, g *guide.Guide, res *markdown.Result) {
	into := w.e.opt.Inbound
	if into == nil {
		into = map[string]bool{} // rendered for its ids alone
	}
	found := w.resolveLinks(r, g, res, into)
	r.diags = nil
	for _, d := range w.e.suppressIn(g, res, found) {
		if d.File == g.File && strings.HasPrefix(d.Code, "link-") {
			r.diags = append(r.diags, d)
		}
	}
	r.failed = false // not this run's concern
}

// resolveLinks resolves the links of a page, reports the broken ones and
// keeps the ones with an anchor for the anchor check; into, when not nil,
// restricts both to the links into those guides.
func (w *worker) resolveLinks(r *pageResult, g *guide.Guide, res *markdown.Result, into map[string]bool) diag.List {
	var l diag.List
	hosts := sync.OnceValue(func() []string { return pageHosts(res.Links) })
	for _, ln := range res.Links {
		// A reference-style link is fixed at its definition, so findings
		// about its destination point there (once, however often it is used).
		sp := ln.Span
		if ln.DefSpan != (source.Span{}) {
			sp = ln.DefSpan
		}
		if isEmailAutolink(ln) {
			continue // a bare e-mail address, which the page shows as a mailto: link
		}
		u := links.Use{File: g.File, Span: sp, Dest: ln.Dest, Call: ln.Call, Text: ln.Text, Hosts: hosts}
		if ln.Kind == markdown.LinkHTML {
			u.HTML, u.Target = true, w.resolveHTML(g.Name, ln.Dest)
			if u.Target.Kind == links.Outside {
				continue // a folder of guides cannot see the site around it; the template's text says nothing more
			}
		} else {
			u.Target = w.resolve(g.Name, ln.Dest)
		}
		if into != nil && !into[u.Target.Guide] {
			continue
		}
		if d, ok := links.Report(u); ok && !(ln.Kind == markdown.LinkDefinition && d.Severity == diag.Info) {
			// A definition no link uses is reported only for a mistake in
			// it (an unverifiable target is no news there).
			l.Add(d)
		}
		if a, ok := links.AwayOf(g.Name, u); ok && into == nil {
			// Weighed against the run's other links once every page is done.
			a.Mute = mutes(g, "link-target-typo")
			r.away = append(r.away, a)
		}
		if u.Target.Fragment != "" {
			// Only links with a fragment wait for the anchor check, which
			// needs every page's ids; the others are done with. Only that
			// check reads the headings a link sits under (Report does not).
			u.Ancestors = ancestorsAt(res.Headings, ln.Span)
			r.links = append(r.links, u)
		}
	}
	return l
}

// pageHosts returns the host names of the web links of a page
// (links.HostNames).
func pageHosts(ls []markdown.Link) []string {
	dests := make([]string, 0, len(ls))
	for _, ln := range ls {
		dests = append(dests, ln.Dest)
	}
	return links.HostNames(dests)
}

func (w *worker) runCheckers(cs []*check.Checker, g *guide.Guide, res *markdown.Result) diag.List {
	var l diag.List
	pass := &check.Pass{
		File:     g.File,
		Name:     g.Name,
		Snippets: res.Snippets,
		Texts:    res.Texts,
		Version:  check.TestedVersion(res.Texts),
		Context:  w.ctx,
		Against:  w.e.opt.Against,
		Report:   l.Add,
	}
	pass.Run(cs)
	if len(cs) == len(w.e.checkers()) {
		// The run's checkers (withoutWhole drops some): their ranks are
		// computed once per run.
		w.e.ranksOnce.Do(func() { w.e.ranks = codeRanks(cs) })
		return oneRootRanked(l, w.e.ranks)
	}
	return oneRoot(l, cs)
}

// page assembles the published page of g; resources are the files of its
// folder to publish beside it (checkResources).
func (w *worker) page(g *guide.Guide, res *markdown.Result, resources []string) *publish.Page {
	nav := w.e.nav[g.Name]
	p := &publish.Page{
		Name:      g.Name,
		URL:       w.e.pageURL(g.Name),
		File:      g.File,
		Meta:      &g.Meta,
		Content:   template.HTML(res.HTML),
		TOC:       template.HTML(res.TOCHTML),
		Resources: resources,
		Prev:      nav.Prev,
		Next:      nav.Next,
	}
	if len(resources) > 0 {
		p.ResourceFS = w.e.resourceFS(g)
	}
	for _, h := range res.Headings {
		p.Headings = append(p.Headings, publish.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
	}
	return p
}

// checkVariables reports site variables that site.yaml does not define: the
// preferences form offers no field for them, so readers can never set them.
func (e *env) checkVariables(g *guide.Guide, exp *shortcode.Expanded) diag.List {
	l := nojsOutliers(g, exp, func(name string) string {
		v, _ := e.cfg.Variable(name)
		return v.Default
	})
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

// nojsOutliers reports the sitevar calls of a guide whose nojs text
// differs from the one most of the guide's calls of that variable give
// (at least two, and more than all the others together), or, on a tie,
// from the variable's default in site.yaml: a variable has one value, so
// the odd text is a slip (nojs="auh" among nojs="auth").
// Readers without JavaScript see it, and guidec checks the snippets with
// it, so an Authelia host misspelt there makes the snippets disagree.
func nojsOutliers(g *guide.Guide, exp *shortcode.Expanded, defaultOf func(string) string) diag.List {
	type tally struct {
		n     int
		texts map[string]int
	}
	var byVar map[string]*tally
	for _, c := range exp.Calls {
		if c.Var == "" || c.Format != "" {
			continue
		}
		if byVar == nil {
			byVar = map[string]*tally{}
		}
		t := byVar[c.Var]
		if t == nil {
			t = &tally{texts: map[string]int{}}
			byVar[c.Var] = t
		}
		t.n++
		t.texts[c.Text]++
	}
	var l diag.List
	for _, c := range exp.Calls {
		t := byVar[c.Var]
		if c.Var == "" || c.Format != "" || t == nil || len(t.texts) < 2 {
			continue
		}
		most, n := "", 0
		for text, k := range t.texts {
			if k > n || k == n && text < most {
				most, n = text, k
			}
		}
		why := ""
		if 2*n <= t.n {
			// No majority: the site's default decides, when one of
			// the texts is it.
			most, why = defaultOf(c.Var), " (the site's default)"
			if n = t.texts[most]; n == 0 {
				continue
			}
		} else if n < 2 {
			continue
		}
		if c.Text == most {
			continue
		}
		l.Add(diag.Diagnostic{File: g.File, Span: c.Span, Severity: diag.Error, Code: "sitevar-nojs-differs",
			Message: fmt.Sprintf("site variable '%s' shows '%s' here without JavaScript, but '%s'%s in %d other place(s) of the guide: one variable has one value, and the snippets are checked with the text shown", c.Var, c.Text, most, why, n),
			Hint:    fmt.Sprintf("write nojs=\"%s\"", most)})
	}
	return l
}

// withoutWhole returns the checkers of cs that do not compare snippets
// (check.Checker.Whole).
func withoutWhole(cs []*check.Checker) []*check.Checker {
	var out []*check.Checker
	for _, c := range cs {
		if !c.Whole {
			out = append(out, c)
		}
	}
	return out
}

// isEmailAutolink reports whether ln is an e-mail address that linkify or
// an autolink made a link ("<a@b.example>", "a@b.example"): its destination
// is the bare address, with no scheme, and it leaves the site.
func isEmailAutolink(ln markdown.Link) bool {
	return ln.Kind == markdown.LinkAutolink && strings.Contains(ln.Dest, "@") && !strings.Contains(ln.Dest, ":")
}

// twinsOf groups the headings whose text gives the same id (Hugo suffixes
// all but the first), or returns nil when there are none.
func twinsOf(hs []markdown.Heading) links.Twins {
	var count map[string]int
	for _, h := range hs {
		if h.Base == "" {
			continue
		}
		if count == nil {
			count = map[string]int{}
		}
		count[h.Base]++
	}
	var t links.Twins
	for i, h := range hs {
		if count[h.Base] < 2 {
			continue
		}
		if t == nil {
			t = links.Twins{}
		}
		parent := ""
		for j := i - 1; j >= 0; j-- {
			if hs[j].Level < h.Level {
				parent = hs[j].Text
				break
			}
		}
		t[h.Base] = append(t[h.Base], links.Twin{ID: h.ID, Text: h.Text, Parent: parent})
	}
	return t
}

// ancestorsAt returns the texts of the headings that enclose span sp of
// the guide, innermost first: the last heading before it, the last one of
// a lower level before that, and so on.
func ancestorsAt(hs []markdown.Heading, sp source.Span) []string {
	var out []string
	level := 1 << 30
	for i := len(hs) - 1; i >= 0; i-- {
		h := hs[i]
		if h.Span.Start > sp.Start || h.Level >= level {
			continue
		}
		out = append(out, h.Text)
		level = h.Level
	}
	return out
}
