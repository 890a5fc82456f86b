//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package hugeheap

import (
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"syscall"
	"unsafe"

	"github.com/guidec/guidec/internal/gcwatch"
)

// madvHugepage and madvCollapse are MADV_HUGEPAGE and MADV_COLLAPSE (Linux
// 6.1), which package syscall does not name.
const (
	madvHugepage = 14
	madvCollapse = 25
)

// hugePage is the size of a transparent huge page (enabled checks it).
const hugePage = 2 << 20

// arenaBytes is the runtime's heap arena size on 64-bit Linux: the heap is
// reserved in arenas aligned to it, the first one at a random address.
const arenaBytes = 64 << 20

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
		if !enabled(readFile("/sys/kernel/mm/transparent_hugepage/enabled"),
			readFile("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size"),
			readFile("/proc/sys/vm/overcommit_memory"), os.Getenv("GODEBUG")) {
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
// go: the next collection frees it, and the allocator, which takes the
// lowest free pages first, fills it from the bottom. The memory is fresh
// from the kernel, so the allocation does not touch it.
//
// The heap below the region, which the runtime and the package
// initialisers have begun to use in 4 KiB pages, is collapsed into huge
// pages where the kernel can (MADV_COLLAPSE copies what is there): the
// allocator goes on filling it, and each 4 KiB page it would touch there
// would be a fault of its own (about 300 in a check of one guide).
// Unmapped stretches fail with EINVAL and older kernels do not know the
// advice: both only leave those pages as they were.
func prepare() bool {
	prev := debug.SetGCPercent(-1)
	region := make([]byte, Region)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(region)))
	b := p &^ (arenaBytes - 1)
	err := advise(b, p+Region-b)
	if err == nil {
		for a := b; a+hugePage <= p; a += hugePage {
			syscall.Syscall(syscall.SYS_MADVISE, a, hugePage, madvCollapse)
		}
	}
	runtime.KeepAlive(region)
	region = nil
	debug.SetGCPercent(prev)
	if err != nil {
		return false
	}
	readviseAfterEachGC(b)
	return true
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

// readFile returns the content of a small system file, or "" when it
// cannot be read (which disables huge pages).
func readFile(name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		return ""
	}
	return string(b)
}
