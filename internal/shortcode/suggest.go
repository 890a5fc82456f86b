package shortcode

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hbollon/go-edlib"
)

// suggest returns a hint for an unknown name: the closest known names, or
// the list of known names when none is close. fix is set when exactly one
// name is close enough to replace the unknown one.
func suggest(name string, known []string) (hint, fix string) {
	type cand struct {
		name string
		dist int
	}
	var close []cand
	limit := max(1, len(name)/3)
	for _, k := range known {
		d := edlib.LevenshteinDistance(name, k)
		if d <= limit || strings.HasPrefix(k, name) || strings.HasPrefix(name, k) {
			close = append(close, cand{k, d})
		}
	}
	slices.SortStableFunc(close, func(a, b cand) int { return a.dist - b.dist })
	if len(close) > 3 {
		close = close[:3]
	}
	switch len(close) {
	case 0:
		if len(known) == 0 {
			return "add a template for it in shortcodes/", ""
		}
		return "known shortcodes: " + strings.Join(known, ", "), ""
	case 1:
		return fmt.Sprintf("did you mean %q?", close[0].name), close[0].name
	}
	names := make([]string, len(close))
	for i, c := range close {
		names[i] = fmt.Sprintf("%q", c.name)
	}
	return "did you mean " + strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1] + "?", ""
}
