package shortcode

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"slices"
	"sync/atomic"
	"text/template/parse"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// Set is the shortcode templates of a site, parsed once, with the
// partials and data they use. Executing a Set is not safe for concurrent
// use (template functions share the state of the call being rendered);
// give each worker its own Set with Clone.
type Set struct {
	lib      *library
	funcs    template.FuncMap
	tmpls    map[string]*tmpl
	partials map[string]*tmpl // compiled on first call
	st       *execState       // the call being rendered; nil between calls
	depth    int              // partial calls in progress
	cached   map[string]template.HTML
	// loaded marks the Set Load returned, whose templates Load compiled;
	// lent is set once ForWorker has given it to a worker.
	loaded bool
	lent   atomic.Bool
}

// tmpl is a shortcode or partial template of one Set.
type tmpl struct {
	t   *template.Template // nil when the template does not load (or is lazy)
	src *tmplSrc
	err *diag.Diagnostic // a partial's compile error, found on first call
	// lazy marks a Verified template with a native function, not compiled
	// yet: the native renders its usual calls, and compileLazy compiles it
	// for the first call the native leaves to the template.
	lazy bool
}

func (t *tmpl) file() *source.File { return t.src.file }

// execState is what template functions need while one call renders.
type execState struct {
	report      func(sev diag.Severity, code, msg string)
	relref      func(ref string) (string, bool)
	markdownify func(string) (template.HTML, error)
	splice      *spliceState // nil unless the call's inner may be spliced
	page        *PageContext
	site        *SiteContext
	budget      *int // template output bytes still allowed
	escaping    bool // a run of escape: partials are not called
}

func newSet(lib *library) *Set {
	s := &Set{lib: lib, tmpls: map[string]*tmpl{}, partials: map[string]*tmpl{}}
	s.funcs = s.funcMap()
	return s
}

// prepared compiles src for s; a template that does not load stays
// without one, and calls of it fail.
func (s *Set) prepared(src *tmplSrc) *tmpl {
	t := &tmpl{src: src}
	switch {
	case src.bad != nil:
	case src.verified && src.native != nil:
		t.lazy = true
	default:
		t.t, _ = s.compile(src) // Load found every error
	}
	return t
}

// compileLazy compiles the lazy template t; it reports false when it does
// not load, which a Verified template always does.
func (s *Set) compileLazy(t *tmpl) bool {
	if t.lazy {
		t.t, _ = s.compile(t.src)
		t.lazy = false
	}
	return t.t != nil
}

// compile parses src with the functions of s, marks its splice points
// (see markSplices) and has html/template escape it now, so that an
// escaping error is a load error rather than a failure of the first page
// that uses it.
func (s *Set) compile(src *tmplSrc) (*template.Template, error) {
	t, err := s.parsed(src)
	if err != nil {
		return nil, err
	}
	markSplices(t)
	lowerParams(t)
	if err := s.escape(t); err != nil {
		return nil, err
	}
	confirmSplices(t)
	return t, nil
}

// parsed returns src's templates with the functions of s: copies of the
// trees Load parsed, or a parse of the file when there are none.
func (s *Set) parsed(src *tmplSrc) (*template.Template, error) {
	name := src.file.Name
	root := template.New(name).Funcs(s.funcs)
	trees := treesOf(src)
	if trees[name] == nil {
		return root.Parse(string(src.file.Content))
	}
	var main *template.Template
	for _, tr := range sortedTrees(trees) {
		// The escaper rewrites the trees of a Set's templates: each Set
		// gets its own copy.
		t, err := root.AddParseTree(tr.Name, tr.Copy())
		if err != nil {
			return nil, err
		}
		if tr.Name == name {
			// AddParseTree gives the template of root's own name a new
			// *Template in the set, holding the tree; root keeps none.
			main = t
		}
	}
	return main, nil
}

// Clone returns an independent Set with the same templates, for another
// worker goroutine. The clone compiles each template again on its first
// call (see template): a worker pays only for the shortcodes its pages
// use. The error is never set for a Set that Load returned.
func (s *Set) Clone() (*Set, error) {
	return newSet(s.lib), nil
}

// ForWorker returns a Set for one worker goroutine. The first call on the
// Set that Load returned returns that Set itself: Load has compiled (and
// escaped) every shortcode and the partials they reach, which a clone
// would compile again on first call, so the first worker, often the only
// one, compiles nothing twice. Every other call returns a Clone. The Set
// given away must then be used by that worker only, as any Set; the
// methods that read what Load read (Names, File, Diagnostics, SameSupport,
// Clone) stay safe on it from any goroutine.
func (s *Set) ForWorker() (*Set, error) {
	if s.loaded && s.lent.CompareAndSwap(false, true) {
		return s, nil
	}
	return s.Clone()
}

// template returns shortcode name's template for s, compiling it on first
// use; ok is false when the set has no such shortcode.
func (s *Set) template(name string) (t *tmpl, ok bool) {
	if t, ok := s.tmpls[name]; ok {
		return t, true
	}
	src, ok := s.lib.shortcodes[name]
	if !ok {
		return nil, false
	}
	t = s.prepared(src)
	s.tmpls[name] = t
	return t, true
}

// escape makes html/template escape t now. html/template escapes a
// template on its first execution, before running any of it; escape
// executes t with a plain text node put first, into a writer that fails
// at the first byte, so that none of the template's own code runs (no
// loop, no partial, no function) and the escaper sees the same contexts.
// The node is removed again afterwards.
func (s *Set) escape(t *template.Template) error {
	prev := s.st
	s.st = &execState{report: func(diag.Severity, string, string) {}, escaping: true}
	defer func() { s.st = prev }()
	root := t.Tree.Root
	probe := &parse.TextNode{NodeType: parse.NodeText, Pos: root.Pos, Text: []byte(escapeProbe)}
	root.Nodes = append([]parse.Node{probe}, root.Nodes...)
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = nil
			}
		}()
		return t.Execute(failWriter{}, nil)
	}()
	for _, d := range t.Templates() {
		// The escaper may have copied the tree of t for another context.
		if d.Tree != nil && len(d.Tree.Root.Nodes) > 0 {
			if n, ok := d.Tree.Root.Nodes[0].(*parse.TextNode); ok && string(n.Text) == escapeProbe {
				d.Tree.Root.Nodes = d.Tree.Root.Nodes[1:]
			}
		}
	}
	var terr *template.Error
	if errors.As(err, &terr) && terr.ErrorCode != template.ErrorCode(0) {
		return err
	}
	return nil
}

// escapeProbe is the text escape puts first: plain text, which leaves the
// escaper's context as it starts.
const escapeProbe = "guidec"

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errStopEscape }

var errStopEscape = errors.New("escaped")

// run executes t, turning a panic inside a template function into an error
// so that no input can bring the process down.
func (s *Set) run(t *tmpl, data any, w io.Writer) (ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			ok, err = false, fmt.Errorf("template %s: panic: %v", t.file().Name, r)
		}
	}()
	if err := t.t.Execute(w, data); err != nil {
		return false, err
	}
	return true, nil
}

// UsesInner implements Lookup.
func (s *Set) UsesInner(name string) (inner, ok bool) {
	src, ok := s.lib.shortcodes[name]
	if !ok {
		return false, false
	}
	return src.inner, true
}

// Names implements Lookup: the shortcode names, sorted.
func (s *Set) Names() []string { return s.lib.names }

// File returns the template file of shortcode name, or nil.
func (s *Set) File(name string) *source.File {
	if src, ok := s.lib.shortcodes[name]; ok {
		return src.file
	}
	return nil
}

// usesInner walks a template tree for a reference to .Inner or
// .InnerDeindent of the dot or of $ (Hugo's rule for "this shortcode takes
// inner content", found from the tree rather than by searching the text).
func usesInner(n parse.Node) bool {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return false
		}
		return slices.ContainsFunc(n.Nodes, usesInner)
	case *parse.ActionNode:
		return usesInner(n.Pipe)
	case *parse.PipeNode:
		if n == nil {
			return false
		}
		return slices.ContainsFunc(n.Cmds, func(c *parse.CommandNode) bool { return usesInner(c) })
	case *parse.CommandNode:
		return slices.ContainsFunc(n.Args, usesInner)
	case *parse.FieldNode:
		return isInnerIdent(n.Ident)
	case *parse.VariableNode:
		return len(n.Ident) > 1 && n.Ident[0] == "$" && isInnerIdent(n.Ident[1:])
	case *parse.ChainNode:
		if _, dot := n.Node.(*parse.DotNode); dot && isInnerIdent(n.Field) {
			return true
		}
		return usesInner(n.Node)
	case *parse.IfNode:
		return usesBranch(&n.BranchNode)
	case *parse.RangeNode:
		return usesBranch(&n.BranchNode)
	case *parse.WithNode:
		return usesBranch(&n.BranchNode)
	case *parse.TemplateNode:
		return usesInner(n.Pipe)
	}
	return false
}

func usesBranch(b *parse.BranchNode) bool {
	return usesInner(b.Pipe) || usesInner(b.List) || usesInner(b.ElseList)
}

func isInnerIdent(ident []string) bool {
	return len(ident) > 0 && (ident[0] == "Inner" || ident[0] == "InnerDeindent")
}

// limitWriter fails once more than max bytes are written, bounding the
// output a hostile call can produce.
type limitWriter struct {
	buf bytes.Buffer
	max int
}

var errOutputLimit = errors.New("shortcode output limit exceeded")

// Write implements io.Writer.
func (w *limitWriter) Write(p []byte) (int, error) {
	if w.buf.Len()+len(p) > w.max {
		return 0, errOutputLimit
	}
	return w.buf.Write(p)
}

// SameSupport reports whether s and o have the same partials and data,
// which any template may use: when they differ, every page rendered with
// one Set may render differently with the other.
func (s *Set) SameSupport(o *Set) bool {
	if s.lib == o.lib {
		return true
	}
	a, b := s.lib.partials, o.lib.partials
	if len(a) != len(b) {
		return false
	}
	for n, p := range a {
		q, ok := b[n]
		if !ok || p.file.Name != q.file.Name || string(p.file.Content) != string(q.file.Content) {
			return false
		}
	}
	return reflect.DeepEqual(s.lib.data, o.lib.data)
}
