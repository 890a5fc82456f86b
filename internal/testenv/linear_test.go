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
			r := &recorder{TB: t}
			Linear(r, 1000, func(n int) func() { return func() { tt.work(n) } })
			t.Log(r.logs)
			if failed := len(r.errs) > 0; failed != tt.fail {
				t.Errorf("Linear failed = %v, want %v; log %q, errors %q", failed, tt.fail, r.logs, r.errs)
			}
		})
	}
}
