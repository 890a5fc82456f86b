package shortcode

import (
	"strconv"
	"text/template/parse"
)

// Memo remembers the output of shortcode calls whose template depends on
// nothing but the call's own text and the site, so that an identical call
// elsewhere (the same `{{< sitevar name="domain" >}}` a dozen times on a
// page, the same `{{% oidc-common %}}` on every page) is not executed
// again: executing html/template is a fifth of a build.
//
// A template qualifies when it reads neither .Page, .Parent nor .Position
// and calls neither relref nor markdownify, which depend on the page; one
// that reads .Ordinal is remembered per ordinal. Only calls that succeed
// without a diagnostic are remembered. The site is not part of the key:
// use a Memo with one SiteInfo only (one build). A Memo is not safe for
// concurrent use; give each worker its own.
type Memo struct {
	out map[string]string
	// text remembers the visible text of short outputs (visibleText), by
	// output: the same sitevar span on every page is read once.
	text map[string]string
	// md remembers markdownLine of the outputs of {{< >}} calls alike.
	md map[string]string
	// textBytes counts the bytes of the long outputs and texts in text.
	textBytes int
	// site is the site context of the Memo's one SiteInfo, built by the
	// first page with lib's data and shared by the pages after it: its
	// parameters (lower-cased, with the variables) are per site.
	site *SiteContext
	lib  *library
	// key is the storage of the keys of lookups (memoKind.key).
	key []byte
	// strs makes the strings and values of the calls of the Memo's
	// pages.
	strs interner
}

// interner returns m's interner, or nil when m is nil.
func (m *Memo) interner() *interner {
	if m == nil {
		return nil
	}
	return &m.strs
}

// siteContext returns the site context for info and the data of lib:
// m's, built once, when m is set.
func (m *Memo) siteContext(info SiteInfo, lib *library) *SiteContext {
	if m == nil {
		return newSiteContext(info, lib.data)
	}
	if m.site == nil || m.lib != lib {
		m.site, m.lib = newSiteContext(info, lib.data), lib
	}
	return m.site
}

// memoCap bounds the entries of a Memo: calls with distinct parameters on
// every page would otherwise make it grow with the site.
const memoCap = 4096

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{out: map[string]string{}, text: map[string]string{}} }

// maxMemoText bounds the outputs whose visible text a Memo keeps, and
// maxMemoTextBytes the bytes of those longer than shortMemoText (a docs
// tree's configuration-key badges, a few KiB of HTML and SVG each, called
// hundreds of times with a hundred distinct outputs).
const (
	shortMemoText    = 1024
	maxMemoText      = 64 << 10
	maxMemoTextBytes = 4 << 20
)

// visibleText is visibleText(html), remembered in m (which may be nil)
// when html is short, or long and within the Memo's budget.
func (m *Memo) visibleText(html string) string {
	if m == nil || len(html) > maxMemoText {
		return visibleText(html)
	}
	if t, ok := m.text[html]; ok {
		return t
	}
	t := visibleText(html)
	long := len(html) > shortMemoText
	if len(m.text) < memoCap && (!long || m.textBytes+len(html)+len(t) <= maxMemoTextBytes) {
		if m.text == nil {
			m.text = map[string]string{}
		}
		m.text[html] = t
		if long {
			m.textBytes += len(html) + len(t)
		}
	}
	return t
}

// markdownLine is markdownLine(html), remembered in m (which may be nil)
// as visibleText is: the same output on every page is scanned once.
func (m *Memo) markdownLine(html string) string {
	if m == nil || len(html) > maxMemoText {
		return markdownLine(html)
	}
	if l, ok := m.md[html]; ok {
		return l
	}
	l := markdownLine(html)
	long := len(html) > shortMemoText
	if len(m.md) < memoCap && (!long || m.textBytes+len(html) <= maxMemoTextBytes) {
		if m.md == nil {
			m.md = map[string]string{}
		}
		m.md[html] = l
		if long {
			m.textBytes += len(html)
		}
	}
	return l
}

// memoKind is how a template's output may be remembered.
type memoKind uint8

const (
	memoNever   memoKind = iota // depends on the page or the call's place
	memoCall                    // a function of the call's text and the site
	memoOrdinal                 // … and of its ordinal
)

// memoNeverNames are the names that make a template's output depend on
// more than its call and the site: the page (and what renders with it),
// the call's place, state shared between calls, partials (whose dot may be
// any of these), the time.
var memoNeverNames = []string{"Page", "Parent", "Position", "relref", "ref", "markdownify", "Scratch", "Store",
	"partial", "partialCached", "partials", "now", "time", "RenderString", "transform", "urls",
	spliceMarkdownifyFn, spliceRenderStringFn, renderStringFn}

// memoKindOfNames classifies a template by the names its actions
// mention, in any of its defined templates: conservative, since a name
// counts wherever it appears.
func memoKindOfNames(names map[string]bool) memoKind {
	for _, n := range memoNeverNames {
		if names[n] {
			return memoNever
		}
	}
	if names["Ordinal"] {
		return memoOrdinal
	}
	return memoCall
}

// collectNames adds every field, method, variable field and function name
// under n to names.
func collectNames(n parse.Node, names map[string]bool) {
	add := func(ids []string) {
		for _, id := range ids {
			names[id] = true
		}
	}
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				collectNames(c, names)
			}
		}
	case *parse.ActionNode:
		collectNames(n.Pipe, names)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				collectNames(c, names)
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			collectNames(a, names)
		}
	case *parse.FieldNode:
		add(n.Ident)
	case *parse.VariableNode:
		add(n.Ident)
	case *parse.ChainNode:
		add(n.Field)
		collectNames(n.Node, names)
	case *parse.IdentifierNode:
		names[n.Ident] = true
	case *parse.IfNode:
		collectBranch(&n.BranchNode, names)
	case *parse.RangeNode:
		collectBranch(&n.BranchNode, names)
	case *parse.WithNode:
		collectBranch(&n.BranchNode, names)
	case *parse.TemplateNode:
		collectNames(n.Pipe, names)
	}
}

func collectBranch(b *parse.BranchNode, names map[string]bool) {
	collectNames(b.Pipe, names)
	collectNames(b.List, names)
	collectNames(b.ElseList, names)
}

// key appends the Memo key of call c with inner content inner to b, or
// reports false when its template's output may not be remembered.
func (k memoKind) key(b []byte, c *Call, inner string) ([]byte, bool) {
	if k == memoNever {
		return b, false
	}
	b = append(b, c.Name...)
	if c.Named {
		b = append(b, "\x00n"...)
	} else {
		b = append(b, "\x00p"...)
	}
	for _, p := range c.Params {
		b = append(b, 0)
		b = append(b, p.Key...)
		b = append(b, 1)
		switch v := p.Value.(type) {
		case string:
			b = append(b, 's')
			b = append(b, v...)
		case bool:
			b = append(b, 'b')
			b = strconv.AppendBool(b, v)
		case int:
			b = append(b, 'i')
			b = strconv.AppendInt(b, int64(v), 10)
		case int64:
			b = append(b, 'i')
			b = strconv.AppendInt(b, v, 10)
		case float64:
			b = append(b, 'f')
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		default:
			return b, false // a value kind the key cannot spell: execute
		}
	}
	if c.Paired {
		b = append(b, "\x00i"...)
		b = append(b, inner...)
	}
	if k == memoOrdinal {
		b = append(b, "\x00o"...)
		b = strconv.AppendInt(b, int64(c.Ordinal), 10)
	}
	return b, true
}
