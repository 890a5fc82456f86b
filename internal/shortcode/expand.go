package shortcode

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// Expand parses the body (a span of f) and renders every call with the
// templates of set:
//
//   - `{{% %}}` output replaces the call in Markdown; it maps to the call.
//   - A `{{< >}}` call becomes one Sentinel and an entry of Calls.
//   - A paired call (either form) that stands alone on its lines and whose
//     template prints its inner content through markdownify or
//     .Page.RenderString (a splice point, see markSplices) is spliced: its
//     output is split around the inner content into an opening and a
//     closing part, each its own block sentinel, and the inner content is
//     expanded in place between them, so the page renderer parses it with
//     the page and every byte of it maps to the guide exactly. (Hugo
//     renders such inner content in isolation, losing reference links and
//     positions.) The same holds for a call whose template prints the inner
//     contents of the paired calls directly inside it, each once and in
//     order (tabs): the output is split around each.
//   - Other paired calls get .Inner with nested calls rendered, as in Hugo.
//   - Escaped calls `{{</* x */>}}` print as `{{< x >}}`, except in spliced
//     inner content, where they render as calls, as Hugo's markdownify and
//     RenderString expand the unescaped text.
//
// Body text is copied verbatim and mapped byte for byte. Problems are
// returned as diagnostics; the Expanded is always usable.
func Expand(set *Set, f *source.File, body source.Span, opts Options) (*Expanded, diag.List) {
	sc := expandPool.Get().(*expandScratch)
	defer sc.keep()
	// The parse tree is dropped when Expand returns (what is kept is
	// copied out of it): its calls are built in the scratch too.
	nodes, diags := parseInto(f, body, set, opts.Memo.interner(), &sc.parse)
	budget := opts.MaxOutput
	if budget <= 0 {
		budget = DefaultMaxOutput
	}
	if sc.out == nil {
		sc.out = make([]byte, 0, body.Len()+body.Len()/4)
	}
	e := &expander{set: set, f: f, opts: &opts, page: newPageContext(opts.Page), site: opts.Memo.siteContext(opts.Site, set.lib),
		diags: diags, budget: budget, out: sc.out[:0], m: sc.m, calls: sc.calls[:0]}
	e.page.set = set
	set.cached = nil // partialCached remembers within a page
	e.place(nodes, nil, false)
	sc.names = appendNames(sc.names[:0], nodes)
	sc.names = append(sc.names, e.live...)
	slices.Sort(sc.names)
	sc.names = slices.Compact(sc.names)
	var used []string // the names, sorted and unique
	if len(sc.names) > 0 {
		used = append(make([]string, 0, len(sc.names)), sc.names...)
	}
	sc.out, sc.m, sc.calls = e.out, e.m, e.calls
	// What is kept is copied out of the scratch, at its size: the
	// Expanded and its Map in one allocation.
	x := &struct {
		Expanded
		m source.Map
	}{m: e.m.Clone()}
	x.Expanded = Expanded{Markdown: append(make([]byte, 0, len(e.out)), e.out...), Map: &x.m, Used: used}
	if len(e.calls) > 0 {
		x.Calls = append(make([]Rendered, 0, len(e.calls)), e.calls...)
	}
	return &x.Expanded, e.diags
}

// expandScratch is the storage Expand builds a page's Markdown, map and
// calls in, and parses its body in, reused from page to page (pages expand on several
// goroutines, each with its own): growing them from a guess made two or
// three allocations of each a page, where copying out what is kept makes
// one of the right size.
type expandScratch struct {
	out   []byte
	m     source.Map
	calls []Rendered
	names []string // the names of the calls, before Used is copied out
	parse parseStore
}

var expandPool = sync.Pool{New: func() any { return new(expandScratch) }}

// maxScratchOut bounds the Markdown a scratch keeps for the next page.
const maxScratchOut = 1 << 20

// keep readies sc for the next page and returns it to the pool, unless a
// huge page grew it; the calls are cleared so that it keeps no output
// alive.
func (sc *expandScratch) keep() {
	if cap(sc.out) > maxScratchOut || cap(sc.calls) > maxScratchOut/64 || sc.m.Len() > maxScratchOut/64 {
		return
	}
	clear(sc.calls)
	clear(sc.names[:cap(sc.names)])
	sc.parse.clear()
	sc.out, sc.calls, sc.names = sc.out[:0], sc.calls[:0], sc.names[:0]
	sc.m.Reset()
	expandPool.Put(sc)
}

type expander struct {
	set      *Set
	f        *source.File
	opts     *Options
	page     *PageContext
	site     *SiteContext
	out      []byte
	m        source.Map
	calls    []Rendered
	diags    diag.List
	budget   int      // template output bytes still allowed
	exceeded bool     // the budget ran out and was reported
	seq      int      // placeholder counter
	live     []string // names of the escaped calls rendered as calls (placeLive)
}

// place expands nodes into the Markdown buffer. With live set, the nodes
// are inner content that Hugo renders with markdownify or RenderString,
// which expand the shortcodes in their input: an escaped call there is a
// call (see placeLive).
func (e *expander) place(nodes []Node, parent *Context, live bool) {
	for _, n := range nodes {
		switch n := n.(type) {
		case Text:
			e.verbatim(n.Span)
		case Escaped:
			if live && e.placeLive(n, parent) {
				continue
			}
			for _, p := range n.Parts {
				e.verbatim(p)
			}
		case *Call:
			e.placeCall(n, parent)
		}
	}
}

// placeLive renders the escaped call n as the call it spells, as Hugo
// does when the unescaped text reaches markdownify or RenderString (the
// way a project keeps a site variable live inside a tab's code block).
// Its output and diagnostics map to the escaped call. It reports false,
// and the call prints literally, unless n spells one whole call of a
// known shortcode without inner content.
func (e *expander) placeLive(n Escaped, parent *Context) bool {
	var text []byte
	for _, p := range n.Parts {
		text = append(text, e.f.Content[p.Start:p.End]...)
	}
	f := source.NewFile(e.f.Name, text)
	nodes, pd := Parse(f, source.Span{Start: 0, End: len(text)}, e.set)
	c, ok := (*Call)(nil), len(nodes) == 1 && len(pd) == 0
	if ok {
		c, ok = nodes[0].(*Call)
	}
	if !ok || c.Broken || c.Paired {
		return false
	}
	e.live = append(e.live, c.Name)
	sub := &expander{set: e.set, f: f, opts: e.opts, page: e.page, site: e.site, budget: e.budget, exceeded: e.exceeded}
	out, _ := sub.render(c, parent)
	e.budget, e.exceeded = sub.budget, sub.exceeded
	for _, d := range sub.diags {
		d.File, d.Span = e.f, n.Span
		e.diags.Add(d)
	}
	c.Open, c.Span = n.Span, n.Span
	if c.Markup {
		e.generated(out, n.Span)
		return true
	}
	e.sentinel(c, out, n.Span, e.isBlock(c))
	return true
}

func (e *expander) placeCall(c *Call, parent *Context) {
	switch {
	case c.Broken:
		e.place(c.Inner, parent, false) // keep the content of a call that cannot render
	case c.Paired && e.isBlock(c):
		e.splice(c, parent)
	case c.Markup:
		out, _ := e.render(c, parent)
		e.generated(out, c.Span)
	default:
		out, _ := e.render(c, parent)
		e.sentinel(c, out, c.Span, e.isBlock(c))
	}
}

// verbatim copies guide bytes, replacing the reserved Sentinel (already
// reported by Parse) so that it cannot be mistaken for a call, and a lone
// CR by LF (see appendLines).
func (e *expander) verbatim(sp source.Span) {
	src := e.f.Content[sp.Start:sp.End]
	for off := sp.Start; len(src) > 0; {
		i := bytes.Index(src, []byte(Sentinel))
		if i < 0 {
			i = len(src)
		}
		e.m.AddVerbatim(len(e.out), off, i)
		e.out = appendLines(e.out, e.f.Content, off, off+i)
		if i == len(src) {
			return
		}
		e.generated("\uFFFD", source.Span{Start: off + i, End: off + i + len(Sentinel)})
		src = src[i+len(Sentinel):]
		off += i + len(Sentinel)
	}
}

// appendLines appends c[start:end] to dst with every lone CR (one not
// followed by LF in c) written as LF. A guide's lines end at LF, CRLF or CR
// (source.EditorBreaks), as CommonMark defines them, but goldmark ends
// lines at LF only; one byte for one keeps the map verbatim, so positions
// in the Markdown buffer still map to the guide exactly.
func appendLines(dst, c []byte, start, end int) []byte {
	for {
		i := bytes.IndexByte(c[start:end], '\r')
		if i < 0 {
			return append(dst, c[start:end]...)
		}
		cr := start + i
		dst = append(dst, c[start:cr]...)
		if cr+1 < len(c) && c[cr+1] == '\n' {
			dst = append(dst, '\r')
		} else {
			dst = append(dst, '\n')
		}
		start = cr + 1
	}
}

// generated appends text produced from the guide span from.
func (e *expander) generated(text string, from source.Span) {
	e.m.AddGenerated(len(e.out), len(text), from)
	e.out = append(e.out, text...)
}

// sentinel appends a Sentinel standing for html, the output of c.
func (e *expander) sentinel(c *Call, html string, from source.Span, block bool) {
	e.generated(Sentinel, from)
	r := Rendered{Name: c.Name, HTML: template.HTML(html), Text: e.opts.Memo.visibleText(html), Block: block, Span: c.Span}
	if !c.Markup {
		r.Markdown = e.opts.Memo.markdownLine(html)
	}
	if c.Name == "sitevar" {
		r.Var, r.Format = c.StringParam("name"), c.StringParam("format")
	}
	e.calls = append(e.calls, r)
}

// isBlock reports whether only spaces and tabs share c's first and last
// lines with it.
func (e *expander) isBlock(c *Call) bool {
	src := e.f.Content
	for i := c.Span.Start - 1; i >= 0 && src[i] != '\n' && src[i] != '\r'; i-- {
		if src[i] != ' ' && src[i] != '\t' {
			return false
		}
	}
	for i := c.Span.End; i < len(src) && src[i] != '\n' && src[i] != '\r'; i++ {
		if src[i] != ' ' && src[i] != '\t' {
			return false
		}
	}
	return true
}

// indent returns the spaces and tabs before c on its line.
func (e *expander) indent(c *Call) string {
	i := c.Span.Start
	for i > 0 && e.f.Content[i-1] != '\n' && e.f.Content[i-1] != '\r' {
		i--
	}
	return string(e.f.Content[i:c.Span.Start])
}

// render renders c in isolation and returns its output. Nested calls are
// rendered into .Inner first (Hugo semantics).
func (e *expander) render(c *Call, parent *Context) (string, bool) {
	if !c.Paired {
		if out, ok := e.remembered(c); ok {
			return out, true
		}
	}
	ctx := newContext(c, e.f, parent, e.page, e.site)
	if c.Paired {
		ctx.inner = e.renderInner(c.Inner, ctx, nil)
	}
	return e.exec(c, ctx, nil)
}

// kid is a call directly inside a spliced call, with the context (and
// inner content) renderInner rendered it with.
type kid struct {
	call *Call
	ctx  *Context
}

// renderInner renders inner content to a string: text as is, escaped calls
// literally, nested calls by their output. With kids set, it records the
// calls directly inside (see kid).
func (e *expander) renderInner(nodes []Node, ctx *Context, kids *[]kid) string {
	var b strings.Builder
	for _, n := range nodes {
		switch n := n.(type) {
		case Text:
			b.Write(e.f.Content[n.Span.Start:n.Span.End])
		case Escaped:
			for _, p := range n.Parts {
				b.Write(e.f.Content[p.Start:p.End])
			}
		case *Call:
			if n.Broken {
				b.WriteString(e.renderInner(n.Inner, ctx, nil))
				continue
			}
			if kids == nil {
				out, _ := e.render(n, ctx)
				b.WriteString(out)
				continue
			}
			k := kid{call: n, ctx: newContext(n, e.f, ctx, e.page, e.site)}
			if n.Paired {
				k.ctx.inner = e.renderInner(n.Inner, k.ctx, nil)
			}
			out, _ := e.exec(n, k.ctx, nil)
			*kids = append(*kids, k)
			b.WriteString(out)
		}
	}
	return b.String()
}

// splice renders a block-level paired call. When the splice points of
// its template (see markSplices) print its own inner content once, or the
// inner content of the paired calls directly inside it once each and in
// their order (tabs), the output is split there and each inner content is
// expanded in place between the parts, so that the page renders it.
// Otherwise the call renders as one sentinel, the splice points rendering
// the inner content in isolation.
func (e *expander) splice(c *Call, parent *Context) {
	ctx := newContext(c, e.f, parent, e.page, e.site)
	saved := e.diags
	e.diags = nil
	var kids []kid
	ctx.inner = e.renderInner(c.Inner, ctx, &kids) // nested diagnostics come again from place
	innerDiags := e.diags
	e.diags = nil
	sp := &spliceState{}
	sp.targets = e.addTarget(sp.targets, c, ctx)
	for _, k := range kids {
		if k.call.Paired {
			sp.targets = e.addTarget(sp.targets, k.call, k.ctx)
		}
	}
	out, ok := e.exec(c, ctx, sp)
	execDiags := e.diags
	e.diags = saved
	if used, split := spliceOrder(out, sp, c); ok && split {
		e.diags = append(e.diags, execDiags...)
		// What is inside the inner content placed is reported again by
		// place; the rest (a tab's own call) only here.
		for _, d := range innerDiags {
			if !slices.ContainsFunc(used, func(t *spliceTarget) bool { return t.call.InnerSpan.Contains(d.Span.Start) }) {
				e.diags = append(e.diags, d)
			}
		}
		e.placeSpliced(c, out, used)
		return
	}
	e.diags = append(e.diags, innerDiags...)
	if slices.ContainsFunc(sp.targets, func(t *spliceTarget) bool { return t.used > 0 }) {
		// A splice point ran, but the output cannot be split: render the
		// inner content in isolation instead.
		out, _ = e.exec(c, ctx, nil)
	} else {
		e.diags = append(e.diags, execDiags...)
	}
	if c.Markup {
		e.generated(out, c.Span) // Markdown, as Hugo reads {{% %}} output
		return
	}
	e.sentinel(c, out, c.Span, true)
}

// addTarget adds the inner content of c, rendered in ctx, to the splice
// targets, unless it is blank.
func (e *expander) addTarget(ts []*spliceTarget, c *Call, ctx *Context) []*spliceTarget {
	if strings.TrimSpace(ctx.inner) == "" {
		return ts
	}
	e.seq++
	return append(ts, &spliceTarget{inner: ctx.inner, deindent: deindent(ctx.inner), call: c, ctx: ctx,
		placeholder: "\U000F0000" + strconv.Itoa(e.seq) + "\U000F0001"})
}

// spliceOrder returns the targets whose placeholders split out, in
// order, and whether out can be split there: each placeholder once, and
// either the call's own inner content alone or the inner contents of the
// calls inside it in their order.
func spliceOrder(out string, sp *spliceState, c *Call) ([]*spliceTarget, bool) {
	var used []*spliceTarget
	last := -1
	for _, t := range sp.targets {
		if t.used == 0 {
			continue
		}
		i := strings.Index(out, t.placeholder)
		if t.used != 1 || i < 0 || strings.Count(out, t.placeholder) != 1 || i < last {
			return nil, false
		}
		last = i
		used = append(used, t)
	}
	if len(used) == 0 || used[0].call == c && len(used) > 1 {
		return nil, false
	}
	return used, true
}

// placeSpliced places the output of the spliced call c, cut at the
// placeholders of used, with each target's inner content expanded in
// between. Each part of the output maps to the tags around it.
func (e *expander) placeSpliced(c *Call, out string, used []*spliceTarget) {
	indent := e.indent(c)
	part := func(html string, from source.Span) {
		e.generated("\n\n"+indent, from)
		e.sentinel(c, html, from, true)
		e.generated("\n\n", from)
	}
	for i, t := range used {
		before, after, _ := strings.Cut(out, t.placeholder)
		from := c.Open
		switch {
		case t.call == c:
		case i == 0:
			from.End = t.call.Open.End
		default:
			from = source.Span{Start: used[i-1].call.Close.Start, End: t.call.Open.End}
		}
		part(before, from)
		e.place(t.call.Inner, t.ctx, true)
		out = after
	}
	from := c.Close
	if t := used[len(used)-1]; t.call != c {
		from.Start = t.call.Close.Start
	}
	part(out, from)
}

// remembered returns the Memo's output for c, a call without inner
// content, when exec would return it, before its context is made (most
// calls of a page are remembered ones).
func (e *expander) remembered(c *Call) (string, bool) {
	m := e.opts.Memo
	if m == nil || e.exceeded {
		return "", false
	}
	t, _ := e.set.template(c.Name)
	if t == nil || t.t == nil && !t.lazy {
		return "", false
	}
	var memo bool
	m.key, memo = t.src.memo.key(m.key[:0], c, "")
	out, hit := m.out[string(m.key)]
	if !memo || !hit || len(out) > e.budget {
		return "", false
	}
	e.budget -= len(out)
	return out, true
}

// exec runs c's template with ctx as the dot and reports what goes wrong at
// the call. It returns the output ("" on failure) and whether it succeeded.
func (e *expander) exec(c *Call, ctx *Context, sp *spliceState) (string, bool) {
	t, _ := e.set.template(c.Name)
	if e.exceeded || t == nil {
		return "", false
	}
	if t.t == nil && !t.lazy {
		e.brokenTemplate(c, t)
		return "", false
	}
	memo := false
	if m := e.opts.Memo; m != nil && sp == nil {
		// The key is built in the Memo's buffer and looked up without a
		// copy; only a new entry allocates its string.
		m.key, memo = t.src.memo.key(m.key[:0], c, ctx.inner)
		if out, hit := m.out[string(m.key)]; memo && hit && len(out) <= e.budget {
			e.budget -= len(out)
			return out, true
		}
	}
	reported := len(e.diags)
	st := &execState{
		report: func(sev diag.Severity, code, msg string) {
			e.diags.Add(diag.Diagnostic{File: e.f, Span: c.Open, Severity: sev, Code: code, Message: msg})
		},
		relref: e.opts.RelRef, markdownify: e.opts.Markdownify, splice: sp,
		page: e.page, site: e.site, budget: &e.budget,
	}
	prev := e.set.st
	e.set.st = st
	defer func() { e.set.st = prev }()
	w := &limitWriter{max: e.budget}
	handled, ok, err := false, false, error(nil)
	if t.src.native != nil && useNatives {
		handled, err = t.src.native(e.set, ctx, w)
		ok = err == nil
	}
	if !handled {
		if !e.set.compileLazy(t) {
			e.brokenTemplate(c, t)
			return "", false
		}
		ok, err = e.set.run(t, ctx, w)
	}
	if !ok {
		e.templateError(c, t, err)
		return "", false
	}
	e.budget -= w.buf.Len()
	out := w.buf.String()
	if m := e.opts.Memo; memo && len(e.diags) == reported && len(m.out) < memoCap {
		// Rebuilt rather than trusted: whatever ran during the
		// template may have used the buffer. Only a miss pays for it.
		m.key, _ = t.src.memo.key(m.key[:0], c, ctx.inner)
		m.out[string(m.key)] = out
	}
	return out, true
}

// brokenTemplate reports a call of a template that does not load; the
// template itself is reported once, by Load.
func (e *expander) brokenTemplate(c *Call, t *tmpl) {
	d := diag.Diagnostic{File: e.f, Span: c.Open, Severity: diag.Error, Code: codeTemplateError,
		Message: fmt.Sprintf("shortcode %q cannot render: its template %s does not load", c.Name, t.file().Name),
		Hint:    "fix the template; every page that calls it fails until then"}
	if b := t.src.bad; b != nil {
		d.Related = []diag.Related{{File: b.File, Span: b.Span, Message: b.Message}}
	}
	e.diags.Add(d)
}

// templateError reports a failed execution at the call, pointing at the
// template line when the error names one.
func (e *expander) templateError(c *Call, t *tmpl, err error) {
	if errors.Is(err, errOutputLimit) {
		e.exceeded = true
		e.diags.Add(diag.Diagnostic{File: e.f, Span: c.Open, Severity: diag.Error, Code: codeLimit,
			Message: fmt.Sprintf("shortcode output exceeds %d bytes; later calls are not rendered", e.budgetLimit()),
			Hint:    "check the parameters of this call"})
		return
	}
	line, msg := splitExecError(err, t.file().Name)
	d := diag.Diagnostic{File: e.f, Span: c.Open, Severity: diag.Error, Code: codeTemplateError,
		Message: fmt.Sprintf("shortcode %q failed: %s", c.Name, msg),
		Hint:    "check the call's parameters against the template"}
	if line > 0 {
		// text/template numbers lines at LF only, whatever the editor
		// shows: map its line under its own convention.
		sp := source.NewLines(t.file().Content, source.LFBreaks).LineSpan(line)
		d.Related = []diag.Related{{File: t.file(), Span: sp, Message: "the template failed here"}}
	}
	e.diags.Add(d)
}

func (e *expander) budgetLimit() int {
	if e.opts.MaxOutput > 0 {
		return e.opts.MaxOutput
	}
	return DefaultMaxOutput
}

// splitExecError extracts the template line and the message from a
// text/template execution error. text/template exposes no structured
// position (ExecError holds only the template name and a formatted error
// "template: NAME:LINE:COL: executing "NAME" at <…>: MSG"), so the location
// is read back from that fixed format; anything else keeps line 0.
func splitExecError(err error, name string) (line int, msg string) {
	msg = err.Error()
	rest, ok := strings.CutPrefix(msg, "template: "+name+":")
	if !ok {
		return 0, msg
	}
	digits := 0
	for digits < len(rest) && rest[digits] >= '0' && rest[digits] <= '9' {
		digits++
	}
	line, _ = strconv.Atoi(rest[:digits])
	if i := strings.Index(rest, ">: "); i >= 0 {
		return line, rest[i+3:]
	}
	if i := strings.Index(rest, ": "); i >= 0 {
		return line, rest[i+2:]
	}
	return line, msg
}

// appendNames appends to names the name of every call in nodes, nested
// ones too, in document order.
func appendNames(names []string, nodes []Node) []string {
	for _, n := range nodes {
		if c, ok := n.(*Call); ok {
			names = append(names, c.Name)
			names = appendNames(names, c.Inner)
		}
	}
	return names
}
