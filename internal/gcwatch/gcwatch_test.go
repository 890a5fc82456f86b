package gcwatch

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// TestAfterNext checks that f runs after a collection, once, and that an f
// that re-arms runs after each of several collections.
func TestAfterNext(t *testing.T) {
	var once, every atomic.Int32
	AfterNext(func() { once.Add(1) })
	var rearm func()
	rearm = func() {
		if every.Add(1) < 3 {
			AfterNext(rearm)
		}
	}
	AfterNext(rearm)
	deadline := time.Now().Add(10 * time.Second)
	for every.Load() < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("after collections: once ran %d times, the re-arming function %d times, want it 3", once.Load(), every.Load())
		}
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	if n := once.Load(); n != 1 {
		t.Errorf("a function armed once ran %d times", n)
	}
}
