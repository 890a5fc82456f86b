package build

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing/fstest"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/links"
	"github.com/guidec/guidec/internal/markdown"
	"github.com/guidec/guidec/internal/publish"
	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/source"
)

// Session builds a site into memory again and again, as `guidec serve`
// does, redoing after each change only the work the change can affect.
//
// What a page depends on, and therefore when it is rendered again:
//   - its guide directory (index.md and resources): any change in it;
//   - the shortcode templates it calls (Result.Used), and, for a page with
//     an unknown shortcode, the set of template names (the suggestion);
//   - every link destination it resolved (Markdown links, relref, its own
//     URL): rendered again when the link tree resolves one differently, so
//     pages linking to a guide follow its creation, deletion or rename;
//   - the site configuration: every page.
//
// Every page is laid out again at each build (navigation and layouts are
// cheap) and the home page, search index, sitemap, aliases and static files
// are written again, so the Snapshot of a build without failures is byte
// for byte the site Run writes for the same files.
//
// A guide that fails keeps its last good page in the snapshot (it is listed
// in Snapshot.Stale); the Result still reports the failure. A Session is
// safe for concurrent use, but builds run one at a time.
type Session struct {
	opt      Options
	live     bool
	registry *diag.Registry

	mu   sync.Mutex
	seq  int
	site siteInputs
	// set is the shortcode template set; setErr, when set, is why the
	// current templates could not be loaded, which fails every build until
	// they are fixed.
	set      *shortcode.Set
	setErr   error
	setDiags diag.List // the templates that do not load, and bad data files

	loaded map[string]loadState // the last load of each discovered guide
	// listed and listedDiags are the last discovery of a folder of
	// guides, which a change inside known guides leaves as it is.
	listed      *sourceTree
	listedDiags diag.List
	pages       map[string]*pageState
	good        map[string]*pageState // the last state of each guide that did not fail
	tree        links.Resolver
	prev        *Snapshot
	last        *lastPublish
	// pending accumulates the changes a failed build could not take in
	// yet, so that the next build does.
	pending Change
}

// SessionOption configures a Session.
type SessionOption func(*Session)

// WithLiveReload makes the layouts include the live reload script
// (publish.Config.LiveReload). Run never sets it, so `guidec build` output
// never loads it.
func WithLiveReload() SessionOption {
	return func(s *Session) { s.live = true }
}

// NewSession prepares a session for opt. Options.Output, Options.Only,
// Options.Inbound and Options.CheckDrafts are ignored: a session publishes
// every guide into its snapshots, drafts only with Options.Drafts.
func NewSession(opt Options, opts ...SessionOption) *Session {
	opt.Output, opt.Only, opt.Inbound, opt.CheckDrafts = nil, nil, nil, false
	s := &Session{opt: opt, registry: Registry()}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Change tells a Session what changed on disk since its previous Build.
// The zero Change rebuilds nothing but the snapshot itself.
type Change struct {
	// Guides are changed paths in Options.Source, slash-separated and
	// relative to it: a file or directory inside a guide ("romm/index.md",
	// "romm/img/a.png", "romm"). "." stands for the whole source tree.
	Guides []string
	// Shortcodes reports a change among the shortcode templates.
	Shortcodes bool
	// Site reports a change in the site directory (site.yaml, layouts,
	// static files).
	Site bool
	// All reports that anything may have changed (the watcher lost
	// events): everything is read and rendered again.
	All bool
}

// merge returns the union of c and d.
func (c Change) merge(d Change) Change {
	return Change{
		Guides:     append(c.Guides[:len(c.Guides):len(c.Guides)], d.Guides...),
		Shortcodes: c.Shortcodes || d.Shortcodes,
		Site:       c.Site || d.Site,
		All:        c.All || d.All,
	}
}

// Snapshot is the outcome of one Build: the diagnostics and the complete
// site in memory. It is never modified once Build returns, so it can be
// served while the next one is built.
type Snapshot struct {
	Result
	// Seq numbers the builds of a session from 1.
	Seq int
	// Files maps each file of the site to its content.
	Files map[string][]byte
	// Changed lists the files added, modified or removed since the previous
	// snapshot, sorted.
	Changed []string
	// Rendered lists the guides whose pages this build rendered, sorted.
	Rendered []string
	// Stale lists the guides that failed and are served from their last
	// good version (or not at all, when they never built), sorted.
	Stale []string
	// Err is why this build could not produce a site (a broken shortcode
	// template, a layout that fails to execute, a source directory that
	// cannot be read). Files then holds the previous site.
	Err error

	guideOf map[*source.File]string
}

// Guide returns the name of the guide that f, a diagnostic's file, belongs
// to.
func (s *Snapshot) Guide(f *source.File) (string, bool) {
	n, ok := s.guideOf[f]
	return n, ok
}

// siteInputs are the site directory's contents as one build uses them.
type siteInputs struct {
	cfg       *publish.Config
	cfgDiags  diag.List
	layouts   *publish.Layouts // nil when they have errors (in layDiags)
	layDiags  diag.List
	highlight []byte
}

// loadState is one guide as loaded from disk.
type loadState struct {
	g     *guide.Guide // nil when its index.md could not be read
	diags diag.List
}

// pageState is what a Session keeps of one rendered guide.
type pageState struct {
	g      *guide.Guide
	r      *pageResult
	page   *publish.Page // without Prev and Next; nil when the guide failed
	deps   []linkDep
	failed bool // r.failed, or the guide's front matter has blocking errors
	// What the page was rendered with; when one is replaced, the page is
	// checked against the new one (see rebuild.stale).
	cfg  *publish.Config
	set  *shortcode.Set
	tree links.Resolver
}

// Build brings the site up to date with ch and returns the new snapshot.
// The first Build of a session reads everything, whatever ch says. A
// failure of guidec itself is in Snapshot.Err, with the previous site; the
// error return is only for a cancelled ctx. A panic is recovered and
// reported as an internal diagnostic, and the next Build starts afresh.
func (s *Session) Build(ctx context.Context, ch Change) (snap *Snapshot, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	defer func() {
		if v := recover(); v != nil {
			s.pages, s.loaded, s.tree, s.last, s.listed = nil, nil, nil, nil, nil // start afresh
			d := internalDiag("(site)", v)
			d.Message = fmt.Sprintf("guidec failed while rebuilding: %v", v)
			snap, err = s.failure(append(s.prevDiags(), d), nil), nil
		}
	}()
	ch = s.pending.merge(ch)
	s.pending = ch
	b := &rebuild{s: s, ch: ch, all: ch.All || s.pages == nil}
	snap, err = b.run(ctx)
	if err != nil {
		return nil, err
	}
	s.prev = snap
	return snap, nil
}

// failure returns a snapshot that serves the previous site with the
// diagnostics l, and err when guidec failed.
func (s *Session) failure(l diag.List, err error) *Snapshot {
	snap := &Snapshot{Seq: s.seq, Err: err, Files: map[string][]byte{}, guideOf: map[*source.File]string{}}
	if s.prev != nil {
		snap.Files = s.prev.Files
		snap.guideOf = s.prev.guideOf
		snap.Used = s.prev.Used
		snap.Stale = s.prev.Stale
	}
	snap.Diags = slices.Clone(l)
	snap.Failed = true
	finish(&snap.Result)
	s.prev = snap
	return snap
}

// prevDiags returns the diagnostics of the previous snapshot: a build that
// fails before it gets to the guides keeps showing them.
func (s *Session) prevDiags() diag.List {
	if s.prev == nil {
		return nil
	}
	return slices.Clone(s.prev.Diags)
}

// rebuild is the state of one Build.
type rebuild struct {
	s   *Session
	ch  Change
	all bool // render every page
	e   *env
	l   diag.List              // the build's diagnostics, in Run's order
	nav map[string]publish.Nav // between the pages published
}

func (b *rebuild) run(ctx context.Context) (*Snapshot, error) {
	s := b.s
	if b.all || b.ch.Site {
		if err := b.loadSite(); err != nil {
			return s.failure(s.prevDiags(), err), nil
		}
		s.pending.Site = false
	}
	if b.all || b.ch.Shortcodes {
		b.loadShortcodes()
		s.pending.Shortcodes = false
	}
	if s.setErr != nil {
		return s.failure(s.prevDiags(), s.setErr), nil
	}
	b.e = s.newEnv()
	b.l = append(b.l, s.site.cfgDiags...)
	b.l = append(b.l, s.site.layDiags...)
	b.l = append(b.l, s.setDiags...)
	if err := b.loadGuides(); err != nil {
		return s.failure(append(s.prevDiags(), b.l...), err), nil
	}
	// Pages rendered from older loads are found stale by their guide, so
	// the guide changes are taken in even if rendering is cancelled.
	s.pending.Guides, s.pending.All = nil, false
	rendered, err := b.render(ctx)
	if err != nil {
		return nil, err
	}
	if s.site.layouts == nil {
		// The layouts have errors: keep serving the previous site.
		return s.failure(b.pageDiags(), nil), nil
	}
	snap, err := b.publish(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return s.failure(b.pageDiags(), err), nil
	}
	snap.Rendered = rendered
	return snap, nil
}

// loadSite reads the site configuration and layouts as prepare does. A
// configuration that changed renders every page again; layouts and static
// files only need the layout and Finish steps every build runs anyway.
func (b *rebuild) loadSite() error {
	s := b.s
	opt := s.opt
	cfg, cd, err := loadConfig(opt)
	if err != nil {
		return err
	}
	cfg.LiveReload = s.live
	layouts, ld := publish.LoadLayouts(opt.Site)
	if blocking(ld) {
		layouts = nil
	}
	if s.site.cfg == nil || !reflect.DeepEqual(s.site.cfg, cfg) {
		// A new pointer makes every page stale (pageState.cfg).
		s.site.cfg = cfg
		s.site.highlight = markdown.HighlightCSSModes(cfg.HighlightStyle, cfg.HighlightStyleDark)
	}
	s.site.cfgDiags, s.site.layouts, s.site.layDiags = cd, layouts, ld
	return nil
}

// loadShortcodes reads the templates. Pages rendered with another set
// compare the templates they use (pageState.set).
func (b *rebuild) loadShortcodes() {
	s := b.s
	set, l, err := shortcode.Load(templateSources(s.opt))
	if err != nil {
		s.setErr = fmt.Errorf("shortcodes: %w", err)
		return
	}
	s.setErr, s.setDiags = nil, l
	if s.set != nil && sameTemplates(s.set, set, s.set.Names(), true) {
		return
	}
	s.set = set
}

// sameTemplates reports whether old and cur have the same partials and data
// (SameSupport), the same template for
// every name in used and, when names is set, the same template names
// (which the suggestions for an unknown shortcode come from).
func sameTemplates(old, cur *shortcode.Set, used []string, names bool) bool {
	if names && !slices.Equal(old.Names(), cur.Names()) || !old.SameSupport(cur) {
		return false
	}
	for _, n := range used {
		of, cf := old.File(n), cur.File(n)
		if (of == nil) != (cf == nil) || of != nil && string(of.Content) != string(cf.Content) {
			return false
		}
	}
	return true
}

// newEnv returns the environment the workers of one build share.
func (s *Session) newEnv() *env {
	e := &env{opt: s.opt, cfg: s.site.cfg, registry: s.registry, highlightCSS: s.site.highlight, publishes: true, keepDeps: true}
	e.checkerList = checkers(s.opt.Digests)
	set := s.set
	e.setOnce.Do(func() { e.set = set })
	return e
}

// loadGuides discovers the guides and loads the new and changed ones,
// reusing the others, then indexes them as loadGuides does for Run.
func (b *rebuild) loadGuides() error {
	s, e := b.s, b.e
	st, dl, err := b.discover()
	if err != nil {
		return fmt.Errorf("discover guides: %w", err)
	}
	b.l = append(b.l, dl...)
	names := st.names
	dirty := b.dirtyGuides(st)
	loaded := make([]loadState, len(names))
	var todo []int
	for i, n := range names {
		if ls, ok := s.loaded[n]; ok && !b.all && !dirty[n] && !dirty["."] {
			loaded[i] = ls
			continue
		}
		todo = append(todo, i)
	}
	parallel(len(todo), s.opt.Jobs, func(k int) {
		i := todo[k]
		loaded[i] = loadOne(s.opt, st, names[i])
	})
	s.loaded = make(map[string]loadState, len(names))
	for i, n := range names {
		s.loaded[n] = loaded[i]
	}
	b.l = append(b.l, e.registerLoaded(st, loaded)...)
	if old, ok := s.tree.(*links.Tree); ok && old != nil && reflect.DeepEqual(s.tree, e.tree) {
		e.tree = old // pages rendered with it need no link checks
	}
	s.tree = e.tree
	return nil
}

// discover lists the guides, as the previous build did when the change
// cannot alter the listing: a folder of guides (not a Hugo content tree),
// and every changed path inside a guide it listed, its index.md still a
// file. Listing walks every guide directory, which a save in a tree of
// 1,000 guides would pay for one file.
func (b *rebuild) discover() (*sourceTree, diag.List, error) {
	s := b.s
	if prev := s.listed; prev != nil && !b.all && b.keepsListing(prev) {
		return prev, s.listedDiags, nil
	}
	st, dl, err := discover(s.opt)
	s.listed, s.listedDiags = nil, nil
	if err == nil && st.hugo == nil && !st.empty && s.opt.Project == nil {
		s.listed, s.listedDiags = st, dl
	}
	return st, dl, err
}

// keepsListing reports whether the change leaves the listing prev of a
// folder of guides as it is (see discover).
func (b *rebuild) keepsListing(prev *sourceTree) bool {
	for _, p := range b.ch.Guides {
		p = path.Clean(strings.TrimPrefix(p, "/"))
		name, rest, inside := strings.Cut(p, "/")
		if !inside {
			return false // the source tree, or a guide directory itself
		}
		if _, known := slices.BinarySearch(prev.names, name); !known {
			return false
		}
		if rest == guide.IndexFile {
			fi, err := fs.Stat(b.s.opt.Source, p)
			if err != nil || fi.IsDir() {
				return false
			}
		}
	}
	return true
}

// dirtyGuides returns the guide names that ch touches: the first segment
// of each path, "." for the source tree itself. In a Project's content
// tree, a page is touched by a change of its file, of a directory above
// it, or of a file in its directory (its resources).
func (b *rebuild) dirtyGuides(st *sourceTree) map[string]bool {
	dirty := map[string]bool{}
	for _, p := range b.ch.Guides {
		p = path.Clean(strings.TrimPrefix(p, "/"))
		if st.hugo == nil || p == "." {
			name, _, _ := strings.Cut(p, "/")
			dirty[name] = true
			continue
		}
		for n, pg := range st.pages {
			dir := pg.Dir()
			if p == pg.File || strings.HasPrefix(pg.File, p+"/") || dir != "" && strings.HasPrefix(p, dir+"/") {
				dirty[n] = true
			}
		}
	}
	return dirty
}

// render renders the pages whose inputs changed and returns their names.
func (b *rebuild) render(ctx context.Context) ([]string, error) {
	s, e := b.s, b.e
	var todo []string
	for _, n := range e.selected {
		st := s.pages[n]
		if b.stale(st, e.guides[n]) {
			todo = append(todo, n)
			continue
		}
		st.set, st.tree = e.set, e.tree // still right with the new ones
	}
	states, err := b.renderPages(ctx, todo)
	if err != nil {
		return nil, err
	}
	next := make(map[string]*pageState, len(e.selected))
	for _, n := range e.selected {
		next[n] = s.pages[n]
	}
	for i, n := range todo {
		next[n] = states[i]
	}
	s.pages = next
	if s.good == nil {
		s.good = map[string]*pageState{}
	}
	for n, st := range next {
		st.failed = st.r.failed || e.loadBlocking(s.loaded[n].diags)
		if !st.failed && st.page != nil {
			s.good[n] = st
		}
	}
	for n := range s.good {
		if _, ok := next[n]; !ok {
			delete(s.good, n) // deleted guides go away for good
		}
	}
	return todo, nil
}

// stale reports whether the page of g must be rendered again: its guide,
// the configuration, a template it uses or a link it resolved changed.
func (b *rebuild) stale(st *pageState, g *guide.Guide) bool {
	e := b.e
	switch {
	case st == nil || b.all || st.g != g || st.cfg != e.cfg:
		return true
	case st.set != e.set && !sameTemplates(st.set, e.set, st.r.used, hasCode(st.r.diags, "shortcode-unknown")):
		return true
	}
	if st.tree != e.tree {
		for _, d := range st.deps {
			if d.resolveAgain(e.tree) != d.target {
				return true
			}
		}
	}
	return false
}

func hasCode(l diag.List, code string) bool {
	for _, d := range l {
		if d.Code == code {
			return true
		}
	}
	return false
}

// renderPages renders the named guides on a pool of workers, each with its
// own template set and Markdown renderer.
func (b *rebuild) renderPages(ctx context.Context, names []string) ([]*pageState, error) {
	states := make([]*pageState, len(names))
	err := b.e.onWorkers(ctx, len(names), func(wk *worker, i int) error {
		states[i] = wk.renderState(names[i])
		return nil
	})
	return states, err
}

// renderState renders one guide for a Session. Its resources are read into
// memory now, so that publishing the page later, or again while the guide
// is broken, needs no disk access and shows the page as it was rendered.
func (w *worker) renderState(name string) *pageState {
	g := w.e.guides[name]
	r, p := w.render(name, checkAll)
	st := &pageState{g: g, r: r, page: p, deps: w.deps, cfg: w.e.cfg, set: w.e.set, tree: w.e.tree}
	if p != nil && len(p.Resources) > 0 && p.ResourceFS != nil {
		mem := fstest.MapFS{}
		for _, res := range p.Resources {
			data, err := fs.ReadFile(p.ResourceFS, res)
			if err != nil {
				return st // WritePage reports it, reading the disk as Run does
			}
			mem[res] = &fstest.MapFile{Data: data, Mode: 0o644}
		}
		p.ResourceFS = mem
	}
	return st
}

// pageDiags returns the build's diagnostics when nothing is published: the
// load diagnostics, then those of every page, as Run orders them.
func (b *rebuild) pageDiags() diag.List {
	l := append(diag.List(nil), b.l...)
	for _, n := range b.e.selected {
		if st := b.s.pages[n]; st != nil {
			l = append(l, st.r.diags...)
		}
	}
	return l
}
