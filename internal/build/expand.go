package build

import (
	"fmt"
	"html/template"
	"path"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/links"
	"github.com/guidec/guidec/internal/publish"
	"github.com/guidec/guidec/internal/shortcode"
)

// templateSources returns where the templates of a run come from: the
// built-in set and the project's own templates and data.
func templateSources(opt Options) shortcode.Sources {
	return shortcode.Sources{Builtin: opt.Shortcodes, Project: opt.ProjectShortcodes, Partials: opt.Partials, Data: opt.Data}
}

// loadSet loads the run's template set once. A template that does not
// load is a diagnostic of the set (Set.Diagnostics), not an error: only
// the pages that call it fail.
func (e *env) loadSet() (*shortcode.Set, error) {
	e.setOnce.Do(func() {
		e.set, _, e.setErr = shortcode.Load(templateSources(e.opt))
	})
	if e.setErr != nil {
		return nil, fmt.Errorf("shortcodes: %w", e.setErr)
	}
	return e.set, nil
}

// templates returns a template set for one worker: parsed once per run,
// given as loaded to the first worker and cloned for the others, since a
// set is not safe for concurrent execution (shortcode.Set.ForWorker).
func (e *env) templates() (*shortcode.Set, error) {
	set, err := e.loadSet()
	if err != nil {
		return nil, err
	}
	return set.ForWorker()
}

// expand runs the shortcode stage over a guide's body.
func (w *worker) expand(g *guide.Guide) (*shortcode.Expanded, diag.List) {
	e := w.e
	opts := shortcode.Options{
		Page: shortcode.PageInfo{
			Title:  g.Meta.Title,
			Params: g.Meta.Params,
			Path:   path.Join(g.Name, guide.IndexFile),
			URL:    w.resolve(g.Name, "./").URL,
		},
		Site: e.siteInfo(),
		RelRef: func(ref string) (string, bool) {
			t := w.resolve(g.Name, ref)
			return t.URL, t.Kind == links.Guide
		},
		Markdownify: w.markdownify,
		Memo:        w.memo, // one per worker and build: the site is fixed
	}
	if p := e.hugoPage(g.Name); p != nil {
		opts.Page.Path, opts.Page.URL = p.File, p.URL
	}
	if len(g.Resources) > 0 {
		opts.Page.Resources = e.resourceFS(g)
	}
	return shortcode.Expand(w.sc, g.File, g.Body, opts)
}

// markdownify renders a fragment that a template passes to markdownify
// (other than a spliced call's inner content, which the page renders).
func (w *worker) markdownify(md string) (template.HTML, error) {
	return w.md.Fragment([]byte(md))
}

// siteInfo returns what .Site tells templates (makeSiteInfo), made once
// per run: it is the same for every page, and the memos of the workers
// rely on that.
func (e *env) siteInfo() shortcode.SiteInfo {
	e.siteOnce.Do(func() { e.site0 = e.makeSiteInfo() })
	return e.site0
}

// makeSiteInfo returns what .Site tells templates: for a Hugo project its
// title and params (the project's config, where its templates expect
// them), with site.yaml's params for the keys the project does not set
// (the site variables); else site.yaml's. The base URL is ours: the pages
// are published on our site.
func (e *env) makeSiteInfo() shortcode.SiteInfo {
	info := shortcode.SiteInfo{Title: e.cfg.Title, BaseURL: e.cfg.BaseURL, Params: e.cfg.Params, Variables: siteVariables(e.cfg.Variables)}
	if e.opt.Project == nil {
		return info
	}
	info.Static = e.opt.Project.StaticFS
	if e.opt.Project.Config == nil {
		return info
	}
	pc := e.opt.Project.Config
	if t, ok := pc.Raw["title"].(string); ok && t != "" {
		info.Title = t
	}
	if len(pc.Params) > 0 {
		params := make(map[string]any, len(pc.Params)+len(e.cfg.Params))
		for k, v := range e.cfg.Params {
			params[k] = v
		}
		for k, v := range pc.Params {
			params[k] = v
		}
		info.Params = params
	}
	return info
}

func siteVariables(vs []publish.Variable) []shortcode.Variable {
	out := make([]shortcode.Variable, 0, len(vs))
	for _, v := range vs {
		out = append(out, shortcode.Variable{Name: v.Name, Label: v.Label, Type: v.Type, Default: fmt.Sprint(v.Default)})
	}
	return out
}
