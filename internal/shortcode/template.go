package shortcode

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"text/template/parse"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// Set is the shortcode templates of a site, parsed once. Executing a Set is
// not safe for concurrent use (template functions share the state of the
// call being rendered); give each worker its own Set with Clone.
type Set struct {
	dir   string
	srcs  map[string][]byte // name → template source, kept for Clone
	tmpls map[string]*tmpl
	names []string
	st    *execState // the call being rendered; nil between calls
}

type tmpl struct {
	t     *template.Template
	file  *source.File // the template file, for Related locations
	inner bool         // references .Inner or .InnerDeindent
	memo  memoKind     // whether a Memo may remember its output
}

// execState is what template functions need while one call renders.
type execState struct {
	report      func(sev diag.Severity, code, msg string)
	relref      func(ref string) (string, bool)
	markdownify func(string) (template.HTML, error)
	splice      *spliceState // nil unless the call's inner may be spliced
}

// spliceState lets markdownify recognise the current call's own inner
// content and stand a placeholder in for it (see Expand).
type spliceState struct {
	inner, deindent string
	placeholder     string
	used            int // times markdownify returned the placeholder
}

// LoadTemplates parses every dir/NAME.html in fsys as the template of
// shortcode NAME. A template that does not parse, or that html/template
// cannot escape, is an error naming the file and line.
func LoadTemplates(fsys fs.FS, dir string) (*Set, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("load shortcodes: %w", err)
	}
	srcs := map[string][]byte{}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".html")
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if !validName(name) {
			return nil, fmt.Errorf("load %s: %q is not a valid shortcode name (letters, digits, '-' and '_')", path.Join(dir, e.Name()), name)
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("load shortcodes: %w", err)
		}
		srcs[name] = b
	}
	return newSet(dir, srcs)
}

func validName(name string) bool {
	if name == "" {
		return false
	}
	for i, r := range name {
		if !isAlphaNumericOrHyphen(r) || i == 0 && r == '-' {
			return false
		}
	}
	return true
}

// Clone returns an independent Set with the same templates, for another
// worker goroutine. It re-parses the sources, which takes microseconds; the
// error is never set for a Set that LoadTemplates returned.
func (s *Set) Clone() (*Set, error) {
	return newSet(s.dir, s.srcs)
}

func newSet(dir string, srcs map[string][]byte) (*Set, error) {
	s := &Set{dir: dir, srcs: srcs, tmpls: map[string]*tmpl{}}
	funcs := s.funcMap()
	for name, src := range srcs {
		file := source.NewFile(path.Join(dir, name+".html"), src)
		t, err := template.New(file.Name).Funcs(funcs).Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("load shortcodes: %w", err)
		}
		inner := false
		for _, d := range t.Templates() {
			if d.Tree != nil && usesInner(d.Tree.Root) {
				inner = true
			}
		}
		s.tmpls[name] = &tmpl{t: t, file: file, inner: inner, memo: memoKindOf(t)}
		s.names = append(s.names, name)
	}
	slices.Sort(s.names)
	for _, name := range s.names {
		if err := s.escape(s.tmpls[name]); err != nil {
			return nil, fmt.Errorf("load shortcodes: %w", err)
		}
	}
	return s, nil
}

// escape makes html/template escape t now, so that an escaping error is a
// load error rather than a failure of the first page that uses t.
// html/template escapes on first execution; a run with an empty call and a
// silent state does that, and its own execution errors are irrelevant.
func (s *Set) escape(t *tmpl) error {
	s.st = &execState{report: func(diag.Severity, string, string) {}}
	defer func() { s.st = nil }()
	ctx := newContext(&Call{}, nil, nil, newPageContext(PageInfo{}), newSiteContext(SiteInfo{}))
	_, err := s.run(t, ctx, io.Discard)
	var terr *template.Error
	if errors.As(err, &terr) && terr.ErrorCode != template.ErrorCode(0) {
		return err
	}
	return nil
}

// run executes t, turning a panic inside a template function into an error
// so that no input can bring the process down.
func (s *Set) run(t *tmpl, ctx *Context, w io.Writer) (ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			ok, err = false, fmt.Errorf("template %s: panic: %v", t.file.Name, r)
		}
	}()
	if err := t.t.Execute(w, ctx); err != nil {
		return false, err
	}
	return true, nil
}

// UsesInner implements Lookup.
func (s *Set) UsesInner(name string) (inner, ok bool) {
	t, ok := s.tmpls[name]
	if !ok {
		return false, false
	}
	return t.inner, true
}

// Names implements Lookup: the shortcode names, sorted.
func (s *Set) Names() []string { return s.names }

// File returns the template file of shortcode name, or nil.
func (s *Set) File(name string) *source.File {
	if t, ok := s.tmpls[name]; ok {
		return t.file
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
