package tests

import "testing"

// tally counts the defects of one kind (or one form) that a mutation
// battery injected and found.
type tally struct{ injected, found int }

// requireFloors fails t for every kind of kinds that was injected nowhere
// or found less often than its floor: floors[kind] when the battery lists
// the kind as a known gap, else the 97% issue 13 asks for.
func requireFloors(t *testing.T, kinds []string, per map[string]*tally, floors map[string]float64) {
	t.Helper()
	for _, k := range kinds {
		c := per[k]
		if c == nil {
			t.Errorf("kind %s was injected nowhere", k)
			continue
		}
		floor, ok := floors[k]
		if !ok {
			floor = 0.97
		}
		if float64(c.found) < floor*float64(c.injected) {
			t.Errorf("kind %s: found %d of %d, below its floor %.2f", k, c.found, c.injected, floor)
		}
	}
}
