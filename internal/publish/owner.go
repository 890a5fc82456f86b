package publish

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// What guidec wrote. An output directory is guidec's when it holds the
// marker file MarkerName, which lists every file guidec wrote there with
// its size, a digest of its bytes and what the file system said about it
// right after the write (inode, modification and change times). A file
// counts as written by guidec only while it still holds those bytes: when
// the file system still reports the recorded identity it has not been
// touched since (no read needed); otherwise its bytes are read and
// compared with the digest, so a copied or restored output is still
// recognised, and an edited file is not. Anything else in the directory
// (a file not listed, a directory not listed, a symbolic link, a listed
// file with other bytes) is someone else's. A forged or copied marker
// therefore gains nothing: it can only vouch for files that hold exactly
// what guidec wrote at those paths.

// MarkerName is the file that marks a directory as an output guidec
// created, and lists what it wrote there. Builds may not write a file of
// this name at the top of the site.
const MarkerName = ".guidec-output"

// markerHeader starts the list of entries: what precedes it is the
// explanation for a person who opens the file.
const markerHeader = "guidec-output 1"

const markerText = `This folder was written by "guidec build". guidec replaces all of it on
every build, and only ever builds into a folder it created: the lines
below list every file it wrote here. It will not build into this folder
while it holds anything else, or a listed file that changed since guidec
wrote it. To publish a file of your own, put it in the site's static/
folder; to start afresh, delete this folder.

`

// maxMarker bounds what readManifest reads: a marker of 64 MiB lists
// about 600,000 files.
const maxMarker = 64 << 20

// fileID is what the file system reports about a file: while it reports
// the same, the file still holds the bytes it held then. Fields a system
// does not report are zero.
type fileID struct {
	size  int64
	ino   uint64
	mtime int64 // nanoseconds since 1970
	ctime int64 // nanoseconds since 1970; Linux only
}

// same reports whether a and b identify the same unchanged file. An
// identity without a modification time proves nothing.
func (a fileID) same(b fileID) bool { return a == b && a.mtime != 0 }

// digest is the first 128 bits of the SHA-256 of a file's bytes.
type digest [16]byte

func digestOf(data []byte) digest {
	s := sha256.Sum256(data)
	return digest(s[:16])
}

// record is what guidec wrote to one file.
type record struct {
	id  fileID
	sum digest
}

// manifest is the content of a marker: the files and directories guidec
// wrote, by slash-separated path relative to the marked directory.
type manifest struct {
	files map[string]record
	dirs  map[string]bool
}

func newManifest() *manifest {
	return &manifest{files: map[string]record{}, dirs: map[string]bool{}}
}

// encode renders the marker: the explanation, the header, then one line
// per directory ("d NAME") and file ("f SIZE INODE MTIME CTIME DIGEST
// NAME"), sorted. Names come last on their line, so they may hold spaces;
// CheckPath rules out line breaks.
func (m *manifest) encode() []byte {
	var b bytes.Buffer
	b.Grow(len(markerText) + 32 + 80*len(m.files) + 24*len(m.dirs))
	b.WriteString(markerText)
	b.WriteString(markerHeader + "\n")
	for _, d := range slices.Sorted(mapKeys(m.dirs)) {
		b.WriteString("d " + d + "\n")
	}
	for _, f := range slices.Sorted(mapKeys(m.files)) {
		r := m.files[f]
		fmt.Fprintf(&b, "f %d %d %d %d %s %s\n", r.id.size, r.id.ino, r.id.mtime, r.id.ctime, hex.EncodeToString(r.sum[:]), f)
	}
	return b.Bytes()
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// errMarker is returned (wrapped) for a marker that guidec cannot read as
// one it wrote.
var errMarker = errors.New("not a marker written by this guidec")

// parseManifest reads a marker. Every name must pass CheckPath and every
// number parse: a marker is input like any other, and the names it lists
// are the only ones guidec will ever remove.
func parseManifest(data []byte) (*manifest, error) {
	m := newManifest()
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	header := false
	line := 0
	bad := func(why string) error { return fmt.Errorf("%w: line %d: %s", errMarker, line, why) }
	for sc.Scan() {
		line++
		text := sc.Text()
		if !header {
			header = text == markerHeader
			continue
		}
		kind, rest, _ := strings.Cut(text, " ")
		switch kind {
		case "d":
			if CheckPath(rest) != nil {
				return nil, bad("bad directory name")
			}
			m.dirs[rest] = true
		case "f":
			fields := strings.SplitN(rest, " ", 6)
			if len(fields) != 6 {
				return nil, bad("short file line")
			}
			var r record
			var err1, err2, err3, err4 error
			r.id.size, err1 = strconv.ParseInt(fields[0], 10, 64)
			r.id.ino, err2 = strconv.ParseUint(fields[1], 10, 64)
			r.id.mtime, err3 = strconv.ParseInt(fields[2], 10, 64)
			r.id.ctime, err4 = strconv.ParseInt(fields[3], 10, 64)
			sum, err5 := hex.DecodeString(fields[4])
			if err := errors.Join(err1, err2, err3, err4, err5); err != nil || len(sum) != len(r.sum) || r.id.size < 0 {
				return nil, bad("bad file fields")
			}
			copy(r.sum[:], sum)
			name := fields[5]
			if CheckPath(name) != nil || name == MarkerName {
				return nil, bad("bad file name")
			}
			m.files[name] = r
		default:
			return nil, bad("unknown entry")
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", errMarker, err)
	}
	if !header {
		return nil, fmt.Errorf("%w: no %q line", errMarker, markerHeader)
	}
	for f := range m.files {
		for d := path.Dir(f); d != "."; d = path.Dir(d) {
			if !m.dirs[d] {
				return nil, fmt.Errorf("%w: %s is listed without its directory", errMarker, f)
			}
		}
	}
	return m, nil
}

// readManifest reads the marker of dir, which must be a regular file (a
// symbolic link is not followed).
func readManifest(dir string) (*manifest, error) {
	name := filepath.Join(dir, MarkerName)
	fi, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is not a regular file", errMarker, name)
	}
	if fi.Size() > maxMarker {
		return nil, fmt.Errorf("%w: %s is too large", errMarker, name)
	}
	data, err := readRegular(name, maxMarker)
	if err != nil {
		return nil, err
	}
	return parseManifest(data)
}

// readRegular reads at most limit+1 bytes of a file that must be a regular
// file, without following a symbolic link in its last component.
func readRegular(name string, limit int64) ([]byte, error) {
	f, err := openNoFollow(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", name)
	}
	return io.ReadAll(io.LimitReader(f, limit+1))
}

// writeMarker writes the marker of dir listing m.
func writeMarker(dir string, m *manifest) error {
	_, err := writeFile(filepath.Join(dir, MarkerName), m.encode())
	return err
}

// holds reports whether the file at full (rel in its directory) still
// holds what r records guidec wrote there: the same identity, or else the
// same bytes. It returns the file's current identity.
func holds(full string, r record) (fileID, bool) {
	fi, err := os.Lstat(full)
	if err != nil || !fi.Mode().IsRegular() {
		return fileID{}, false
	}
	id := statID(fi)
	if id.same(r.id) {
		return id, true
	}
	if fi.Size() != r.id.size {
		return id, false
	}
	data, err := readRegular(full, r.id.size)
	if err != nil || int64(len(data)) != r.id.size {
		return id, false
	}
	return id, digestOf(data) == r.sum
}

// A finding is something in a directory that guidec did not write.
type finding struct {
	rel string // slash-separated, relative to the directory
	why string
}

const (
	whyForeign  = "not written by guidec"
	whyChanged  = "changed since guidec wrote it"
	whySymlink  = "a symbolic link, which guidec never writes"
	whyStrange  = "not a regular file or directory"
	whyUnlisted = "a directory guidec did not create"
)

// scan is what audit finds in a directory.
type scan struct {
	files []string // regular files other than the top marker
	dirs  []string // directories, parents before their children
}

// audit walks root without following symbolic links and reports what it
// holds that m does not account for. With content, every listed file is
// also checked to still hold what guidec wrote (see holds); without, only
// names and kinds are checked, and the caller checks a file's content
// before it replaces or removes it. It does not descend into a directory
// m does not list.
func audit(root string, m *manifest, content bool) (*scan, []finding, error) {
	sc := &scan{}
	var bad []finding
	var walk func(rel, full string) error
	walk = func(rel, full string) error {
		f, err := os.Open(full)
		if err != nil {
			return err
		}
		entries, err := f.ReadDir(-1)
		f.Close()
		if err != nil {
			return err
		}
		for _, e := range entries {
			r := e.Name()
			if rel != "." {
				r = rel + "/" + r
			}
			p := filepath.Join(full, e.Name())
			switch t := e.Type(); {
			case r == MarkerName:
				// Read by the caller; guidec's by definition once it parses.
			case t&fs.ModeSymlink != 0:
				bad = append(bad, finding{r, whySymlink})
			case t.IsDir():
				if !m.dirs[r] {
					bad = append(bad, finding{r, whyUnlisted})
					continue
				}
				sc.dirs = append(sc.dirs, r)
				if err := walk(r, p); err != nil {
					return err
				}
			case t.IsRegular():
				rec, ok := m.files[r]
				switch {
				case !ok:
					bad = append(bad, finding{r, whyForeign})
				case content:
					if _, ok := holds(p, rec); !ok {
						bad = append(bad, finding{r, whyChanged})
						continue
					}
					sc.files = append(sc.files, r)
				default:
					sc.files = append(sc.files, r)
				}
			default:
				bad = append(bad, finding{r, whyStrange})
			}
		}
		return nil
	}
	if err := walk(".", root); err != nil {
		return nil, nil, err
	}
	return sc, bad, nil
}

// describe lists findings for a message, at most ten.
func describe(dir string, bad []finding) string {
	var b strings.Builder
	for i, f := range bad {
		if i == 10 {
			fmt.Fprintf(&b, "\n  … and %d more", len(bad)-i)
			break
		}
		fmt.Fprintf(&b, "\n  %s: %s", filepath.Join(dir, filepath.FromSlash(f.rel)), f.why)
	}
	return b.String()
}

// removeOwned removes from the directory root what m says guidec wrote
// and what still holds it, then each listed directory that is left empty,
// deepest first, then the marker and root itself when nothing else is
// left. Everything else stays, and is returned. It never follows a
// symbolic link and never removes a directory that is not empty.
func removeOwned(root string, m *manifest) ([]finding, error) {
	sc, bad, err := audit(root, m, false)
	if err != nil {
		return nil, err
	}
	for _, f := range sc.files {
		p := filepath.Join(root, filepath.FromSlash(f))
		if _, ok := holds(p, m.files[f]); !ok {
			bad = append(bad, finding{f, whyChanged})
			continue
		}
		if err := os.Remove(p); err != nil {
			return bad, err
		}
	}
	for _, d := range slices.Backward(sc.dirs) {
		// A directory that still holds something stays, with it.
		os.Remove(filepath.Join(root, filepath.FromSlash(d)))
	}
	if len(bad) > 0 {
		return bad, nil
	}
	if err := os.Remove(filepath.Join(root, MarkerName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := os.Remove(root); err != nil {
		return nil, err
	}
	return nil, nil
}
