// Package gcwatch runs a function after the next garbage collection: the
// memory policies of a run (the heap floor in package cli, the huge-page
// advice in package hugeheap) look again at the heap after each cycle.
package gcwatch

import "runtime"

// AfterNext has f run once, on the runtime's cleanup goroutine, soon after
// the next collection. The sentinel it watches is unreachable at once, and
// the runtime runs its cleanup after the first cycle that frees it, which
// is the next cycle. To run after every collection, f calls AfterNext
// again.
func AfterNext(f func()) {
	runtime.AddCleanup(new(sentinel), func(f func()) { f() }, f)
}

// sentinel holds a pointer so that the runtime allocates it on its own
// (the tiny allocator batches pointer-free small objects, which would
// delay the cleanup).
type sentinel struct{ _ *int }
