//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package early

import (
	"syscall"
	"unsafe"
)

// MadvHugepage and MadvCollapse are MADV_HUGEPAGE and MADV_COLLAPSE (Linux
// 6.1), which package syscall does not name.
const (
	MadvHugepage = 14
	MadvCollapse = 25
)

// HugePage is the size of a transparent huge page (Decide checks it), and
// ArenaBytes the runtime's heap arena size on 64-bit Linux: it reserves
// the heap in arenas aligned to it.
const (
	HugePage   = 2 << 20
	ArenaBytes = 64 << 20
)

// enabled is read once, at init: the settings decide for the whole process.
var enabled = Decide(readFile("/sys/kernel/mm/transparent_hugepage/enabled"),
	readFile("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size"),
	readFile("/proc/sys/vm/overcommit_memory"), getenv("GODEBUG"))

// pads hold the rest of the 2 MiB block the heap has reached (see init),
// for as long as the process runs. Nothing reads or writes them, so their
// pages are never touched and cost no memory, only heap address space
// (under 2 MiB), which the collector counts as live.
var pads [][]byte

// base is the heap arena of the first pad (Base).
var base uintptr

// padBytes is the size of each pad: a large object (over 32 KiB) gets
// pages of its own, from the lowest free ones.
const padBytes = 64 << 10

func init() {
	// A user who bounds the process's memory gets the heap as the runtime
	// makes it: hugeheap does nothing under a memory limit either.
	if !enabled || getenv("GOMEMLIMIT") != "" {
		return
	}
	// The block the heap has reached already has 4 KiB pages (the advice
	// does not change pages that exist), and the allocator would go on
	// filling it page by page. Reserving the rest of it with allocations
	// that are never touched sends the next ones to the next block, which
	// the advice makes one huge page at its first touch. (MADV_COLLAPSE
	// would turn the block into a huge page instead, but it waits for
	// every CPU to drain its page lists: 1 to 45 ms on a loaded machine.)
	// The pads go where the allocator puts them, so they are taken until
	// one lands past the block.
	pads = append(pads, make([]byte, padBytes))
	first := uintptr(unsafe.Pointer(unsafe.SliceData(pads[0])))
	base = first &^ (ArenaBytes - 1)
	if !Advise(first) {
		return
	}
	block := first &^ (HugePage - 1)
	for range HugePage / padBytes {
		p := make([]byte, padBytes)
		pads = append(pads, p)
		if a := uintptr(unsafe.Pointer(unsafe.SliceData(p))); a&^(HugePage-1) != block {
			// The runtime may have mapped more heap for this pad, a
			// mapping of its own that starts without the advice.
			Advise(a)
			break
		}
	}
}

// Padded reports whether init advised the heap and reserved the rest of
// its first block: the heap the initialisers used is then in 4 KiB pages
// that nothing will add to, and what came after is in huge pages.
func Padded() bool { return len(pads) > 1 }

// Advise applies MADV_HUGEPAGE to the heap arena that holds the heap
// address p: the runtime maps the heap inside it (from a random offset,
// Go 1.26), and the advice reaches the parts it has mapped. It reports
// whether the advice was taken.
func Advise(p uintptr) bool {
	arena := p &^ (ArenaBytes - 1)
	_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, arena, ArenaBytes, MadvHugepage)
	return errno == 0 || errno == syscall.ENOMEM
}

// readFile returns the start of a small system file, "" when it cannot be
// read.
func readFile(name string) string {
	fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return ""
	}
	defer syscall.Close(fd)
	var buf [128]byte
	n, err := syscall.Read(fd, buf[:])
	if err != nil || n <= 0 {
		return ""
	}
	return string(buf[:n])
}

func getenv(k string) string {
	v, _ := syscall.Getenv(k)
	return v
}
