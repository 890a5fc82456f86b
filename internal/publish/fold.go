package publish

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
)

// Constant folding of the layouts. Every page of a site executes the same
// layout, and many of its actions give the same text on every page: the
// site's title and language, the site variables as JSON, relURL of a fixed
// path, a branch on .Site.LiveReload. html/template evaluates each by
// reflection and escapes its value again for every page. A folded layout
// holds that text instead: once per site, at its first page, the actions
// (and if, with and range blocks) whose output depends on nothing but the
// site are found in the escaped parse trees, run once, and replaced by
// their output. The output of every page stays byte for byte what the
// unfolded layout writes.
//
// An action is site-constant when its pipeline declares no variable and
// every argument is a constant, a field of .Site (or $.Site) where dot (or
// $) is the page, anything of a dot that is itself site-constant (inside
// a with or range over a site-constant value), or a call of a function
// whose result depends on its arguments alone (foldFuncs). Template calls
// are never folded; a template's dot is the page only when every call of
// it passes the page's dot.

// foldFuncs are the functions a folded action may call: the layouts' own,
// text/template's built-ins but call, and html/template's escapers.
var foldFuncs = map[string]bool{
	"relURL": true, "absURL": true, "isoDate": true,
	"and": true, "or": true, "not": true, "len": true, "index": true, "slice": true,
	"print": true, "printf": true, "println": true, "html": true, "js": true, "urlquery": true,
	"eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
}

// foldLayouts turns folding on (a test turns it off to compare).
var foldLayouts = true

// isFoldFunc reports whether a folded action may call the function name.
func isFoldFunc(name string) bool {
	return foldFuncs[name] || strings.HasPrefix(name, "_html_template_")
}

// dotKind is what dot (or $) holds where a node executes.
type dotKind int

const (
	dotOther dotKind = iota // anything
	dotPage                 // the page being laid out (a *pageView)
	dotConst                // a site-constant value
)

// meet is the kind of a template's dot called with kinds a and b.
func meet(a, b dotKind) dotKind {
	if a == b && a == dotPage {
		return dotPage
	}
	return dotOther
}

// folding is the state of one executable template's folding (bound.single,
// bound.index): done once, at its first execution.
type folding struct {
	once   sync.Once
	folded int // actions and blocks folded, for the tests
}

// execute executes t's entry into buf with data, folding t first when this
// is its first execution. Folding needs the trees html/template has
// escaped, so it executes t once before; any failure leaves t as it was.
func (f *folding) execute(t *template.Template, entry string, buf *bytes.Buffer, data any) error {
	if !foldLayouts {
		return t.ExecuteTemplate(buf, entry, data)
	}
	f.once.Do(func() {
		if err := t.ExecuteTemplate(buf, entry, data); err != nil {
			return // the execution below reports it
		}
		buf.Reset()
		f.folded = foldTemplates(t, entry, data)
	})
	return t.ExecuteTemplate(buf, entry, data)
}

// baseName is the template a name html/template derived for another
// context ("x.html$htmltemplate_stateAttr…") copies.
func baseName(name string) string {
	if i := strings.Index(name, "$htmltemplate_"); i >= 0 {
		return name[:i]
	}
	return name
}

// folder finds the site-constant nodes of a set of escaped templates.
type folder struct {
	set   *template.Template
	entry map[string]dotKind // how each reachable template is called
	marks []mark
}

// mark is a site-constant node: list.Nodes[i] is node.
type mark struct {
	list *parse.ListNode
	node parse.Node
}

// foldTemplates folds the templates of t's set reachable from entry,
// which was just executed with data (a *pageView), and returns how many
// nodes it folded.
func foldTemplates(t *template.Template, entry string, data any) int {
	if _, ok := data.(*pageView); !ok {
		return 0
	}
	fo := &folder{set: t, entry: map[string]dotKind{entry: dotPage}}
	// How each template is called: the meet over its calls, from the
	// templates reachable so far, until nothing changes.
	for changed := true; changed; {
		changed = false
		for name, dot := range fo.entry {
			tree := fo.tree(name)
			if tree == nil {
				continue
			}
			fo.visit(tree.Root, dot, dot, func(callee string, k dotKind) {
				callee = baseName(callee)
				if k == dotConst {
					k = dotOther // a constant dot is not followed into templates
				}
				old, seen := fo.entry[callee]
				if seen {
					k = meet(old, k)
				}
				if !seen || k != old {
					fo.entry[callee] = k
					changed = true
				}
			})
		}
	}
	for name, dot := range fo.entry {
		if tree := fo.tree(name); tree != nil {
			fo.collect(tree.Root, dot, dot)
		}
	}
	if len(fo.marks) == 0 {
		return 0
	}
	return fo.fold(t, entry, data)
}

// tree returns the escaped parse tree of the template name of the set, or
// nil.
func (fo *folder) tree(name string) *parse.Tree {
	t := fo.set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return nil
	}
	return t.Tree
}

// visit walks the nodes of l, where dot and $ are of the kinds given, and
// reports each template call with the kind of the dot it passes.
func (fo *folder) visit(l *parse.ListNode, dot, dollar dotKind, call func(string, dotKind)) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.IfNode:
			fo.visit(n.List, dot, dollar, call)
			fo.visit(n.ElseList, dot, dollar, call)
		case *parse.WithNode:
			fo.visit(n.List, fo.inner(n.Pipe, dot, dollar), dollar, call)
			fo.visit(n.ElseList, dot, dollar, call)
		case *parse.RangeNode:
			fo.visit(n.List, fo.inner(n.Pipe, dot, dollar), dollar, call)
			fo.visit(n.ElseList, dot, dollar, call)
		case *parse.TemplateNode:
			call(n.Name, fo.passed(n.Pipe, dot, dollar))
		}
	}
}

// collect marks the largest site-constant nodes of l.
func (fo *folder) collect(l *parse.ListNode, dot, dollar dotKind) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		switch n.(type) {
		case *parse.TextNode, *parse.CommentNode:
			continue
		}
		if fo.constNode(n, dot, dollar) {
			fo.marks = append(fo.marks, mark{list: l, node: n})
			continue
		}
		switch n := n.(type) {
		case *parse.IfNode:
			fo.collect(n.List, dot, dollar)
			fo.collect(n.ElseList, dot, dollar)
		case *parse.WithNode:
			fo.collect(n.List, fo.inner(n.Pipe, dot, dollar), dollar)
			fo.collect(n.ElseList, dot, dollar)
		case *parse.RangeNode:
			fo.collect(n.List, fo.inner(n.Pipe, dot, dollar), dollar)
			fo.collect(n.ElseList, dot, dollar)
		}
	}
}

// inner is the kind of dot inside a with or range over p.
func (fo *folder) inner(p *parse.PipeNode, dot, dollar dotKind) dotKind {
	if fo.constPipe(p, dot, dollar) {
		return dotConst
	}
	return dotOther
}

// passed is the kind of the dot a template call passes with p.
func (fo *folder) passed(p *parse.PipeNode, dot, dollar dotKind) dotKind {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return dotOther
	}
	switch a := p.Cmds[0].Args[0].(type) {
	case *parse.DotNode:
		return dot
	case *parse.VariableNode:
		if len(a.Ident) == 1 && a.Ident[0] == "$" {
			return dollar
		}
	}
	return dotOther
}

// constNode reports whether n writes the same text on every page.
func (fo *folder) constNode(n parse.Node, dot, dollar dotKind) bool {
	switch n := n.(type) {
	case *parse.TextNode, *parse.CommentNode:
		return true
	case *parse.ActionNode:
		return fo.constPipe(n.Pipe, dot, dollar)
	case *parse.IfNode:
		return fo.constPipe(n.Pipe, dot, dollar) && fo.constList(n.List, dot, dollar) && fo.constList(n.ElseList, dot, dollar)
	case *parse.WithNode:
		return fo.constPipe(n.Pipe, dot, dollar) && fo.constList(n.List, dotConst, dollar) && fo.constList(n.ElseList, dot, dollar)
	case *parse.RangeNode:
		return fo.constPipe(n.Pipe, dot, dollar) && fo.constList(n.List, dotConst, dollar) && fo.constList(n.ElseList, dot, dollar)
	}
	return false // template calls, break, continue
}

func (fo *folder) constList(l *parse.ListNode, dot, dollar dotKind) bool {
	if l == nil {
		return true
	}
	for _, n := range l.Nodes {
		if !fo.constNode(n, dot, dollar) {
			return false
		}
	}
	return true
}

// constPipe reports whether p's value is the same on every page. A pipe
// that declares or assigns a variable is not: later nodes read it.
func (fo *folder) constPipe(p *parse.PipeNode, dot, dollar dotKind) bool {
	if p == nil || len(p.Decl) > 0 || p.IsAssign || len(p.Cmds) == 0 {
		return false
	}
	for _, c := range p.Cmds {
		for _, a := range c.Args {
			if !fo.constArg(a, dot, dollar) {
				return false
			}
		}
	}
	return true
}

func (fo *folder) constArg(n parse.Node, dot, dollar dotKind) bool {
	switch n := n.(type) {
	case *parse.StringNode, *parse.NumberNode, *parse.BoolNode:
		return true
	case *parse.IdentifierNode:
		return isFoldFunc(n.Ident)
	case *parse.FieldNode:
		return dot == dotConst || dot == dotPage && n.Ident[0] == "Site"
	case *parse.VariableNode:
		if n.Ident[0] != "$" {
			return false // a variable declared in the layout
		}
		return dollar == dotConst || dollar == dotPage && len(n.Ident) > 1 && n.Ident[1] == "Site"
	case *parse.DotNode:
		return dot == dotConst
	case *parse.ChainNode:
		return fo.constArg(n.Node, dot, dollar)
	case *parse.PipeNode:
		return fo.constPipe(n, dot, dollar)
	}
	return false
}

// fold runs the entry once with each marked node between two markers,
// reads each node's output between its markers and replaces the node by
// that text. A node whose markers are missing (a branch not taken on this
// page) or whose outputs differ is left as it is; any failure restores
// every tree.
func (fo *folder) fold(t *template.Template, entry string, data any) int {
	var nonce [8]byte
	_, _ = rand.Read(nonce[:])
	prefix := "\x00guidec-fold-" + hex.EncodeToString(nonce[:]) + "-"
	open := func(i int) string { return prefix + strconv.Itoa(i) + "<\x00" }
	shut := func(i int) string { return prefix + strconv.Itoa(i) + ">\x00" }
	// Original lists, to restore; the marked lists get the markers.
	saved := map[*parse.ListNode][]parse.Node{}
	index := map[parse.Node]int{}
	for i, m := range fo.marks {
		if _, ok := saved[m.list]; !ok {
			saved[m.list] = m.list.Nodes
		}
		index[m.node] = i
	}
	for l, nodes := range saved {
		var out []parse.Node
		for _, n := range nodes {
			if i, ok := index[n]; ok {
				out = append(out, textNode(open(i)), n, textNode(shut(i)))
				continue
			}
			out = append(out, n)
		}
		l.Nodes = out
	}
	var buf bytes.Buffer
	err := t.ExecuteTemplate(&buf, entry, data)
	for l, nodes := range saved {
		l.Nodes = nodes
	}
	if err != nil {
		return 0
	}
	outs := make([]string, len(fo.marks))
	ok := make([]bool, len(fo.marks))
	s := buf.String()
	for i := range fo.marks {
		o, c := open(i), shut(i)
		first := true
		for rest := s; ; {
			a := strings.Index(rest, o)
			if a < 0 {
				break
			}
			rest = rest[a+len(o):]
			b := strings.Index(rest, c)
			if b < 0 || strings.Contains(rest[:b], prefix) {
				ok[i] = false
				break
			}
			text := rest[:b]
			rest = rest[b+len(c):]
			if first {
				outs[i], ok[i], first = text, true, false
			} else if text != outs[i] {
				ok[i] = false
				break
			}
		}
	}
	folded := 0
	for l, nodes := range saved {
		out := make([]parse.Node, 0, len(nodes))
		for _, n := range nodes {
			if i, m := index[n]; m && ok[i] {
				n = textNode(outs[i])
				folded++
			}
			if prev, isText := lastText(out); isText {
				if tn, ok := n.(*parse.TextNode); ok {
					// One write instead of two.
					out[len(out)-1] = textNode(string(prev.Text) + string(tn.Text))
					continue
				}
			}
			out = append(out, n)
		}
		l.Nodes = out
	}
	return folded
}

func textNode(s string) *parse.TextNode {
	return &parse.TextNode{NodeType: parse.NodeText, Text: []byte(s)}
}

func lastText(nodes []parse.Node) (*parse.TextNode, bool) {
	if len(nodes) == 0 {
		return nil, false
	}
	t, ok := nodes[len(nodes)-1].(*parse.TextNode)
	return t, ok
}
