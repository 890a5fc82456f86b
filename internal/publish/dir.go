package publish

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// DirOutput writes a site into a directory on disk that it owns, and
// swaps the new site in whole on Commit, so that the directory always
// holds a complete site: the previous one until Commit, the new one after.
// A build that fails or is killed leaves the previous site in place.
//
// It only writes into a directory it created (marked by MarkerName, see
// owner.go) or an empty or missing one, and refuses (ErrNotOwned) a
// directory that holds anything it did not write: it never removes or
// overwrites a file it did not write.
//
// Its working copies live in a state directory beside the output,
// ".NAME.guidec" for an output NAME, which it creates and marks as its own:
// the site being written ("tmp-…"), the previous site while the swap runs
// ("old-…"), and the site the last build replaced ("spare"). Renames stay
// within one file system. The next build takes the spare as its
// temporary directory and updates it in place: a file whose bytes are
// already there is left alone, a changed one is rewritten, and whatever
// the new site lacks is removed before the swap, each only after checking
// that it still holds what guidec wrote. Rebuilding thousands of pages
// then creates and deletes no files or directories for what did not
// change. On ext4, creating inodes right after many were freed costs time
// quadratic in their number, which made every rebuild of a large site
// slower than the one before it (docs/performance.md). The price is a
// second copy of the site on disk.
//
// A lock in the state directory makes a second build into the same output
// fail (ErrBusy) until the first ends; the system releases it when a
// build dies.
type DirOutput struct {
	dst   string // the output directory
	state string // guidec's state directory beside it
	tmp   string // the site being written, inside state
	lock  *dirLock
	// fresh reports that this build created the state directory: a build
	// that fails removes it again, leaving nothing behind.
	fresh bool
	// update reports that tmp started as the spare and is updated in place.
	update bool
	seen   fileID // what dst's own entry was at the audit; zero when absent
	warn   []string

	mu      sync.Mutex
	dirs    map[string]bool   // directories present in tmp
	used    map[string]bool   // directories this build writes into
	have    map[string]record // files in tmp that guidec wrote, and what
	written map[string]bool   // files this build wrote
	// dirIDs are the identities of the spare's directories when the build
	// began; touched are the directories this build added entries to or
	// removed entries from. Commit records the identity of the others
	// without a system call (see manifest).
	dirIDs  map[string]fileID
	touched map[string]bool
	// unsure are directories holding a file that guidec wrote but that no
	// longer holds its bytes: the marker records no identity for them, so
	// that the next audit reads them and finds that file.
	unsure map[string]bool
	done   bool
}

// ErrNotOwned is returned (wrapped) when the output directory, or what
// guidec keeps beside it, holds something guidec did not write.
var ErrNotOwned = errors.New("not written by guidec")

// ErrBusy is returned (wrapped) when another build is writing the output.
var ErrBusy = errors.New("output in use")

// refusal is an error of a kind (ErrNotOwned, ErrBusy, ErrPlace) whose
// message stands alone.
type refusal struct {
	kind error
	msg  string
}

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() error { return r.kind }

func refuse(kind error, format string, args ...any) error {
	return &refusal{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// stateSuffix names the state directory: ".public.guidec" for "public".
const stateSuffix = ".guidec"

const (
	stateMarker = ".guidec-state"
	spareName   = "spare"
	lockName    = "lock"
)

// stateText is the content of the state directory's marker, which also
// explains it to whoever opens it.
func stateText(base string) []byte {
	return []byte(`This folder belongs to guidec. It holds the working copies of
"guidec build" for the output folder "` + base + `" next to it: the site a build
is writing (tmp-…), and the site the last build replaced (spare), which
the next build updates in place so that it rewrites only what changed.
guidec removes nothing here that it did not write. Delete this folder
freely while no build is running: the next build is slower, nothing else.
`)
}

// StateDir returns the directory beside the output dst where DirOutput
// keeps its working copies.
func StateDir(dst string) string {
	dst = filepath.Clean(dst)
	return filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+stateSuffix)
}

// NewDirOutput prepares to write the site that will replace dst. It
// refuses a dst that is not a directory guidec created (unless empty or
// missing) or that holds anything guidec did not write, and fails when
// another build is writing dst; it then removes the working copies of
// builds that were killed and takes the spare, if there is a usable one.
func NewDirOutput(dst string) (*DirOutput, error) {
	dst = filepath.Clean(dst)
	parent, base := filepath.Split(dst)
	if parent == "" {
		parent = "."
	}
	if base == "" || base == "." || base == ".." {
		return nil, fmt.Errorf("output directory %q: not a directory name", dst)
	}
	// What can be refused without the lock is refused before anything is
	// created.
	if err := precheck(dst); err != nil {
		return nil, err
	}
	o := &DirOutput{
		dst: dst, state: StateDir(dst),
		dirs: map[string]bool{".": true}, used: map[string]bool{".": true},
		have: map[string]record{}, written: map[string]bool{},
		dirIDs: map[string]fileID{}, touched: map[string]bool{}, unsure: map[string]bool{},
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	for try := 0; ; try++ {
		fresh, err := makeState(o.state, base)
		if err != nil {
			return nil, err
		}
		o.fresh = fresh
		o.lock, err = lockState(o.state, dst)
		if errors.Is(err, errStaleLock) && try < 5 {
			continue // a failed first build removed the state directory meanwhile
		}
		if err != nil {
			return nil, err
		}
		break
	}
	if err := o.prepare(); err != nil {
		if o.tmp != "" && !o.update {
			os.RemoveAll(o.tmp) // the fresh working directory prepare made
			o.tmp = ""
		}
		if o.fresh {
			o.dropState()
		}
		o.release()
		return nil, err
	}
	return o, nil
}

// precheck refuses what dst is at a glance: a symbolic link, a file, or a
// directory that is not empty and has no marker. It runs without the lock,
// so a build that holds it may swap dst for its new output meanwhile
// (Commit renames dst away and the new output in): when dst is no longer
// the directory it looked at, it looks again, and refuses only what stays
// refusable.
func precheck(dst string) error {
	for try := 0; ; try++ {
		seen, err := precheckOnce(dst)
		if err == nil || try == 3 {
			return err
		}
		now, lerr := os.Lstat(dst)
		if seen != nil && lerr == nil && os.SameFile(seen, now) {
			return err // the same directory: the refusal stands
		}
	}
}

// precheckOnce is one look of precheck; it returns what dst was when it
// looked (nil if it did not exist or could not be read).
func precheckOnce(dst string) (fs.FileInfo, error) {
	fi, err := os.Lstat(dst)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("output directory: %w", err)
	case fi.Mode()&fs.ModeSymlink != 0:
		target, _ := os.Readlink(dst)
		return fi, refuse(ErrNotOwned, "%s is a symbolic link (to %s); guidec replaces its output folder whole, so give the folder itself", dst, target)
	case !fi.IsDir():
		return fi, refuse(ErrNotOwned, "%s is not a folder; choose another --out", dst)
	}
	if mi, err := os.Lstat(filepath.Join(dst, MarkerName)); err == nil && mi.Mode().IsRegular() {
		return fi, nil // audited under the lock
	}
	empty, err := isEmpty(dst)
	if err != nil {
		return fi, fmt.Errorf("output directory: %w", err)
	}
	if !empty {
		return fi, notOurs(dst)
	}
	return fi, nil
}

func notOurs(dst string) error {
	return refuse(ErrNotOwned, "%s is not empty and guidec did not create it (it has no %s file), so guidec will not write into it.\nChoose another --out, or empty %s. If it holds nothing but a site that an earlier version of guidec built, delete it and build again", dst, MarkerName, dst)
}

func isEmpty(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if len(names) > 0 {
		return false, nil
	}
	if err != nil && err != io.EOF {
		return false, err
	}
	return true, nil
}

// makeState makes sure the state directory exists and is guidec's,
// creating and marking it when missing (fresh). A directory of that name
// that guidec did not mark is refused, after a moment's wait: another
// build may be marking it right now.
func makeState(state, base string) (fresh bool, err error) {
	want := stateText(base)
	for try := 0; ; try++ {
		err := os.Mkdir(state, 0o755)
		if err == nil {
			if err := writeNew(filepath.Join(state, stateMarker), want); err != nil {
				return false, fmt.Errorf("output state directory: %w", err)
			}
			// Git ignores the working copies, whatever the output's name.
			if err := writeNew(filepath.Join(state, ".gitignore"), []byte("*\n")); err != nil {
				return false, fmt.Errorf("output state directory: %w", err)
			}
			return true, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return false, fmt.Errorf("output state directory: %w", err)
		}
		fi, err := os.Lstat(state)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && try < 5 {
				continue
			}
			return false, fmt.Errorf("output state directory: %w", err)
		}
		if !fi.IsDir() {
			return false, stateInTheWay(state, base)
		}
		got, err := readRegular(filepath.Join(state, stateMarker), int64(len(want)))
		switch {
		case err == nil && bytes.Equal(got, want):
			return false, nil
		case err == nil && bytes.HasPrefix(want, got), errors.Is(err, fs.ErrNotExist):
			// Being marked by another build, or empty: wait, then adopt
			// an empty one.
			if empty, _ := isEmpty(state); empty && try >= 3 {
				if werr := writeNew(filepath.Join(state, stateMarker), want); werr == nil {
					return false, nil
				}
				continue
			}
			if ok, _ := onlyMarker(state); (ok || try < 3) && try < 40 {
				time.Sleep(25 * time.Millisecond)
				continue
			}
		}
		return false, stateInTheWay(state, base)
	}
}

// onlyMarker reports whether dir holds nothing but a state marker (being
// written by another build).
func onlyMarker(dir string) (bool, error) {
	es, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	return len(es) == 1 && es[0].Name() == stateMarker, nil
}

func stateInTheWay(state, base string) error {
	return refuse(ErrNotOwned, "%s is in the way: guidec keeps its working copies for the output %s there, but did not create it; rename or remove it", state, base)
}

// writeNew creates name, which must not exist, holding data.
func writeNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// dropState removes the state directory that this build created, with
// the lock still held: what is in it is the marker, the lock and working
// copies, all guidec's.
func (o *DirOutput) dropState() {
	for _, n := range []string{".gitignore", stateMarker, lockName} {
		os.Remove(filepath.Join(o.state, n))
	}
	os.Remove(o.state) // fails, harmlessly, when something else is in it
}

// prepare runs under the lock: it restores or removes what killed builds
// left, audits the output and sets up the temporary directory.
func (o *DirOutput) prepare() error {
	o.clearLeftovers()
	if err := o.auditDst(); err != nil {
		return err
	}
	if canUpdate {
		o.takeSpare()
	}
	if o.tmp != "" {
		return nil
	}
	tmp := o.newName("tmp-")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return fmt.Errorf("output directory: %w", err)
	}
	o.tmp = tmp
	// The mode the site is published with, whatever the umask.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("output directory: %w", err)
	}
	if err := writeMarker(tmp, newManifest()); err != nil {
		return fmt.Errorf("output directory: %w", err)
	}
	return nil
}

// newName returns a new name in the state directory.
func (o *DirOutput) newName(prefix string) string {
	var b [8]byte
	rand.Read(b[:])
	return filepath.Join(o.state, prefix+hex.EncodeToString(b[:]))
}

// isWorkName reports whether name is one DirOutput gives a working copy:
// prefix and 16 hexadecimal digits.
func isWorkName(name, prefix string) bool {
	h, ok := strings.CutPrefix(name, prefix)
	if !ok || len(h) != 16 {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil
}

// clearLeftovers deals with what builds that were killed left in the state
// directory. A build killed between the two renames of Commit leaves no
// output and the previous site in old-…: it is put back. Other old-… are
// previous sites, removed as removeOwned does. A tmp-… is a site a killed
// build was writing: a working directory guidec created, with a fresh
// random name, in its own state directory, under the lock, and marked
// before anything was written to it; nothing else writes there, so it is
// removed whole (os.RemoveAll, which does not follow symbolic links).
// Anything else is left alone.
func (o *DirOutput) clearLeftovers() {
	entries, err := os.ReadDir(o.state)
	if err != nil {
		return
	}
	_, dstErr := os.Lstat(o.dst)
	missing := errors.Is(dstErr, fs.ErrNotExist)
	for _, e := range entries {
		p := filepath.Join(o.state, e.Name())
		switch {
		case !e.IsDir():
		case isWorkName(e.Name(), "old-"):
			if missing {
				if _, err := readManifest(p); err == nil && os.Rename(p, o.dst) == nil {
					missing = false
					continue
				}
			}
			o.retire(p)
		case isWorkName(e.Name(), "tmp-"):
			if _, err := readManifest(p); err != nil {
				if os.Remove(p) != nil { // an empty one was killed before its marker
					o.warnf("left %s alone: it has no %s file", p, MarkerName)
				}
				continue
			}
			if err := os.RemoveAll(p); err != nil {
				o.warnf("removing %s: %v", p, err)
			}
		}
	}
}

// auditDst refuses an output that holds anything guidec did not write.
func (o *DirOutput) auditDst() error {
	fi, err := os.Lstat(o.dst)
	if errors.Is(err, fs.ErrNotExist) {
		o.seen = fileID{}
		return nil
	}
	if err := precheck(o.dst); err != nil {
		return err
	}
	o.seen = statID(fi)
	m, err := readManifest(o.dst)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // empty, says precheck
	}
	if err != nil {
		return refuse(ErrNotOwned, "%s has a %s file that guidec cannot read (%v), so guidec will not write into it: choose another --out, or delete the folder if it holds nothing of yours", o.dst, MarkerName, err)
	}
	_, bad, err := audit(o.dst, m, true)
	if err != nil {
		return fmt.Errorf("output directory: %w", err)
	}
	if len(bad) > 0 {
		return refuse(ErrNotOwned, "%s holds what guidec did not write, so guidec will not replace it:%s\nMove these out of %s (files to publish belong in the site's static/ folder), or choose another --out", o.dst, describe(o.dst, bad), o.dst)
	}
	return nil
}

// recheck audits the output again before Commit swaps it, when its own
// entry changed since the audit: something was added or removed at its
// top during the build. What was dropped deeper goes into the spare with
// the previous site, and the next build leaves that spare alone.
func (o *DirOutput) recheck() error {
	fi, err := os.Lstat(o.dst)
	var now fileID
	if err == nil {
		now = statID(fi)
	}
	if now == o.seen {
		return nil
	}
	return o.auditDst()
}

// takeSpare makes the spare, when there is a usable one, the temporary
// directory. A spare that holds anything guidec did not write there is
// left alone, with a warning.
func (o *DirOutput) takeSpare() {
	spare := filepath.Join(o.state, spareName)
	fi, err := os.Lstat(spare)
	if err != nil {
		return
	}
	if !fi.IsDir() {
		o.warnf("left %s alone: it is not a folder; remove it to make rebuilds fast again", spare)
		return
	}
	m, err := readManifest(spare)
	if err != nil {
		o.warnf("left %s alone: %v; remove it to make rebuilds fast again", spare, err)
		return
	}
	sc, bad, err := audit(spare, m, false)
	if err != nil {
		o.warnf("left %s alone: %v", spare, err)
		return
	}
	if len(bad) > 0 {
		o.warnf("left %s alone, since it holds what guidec did not write:%s\nMove these away or delete %s to make rebuilds fast again", spare, describe(spare, bad), spare)
		return
	}
	tmp := o.newName("tmp-")
	if err := os.Rename(spare, tmp); err != nil {
		o.warnf("left %s alone: %v", spare, err)
		return
	}
	o.tmp, o.update = tmp, true
	if err := os.Chmod(tmp, 0o755); err != nil {
		o.warnf("%s: %v", tmp, err)
	}
	for _, f := range sc.files {
		o.have[f] = m.files[f]
	}
	for _, d := range sc.dirs {
		o.dirs[d] = true
		o.dirIDs[d] = sc.ids[d]
	}
}

// Dir returns the temporary directory being written.
func (o *DirOutput) Dir() string { return o.tmp }

// Warnings returns what the output left alone and why: a spare or a
// leftover that holds something guidec did not write.
func (o *DirOutput) Warnings() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.warn)
}

func (o *DirOutput) warnf(format string, args ...any) {
	o.mu.Lock()
	o.warn = append(o.warn, fmt.Sprintf(format, args...))
	o.mu.Unlock()
}

// WriteFile writes data to name inside the temporary directory, creating
// parent directories as needed.
func (o *DirOutput) WriteFile(name string, data []byte) error {
	if err := CheckPath(name); err != nil {
		return err
	}
	if name == MarkerName {
		return fmt.Errorf("%w %q: the name of guidec's marker file", ErrUnsafePath, name)
	}
	if err := o.mkdirs(path.Dir(name)); err != nil {
		return err
	}
	target := filepath.Join(o.tmp, filepath.FromSlash(name))
	var rec record
	created := true
	if o.update {
		var err error
		if rec, created, err = o.updateFile(name, target, data); err != nil {
			return err
		}
	} else {
		id, err := writeFile(target, data)
		if err != nil {
			return err
		}
		rec = record{id: id, sum: digestOf(data)}
	}
	o.mu.Lock()
	o.have[name] = rec
	o.written[name] = true
	if created {
		o.touched[path.Dir(name)] = true
	}
	o.mu.Unlock()
	return nil
}

// mkdirs creates dir (slash-separated, relative to tmp) and its missing
// parents, and notes that the site uses them. Every directory is created
// once, with a single mkdir: the cache of directories saves the stat calls
// of os.MkdirAll, which for a site of thousands of page directories cost
// as much as the writes. A directory is marked done only once it and its
// parents exist.
func (o *DirOutput) mkdirs(dir string) error {
	if dir == "." {
		return nil
	}
	o.mu.Lock()
	done := o.dirs[dir] && o.used[dir]
	o.mu.Unlock()
	if done {
		return nil
	}
	if err := o.mkdirs(path.Dir(dir)); err != nil {
		return err
	}
	o.mu.Lock()
	exists := o.dirs[dir]
	o.mu.Unlock()
	if !exists {
		if err := o.mkdir(dir); err != nil {
			return err
		}
	}
	o.mu.Lock()
	o.dirs[dir], o.used[dir] = true, true
	if !exists {
		o.touched[path.Dir(dir)] = true
	}
	o.mu.Unlock()
	return nil
}

func (o *DirOutput) mkdir(dir string) error {
	full := filepath.Join(o.tmp, filepath.FromSlash(dir))
	err := os.Mkdir(full, 0o755)
	if err == nil {
		return nil
	}
	fi, serr := os.Lstat(full)
	switch {
	case serr == nil && fi.IsDir():
		return nil // another worker created it since the cache lookup
	case serr == nil && o.update:
		// A file of the spare's site where this one has a directory.
		if err := o.clear(dir); err != nil {
			return err
		}
		return os.Mkdir(full, 0o755)
	}
	return err
}

// clear removes what the spare's site has at rel, a file or a directory,
// where the new site puts something else, after checking that guidec
// wrote it.
func (o *DirOutput) clear(rel string) error {
	full := filepath.Join(o.tmp, filepath.FromSlash(rel))
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.written[rel] || o.used[rel] {
		return fmt.Errorf("%s: written as both a file and a folder", full)
	}
	o.touched[path.Dir(rel)] = true
	if rec, ok := o.have[rel]; ok {
		if _, ok := holds(full, rec); !ok {
			o.disown(rel)
			return refuse(ErrNotOwned, "%s %s, so guidec will not replace it", full, whyChanged)
		}
		delete(o.have, rel)
		return os.Remove(full)
	}
	if !o.dirs[rel] {
		return refuse(ErrNotOwned, "%s: %s", full, whyForeign)
	}
	sub := newManifest()
	prefix := rel + "/"
	for f, r := range o.have {
		if s, ok := strings.CutPrefix(f, prefix); ok {
			sub.files[s] = r
		}
	}
	for d := range o.dirs {
		if s, ok := strings.CutPrefix(d, prefix); ok {
			sub.dirs[s] = o.dirIDs[d]
		}
	}
	bad, err := removeOwned(full, sub)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		for _, f := range bad {
			o.disown(prefix + f.rel)
		}
		return refuse(ErrNotOwned, "%s holds what guidec did not write:%s", full, describe(full, bad))
	}
	for f := range o.have {
		if f == rel || strings.HasPrefix(f, prefix) {
			delete(o.have, f)
		}
	}
	for d := range o.dirs {
		if d == rel || strings.HasPrefix(d, prefix) {
			delete(o.dirs, d)
			delete(o.dirIDs, d)
		}
	}
	return nil
}

// disown forgets a file that no longer holds what guidec wrote: the marker
// will not list it, and its directory will be read by the next audit. The
// caller holds o.mu.
func (o *DirOutput) disown(rel string) {
	delete(o.have, rel)
	o.unsure[path.Dir(rel)] = true
}

// manifest lists what tmp holds that guidec wrote, once it is written:
// the identity of a directory this build touched, or did not know, is
// read again; the others keep the one they had when the build began.
func (o *DirOutput) manifest() *manifest {
	o.mu.Lock()
	defer o.mu.Unlock()
	m := newManifest()
	for f, r := range o.have {
		m.files[f] = r
	}
	for d := range o.dirs {
		if d == "." {
			continue
		}
		id, ok := o.dirIDs[d]
		switch {
		case o.unsure[d]:
			id = fileID{}
		case !ok || o.touched[d]:
			id = fileID{} // unknown: the next audit reads the directory
			if fi, err := os.Lstat(filepath.Join(o.tmp, filepath.FromSlash(d))); err == nil {
				id = statID(fi)
			}
		}
		m.dirs[d] = id
	}
	return m
}

// prune removes from tmp what the spare's site had and this one lacks,
// each file after checking that it still holds what guidec wrote.
func (o *DirOutput) prune() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	for f, rec := range o.have {
		if o.written[f] {
			continue
		}
		p := filepath.Join(o.tmp, filepath.FromSlash(f))
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			delete(o.have, f)
			continue
		}
		if err != nil {
			return err
		}
		if _, ok := holdsInfo(p, fi, rec); !ok {
			o.disown(f)
			return refuse(ErrNotOwned, "%s %s, so guidec will not remove it", p, whyChanged)
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		delete(o.have, f)
		o.touched[path.Dir(f)] = true
	}
	var gone []string
	for d := range o.dirs {
		if !o.used[d] {
			gone = append(gone, d)
		}
	}
	// Children before their parents.
	slices.SortFunc(gone, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, d := range gone {
		if err := os.Remove(filepath.Join(o.tmp, filepath.FromSlash(d))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		delete(o.dirs, d)
		delete(o.dirIDs, d)
		o.touched[path.Dir(d)] = true
	}
	return nil
}

// Commit replaces the output by the written site: the previous output is
// renamed aside into the state directory, the temporary directory renamed
// into place, and the previous site kept as the spare (or removed as
// removeOwned does). If the second rename fails the previous site is put
// back. A Commit that fails leaves the previous site.
func (o *DirOutput) Commit() error {
	if err := o.finish(); err != nil {
		return err
	}
	defer o.release()
	fail := func(err error) error {
		o.abort()
		if _, ok := err.(*refusal); ok {
			return err
		}
		return fmt.Errorf("commit: %w", err)
	}
	if o.update {
		if err := o.prune(); err != nil {
			return fail(err)
		}
	}
	if err := o.recheck(); err != nil {
		return fail(err)
	}
	if err := writeMarker(o.tmp, o.manifest()); err != nil {
		return fail(err)
	}
	var old string
	if _, err := os.Lstat(o.dst); err == nil {
		old = o.newName("old-")
		if err := os.Rename(o.dst, old); err != nil {
			return fail(err)
		}
	}
	if err := os.Rename(o.tmp, o.dst); err != nil {
		if old != "" {
			if rerr := os.Rename(old, o.dst); rerr != nil {
				o.abort()
				return fmt.Errorf("commit: %w (and restoring the previous site: %v; it is in %s)", err, rerr, old)
			}
		}
		return fail(err)
	}
	o.tmp = ""
	if old != "" {
		o.retire(old)
	}
	return nil
}

// retire deals with a previous site renamed to old: it becomes the spare
// when it is guidec's and the spare's place is free, else what guidec
// wrote of it is removed.
func (o *DirOutput) retire(old string) {
	m, err := readManifest(old)
	spare := filepath.Join(o.state, spareName)
	if err == nil && canUpdate {
		if _, serr := os.Lstat(spare); errors.Is(serr, fs.ErrNotExist) && os.Rename(old, spare) == nil {
			return
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		m, err = newManifest(), nil // an output that was empty, or a marker-less leftover
	}
	if err != nil {
		o.warnf("left the previous site in %s: %v", old, err)
		return
	}
	bad, err := removeOwned(old, m)
	switch {
	case err != nil:
		o.warnf("left the previous site in %s: %v", old, err)
	case len(bad) > 0:
		o.warnf("left the previous site in %s, since it holds what guidec did not write:%s", old, describe(old, bad))
	}
}

// Abort abandons the build; the output is untouched. The temporary
// directory becomes the spare (with a marker listing what it holds), so
// that the next build still updates in place; when there is no place for
// it, it is removed. A failed first build removes the state directory too.
func (o *DirOutput) Abort() error {
	if err := o.finish(); err != nil {
		return err
	}
	defer o.release()
	o.abort()
	return nil
}

func (o *DirOutput) abort() {
	if o.tmp == "" {
		return
	}
	defer func() { o.tmp = "" }()
	if o.fresh {
		os.RemoveAll(o.tmp) // a working directory: see clearLeftovers
		o.dropState()
		return
	}
	spare := filepath.Join(o.state, spareName)
	if canUpdate {
		if _, err := os.Lstat(spare); errors.Is(err, fs.ErrNotExist) &&
			writeMarker(o.tmp, o.manifest()) == nil && os.Rename(o.tmp, spare) == nil {
			return
		}
	}
	os.RemoveAll(o.tmp) // a working directory: see clearLeftovers
}

// finish marks the output done: Commit or Abort, once.
func (o *DirOutput) finish() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.done {
		return errors.New("output already committed or aborted")
	}
	o.done = true
	return nil
}

func (o *DirOutput) release() {
	if o.lock != nil {
		o.lock.unlock()
		o.lock = nil
	}
}
