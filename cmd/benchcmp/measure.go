package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

// sample is one run of a command, as its parent sees it.
type sample struct {
	wall time.Duration
	cpu  time.Duration // user + system, from the child's rusage
	rss  int64         // peak resident set size in bytes (rusage ru_maxrss)
}

// command is one program run the same way every time.
type command struct {
	label string // "guidec build", "hugo"
	hugo  bool   // the Hugo side of a comparison
	path  string
	args  []string
	dir   string
	env   []string
	// okExit reports whether an exit status is a run that did its work:
	// guidec exits 1 when it finds problems, which the corpus has.
	okExit func(code int) bool
	// samples are the timed runs.
	samples []sample
}

// run runs c once and returns what it cost. A run that fails (an exit
// status okExit refuses, a signal) is an error carrying its output.
func (c *command) run() (sample, error) {
	cmd := exec.Command(c.path, c.args...)
	cmd.Dir = c.dir
	cmd.Env = c.env
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.Exited() && c.okExit != nil && c.okExit(ee.ExitCode())) {
		return sample{}, fmt.Errorf("%s %s: %v\n%s", c.path, strings.Join(c.args, " "), err, clip(out.String(), 4000))
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return sample{}, errors.New("no rusage for the child process")
	}
	return sample{
		wall: wall,
		cpu:  time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		rss:  ru.Maxrss * 1024, // KiB on Linux
	}, nil
}

// alternate runs every command once untimed (which fills caches and lays
// down the output that the timed runs rebuild over, as a writer's
// rebuilds do), then n rounds in which each command runs once. Each round
// starts with the next command, so that no command always follows the
// same one: under a load that drifts, all see the same machine.
func alternate(cmds []*command, n int, progress func(string)) error {
	for _, c := range cmds {
		progress(fmt.Sprintf("  warm-up: %s", c.label))
		if _, err := c.run(); err != nil {
			return err
		}
	}
	for r := range n {
		var line []string
		for i := range cmds {
			c := cmds[(r+i)%len(cmds)]
			s, err := c.run()
			if err != nil {
				return err
			}
			c.samples = append(c.samples, s)
			line = append(line, fmt.Sprintf("%s %s", c.label, fmtDur(s.wall)))
		}
		progress(fmt.Sprintf("  run %d/%d: %s (load %s)", r+1, n, strings.Join(line, ", "), loadAvg1()))
	}
	return nil
}

// stats are the medians of a command's samples and the range of its wall
// times.
type stats struct {
	n                int
	wall, cpu        time.Duration
	minWall, maxWall time.Duration
	rss              int64
}

func summarise(ss []sample) stats {
	if len(ss) == 0 {
		return stats{}
	}
	walls := make([]time.Duration, len(ss))
	cpus := make([]time.Duration, len(ss))
	rss := make([]int64, len(ss))
	for i, s := range ss {
		walls[i], cpus[i], rss[i] = s.wall, s.cpu, s.rss
	}
	return stats{
		n:       len(ss),
		wall:    median(walls),
		cpu:     median(cpus),
		rss:     median(rss),
		minWall: slices.Min(walls),
		maxWall: slices.Max(walls),
	}
}

// median returns the middle value (the mean of the two middle ones for an
// even count).
func median[T ~int64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// loadAvg returns the 1, 5 and 15 minute load averages.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

// loadAvg1 returns the 1 minute load average.
func loadAvg1() string {
	f := strings.Fields(loadAvg())
	if len(f) == 0 {
		return "unknown"
	}
	return f[0]
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "\n…"
}
