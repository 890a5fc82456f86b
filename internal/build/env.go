package build

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/links"
	"github.com/guidec/guidec/internal/markdown"
	"github.com/guidec/guidec/internal/publish"
	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/stackgrow"
)

// env is what every worker shares: read-only after prepare.
type env struct {
	opt       Options
	cfg       *publish.Config
	site      *publish.Site // nil when the layouts cannot be used, and in a Session
	dry       bool          // site is a dry run (Run without an Output)
	publishes bool          // pages are published (Run with an Output, or a Session)
	keepDeps  bool          // workers record their link resolutions (a Session's)
	empty     bool          // the source holds no guide at all
	src       *sourceTree   // what discovery found
	// unpublished names the drafts that are rendered and checked but not
	// published (Options.CheckDrafts).
	unpublished map[string]bool
	guides      map[string]*guide.Guide
	byFile      map[*source.File]*guide.Guide
	selected    []string // guide names to process, sorted
	nav         map[string]publish.Nav
	tree        links.Resolver
	// hsite is tree for a Project: the Hugo site with every page's URL.
	hsite *links.Site
	// clashed names the pages of hsite that another page's URL takes.
	clashed      map[string]bool
	highlightCSS []byte
	checkerList  []*check.Checker
	registry     *diag.Registry
	// noted names the guides whose loading reported diagnostics: their
	// source stays whole for the whole run, to be printed.
	noted map[string]bool
	logMu sync.Mutex

	// site0 is siteInfo's answer, made once (siteOnce).
	siteOnce sync.Once
	site0    shortcode.SiteInfo
	// ranks is codeRanks of the run's checkers, made once (ranksOnce).
	ranksOnce sync.Once
	ranks     map[string]int

	setOnce sync.Once
	set     *shortcode.Set
	setErr  error
}

// prepare loads the site configuration, layouts and every guide's front
// matter. Diagnostics about any of them come back; err means guidec could
// not read its own inputs. Guides are loaded even when the layouts cannot
// be used, so that one run reports every problem.
func prepare(opt Options) (*env, diag.List, error) {
	e := &env{opt: opt, registry: Registry(), publishes: opt.Output != nil}
	// The templates are parsed while site.yaml, the layouts and the
	// guides load: none of these needs the others, and all are on the way
	// to the first page.
	srcs := templateSources(opt)
	go e.setOnce.Do(func() {
		stackgrow.Grow()
		e.set, _, e.setErr = shortcode.Load(srcs)
	})
	// The guides' files are read meanwhile too: only indexing them needs
	// the configuration (registerLoaded).
	files := make(chan readGuides, 1)
	go func() { files <- e.readGuides() }()
	var l diag.List
	cfg, cd, err := loadConfig(opt)
	if err != nil {
		<-files
		return nil, nil, err
	}
	l = append(l, cd...)
	e.cfg = cfg
	layouts, ld := publish.LoadLayouts(opt.Site)
	l = append(l, ld...)
	if layouts != nil && !blocking(ld) {
		// Without an Output, a dry run: check applies every rule of
		// publishing (see publish.New) without writing.
		site, err := newSite(cfg, layouts, opt.Output, opt)
		if err != nil {
			<-files
			return nil, nil, err
		}
		e.site, e.dry = site, opt.Output == nil
		e.highlightCSS = []byte{} // a dry run only claims the style sheet's path
		if !e.dry {
			e.highlightCSS = markdown.HighlightCSSModes(cfg.HighlightStyle, cfg.HighlightStyleDark)
		}
	}
	e.checkerList = checkers(opt.Digests)
	if opt.Checkers != nil {
		e.checkerList = opt.Checkers
	}
	rg := <-files
	if rg.err != nil {
		return nil, nil, rg.err
	}
	l = append(l, rg.diags...)
	l = append(l, e.registerLoaded(rg.st, rg.loaded)...)
	e.prepareCheckers()
	set, err := e.loadSet()
	if err != nil {
		return nil, nil, err
	}
	l = append(l, set.Diagnostics()...)
	return e, l, nil
}

// prepareCheckers starts, in the background, the setup of the checkers
// that the loaded pages may need (check.Checker.Prepare).
func (e *env) prepareCheckers() {
	var prep []func([]byte) bool
	for _, c := range e.checkers() {
		if c.Prepare != nil {
			prep = append(prep, c.Prepare)
		}
	}
	if len(prep) == 0 {
		return
	}
	srcs := make([][]byte, 0, len(e.selected))
	for _, n := range e.selected {
		if g := e.guides[n]; g != nil && g.File != nil {
			srcs = append(srcs, g.File.Content)
		}
	}
	for _, p := range prep {
		go func() {
			stackgrow.Grow()
			for _, src := range srcs {
				if p(src) {
					return
				}
			}
		}()
	}
}

// loadConfig reads site.yaml (the defaults when it cannot be used; its
// diagnostics say why) and applies --base-url.
func loadConfig(opt Options) (*publish.Config, diag.List, error) {
	cfg, cd := publish.LoadConfig(opt.Site, "site.yaml")
	if cfg == nil {
		cfg = publish.DefaultConfig()
	}
	if opt.BaseURL != "" {
		norm, err := publish.NormalizeBaseURL(opt.BaseURL)
		if err != nil {
			return nil, nil, fmt.Errorf("--base-url: %w", err)
		}
		cfg.BaseURL = norm
	}
	return cfg, cd, nil
}

// discover lists the guides of the source tree, or the pages of a
// Project's content tree. Its diagnostics name directories as the user
// wrote --source, like those of guides.
func discover(opt Options) (*sourceTree, diag.List, error) {
	if opt.Project != nil {
		return discoverHugo(opt)
	}
	names, l, err := guide.Discover(opt.Source, ".")
	if err != nil {
		return nil, nil, err
	}
	for i := range l {
		if f := l[i].File; f != nil {
			l[i].File = source.NewFile(path.Join(opt.SourceName, f.Name), f.Content)
		}
	}
	st := &sourceTree{names: names}
	if len(names) == 0 && !l.HasErrors(false) {
		st.empty = true
		st.why = fmt.Errorf("%w in %s: looked for %s", ErrNoGuides, opt.SourceName, path.Join(opt.SourceName, "*", guide.IndexFile))
	}
	return st, l, nil
}

// loadOne loads the guide (or page) name of the source tree.
func loadOne(opt Options, st *sourceTree, name string) loadState {
	if p := st.pages[name]; p != nil {
		return loadPage(opt, p, name)
	}
	g, d := guide.Load(opt.Source, ".", name, path.Join(opt.SourceName, name, guide.IndexFile))
	return loadState{g: g, diags: d}
}

// readGuides is what env.readGuides returns.
type readGuides struct {
	st     *sourceTree
	loaded []loadState
	diags  diag.List
	err    error
}

// readGuides discovers and loads every guide (in parallel: the front matter
// of all guides is needed before any page is rendered, for navigation and
// links between guides), for registerLoaded. It sets e.empty and may
// narrow e.opt.Only (Options.Section): prepare reads neither meanwhile.
func (e *env) readGuides() readGuides {
	st, l, err := discover(e.opt)
	if err != nil {
		return readGuides{err: err}
	}
	e.empty = st.empty
	names := st.names
	if e.opt.Discovered != nil {
		e.opt.Discovered(len(names))
	}
	if sec := e.opt.Section; sec != "" && st.hugo != nil {
		only := map[string]bool{}
		for n, p := range st.pages {
			if (e.opt.Only == nil || e.opt.Only[n]) && strings.HasPrefix(p.File, sec+"/") {
				only[n] = true
			}
		}
		e.opt.Only = only
	}
	loaded := make([]loadState, len(names))
	parallel(len(names), e.opt.Jobs, func(i int) {
		loaded[i] = loadOne(e.opt, st, names[i])
	})
	return readGuides{st: st, loaded: loaded, diags: l}
}

// registerLoaded indexes loaded guides: the guides map, the link tree and
// the navigation, and the guides selected for this build (Options.Only).
// It returns the diagnostics of the guides that are built.
func (e *env) registerLoaded(st *sourceTree, loaded []loadState) diag.List {
	var l diag.List
	e.src = st
	e.guides = map[string]*guide.Guide{}
	e.byFile = map[*source.File]*guide.Guide{}
	e.noted, e.unpublished = nil, nil
	var tree *links.Tree
	e.hsite = nil
	if st.hugo != nil {
		var hl diag.List
		e.hsite, hl = e.hugoSite(st, loaded)
		e.tree = e.hsite
		l = append(l, hl...)
	} else {
		tree = &links.Tree{Guides: map[string]map[string]bool{}, BaseURL: basePath(e.cfg.BaseURL)}
		e.tree = tree
	}
	metas := map[string]*guide.Meta{}
	for _, ls := range loaded {
		g := ls.g
		if g == nil {
			l = append(l, ls.diags...)
			continue
		}
		draft, hidden := g.Meta.Draft, g.Meta.Draft && !e.opt.Drafts
		if p := e.hugoPage(g.Name); p != nil {
			// Hugo decides, with the cascades of the sections above: a
			// draft, or a page it does not write (headless,
			// build.render never or link), is checked, not published.
			draft, hidden = p.Draft && !p.InSite, !p.Rendered() || e.clashed[g.Name]
			e.hugoAliases(g)
		}
		if hidden {
			if tree != nil {
				// Links to it say it is a draft, whether it is checked or not.
				tree.Drafts = addName(tree.Drafts, g.Name)
			}
			if draft && !e.opt.CheckDrafts {
				continue
			}
			if draft && g.Meta.Draft && g.Meta.Has("draft") {
				// The guide's own draft: true keeps it off the site
				// (Hugo's too): a reminder, not an error, since a
				// guide being written is a draft on purpose.
				ls.diags.Addf(g.File, g.Meta.ValueSpan("draft"), diag.Warning, "frontmatter-draft",
					"set draft: false to publish the page, or pass --drafts to check it as published",
					"the page is a draft: build leaves it out of the site, as Hugo does, so readers never see it and links to it break")
			}
			e.unpublished = addName(e.unpublished, g.Name)
		}
		if e.opt.Only == nil || e.opt.Only[g.Name] {
			l = append(l, ls.diags...)
		}
		if len(ls.diags) > 0 {
			if e.noted == nil {
				e.noted = map[string]bool{}
			}
			e.noted[g.Name] = true
		}
		e.guides[g.Name] = g
		e.byFile[g.File] = g
		if tree != nil {
			tree.Guides[g.Name] = e.linkableResources(g)
		}
		if !e.unpublished[g.Name] && e.pageURL(g.Name) != "/" {
			metas[g.Name] = &g.Meta
		}
	}
	e.nav = publish.NavigationAt(metas, e.navURL)
	e.selected = nil
	for _, n := range sortedKeys(e.guides) {
		if e.opt.Only == nil || e.opt.Only[n] {
			e.selected = append(e.selected, n)
		}
	}
	return l
}

// addName adds name to the set m, making it when nil.
func addName(m map[string]bool, name string) map[string]bool {
	if m == nil {
		m = map[string]bool{}
	}
	m[name] = true
	return m
}

// parallel calls f(0..n-1) on at most jobs goroutines.
func parallel(n, jobs int, f func(int)) {
	if jobs <= 0 {
		jobs = defaultJobs()
	}
	var wg sync.WaitGroup
	var next atomic.Int64 // each worker takes the next index itself
	for w := 0; w < jobs && w < n; w++ {
		wg.Go(func() {
			stackgrow.Grow()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

func (e *env) logf(format string, args ...any) {
	if e.opt.Log == nil {
		return
	}
	e.logMu.Lock()
	defer e.logMu.Unlock()
	fmt.Fprintf(e.opt.Log, format, args...)
}

// basePath returns the path of an absolute base URL ("https://x/docs/" →
// "/docs/"), the prefix of every page URL.
func basePath(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Path == "" {
		return "/"
	}
	if !strings.HasSuffix(u.Path, "/") {
		return u.Path + "/"
	}
	return u.Path
}
