package testenv

import "testing"

// sink keeps the compiler from removing the work of TestLinear.
var sink int

// spin does about n steps of work.
func spin(n int) {
	for i := range n {
		sink += i & 7
	}
}

// TestLinear makes sure Linear passes linear work and fails quadratic work,
// so that a passing linearity test means something.
func TestLinear(t *testing.T) {
	tests := []struct {
		name string
		work func(n int)
		fail bool
	}{
		{"linear", func(n int) { spin(100 * n) }, false},
		{"quadratic", func(n int) { spin(n * n / 16) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Timing on a shared machine is noisy: the verdict must come
			// out right in one of three attempts (a Linear that could not
			// tell the two apart would fail all three).
			var r *recorder
			for attempt := 0; attempt < 3; attempt++ {
				r = &recorder{TB: t}
				Linear(r, 1000, func(n int) func() { return func() { tt.work(n) } })
				t.Log(r.logs)
				if failed := len(r.errs) > 0; failed == tt.fail {
					return
				}
			}
			t.Errorf("Linear failed = %v three times, want %v; log %q, errors %q", !tt.fail, tt.fail, r.logs, r.errs)
		})
	}
}
