//go:build !linux || !(amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package early

// enabled is false here: huge pages are asked for only on 64-bit Linux.
var enabled = false

// base stays 0 here (Base): init never looks for the heap.
var base uintptr
