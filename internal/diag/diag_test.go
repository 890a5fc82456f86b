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

func TestSummary(t *testing.T) {
	for _, tt := range []struct {
		l    List
		want string
	}{
		{nil, "0 errors, 0 warnings"},
		{List{{Severity: Error}, {Severity: Warning}, {Severity: Info}}, "1 error, 1 warning"},
		{List{{Severity: Error}, {Severity: Error}, {Severity: Warning}, {Severity: Warning}}, "2 errors, 2 warnings"},
	} {
		if got := tt.l.Summary(); got != tt.want {
			t.Errorf("Summary() = %q, want %q", got, tt.want)
		}
	}
}
