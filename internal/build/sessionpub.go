package build

import (
	"context"
	"reflect"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/links"
	"github.com/guidec/guidec/internal/publish"
	"github.com/guidec/guidec/internal/source"
)

// lastPublish is what a Session's previous publish wrote, for the next
// one to reuse.
type lastPublish struct {
	cfg     *publish.Config
	layouts *publish.Layouts
	names   []string              // the guides published, in order
	states  map[string]*pageState // the state whose page was written
	diags   map[string]diag.List  // WritePage's diagnostics, by guide
	finish  diag.List             // Finish's diagnostics
	files   map[string][]byte
}

// pubPage is one guide of a publish.
type pubPage struct {
	name  string
	cur   *pageState // the current state, whose diagnostics are reported
	pub   *pageState // the state whose page is written: cur, the last good one, or nil
	stale bool       // cur failed
	diags diag.List  // WritePage's diagnostics
	err   error
}

// publish lays out the pages (each guide's current one, or the last good
// one of a guide that failed) into a fresh snapshot and writes what
// depends on all pages.
//
// When no page list, front matter, resource list, configuration, layout or
// static file changed, the home page, search index, sitemap, aliases and
// every other page are what the previous publish wrote: only the changed
// pages are laid out and the rest is shared with the previous snapshot.
func (b *rebuild) publish(ctx context.Context) (*Snapshot, error) {
	pages := b.plan()
	var prev map[string][]byte
	if b.s.prev != nil {
		prev = b.s.prev.Files
	}
	var (
		out *memSite
		fd  diag.List
		err error
	)
	if changed, ok := b.reusable(pages); ok {
		out, err = b.publishSome(pages, changed, prev)
		fd = b.s.last.finish
	} else {
		out, fd, err = b.publishAll(pages, prev)
	}
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, p := range pages {
		if p.err != nil {
			return nil, p.err
		}
	}
	b.remember(pages, fd, out.files)
	snap := b.snapshot(pages, fd)
	snap.Files = out.files
	snap.Changed = changedFiles(prev, out.files)
	return snap, nil
}

// plan picks the state to publish for every guide, and computes the
// navigation between the pages published (which, when a guide failed,
// follows the front matter of its last good version, as the home page
// does).
func (b *rebuild) plan() []*pubPage {
	s, e := b.s, b.e
	pages := make([]*pubPage, len(e.selected))
	metas := map[string]*guide.Meta{}
	for i, n := range e.selected {
		p := &pubPage{name: n, cur: s.pages[n], pub: s.pages[n]}
		if p.cur.failed {
			p.stale, p.pub = true, s.good[n]
		}
		if p.pub != nil {
			metas[n] = p.pub.page.Meta
		}
		pages[i] = p
	}
	b.nav = publish.Navigation(metas)
	return pages
}

// reusable reports whether the previous publish can be reused, and which
// pages must be laid out again.
func (b *rebuild) reusable(pages []*pubPage) ([]*pubPage, bool) {
	s, last := b.s, b.s.last
	if last == nil || b.all || b.ch.Site || last.cfg != b.e.cfg || last.layouts != s.site.layouts {
		return nil, false
	}
	var names []string
	for _, p := range pages {
		if p.pub != nil {
			names = append(names, p.name)
		}
	}
	if !slices.Equal(names, last.names) {
		return nil, false
	}
	var changed []*pubPage
	for _, p := range pages {
		old := last.states[p.name]
		if p.pub == nil || p.pub == old {
			continue
		}
		if !sameEntry(old.page, p.pub.page) || mentions(last.finish, old.g.File) {
			return nil, false
		}
		changed = append(changed, p)
	}
	return changed, true
}

// sameEntry reports whether two pages of a guide give the same entry to
// the home page, search index, sitemap, aliases and navigation, and write
// the same files.
func sameEntry(a, b *publish.Page) bool {
	return a.Name == b.Name && slices.Equal(a.Resources, b.Resources) && sameMeta(a.Meta, b.Meta)
}

func sameMeta(a, b *guide.Meta) bool {
	x, y := *a, *b
	if !sameTime(x.Date, y.Date) || !sameTime(x.Lastmod, y.Lastmod) {
		return false
	}
	x.Date, x.Lastmod, y.Date, y.Lastmod = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return reflect.DeepEqual(x, y)
}

// sameTime compares instants and how they print (their zone).
func sameTime(a, b time.Time) bool {
	const layout = time.RFC3339Nano + " MST"
	return a.Equal(b) && a.Format(layout) == b.Format(layout)
}

// mentions reports whether a diagnostic of l is about f.
func mentions(l diag.List, f *source.File) bool {
	for _, d := range l {
		if d.File == f {
			return true
		}
		for _, r := range d.Related {
			if r.File == f {
				return true
			}
		}
	}
	return false
}

// publishAll lays out every page and finishes the site.
func (b *rebuild) publishAll(pages []*pubPage, prev map[string][]byte) (*memSite, diag.List, error) {
	s, e := b.s, b.e
	out := newMemSite(prev, nil)
	site, err := newSite(e.cfg, s.site.layouts, out, s.opt)
	if err != nil {
		return nil, nil, err
	}
	parallel(len(pages), s.opt.Jobs, func(i int) { b.write(site, pages[i]) })
	fd, err := site.Finish(s.opt.Site, e.highlightCSS)
	return out, fd, err
}

// publishSome lays out the changed pages and takes every other file from
// the previous publish.
func (b *rebuild) publishSome(pages, changed []*pubPage, prev map[string][]byte) (*memSite, error) {
	s, last := b.s, b.s.last
	redo := map[string]bool{}
	for _, p := range changed {
		redo[p.name+"/index.html"] = true
		for _, r := range p.pub.page.Resources {
			redo[p.name+"/"+r] = true
		}
	}
	base := make(map[string][]byte, len(last.files))
	for n, data := range last.files {
		if !redo[n] {
			base[n] = data
		}
	}
	out := newMemSite(prev, base)
	site, err := newSite(b.e.cfg, s.site.layouts, out, s.opt)
	if err != nil {
		return nil, err
	}
	parallel(len(changed), s.opt.Jobs, func(i int) { b.write(site, changed[i]) })
	for _, p := range pages {
		if !slices.Contains(changed, p) {
			p.diags = last.diags[p.name]
		}
	}
	return out, nil
}

// write lays out one page with its current navigation.
func (b *rebuild) write(site *publish.Site, p *pubPage) {
	if p.pub == nil {
		return
	}
	page := *p.pub.page
	nav := b.nav[p.name]
	page.Prev, page.Next = nav.Prev, nav.Next
	p.diags, p.err = site.WritePage(&page)
}

// remember records the publish for the next build to reuse.
func (b *rebuild) remember(pages []*pubPage, fd diag.List, files map[string][]byte) {
	last := &lastPublish{cfg: b.e.cfg, layouts: b.s.site.layouts, finish: fd, files: files,
		states: map[string]*pageState{}, diags: map[string]diag.List{}}
	for _, p := range pages {
		if p.pub != nil {
			last.names = append(last.names, p.name)
			last.states[p.name] = p.pub
			last.diags[p.name] = p.diags
		}
	}
	b.s.last = last
}

// snapshot assembles the result of a publish in Run's order: load
// diagnostics, each page's, anchors, then the finishing ones.
func (b *rebuild) snapshot(pages []*pubPage, fd diag.List) *Snapshot {
	e := b.e
	snap := &Snapshot{Seq: b.s.seq}
	// Sized once: a save in a tree of 1,000 pages gathers them all again.
	nd, nu := len(b.l), 0
	for _, p := range pages {
		nd += len(p.cur.r.diags) + len(p.diags)
		nu += len(p.cur.r.links)
	}
	l := append(make(diag.List, 0, nd), b.l...)
	failed := e.loadBlocking(l)
	uses := make([]links.Use, 0, nu)
	var away []links.Away
	ids := make(map[string]map[string]bool, len(pages))
	snap.Used = make(map[string][]string, len(pages))
	snap.guideOf = make(map[*source.File]string, len(pages))
	twins := map[string]links.Twins{}
	for _, p := range pages {
		r := p.cur.r
		if r.twins != nil {
			twins[p.name] = r.twins
		}
		l = append(l, r.diags...)
		l = append(l, p.diags...)
		uses = append(uses, r.links...)
		away = append(away, r.away...)
		ids[p.name] = r.ids
		snap.Used[p.name] = r.used
		snap.guideOf[p.cur.g.File] = p.name
		switch {
		case p.stale:
			snap.Stale = append(snap.Stale, p.name)
			failed = true
		case blocking(p.diags):
			failed = true
		default:
			snap.Pages++
		}
	}
	l = append(l, e.suppress(links.CheckAnchors(uses, ids))...)
	l = append(l, e.suppress(links.CheckTwins(uses, twins))...)
	l = append(l, links.CheckAway(away, len(pages))...)
	if !failed {
		// Run does not finish a failed site, so it has no such diagnostics.
		l = append(l, fd...)
		failed = blocking(fd)
	}
	snap.Diags, snap.Failed = l, failed
	finish(&snap.Result)
	return snap
}

// changedFiles lists the names whose content differs between two sites.
func changedFiles(prev, cur map[string][]byte) []string {
	var out []string
	for n, b := range cur {
		if p, ok := prev[n]; !ok || !sameBytes(p, b) {
			out = append(out, n)
		}
	}
	for n := range prev {
		if _, ok := cur[n]; !ok {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// sameBytes compares contents, cheaply when memSite shared the slice.
func sameBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	return string(a) == string(b)
}

// memSite is the Output of one Session build. A file whose content equals
// the previous snapshot's shares its bytes, so an unchanged site costs no
// memory and snapshots stay immutable (copy on write).
type memSite struct {
	prev  map[string][]byte
	mu    sync.Mutex
	files map[string][]byte
}

// newMemSite returns an output holding base (which it takes over) and
// sharing the bytes of prev.
func newMemSite(prev, base map[string][]byte) *memSite {
	if base == nil {
		base = make(map[string][]byte, len(prev))
	}
	return &memSite{prev: prev, files: base}
}

// WriteFile implements publish.Output.
func (m *memSite) WriteFile(name string, data []byte) error {
	if err := publish.CheckPath(name); err != nil {
		return err
	}
	keep, ok := m.prev[name]
	if !ok || !sameBytes(keep, data) {
		keep = append([]byte(nil), data...) // data may be a reused buffer
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = keep
	return nil
}
