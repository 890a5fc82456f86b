//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package hugeheap

import (
	"runtime"
	"runtime/debug"
	"sync"
	"syscall"
	"unsafe"

	"github.com/guidec/guidec/internal/gcwatch"
	"github.com/guidec/guidec/internal/hugeheap/early"
)

// The advice and the sizes are early's (see there).
const (
	madvHugepage = early.MadvHugepage
	madvCollapse = early.MadvCollapse
	hugePage     = early.HugePage
	arenaBytes   = early.ArenaBytes
)

var (
	prepareOnce sync.Once
	prepared    bool
)

// Prepare maps Region bytes of heap and advises the heap for huge pages,
// then keeps advising what the heap grows into after each collection. It
// acts once per process and reports whether huge pages were asked for.
// Call it at the start of a run that will use the heap, not in one that
// only prints: it costs a collection of the (small) heap there is.
func Prepare() bool {
	prepareOnce.Do(func() {
		if !early.Enabled() {
			return
		}
		// A memory limit near the region would make the runtime collect,
		// in vain, while the region is live.
		if limit := debug.SetMemoryLimit(-1); limit < 2*Region {
			return
		}
		prepared = prepare()
	})
	return prepared
}

// prepare allocates the region with the collector off, so that no cycle
// runs while the region is live and sizes the next goal on it, advises
// the arena from its start to the end of the region, and lets the region
// go: a collection it starts in the background frees it, and the
// allocator, which takes the lowest free pages first, fills it from the
// bottom. The memory is fresh from the kernel, so the allocation does not
// touch it. The collector stays off until that collection ends
// (SetGCPercent).
//
// Package early has normally advised the heap below the region while the
// initialisers ran. Where it did not, that heap, which the runtime and the
// package initialisers have begun to use in 4 KiB pages, is collapsed into
// huge pages where the kernel can (MADV_COLLAPSE copies what is there):
// the allocator goes on filling it, and each 4 KiB page it would touch
// there would be a fault of its own (about 300 in a check of one guide).
// Unmapped stretches fail with EINVAL and older kernels do not know the
// advice: both only leave those pages as they were.
func prepare() bool {
	stopGC()
	region := make([]byte, Region)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(region)))
	b := heapBase(p, early.Base())
	err := advise(b, p+Region-b)
	if err == nil && !early.Padded() {
		for a := b; a+hugePage <= p; a += hugePage {
			syscall.Syscall(syscall.SYS_MADVISE, a, hugePage, madvCollapse)
		}
	}
	runtime.KeepAlive(region)
	region = nil
	if err != nil {
		restartGC()
		return false
	}
	readviseAfterEachGC(b)
	// The collection that frees the region runs with the collector off,
	// in the background: on a heap this far past its goal, a collection
	// the next allocation started would have that allocation's goroutine
	// (the run's main one) do most of the marking as assists. A user who
	// turned the collector off (GOGC=off) gets no collection: the region
	// then stays, as address space that nothing touches.
	go func() {
		if keptPercent() >= 0 {
			runtime.GC()
		}
		restartGC()
	}()
	return true
}

// heapBase returns where advising the heap starts: the arena of the region
// at p or, when lower, the arena early found the heap in (eb, 0 if none).
// The runtime puts a region that no longer fits in the first arena into
// the next one, and goes on filling the first arena's top with small
// objects, in mappings made after early's advice; advising from the
// region's arena alone would leave them in 4 KiB pages for good.
func heapBase(p, eb uintptr) uintptr {
	b := p &^ (arenaBytes - 1)
	if eb != 0 && eb < b {
		return eb
	}
	return b
}

// readviseAfterEachGC has readvise(base) run after the next collection,
// and after every one that follows.
func readviseAfterEachGC(base uintptr) {
	gcwatch.AfterNext(func() {
		readvise(base)
		readviseAfterEachGC(base)
	})
}

// readvise advises the heap mapped since the last call, Window bytes from
// base, the start of the first arena: the heap region the runtime mapped in
// 4 MiB steps since then gets huge pages where the heap has not touched it
// yet. Addresses in the window that are not mapped are skipped (the kernel
// reports them with ENOMEM, which is expected here).
func readvise(base uintptr) {
	_ = advise(base, Window)
}

// advise applies MADV_HUGEPAGE to [addr, addr+n); ENOMEM only says that
// part of the range is not mapped, the mapped rest is advised.
func advise(addr, n uintptr) error {
	_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, addr, n, madvHugepage)
	if errno != 0 && errno != syscall.ENOMEM {
		return errno
	}
	return nil
}
