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

// Region is the heap Prepare maps and advises: what a check of the corpus
// or a build of Authelia's docs tree uses, the runtime's 4 MiB steps cover
// the rest. It is address space, not memory: a page becomes resident only
// when the heap uses it, as without Prepare.
const Region = 64 << 20

// Window is how far above the heap's first arena readvise advises: the
// runtime grows the heap upwards from there, arena by arena (64 MiB each).
const Window = 1 << 30
