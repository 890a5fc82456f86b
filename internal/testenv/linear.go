package testenv

import (
	"runtime"
	"testing"
	"time"
)

// Bounds of Linear. A linear stage takes about 4 times as long on an input
// 4 times as large, an n log n one a little more and a quadratic one 16
// times: maxLinearRatio lies between, generous on purpose, so that a loaded
// machine does not fail the test but a quadratic mistake still does.
const (
	maxLinearRatio = 10
	minLinearRun   = 20 * time.Millisecond // the smaller input runs at least this long
	maxLinearGrow  = 1024                  // the smaller input grows at most this many times
)

// Linear checks that the work of a stage grows about linearly with its
// input. prepare(n) builds an input of size n (a count of repetitions, of
// headings, of keys…) and returns the work to time on it; building is not
// timed. Linear grows n (doubling, at most 1024 times) until the work takes
// at least 20 ms, so that timer and scheduler noise stay small, times it at
// that size and at 4 times that size (the fastest of three runs each, in
// CPU time where available), and fails t when the larger took more than
// 10 times as long.
//
// A linear stage whose working set outgrows the processor's caches can
// come close to that, and one whose larger run met a collection of a heap
// it grew, or a busy machine, can pass it (a ratio of 16 was seen once for
// a linear stage under CI); a quadratic one drifts towards 16 as n grows.
// So any ratio above 10 is measured again one step up, at 4n and 16n, and
// the test fails only if that ratio is above 10 too.
//
// It bounds a ratio, never a duration: it fails on a super-linear stage
// on a fast machine and passes on a linear one on a slow machine.
func Linear(t testing.TB, n int, prepare func(n int) func()) {
	t.Helper()
	for grown := 1; grown < maxLinearGrow && timed(prepare(n)) < minLinearRun; grown *= 2 {
		n *= 2
	}
	small := fastest(prepare(n))
	for step := 0; ; step++ {
		large := fastest(prepare(4 * n))
		ratio := float64(large) / float64(max(small, time.Microsecond))
		t.Logf("n=%d: %v; n=%d: %v; ratio %.1f (linear ≈ 4, quadratic ≈ 16)", n, small, 4*n, large, ratio)
		if ratio <= maxLinearRatio {
			return
		}
		if step == 1 {
			t.Errorf("4 times the input took %.1f times as long (n=%d: %v, n=%d: %v): the work grows faster than linearly",
				ratio, n, small, 4*n, large)
			return
		}
		n, small = 4*n, large
	}
}

// fastest returns the shortest of three runs of f, each after a garbage
// collection, so that one run does not pay for another's garbage. A run is
// timed by the CPU time of the process where the system reports it
// (cpuTime), which other processes of a loaded machine do not inflate as
// they inflate the wall time.
func fastest(f func()) time.Duration {
	best := timed(f)
	for range 2 {
		best = min(best, timed(f))
	}
	return best
}

// timed runs f once after a garbage collection and returns its duration.
func timed(f func()) time.Duration {
	runtime.GC()
	start := cpuTime()
	f()
	return cpuTime() - start
}

// epoch is the origin of wallTime.
var epoch = time.Now()

// wallTime returns the wall time since the process started, for cpuTime
// where the CPU time is not at hand.
func wallTime() time.Duration { return time.Since(epoch) }
