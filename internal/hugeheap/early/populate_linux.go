//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package early

import (
	"syscall"
	"unsafe"
)

// madvPopulateRead is MADV_POPULATE_READ (Linux 5.14), which package
// syscall does not name.
const madvPopulateRead = 22

// populated counts the runs of the binary's code populateBinary
// populated.
var populated int

// populateBinary maps the pages of guidec's own code into the process's
// page tables in one call, where the initialisers and the run that follow
// would fault them in a few at a time: about 100 faults of 12–23 µs in a
// run of `guidec version`, more in a check (docs/performance.md). The
// read-only data is left to faults: populating it too added 4 MB to a
// build's peak RSS (which issue 15 bounds) for no measurable time. Only
// the pages already in the page cache are populated (mincore), so that
// the binary is never read from a slow disk; a kernel without the advice
// refuses it, which changes nothing.
func populateBinary() {
	// A string constant's bytes lie in the binary's read-only data: the
	// mapping that holds them names the binary's file.
	marker := uintptr(unsafe.Pointer(unsafe.StringData("guidec read-only data")))
	maps := readMaps()
	var path string
	for line := range lines(maps) {
		if m, ok := parseMapping(line); ok && m.lo <= marker && marker < m.hi {
			path = m.path
		}
	}
	if path == "" {
		return
	}
	for line := range lines(maps) {
		m, ok := parseMapping(line)
		if !ok || m.path != path || !m.exec {
			continue
		}
		for _, r := range residentRuns(m.lo, m.hi) {
			if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, r[0], r[1]-r[0], madvPopulateRead); errno == 0 {
				populated++
			}
		}
	}
}

// maxRuns bounds the calls populateBinary makes for one mapping: a code
// mapping whose cached pages are that scattered is left to faults.
const maxRuns = 32

// residentRuns returns the runs of pages of [lo, hi) that are in the page
// cache (mincore), as [start, end) pairs, none when there are more than
// maxRuns of them.
func residentRuns(lo, hi uintptr) [][2]uintptr {
	page := uintptr(syscall.Getpagesize())
	n := (hi - lo + page - 1) / page
	vec := make([]byte, n)
	if _, _, errno := syscall.Syscall(syscall.SYS_MINCORE, lo, hi-lo, uintptr(unsafe.Pointer(unsafe.SliceData(vec)))); errno != 0 {
		return nil
	}
	return runs(vec, lo, hi, page)
}

// runs turns a mincore vector of the pages from lo to hi into the runs of
// resident pages (see residentRuns).
func runs(vec []byte, lo, hi, page uintptr) [][2]uintptr {
	var out [][2]uintptr
	for i := 0; i < len(vec); {
		if vec[i]&1 == 0 {
			i++
			continue
		}
		j := i
		for j < len(vec) && vec[j]&1 != 0 {
			j++
		}
		if len(out) == maxRuns {
			return nil
		}
		out = append(out, [2]uintptr{lo + uintptr(i)*page, min(lo+uintptr(j)*page, hi)})
		i = j
	}
	return out
}

// mapping is one line of /proc/self/maps.
type mapping struct {
	lo, hi   uintptr
	writable bool
	exec     bool
	path     string
}

// parseMapping reads "lo-hi perms offset dev inode path".
func parseMapping(line string) (mapping, bool) {
	var m mapping
	f := fields(line, 6)
	if len(f) < 6 || len(f[1]) < 4 {
		return m, false
	}
	dash := index(f[0], '-')
	if dash < 0 {
		return m, false
	}
	lo, ok1 := hex(f[0][:dash])
	hi, ok2 := hex(f[0][dash+1:])
	if !ok1 || !ok2 || hi <= lo {
		return m, false
	}
	m.lo, m.hi, m.writable, m.exec, m.path = lo, hi, f[1][1] == 'w', f[1][2] == 'x', f[5]
	return m, m.path != ""
}

// fields splits s at runs of spaces into at most n fields, the last one
// the rest of s without its leading spaces (a path may hold spaces).
func fields(s string, n int) []string {
	var out []string
	for len(out) < n-1 {
		s = trim(s)
		i := index(s, ' ')
		if i < 0 {
			break
		}
		out = append(out, s[:i])
		s = s[i:]
	}
	if s = trim(s); s != "" {
		out = append(out, s)
	}
	return out
}

func hex(s string) (uintptr, bool) {
	if s == "" || len(s) > 16 {
		return 0, false
	}
	var v uintptr
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			v = v<<4 | uintptr(c-'0')
		case 'a' <= c && c <= 'f':
			v = v<<4 | uintptr(c-'a'+10)
		default:
			return 0, false
		}
	}
	return v, true
}

// lines yields the lines of s.
func lines(s string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for s != "" {
			i := index(s, '\n')
			line := s
			if i >= 0 {
				line, s = s[:i], s[i+1:]
			} else {
				s = ""
			}
			if !yield(line) {
				return
			}
		}
	}
}

// readMaps returns /proc/self/maps, "" when it cannot be read.
func readMaps() string {
	fd, err := syscall.Open("/proc/self/maps", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return ""
	}
	defer syscall.Close(fd)
	var buf []byte
	chunk := make([]byte, 8<<10)
	for len(buf) < 1<<20 {
		n, err := syscall.Read(fd, chunk)
		if err != nil || n <= 0 {
			break
		}
		buf = append(buf, chunk[:n]...)
	}
	return string(buf)
}
