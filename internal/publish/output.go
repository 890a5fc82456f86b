package publish

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing/fstest"
)

// Output receives the files of a built site. WriteFile must be safe for
// concurrent use; name is a slash-separated path relative to the site root,
// and each file arrives whole, in one call. data belongs to the caller,
// who may reuse it once WriteFile returns: an Output that keeps it must
// copy it.
type Output interface {
	WriteFile(name string, data []byte) error
}

// ErrUnsafePath is returned (wrapped) for an output name that could leave
// the output directory.
var ErrUnsafePath = errors.New("unsafe output path")

// CheckPath validates an output name: a relative, clean, slash-separated
// path with no ".." or "." segment (also when percent-encoded, since a web
// server decodes it), no backslash, no NUL or other control character, and
// no leading '/'. Every Output implementation calls it; it is what makes
// writing outside the output directory impossible.
func CheckPath(name string) error {
	bad := func(why string) error { return fmt.Errorf("%w %q: %s", ErrUnsafePath, name, why) }
	switch {
	case name == "":
		return bad("empty")
	case strings.HasPrefix(name, "/"):
		return bad("absolute")
	case strings.ContainsRune(name, '\\'):
		return bad("backslash")
	case strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return bad("control character")
	case !fs.ValidPath(name):
		return bad("not a clean relative path")
	}
	for _, seg := range strings.Split(name, "/") {
		dec, err := url.PathUnescape(seg)
		if err == nil && (dec == "." || dec == ".." || strings.ContainsAny(dec, "/\\\x00")) {
			return bad("encoded path segment")
		}
	}
	if filepath.IsAbs(filepath.FromSlash(name)) || filepath.VolumeName(filepath.FromSlash(name)) != "" {
		return bad("absolute")
	}
	return nil
}

// MemOutput keeps a built site in memory, for tests and the serve command.
// Its zero value is ready to use.
type MemOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

// WriteFile stores a copy of data under name, replacing any previous file.
func (m *MemOutput) WriteFile(name string, data []byte) error {
	if err := CheckPath(name); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string][]byte{}
	}
	m.files[name] = append([]byte(nil), data...)
	return nil
}

// Names returns the names of the stored files, sorted.
func (m *MemOutput) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	names := make([]string, 0, len(m.files))
	for n := range m.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// File returns the content of name.
func (m *MemOutput) File(name string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.files[name]
	return b, ok
}

// FS returns a read-only snapshot of the stored files as a file system,
// which net/http can serve with http.FS.
func (m *MemOutput) FS() fs.FS {
	m.mu.Lock()
	defer m.mu.Unlock()
	snap := fstest.MapFS{}
	for n, b := range m.files {
		snap[n] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	return snap
}

// DirOutput writes a site into a temporary sibling of its destination and
// swaps it in on Commit, so that the destination always holds a complete
// site: the previous one until Commit, the new one after. A build that
// fails or is killed leaves the previous site in place.
//
// For a destination "public" the temporary directory is ".public.tmp-*"
// and the previous site moves to ".public.old-*" during the swap; both sit
// in the same parent directory, so that the renames stay on one file
// system. Leftovers of killed runs are removed by NewDirOutput. Two builds
// must not target the same destination at the same time.
//
// The previous site is not deleted on Commit but kept as ".public.spare",
// and the next build updates that copy in place into its temporary
// directory: a file whose bytes are already there is left alone, a changed
// one is rewritten, and whatever the new site lacks is removed before the
// swap. Rebuilding thousands of pages then creates and deletes no files or
// directories for what did not change. On ext4, creating inodes right
// after many were freed costs time quadratic in their number, which made
// every rebuild of a large site slower than the one before it. The price
// is a second copy of the site on disk.
type DirOutput struct {
	dst string // the destination directory
	tmp string // the temporary directory being written
	// update reports that tmp started as the spare copy of an earlier site
	// and is being updated in place.
	update bool
	mu     sync.Mutex
	dir    map[string]bool // directories created (or found) in tmp
	files  map[string]bool // files written, when updating
}

// NewDirOutput prepares to write the site that will replace dst. It removes
// the temporary and old siblings of dst left by runs that were killed.
func NewDirOutput(dst string) (*DirOutput, error) {
	dst = filepath.Clean(dst)
	parent, base := filepath.Split(dst)
	if parent == "" {
		parent = "."
	}
	if base == "" || base == "." || base == ".." {
		return nil, fmt.Errorf("output directory %q: not a directory name", dst)
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	if err := removeLeftovers(parent, base); err != nil {
		return nil, err
	}
	o := &DirOutput{dst: dst, dir: map[string]bool{".": true}, files: map[string]bool{}}
	if tmp, ok := takeSpare(parent, base); ok {
		o.tmp, o.update = tmp, true
		return o, nil
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("output directory: %w", err)
	}
	o.tmp = tmp
	return o, nil
}

// spareName is the previous site kept for the next build to update.
func spareName(parent, base string) string {
	return filepath.Join(parent, "."+base+".spare")
}

// takeSpare renames the spare copy of an earlier site, when there is a
// usable one (a real directory of ours), to a new temporary directory and
// returns its name. A spare that cannot be used is removed.
func takeSpare(parent, base string) (string, bool) {
	spare := spareName(parent, base)
	fi, err := os.Lstat(spare)
	if err != nil {
		return "", false
	}
	if !canUpdate || !fi.IsDir() || !ownedDir(fi) {
		os.RemoveAll(spare)
		return "", false
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", false
	}
	tmp := filepath.Join(parent, "."+base+".tmp-"+hex.EncodeToString(b[:]))
	if err := os.Rename(spare, tmp); err != nil {
		os.RemoveAll(spare)
		return "", false
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return "", false
	}
	return tmp, true
}

func removeLeftovers(parent, base string) error {
	for _, pat := range []string{"." + base + ".tmp-*", "." + base + ".old-*"} {
		matches, err := filepath.Glob(filepath.Join(parent, pat))
		if err != nil {
			return fmt.Errorf("output directory: %w", err)
		}
		for _, m := range matches {
			if err := os.RemoveAll(m); err != nil {
				return fmt.Errorf("remove leftover %s: %w", m, err)
			}
		}
	}
	return nil
}

// Dir returns the temporary directory being written.
func (o *DirOutput) Dir() string { return o.tmp }

// WriteFile writes data to name inside the temporary directory, creating
// parent directories as needed.
func (o *DirOutput) WriteFile(name string, data []byte) error {
	if err := CheckPath(name); err != nil {
		return err
	}
	if err := o.mkdirs(path.Dir(name)); err != nil {
		return err
	}
	target := filepath.Join(o.tmp, filepath.FromSlash(name))
	if !o.update {
		return writeFile(target, data)
	}
	o.mu.Lock()
	o.files[name] = true
	o.mu.Unlock()
	return updateFile(target, data)
}

// mkdirs creates dir (slash-separated, relative to tmp) and its missing
// parents. Every directory is created once, with a single mkdir: the cache
// of created directories saves the stat calls of os.MkdirAll, which for a
// site of thousands of page directories cost as much as the writes.
func (o *DirOutput) mkdirs(dir string) error {
	if dir == "." {
		return nil
	}
	o.mu.Lock()
	done := o.dir[dir]
	o.mu.Unlock()
	if done {
		return nil
	}
	if err := o.mkdirs(path.Dir(dir)); err != nil {
		return err
	}
	full := filepath.Join(o.tmp, filepath.FromSlash(dir))
	if err := os.Mkdir(full, 0o755); err != nil {
		// Another worker may have created it since the cache lookup, or
		// the spare has it. Anything else in its place (a file, a
		// symbolic link) is the spare's and goes; outside an update it is
		// an error.
		fi, serr := os.Lstat(full)
		switch {
		case serr == nil && fi.IsDir():
			if o.update && fi.Mode().Perm() != 0o755 {
				// The spare's, changed since it was written.
				if cerr := os.Chmod(full, 0o755); cerr != nil {
					return cerr
				}
			}
		case o.update && serr == nil:
			if rerr := os.RemoveAll(full); rerr != nil {
				return rerr
			}
			if merr := os.Mkdir(full, 0o755); merr != nil {
				return merr
			}
		default:
			return err
		}
	}
	o.mu.Lock()
	o.dir[dir] = true
	o.mu.Unlock()
	return nil
}

// Commit replaces the destination by the written site: the old destination
// is renamed aside, the temporary directory renamed into place, and the old
// one removed. If the second rename fails the old site is put back.
func (o *DirOutput) Commit() error {
	parent, base := filepath.Split(o.dst)
	if parent == "" {
		parent = "."
	}
	if o.update {
		if err := o.prune(".", o.tmp); err != nil {
			return fmt.Errorf("commit: %w", err)
		}
	}
	var old, hold string
	if fi, err := os.Lstat(o.dst); err == nil {
		hold, err = os.MkdirTemp(parent, "."+base+".old-")
		if err != nil {
			return fmt.Errorf("commit: %w", err)
		}
		old = filepath.Join(hold, base)
		if err := os.Rename(o.dst, old); err != nil {
			os.Remove(hold)
			return fmt.Errorf("commit: %w", err)
		}
		keep := canUpdate && fi.IsDir()
		defer func() {
			// The previous site becomes the spare the next build updates.
			if !keep || os.Rename(old, spareName(parent, base)) != nil {
				os.RemoveAll(hold)
				return
			}
			os.Remove(hold)
		}()
	}
	if err := os.Rename(o.tmp, o.dst); err != nil {
		if old != "" {
			if rerr := os.Rename(old, o.dst); rerr != nil {
				return fmt.Errorf("commit: %w (and restoring the previous site: %v)", err, rerr)
			}
		}
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// prune removes from the directory full (rel inside tmp) what this build
// did not write: the files and directories of the spare's site that the
// new one lacks.
func (o *DirOutput) prune(rel, full string) error {
	entries, err := os.ReadDir(full)
	if err != nil {
		return err
	}
	for _, e := range entries {
		r := path.Join(rel, e.Name())
		p := filepath.Join(full, e.Name())
		switch {
		case e.IsDir() && o.dir[r]:
			if err := o.prune(r, p); err != nil {
				return err
			}
		case e.IsDir():
			if err := os.RemoveAll(p); err != nil {
				return err
			}
		case !o.files[r]:
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// Abort removes the temporary directory; the destination is untouched.
func (o *DirOutput) Abort() error {
	return os.RemoveAll(o.tmp)
}
