package publish

import (
	"regexp"
	"strings"
	"testing"
)

// TestHostLabelMatchesExpression compares hostLabel with the expression it replaces
// on every string of up to four characters over an alphabet of the
// accepted classes' edges and of characters just outside them (ASCII
// neighbours, a space, a multi-byte letter), and on strings around the
// length limit.
func TestHostLabelMatchesExpression(t *testing.T) {
	re := regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)
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
	for _, n := range []int{63 - 1, 63, 63 + 1} {
		for _, fill := range []string{"a", "-", "~"} {
			all = append(all, strings.Repeat(fill, n), "a"+strings.Repeat(fill, n-2)+"a", "a"+strings.Repeat(fill, n-1))
		}
	}
	for _, s := range all {
		if got, want := hostLabel(s), re.MatchString(s); got != want {
			t.Errorf("hostLabel(%q) = %v, the expression says %v", s, got, want)
		}
	}
}
