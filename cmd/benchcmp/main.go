// Command benchcmp measures guidec side by side with Hugo on the same trees
// and prints the table of docs/performance.md (issue 15, issue 12 item 6):
//
//   - corpus ×1 and ×K: `guidec build` (every check) and `guidec check`
//     (warm digest cache) of the guides folder ../shared/corpus/authelia,
//     and `hugo` building the same guides in a minimal Hugo project made
//     around them;
//   - docs ×1 and ×K: `guidec check` and `guidec build --keep-going` of
//     Authelia's Hugo tree ../shared/corpus/authelia-docs, and `hugo`
//     building the same content, data and static files with the tree's own
//     shortcodes and minimal page layouts;
//   - serve: `guidec serve` (checks on) on a tree of about 1,000 guides, the
//     time from saving a guide to the live reload event naming its page and
//     to the new page being served;
//   - startup: `guidec check` and `guidec build` of a tree of one guide
//     (the fixed cost of a run; issue 15: check ≤ 15 ms) and `guidec
//     version` (the process floor), and the package initialisation time
//     GODEBUG=inittrace=1 reports.
//
// Runs alternate between the commands of a tree (one untimed warm-up each,
// then -n rounds) and the table gives medians of wall time, CPU time
// (user + system) and peak RSS (the child's ru_maxrss), their ratios to
// Hugo's, the targets of issue 15 and whether they hold, and the machine's
// load average. Without hugo on PATH the Hugo columns stay empty and the
// program says so. Run it from the repository root: `make bench-hugo`.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type config struct {
	guidec, hugo, shared, md, only string
	startupGuide                   string
	n, nScaled, scale, nStartup    int
	serveCopies, edits             int
	keep                           bool
}

func run(args []string, stdout, stderr io.Writer) int {
	var c config
	fl := flag.NewFlagSet("benchcmp", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&c.guidec, "guidec", "bin/guidec", "the guidec binary to measure")
	fl.StringVar(&c.hugo, "hugo", "", "the hugo binary (default: hugo on PATH; \"none\" to leave Hugo out)")
	fl.StringVar(&c.shared, "shared", "../shared", "the shared test data (corpus/authelia, corpus/authelia-docs, bench/replicate.sh)")
	fl.StringVar(&c.md, "md", "", "also write the table as Markdown to this file")
	fl.StringVar(&c.only, "only", "corpus,docs,serve,startup", "which parts to run (comma-separated: corpus, docs, serve, startup)")
	fl.StringVar(&c.startupGuide, "startup-guide", "guides/romm", "the guide directory the startup part copies into a tree of its own")
	fl.IntVar(&c.nStartup, "n-startup", 21, "timed runs of each command of the startup part")
	fl.IntVar(&c.n, "n", 7, "timed runs of each command on the ×1 trees")
	fl.IntVar(&c.nScaled, "n-scaled", 5, "timed runs of each command on the ×K trees")
	fl.IntVar(&c.scale, "scale", 10, "K of the ×K trees (0 leaves them out)")
	fl.IntVar(&c.serveCopies, "serve-copies", 12, "copies of the corpus the serve tree holds (12: 1,056 guides)")
	fl.IntVar(&c.edits, "edits", 15, "saves timed in guidec serve")
	fl.BoolVar(&c.keep, "keep", false, "keep the working directory (trees, Hugo projects, sites) and print where")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if c.n < 1 || c.nScaled < 1 || c.nStartup < 1 || c.edits < 1 || c.scale < 0 || c.serveCopies < 1 {
		fmt.Fprintln(stderr, "benchcmp: -n, -n-scaled, -n-startup, -edits and -serve-copies must be at least 1, -scale at least 0")
		return 2
	}
	b, err := newBench(c, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "benchcmp: %v\n", err)
		return 2
	}
	if b == nil {
		return 0 // skipped, and said why
	}
	defer b.cleanup()
	// Ctrl-C reaches the child processes too (same process group); the
	// trees and sites of the scratch directory go with this program.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		b.cleanup()
		os.Exit(130)
	}()
	if err := b.runAll(); err != nil {
		fmt.Fprintf(stderr, "benchcmp: %v\n", err)
		return 1
	}
	return 0
}

// bench holds one run of the whole comparison.
type bench struct {
	config
	repo, work         string
	guidecBin, hugoBin string
	corpus, docs       string
	out, log           io.Writer
	lines              []line
	notes              []string // what Hugo was given, and other facts for the reader
	serve              *serveResult
	started            time.Time
	loadStart          string
}

func newBench(c config, stdout, stderr io.Writer) (*bench, error) {
	repo, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(repo, "tests", "testdata", "hugo-bench")); err != nil {
		return nil, fmt.Errorf("run from the repository root (no tests/testdata/hugo-bench here)")
	}
	b := &bench{config: c, repo: repo, out: stdout, log: stderr, started: time.Now(), loadStart: loadAvg()}
	b.corpus = filepath.Join(c.shared, "corpus", "authelia")
	b.docs = filepath.Join(c.shared, "corpus", "authelia-docs")
	for _, p := range []*string{&b.corpus, &b.docs} {
		if *p, err = filepath.Abs(*p); err != nil {
			return nil, err
		}
	}
	// Every part but startup (one guide of this repository) reads the corpus.
	needsCorpus := slices.ContainsFunc(strings.Split(c.only, ","), func(p string) bool { return p != "startup" })
	if _, err := os.Stat(b.corpus); err != nil && needsCorpus {
		fmt.Fprintf(stderr, "benchcmp: skipped: the corpus is absent (%s)\n", b.corpus)
		return nil, nil
	}
	if b.guidecBin, err = filepath.Abs(c.guidec); err != nil {
		return nil, err
	}
	if _, err := os.Stat(b.guidecBin); err != nil {
		return nil, fmt.Errorf("no guidec binary at %s (make build)", c.guidec)
	}
	switch c.hugo {
	case "none":
	case "":
		if p, err := exec.LookPath("hugo"); err == nil {
			b.hugoBin = p
		}
	default:
		if b.hugoBin, err = exec.LookPath(c.hugo); err != nil {
			return nil, err
		}
	}
	if b.hugoBin == "" {
		fmt.Fprintln(stderr, "benchcmp: hugo is not installed (or -hugo none): measuring guidec alone; the Hugo columns stay empty (Debian: apt-get install hugo)")
		b.notes = append(b.notes, "Hugo was not run (not installed, or -hugo none): no ratios.")
	}
	if b.work, err = os.MkdirTemp("", "guidec-benchcmp-"); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *bench) cleanup() {
	if b.keep {
		fmt.Fprintf(b.log, "benchcmp: kept %s\n", b.work)
		return
	}
	os.RemoveAll(b.work)
}

func (b *bench) progress(s string) { fmt.Fprintln(b.log, s) }

func (b *bench) wants(part string) bool {
	return slices.Contains(strings.Split(b.only, ","), part)
}

func (b *bench) runAll() error {
	b.progress(fmt.Sprintf("benchcmp: %s; load average %s; working in %s", machine(), b.loadStart, b.work))
	if b.wants("corpus") {
		if err := b.corpusRows(1, b.n); err != nil {
			return err
		}
		if b.scale > 1 {
			if err := b.corpusRows(b.scale, b.nScaled); err != nil {
				return err
			}
		}
	}
	if b.wants("docs") {
		if _, err := os.Stat(b.docs); err != nil {
			b.notes = append(b.notes, fmt.Sprintf("The docs tree is absent (%s): its rows were not run.", b.docs))
		} else {
			if err := b.docsRows(1, b.n); err != nil {
				return err
			}
			if b.scale > 1 {
				if err := b.docsRows(b.scale, b.nScaled); err != nil {
					return err
				}
			}
		}
	}
	if b.wants("serve") {
		if err := b.serveRows(); err != nil {
			return err
		}
	}
	if b.wants("startup") {
		if err := b.startupRows(); err != nil {
			return err
		}
	}
	b.report()
	return nil
}

// guidecEnv is the environment of guidec runs: no colour, and a digest
// cache of the tree's own, which the warm-up run fills (a writer's and CI's
// case: the digests of unchanged secrets were verified before).
func (b *bench) guidecEnv(cache string) []string {
	return append(os.Environ(), "NO_COLOR=1", "GUIDEC_CACHE_DIR="+filepath.Join(b.work, "cache", cache))
}

// exit1 accepts guidec's "the input has problems" exit: both trees have
// real errors (broken links, snippet errors) that guidec reports.
func exit1(code int) bool { return code == 1 }

func (b *bench) guidecCmd(label, cache string, args ...string) *command {
	return &command{label: label, path: b.guidecBin, args: args, dir: b.work, env: b.guidecEnv(cache), okExit: exit1}
}

func (b *bench) hugoCmd(site hugoSite, out string) *command {
	return &command{label: "hugo", hugo: true, path: b.hugoBin, args: site.args(out), dir: b.work, env: os.Environ()}
}

// corpusRows measures the guides folder ×k.
func (b *bench) corpusRows(k, n int) error {
	name := fmt.Sprintf("corpus-x%d", k)
	src := b.corpus
	if k > 1 {
		src = filepath.Join(b.work, "trees", name)
		b.progress(fmt.Sprintf("benchcmp: replicating the corpus ×%d", k))
		if err := replicateGuides(filepath.Join(b.shared, "bench", "replicate.sh"), b.corpus, src, k); err != nil {
			return err
		}
	}
	guides, _ := filepath.Glob(filepath.Join(src, "*", "index.md"))
	tree := fmt.Sprintf("corpus ×%d", k)
	b.progress(fmt.Sprintf("benchcmp: %s (%d guides), %d alternating runs", tree, len(guides), n))
	build := b.guidecCmd("guidec build", name, "build", "--source", src, "--out", filepath.Join(b.work, "out", name+"-guidec"), "--keep-going")
	check := b.guidecCmd("guidec check", name, "check", "--source", src)
	cmds := []*command{build, check}
	var hugo *command
	if b.hugoBin != "" {
		site, err := makeGuidesSite(b.repo, filepath.Join(b.work, "hugo", name), src)
		if err != nil {
			return err
		}
		hugo = b.hugoCmd(site, filepath.Join(b.work, "out", name+"-hugo"))
		cmds = []*command{build, hugo, check}
	}
	load := loadAvg1()
	if err := alternate(cmds, n, b.progress); err != nil {
		return err
	}
	b.countPages(tree, filepath.Join(b.work, "out", name+"-guidec"), filepath.Join(b.work, "out", name+"-hugo"))
	checkTarget := target{}
	if k == 1 {
		checkTarget = target{wall: 60 * time.Millisecond}
	}
	b.addRows(tree, fmt.Sprint(len(guides)), load, hugo,
		rowSpec{build, "guidec build", target{wallRatio: 0.25, rssRatio: 0.5}},
		rowSpec{check, "guidec check (warm digest cache)", checkTarget})
	return nil
}

// docsRows measures Authelia's Hugo tree ×k.
func (b *bench) docsRows(k, n int) error {
	name := fmt.Sprintf("docs-x%d", k)
	root := b.docs
	if k > 1 {
		root = filepath.Join(b.work, "trees", name)
		b.progress(fmt.Sprintf("benchcmp: replicating the docs tree's sections ×%d", k))
		if err := replicateDocs(b.docs, root, k); err != nil {
			return err
		}
	}
	pages := countFiles(filepath.Join(root, "content"), ".md")
	tree := fmt.Sprintf("docs ×%d", k)
	b.progress(fmt.Sprintf("benchcmp: %s (%d Markdown pages), %d alternating runs", tree, pages, n))
	check := b.guidecCmd("guidec check", name, "check", "--source", root)
	build := b.guidecCmd("guidec build", name, "build", "--source", root, "--out", filepath.Join(b.work, "out", name+"-guidec"), "--keep-going")
	cmds := []*command{check, build}
	var hugo *command
	if b.hugoBin != "" {
		site, stubs, err := makeDocsSite(b.repo, filepath.Join(b.work, "hugo", name), root)
		if err != nil {
			return err
		}
		if k == 1 {
			b.notes = append(b.notes, fmt.Sprintf("Hugo, docs tree: the tree's content/, data/, static/ and its layouts/_shortcodes, _partials, _markup (as shortcodes/, partials/, _default/_markup/; hugo.Data → site.Data), minimal page layouts, and stand-ins for the theme templates it calls but lacks: %s.", strings.Join(stubs, ", ")))
		}
		hugo = b.hugoCmd(site, filepath.Join(b.work, "out", name+"-hugo"))
		cmds = []*command{check, hugo, build}
	}
	load := loadAvg1()
	if err := alternate(cmds, n, b.progress); err != nil {
		return err
	}
	b.countPages(tree, filepath.Join(b.work, "out", name+"-guidec"), filepath.Join(b.work, "out", name+"-hugo"))
	checkTarget := target{}
	if k == 1 {
		checkTarget = target{wall: 500 * time.Millisecond}
	}
	b.addRows(tree, fmt.Sprint(pages), load, hugo,
		rowSpec{build, "guidec build --keep-going", target{wallRatio: 0.3}},
		rowSpec{check, "guidec check", checkTarget})
	return nil
}

type rowSpec struct {
	cmd    *command
	label  string
	target target
}

// addRows adds the table lines of one tree: the guidec commands, each
// with its ratios to Hugo, then Hugo.
func (b *bench) addRows(tree, pages, load string, hugo *command, specs ...rowSpec) {
	var hs *stats
	if hugo != nil {
		s := summarise(hugo.samples)
		hs = &s
	}
	for i, sp := range specs {
		l := line{tree: tree, pages: pages, command: sp.label, st: summarise(sp.cmd.samples), hugo: hs, target: sp.target, load: load}
		if i > 0 {
			l.tree, l.pages, l.load = "", "", ""
		}
		b.lines = append(b.lines, l)
	}
	if hs != nil {
		b.lines = append(b.lines, line{command: "hugo", st: *hs, hugo: hs, isHugo: true})
	} else {
		b.lines = append(b.lines, line{command: "hugo", note: "not run"})
	}
}

// countPages notes how many HTML files each tool wrote, so that the reader
// sees both built the same pages.
func (b *bench) countPages(tree, guidecOut, hugoOut string) {
	g := countFiles(guidecOut, ".html")
	if b.hugoBin == "" {
		b.notes = append(b.notes, fmt.Sprintf("%s: guidec wrote %d HTML files.", tree, g))
		return
	}
	b.notes = append(b.notes, fmt.Sprintf("%s: guidec wrote %d HTML files, Hugo %d.", tree, g, countFiles(hugoOut, ".html")))
}

// serveRows measures save → reload in guidec serve.
func (b *bench) serveRows() error {
	src := filepath.Join(b.work, "trees", "serve")
	b.progress(fmt.Sprintf("benchcmp: replicating the corpus ×%d for guidec serve", b.serveCopies))
	if err := replicateGuides(filepath.Join(b.shared, "bench", "replicate.sh"), b.corpus, src, b.serveCopies); err != nil {
		return err
	}
	load := loadAvg1()
	// The digest cache of the corpus rows, when they ran: the copies
	// carry the same digests, so the first build verifies none again.
	res, err := measureServe(b.guidecBin, src, b.work, b.guidecEnv("corpus-x1"), b.edits, b.progress)
	if err != nil {
		return err
	}
	b.serve = &res
	tree := fmt.Sprintf("serve (corpus ×%d)", b.serveCopies)
	pages := fmt.Sprint(res.guides)
	b.lines = append(b.lines,
		line{tree: tree, pages: pages, command: "save → reload event", st: durStats(res.reload, res.rss), target: target{wall: 100 * time.Millisecond}, load: load},
		line{command: "save → new page served", st: durStats(res.page, res.rss), target: target{wall: 100 * time.Millisecond}},
	)
	b.notes = append(b.notes, fmt.Sprintf("guidec serve: %d saves of %s/index.md; first build (with checks) %s; reload event p90 %s; peak RSS of the server %s.",
		len(res.reload), res.guide, fmtDur(res.startup), fmtDur(percentile(res.reload, 0.9)), fmtMiB(res.rss)))
	return nil
}

// durStats summarises latencies as stats (no CPU time).
func durStats(ds []time.Duration, rss int64) stats {
	ss := make([]sample, len(ds))
	for i, d := range ds {
		ss[i] = sample{wall: d, rss: rss}
	}
	return summarise(ss)
}

// report prints the table and the notes, and writes the Markdown file.
func (b *bench) report() {
	var head bytes.Buffer
	runs := fmt.Sprintf("medians of %d alternating runs", b.n)
	if b.scale > 1 {
		runs = fmt.Sprintf("medians of %d alternating runs (×1 trees) and %d (×%d trees)", b.n, b.nScaled, b.scale)
	}
	switch {
	case b.only == "startup":
		runs = fmt.Sprintf("medians of %d alternating runs (one guide)", b.nStartup)
	case b.wants("startup"):
		runs += fmt.Sprintf(", %d (one guide)", b.nStartup)
	}
	fmt.Fprintf(&head, "guidec vs Hugo, %s: %s; %s.\n", b.started.Format("2006-01-02 15:04"), runs, machine())
	fmt.Fprintf(&head, "guidec: %s. hugo: %s.\n", toolVersion(b.guidecBin, "version"), toolVersion(b.hugoBin, "version"))
	fmt.Fprintf(&head, "Load average (1, 5, 15 min): %s at the start, %s at the end, on %d CPUs", b.loadStart, loadAvg(), runtime.NumCPU())
	if busy(b.loadStart) || busy(loadAvg()) {
		fmt.Fprint(&head, ": the machine was busy, so wall times are inflated and noisy; CPU times and ratios suffer less")
	}
	fmt.Fprintln(&head, ".")
	fmt.Fprintln(b.out)
	b.out.Write(head.Bytes())
	fmt.Fprintln(b.out)
	writeText(b.out, b.lines)
	fmt.Fprintln(b.out)
	for _, n := range b.notes {
		fmt.Fprintln(b.out, "- "+n)
	}
	if b.md == "" {
		return
	}
	var md bytes.Buffer
	md.Write(head.Bytes())
	fmt.Fprintln(&md)
	writeMarkdown(&md, b.lines)
	fmt.Fprintln(&md)
	for _, n := range b.notes {
		fmt.Fprintln(&md, "- "+n)
	}
	if err := os.MkdirAll(filepath.Dir(b.md), 0o755); err == nil {
		err = os.WriteFile(b.md, md.Bytes(), 0o644)
		if err == nil {
			fmt.Fprintf(b.out, "\nbenchcmp: wrote %s\n", b.md)
			return
		}
	}
	fmt.Fprintf(b.log, "benchcmp: could not write %s\n", b.md)
}

// busy reports whether the 1-minute load average exceeds the CPU count.
func busy(load string) bool {
	var l float64
	if _, err := fmt.Sscan(load, &l); err != nil {
		return false
	}
	return l > float64(runtime.NumCPU())
}

func toolVersion(bin, arg string) string {
	if bin == "" {
		return "not installed"
	}
	out, err := exec.Command(bin, arg).Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
}

// machine names the CPU and the number of cores.
func machine() string {
	name := runtime.GOARCH
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				name = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	return fmt.Sprintf("%s, %d CPUs", name, runtime.NumCPU())
}

// countFiles counts the regular files under dir whose names end in ext.
func countFiles(dir, ext string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && strings.HasSuffix(p, ext) {
			n++
		}
		return nil
	})
	return n
}
