// Package lazyre holds regular expressions that compile on first use.
//
// A package-level regexp.MustCompile runs in every guidec process at
// start-up, before main, whether or not the run ever matches it: Go runs
// the initialisation of every linked package. Expressions with bounded
// repetitions ({0,60}, {1,100}) expand into large programs, so a few dozen
// of them cost milliseconds per process (see docs/performance.md). A
// *Regexp declared with New costs nothing until a method is called, then
// compiles once, safely for concurrent use, and behaves as the compiled
// *regexp.Regexp.
//
// An invalid pattern panics at first use rather than at start-up;
// CompileAll (called by a test of a package that links every user) finds
// one at test time instead.
package lazyre

import (
	"errors"
	"fmt"
	"regexp"
	"sync"
)

// Regexp is a regular expression compiled on first use. Its methods are
// those of regexp.Regexp that guidec calls; Re gives the others.
type Regexp struct {
	pat  string
	once sync.Once
	re   *regexp.Regexp
}

// registry lists every Regexp made by New, for CompileAll. It is written
// only during package initialisation (New is meant for package-level
// variables), which is single-threaded.
var registry []*Regexp

// New returns a Regexp for pattern, not yet compiled. Use it for
// package-level variables in place of regexp.MustCompile.
func New(pattern string) *Regexp {
	r := &Regexp{pat: pattern}
	registry = append(registry, r)
	return r
}

// Re returns the compiled expression, compiling it on the first call. It
// panics if the pattern is invalid, as regexp.MustCompile does.
func (r *Regexp) Re() *regexp.Regexp {
	r.once.Do(func() { r.re = regexp.MustCompile(r.pat) })
	return r.re
}

// String returns the source text, without compiling.
func (r *Regexp) String() string { return r.pat }

// CompileAll compiles every Regexp made by New in the packages linked into
// the calling binary and reports the patterns that do not compile.
func CompileAll() error {
	var errs []error
	for _, r := range registry {
		if _, err := regexp.Compile(r.pat); err != nil {
			errs = append(errs, fmt.Errorf("lazyre: %w", err))
		}
	}
	return errors.Join(errs...)
}

// Count returns how many Regexps New has made, for tests.
func Count() int { return len(registry) }

// MatchString is regexp.Regexp.MatchString.
func (r *Regexp) MatchString(s string) bool { return r.Re().MatchString(s) }

// FindStringSubmatch is regexp.Regexp.FindStringSubmatch.
func (r *Regexp) FindStringSubmatch(s string) []string { return r.Re().FindStringSubmatch(s) }

// FindStringSubmatchIndex is regexp.Regexp.FindStringSubmatchIndex.
func (r *Regexp) FindStringSubmatchIndex(s string) []int { return r.Re().FindStringSubmatchIndex(s) }

// FindAllString is regexp.Regexp.FindAllString.
func (r *Regexp) FindAllString(s string, n int) []string { return r.Re().FindAllString(s, n) }

// FindAllStringSubmatchIndex is regexp.Regexp.FindAllStringSubmatchIndex.
func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return r.Re().FindAllStringSubmatchIndex(s, n)
}

// ReplaceAllString is regexp.Regexp.ReplaceAllString.
func (r *Regexp) ReplaceAllString(src, repl string) string { return r.Re().ReplaceAllString(src, repl) }

// ReplaceAllStringFunc is regexp.Regexp.ReplaceAllStringFunc.
func (r *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return r.Re().ReplaceAllStringFunc(src, repl)
}
