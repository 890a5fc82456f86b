package diag

import (
	"slices"
	"testing"
)

func TestShown(t *testing.T) {
	l := List{{Code: "a", Severity: Error}, {Code: "b", Severity: Info}, {Code: "c", Severity: Warning}}
	codes := func(l List) []string {
		var out []string
		for _, d := range l {
			out = append(out, d.Code)
		}
		return out
	}
	if got := codes(l.Shown(false)); !slices.Equal(got, []string{"a", "c"}) {
		t.Errorf("Shown(false) = %v", got)
	}
	if got := codes(l.Shown(true)); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("Shown(true) = %v", got)
	}
}
