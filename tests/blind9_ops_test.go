package tests

import "testing"

func TestBlind9Verdict(t *testing.T) {
	for _, c := range []struct {
		name, before, after string
		ok, defect          bool
	}{
		{"item indented more", "a:\n  - 'x'\n  - 'y'\n", "a:\n  - 'x'\n    - 'y'\n", true, true},
		{"all items less", "a:\n  - 'x'\n", "a:\n- 'x'\n", true, false},
	} {
		b, _ := b9YAML(c.before)
		a, ok := b9YAML(c.after)
		t.Logf("%s: %v %v %v", c.name, b, a, ok)
	}
}
