//go:build unix

package tests

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/guidec/guidec/internal/testenv"
)

// BenchmarkScale is the end-to-end benchmark of docs/performance.md. It
// builds the guidec binary once, replicates the corpus with
// ../shared/bench/replicate.sh (whose copies are distinct, so that no cache
// can skip work) at each scale, and runs `guidec build` (into the same
// output directory every time, as a writer's rebuilds do) and `guidec check`
// (with a digest cache warmed by one untimed run) as child processes. Each
// iteration is one run. Per scale and command it reports the pages, the
// scaleMedian wall time, pages per second at that median, the median CPU time
// (user + system) and the highest peak RSS of the runs, from the child's
// rusage.
//
// GUIDEC_BENCH_SCALES sets the replication factors (default "1,10,50").
// GUIDEC_BENCH_DIR keeps the replicas there between runs (they take a
// minute to make at ×50); without it they go in a temporary directory.
// GUIDEC_BENCH_OUT puts the built sites in that directory instead of a
// temporary one: /dev/shm leaves out the file system's cost (see "The file
// system" in docs/performance.md). `make bench` runs it with -benchtime 1x
// -count 6: one run per sample, six samples for benchstat.
func BenchmarkScale(b *testing.B) {
	corpus := testenv.Corpus(b)
	bash, err := exec.LookPath("bash")
	if err != nil {
		b.Skip("bash is absent: replicate.sh cannot run")
	}
	script := testenv.Shared(b, "bench", "replicate.sh")
	scales, err := scaleFactors(os.Getenv("GUIDEC_BENCH_SCALES"))
	if err != nil {
		b.Fatal(err)
	}
	bin := scaleBinary(b)
	b.Logf("machine: %s, %d CPUs, GOMAXPROCS %d; load average %s", scaleCPU(), runtime.NumCPU(), runtime.GOMAXPROCS(0), scaleLoad())
	walls := map[int]float64{}
	for _, k := range scales {
		src := scaleReplicas(b, bash, script, corpus, k)
		pages := scaleGuides(b, src)
		// One output directory per scale for all -count runs, made here
		// and not in the sub-benchmark (which -count runs afresh): every
		// run after the first rebuilds over the previous site, as a
		// writer's rebuilds do, instead of creating a whole site right
		// after the previous run's directory was deleted, which on ext4
		// costs more with every run (docs/performance.md, The file system).
		out := scaleOutDir(b)
		for _, cmd := range []string{"build", "check"} {
			b.Run(fmt.Sprintf("x%d/%s", k, cmd), func(b *testing.B) {
				wall := runScale(b, bin, src, out, cmd, pages)
				if cmd == "build" {
					walls[k] = wall
				}
			})
		}
	}
	if lo, hi := slices.Min(scales), slices.Max(scales); lo != hi && walls[lo] > 0 && walls[hi] > 0 {
		b.Logf("build ×%d/×%d: %.1f× the time for %d× the guides", hi, lo, walls[hi]/walls[lo], hi/lo)
	}
	b.Logf("load average at the end: %s", scaleLoad())
}

// scaleOutDir returns a directory for the sites of one scale, removed when
// the benchmark ends: under GUIDEC_BENCH_OUT when it is set.
func scaleOutDir(b *testing.B) string {
	dir := os.Getenv("GUIDEC_BENCH_OUT")
	if dir == "" {
		return b.TempDir()
	}
	out, err := os.MkdirTemp(dir, "guidec-bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(out) })
	return out
}

// runScale runs `guidec CMD --source src` (building into out/public) b.N
// times and reports the figures; it returns the median wall time in
// milliseconds.
func runScale(b *testing.B, bin, src, out, cmd string, pages int) float64 {
	args := []string{cmd, "--source", src}
	if cmd == "build" {
		// The corpus has errors, which stop a publish: --keep-going writes
		// the site all the same, the work this benchmark measures.
		args = append(args, "--out", filepath.Join(out, "public"), "--keep-going")
	}
	env := append(os.Environ(), "NO_COLOR=1", "GUIDEC_CACHE_DIR="+b.TempDir())
	if cmd == "check" {
		runScaleOnce(b, bin, args, env) // fill the digest cache
	}
	var walls, cpus []float64
	peak := 0.0
	for b.Loop() {
		wall, cpu, rss := runScaleOnce(b, bin, args, env)
		walls, cpus = append(walls, wall), append(cpus, cpu)
		peak = max(peak, rss)
	}
	med := scaleMedian(walls)
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(med, "wall-ms")
	b.ReportMetric(float64(pages)/(med/1e3), "pages/s")
	b.ReportMetric(scaleMedian(cpus), "cpu-ms")
	b.ReportMetric(peak, "peak-RSS-MB")
	return med
}

// runScaleOnce runs guidec once and returns its wall and CPU time in
// milliseconds and its peak RSS in MB. guidec exits 1 when it finds
// problems, which the corpus has; any other failure ends the benchmark.
func runScaleOnce(b *testing.B, bin string, args, env []string) (wall, cpu, rssMB float64) {
	c := exec.Command(bin, args...)
	c.Env = env
	var stderr strings.Builder
	c.Stderr = &stderr
	start := time.Now()
	err := c.Run()
	wall = float64(time.Since(start).Microseconds()) / 1e3
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
		b.Fatalf("guidec %s: %v\n%s", strings.Join(args, " "), err, clip(stderr.String()))
	}
	ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		b.Fatal("no rusage for the child")
	}
	cpu = float64(time.Duration(ru.Utime.Nano()+ru.Stime.Nano()).Microseconds()) / 1e3
	return wall, cpu, float64(ru.Maxrss) / 1024 // Maxrss is in KiB on Linux
}

// scaleBinary builds guidec for the benchmark, static as `make build`
// builds it.
func scaleBinary(b *testing.B) string {
	bin := filepath.Join(b.TempDir(), "guidec")
	c := exec.Command("go", "build", "-o", bin, "./cmd/guidec")
	c.Dir = ".."
	c.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := c.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// scaleReplicas returns a directory holding k copies of the corpus. Under
// GUIDEC_BENCH_DIR a previous replication is reused when it was made from
// the same corpus files.
func scaleReplicas(b *testing.B, bash, script, corpus string, k int) string {
	keep := os.Getenv("GUIDEC_BENCH_DIR")
	if keep == "" {
		dst := filepath.Join(b.TempDir(), fmt.Sprintf("x%d", k))
		scaleReplicate(b, bash, script, corpus, dst, k)
		return dst
	}
	dst, err := filepath.Abs(filepath.Join(keep, fmt.Sprintf("x%d", k)))
	if err != nil {
		b.Fatal(err)
	}
	marker := filepath.Join(dst, ".replicated") // hidden: not a guide
	want := scaleFingerprint(b, corpus)
	if got, err := os.ReadFile(marker); err == nil && string(got) == want {
		return dst
	}
	if err := os.RemoveAll(dst); err != nil {
		b.Fatal(err)
	}
	scaleReplicate(b, bash, script, corpus, dst, k)
	if err := os.WriteFile(marker, []byte(want), 0o644); err != nil {
		b.Fatal(err)
	}
	return dst
}

func scaleReplicate(b *testing.B, bash, script, corpus, dst string, k int) {
	start := time.Now()
	if out, err := exec.Command(bash, script, corpus, dst, strconv.Itoa(k)).CombinedOutput(); err != nil {
		b.Fatalf("replicate.sh ×%d: %v\n%s", k, err, clip(string(out)))
	}
	b.Logf("replicated the corpus ×%d in %s", k, time.Since(start).Round(time.Millisecond))
}

// scaleFingerprint identifies the corpus files by path, size and time.
func scaleFingerprint(b *testing.B, dir string) string {
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d %d\n", p, fi.Size(), fi.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// scaleGuides counts the guide directories (those holding index.md).
func scaleGuides(b *testing.B, dir string) int {
	m, err := filepath.Glob(filepath.Join(dir, "*", "index.md"))
	if err != nil || len(m) == 0 {
		b.Fatalf("no guides in %s (%v)", dir, err)
	}
	return len(m)
}

// scaleFactors parses GUIDEC_BENCH_SCALES.
func scaleFactors(s string) ([]int, error) {
	if s == "" {
		return []int{1, 10, 50}, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || k < 1 {
			return nil, fmt.Errorf("GUIDEC_BENCH_SCALES: %q is not a replication factor", f)
		}
		out = append(out, k)
	}
	return out, nil
}

func scaleMedian(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

// scaleLoad returns the 1, 5 and 15 minute load averages, which say how
// much the figures owe to other work on the machine.
func scaleLoad() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

func scaleCPU() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if name, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
		}
	}
	return runtime.GOARCH
}
