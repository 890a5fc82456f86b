package parser

import (
	"regexp"
	"sync"
)

// lazyRegexp returns a function that compiles pattern on its first call
// and returns the same *regexp.Regexp on every call.
//
// guidec fork: upstream compiled the package's expressions into
// package-level variables at init, a cost every program linking the
// package pays at start-up whether it parses Markdown or not; the
// variables are now such functions (see README.md).
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}
