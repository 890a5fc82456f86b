package diag

import (
	"fmt"
	"slices"
	"strings"
)

func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// CodeInfo describes one diagnostic code for documentation, SARIF rule
// metadata and validation of suppression annotations. Every package that
// reports diagnostics exports a table of these.
type CodeInfo struct {
	Code     string
	Severity Severity // default severity
	Summary  string   // one line, lowercase, no trailing period
}

// Registry is the set of known codes, assembled from each package's table.
type Registry struct {
	byCode map[string]CodeInfo
	sorted []CodeInfo
}

// NewRegistry builds a Registry from tables. A code registered twice is a
// programming error and panics at start-up (never on user input).
func NewRegistry(tables ...[]CodeInfo) *Registry {
	r := &Registry{byCode: map[string]CodeInfo{}}
	for _, t := range tables {
		for _, c := range t {
			if _, dup := r.byCode[c.Code]; dup {
				panic("diag: code registered twice: " + c.Code)
			}
			r.byCode[c.Code] = c
			r.sorted = append(r.sorted, c)
		}
	}
	slices.SortFunc(r.sorted, func(a, b CodeInfo) int { return strings.Compare(a.Code, b.Code) })
	return r
}

// Lookup returns the information for code.
func (r *Registry) Lookup(code string) (CodeInfo, bool) {
	if r == nil {
		return CodeInfo{}, false
	}
	c, ok := r.byCode[code]
	return c, ok
}

// All returns every registered code, sorted.
func (r *Registry) All() []CodeInfo {
	if r == nil {
		return nil
	}
	return r.sorted
}

// Codes reported by guidec itself rather than by a stage.
var Codes = []CodeInfo{
	{"internal", Error, "guidec failed on this guide; please report it"},
	{"io", Error, "a file could not be read or written"},
}
