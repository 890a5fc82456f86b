package hugeheap

import (
	"runtime/debug"
	"testing"
)

// TestSetGCPercentWhileOff checks that a GOGC set while Prepare has the
// collector off is kept, not applied, and applied when it is back on.
func TestSetGCPercentWhileOff(t *testing.T) {
	orig := debug.SetGCPercent(150)
	defer debug.SetGCPercent(orig)
	stopGC()
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Fatalf("stopGC left GOGC at %d, want off (-1)", got)
	}
	if old := SetGCPercent(300); old != 150 {
		t.Errorf("SetGCPercent while off returned %d, want the kept 150", old)
	}
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("SetGCPercent while off turned the collector on (GOGC %d)", got)
	}
	restartGC()
	if got := debug.SetGCPercent(200); got != 300 {
		t.Errorf("after restartGC GOGC is %d, want the 300 set while off", got)
	}
	if old := SetGCPercent(250); old != 200 {
		t.Errorf("SetGCPercent while on returned %d, want 200", old)
	}
	restartGC() // without stopGC: changes nothing
	if got := debug.SetGCPercent(orig); got != 250 {
		t.Errorf("a restartGC without stopGC changed GOGC to %d, want 250", got)
	}
}
