package cli

import (
	"os"
	"runtime/debug"
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
