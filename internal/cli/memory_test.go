package cli

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcPercent returns the current GOGC.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestDeferGC checks that a run starts with GOGC 400 (a 16 MB first heap
// goal), that the first collection restores the GOGC it replaced, and
// that a GOGC or GOMEMLIMIT the user set is left alone.
func TestDeferGC(t *testing.T) {
	orig := debug.SetGCPercent(77)
	defer debug.SetGCPercent(orig)

	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		deferGC(func(k string) string {
			if k == env {
				return "off"
			}
			return ""
		})
		if p := gcPercent(); p != 77 {
			t.Fatalf("with %s set, GOGC became %d, want 77 kept", env, p)
		}
	}

	deferGC(func(string) string { return "" })
	if p := gcPercent(); p != startGCPercent {
		t.Fatalf("GOGC at start is %d, want %d", p, startGCPercent)
	}
	// The restoring cleanup runs on the runtime's cleanup goroutine soon
	// after the cycle; this waits for it, it does not time it.
	for range 200 {
		runtime.GC()
		if gcPercent() == 77 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("GOGC is still %d after collections, want 77 restored", gcPercent())
}
