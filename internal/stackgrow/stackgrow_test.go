package stackgrow

import (
	"runtime"
	"testing"
)

// stackInUse returns the bytes of goroutine stacks the runtime holds.
func stackInUse() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.StackInuse
}

// TestGrow checks that Grow gives a fresh goroutine a stack of at least
// frame bytes: the stack memory in use grows by that much while the
// goroutine lives.
func TestGrow(t *testing.T) {
	before := stackInUse()
	grown, done := make(chan uint64), make(chan struct{})
	go func() {
		Grow()
		grown <- stackInUse()
		<-done
	}()
	after := <-grown
	close(done)
	if after < before+frame {
		t.Fatalf("stack in use went from %d to %d bytes, want at least %d more", before, after, frame)
	}
}
