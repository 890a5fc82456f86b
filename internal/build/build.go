package build

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"sync"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/links"
	"github.com/guidec/guidec/internal/publish"
)

// Options configure one run. Source, Shortcodes and Site are required.
type Options struct {
	Source     fs.FS  // the guides directory
	SourceName string // how the user named it, prefixed to file names in diagnostics
	Shortcodes fs.FS  // shortcode templates (NAME.html)
	Site       fs.FS  // site.yaml, layouts/, static/

	Drafts  bool   // include guides with draft: true
	BaseURL string // overrides site.yaml's baseURL when set
	Jobs    int    // worker count; 0 means GOMAXPROCS

	// Check runs the snippet checkers (syntax, Authelia schema,
	// consistency) in addition to the build's own diagnostics.
	Check bool
	// Only restricts the run to these guide names; nil means all. The other
	// guides are still loaded so links to them resolve.
	Only map[string]bool
	// Output receives the site; nil means nothing is written (check).
	Output publish.Output
	// Digests verifies client secrets against digests; nil disables the
	// secret consistency rule.
	Digests *digest.Verifier
	// Log receives progress messages; nil discards them.
	Log io.Writer
	// Against lists other Authelia releases to check provider snippets
	// for (check --against), passed to checkers as check.Pass.Against.
	Against []string
	// Checkers replaces the snippet checkers Check runs (nil: the default
	// ones), for commands that compute their own report.
	Checkers []*check.Checker
}

// Result is the outcome of a run.
type Result struct {
	Diags diag.List // sorted, deduplicated
	Pages int       // pages written (or checked)
	// Failed reports that a guide could not be built correctly (a blocking
	// error, see Blocking); the output must then not be published.
	Failed bool
	// Used maps each guide to the shortcodes it calls, for incremental
	// rebuilds.
	Used map[string][]string
}

// Registry returns every diagnostic code guidec can report.
func Registry() *diag.Registry {
	return diag.NewRegistry(allCodes()...)
}

// Run builds (and with Options.Check, checks) the guides. The returned error
// means guidec failed (I/O, a broken template set); problems in the guides
// are diagnostics in the Result.
func Run(ctx context.Context, opt Options) (*Result, error) {
	env, diags, err := prepare(opt)
	if err != nil {
		return nil, err
	}
	res := &Result{Used: map[string][]string{}}
	res.Diags = append(res.Diags, diags...)
	if blocking(diags) {
		// Nothing may be published, but every guide that loaded is still
		// processed so that one run reports all problems.
		res.Failed = true
	}
	if env == nil || env.selected == nil && env.guides == nil {
		return finish(res), nil
	}
	pages, err := env.process(ctx)
	if err != nil {
		return nil, err
	}
	var uses []links.Use
	ids := make(map[string]map[string]bool, len(pages))
	for _, p := range pages {
		res.Diags = append(res.Diags, p.diags...)
		uses = append(uses, p.links...)
		ids[p.name] = p.ids
		res.Used[p.name] = p.used
		if p.failed {
			res.Failed = true
		}
		if p.rendered {
			res.Pages++
		}
	}
	res.Diags = append(res.Diags, env.suppress(links.CheckAnchors(uses, ids))...)
	if env.site != nil && !res.Failed {
		fd, err := env.site.Finish(opt.Site, env.highlightCSS)
		res.Diags = append(res.Diags, fd...)
		if err != nil {
			return nil, err
		}
		if blocking(fd) {
			res.Failed = true
		}
	}
	return finish(res), nil
}

func finish(res *Result) *Result {
	res.Diags.Sort()
	res.Diags = res.Diags.Dedup()
	return res
}

// process runs the per-guide stages on the worker pool and returns one
// result per selected guide, in name order whatever the scheduling.
func (e *env) process(ctx context.Context) ([]*pageResult, error) {
	results := make([]*pageResult, len(e.selected))
	err := e.onWorkers(ctx, len(e.selected), func(wk *worker, i int) error {
		r, err := wk.run(e.selected[i])
		if err == nil {
			e.release(r)
		}
		results[i] = r
		return err
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// onWorkers calls f(w, i) for i in [0, n) on a bounded pool of workers
// (Options.Jobs, else GOMAXPROCS), each with its own template set and
// Markdown renderer. It stops handing out work when ctx is done and
// returns ctx's error, else the first error f returned.
func (e *env) onWorkers(ctx context.Context, n int, f func(w *worker, i int) error) error {
	jobs := e.opt.Jobs
	if jobs <= 0 {
		jobs = defaultJobs()
	}
	next := make(chan int)
	var wg sync.WaitGroup
	var firstErr error
	var errOnce sync.Once
	for w := 0; w < jobs && w < n; w++ {
		wk, err := e.newWorker()
		if err != nil {
			close(next)
			wg.Wait()
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := f(wk, i); err != nil {
					errOnce.Do(func() { firstErr = err })
				}
			}
		}()
	}
loop:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break loop
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return firstErr
}

// release drops what a run no longer needs of a guide once its page is
// written, so that memory grows with the index data rather than with every
// guide's text: its front matter's free-form values and key positions,
// which only the page used, and the body of its source (the front matter
// stays, for the positions of alias diagnostics in Finish) unless a
// diagnostic will print an excerpt of it. A guide with links whose anchors
// are checked at the end keeps everything.
func (e *env) release(r *pageResult) {
	g := e.guides[r.name]
	if g == nil || len(r.links) > 0 {
		return // the anchor check may report, and suppress, diagnostics
	}
	g.Meta.Params, g.Meta.Fields = nil, nil
	if len(r.diags) > 0 || e.noted[r.name] {
		return
	}
	if end := g.Body.Start; end >= 0 && end <= len(g.File.Content) {
		g.File.Content = bytes.Clone(g.File.Content[:end]) // a copy frees the rest
	}
}

// pageResult is what the run keeps of one guide after its page is written:
// small data only, so memory does not grow with page sizes.
type pageResult struct {
	name     string
	diags    diag.List
	links    []links.Use
	ids      map[string]bool
	used     []string
	failed   bool
	rendered bool
}

// blocking reports whether l holds an error that prevents a correct page:
// the page could not be loaded, its shortcodes could not be expanded, or
// guidec itself failed. Content findings (links, snippets, fences) are
// reported but do not stop the build; `guidec check` fails on them.
func blocking(l diag.List) bool {
	for _, d := range l {
		if d.Severity == diag.Error && isBlockingCode(d.Code) {
			return true
		}
	}
	return false
}

func isBlockingCode(code string) bool {
	for _, p := range blockingPrefixes {
		if len(code) >= len(p) && code[:len(p)] == p {
			return true
		}
	}
	return false
}

// blockingPrefixes name the code families of the stages a site cannot be
// produced without.
var blockingPrefixes = []string{"frontmatter-", "shortcode-", "source-", "guide-", "alias-", "output-", "resource-", "config-", "layout-", "internal", "io"}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// checkers returns the snippet checkers of a run, in a fixed order.
func (e *env) checkers() []*check.Checker {
	if !e.opt.Check {
		return nil
	}
	return e.checkerList
}

func internalDiag(name string, v any) diag.Diagnostic {
	return diag.Diagnostic{
		Severity: diag.Error, Code: "internal",
		Message: fmt.Sprintf("guidec failed on guide %q: %v", name, v),
		Hint:    "this is a bug in guidec; please report it with the guide",
	}
}
