package cli

import (
	"os"
	"runtime"
	"runtime/debug"
	"sync"
)

// Soft memory limit for one build or check: a fixed part for the program,
// its templates and the pages in flight, and a part per guide for what the
// run keeps of each until the end (the index data, diagnostics and their
// source). Measured at 7,304 guides: about 14 KiB of live heap per guide.
const (
	memoryBase     = 128 << 20
	memoryPerGuide = 16 << 10
)

// limitMemory sets the Go runtime's soft memory limit for a run over the
// guides of dir, unless the user set GOMEMLIMIT. With the default GOGC
// alone the heap grows to twice its live size and beyond while the
// collector runs, which at thousands of guides put peak RSS well above what
// the run keeps; the limit makes the collector run earlier instead. It
// grows with the number of guides so that a larger site never makes the
// collector run continuously, and it is far above what small sites use,
// which it does not affect.
func limitMemory(dir string) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return // the build reports it
	}
	debug.SetMemoryLimit(memoryBase + int64(len(entries))*memoryPerGuide)
}

// startGCPercent is the GOGC a run starts with: the runtime's first heap
// goal is 4 MB × GOGC/100, so 400 makes it 16 MB. A check of one guide or
// of a few dozen then collects once or never, instead of at 4 MB while the
// templates, the schemas and the first pages are still being set up
// (each early cycle cost a few milliseconds of CPU on two cores, and
// scanned little that was garbage).
const startGCPercent = 400

// deferFirstGC raises the first heap goal to 16 MB and restores the
// previous GOGC after the first collection, unless the user set GOGC or
// GOMEMLIMIT, whose choice stands. It acts once per process.
var deferFirstGC = sync.OnceFunc(func() { deferGC(os.Getenv) })

func deferGC(getenv func(string) string) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return
	}
	old := debug.SetGCPercent(startGCPercent)
	// The sentinel is unreachable at once; the runtime runs its cleanup
	// after the first cycle that frees it, which is the first cycle.
	sentinel := new(gcSentinel)
	runtime.AddCleanup(sentinel, func(old int) { debug.SetGCPercent(old) }, old)
}

// gcSentinel holds a pointer so that the runtime allocates it on its own
// (the tiny allocator batches pointer-free small objects, which would
// delay the cleanup).
type gcSentinel struct{ _ *int }
