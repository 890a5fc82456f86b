//go:build !unix

package testenv

import "time"

// cpuTime falls back to the wall clock where the process's CPU time is not
// at hand.
func cpuTime() time.Duration { return wallTime() }
