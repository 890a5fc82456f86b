package early

import "testing"

func TestDecide(t *testing.T) {
	const (
		madvise = "always [madvise] never\n"
		pmd     = "2097152\n"
	)
	for _, c := range []struct {
		name                         string
		thp, pmd, overcommit, godebg string
		want                         bool
	}{
		{"madvise", madvise, pmd, "0\n", "", true},
		{"madvise, heuristic overcommit off", madvise, pmd, "1\n", "", true},
		{"always: the heap has them already", "[always] madvise never\n", pmd, "0\n", "", false},
		{"never", "always madvise [never]\n", pmd, "0\n", "", false},
		{"no THP support", "", pmd, "0\n", "", false},
		{"512 MiB huge pages (arm64, 64 KiB pages)", madvise, "536870912\n", "0\n", "", false},
		{"strict overcommit", madvise, pmd, "2\n", "", false},
		{"GODEBUG disablethp", madvise, pmd, "0\n", "disablethp=1", false},
		{"GODEBUG disablethp among others", madvise, pmd, "0\n", "gctrace=1, disablethp=1", false},
		{"GODEBUG disablethp=0", madvise, pmd, "0\n", "disablethp=0", true},
		{"GODEBUG other", madvise, pmd, "0\n", "madvdontneed=1", true},
	} {
		if got := Decide(c.thp, c.pmd, c.overcommit, c.godebg); got != c.want {
			t.Errorf("%s: Decide = %v, want %v", c.name, got, c.want)
		}
	}
}
