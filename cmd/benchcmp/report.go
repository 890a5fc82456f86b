package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// target is what issue 15 asks of one measurement.
type target struct {
	wallRatio float64       // guidec wall ≤ wallRatio × Hugo's (0: none)
	rssRatio  float64       // guidec peak RSS ≤ rssRatio × Hugo's (0: none)
	wall      time.Duration // guidec wall ≤ wall (0: none)
}

func (t target) String() string {
	var parts []string
	if t.wallRatio > 0 {
		parts = append(parts, fmt.Sprintf("wall ≤ %.2g× Hugo", t.wallRatio))
	}
	if t.rssRatio > 0 {
		parts = append(parts, fmt.Sprintf("RSS ≤ %.2g× Hugo", t.rssRatio))
	}
	if t.wall > 0 {
		parts = append(parts, "≤ "+fmtDur(t.wall))
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, ", ")
}

// verdict says whether st meets t against Hugo's figures h (nil when there
// are none): "yes", "no (…)" naming what fails, "—" for no target, or
// "needs Hugo".
func (t target) verdict(st stats, h *stats) string {
	if t == (target{}) {
		return "—"
	}
	var fails []string
	if t.wall > 0 && st.wall > t.wall {
		fails = append(fails, "wall")
	}
	if t.wallRatio > 0 || t.rssRatio > 0 {
		if h == nil || h.wall == 0 {
			if len(fails) > 0 {
				return "no (" + strings.Join(fails, ", ") + ")"
			}
			return "needs Hugo"
		}
		if t.wallRatio > 0 && ratio(int64(st.wall), int64(h.wall)) > t.wallRatio {
			fails = append(fails, "wall")
		}
		if t.rssRatio > 0 && ratio(st.rss, h.rss) > t.rssRatio {
			fails = append(fails, "RSS")
		}
	}
	if len(fails) > 0 {
		return "no (" + strings.Join(slices.Compact(fails), ", ") + ")"
	}
	return "yes"
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// line is one row of the table.
type line struct {
	tree, pages, command string
	st                   stats
	hugo                 *stats // Hugo's figures on the same tree, for the ratios
	isHugo               bool
	target               target
	load                 string
	// note replaces the measured columns (a command that did not run).
	note string
}

var header = []string{"tree", "pages", "command", "wall (median, min–max)", "CPU", "peak RSS", "wall ÷ Hugo", "CPU ÷ Hugo", "RSS ÷ Hugo", "target", "holds", "load"}

func (l line) cells() []string {
	c := []string{l.tree, l.pages, l.command}
	if l.note != "" {
		return append(c, l.note, "", "", "", "", "", l.target.String(), "", l.load)
	}
	c = append(c,
		fmt.Sprintf("%s (%s–%s)", fmtDur(l.st.wall), fmtDur(l.st.minWall), fmtDur(l.st.maxWall)),
		fmtCPU(l.st.cpu), fmtMiB(l.st.rss))
	if l.hugo != nil && !l.isHugo && l.hugo.wall > 0 {
		c = append(c,
			fmt.Sprintf("%.2f×", ratio(int64(l.st.wall), int64(l.hugo.wall))),
			fmt.Sprintf("%.2f×", ratio(int64(l.st.cpu), int64(l.hugo.cpu))),
			fmt.Sprintf("%.2f×", ratio(l.st.rss, l.hugo.rss)))
	} else {
		c = append(c, "", "", "")
	}
	if l.isHugo {
		return append(c, "", "", l.load)
	}
	return append(c, l.target.String(), l.target.verdict(l.st, l.hugo), l.load)
}

// writeText writes the table aligned for a terminal.
func writeText(w io.Writer, lines []line) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, l := range lines {
		fmt.Fprintln(tw, strings.Join(l.cells(), "\t"))
	}
	tw.Flush()
}

// writeMarkdown writes the table as Markdown, for docs/performance.md.
func writeMarkdown(w io.Writer, lines []line) {
	fmt.Fprintln(w, "| "+strings.Join(header, " | ")+" |")
	seps := make([]string, len(header))
	for i := range seps {
		seps[i] = "---"
		if i == 1 || (i >= 3 && i <= 8) {
			seps[i] = "---:"
		}
	}
	fmt.Fprintln(w, "|"+strings.Join(seps, "|")+"|")
	for _, l := range lines {
		fmt.Fprintln(w, "| "+strings.Join(l.cells(), " | ")+" |")
	}
}

// fmtDur prints a duration in ms below 10 s, else in s.
func fmtDur(d time.Duration) string {
	switch {
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1e3)
	case d < 10*time.Second:
		return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1e3)
	default:
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
}

// fmtCPU is fmtDur, or "—" for a measurement without CPU time (latencies).
func fmtCPU(d time.Duration) string {
	if d == 0 {
		return "—"
	}
	return fmtDur(d)
}

func fmtMiB(b int64) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
}

// percentile returns the p-th percentile (nearest rank) of ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(ds))
	i := int(float64(len(s))*p+0.999999) - 1
	return s[max(0, min(i, len(s)-1))]
}
