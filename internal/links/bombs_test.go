package links

import (
	"fmt"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestCheckAnchorsLinear checks n links to missing anchors of a page with
// n ids, and requires the time to grow about linearly with n.
func TestCheckAnchorsLinear(t *testing.T) {
	testenv.Linear(t, 4000, func(n int) func() { // past maxSuggestWork
		ids := map[string]map[string]bool{"a": {}}
		var uses []Use
		for i := range n {
			ids["a"][fmt.Sprintf("section-number-%d", i)] = true
			uses = append(uses, Use{Dest: "#x", Target: Target{Kind: Anchor, Guide: "a", Fragment: fmt.Sprintf("section-numbr-%d", i)}})
		}
		return func() { CheckAnchors(uses, ids) }
	})
}

// TestSuggestionsWithinBudget checks that the budget leaves ordinary
// pages their hints, and that a hint is the same with or without the
// memo.
func TestSuggestionsWithinBudget(t *testing.T) {
	set := map[string]bool{"installation": true, "configuration": true, "see-also": true}
	s := newSuggester()
	for range 3 {
		if got := s.closest("a", "configuraton", set); got != "configuration" {
			t.Fatalf("closest = %q, want configuration", got)
		}
	}
	s.work = maxSuggestWork
	if got := s.closest("a", "instalation", set); got != "" {
		t.Errorf("closest past the budget = %q, want none", got)
	}
}
