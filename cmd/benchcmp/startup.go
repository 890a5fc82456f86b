package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// startupTarget is issue 15's target for the fixed cost of a run: guidec
// check of one guide.
const startupTarget = 15 * time.Millisecond

// startupRows measures what a run costs before and around its one guide:
// `guidec check` and `guidec build` of a tree holding only b.startupGuide
// (issue 15: check ≤ 15 ms), and `guidec version`, the floor every command
// pays (the process, the Go runtime and the initialisation of every
// linked package). Many short runs alternate, since each is a few
// milliseconds and the machine's noise is of the same order.
func (b *bench) startupRows() error {
	guide := b.startupGuide
	if !filepath.IsAbs(guide) {
		guide = filepath.Join(b.repo, guide)
	}
	name := filepath.Base(guide)
	src := filepath.Join(b.work, "trees", "one-guide")
	if err := copyGuide(guide, filepath.Join(src, name)); err != nil {
		return fmt.Errorf("startup: %w", err)
	}
	out := filepath.Join(b.work, "out", "one-guide-guidec")
	check := b.guidecCmd("guidec check", "one-guide", "check", "--source", src)
	build := b.guidecCmd("guidec build", "one-guide", "build", "--source", src, "--out", out, "--keep-going")
	version := b.guidecCmd("guidec version", "one-guide", "version")
	tree := fmt.Sprintf("one guide (%s)", name)
	b.progress(fmt.Sprintf("benchcmp: %s, %d alternating runs", tree, b.nStartup))
	load := loadAvg1()
	if err := alternate([]*command{check, build, version}, b.nStartup, b.progress); err != nil {
		return err
	}
	b.lines = append(b.lines,
		line{tree: tree, pages: "1", command: "guidec check", st: summarise(check.samples), target: target{wall: startupTarget}, load: load},
		line{command: "guidec build --keep-going", st: summarise(build.samples)},
		line{command: "guidec version (process floor)", st: summarise(version.samples)},
	)
	if n, total, err := initTrace(b.guidecBin, 5); err == nil {
		b.notes = append(b.notes, fmt.Sprintf("Package initialisation before main (GODEBUG=inittrace=1, guidec version, median of 5): %d packages, %s of clock in total.", n, fmtDur(total)))
	}
	return nil
}

// copyGuide copies the regular files of the guide directory from into
// the new directory to (a guide's index.md and the files beside it).
func copyGuide(from, to string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	if _, err := os.Stat(filepath.Join(to, "index.md")); err != nil {
		return fmt.Errorf("%s holds no index.md", from)
	}
	return nil
}

// initTrace runs `bin version` n times with GODEBUG=inittrace=1 and
// returns the number of packages initialised and the median over the runs
// of their summed clock time.
func initTrace(bin string, n int) (int, time.Duration, error) {
	var totals []time.Duration
	pkgs := 0
	for range n {
		cmd := exec.Command(bin, "version")
		cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return 0, 0, err
		}
		p, total := parseInitTrace(stderr.String())
		pkgs = p
		totals = append(totals, total)
	}
	return pkgs, median(totals), nil
}

// parseInitTrace sums the clock of the "init PKG @T ms, C ms clock, …"
// lines the Go runtime prints under GODEBUG=inittrace=1.
func parseInitTrace(s string) (int, time.Duration) {
	n := 0
	var total time.Duration
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		// init PKG @0.5 ms, 1.2 ms clock, 100 bytes, 3 allocs
		if len(f) < 7 || f[0] != "init" || f[6] != "clock," {
			continue
		}
		ms, err := strconv.ParseFloat(f[4], 64)
		if err != nil {
			continue
		}
		n++
		total += time.Duration(ms * float64(time.Millisecond))
	}
	return n, total
}
