package shortcode

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"text/template/parse"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// Sources say where the templates and data of a Set come from.
type Sources struct {
	// Builtin holds the built-in shortcode templates, NAME.html at its
	// root (the embedded set, or --shortcodes); nil means none.
	Builtin fs.FS
	// Project holds the project's shortcode directories (a Hugo project's
	// layouts/_shortcodes and layouts/shortcodes, then its themes'),
	// highest priority first. A template replaces the one of the same name
	// in a later directory and the built-in one; the others add to the
	// set, as Hugo's lookup does.
	Project []fs.FS
	// Partials holds the partial directories (layouts/_partials,
	// layouts/partials, …), highest priority first. A partial is called by
	// its path below its directory ("content/card.html"), at any depth.
	Partials []fs.FS
	// Data is the data directory that hugo.Data and .Site.Data read; nil
	// means none.
	Data fs.FS
}

// Named returns fsys with the name that diagnostics print for its files,
// a path as the user would write it ("docs/layouts/_shortcodes"). Without
// it, a directory from os.DirFS is named by its path, and others by their
// role (layouts/_shortcodes, layouts/_partials, data).
func Named(name string, fsys fs.FS) fs.FS { return namedFS{FS: fsys, name: name} }

type namedFS struct {
	fs.FS
	name string
}

func (n namedFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(n.FS, name) }
func (n namedFS) ReadFile(name string) ([]byte, error)       { return fs.ReadFile(n.FS, name) }
func (n namedFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(n.FS, name) }

// fsName returns the display name of fsys (see Named); an unnamed
// directory is named by its path when it comes from os.DirFS (a string
// type holding it) and fallback is set, else fallback.
func fsName(fsys fs.FS, fallback string) string {
	if n, ok := fsys.(namedFS); ok {
		return n.name
	}
	if v := reflect.ValueOf(fsys); fallback != "" && v.Kind() == reflect.String && v.String() != "" {
		return v.String()
	}
	return fallback
}

// Limits on what Load reads, so that a hostile project cannot exhaust
// memory: real projects have a few dozen templates of a few KiB.
const (
	maxTemplateFiles = 10000
	maxTemplateSize  = 1 << 20
)

// tmplSrc is one template file as loaded: its source and what its parse
// tree says, shared by every clone of a Set.
type tmplSrc struct {
	name  string // shortcode name, or partial path ("content/card.html")
	file  *source.File
	inner bool     // references .Inner or .InnerDeindent
	memo  memoKind // whether a Memo may remember its output
	// bad says why the template does not load (nil when it does): it is
	// reported once, at the template, and every call of it fails.
	bad *diag.Diagnostic
	// partials are the literal names the template passes to partial.
	partials []string
	// verified marks a template of a Verified directory or a built-in
	// one, known to load.
	verified bool
	// sum is the SHA-256 of a shortcode template's text, in hex ("" for
	// partials).
	sum string
	// builtin marks one of the built-in templates (see builtins), which
	// analyseShortcode does not parse: trees is then set by treesOf.
	builtin bool
	parse   sync.Once
	// native renders the template's calls in Go (native.go), or is nil.
	native nativeFn
	// trees is the parse of file (its templates by name), which every Set
	// copies rather than parsing the file again; read-only.
	trees map[string]*parse.Tree
}

// Verified marks fsys, a directory of built-in shortcode templates, as
// guidec's own, which its tests compile and escape (TestEmbeddedShortcodes
// in the module root): Load then compiles each only when a page first
// calls it, rather than all of them up front to find those that do not
// load. Only the embedded set is Verified; a --shortcodes directory is
// checked as ever.
func Verified(fsys fs.FS) fs.FS { return verifiedFS{fsys} }

// verifiedFS is a Verified directory.
type verifiedFS struct{ fs.FS }

// ReadDir and ReadFile pass through, so that reading a Verified
// directory costs what reading fsys does.
func (v verifiedFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(v.FS, name) }
func (v verifiedFS) ReadFile(name string) ([]byte, error)       { return fs.ReadFile(v.FS, name) }

// library is what every clone of a Set shares, read-only after Load.
type library struct {
	shortcodes map[string]*tmplSrc
	names      []string
	partials   map[string]*tmplSrc // by path below its directory
	data       map[string]any
	diags      diag.List // load problems, sorted
}

// Load reads the shortcode templates, partials and data of src. A
// template that does not load (a syntax error, a function guidec does not
// have, HTML that cannot be escaped) is reported on its own, at its file,
// line and column, and only the calls of it fail; so is a data file that
// does not decode. The diagnostics come in file order. The error is set
// only when a directory cannot be read.
func Load(src Sources) (*Set, diag.List, error) {
	lib := &library{shortcodes: map[string]*tmplSrc{}, partials: map[string]*tmplSrc{}}
	var l diag.List
	if src.Builtin != nil {
		if err := lib.readShortcodes(src.Builtin, "", &l); err != nil {
			return nil, nil, err
		}
		if _, ok := src.Builtin.(verifiedFS); ok {
			for _, t := range lib.shortcodes {
				t.verified = true
			}
		}
	}
	for i := len(src.Project) - 1; i >= 0; i-- { // the first directory wins
		if err := lib.readShortcodes(src.Project[i], "layouts/_shortcodes", &l); err != nil {
			return nil, nil, err
		}
	}
	for i := len(src.Partials) - 1; i >= 0; i-- {
		if err := lib.readPartials(src.Partials[i], &l); err != nil {
			return nil, nil, err
		}
	}
	if src.Data != nil {
		data, dl, err := loadData(src.Data, fsName(src.Data, "data"))
		if err != nil {
			return nil, nil, err
		}
		lib.data = data
		l = append(l, dl...)
	}
	lib.names = sortedNames(lib.shortcodes)
	for _, t := range lib.shortcodes {
		t.verified = t.verified || t.builtin
	}
	s := newSet(lib)
	// Compile once here to find the templates html/template cannot escape:
	// they are bad for every clone.
	// Verified templates (guidec's own) are compiled on first use instead.
	for _, n := range lib.names {
		if !lib.shortcodes[n].verified {
			s.tmpls[n] = s.check(lib.shortcodes[n])
		}
	}
	// The partials the shortcodes reach are checked the same way; the
	// others only when a template calls one by a computed name.
	for _, p := range lib.reachablePartials() {
		s.partials[p.name] = s.check(p)
		if p.bad != nil {
			l.Add(*p.bad)
		}
	}
	for _, n := range lib.names {
		t := lib.shortcodes[n]
		if t.bad != nil {
			l.Add(*t.bad)
		}
		t.native = nativeFor(t)
	}
	l.Sort()
	lib.diags = l
	s.loaded = true
	return s, l, nil
}

// LoadTemplates parses every dir/NAME.html in fsys as the template of
// shortcode NAME: a built-in set without project templates. A template
// that does not load is an error naming the file and line.
func LoadTemplates(fsys fs.FS, dir string) (*Set, error) {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("load shortcodes: %w", err)
	}
	if dir != "." {
		sub = Named(dir, sub)
	}
	s, l, err := Load(Sources{Builtin: sub})
	if err != nil {
		return nil, err
	}
	if len(l) > 0 {
		d := l[0]
		p := d.Start()
		return nil, fmt.Errorf("load shortcodes: %s:%d:%d: %s", d.Filename(), p.Line, p.Column, d.Message)
	}
	return s, nil
}

// check compiles src for the first time, recording in src why it does not
// load when it does not.
func (s *Set) check(src *tmplSrc) *tmpl {
	t := &tmpl{src: src}
	if src.bad == nil {
		var err error
		if t.t, err = s.compile(src); err != nil {
			src.bad = loadDiag(src.file, err)
		}
	}
	return t
}

// Diagnostics returns the problems Load found, in file order.
func (s *Set) Diagnostics() diag.List { return s.lib.diags }

// readShortcodes reads the NAME.html files at the root of fsys; a later
// call replaces the templates of the same name. Files named NAME.LANG.html
// or NAME.FORMAT.html are Hugo's variants for other languages and output
// formats, which guidec does not build, and are skipped, as are
// directories.
func (lib *library) readShortcodes(fsys fs.FS, fallback string, l *diag.List) error {
	dir := fsName(fsys, fallback)
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return fmt.Errorf("load shortcodes: %w", err)
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".html")
		if !ok || !e.Type().IsRegular() || strings.Contains(name, ".") {
			continue
		}
		file, err := readTemplate(fsys, e.Name(), path.Join(dir, e.Name()))
		if err != nil {
			return fmt.Errorf("load shortcodes: %w", err)
		}
		if file == nil {
			l.Addf(source.NewFile(path.Join(dir, e.Name()), nil), source.Span{}, diag.Error, codeTemplateLoad,
				"split the template", "template is larger than %d bytes", maxTemplateSize)
			continue
		}
		if !validName(name) {
			l.Addf(file, source.Span{}, diag.Error, codeTemplateLoad, "rename the file to letters, digits, '-' and '_'",
				"%q is not a valid shortcode name", name)
			continue
		}
		if len(lib.shortcodes) >= maxTemplateFiles {
			return fmt.Errorf("load shortcodes: more than %d templates", maxTemplateFiles)
		}
		lib.shortcodes[name] = analyseShortcode(name, file)
	}
	return nil
}

// readPartials reads every file below the root of fsys as a partial
// named by its path; a later call replaces the partials of the same path.
func (lib *library) readPartials(fsys fs.FS, l *diag.List) error {
	dir := fsName(fsys, "layouts/_partials")
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("load partials: %w", err)
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if len(lib.partials) >= maxTemplateFiles {
			return fmt.Errorf("load partials: more than %d templates", maxTemplateFiles)
		}
		file, err := readTemplate(fsys, p, path.Join(dir, p))
		if err != nil {
			return fmt.Errorf("load partials: %w", err)
		}
		if file == nil {
			l.Addf(source.NewFile(path.Join(dir, p), nil), source.Span{}, diag.Error, codeTemplateLoad,
				"split the template", "template is larger than %d bytes", maxTemplateSize)
			return nil
		}
		lib.partials[p] = analyse(p, file)
		return nil
	})
}

// readTemplate reads one template; nil without an error means it is too
// large to load.
func readTemplate(fsys fs.FS, p, display string) (*source.File, error) {
	if fi, err := fs.Stat(fsys, p); err == nil && fi.Size() > maxTemplateSize {
		return nil, nil
	}
	b, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, err
	}
	if len(b) > maxTemplateSize {
		return nil, nil
	}
	return source.NewFile(display, b), nil
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

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// analyse parses a template without resolving its functions, to learn
// from its tree what it needs before html/template sees it: whether it
// takes inner content, whether its output may be remembered, the partials
// it calls, and the functions it calls that guidec does not have, each
// reported at its own position.
func analyse(name string, f *source.File) *tmplSrc {
	src := &tmplSrc{name: name, file: f}
	trees, err := rawParse(f)
	if err != nil {
		src.bad = loadDiag(f, err)
		src.inner = mentionsInner(f.Content) // still pair its calls sensibly
		return src
	}
	names := map[string]bool{}
	var undefined []*parse.IdentifierNode
	for _, tr := range sortedTrees(trees) {
		if usesInner(tr.Root) {
			src.inner = true
		}
		collectNames(tr.Root, names)
		walkTree(tr.Root, func(n parse.Node) {
			switch n := n.(type) {
			case *parse.IdentifierNode:
				if !knownFunc(n.Ident) {
					undefined = append(undefined, n)
				}
			case *parse.CommandNode:
				if p, ok := literalPartial(n); ok && !slices.Contains(src.partials, p) {
					src.partials = append(src.partials, p)
				}
			}
		})
	}
	src.memo = memoKindOfNames(names)
	src.trees = trees
	if len(undefined) > 0 {
		src.bad = undefinedDiag(f, undefined)
	}
	return src
}

// mentionsInner is the text search that stands in for usesInner when a
// template does not parse.
func mentionsInner(b []byte) bool {
	return strings.Contains(string(b), ".Inner")
}

// treesOf returns the parse of src's file: analyse's, or for a built-in
// template its own, made on first use (safe for concurrent use: the
// workers' Sets share src).
func treesOf(src *tmplSrc) map[string]*parse.Tree {
	if src.builtin {
		src.parse.Do(func() {
			src.trees, _ = rawParse(src.file) // a built-in template parses (TestBuiltins)
		})
	}
	return src.trees
}

// rawParse parses f as text/template does, without checking that the
// functions it calls exist.
func rawParse(f *source.File) (map[string]*parse.Tree, error) {
	trees := map[string]*parse.Tree{}
	t := parse.New(f.Name)
	// Without ParseComments, as html/template parses: compile builds the
	// templates from these trees.
	t.Mode = parse.SkipFuncCheck
	if _, err := t.Parse(string(f.Content), "", "", trees); err != nil {
		return nil, err
	}
	return trees, nil
}

func sortedTrees(trees map[string]*parse.Tree) []*parse.Tree {
	out := make([]*parse.Tree, 0, len(trees))
	for _, n := range sortedNames(trees) {
		out = append(out, trees[n])
	}
	return out
}

// undefinedDiag reports the functions a template calls that guidec does
// not have, at the first call, naming each once.
func undefinedDiag(f *source.File, ids []*parse.IdentifierNode) *diag.Diagnostic {
	slices.SortFunc(ids, func(a, b *parse.IdentifierNode) int { return cmp.Compare(a.Pos, b.Pos) })
	var names []string
	for _, id := range ids {
		q := fmt.Sprintf("%q", id.Ident)
		if !slices.Contains(names, q) {
			names = append(names, q)
		}
	}
	msg := "function " + names[0] + " is not defined"
	if len(names) > 1 {
		msg = "functions " + strings.Join(names, ", ") + " are not defined"
	}
	first := ids[0]
	sp := source.Span{Start: int(first.Pos), End: int(first.Pos) + len(first.Ident)}
	return &diag.Diagnostic{File: f, Span: sp, Severity: diag.Error, Code: codeTemplateLoad,
		Message: "template does not load: " + msg,
		Hint:    "guidec has Hugo's common template functions (see docs/diagnostics.md), not this one; every page that calls this template fails"}
}

// loadDiag turns a text/template or html/template error about f into a
// diagnostic at its line (and column, when the error names a node).
func loadDiag(f *source.File, err error) *diag.Diagnostic {
	var terr *template.Error
	if errors.As(err, &terr) && terr.ErrorCode != template.ErrorCode(0) {
		return escapeDiag(f, terr)
	}
	line, col, msg := errorPosition(err, f.Name)
	d := &diag.Diagnostic{File: f, Severity: diag.Error, Code: codeTemplateLoad,
		Message: "template does not load: " + msg,
		Hint:    "fix the template; every page that calls it fails until then"}
	if line > 0 {
		// text/template numbers lines at LF only: map its line under its
		// own convention.
		lines := source.NewLines(f.Content, source.LFBreaks)
		d.Span = lines.LineSpan(line)
		if col > 0 {
			start := min(d.Span.Start+col-1, d.Span.End)
			d.Span = source.Span{Start: start, End: d.Span.End}
		}
	}
	return d
}

// escapeDiag reports an error of html/template's escaper at the action
// it names (or its line).
func escapeDiag(f *source.File, terr *template.Error) *diag.Diagnostic {
	msg := terr.Description
	if terr.ErrorCode == template.ErrEndContext {
		// The description dumps the escaper's state; say what it means.
		msg = "it ends inside an HTML tag, attribute or element that it opens, which html/template cannot escape"
	}
	d := &diag.Diagnostic{File: f, Severity: diag.Error, Code: codeTemplateLoad,
		Message: "template does not load: " + msg,
		Hint:    "fix the template; every page that calls it fails until then"}
	switch {
	case terr.Node != nil && int(terr.Node.Position()) < len(f.Content):
		start := int(terr.Node.Position())
		d.Span = source.Span{Start: start, End: start + min(len(terr.Node.String()), len(f.Content)-start)}
	case terr.Line > 0:
		d.Span = source.NewLines(f.Content, source.LFBreaks).LineSpan(terr.Line)
	}
	return d
}

// errorPosition reads the line, column and message back from a template
// error: "template: NAME:LINE: MSG", "template: NAME:LINE:COL: …" or
// "html/template:NAME:LINE:COL: MSG". The packages expose no structured
// position for parse errors, so the fixed format is all there is.
func errorPosition(err error, name string) (line, col int, msg string) {
	msg = err.Error()
	rest, ok := strings.CutPrefix(msg, "template: "+name+":")
	if !ok {
		rest, ok = strings.CutPrefix(msg, "html/template:"+name+":")
	}
	if !ok {
		return 0, 0, msg
	}
	num := func() int {
		n := 0
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			n = n*10 + int(rest[i]-'0')
			i++
		}
		if i == 0 || i > 9 {
			return -1
		}
		rest = rest[i:]
		return n
	}
	if line = num(); line < 0 {
		return 0, 0, msg
	}
	if strings.HasPrefix(rest, ":") {
		r := rest
		rest = rest[1:]
		if col = num(); col < 0 {
			col, rest = 0, r
		}
	}
	rest = strings.TrimPrefix(rest, ":")
	return line, col, strings.TrimSpace(rest)
}

// walkTree calls f for every node under n.
func walkTree(n parse.Node, f func(parse.Node)) {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return
	}
	f(n)
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			walkTree(c, f)
		}
	case *parse.ActionNode:
		walkTree(n.Pipe, f)
	case *parse.PipeNode:
		for _, v := range n.Decl {
			walkTree(v, f)
		}
		for _, c := range n.Cmds {
			walkTree(c, f)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			walkTree(a, f)
		}
	case *parse.ChainNode:
		walkTree(n.Node, f)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, f)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, f)
	case *parse.TemplateNode:
		walkTree(n.Pipe, f)
	}
}

func walkBranch(b *parse.BranchNode, f func(parse.Node)) {
	walkTree(b.Pipe, f)
	walkTree(b.List, f)
	walkTree(b.ElseList, f)
}

// partialFuncs are the functions that call a partial by name.
var partialFuncs = []string{"partial", "partialCached"}

// literalPartial returns the name of the partial a command calls when it
// is a string constant.
func literalPartial(c *parse.CommandNode) (string, bool) {
	if len(c.Args) < 2 {
		return "", false
	}
	fn := ""
	switch a := c.Args[0].(type) {
	case *parse.IdentifierNode:
		fn = a.Ident
	case *parse.ChainNode:
		if id, ok := a.Node.(*parse.IdentifierNode); ok && id.Ident == "partials" && len(a.Field) == 1 {
			fn = map[string]string{"Include": "partial", "IncludeCached": "partialCached"}[a.Field[0]]
		}
	}
	s, ok := c.Args[1].(*parse.StringNode)
	if !ok || !slices.Contains(partialFuncs, fn) {
		return "", false
	}
	return s.Text, true
}

// reachablePartials returns the partials that the shortcodes call by a
// literal name, directly or through other partials, in name order.
func (lib *library) reachablePartials() []*tmplSrc {
	seen := map[string]*tmplSrc{}
	var visit func(names []string)
	visit = func(names []string) {
		for _, n := range names {
			p := lib.partial(n)
			if p == nil || seen[p.name] != nil {
				continue
			}
			seen[p.name] = p
			visit(p.partials)
		}
	}
	for _, n := range lib.names {
		visit(lib.shortcodes[n].partials)
	}
	out := make([]*tmplSrc, 0, len(seen))
	for _, n := range sortedNames(seen) {
		out = append(out, seen[n])
	}
	return out
}

// partial finds a partial by the name a template calls it by: its path
// below the partials directory, with or without a leading "partials/" and
// the ".html" extension, as Hugo resolves it.
func (lib *library) partial(name string) *tmplSrc {
	name = strings.TrimPrefix(path.Clean("/"+name), "/")
	name = strings.TrimPrefix(name, "partials/")
	if p := lib.partials[name]; p != nil {
		return p
	}
	if path.Ext(name) == "" {
		return lib.partials[name+".html"]
	}
	return nil
}
