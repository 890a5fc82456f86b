// Package stackgrow grows a goroutine's stack once, up front.
//
// A goroutine starts with a small stack (8 KiB) that the runtime doubles,
// copying it each time, whenever a call needs more. guidec's pipeline
// (goldmark's recursive parser, YAML decoding, the JSON Schema compiler,
// templates) goes deep at once on every goroutine that renders or checks,
// so that each of them went through four or five copies; perf showed
// runtime.newstack and copystack at ~6 % of a one-guide check. Calling
// Grow first makes that a single growth while the stack is still almost
// empty, so the copy is of a few hundred bytes. The package's init does
// the same for the main goroutine, on which every package initialiser
// and then main run.
package stackgrow

// The main goroutine's stack comes from the heap: package early advises
// the heap for huge pages first, so that the stack grown here lies in one
// rather than in 32 pages faulted in one by one.
import _ "github.com/guidec/guidec/internal/hugeheap/early"

// frame is the size of the frame Grow's callee takes: the runtime then
// grows the stack to the next power of two above what is in use plus
// frame, 128 KiB from a fresh goroutine.
const frame = 96 << 10

// Grow grows the calling goroutine's stack to about 128 KiB in one step.
// The runtime may shrink it again at a garbage collection if the
// goroutine uses less than a quarter of it.
func Grow() { deep(0) }

//go:noinline
func deep(i int) byte {
	var buf [frame]byte
	buf[i] = 1
	return touch(buf[:])
}

// touch keeps buf alive, so that the compiler keeps deep's frame.
//
//go:noinline
func touch(b []byte) byte { return b[len(b)-1] }

// init grows the main goroutine's stack while the packages initialise:
// the initialisers run on it, before main, and several go deep (regular
// expressions compiled, tables built). Go initialises a package with no
// dependencies early, as soon as import-path order reaches it.
func init() { Grow() }
