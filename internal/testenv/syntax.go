package testenv

import (
	"regexp"
	"strings"
	"testing"
)

// SameAsExpression checks that f, a hand-written syntax test, accepts
// exactly the strings the anchored expression expr matches: on every
// string of up to four characters over an alphabet of the edges of the
// usual classes and of characters just outside them (ASCII neighbours, a
// space, a multi-byte letter, a line break), and on strings around limit,
// the longest the expression accepts. name names f in failures.
func SameAsExpression(t *testing.T, name string, f func(string) bool, expr string, limit int) {
	t.Helper()
	re := regexp.MustCompile(expr)
	alphabet := []string{"a", "z", "A", "Z", "0", "9", "-", ".", "_", "~", "/", "@", "`", "{", "[", ":", " ", "é", "\n"}
	var all []string
	var gen func(prefix string, n int)
	gen = func(prefix string, n int) {
		all = append(all, prefix)
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			gen(prefix+c, n-1)
		}
	}
	gen("", 4)
	for _, n := range []int{limit - 1, limit, limit + 1} {
		for _, fill := range []string{"a", "-", "~"} {
			all = append(all, strings.Repeat(fill, n), "a"+strings.Repeat(fill, n-2)+"a", "a"+strings.Repeat(fill, n-1))
		}
	}
	for _, s := range all {
		if got, want := f(s), re.MatchString(s); got != want {
			t.Errorf("%s(%q) = %v, the expression says %v", name, s, got, want)
		}
	}
}
