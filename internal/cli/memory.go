package cli

import (
	"io/fs"
	"os"
	"path"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/guidec/guidec/internal/gcwatch"
	"github.com/guidec/guidec/internal/hugeheap"
)

// Soft memory limit for one build or check: a fixed part for the program,
// its templates and the pages in flight, and a part per guide for what the
// run keeps of each until the end (the index data, diagnostics and their
// source). Measured at 7,304 guides: about 14 KiB of live heap per guide.
const (
	memoryBase     = 128 << 20
	memoryPerGuide = 16 << 10
)

// prepareMemory readies the runtime for a build or check of the tree src:
// it asks for huge pages for the heap (package hugeheap), which a run over
// a site uses enough of to pay back. Call it before the source tree is
// read: the collection that frees hugeheap's region then runs beside that
// work. A tree of a few pages is left to the heap as it is: the region's
// collection and the huge pages its few allocations would touch cost it
// more than the faults they save (a check of one guide: 28.0–28.9 ms
// against 29.5–30.7 ms, alternating runs).
func prepareMemory(src fs.FS) {
	if !fewPages(src) {
		hugeheap.Prepare()
	}
}

// Past smallTree Markdown files, or past maxScan directories, a tree is
// not small: the region pays back from about ten guides on (a check of
// three guides: 30.8 ms with it, 27.1 ms without; of ten: 32.2 against
// 33.6 ms).
const (
	smallTree = 8
	maxScan   = 64
)

// fewPages reports whether the tree src holds fewer than smallTree
// Markdown files (hidden directories aside), reading at most maxScan of
// its directories. The listings it reads are the run's own (src is the
// run's memofs), so the run reads none of them again. A directory that
// cannot be read counts as empty: the run reports it.
func fewPages(src fs.FS) bool {
	files, dirs := 0, 0
	var scan func(dir string) bool
	scan = func(dir string) bool {
		if dirs++; dirs > maxScan {
			return false
		}
		entries, _ := fs.ReadDir(src, dir)
		for _, e := range entries {
			name := e.Name()
			switch {
			case e.IsDir():
				if !strings.HasPrefix(name, ".") && !scan(path.Join(dir, name)) {
					return false
				}
			case strings.HasSuffix(name, ".md"):
				if files++; files >= smallTree {
					return false
				}
			}
		}
		return true
	}
	return scan(".")
}

// A build or check reads the listings of its source tree's first levels
// (a folder of guides and the guides' own folders; a project's top
// directories) on a few goroutines before it walks the tree, which then
// finds them read: the walk that decides what the tree is reads one
// directory after another, each waiting on its system calls (about 1.5 ms
// for the 88-guide corpus on the machines guidec is measured on).
const (
	prefetchDepth   = 2
	prefetchWorkers = 4
)

// limitMemory sets the Go runtime's soft memory limit for a run over the
// given number of pages, unless the user set GOMEMLIMIT. With the default
// GOGC alone the heap grows to twice its live size and beyond while the
// collector runs, which at thousands of guides put peak RSS well above what
// the run keeps; the limit makes the collector run earlier instead. It
// grows with the number of pages so that a larger site never makes the
// collector run continuously, and it is far above what small sites use,
// which it does not affect.
func limitMemory(pages int) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return
	}
	debug.SetMemoryLimit(memoryBase + int64(pages)*memoryPerGuide)
	if pages >= bigTree {
		raiseGCPercent(bigTreePercent)
	}
}

// A run over bigTree pages or more collects at bigTreePercent rather than
// the runtime's 100, unless the user set GOGC: the live heap of such a
// run grows with its pages (about 14 KiB each, kept to the end), and
// doubling it before each collection made the collector mark it again
// and again, 10–12 % of a ×10 corpus build's CPU (perf). The soft memory
// limit above still bounds the heap, and peak RSS stays far below Hugo's
// at that size (docs/performance.md); a small tree, whose peak RSS is
// bound tighter, keeps the heap floor's settings.
const (
	bigTree        = 256
	bigTreePercent = 200
)

// runPercent is the GOGC the floor watch restores when it ends, where
// raiseGCPercent set one; 0 for the one the run started with.
var runPercent atomic.Int64

// raiseGCPercent makes p the run's GOGC while deferFirstGC's watch is on
// (the user set neither GOGC nor GOMEMLIMIT): at once when the collector
// runs at a lower one, and when the watch ends if it holds the heap at
// the floor until then.
func raiseGCPercent(p int) {
	if !watching.Load() {
		return
	}
	runPercent.Store(int64(p))
	if old := hugeheap.SetGCPercent(p); old > p {
		hugeheap.SetGCPercent(old) // the floor's, for now
	}
}

// heapFloor is the smallest heap goal of a run, in place of the runtime's
// 4 MB: a check of one guide then never collects, and one of a few dozen
// guides (whose live heap stays at 4–6 MB) collects a couple of times
// instead of ten, each cycle costing a few milliseconds of CPU on two
// cores to scan a heap that was mostly still in use. Once the live heap
// passes half the floor, GOGC is the user's again, so large sites use the
// memory they did.
//
// The build's floor is 18 MB rather than 16: a build of the 88-guide
// corpus then collects once or twice after the region's collection (its
// live heap is 6–9 MB while two pages are in flight), for a peak RSS of
// 40 MiB against Hugo's 86. 20 MB saved no time (61 against 61 ms, 21
// alternating runs) for 0.7 MiB more, near the 0.5× Hugo's bound of
// issue 15 (docs/performance.md).
//
// check, whose peak memory no one bounds as tightly as a build's (issue
// 15 compares a build's with Hugo's), raises it to checkHeapFloor: a
// check of the corpus then collects once instead of three times, about
// 15 % of its CPU (docs/performance.md).
const (
	heapFloor      = 18 << 20
	checkHeapFloor = 32 << 20
)

// floor is the heap floor of the run: heapFloor, or what raiseHeapFloor
// set. The collector's cleanup goroutine reads it.
var floor atomic.Int64

func init() { floor.Store(heapFloor) }

// startGCPercent is the GOGC a run starts with: the runtime's first heap
// goal is 4 MB × GOGC/100, so 450 makes it heapFloor.
const startGCPercent = 450

// startPercent is the GOGC whose first heap goal is floor f.
func startPercent(f int64) int { return int(f * 100 / (4 << 20)) }

// raiseHeapFloor raises the run's heap floor to f while deferFirstGC's
// watch is on (the user set neither GOGC nor GOMEMLIMIT): call it before
// prepareMemory, whose collection sets the GOGC of the next goal.
func raiseHeapFloor(f int64) {
	if !watching.Load() {
		return
	}
	floor.Store(f)
	hugeheap.SetGCPercent(startPercent(f))
}

// watching is set once deferGC has started its watch.
var watching atomic.Bool

// deferFirstGC raises the heap goal to heapFloor while the live heap is
// below half of it, unless the user set GOGC or GOMEMLIMIT, whose choice
// stands. It acts once per process.
var deferFirstGC = sync.OnceFunc(func() { deferGC(os.Getenv) })

func deferGC(getenv func(string) string) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return
	}
	old := hugeheap.SetGCPercent(startPercent(floor.Load()))
	afterNextGC(gcWatch{old: old, epoch: gcEpoch.Add(1)})
	watching.Store(true)
}

// gcWatch is what floorGC needs: the GOGC to restore, and the epoch of
// the deferGC call that started the watch (a later call supersedes it;
// only tests call deferGC more than once).
type gcWatch struct {
	old   int
	epoch int64
}

var gcEpoch atomic.Int64

// afterNextGC has floorGC run after the next collection.
func afterNextGC(w gcWatch) {
	gcwatch.AfterNext(func() { floorGC(w) })
}

// floorGC sets the GOGC that makes the next heap goal the run's floor when
// the live heap is below half of it, and watches the next cycle;
// otherwise it restores the GOGC the run started with, for good.
func floorGC(w gcWatch) {
	if gcEpoch.Load() != w.epoch {
		return
	}
	f := floor.Load()
	live := liveHeap()
	if live == 0 || live >= uint64(f)/2 {
		old := w.old
		if p := int(runPercent.Load()); p > old {
			old = p
		}
		hugeheap.SetGCPercent(old)
		return
	}
	hugeheap.SetGCPercent(floorPercent(live, f))
	afterNextGC(w)
}

// floorPercent is the GOGC that makes the next heap goal floor f after a
// collection that left live bytes: the goal is the larger of live ×
// (1 + GOGC/100) and the runtime's minimum, 4 MB × GOGC/100, so a small
// live heap (one just past a collection at start-up, when almost nothing
// is live yet) must not raise GOGC past startPercent(f), or the minimum
// alone would put the goal far above the floor.
func floorPercent(live uint64, f int64) int {
	p := int(uint64(f)*100/live) - 100
	return min(p, startPercent(f))
}

// liveHeap returns the bytes the last collection found live (marked).
// floorGC runs from a cleanup, which the runtime runs once the sentinel's
// span is swept: often just before the next collection, with the heap
// grown again. The heap in use then (MemStats.HeapAlloc, which floorGC
// read before) was up to 19 MB after collections that had left 1–7 MB:
// the watch took the floor for reached and gave the run the user's GOGC,
// or a GOGC of too low a goal, and a build of the corpus collected four
// times where two would do, in about half of the runs. (Package
// runtime/metrics costs a run 0.06 ms to initialise and 0.02 ms at its
// first read, measured with go1.26.)
func liveHeap() uint64 {
	s := [1]metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s[:])
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0 // a runtime without the metric: the watch ends
	}
	return s[0].Value.Uint64()
}
