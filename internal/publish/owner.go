package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
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
// wrote, by slash-separated path relative to the marked directory. A
// directory's identity, when known, is what the file system reported once
// guidec had written it: while a directory still reports it, no entry was
// added to it or removed from it since (on Linux, whose change time no
// program can set back), so an audit need not read it.
type manifest struct {
	files map[string]record
	dirs  map[string]fileID
}

func newManifest() *manifest {
	return &manifest{files: map[string]record{}, dirs: map[string]fileID{}}
}

// encode renders the marker: the explanation, the header, then one line
// per directory ("d SIZE INODE MTIME CTIME NAME") and file ("f SIZE INODE
// MTIME CTIME DIGEST NAME"), sorted. Names come last on their line, so
// they may hold spaces; CheckPath rules out line breaks.
func (m *manifest) encode() []byte {
	b := make([]byte, 0, len(markerText)+32+100*len(m.files)+60*len(m.dirs))
	b = append(b, markerText...)
	b = append(b, markerHeader+"\n"...)
	appendID := func(b []byte, id fileID) []byte {
		b = strconv.AppendInt(b, id.size, 10)
		b = append(b, ' ')
		b = strconv.AppendUint(b, id.ino, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, id.mtime, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, id.ctime, 10)
		return append(b, ' ')
	}
	for _, d := range slices.Sorted(mapKeys(m.dirs)) {
		b = append(b, "d "...)
		b = appendID(b, m.dirs[d])
		b = append(b, d...)
		b = append(b, '\n')
	}
	for _, f := range slices.Sorted(mapKeys(m.files)) {
		r := m.files[f]
		b = append(b, "f "...)
		b = appendID(b, r.id)
		b = hex.AppendEncode(b, r.sum[:])
		b = append(b, ' ')
		b = append(b, f...)
		b = append(b, '\n')
	}
	return b
}

// parseID reads the four numbers of an identity and what follows them.
func parseID(line string) (id fileID, rest string, ok bool) {
	var f [4]string
	for i := range f {
		var found bool
		if f[i], line, found = strings.Cut(line, " "); !found {
			return fileID{}, "", false
		}
	}
	var err1, err2, err3, err4 error
	id.size, err1 = parseInt(f[0])
	id.ino, err2 = parseUint(f[1])
	id.mtime, err3 = parseInt(f[2])
	id.ctime, err4 = parseInt(f[3])
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || id.size < 0 {
		return fileID{}, "", false
	}
	return id, line, true
}

// parseUint and parseInt are strconv's base-10 parsers with a shortcut
// for the numbers a marker holds, up to 19 digits without a sign: a
// build reads the marker's four numbers per file twice (the folder's and
// its spare's), and strconv's general loop took 0.4 % of its
// instructions.
func parseUint(s string) (uint64, error) {
	if n, ok := digits(s); ok {
		return n, nil
	}
	return strconv.ParseUint(s, 10, 64)
}

func parseInt(s string) (int64, error) {
	if n, ok := digits(s); ok && n <= math.MaxInt64 {
		return int64(n), nil
	}
	return strconv.ParseInt(s, 10, 64)
}

// digits reads s when it is 1 to 19 decimal digits, which cannot
// overflow a uint64.
func digits(s string) (uint64, bool) {
	if len(s) == 0 || len(s) > 19 {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + uint64(c)
	}
	return n, true
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
	text := string(data) // names are substrings of it: one allocation
	n := strings.Count(text, "\n")
	m := &manifest{files: make(map[string]record, n), dirs: make(map[string]fileID, n/4)}
	header := false
	line := 0
	bad := func(why string) error { return fmt.Errorf("%w: line %d: %s", errMarker, line, why) }
	for len(text) > 0 {
		line++
		var l string
		l, text, _ = strings.Cut(text, "\n")
		if !header {
			header = l == markerHeader
			continue
		}
		switch {
		case strings.HasPrefix(l, "d "):
			id, name, ok := parseID(l[2:])
			if !ok {
				return nil, bad("bad directory fields")
			}
			if CheckPath(name) != nil {
				return nil, bad("bad directory name")
			}
			m.dirs[name] = id
		case strings.HasPrefix(l, "f "):
			id, rest, ok := parseID(l[2:])
			sum, name, found := strings.Cut(rest, " ")
			r := record{id: id}
			if !ok || !found || len(sum) != 2*len(r.sum) {
				return nil, bad("bad file fields")
			}
			if _, err := hex.Decode(r.sum[:], []byte(sum)); err != nil {
				return nil, bad("bad file digest")
			}
			if CheckPath(name) != nil || name == MarkerName {
				return nil, bad("bad file name")
			}
			m.files[name] = r
		default:
			return nil, bad("unknown entry")
		}
	}
	if !header {
		return nil, fmt.Errorf("%w: no %q line", errMarker, markerHeader)
	}
	for f := range m.files {
		for d := f; ; {
			i := strings.LastIndexByte(d, '/')
			if i < 0 {
				break
			}
			d = d[:i]
			if _, ok := m.dirs[d]; !ok {
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

// holds reports whether the file at full still holds what r records
// guidec wrote there: the same identity, or else the same bytes. It
// returns the file's current identity.
func holds(full string, r record) (fileID, bool) {
	fi, err := os.Lstat(full)
	if err != nil {
		return fileID{}, false
	}
	return holdsInfo(full, fi, r)
}

// holdsInfo is holds for a file whose Lstat is fi.
func holdsInfo(full string, fi fs.FileInfo, r record) (fileID, bool) {
	if !fi.Mode().IsRegular() {
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
	files []string          // regular files other than the top marker
	dirs  []string          // directories, parents before their children
	ids   map[string]fileID // the directories' identities now
}

// audit walks root without following symbolic links and reports what it
// holds that m does not account for. With content, every listed file is
// also checked to still hold what guidec wrote (see holds); without, only
// names and kinds are checked, and the caller checks a file's content
// before it replaces or removes it, and copes with a listed file that is
// missing. It does not descend into a directory m does not list.
//
// A directory that still has the identity m records gained and lost no
// entry since (see manifest): audit takes its entries from m, with one
// lstat for each listed directory in it (and each file, with content),
// instead of reading it. The top directory is always read: Commit renames
// it, which changes its identity.
func audit(root string, m *manifest, content bool) (*scan, []finding, error) {
	sc := &scan{ids: map[string]fileID{}}
	var bad []finding
	var kids map[string][]string // m's entries by parent, made when needed
	var walk func(rel, full string, read bool) error
	var check []string // listed files whose content is checked after the walk
	file := func(r string) {
		_, ok := m.files[r]
		switch {
		case !ok:
			bad = append(bad, finding{r, whyForeign})
		case !content:
			sc.files = append(sc.files, r)
		default:
			check = append(check, r)
		}
	}
	dir := func(r, p string) error {
		want, ok := m.dirs[r]
		if !ok {
			bad = append(bad, finding{r, whyUnlisted})
			return nil
		}
		fi, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			return err
		case fi.Mode()&fs.ModeSymlink != 0:
			bad = append(bad, finding{r, whySymlink})
			return nil
		case !fi.IsDir():
			bad = append(bad, finding{r, whyStrange})
			return nil
		}
		id := statID(fi)
		sc.dirs = append(sc.dirs, r)
		sc.ids[r] = id
		return walk(r, p, !id.same(want) || want.ctime == 0)
	}
	walk = func(rel, full string, read bool) error {
		if !read {
			if kids == nil {
				kids = m.children()
			}
			for _, k := range kids[rel] {
				p := filepath.Join(root, filepath.FromSlash(k))
				if _, isDir := m.dirs[k]; isDir {
					if err := dir(k, p); err != nil {
						return err
					}
					continue
				}
				file(k)
			}
			return nil
		}
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
				if err := dir(r, p); err != nil {
					return err
				}
			case t.IsRegular():
				file(r)
			default:
				bad = append(bad, finding{r, whyStrange})
			}
		}
		return nil
	}
	if err := walk(".", root, true); err != nil {
		return nil, nil, err
	}
	// One lstat per file (and a read when its identity changed), spread
	// over the processors: for a large site this is most of an audit.
	why := make([]string, len(check))
	parallel(len(check), func(i int) error {
		p := filepath.Join(root, filepath.FromSlash(check[i]))
		fi, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			why[i] = "-" // listed, but not there: nothing to check
		case err != nil:
			why[i] = err.Error()
		default:
			if _, ok := holdsInfo(p, fi, m.files[check[i]]); !ok {
				why[i] = whyChanged
			}
		}
		return nil
	})
	for i, r := range check {
		switch why[i] {
		case "":
			sc.files = append(sc.files, r)
		case "-":
		default:
			bad = append(bad, finding{r, why[i]})
		}
	}
	return sc, bad, nil
}

// children indexes m's files and directories by parent directory.
func (m *manifest) children() map[string][]string {
	kids := make(map[string][]string, len(m.dirs)+1)
	for d := range m.dirs {
		kids[path.Dir(d)] = append(kids[path.Dir(d)], d)
	}
	for f := range m.files {
		kids[path.Dir(f)] = append(kids[path.Dir(f)], f)
	}
	for _, k := range kids {
		slices.Sort(k)
	}
	return kids
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
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return bad, err
		}
		if _, ok := holdsInfo(p, fi, m.files[f]); !ok {
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
