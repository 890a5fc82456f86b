// Package memofs remembers the directory listings of a source tree for
// the length of one run.
//
// A run reads the tree's directories more than once: deciding what
// --source is (a folder of guides, or a Hugo project and which part of
// it) walks the whole tree, and the build then walks it again to load
// the pages and list each guide's resources. On the machines guidec is
// measured on, a directory read through package os costs about a dozen
// system calls (open, the poller's fcntl and epoll_ctl, getdents, close),
// and the first walk runs alone, before the workers start. A Cache makes
// the second walk free.
//
// A Cache is for runs that read the tree once (check, build): serve
// reads it again after each change and must not use one.
//
// Files are opened and read with fewer system calls than package os makes
// (openRegular): the same bytes, and the same errors.
package memofs

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"
)

// Cache holds the directory listings read through the FS values it made,
// by absolute path, shared by all of them. Its methods are safe for
// concurrent use.
type Cache struct {
	mu   sync.Mutex
	dirs map[string][]fs.DirEntry
}

// New returns an empty Cache.
func New() *Cache { return &Cache{dirs: map[string][]fs.DirEntry{}} }

// FS returns the file system of the OS directory dir, as os.DirFS(dir)
// does, whose directory listings (fs.ReadDir) are read once and then
// served from c. Everything else goes to the directory itself.
func (c *Cache) FS(dir string) fs.FS {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return os.DirFS(dir) // no key to share listings under: no memo
	}
	return &dirFS{c: c, abs: abs, fsys: os.DirFS(dir)}
}

// Prefetch reads the listings of the OS directory dir and of the
// directories below it, depth levels deep, on workers goroutines, so that
// the walks that follow (one after the other, each waiting on every
// directory read's system calls) find them in c. Hidden directories are
// not entered, and it stops after maxPrefetch directories: a tree that
// large is walked as before. Errors are left to the walks, which read a
// listing that failed again.
func (c *Cache) Prefetch(dir string, depth, workers int) {
	d, ok := c.FS(dir).(*dirFS)
	if !ok {
		return
	}
	level, read := []string{"."}, 0
	for range depth + 1 {
		if len(level) == 0 || read+len(level) > maxPrefetch {
			return
		}
		read += len(level)
		subs := make([][]string, len(level))
		next := make(chan int)
		var wg sync.WaitGroup
		for range min(workers, len(level)) {
			wg.Go(func() {
				for i := range next {
					entries, _ := d.ReadDir(level[i])
					for _, e := range entries {
						if e.IsDir() && e.Name()[0] != '.' {
							subs[i] = append(subs[i], path.Join(level[i], e.Name()))
						}
					}
				}
			})
		}
		for i := range level {
			next <- i
		}
		close(next)
		wg.Wait()
		level = slices.Concat(subs...)
	}
}

// maxPrefetch bounds the directories one Prefetch reads.
const maxPrefetch = 4096

// dirFS is one directory's view of a Cache.
type dirFS struct {
	c    *Cache
	abs  string // the directory, absolute: listings are kept under abs/name
	fsys fs.FS  // os.DirFS of the directory
}

// Open implements fs.FS. A regular file is opened directly (openRegular);
// anything else, and every error, goes through os.DirFS.
func (d *dirFS) Open(name string) (fs.File, error) {
	if fs.ValidPath(name) {
		if f, ok := openRegular(filepath.Join(d.abs, filepath.FromSlash(name))); ok {
			return f, nil
		}
	}
	return d.fsys.Open(name)
}

// ReadFile implements fs.ReadFileFS. A regular file is read directly
// (readRegular); anything else, and every error, goes through os.DirFS,
// whose errors callers see.
func (d *dirFS) ReadFile(name string) ([]byte, error) {
	if fs.ValidPath(name) {
		if b, ok := readRegular(filepath.Join(d.abs, filepath.FromSlash(name))); ok {
			return b, nil
		}
	}
	return fs.ReadFile(d.fsys, name)
}

// Stat implements fs.StatFS.
func (d *dirFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.fsys, name) }

// ReadDir implements fs.ReadDirFS. A listing that failed is not kept: the
// error comes from the directory each time. The caller gets its own copy
// of the slice, which it may sort or filter in place.
func (d *dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return fs.ReadDir(d.fsys, name) // os.DirFS's own error
	}
	key := filepath.Join(d.abs, filepath.FromSlash(name))
	d.c.mu.Lock()
	entries, ok := d.c.dirs[key]
	d.c.mu.Unlock()
	if ok {
		return slices.Clone(entries), nil
	}
	entries, err := fs.ReadDir(d.fsys, name)
	if err != nil {
		return entries, err
	}
	d.c.mu.Lock()
	d.c.dirs[key] = entries
	d.c.mu.Unlock()
	return slices.Clone(entries), nil
}
