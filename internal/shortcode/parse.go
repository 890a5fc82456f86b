package shortcode

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// MaxDepth bounds how deeply paired calls nest, so hostile input cannot
// exhaust the stack of the expander.
const MaxDepth = 64

// Lookup tells the parser which shortcodes exist and whether each takes
// inner content. *Set implements it.
type Lookup interface {
	// UsesInner reports whether the template of name references .Inner or
	// .InnerDeindent; ok is false when there is no such template.
	UsesInner(name string) (inner, ok bool)
	// Names returns the known shortcode names, sorted.
	Names() []string
}

// Parse parses the body (a span of f) into nodes. Every problem is reported
// and parsing carries on: broken calls are kept with Broken set, so that
// pairing still works around them.
func Parse(f *source.File, body source.Span, known Lookup) ([]Node, diag.List) {
	return parseCalls(f, body, known, nil)
}

// parseCalls is Parse with the strings and values of calls made by strs
// (which may be nil).
func parseCalls(f *source.File, body source.Span, known Lookup, strs *interner) ([]Node, diag.List) {
	return parseInto(f, body, known, strs, nil)
}

// parseStore is storage for the calls, parameters and top level of a
// parse whose nodes the caller drops before the next parse (Expand's),
// reused from parse to parse; see reserve.
type parseStore struct {
	calls  []Call
	params []Param
	root   []Node
}

// clear drops what the last parse left, so that the storage keeps no
// page's strings or nodes alive.
func (st *parseStore) clear() {
	clear(st.calls)
	clear(st.params)
	clear(st.root[:cap(st.root)])
	st.root = st.root[:0]
}

// parseInto is parseCalls with the first chunks taken from st, when not
// nil.
func parseInto(f *source.File, body source.Span, known Lookup, strs *interner, st *parseStore) ([]Node, diag.List) {
	p := &parser{f: f, known: known, lex: newLexer(f.Content, body.Start, body.End), strs: strs}
	p.lex.strs = strs
	p.reserve(f.Content[body.Start:body.End], st)
	p.checkSentinels(body)
	p.run()
	return p.root, p.diags
}

type parser struct {
	f     *source.File
	known Lookup
	lex   *lexer
	strs  *interner
	root  []Node
	stack []*Call // open paired calls, innermost last
	// tooDeep holds the names of the paired calls opened beyond
	// MaxDepth, innermost last: they are reported once, as one
	// shortcode-limit, and their closing tags pair with them silently.
	tooDeep []string
	// unknown maps the name of each unknown shortcode called on the page
	// to its diagnostic (index in diags, plus one) and its call count: a
	// page reports a name once, however often it calls it.
	unknown map[string]*unknownCalls
	// strayClose maps an open paired call to the first closing tag, while
	// it was innermost, of a shortcode that takes no closing tag (index in
	// diags): if the call is never closed, that tag was its misspelt close,
	// and the two findings become one shortcode-mismatched-close.
	strayClose map[*Call]strayClose
	diags      diag.List
	peeked     []item
	// cur is the tag being scanned and prms the storage of its
	// parameters, reused from tag to tag: a call gets its own copy of
	// the parameters, in one allocation of the right size.
	cur  tag
	prms []Param
	// calls and params are the storage of the page's calls and of their
	// parameters, taken in chunks: a page of sitevar calls made two
	// allocations per call.
	calls       []Call
	params      []Param
	chunk, pchk int // the sizes of the last chunks of calls and params
	// callEst and paramEst size the first chunks (see estimateCalls);
	// zero once taken.
	callEst, paramEst int
}

// reserve sizes the first chunks of calls and parameters and the top
// level for body (see estimateCalls), taking them from st when it has
// room (and growing st when not).
func (p *parser) reserve(body []byte, st *parseStore) {
	calls, params := estimateCalls(body)
	// Capped: a body of empty or broken tags ("{{<>}}" a million times)
	// makes no calls, and must not reserve room for them.
	p.callEst, p.paramEst = min(calls, maxCallEst), min(params, 4*maxCallEst)
	// The top level alternates text and calls: made at that size, rather
	// than grown from nothing by appends (a page of 13 calls made six).
	nroot := 2*p.callEst + 1
	if st == nil {
		p.root = make([]Node, 0, nroot)
		return
	}
	if cap(st.calls) < p.callEst {
		st.calls = make([]Call, p.callEst)
	}
	if cap(st.params) < p.paramEst {
		st.params = make([]Param, p.paramEst)
	}
	if cap(st.root) < nroot {
		st.root = make([]Node, 0, nroot)
	}
	st.calls, st.params = st.calls[:p.callEst], st.params[:p.paramEst]
	p.calls, p.params, p.root = st.calls, st.params, st.root[:0]
	p.callEst, p.paramEst = 0, 0 // taken
}

// maxCallEst bounds the first chunk of calls (48 KiB) and, four times
// it, of parameters: a page of guide calls more than a hundred times.
const maxCallEst = 256

// estimateCalls counts the opening tags in src and the '=' inside them:
// about the calls and the parameters the parser will make, so that their
// first chunks are one allocation of about their size (chunks doubling
// from 4 took half again what they held). A closing or escaped tag
// ("{{< /", "{{</*") is no call; a positional parameter or a tag without
// its end makes the count short, and chunks then double from there.
func estimateCalls(src []byte) (calls, params int) {
	for {
		i := bytes.Index(src, []byte("{{"))
		if i < 0 || i+2 == len(src) {
			return calls, params
		}
		src = src[i+2:]
		d := src[0]
		if d != '<' && d != '%' {
			continue
		}
		j := 1
		for j < len(src) && src[j] == ' ' {
			j++
		}
		if j == len(src) || src[j] == '/' {
			continue
		}
		calls++
		if d == '<' {
			d = '>'
		}
		end := bytes.Index(src, []byte{d, '}', '}'})
		if end < 0 {
			return calls, params
		}
		params += bytes.Count(src[:end], []byte("="))
		src = src[end:]
	}
}

// newCall returns a Call from the parser's storage: a first chunk of the
// estimated size, then chunks doubling from 4 to 64, so that a page of
// one call takes little more than one.
func (p *parser) newCall() *Call {
	if len(p.calls) == 0 {
		n := p.callEst
		if n == 0 {
			p.chunk = min(64, max(4, 2*p.chunk))
			n = p.chunk
		}
		p.calls, p.callEst = make([]Call, n), 0
	}
	c := &p.calls[0]
	p.calls = p.calls[1:]
	return c
}

// keepParams returns a copy of prms in the parser's storage, its capacity
// its length (so that no append reaches another call's).
func (p *parser) keepParams(prms []Param) []Param {
	if len(prms) == 0 {
		return nil
	}
	if len(p.params) < len(prms) {
		n := p.paramEst
		if n < len(prms) {
			p.pchk = min(64, max(8, 2*p.pchk))
			n = max(p.pchk, len(prms))
		}
		p.params, p.paramEst = make([]Param, n), 0
	}
	kept := p.params[:len(prms):len(prms)]
	copy(kept, prms)
	p.params = p.params[len(prms):]
	return kept
}

// tag is one tag as scanned, before it becomes (part of) a Call.
type tag struct {
	span      source.Span // left delimiter through right delimiter
	markup    bool
	closing   bool // `{{< /name >}}`
	selfClose bool // `{{< name />}}`
	slash     source.Span
	name      string
	nameSpan  source.Span
	named     bool
	params    []Param
	broken    bool
	ended     bool              // the right delimiter was found
	diags     []diag.Diagnostic // problems inside the tag, reported when it ends
}

// problem records a problem inside t; it is reported only if the tag is
// terminated, since otherwise the missing delimiter explains everything.
func (p *parser) problem(t *tag, sp source.Span, code, hint, format string, args ...any) *diag.Diagnostic {
	t.broken = true
	var l diag.List
	l.Addf(p.f, sp, diag.Error, code, hint, format, args...)
	t.diags = append(t.diags, l[0])
	return &t.diags[len(t.diags)-1]
}

func (p *parser) next() item {
	if n := len(p.peeked); n > 0 {
		it := p.peeked[n-1]
		p.peeked = p.peeked[:n-1]
		return it
	}
	return p.lex.nextItem()
}

func (p *parser) peek() item {
	it := p.next()
	p.peeked = append(p.peeked, it)
	return it
}

func (p *parser) report(sp source.Span, sev diag.Severity, code, hint, format string, args ...any) *diag.Diagnostic {
	p.diags.Addf(p.f, sp, sev, code, hint, format, args...)
	return &p.diags[len(p.diags)-1]
}

func (p *parser) checkSentinels(body source.Span) {
	src := p.f.Content[:body.End]
	for off := body.Start; ; {
		i := bytes.Index(src[off:], []byte(Sentinel))
		if i < 0 {
			return
		}
		at := off + i
		d := p.report(source.Span{Start: at, End: at + len(Sentinel)}, diag.Error, codeSentinel,
			"remove the character; guidec uses it internally to stand for shortcode output",
			"the guide contains U+FFFC OBJECT REPLACEMENT CHARACTER, which is reserved")
		d.Fix = &diag.Fix{Message: "remove U+FFFC", Edits: []diag.Edit{{Span: d.Span}}}
		off = at + len(Sentinel)
	}
}

func (p *parser) run() {
	for {
		it := p.next()
		switch it.typ {
		case itemEOF:
			p.finish()
			return
		case itemText:
			p.add(Text{Span: source.Span{Start: it.pos, End: it.end}})
		case itemEscaped:
			p.escaped(it)
		case itemError:
			p.reportItem(it)
		case itemLeftDelim, itemLeftDelimMarkup:
			p.tag(it)
		}
	}
}

func (p *parser) reportItem(it item) {
	p.report(source.Span{Start: it.pos, End: it.end}, diag.Error, it.err.code, it.err.hint, "%s", it.val)
}

// add appends n to the innermost open call, or to the root.
func (p *parser) add(n Node) {
	if k := len(p.stack); k > 0 {
		top := p.stack[k-1]
		top.Inner = append(top.Inner, n)
		return
	}
	p.root = append(p.root, n)
}

// escaped collects the three pieces the lexer emits for an escaped call.
func (p *parser) escaped(first item) {
	e := Escaped{Parts: [3]source.Span{{Start: first.pos, End: first.end}}}
	for i := 1; i < 3; i++ {
		it := p.next()
		e.Parts[i] = source.Span{Start: it.pos, End: it.end}
	}
	e.Span = source.Span{Start: e.Parts[0].Start, End: e.Parts[2].End}
	p.add(e)
}

// tag scans one tag from its left delimiter and acts on it.
func (p *parser) tag(left item) {
	t := &p.cur
	*t = tag{span: source.Span{Start: left.pos, End: left.end}, markup: left.typ == itemLeftDelimMarkup, params: p.prms[:0]}
	defer func() { p.prms = t.params[:0] }()
	for done := false; !done; {
		it := p.next()
		t.span.End = it.end
		switch it.typ {
		case itemRightDelim, itemRightDelimMarkup:
			t.ended, done = true, true
			p.diags = append(p.diags, t.diags...)
		case itemError:
			if it.err.code == codeUnterminated && p.swallowedClose(t, &it) {
				// The quote left open is the earlier one whose value ran
				// over the tag's end; the problems after it are its
				// consequences.
				t.diags = nil
			}
			if it.err.ended {
				p.diags = append(p.diags, t.diags...)
			}
			p.reportItem(it)
			t.broken, t.ended, done = true, it.err.ended, true
			t.span.End = it.err.resume
		case itemClose:
			p.slash(t, it)
		case itemName:
			t.name, t.nameSpan = it.val, source.Span{Start: it.pos, End: it.end}
		case itemParam:
			p.param(t, it)
		default: // itemEOF: the lexer has reported the unterminated tag
			t.broken, done = true, true
			t.span.End = it.pos
		}
	}
	if t.name == "" {
		if !t.broken {
			p.report(t.span, diag.Error, codeBadChar, "write the shortcode's name after the opening delimiter",
				"missing shortcode name")
		}
		return
	}
	if t.closing {
		p.closeTag(t)
		return
	}
	p.openTag(t)
}

// swallowedClose reports whether a quoted value of t holds a right
// delimiter, as a value does whose closing quote is missing: the value
// then ran to the next quote. It moves the unterminated-quote finding it
// to that value's opening quote.
func (p *parser) swallowedClose(t *tag, it *item) bool {
	for _, prm := range t.params {
		v := p.f.Content[prm.ValueSpan.Start:prm.ValueSpan.End]
		if len(v) > 0 && v[0] == '"' && (bytes.Contains(v, []byte(">}}")) || bytes.Contains(v, []byte("%}}"))) {
			it.pos, it.end = prm.ValueSpan.Start, prm.ValueSpan.Start+1
			return true
		}
	}
	return false
}

// slash handles '/': before the name it makes a closing tag; after it, it
// must end the tag (self-closing).
func (p *parser) slash(t *tag, it item) {
	sp := source.Span{Start: it.pos, End: it.end}
	switch {
	case t.name == "" && !t.closing:
		t.closing = true
	case t.name != "" && !t.closing && !t.selfClose && p.peek().typ == p.rightDelimType(t):
		t.selfClose, t.slash = true, sp
	default:
		p.problem(t, sp, codeBadChar, "write '/' right after the opening delimiter of a closing tag, or just before the closing delimiter of a self-closing tag",
			"unexpected '/' in shortcode tag")
	}
}

func (p *parser) rightDelimType(t *tag) itemType {
	if t.markup {
		return itemRightDelimMarkup
	}
	return itemRightDelim
}

// param adds a parameter (and its value, for a named one) to t.
func (p *parser) param(t *tag, it item) {
	prm := Param{Value: p.strs.value(it.val, it.quoted), ValueSpan: source.Span{Start: it.pos, End: it.end}}
	named := p.peek().typ == itemParamVal
	if it.key && !named { // the value failed to lex and is reported
		t.broken = true
		return
	}
	if named {
		v := p.next()
		prm = Param{Key: it.val, KeySpan: prm.ValueSpan, Value: p.strs.value(v.val, v.quoted),
			ValueSpan: source.Span{Start: v.pos, End: v.end}}
		t.span.End = v.end
	}
	sp := source.Span{Start: it.pos, End: prm.ValueSpan.End}
	switch {
	case t.closing || t.selfClose:
		p.problem(t, sp, codeBadChar, "move parameters to the opening tag, before any '/'",
			"unexpected parameter after '/' in shortcode tag")
	case len(t.params) > 0 && named != t.named:
		p.problem(t, sp, codeMixedParams, `write every parameter as key="value", or none`,
			"cannot mix named and positional parameters")
	default:
		t.named = named
		t.params = append(t.params, prm)
	}
}

// openTag turns an opening tag into a call; a paired one stays open until
// its closing tag.
func (p *parser) openTag(t *tag) {
	c := p.newCall()
	*c = Call{Name: t.name, NameSpan: t.nameSpan, Markup: t.markup, Params: p.keepParams(t.params), Named: t.named,
		Open: t.span, Span: t.span, SelfClosed: t.selfClose, Broken: t.broken}
	p.add(c)
	inner, ok := p.known.UsesInner(t.name)
	if !ok {
		p.unknownName(t.name, t.nameSpan)
		c.Broken = true
		return
	}
	if !inner || t.selfClose || !t.ended {
		return
	}
	if len(p.stack) >= MaxDepth {
		if len(p.tooDeep) == 0 {
			p.report(t.span, diag.Error, codeLimit, "flatten the nesting",
				"shortcode calls nest more than %d deep", MaxDepth)
		}
		p.tooDeep = append(p.tooDeep, t.name)
		c.Broken = true
		return
	}
	p.stack = append(p.stack, c)
}

// unknownCalls is the finding of one unknown shortcode name on a page.
type unknownCalls struct {
	diag  int // index in parser.diags
	calls int
}

// maxUnknownNotes bounds the "also called here" notes of one unknown name.
const maxUnknownNotes = 20

// unknownName reports a call of a shortcode that no template defines: the
// first call of each name on a page, with the others as notes (and in its
// fix, when one name is near), so that a theme's shortcode the page calls
// ten times is one finding.
func (p *parser) unknownName(name string, sp source.Span) {
	if u := p.unknown[name]; u != nil {
		u.calls++
		d := &p.diags[u.diag]
		d.Message = fmt.Sprintf("unknown shortcode %q (%d calls on this page, each rendering nothing)", name, u.calls)
		if len(d.Related) < maxUnknownNotes {
			d.Related = append(d.Related, diag.Related{File: p.f, Span: sp, Message: "also called here"})
		}
		if d.Fix != nil {
			d.Fix.Edits = append(d.Fix.Edits, diag.Edit{Span: sp, NewText: d.Fix.Edits[0].NewText})
		}
		return
	}
	known := p.known.Names()
	hint, fix := suggest(name, known)
	if len(known) > 8 && !strings.HasPrefix(hint, "did you mean") {
		// No name is near, and the list of every name says nothing more
		// than where a template would go.
		hint = fmt.Sprintf("no template is named %q or a name near it, among the built-in shortcodes and the project's own; a theme's or a module's shortcodes are not loaded: give it a template (%s.html in the project's layouts/_shortcodes/, or in --shortcodes)", name, name)
	}
	d := p.report(sp, diag.Error, codeUnknown, hint, "unknown shortcode %q", name)
	if p.unknown == nil {
		p.unknown = map[string]*unknownCalls{}
	}
	p.unknown[name] = &unknownCalls{diag: len(p.diags) - 1, calls: 1}
	if fix != "" {
		d.Fix = &diag.Fix{Message: fmt.Sprintf("replace with %q", fix), Edits: []diag.Edit{{Span: sp, NewText: fix}}}
	}
}

// closeTag pairs a closing tag with the innermost open call of that name.
// Calls opened after it are unclosed: their content moves up a level.
func (p *parser) closeTag(t *tag) {
	if n := len(p.tooDeep); n > 0 {
		if p.tooDeep[n-1] == t.name {
			p.tooDeep = p.tooDeep[:n-1]
			return
		}
		// Not the close of the innermost too-deep call: those are
		// unclosed, which the limit already explains.
		p.tooDeep = nil
	}
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i].Name != t.name {
			continue
		}
		for len(p.stack)-1 > i {
			p.unclosed()
		}
		p.close(t)
		return
	}
	inner, ok := p.known.UsesInner(t.name)
	switch {
	case !ok && p.unknown[t.name] != nil: // its opening tag was reported
	case len(p.stack) > 0 && (!ok || inner):
		top := p.stack[len(p.stack)-1]
		d := p.report(t.nameSpan, diag.Error, codeMismatchedClose, fmt.Sprintf("close %q before closing %q", top.Name, t.name),
			"closing tag for %q does not match the open %q", t.name, top.Name)
		d.Related = []diag.Related{{File: p.f, Span: top.Open, Message: fmt.Sprintf("%q opened here", top.Name)}}
		d.Fix = &diag.Fix{Message: fmt.Sprintf("close %q", top.Name), Edits: []diag.Edit{{Span: t.nameSpan, NewText: top.Name}}}
		p.close(t) // assume a misspelt name, so that the open call does not cascade
	case !ok:
		p.unknownName(t.name, t.nameSpan)
	case !inner:
		d := p.report(t.span, diag.Error, codeUnexpectedClose, "remove the closing tag",
			"shortcode %q does not use .Inner, so it takes no closing tag", t.name)
		d.Fix = &diag.Fix{Message: "remove the closing tag", Edits: []diag.Edit{{Span: t.span}}}
		if k := len(p.stack); k > 0 {
			top := p.stack[k-1]
			if _, seen := p.strayClose[top]; !seen {
				if p.strayClose == nil {
					p.strayClose = map[*Call]strayClose{}
				}
				p.strayClose[top] = strayClose{diag: len(p.diags) - 1, name: t.name, nameSpan: t.nameSpan}
			}
		}
	default:
		p.report(t.span, diag.Error, codeUnexpectedClose, "remove the closing tag, or add the opening tag before it",
			"closing tag for %q has no opening tag", t.name)
	}
}

// strayClose is a closing tag of a shortcode that takes none, met while a
// paired call was open.
type strayClose struct {
	diag     int
	name     string
	nameSpan source.Span
}

// close pairs the innermost open call with the closing tag t.
func (p *parser) close(t *tag) {
	c := p.stack[len(p.stack)-1]
	p.stack = p.stack[:len(p.stack)-1]
	c.Paired = true
	c.Close = t.span
	c.Span = source.Span{Start: c.Open.Start, End: t.span.End}
	c.InnerSpan = source.Span{Start: c.Open.End, End: t.span.Start}
}

// unclosed reports the innermost open call as never closed and moves its
// content after it, into its container.
func (p *parser) unclosed() {
	c := p.stack[len(p.stack)-1]
	p.stack = p.stack[:len(p.stack)-1]
	l, r := "{{<", ">}}"
	if c.Markup {
		l, r = "{{%", "%}}"
	}
	if sc, ok := p.strayClose[c]; ok {
		// The stray closing tag was this call's close, misspelt.
		d := &p.diags[sc.diag]
		d.Code, d.Span = codeMismatchedClose, sc.nameSpan
		d.Message = fmt.Sprintf("closing tag for %q does not match the open %q", sc.name, c.Name)
		d.Hint = fmt.Sprintf("close %q here", c.Name)
		d.Related = []diag.Related{{File: p.f, Span: c.Open, Message: fmt.Sprintf("%q opened here", c.Name)}}
		d.Fix = &diag.Fix{Message: fmt.Sprintf("close %q", c.Name), Edits: []diag.Edit{{Span: sc.nameSpan, NewText: c.Name}}}
	} else {
		p.report(c.Open, diag.Error, codeUnclosed,
			fmt.Sprintf("add %s /%s %s after its content, or self-close it as %s %s /%s", l, c.Name, r, l, c.Name, r),
			"shortcode %q uses .Inner but is never closed", c.Name)
	}
	inner := c.Inner
	c.Inner = nil
	for _, n := range inner {
		p.add(n)
	}
}

// finish closes what is still open and links parents and ordinals.
func (p *parser) finish() {
	for len(p.stack) > 0 {
		p.unclosed()
	}
	link(p.root, nil)
}

func link(nodes []Node, parent *Call) {
	ord := 0
	for _, n := range nodes {
		if c, ok := n.(*Call); ok {
			c.Parent, c.Ordinal = parent, ord
			ord++
			link(c.Inner, c)
		}
	}
}
