package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"testing"
	"testing/fstest"
	"time"
)

// gcPercent returns the current GOGC.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// heapGoal is the runtime's heap goal after a collection that left live
// bytes, at GOGC p: the runtime's minimum heap scales with GOGC too.
func heapGoal(live uint64, p int) float64 {
	return max(float64(live)*(1+float64(p)/100), 4<<20*float64(p)/100)
}

// TestFloorPercent checks the goal the GOGC gives is the floor, whether
// the live heap is tiny (start-up) or close to half the floor.
func TestFloorPercent(t *testing.T) {
	for _, f := range []int64{heapFloor, checkHeapFloor} {
		for _, live := range []uint64{1, 200 << 10, 1 << 20, 3 << 20, 4 << 20, 6 << 20, uint64(f)/2 - 1} {
			p := floorPercent(live, f)
			if g := heapGoal(live, p); g < float64(f)*0.95 || g > float64(f)*1.05 {
				t.Errorf("floor %d, live %d: GOGC %d gives a goal of %.0f bytes, want about %d", f, live, p, g, f)
			}
		}
	}
	if startPercent(heapFloor) != startGCPercent {
		t.Errorf("startPercent(heapFloor) = %d, want %d", startPercent(heapFloor), startGCPercent)
	}
}

// collectUntil runs collections until GOGC satisfies ok; the restoring
// cleanup runs on the runtime's cleanup goroutine soon after a cycle, and
// this waits for it, it does not time it.
func collectUntil(ok func(int) bool) bool {
	for range 200 {
		runtime.GC()
		if ok(gcPercent()) {
			return true
		}
		time.Sleep(5 * time.Millisecond)
	}
	return false
}

// TestDeferGC checks that a run starts with GOGC 450 (an 18 MB first heap
// goal), that while the live heap is small the heap goal stays at the
// floor, that once it is large the GOGC it replaced comes back, and that a
// GOGC or GOMEMLIMIT the user set is left alone.
func TestDeferGC(t *testing.T) {
	// A watch that an earlier test's run started would set GOGC after a
	// collection too: supersede it, and let a cleanup it has in flight end.
	gcEpoch.Add(1)
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
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

	// A live heap of a quarter of the floor, which the test binary's own
	// is well below: GOGC 300 then makes the goal the floor.
	small := make([]byte, heapFloor/4)
	deferGC(func(string) string { return "" })
	if p := gcPercent(); p != startGCPercent {
		t.Fatalf("GOGC at start is %d, want %d", p, startGCPercent)
	}
	if !collectUntil(func(p int) bool { return p != startGCPercent }) {
		t.Fatal("GOGC never changed after collections")
	}
	live := liveHeap()
	if p := gcPercent(); live >= heapFloor/2 || heapGoal(live, p) < heapFloor*0.9 || heapGoal(live, p) > heapFloor*1.1 {
		t.Fatalf("live heap %d bytes, GOGC %d: the goal %.0f is not the floor", live, p, heapGoal(live, p))
	}
	// A live heap past half the floor brings the user's GOGC back.
	ballast := make([]byte, heapFloor)
	if !collectUntil(func(p int) bool { return p == 77 }) {
		t.Fatalf("GOGC is still %d with a live heap of %d bytes, want 77 restored", gcPercent(), liveHeap())
	}
	runtime.KeepAlive(ballast)
	runtime.KeepAlive(small)
}

// TestRaiseHeapFloor checks that check's floor applies only while the
// floor watch is on, and then starts the run at the GOGC of that floor.
func TestRaiseHeapFloor(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	defer floor.Store(heapFloor)
	defer watching.Store(watching.Load())

	watching.Store(false) // the user set GOGC or GOMEMLIMIT
	raiseHeapFloor(checkHeapFloor)
	if p := gcPercent(); p != 100 || floor.Load() != heapFloor {
		t.Fatalf("without the watch: GOGC %d, floor %d; want them left alone", p, floor.Load())
	}
	watching.Store(true)
	raiseHeapFloor(checkHeapFloor)
	if p, f := gcPercent(), floor.Load(); p != startPercent(checkHeapFloor) || f != checkHeapFloor || p != 800 {
		t.Fatalf("with the watch: GOGC %d, floor %d; want 800 and %d", p, f, checkHeapFloor)
	}
}

// TestFewPages checks which trees prepareMemory takes for small: fewer
// than smallTree Markdown files, hidden directories aside, found within
// maxScan directories.
func TestFewPages(t *testing.T) {
	guides := func(n int, layout string) fstest.MapFS {
		m := fstest.MapFS{}
		for i := range n {
			m[fmt.Sprintf(layout, i)] = &fstest.MapFile{Data: []byte("# x\n")}
		}
		return m
	}
	deep := fstest.MapFS{"a/index.md": {}}
	for i := range maxScan {
		deep[fmt.Sprintf("d%02d/x.txt", i)] = &fstest.MapFile{}
	}
	hidden := guides(20, ".git/g%d/index.md")
	hidden["romm/index.md"] = &fstest.MapFile{}
	cases := []struct {
		name string
		fsys fstest.MapFS
		want bool
	}{
		{"empty", fstest.MapFS{}, true},
		{"one guide", guides(1, "g%d/index.md"), true},
		{"seven guides", guides(smallTree-1, "g%d/index.md"), true},
		{"eight guides", guides(smallTree, "g%d/index.md"), false},
		{"pages deep in a Hugo tree", guides(smallTree, "content/en/docs/p%d.md"), false},
		{"other files only", guides(100, "static/f%d.png"), true},
		{"more directories than it reads", deep, false},
		{"hidden directories aside", hidden, true},
	}
	for _, c := range cases {
		if got := fewPages(c.fsys); got != c.want {
			t.Errorf("%s: fewPages = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestRaiseGCPercent checks that a big tree's GOGC applies only while the
// floor watch is on (the user set neither GOGC nor GOMEMLIMIT), that it
// does not lower a higher GOGC the floor holds for now, and that the watch
// restores it rather than the GOGC the run started with.
func TestRaiseGCPercent(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	defer watching.Store(watching.Load())
	defer runPercent.Store(0)

	watching.Store(false)
	raiseGCPercent(bigTreePercent)
	if p := gcPercent(); p != 100 || runPercent.Load() != 0 {
		t.Fatalf("without the watch: GOGC %d, run percent %d; want both left alone", p, runPercent.Load())
	}
	watching.Store(true)
	raiseGCPercent(bigTreePercent)
	if p := gcPercent(); p != bigTreePercent {
		t.Fatalf("with the watch: GOGC %d, want %d", p, bigTreePercent)
	}
	debug.SetGCPercent(startPercent(heapFloor)) // the floor's, higher
	raiseGCPercent(bigTreePercent)
	if p := gcPercent(); p != startPercent(heapFloor) {
		t.Fatalf("GOGC %d under the floor, want the floor's %d kept", p, startPercent(heapFloor))
	}
	// The watch ends with a live heap past half the floor: the big
	// tree's GOGC, not the 100 the run started with.
	gcEpoch.Add(1)
	w := gcWatch{old: 100, epoch: gcEpoch.Load()}
	ballast := make([]byte, heapFloor)
	floorGC(w)
	if p := gcPercent(); p != bigTreePercent {
		t.Fatalf("after the watch: GOGC %d, want %d", p, bigTreePercent)
	}
	runtime.KeepAlive(ballast)
}
