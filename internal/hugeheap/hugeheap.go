// Package hugeheap asks Linux to back guidec's heap with transparent huge
// pages.
//
// Every 4 KiB page a process touches for the first time costs a page
// fault; on the virtual machines guidec is measured on, one costs 16–25 µs
// (docs/performance.md, "Page faults"), so that a check of the 88-guide
// corpus spent more time faulting in its 22 MB of heap than parsing it.
// One 2 MiB huge page takes the place of 512 such faults. Since Go 1.21.1
// the runtime no longer asks for huge pages itself, and most distributions
// set transparent huge pages to "madvise": only memory that was advised
// with MADV_HUGEPAGE gets them. Prepare gives the runtime a heap region
// up front and advises it, before the pipeline touches it; the runtime
// maps further heap only in 4 MiB steps, which readvise covers after each
// collection. The heap the package initialisers use, before main, is
// package early's.
//
// It does nothing where it cannot help or could hurt (early.Decide): on
// other systems, when huge pages are "always" (the heap has them already)
// or "never", when a huge page is not 2 MiB (arm64 with 64 KiB pages has
// 512 MiB ones, which would multiply the resident size), when the kernel
// refuses to overcommit (the region counts against the commit limit until
// the runtime releases it), and when the user turned huge pages off for
// Go with GODEBUG=disablethp=1.
package hugeheap

import (
	"runtime/debug"
	"sync"
)

// Region is the heap Prepare maps and advises: what a check of the corpus
// or a build of Authelia's docs tree uses, the runtime's 4 MiB steps cover
// the rest. It is address space, not memory: a page becomes resident only
// when the heap uses it, as without Prepare.
const Region = 64 << 20

// Window is how far above the heap's first arena readvise advises: the
// runtime grows the heap upwards from there, arena by arena (64 MiB each).
const Window = 1 << 30

// gc holds the collector's setting while Prepare has it off (stopGC): the
// GOGC to restore when its collection ends, which SetGCPercent changes
// meanwhile.
var gc struct {
	sync.Mutex
	off     bool
	percent int
}

// SetGCPercent is debug.SetGCPercent for a program that calls Prepare:
// while Prepare's collection runs in the background with the collector
// off, the setting is kept and applied when that collection ends, and the
// one kept is returned. Changing GOGC with debug.SetGCPercent meanwhile
// would turn the collector back on too early, or be undone when the
// collection ends.
func SetGCPercent(percent int) int {
	gc.Lock()
	defer gc.Unlock()
	if gc.off {
		old := gc.percent
		gc.percent = percent
		return old
	}
	return debug.SetGCPercent(percent)
}

// stopGC turns the collector off until restartGC, keeping its setting.
func stopGC() {
	gc.Lock()
	defer gc.Unlock()
	if !gc.off {
		gc.percent = debug.SetGCPercent(-1)
		gc.off = true
	}
}

// keptPercent returns the GOGC stopGC kept, with SetGCPercent's changes:
// what restartGC will restore. Call it while the collector is off.
func keptPercent() int {
	gc.Lock()
	defer gc.Unlock()
	return gc.percent
}

// restartGC restores the setting stopGC kept, with any change
// SetGCPercent made to it since.
func restartGC() {
	gc.Lock()
	defer gc.Unlock()
	if gc.off {
		debug.SetGCPercent(gc.percent)
		gc.off = false
	}
}
