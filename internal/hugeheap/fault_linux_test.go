//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package hugeheap

import (
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// BenchmarkFirstTouch measures what Prepare is about: the cost of touching
// fresh anonymous memory for the first time, one byte per 4 KiB page, in
// 4 KiB pages and, after MADV_HUGEPAGE, in 2 MiB ones (when the kernel has
// them). It reports the cost per 4 KiB page touched (docs/performance.md,
// "Page faults").
func BenchmarkFirstTouch(b *testing.B) {
	const size = 32 << 20
	for _, huge := range []bool{false, true} {
		name := "4KiB"
		if huge {
			name = "hugepage"
		}
		b.Run(name, func(b *testing.B) {
			var total time.Duration
			for b.Loop() {
				// Twice the size, so that an aligned 2 MiB range holds size.
				m, err := syscall.Mmap(-1, 0, 2*size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
				if err != nil {
					b.Fatal(err)
				}
				start := (uintptr(unsafe.Pointer(&m[0])) + 2<<20 - 1) &^ (2<<20 - 1)
				off := int(start - uintptr(unsafe.Pointer(&m[0])))
				if huge {
					if err := advise(start, size); err != nil {
						b.Fatal(err)
					}
				}
				t := time.Now()
				for i := off; i < off+size; i += 4096 {
					m[i] = 1
				}
				total += time.Since(t)
				if err := syscall.Munmap(m); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(total.Nanoseconds())/float64(b.N)/(size/4096), "ns/page")
		})
	}
}
