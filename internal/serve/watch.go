package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/guidec/guidec/internal/build"
)

// rootKind says which input a watched directory holds.
type rootKind int

const (
	rootSource     rootKind = iota // guides
	rootShortcodes                 // shortcode templates
	rootSite                       // site.yaml, layouts, static files
)

// root is one watched input directory.
type root struct {
	dir  string // absolute and clean
	kind rootKind
	name string // as the user gave it, for messages
	// optional roots may be absent (a Hugo project's layouts/ and data/):
	// their absence is no missing input, and their creation rebuilds
	// everything without reporting a replaced directory.
	optional bool
}

// rootState is what the watcher knows of one root.
type rootState struct {
	root
	// fi is the directory watched at dir, to tell another one that took
	// its place (a new inode) from the same; nil while dir is missing.
	fi os.FileInfo
	// real is dir with symbolic links resolved, when it is a link (or
	// lies under one): the directory linked to can be replaced too. It is
	// kept while dir is missing.
	real string
	// anchors are the directories watched for dir (and real) to be
	// replaced or to come back: their parents, or while dir is missing
	// their nearest existing ancestors.
	anchors []string
}

// batch is what the watcher sends once the events settle.
type batch struct {
	change build.Change
	// missing names the roots that are gone when the batch is sent.
	missing []string
	// replaced names the roots that another directory replaced, or that
	// came back after being gone, since the previous batch.
	replaced []string
}

// watcher turns file system events under the roots into batches of
// build.Changes. fsnotify watches single directories, so every
// subdirectory gets its own watch, including the ones created later;
// events arriving within the debounce interval of each other are merged
// into one batch, which is ready at most maxWait after the first of them.
//
// A watch follows an inode, not a path: once a root is deleted and
// created again, or another directory is renamed over it (git checkout,
// sync tools, rm -rf && cp -r), its watches see nothing of the new one.
// So the parent of every root is watched too, where the root's
// replacement shows up, and a root that is gone is waited for from its
// nearest existing ancestor.
type watcher struct {
	fsw      *fsnotify.Watcher
	roots    []*rootState // innermost first
	debounce time.Duration
	maxWait  time.Duration
	out      chan batch
	warn     func(format string, args ...any)
	warned   map[string]bool // anchors that could not be watched
}

// newWatcher watches the directories of roots.
func newWatcher(roots []root, debounce time.Duration, warn func(string, ...any)) (*watcher, error) {
	fsw, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	w := &watcher{fsw: fsw, debounce: debounce, maxWait: 10 * debounce,
		out: make(chan batch), warn: warn, warned: map[string]bool{}}
	for _, r := range roots {
		w.roots = append(w.roots, &rootState{root: r})
	}
	// The innermost root claims an event, should one root hold another.
	slices.SortFunc(w.roots, func(a, b *rootState) int { return len(b.dir) - len(a.dir) })
	for _, r := range w.outerFirst() {
		if fi, err := os.Stat(r.dir); err == nil && fi.IsDir() {
			if err := w.addTree(r.dir); err != nil {
				fsw.Close()
				return nil, err
			}
			r.fi = fi
		}
		w.check(r, &batch{}, false, false)
	}
	return w, nil
}

// outerFirst returns the roots, each before those it holds.
func (w *watcher) outerFirst() []*rootState {
	rs := slices.Clone(w.roots)
	slices.Reverse(rs)
	return rs
}

// addTree watches dir and every directory below it but hidden ones
// (.git and the like, which no input reads). A directory that vanished
// meanwhile is not an error. dir may be a symbolic link to a directory
// (as a root may be); links below it are not followed.
func (w *watcher) addTree(dir string) error {
	// Watch before listing, so that nothing created meanwhile is missed.
	if err := w.fsw.Add(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			if err := w.addDirs(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// addDirs watches dir and every directory below it but hidden ones. It
// does not follow symbolic links: filepath.WalkDir does not, not even
// for dir itself.
func (w *watcher) addDirs(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			return fmt.Errorf("watch %s: %w", p, err)
		case !d.IsDir():
			return nil
		case p != dir && strings.HasPrefix(d.Name(), "."):
			return fs.SkipDir
		}
		if err := w.fsw.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("watch %s: %w", p, err)
		}
		return nil
	})
}

// run sends merged batches to w.out until ctx is done.
func (w *watcher) run(ctx context.Context) {
	defer w.fsw.Close()
	var (
		pending batch
		have    bool      // pending holds something
		first   time.Time // when pending started
		out     chan batch
	)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if !w.add(&pending, ev) {
				continue
			}
			if !have {
				have, first = true, time.Now()
			}
			out = nil
			timer.Reset(min(w.debounce, time.Until(first.Add(w.maxWait))))
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			w.failed(&pending, err)
			pending.change.All = true
			if !have {
				have, first = true, time.Now()
			}
			out = nil
			timer.Reset(w.debounce)
		case <-timer.C:
			pending.missing = w.missing()
			out = w.out // ready: offer it until the loop takes it
		case out <- pending:
			pending, have, out = batch{}, false, nil
		}
	}
}

// missing names the roots that are gone.
func (w *watcher) missing() []string {
	var names []string
	for _, r := range w.roots {
		if r.fi == nil && !r.optional {
			names = append(names, r.name)
		}
	}
	slices.Sort(names)
	return names
}

// failed handles an error of the watcher. Whatever it is, events may
// have been lost, so the caller rebuilds everything; after an overflow the
// directories created meanwhile are watched too, and roots replaced
// meanwhile are noticed.
func (w *watcher) failed(p *batch, err error) {
	if !errors.Is(err, fsnotify.ErrEventOverflow) {
		w.warn("watch: %v", err)
		return
	}
	for _, r := range w.outerFirst() {
		w.check(r, p, true, false)
	}
}

// add records ev in p and reports whether it matters.
func (w *watcher) add(p *batch, ev fsnotify.Event) bool {
	name := filepath.Clean(ev.Name)
	r, rel, inRoot := w.locate(name)
	gone := ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove)
	var below []*rootState // the roots at or below name
	for _, rs := range w.outerFirst() {
		if within(rs.dir, name) || rs.real != "" && within(rs.real, name) {
			below = append(below, rs)
		}
	}
	if !inRoot && len(below) == 0 {
		return false // a sibling of a root, in the parent watched for it
	}
	if gone {
		w.unwatch(name)
	}
	// name is a root or holds one: the root may be gone, replaced or back.
	// After a removal or a move, a directory there is another one, even
	// with the same inode number (file systems reuse them at once). A root
	// checked (re)watches its tree, which covers the roots inside.
	matters, force := false, gone
	for _, rs := range below {
		rewatched, changed := w.check(rs, p, force, gone)
		matters = matters || changed
		force = force || rewatched
	}
	if !inRoot || hidden(rel) && r.kind == rootSource {
		return matters // guides never read hidden files (editor swap files)
	}
	if (len(below) == 0 || below[0].dir != name) && !hidden(rel) && (gone || ev.Has(fsnotify.Create)) {
		// A new directory (or one moved in): watch it and what it holds.
		// Files created in it before the watch are covered by the change
		// of the directory itself. After a removal or a move, name may
		// be a directory again (the event was about the one before it):
		// its watches, just dropped, are set again.
		if fi, err := os.Lstat(name); err == nil && fi.IsDir() {
			if err := w.addTree(name); err != nil {
				w.warn("%v", err)
			}
		}
	}
	switch r.kind {
	case rootSource:
		p.change.Guides = append(p.change.Guides, rel)
	case rootShortcodes:
		p.change.Shortcodes = true
	case rootSite:
		p.change.Site = true
	}
	return true
}

// check brings the watches of r up to date after an event on r.dir or an
// ancestor of it. A directory at r.dir that is not the one watched (a new
// inode: deleted and created again, another one renamed over it, a
// symbolic link pointing elsewhere) is watched afresh and reported
// replaced, with a change that rebuilds everything; a missing one is
// reported gone, and its nearest existing ancestor watched for it to come
// back. force watches the tree of the same directory again, as an event
// on it or above it dropped its watches; moved says that the directory
// watched was removed or moved away, so that one at r.dir now is another
// even if its inode number is the same (file systems reuse them at once).
// check reports whether it watched r's tree again and whether r was
// replaced or went away.
func (w *watcher) check(r *rootState, p *batch, force, moved bool) (rewatched, changed bool) {
	// A few rounds, for a root created while its ancestor's watch is set.
	for range 8 {
		fi, err := os.Stat(r.dir)
		if err != nil || !fi.IsDir() {
			if r.fi != nil {
				r.fi = nil
				w.unwatch(r.dir)
				p.change.All = true
				changed = true
			}
			if w.anchor(r) {
				continue
			}
			return rewatched, changed
		}
		same := r.fi != nil && !moved && os.SameFile(r.fi, fi)
		if !same {
			// The old tree's watches, if any are left, would report its
			// events under the new tree's names.
			w.unwatch(r.dir)
		}
		if !same || force {
			if err := w.addTree(r.dir); err != nil {
				w.warn("%v", err)
			}
			rewatched = true
		}
		if !same {
			if !slices.Contains(p.replaced, r.name) && !(r.optional && r.fi == nil) {
				p.replaced = append(p.replaced, r.name)
			}
			p.change.All = true
			changed = true
		}
		r.fi = fi
		r.real = ""
		if real, err := filepath.EvalSymlinks(r.dir); err == nil && real != r.dir {
			r.real = real
		}
		w.anchor(r)
		return rewatched, changed
	}
	return rewatched, changed
}

// anchor watches the directories in which r.dir would be created or
// renamed to: inotify tells a directory's own watch that it was deleted or
// moved away, but only its parent that another took its place. Those are
// the parents of r.dir (and of r.real) while r.dir exists, their nearest
// existing ancestors while not. It reports whether r.dir should be
// checked again: it, or a deeper ancestor, appeared while the watches were
// being set.
func (w *watcher) anchor(r *rootState) bool {
	paths := []string{r.dir}
	if r.real != "" {
		paths = append(paths, r.real)
	}
	var want []string
	for _, d := range paths {
		a := filepath.Dir(d)
		if r.fi == nil {
			a = existingAncestor(d)
		}
		if a == d || a == "" || slices.Contains(want, a) {
			continue // the file system root, which has no parent
		}
		if err := w.fsw.Add(a); err != nil {
			if !w.warned[a] {
				w.warned[a] = true
				w.warn("watch %s: %v; should %s be replaced or deleted, restart guidec serve", a, err, r.name)
			}
			continue
		}
		want = append(want, a)
	}
	old := r.anchors
	r.anchors = want
	for _, a := range old {
		if !slices.Contains(want, a) {
			w.release(a)
		}
	}
	if r.fi != nil {
		return false
	}
	if fi, err := os.Stat(r.dir); err == nil && fi.IsDir() {
		return true
	}
	for _, d := range paths {
		if a := existingAncestor(d); a != "" && !slices.Contains(want, a) {
			return true
		}
	}
	return false
}

// release drops the watch of a former anchor, unless a root still needs
// it or it belongs to a root's tree.
func (w *watcher) release(a string) {
	for _, r := range w.roots {
		if slices.Contains(r.anchors, a) {
			return
		}
	}
	if _, _, ok := w.locate(a); ok {
		return
	}
	w.fsw.Remove(a) // a watch the kernel dropped already is no error here
}

// existingAncestor returns the nearest ancestor of dir that is a
// directory, "" if none is.
func existingAncestor(dir string) string {
	for p := filepath.Dir(dir); ; {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			return p
		}
		q := filepath.Dir(p)
		if q == p {
			return ""
		}
		p = q
	}
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+string(filepath.Separator)) ||
		strings.HasSuffix(dir, string(filepath.Separator)) && strings.HasPrefix(path, dir)
}

// unwatch drops the watches of dir and the directories below it, which
// moved or went away. inotify keeps watching a moved directory under its
// old name (fsnotify only notices for the directory itself, not for those
// below it), so they are watched anew under the new name when it appears.
func (w *watcher) unwatch(dir string) {
	prefix := dir + string(filepath.Separator)
	for _, p := range w.fsw.WatchList() {
		if p == dir || strings.HasPrefix(p, prefix) {
			w.fsw.Remove(p) // a watch the kernel dropped already is no error here
		}
	}
}

// locate finds the root of an event path and the path relative to it,
// slash-separated ("." for the root itself).
func (w *watcher) locate(name string) (root, string, bool) {
	name = filepath.Clean(name)
	for _, r := range w.roots {
		rel, err := filepath.Rel(r.dir, name)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		return r.root, filepath.ToSlash(rel), true
	}
	return root{}, "", false
}

// hidden reports whether a slash-separated relative path has a segment
// starting with '.' (other than "." itself).
func hidden(rel string) bool {
	for _, seg := range strings.Split(rel, "/") {
		if seg != "." && strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}
