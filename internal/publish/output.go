package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
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
