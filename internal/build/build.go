package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/hlcache"
	"github.com/guidec/guidec/internal/links"
	"github.com/guidec/guidec/internal/publish"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/stackgrow"
)

// Options configure one run. Source, Shortcodes and Site are required.
type Options struct {
	Source     fs.FS  // the guides directory, or a Project's content directory
	SourceName string // how the user named it, prefixed to file names in diagnostics
	// Project, when set, makes Source the content directory of a Hugo
	// project: every page of the tree (bundles, leaf pages, sections, at
	// any depth) is a page, named by its content path (PageName), and is
	// published at the URL Hugo gives it; links resolve as .Page.GetPage
	// does (links.Site). nil: Source is a folder of guides NAME/index.md.
	Project *Project
	// Section, with Project, restricts the run to the pages whose file is
	// in this content-relative directory or below (the section --source
	// named inside a project), as Only does: the rest of the tree is read
	// so that links resolve against all of it.
	Section    string
	Shortcodes fs.FS // shortcode templates (NAME.html)
	Site       fs.FS // site.yaml, layouts/, static/

	// ProjectShortcodes and Partials are a Hugo project's shortcode and
	// partial directories, highest priority first, and Data its data
	// directory (nil: none); see shortcode.Sources. A project shortcode
	// replaces the one of Shortcodes with its name; the others add to them.
	ProjectShortcodes []fs.FS
	Partials          []fs.FS
	Data              fs.FS

	// Drafts publishes the guides with draft: true, as pages like the
	// others (links to them are then fine).
	Drafts  bool
	BaseURL string // overrides site.yaml's baseURL when set
	Jobs    int    // worker count; 0 means GOMAXPROCS

	// CheckDrafts renders and checks the drafts that are not published
	// (Drafts false) and writes nothing for them: check and build set it,
	// so that a draft's errors are found before anyone publishes it. Either
	// way, a link from a published page to such a draft is a link-draft
	// error, since the reader would get a 404.
	CheckDrafts bool

	// Check runs the snippet checkers (syntax, Authelia schema,
	// consistency) in addition to the build's own diagnostics.
	Check bool
	// Only restricts the run to these guide names; nil means all. The other
	// guides are still loaded so links to them resolve, and the ones the
	// selected guides link into are rendered for their anchors, so that
	// links are checked against the whole tree.
	Only map[string]bool
	// Inbound names guides, existing or not (deleted, renamed), whose
	// inbound links are checked in every other guide too: every guide is
	// rendered, and the link and anchor diagnostics of links into these
	// guides are reported. `check --changed-since` sets it to the guides
	// a change touched, with Only.
	Inbound map[string]bool
	// Output receives the site; nil means nothing is written (check), but
	// every rule of publishing still applies (publish.New's dry run).
	Output publish.Output
	// Digests verifies client secrets against digests; nil disables the
	// secret consistency rule.
	Digests *digest.Verifier
	// Highlights keeps the highlighting of code blocks between runs
	// (markdown.WithTokenCache); nil keeps it in this process only.
	Highlights *hlcache.Cache
	// Log receives progress messages; nil discards them.
	Log io.Writer
	// Discovered, when set, is told how many pages Run found, before it
	// loads them: the command sizes the run's memory budget on it.
	Discovered func(pages int)
	// Against lists other Authelia releases to check provider snippets
	// for (check --against), passed to checkers as check.Pass.Against.
	Against []string
	// Checkers replaces the snippet checkers Check runs (nil: the default
	// ones), for commands that compute their own report.
	Checkers []*check.Checker
	// KeepGoing finishes the site even when some pages could not be built
	// (as far as they were built), for build --keep-going.
	KeepGoing bool
}

// Result is the outcome of a run.
type Result struct {
	Diags diag.List // sorted, deduplicated
	// Pages counts the pages published (with a nil Output: that a build
	// would publish); Checked counts the guides checked, unpublished
	// drafts included.
	Pages, Checked int
	// Failed reports that a guide could not be built correctly (a blocking
	// error, see Blocking); the output must then not be published, unless
	// Options.KeepGoing, with which the site is finished without it.
	Failed bool
	// Finished reports that the site's own files (home page, index,
	// sitemap, static files, aliases) were written: a site that holds
	// them can be published.
	Finished bool
	// Used maps each guide to the shortcodes it calls, for incremental
	// rebuilds.
	Used map[string][]string
}

// ErrNoGuides is the error of a run over a source tree that holds no guide:
// there is nothing to check, which a CI gate must not take for success.
var ErrNoGuides = errors.New("no guides")

// Registry returns every diagnostic code guidec can report.
func Registry() *diag.Registry {
	return diag.NewRegistry(allCodes()...)
}

// Run builds (and with Options.Check, checks) the guides. The returned error
// means guidec failed (I/O, a broken template set) or, wrapping
// ErrNoGuides, that the source holds no guide; problems in the guides are
// diagnostics in the Result.
func Run(ctx context.Context, opt Options) (*Result, error) {
	env, diags, err := prepare(opt)
	if err != nil {
		return nil, err
	}
	if env.empty {
		return nil, env.src.why
	}
	res := &Result{Used: map[string][]string{}}
	res.Diags = append(res.Diags, diags...)
	if env.loadBlocking(diags) {
		// Nothing may be published, but every guide that loaded is still
		// processed so that one run reports all problems.
		res.Failed = true
	}
	pages, err := env.process(ctx, env.selected, checkAll)
	if err != nil {
		return nil, err
	}
	linked, err := env.process(ctx, env.linked(pages), checkInbound)
	if err != nil {
		return nil, err
	}
	var uses []links.Use
	var away []links.Away
	ids := make(map[string]map[string]bool, len(pages)+len(linked))
	twins := map[string]links.Twins{}
	for _, p := range append(pages[:len(pages):len(pages)], linked...) {
		if p.twins != nil {
			twins[p.name] = p.twins
		}
	}
	for _, p := range pages {
		res.Diags = append(res.Diags, p.diags...)
		uses = append(uses, p.links...)
		away = append(away, p.away...)
		if !p.failed || opt.Project == nil {
			// In a Hugo project, a page that failed (a call of a template
			// guidec cannot run) rendered only part of its headings: the
			// anchors into it cannot be told right or wrong.
			ids[p.name] = p.ids
		}
		res.Used[p.name] = p.used
		res.Checked++
		if p.failed && !env.unpublished[p.name] {
			res.Failed = true
		}
		if p.rendered && !env.unpublished[p.name] {
			res.Pages++
		}
	}
	for _, p := range linked {
		// Only the links into Options.Inbound were kept (checkInbound).
		res.Diags = append(res.Diags, p.diags...)
		uses = append(uses, p.links...)
		ids[p.name] = p.ids
	}
	res.Diags = append(res.Diags, env.suppress(links.CheckAnchors(uses, ids))...)
	res.Diags = append(res.Diags, env.suppress(links.CheckTwins(uses, twins))...)
	res.Diags = append(res.Diags, links.CheckAway(away, len(pages))...)
	pd, err := env.publishSite(res.Failed && !opt.KeepGoing)
	if err != nil {
		return nil, err
	}
	res.Finished = env.site != nil && !env.dry && (!res.Failed || opt.KeepGoing)
	res.Diags = append(res.Diags, pd...)
	if blocking(pd) {
		res.Failed = true
	}
	return finish(res), nil
}

// publishSite finishes the site: the home page, search index, sitemap,
// static files and aliases. A build does so only when no page failed (the
// site is not published then); a dry run (check) always does, after
// claiming the paths of every page it would publish, so that it reports
// the collisions a build would. With Options.Only, a dry run reports only
// what involves a selected guide.
func (e *env) publishSite(failed bool) (diag.List, error) {
	if e.site == nil || failed && !e.dry {
		return nil, nil
	}
	var l diag.List
	if e.dry {
		for _, n := range sortedKeys(e.guides) {
			if e.unpublished[n] {
				continue
			}
			g := e.guides[n]
			pd, err := e.site.WritePage(e.claimPage(g))
			if err != nil {
				return nil, err
			}
			l = append(l, e.aboutSelected(pd)...)
		}
	}
	fd, err := e.site.Finish(e.opt.Site, e.highlightCSS)
	if err != nil {
		return nil, err
	}
	if e.dry {
		fd = e.aboutSelected(fd)
	}
	return append(l, fd...), nil
}

// claimPage returns what a dry run needs of g's page: its name, files and
// front matter, not its content.
func (e *env) claimPage(g *guide.Guide) *publish.Page {
	// Only resources of a published type: the others are reported by
	// checkResources and never claim a file of the site.
	res := e.publishableResources(g)
	p := &publish.Page{Name: g.Name, URL: e.pageURL(g.Name), File: g.File, Meta: &g.Meta, Resources: res}
	if len(res) > 0 {
		p.ResourceFS = e.resourceFS(g)
	}
	return p
}

// aboutSelected keeps the diagnostics of l about a selected guide, in
// their file or a related note (all of them when every guide is
// selected), and those about no guide (the site's own files).
func (e *env) aboutSelected(l diag.List) diag.List {
	if e.opt.Only == nil {
		return l
	}
	var out diag.List
	for _, d := range l {
		files := []*source.File{d.File}
		for _, r := range d.Related {
			files = append(files, r.File)
		}
		guides, selected := 0, false
		for _, f := range files {
			if g := e.byFile[f]; g != nil {
				guides++
				selected = selected || e.opt.Only[g.Name]
			}
		}
		if selected || guides == 0 {
			out = append(out, d)
		}
	}
	return out
}

// linked returns the guides to render besides the selected ones, for
// their links and anchors: none when every guide is selected; every other
// guide when Options.Inbound asks for links into some guides to be
// checked everywhere; else the guides the selected pages link into with
// an anchor, whose ids the anchor check needs.
func (e *env) linked(pages []*pageResult) []string {
	if e.opt.Only == nil {
		return nil
	}
	var out []string
	if len(e.opt.Inbound) > 0 {
		for _, n := range sortedKeys(e.guides) {
			if !e.opt.Only[n] {
				out = append(out, n)
			}
		}
		return out
	}
	need := map[string]bool{}
	for _, p := range pages {
		for _, u := range p.links {
			if n := u.Target.Guide; u.Target.Kind == links.Guide && !e.opt.Only[n] && e.guides[n] != nil {
				need[n] = true
			}
		}
	}
	return sortedKeys(need)
}

func finish(res *Result) *Result {
	res.Diags.Sort()
	res.Diags = res.Diags.Dedup()
	return res
}

// process runs the per-guide stages on the worker pool and returns one
// result per guide of names, in their order whatever the scheduling.
func (e *env) process(ctx context.Context, names []string, m mode) ([]*pageResult, error) {
	results := make([]*pageResult, len(names))
	order := e.largestFirst(names)
	err := e.onWorkers(ctx, len(names), func(wk *worker, k int) error {
		i := order[k]
		r, err := wk.run(names[i], m)
		if err == nil {
			e.release(r)
		}
		results[i] = r
		return err
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// largestFirst returns the indexes of names, the largest guide first
// (ties in name order): the workers take the longest pages while others
// remain to balance them, and the run does not end on one long page with
// the other workers idle (longest processing time first). A name with no
// loaded guide counts as empty. The results keep the order of names.
func (e *env) largestFirst(names []string) []int {
	order := make([]int, len(names))
	size := make([]int, len(names))
	for i, n := range names {
		order[i] = i
		if g := e.guides[n]; g != nil && g.File != nil {
			size[i] = len(g.File.Content)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return size[b] - size[a] })
	return order
}

// onWorkers calls f(w, i) for i in [0, n) on a bounded pool of workers
// (Options.Jobs, else GOMAXPROCS), each with its own template set and
// Markdown renderer. It stops handing out work when ctx is done and
// returns ctx's error, else the first error f returned.
func (e *env) onWorkers(ctx context.Context, n int, f func(w *worker, i int) error) error {
	jobs := e.opt.Jobs
	if jobs <= 0 {
		jobs = defaultJobs()
	}
	// Each worker takes the next index itself: a goroutine handing them
	// out had to be woken for every page, a thread switch each time.
	var next atomic.Int64
	var wg sync.WaitGroup
	var firstErr error
	var errOnce sync.Once
	for w := 0; w < jobs && w < n; w++ {
		wk, err := e.newWorker()
		if err != nil {
			next.Store(int64(n)) // the workers started take no more
			wg.Wait()
			return err
		}
		wk.ctx = ctx
		wg.Add(1)
		go func() {
			defer wg.Done()
			stackgrow.Grow()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := f(wk, i); err != nil {
					errOnce.Do(func() { firstErr = err })
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return firstErr
}

// release drops what a run no longer needs of a guide once its page is
// written, so that memory grows with the index data rather than with every
// guide's text: its front matter's free-form values and key positions,
// which only the page used, and the body of its source (the front matter
// stays, for the positions of alias diagnostics in Finish) unless a
// diagnostic will print an excerpt of it. A guide with links whose anchors
// are checked at the end keeps everything.
func (e *env) release(r *pageResult) {
	g := e.guides[r.name]
	if g == nil || len(r.links) > 0 {
		return // the anchor check may report, and suppress, diagnostics
	}
	g.Meta.Params, g.Meta.Fields = nil, nil
	if len(r.diags) > 0 || e.noted[r.name] || len(r.away) > 0 {
		return
	}
	if end := g.Body.Start; end >= 0 && end <= len(g.File.Content) {
		g.File.Content = bytes.Clone(g.File.Content[:end]) // a copy frees the rest
	}
}

// pageResult is what the run keeps of one guide after its page is written:
// small data only, so memory does not grow with page sizes.
type pageResult struct {
	name     string
	diags    diag.List
	links    []links.Use
	away     []links.Away // the links leaving the tree, for links.CheckAway
	ids      map[string]bool
	twins    links.Twins // nil when no two headings share an id base
	used     []string
	failed   bool
	rendered bool
}

// blocking reports whether l holds an error that prevents a correct page:
// an error of a blocking stage (see stages).
func blocking(l diag.List) bool {
	for _, d := range l {
		if d.Severity == diag.Error && blockingCodes[d.Code] {
			return true
		}
	}
	return false
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// checkers returns the snippet checkers of a run, in a fixed order.
func (e *env) checkers() []*check.Checker {
	if !e.opt.Check {
		return nil
	}
	return e.checkerList
}

func internalDiag(name string, v any) diag.Diagnostic {
	return diag.Diagnostic{
		Severity: diag.Error, Code: "internal",
		Message: fmt.Sprintf("guidec failed on guide %q: %v", name, v),
		Hint:    "this is a bug in guidec; please report it with the guide",
	}
}
