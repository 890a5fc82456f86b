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
}

// watcher turns file system events under the roots into build.Changes.
// fsnotify watches single directories, so every subdirectory gets its own
// watch, including the ones created later; events arriving within the
// debounce interval of each other are merged into one Change, which is
// ready at most maxWait after the first of them.
type watcher struct {
	fsw      *fsnotify.Watcher
	roots    []root
	debounce time.Duration
	maxWait  time.Duration
	out      chan build.Change
	warn     func(format string, args ...any)
}

// newWatcher watches the directories of roots.
func newWatcher(roots []root, debounce time.Duration, warn func(string, ...any)) (*watcher, error) {
	fsw, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	// The innermost root claims an event, should one root hold another.
	roots = slices.Clone(roots)
	slices.SortFunc(roots, func(a, b root) int { return len(b.dir) - len(a.dir) })
	w := &watcher{fsw: fsw, roots: roots, debounce: debounce, maxWait: 10 * debounce,
		out: make(chan build.Change), warn: warn}
	for _, r := range roots {
		if err := w.addTree(r.dir); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	return w, nil
}

// addTree watches dir and every directory below it but hidden ones
// (.git and the like, which no input reads). A directory that vanished
// meanwhile is not an error.
func (w *watcher) addTree(dir string) error {
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

// run forwards merged changes to w.out until ctx is done.
func (w *watcher) run(ctx context.Context) {
	defer w.fsw.Close()
	var (
		pending build.Change
		have    bool      // pending holds something
		first   time.Time // when pending started
		out     chan build.Change
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
			w.failed(err)
			pending.All = true
			if !have {
				have, first = true, time.Now()
			}
			timer.Reset(w.debounce)
		case <-timer.C:
			out = w.out // ready: offer it until the loop takes it
		case out <- pending:
			pending, have, out = build.Change{}, false, nil
		}
	}
}

// failed handles an error of the watcher. Whatever it is, events may
// have been lost, so the caller rebuilds everything; after an overflow the
// directories created meanwhile are watched too.
func (w *watcher) failed(err error) {
	if !errors.Is(err, fsnotify.ErrEventOverflow) {
		w.warn("watch: %v", err)
		return
	}
	for _, r := range w.roots {
		if err := w.addTree(r.dir); err != nil {
			w.warn("%v", err)
		}
	}
}

// add records ev in c and reports whether it matters.
func (w *watcher) add(c *build.Change, ev fsnotify.Event) bool {
	r, rel, ok := w.locate(ev.Name)
	if !ok {
		return false
	}
	if ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) {
		w.unwatch(ev.Name)
	}
	if ev.Has(fsnotify.Create) {
		// A new directory (or one moved in): watch it and what it holds.
		// Files created in it before the watch are covered by the change
		// of the directory itself.
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			if err := w.addTree(ev.Name); err != nil {
				w.warn("%v", err)
			}
		}
	}
	switch r.kind {
	case rootSource:
		if hidden(rel) {
			return false // guides never read hidden files (editor swap files)
		}
		c.Guides = append(c.Guides, rel)
	case rootShortcodes:
		c.Shortcodes = true
	case rootSite:
		c.Site = true
	}
	return true
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
		return r, filepath.ToSlash(rel), true
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
