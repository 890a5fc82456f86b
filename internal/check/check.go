// Package check defines the shape of guidec's checkers, after go/analysis: a
// Checker is a value with a name, documentation, the codes it reports and a
// Run function over a Pass. Each concern lives in its own subpackage
// (check/syntax, check/authelia, check/consistency, …); package build runs
// them and merges their findings.
package check

import (
	"cmp"
	"context"
	"slices"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// Checker is one concern of `guidec check`. The build runs the checkers of
// its registry in order on one Pass per guide; the fields below say how a
// checker depends on the others, so that one mistake is reported once, by
// the checker that sees its cause.
type Checker struct {
	Name  string
	Doc   string
	Codes []diag.CodeInfo
	// Whole means the checker compares snippets with one another and with
	// the guide's text: it does not run on a guide whose shortcode calls
	// did not all expand, where a snippet a broken call left out would
	// differ for that reason alone.
	Whole bool
	// SkipBroken means the checker does not see the snippets an earlier
	// checker marked broken (Pass.MarkBroken): whatever it found in them
	// would be a second symptom of the finding already reported.
	SkipBroken bool
	Run        func(*Pass)
	// Prepare, when set, does ahead of the first page the setup Run would
	// otherwise do on first use (compiling a schema), if src, the source
	// of a page, shows that Run may need it; it reports whether it did.
	// A run calls it in the background while the pages load and expand,
	// so that the setup overlaps with them instead of delaying the first
	// page that needs it.
	Prepare func(src []byte) bool
}

// Text is a heading, paragraph or list item as a reader sees it (markup
// removed, inline code kept as its text, site variables replaced by their
// nojs values), with a map back to the guide.
type Text struct {
	Kind    TextKind
	Level   int    // heading level (1–6) or list-item depth (1 = top level)
	Section string // id of the nearest heading before it ("" before any)
	Text    string
	Map     *source.Map // Text offsets → guide offsets
	// Code holds the spans of Text that were inline code (`value`), in
	// order: what a guide marks as a literal to copy.
	Code []source.Span
	// Table, Row and Col place a table cell (a Paragraph): Table counts
	// the page's tables from 1, Row is 0 for the header row and counts
	// body rows from 1, Col counts from 1. All are 0 for other texts.
	Table, Row, Col int
}

// TextKind says what a Text came from.
type TextKind int

// Kinds of Text.
const (
	Heading TextKind = iota
	Paragraph
	Item // the first paragraph of a list item, without its nested lists
)

// GuideSpan maps a span of t.Text back to the guide.
func (t Text) GuideSpan(sp source.Span) source.Span {
	if t.Map == nil {
		return source.Span{}
	}
	g, _ := t.Map.ResolveSpan(sp)
	return g
}

// Pass holds what a checker needs about one guide.
type Pass struct {
	File     *source.File       // the guide file
	Name     string             // the guide's slug (its directory name)
	Snippets []*snippet.Snippet // every code block, in order
	Texts    []Text             // headings, paragraphs and list items, in order
	// Version is the Authelia version the guide says it was tested with
	// ("4.38.17"), or "" when it names none.
	Version string
	// Against lists other releases to check the guide's provider snippets
	// for, as written by the user ("4.39", "latest", "all"): checkers
	// report what would break there that does not on Version.
	Against []string
	// Cache is shared by all passes of one run, for costly work such as
	// digest verification; nil means no caching.
	Cache Cache
	// Context ends when the run is abandoned (an interrupt, a newer
	// rebuild): a checker blocked in costly work, such as digest
	// verification, returns then. nil means never; see Ctx.
	Context context.Context
	// Report records a finding.
	Report func(diag.Diagnostic)

	// state is shared by the views of one guide's pass that the build
	// gives each checker.
	state *passState
}

// passState is what the checkers of one guide tell the later ones, about
// the snippets of the pass (keys are the caller's snippets; a replacement
// stands for the snippet it replaces).
type passState struct {
	broken   map[*snippet.Snippet]bool
	replaced map[*snippet.Snippet]*snippet.Snippet // original → replacement
	origin   map[*snippet.Snippet]*snippet.Snippet // replacement → original
	// errors are the spans in the guide of the errors reported so far
	// (Run records them; see Reported). byStart is errors sorted by start
	// with the running maximum of their ends, rebuilt when errors grew,
	// so that a query costs a binary search, not a scan.
	errors  []source.Span
	byStart []source.Span
	maxEnd  []int
}

func (p *Pass) st() *passState {
	if p.state == nil {
		p.state = &passState{
			broken:   map[*snippet.Snippet]bool{},
			replaced: map[*snippet.Snippet]*snippet.Snippet{},
			origin:   map[*snippet.Snippet]*snippet.Snippet{},
		}
	}
	return p.state
}

// original returns the caller's snippet that s is or replaces.
func (st *passState) original(s *snippet.Snippet) *snippet.Snippet {
	if o, ok := st.origin[s]; ok {
		return o
	}
	return s
}

// MarkBroken records that s cannot be read as the writer meant it (its
// syntax is broken, and reported): checkers with SkipBroken do not see it,
// and the others may treat it as unreadable rather than guess at it.
func (p *Pass) MarkBroken(s *snippet.Snippet) {
	st := p.st()
	st.broken[st.original(s)] = true
}

// Broken reports whether an earlier checker marked s broken.
func (p *Pass) Broken(s *snippet.Snippet) bool {
	return p.state != nil && p.state.broken[p.state.original(s)]
}

// Replace gives the later checkers t in place of the snippet s: the text
// the writer meant, once a checker has reported what stands in the way (a
// typographic quote for an ASCII one), so that the mistake is not
// reported again as each of its consequences. The current checker's
// Snippets do not change.
func (p *Pass) Replace(s, t *snippet.Snippet) {
	st := p.st()
	o := st.original(s)
	if old, ok := st.replaced[o]; ok {
		delete(st.origin, old)
	}
	st.replaced[o] = t
	st.origin[t] = o
}

// View returns the pass as checker c sees it: the snippets as earlier
// checkers replaced them, without the broken ones when c skips them. The
// view shares this pass's state and reports; p's own Snippets are left as
// they are (they belong to the caller).
func (p *Pass) View(c *Checker) *Pass {
	st := p.st()
	if len(st.replaced) == 0 && (!c.SkipBroken || len(st.broken) == 0) {
		return p
	}
	v := *p
	v.Snippets = make([]*snippet.Snippet, 0, len(p.Snippets))
	for _, s := range p.Snippets {
		if c.SkipBroken && st.broken[s] {
			continue
		}
		if t := st.replaced[s]; t != nil {
			s = t
		}
		v.Snippets = append(v.Snippets, s)
	}
	return &v
}

// Run runs the checkers in order on the pass, each on its View.
func (p *Pass) Run(cs []*Checker) {
	st := p.st()
	if report := p.Report; report != nil {
		p.Report = func(d diag.Diagnostic) {
			if d.Severity == diag.Error && (d.File == nil || d.File == p.File) {
				st.errors = append(st.errors, d.Span)
			}
			report(d)
		}
		defer func() { p.Report = report }()
	}
	for _, c := range cs {
		c.Run(p.View(c))
	}
}

// Reported reports whether an error was reported on a span of the guide
// that overlaps sp, by an earlier checker of Run or the current one: a
// value already reported wrong (a client's redirect URI on Authelia's own
// host) is not compared with others again, where it would only repeat the
// one mistake as each of its consequences.
func (p *Pass) Reported(sp source.Span) bool {
	st := p.state
	if st == nil || len(st.errors) == 0 {
		return false
	}
	if len(st.byStart) != len(st.errors) {
		st.byStart = append(st.byStart[:0], st.errors...)
		slices.SortFunc(st.byStart, func(a, b source.Span) int { return cmp.Compare(a.Start, b.Start) })
		st.maxEnd = st.maxEnd[:0]
		m := -1
		for _, e := range st.byStart {
			m = max(m, e.End)
			st.maxEnd = append(st.maxEnd, m)
		}
	}
	// The errors that start before sp ends; one of them overlaps sp when
	// the largest end among them is past sp's start. An error equal to
	// an empty sp starts where sp ends, after them.
	n, _ := slices.BinarySearchFunc(st.byStart, sp.End, func(e source.Span, end int) int { return cmp.Compare(e.Start, end) })
	if n > 0 && st.maxEnd[n-1] > sp.Start {
		return true
	}
	for i := n; i < len(st.byStart) && st.byStart[i].Start == sp.Start; i++ {
		if st.byStart[i] == sp {
			return true
		}
	}
	return false
}

// Ctx returns p.Context, or context.Background() when it is nil.
func (p *Pass) Ctx() context.Context {
	if p.Context == nil {
		return context.Background()
	}
	return p.Context
}

// Cache remembers the outcome of costly, pure computations across guides and
// runs. Keys must not reveal secrets (hash them).
type Cache interface {
	Get(key string) (value string, ok bool)
	Put(key, value string)
}

// Reportf reports a diagnostic in the guide file.
func (p *Pass) Reportf(sp source.Span, sev diag.Severity, code, hint, format string, args ...any) {
	var l diag.List
	l.Addf(p.File, sp, sev, code, hint, format, args...)
	p.Report(l[0])
}
