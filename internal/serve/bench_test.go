package serve

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/guidec/guidec/internal/testenv"
)

// BenchmarkSaveToReload measures what a writer waits for: from saving one
// guide to the reload event reaching the page, in a tree of about 1,000
// guides (the corpus replicated 12 times by /work/shared/bench/replicate.sh),
// with the snippet checkers on and the default debounce, as `guidec serve`
// runs. It reports the median and 90th percentile in milliseconds.
func BenchmarkSaveToReload(b *testing.B) {
	corpus := testenv.Corpus(b)
	script := testenv.Shared(b, "bench", "replicate.sh")
	root := b.TempDir()
	copyInputs(b, root)
	guides := filepath.Join(root, "guides")
	if err := os.RemoveAll(guides); err != nil {
		b.Fatal(err)
	}
	if out, err := exec.Command("bash", script, corpus, guides, "12").CombinedOutput(); err != nil {
		b.Fatalf("replicate.sh: %v\n%s", err, out)
	}
	entries, err := os.ReadDir(guides)
	if err != nil {
		b.Fatal(err)
	}
	h := startWith(b, root, true, DefaultDebounce)
	s := h.subscribe()
	name := entries[len(entries)/2].Name()
	file := "guides/" + name + "/index.md"
	orig := h.read(file)
	var lat []time.Duration
	i := 0
	for b.Loop() {
		i++
		t0 := time.Now()
		h.write(file, fmt.Sprintf("%s\nEdit %d.\n", orig, i))
		s.waitFor("the saved page", changes(name+"/index.html"))
		lat = append(lat, time.Since(t0))
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(lat[len(lat)/2]), "ms-median")
	b.ReportMetric(ms(lat[len(lat)*9/10]), "ms-p90")
	b.Logf("%d guides, %d saves of %s: median %.1f ms, p90 %.1f ms, max %.1f ms",
		len(entries), len(lat), name, ms(lat[len(lat)/2]), ms(lat[len(lat)*9/10]), ms(lat[len(lat)-1]))
}
