package yamlpos

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/source"
)

// fastParse parses text as one YAML document when it is written in the
// plain block subset that front matter and most snippets use, and returns
// the document node yaml.v3 would build for it, but without comments (no
// guidec code reads them). ok is false for anything outside the subset;
// the caller then parses text with yaml.v3, which also words every error,
// so the subset need not be judged beyond "yaml.v3 accepts it and builds
// this tree". yaml.v3 costs about 400 instructions a byte (a C port that
// decodes and copies every character several times); this costs a few.
//
// The subset: lines of spaces, a block mapping entry (a plain or quoted
// key on one line, then ':' and a blank or the end of the line) or a block
// sequence entry ("- "), whose value is on the same line (a one-line
// plain, single- or double-quoted scalar without escapes, [] or {}), or on
// the lines below (a nested mapping or sequence), or absent (null);
// comments and blank lines anywhere. Not in it: tabs, CR and the other
// breaks yaml.v3 knows (NEL, LS, PS), control characters, a byte order
// mark, directives and document markers other than a start marker alone
// on its line (and fastParse takes one document only), anchors,
// aliases, tags, merge keys, flow collections with content, block scalars
// other than the plain literal ones of literal, multi-line scalars and
// escapes.
func fastParse(text []byte) (*yaml.Node, bool) { return fastParseIn(text, nil) }

// fastParseIn is fastParse with the first chunks of nodes and of Content
// pointers taken from slab, when not nil (see nodeSlab).
func fastParseIn(text []byte, slab *nodeSlab) (*yaml.Node, bool) {
	docs, ok := fastParseDocs(text, true, slab)
	if !ok || len(docs) != 1 {
		return nil, false
	}
	return docs[0], true
}

// fastParseStream is fastParse for a stream of documents: the documents
// yaml.v3's Decoder returns, one by one, for text. Documents after the
// first each start at a "---" line (alone, or with a comment) and have
// content; anything else (an empty document, a document end marker "...",
// "--- " with content after it) is left to yaml.v3.
func fastParseStream(text []byte) ([]*yaml.Node, bool) {
	return fastParseDocs(text, false, nil)
}

// fastParseDocs is fastParseStream; with single set, it fails before
// parsing anything on a text of more than one document.
func fastParseDocs(text []byte, single bool, slab *nodeSlab) ([]*yaml.Node, bool) {
	ok, ascii := fastText(text)
	if !ok {
		return nil, false
	}
	sc := scratchPool.Get().(*scratch)
	p := &fastParser{text: text, ascii: ascii, stop: len(text), lines: sc.lines, stack: sc.stack, slab: slab}
	defer sc.keep(p)
	if !p.split() || len(p.lines) == 0 {
		return nil, false
	}
	if single {
		for _, l := range p.lines[1:] {
			if l.marker {
				return nil, false
			}
		}
	}
	var docs []*yaml.Node
	for p.i < len(p.lines) {
		doc, ok := p.document()
		if !ok {
			return nil, false
		}
		docs = append(docs, doc)
	}
	return docs, true
}

// document parses the document whose first line (its "---" line, or its
// first content line) is the line at p.i.
func (p *fastParser) document() (*yaml.Node, bool) {
	doc := p.node(yaml.DocumentNode, fastLine{}, 0)
	doc.Column = 0
	marker := p.lines[p.i].marker
	if marker {
		doc.Line, doc.Column = p.lines[p.i].num, 1
		p.i++
		if p.i == len(p.lines) || p.lines[p.i].marker {
			return nil, false
		}
	}
	var root *yaml.Node
	var ok bool
	if l := p.lines[p.i]; p.text[l.content()] == '{' || p.text[l.content()] == '[' {
		root, ok = p.flowDocument()
	} else {
		root, ok = p.block(l)
	}
	if !ok || p.i < len(p.lines) && !p.lines[p.i].marker {
		return nil, false
	}
	if !marker {
		doc.Line, doc.Column = root.Line, root.Column
	}
	doc.Content = p.ptrSlice(1)
	doc.Content[0] = root
	return doc, true
}

// fastText reports whether text holds only characters the subset allows:
// printable ASCII, LF, and the non-ASCII characters yaml.v3 reads as
// neither a break nor a control (U+00A0–U+D7FF, U+E000–U+FFFD except the
// byte order mark, and the planes beyond), in valid UTF-8; and whether
// they are all ASCII.
func fastText(text []byte) (ok, ascii bool) {
	ascii = true
	for i := 0; i < len(text); {
		if i = source.SkipPrintable(text, i); i == len(text) {
			break
		}
		b := text[i]
		if b < utf8.RuneSelf {
			if b < 0x20 && b != '\n' || b == 0x7F {
				return false, false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError || r < 0xA0 || r == 0x2028 || r == 0x2029 || r == 0xFEFF || r >= 0xD800 && r < 0xE000 || r == 0xFFFE || r == 0xFFFF {
			return false, false
		}
		ascii = false
		i += size
	}
	return true, ascii
}

// fastLine is a line of the text that holds more than blanks and a comment.
type fastLine struct {
	start  int  // offset of the line in the text
	indent int  // where its content starts, relative to start
	end    int  // offset of its end (its '\n', or the end of the text)
	num    int  // 1-based line number
	ascii  bool // columns are bytes
	marker bool // a document start marker, "---" (see startMarker)
}

// maxFastDepth bounds the nesting fastParse follows.
const maxFastDepth = 100

type fastParser struct {
	text  []byte
	lines []fastLine
	i     int // the next line to read
	depth int
	// nodes is the chunk the parse's nodes are carved from (see node), of
	// which used are taken; ptrs is the chunk the collections' Content
	// slices are carved from (see children). One allocation per chunk
	// rather than one per node or collection: the nodes live as long as
	// the tree, which keeps its chunks alive, as it would its nodes.
	nodes []yaml.Node
	used  int
	ptrs  []*yaml.Node
	slab  *nodeSlab    // where the first chunks come from; nil: allocated
	stop  int          // where the documents end: the text's end, or its end marker
	stack []*yaml.Node // the children of the collections being parsed
	str   string       // text as a string, which scalar values share
	ascii bool         // the whole text is ASCII
	// estimate is how many nodes the lines make (see split) and not yet
	// allocated; chunk is the size of the next chunk of nodes. ptrEstimate
	// and ptrChunk are the same for ptrs.
	estimate, chunk       int
	ptrEstimate, ptrChunk int
}

// scratch is what a parse needs only while it runs, its lines and stack,
// for the next parse to reuse: snippets are parsed by the thousand.
type scratch struct {
	lines []fastLine
	stack []*yaml.Node
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxScratch bounds the lines a scratch keeps: a huge text's are
// dropped rather than held for the next, likely small, one.
const maxScratch = 1 << 14

// keep takes back the lines and stack of p, whose parse is over, and
// returns sc to the pool. The stack's pointers are cleared so that it
// keeps no tree alive.
func (sc *scratch) keep(p *fastParser) {
	if cap(p.lines) > maxScratch || cap(p.stack) > maxScratch {
		return
	}
	clear(p.stack[:cap(p.stack)])
	sc.lines, sc.stack = p.lines[:0], p.stack[:0]
	scratchPool.Put(sc)
}

// nodeSlab is storage for the first chunks of nodes and of Content
// pointers of a tree whose owner gives it back when done with it
// (Doc.Release): a guide's front matter tree lives only while it is
// decoded into Meta, and the next guide's reuses its storage.
type nodeSlab struct {
	nodeStore []yaml.Node  // the storage, kept from tree to tree
	ptrStore  []*yaml.Node // likewise
	nodes     []yaml.Node  // the part of nodeStore the tree took; nil: none yet
	ptrs      []*yaml.Node // likewise
}

var slabPool = sync.Pool{New: func() any { return new(nodeSlab) }}

// maxSlab bounds the nodes a slab keeps for the next tree.
const maxSlab = 1 << 10

// release clears what the tree took (it keeps nothing alive) and returns
// s to the pool; no node of the tree may be used after.
func (s *nodeSlab) release() {
	clear(s.nodes)
	clear(s.ptrs)
	s.nodes, s.ptrs = nil, nil
	if cap(s.nodeStore) <= maxSlab && cap(s.ptrStore) <= maxSlab {
		slabPool.Put(s)
	}
}

// children returns the nodes pushed on the stack since start, which it
// pops: a collection's Content, at its size (and capacity, so that an
// append to it copies rather than writes over its neighbour's).
func (p *fastParser) children(start int) []*yaml.Node {
	n := len(p.stack) - start
	if n == 0 {
		return nil
	}
	c := p.ptrSlice(n)
	copy(c, p.stack[start:])
	p.stack = p.stack[:start]
	return c
}

// ptrSlice returns n pointers carved from ptrs, sized as node sizes its
// chunks.
func (p *fastParser) ptrSlice(n int) []*yaml.Node {
	if len(p.ptrs) < n {
		size := max(n, 16, min(p.ptrEstimate, max(p.ptrChunk, 64)))
		p.ptrEstimate -= size
		p.ptrChunk = 2 * size
		if s := p.slab; s != nil && s.ptrs == nil {
			s.ptrs = slices.Grow(s.ptrStore[:0], size)[:size]
			s.ptrStore, p.ptrs = s.ptrs, s.ptrs
		} else {
			p.ptrs = make([]*yaml.Node, size)
		}
	}
	c := p.ptrs[:n:n]
	p.ptrs = p.ptrs[n:]
	return c
}

// sub returns text[a:b] as a string, a slice of one copy of the text.
func (p *fastParser) sub(a, b int) string {
	if p.str == "" {
		p.str = string(p.text)
	}
	return p.str[a:b]
}

// node returns a new node of kind k at line l, offset off.
func (p *fastParser) node(k yaml.Kind, l fastLine, off int) *yaml.Node {
	if p.used == len(p.nodes) {
		// Chunks double up to the estimate rather than taking it at once:
		// a parse that fails early allocates for what it read (the syntax
		// checker parses up to hundreds of prefixes of a broken snippet to
		// find its error line). Past the estimate, chunks of 16.
		size := max(16, min(p.estimate, max(p.chunk, 64)))
		p.estimate -= size
		p.chunk = 2 * size
		if s := p.slab; s != nil && s.nodes == nil {
			s.nodes = slices.Grow(s.nodeStore[:0], size)[:size]
			s.nodeStore, p.nodes = s.nodes, s.nodes
		} else {
			p.nodes = make([]yaml.Node, size)
		}
		p.used = 0
	}
	n := &p.nodes[p.used]
	p.used++
	n.Kind, n.Line, n.Column = k, l.num, p.col(l, off)
	return n
}

// release gives back n, when it is the last node taken, for the next
// node: the key a sequence entry is probed for, which the mapping then
// parses again, and a scalar that turned out not to be one, are no
// garbage in the chunk.
func (p *fastParser) release(n *yaml.Node) {
	if n != nil && p.used > 0 && n == &p.nodes[p.used-1] {
		*n = yaml.Node{}
		p.used--
	}
}

// lineAt returns the end of the line of t that starts at start (its '\n',
// or the end of t) and the number of spaces the line starts with.
func lineAt(t []byte, start int) (end, spaces int) {
	end = len(t)
	if j := bytes.IndexByte(t[start:], '\n'); j >= 0 {
		end = start + j
	}
	for start+spaces < end && t[start+spaces] == ' ' {
		spaces++
	}
	return end, spaces
}

// split indexes the lines that hold content and the document start
// markers, up to a document end marker on the last line; it fails on
// another marker or a directive.
func (p *fastParser) split() bool {
	t := p.text
	if n := bytes.Count(t, []byte("\n")) + 1; cap(p.lines) < n {
		p.lines = make([]fastLine, 0, n)
	}
	// A document node and its root for the first document, then for each
	// one a marker starts; and the nodes of the lines. Every node but a
	// document is a collection's child, and each document has one: as
	// many pointers.
	p.estimate = 2
	defer func() { p.ptrEstimate = p.estimate }()
	for start, num := 0, 1; start < len(t); num++ {
		end, ind := lineAt(t, start)
		line := t[start:end]
		switch {
		case start+ind == end || t[start+ind] == '#':
		case ind == 0 && startMarker(line):
			if len(p.lines) > 0 {
				p.estimate += 2
			}
			p.lines = append(p.lines, fastLine{start: start, end: end, num: num, marker: true})
		case ind == 0 && string(line) == "..." && len(bytes.TrimLeft(t[end:], " \n")) == 0 && len(p.lines) > 0:
			// A document end marker alone on the last line that is not
			// blank: the text ends here.
			p.stop = start
			return true
		case ind == 0 && (bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("...")) || line[0] == '%'):
			return false
		default:
			p.lines = append(p.lines, fastLine{start: start, indent: ind, end: end, num: num, ascii: p.ascii || isASCII(line)})
			p.estimate += lineNodes(line[ind:])
		}
		start = end + 1
	}
	return true
}

// lineNodes estimates the nodes a content line makes: a key and its value
// (or the collection below it), an item, or an item that opens a mapping
// and its first entry; and the items of a flow sequence.
func lineNodes(c []byte) int {
	n := 2
	if c[0] == '-' && (len(c) == 1 || c[1] == ' ') {
		n = 1
		if bytes.Contains(c, []byte(": ")) || c[len(c)-1] == ':' {
			n = 3
		}
	}
	if bytes.IndexByte(c, '[') >= 0 {
		n += bytes.Count(c, []byte(",")) + 1
	}
	return n
}

// startMarker reports whether line is "---" alone, but for blanks and a
// comment.
func startMarker(line []byte) bool {
	rest, ok := bytes.CutPrefix(line, []byte("---"))
	rest = bytes.TrimLeft(rest, " ")
	return ok && (len(rest) == 0 || rest[0] == '#' && len(rest) < len(line)-3)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// col returns the 1-based character column of offset off of line l.
func (p *fastParser) col(l fastLine, off int) int {
	if l.ascii {
		return off - l.start + 1
	}
	return utf8.RuneCount(p.text[l.start:off]) + 1
}

// content returns the offset where l's content starts.
func (l fastLine) content() int { return l.start + l.indent }

// dash reports whether l is a block sequence entry.
func (p *fastParser) dash(l fastLine) bool {
	c := l.content()
	return p.text[c] == '-' && (c+1 == l.end || p.text[c+1] == ' ')
}

// block parses the mapping or sequence whose first line is l, the line at
// p.i.
func (p *fastParser) block(l fastLine) (*yaml.Node, bool) {
	if p.depth++; p.depth > maxFastDepth {
		return nil, false
	}
	defer func() { p.depth-- }()
	if p.dash(l) {
		return p.sequence(l.indent)
	}
	return p.mapping(l.indent)
}

// mapping parses the block mapping whose keys are indented by ind.
func (p *fastParser) mapping(ind int) (*yaml.Node, bool) {
	first := p.lines[p.i]
	m := p.node(yaml.MappingNode, first, first.content())
	m.Tag = "!!map"
	return p.collection(m, ind, func(l fastLine) bool {
		k, after, ok := p.key(l)
		if !ok {
			return false
		}
		v, ok := p.value(l, after)
		p.stack = append(p.stack, k, v)
		return ok
	})
}

// sequence parses the block sequence whose dashes are indented by ind.
func (p *fastParser) sequence(ind int) (*yaml.Node, bool) {
	first := p.lines[p.i]
	s := p.node(yaml.SequenceNode, first, first.content())
	s.Tag = "!!seq"
	return p.collection(s, ind, func(l fastLine) bool {
		item, ok := p.item(l)
		p.stack = append(p.stack, item)
		return ok
	})
}

// collection parses the entries of the block mapping or sequence n, whose
// lines are indented by ind, with entry, which pushes each entry's nodes
// on the stack; a sequence also ends at a line of its indentation that is
// not an entry.
func (p *fastParser) collection(n *yaml.Node, ind int, entry func(l fastLine) bool) (*yaml.Node, bool) {
	start := len(p.stack)
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.marker || l.indent < ind || n.Kind == yaml.SequenceNode && l.indent == ind && !p.dash(l) {
			break
		}
		if l.indent > ind || !entry(l) {
			return nil, false
		}
	}
	n.Content = p.children(start)
	return n, true
}

// item parses the sequence entry at line l (the line at p.i).
func (p *fastParser) item(l fastLine) (*yaml.Node, bool) {
	t := p.text
	dash := l.content()
	c := dash + 1
	for c < l.end && t[c] == ' ' {
		c++
	}
	if c == l.end || t[c] == '#' {
		return p.below(l, dash+1)
	}
	if t[c] == '-' && (c+1 == l.end || t[c+1] == ' ') {
		return nil, false // a compact nested sequence
	}
	if t[c] == '|' {
		return p.literal(l, c, l.indent)
	}
	k, _, ok := p.key(fastLine{start: l.start, indent: c - l.start, end: l.end, num: l.num, ascii: l.ascii})
	p.release(k)
	if ok {
		// A compact mapping: its keys are indented as its first one.
		p.lines[p.i].indent = c - l.start
		p.depth++
		defer func() { p.depth-- }()
		return p.mapping(c - l.start)
	}
	return p.inline(l, c, l.indent)
}

// value parses the value of a mapping entry of line l (the line at p.i)
// whose ':' ends at after.
func (p *fastParser) value(l fastLine, after int) (*yaml.Node, bool) {
	t := p.text
	c := after
	for c < l.end && t[c] == ' ' {
		c++
	}
	if c == l.end || t[c] == '#' {
		return p.below(l, after)
	}
	if t[c] == '|' {
		return p.literal(l, c, l.indent)
	}
	return p.inline(l, c, l.indent)
}

// literal parses the literal block scalar whose indicator is at offset c
// of line l (the line at p.i), in a collection indented by ind: "|" or
// "|-" alone at the end of the line, then lines indented deeper than ind
// (as deep as the first), each ended by a line break; empty lines only
// between them. Its value is the lines without their indentation, each
// with its line break, the last one's dropped by "|-". Anything else (an
// indentation or keep indicator, a comment after the indicator, a blank
// first line, text ending inside the block) is left to yaml.v3.
func (p *fastParser) literal(l fastLine, c, ind int) (*yaml.Node, bool) {
	t := p.text
	i := c + 1
	strip := i < l.end && t[i] == '-'
	if strip {
		i++
	}
	for i < l.end && t[i] == ' ' {
		i++
	}
	if i != l.end || l.end == len(t) {
		return nil, false
	}
	var v []byte
	block := -1      // the indentation of the block's lines
	pos := l.end + 1 // the start of the next line
	end := pos       // the start of the line after the last content line
	for pos < len(t) {
		le, sp := lineAt(t, pos)
		if pos+sp == le {
			// An empty line: a line break of the value if a content line
			// follows, else chomped. One with spaces beyond the block's
			// indentation holds them, and is left to yaml.v3.
			if block < 0 || le == len(t) || sp > block {
				return nil, false
			}
			pos = le + 1
			continue
		}
		if block < 0 {
			if sp <= ind {
				return nil, false
			}
			block = sp
		}
		if sp < block {
			break
		}
		if le == len(t) {
			return nil, false
		}
		// The empty lines since the last content line, a line break each.
		for k := end; k < pos; k += bytes.IndexByte(t[k:], '\n') + 1 {
			v = append(v, '\n')
		}
		v = append(v, t[pos+block:le+1]...)
		pos = le + 1
		end = pos
	}
	if block < 0 {
		return nil, false
	}
	if strip {
		v = v[:len(v)-1]
	}
	n := p.node(yaml.ScalarNode, l, c)
	n.Tag, n.Style, n.Value = "!!str", yaml.LiteralStyle, string(v)
	// The lines of the block, which split took for content, are read.
	for p.i++; p.i < len(p.lines) && p.lines[p.i].start < end; p.i++ {
	}
	if p.i < len(p.lines) && !p.lines[p.i].marker && p.lines[p.i].indent > ind {
		return nil, false
	}
	return n, true
}

// below parses a value that is absent from line l: the block on the next
// lines, or null at offset at of l, where yaml.v3 places it.
func (p *fastParser) below(l fastLine, at int) (*yaml.Node, bool) {
	p.i++
	if p.i < len(p.lines) && !p.lines[p.i].marker {
		next := p.lines[p.i]
		if next.indent > l.indent || next.indent == l.indent && p.dash(next) && !p.dash(l) {
			return p.block(next)
		}
	}
	n := p.node(yaml.ScalarNode, l, at)
	n.Tag = "!!null"
	return n, true
}

// inline parses a value written on line l from offset c to the end of the
// line or a comment; the next lines must not continue it.
func (p *fastParser) inline(l fastLine, c, ind int) (*yaml.Node, bool) {
	n, end, ok := p.scalar(l, c, false)
	if !ok || !p.lineEnds(l, end) {
		return nil, false
	}
	p.i++
	if p.i < len(p.lines) && !p.lines[p.i].marker && p.lines[p.i].indent > ind {
		return nil, false // a continuation line, or worse
	}
	return n, true
}

// lineEnds reports whether only blanks and a comment follow end on l.
func (p *fastParser) lineEnds(l fastLine, end int) bool {
	t := p.text
	c := end
	for c < l.end && t[c] == ' ' {
		c++
	}
	return c == l.end || t[c] == '#' && c > end
}

// key parses the key of the mapping entry l and returns it with the offset
// after its ':'.
func (p *fastParser) key(l fastLine) (*yaml.Node, int, bool) {
	t := p.text
	c := l.content()
	k, end, ok := p.scalar(l, c, true)
	if !ok || end >= l.end || t[end] != ':' || end+1 < l.end && t[end+1] != ' ' || end-c > 1000 {
		p.release(k)
		return nil, 0, false
	}
	return k, end + 1, true
}

// scalar parses the one-line scalar at offset c of line l: quoted, [] or
// {}, or plain; a plain key stops at its ':'. It returns the node and the
// offset after its token.
func (p *fastParser) scalar(l fastLine, c int, key bool) (*yaml.Node, int, bool) {
	n := p.node(yaml.ScalarNode, l, c)
	v, end, ok := p.scalarInto(l, c, key, n)
	if !ok {
		p.release(n)
	}
	return v, end, ok
}

// scalarInto is scalar, into n.
func (p *fastParser) scalarInto(l fastLine, c int, key bool, n *yaml.Node) (*yaml.Node, int, bool) {
	t := p.text
	switch t[c] {
	case '"', '\'':
		return p.quoted(l, c, n)
	case '[', '{':
		if key {
			return nil, 0, false
		}
		n.Kind, n.Tag, n.Style = yaml.SequenceNode, "!!seq", yaml.FlowStyle
		if c+1 < l.end && t[c] == '{' && t[c+1] == '}' {
			n.Kind, n.Tag = yaml.MappingNode, "!!map"
			return n, c + 2, true
		}
		if t[c] == '{' {
			return nil, 0, false
		}
		return p.flowSequence(l, c, n)
	}
	if !plainStart(t, c, l.end) {
		return nil, 0, false
	}
	end := p.plainEnd(l, c, key)
	if end < 0 {
		return nil, 0, false
	}
	return plain(n, p.sub(c, end)), end, true
}

// plainStart reports whether a plain scalar may start at offset c (before
// end): not with an indicator, nor a '<' (a merge key is left to yaml.v3).
func plainStart(t []byte, c, end int) bool {
	switch t[c] {
	case '-':
		return c+1 < end && strings.IndexByte(" -,[]{}#:", t[c+1]) < 0
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '<':
		return false
	}
	return true
}

// plain completes n as the plain scalar v. yaml.v3 resolves a plain
// scalar's tag from its value; one whose first byte cannot start a null,
// boolean, number or timestamp is a string without asking it, and so are
// the common cases of one whose first byte can (see plainTag).
func plain(n *yaml.Node, v string) *yaml.Node {
	n.Value = v
	switch {
	case len(v) > 0 && !resolvable[v[0]]:
		n.Tag = "!!str"
	default:
		if n.Tag = plainTag(v); n.Tag == "" {
			n.Tag = n.ShortTag()
		}
	}
	return n
}

// plainTag returns the tag yaml.v3 resolves the plain scalar v to when
// that is certain without it, else "". yaml.v3's resolve boxes its result
// in an interface, an allocation for every string ("openid", "none") and
// integer ("8080"), and tries a value that starts with a digit, a sign or
// a dot as a timestamp, an integer and a float through time.Parse,
// strconv and a regexp, whose errors are more ("1h", "2 days"). A value
// whose first byte may start one of the words of its table but a number
// is that word's tag or !!str; a decimal integer that fits in an int64 is
// !!int; a value holding a byte that no timestamp, integer, float nor
// word of its table (.inf, .nan) can hold is !!str.
func plainTag(v string) string {
	if len(v) == 0 {
		return ""
	}
	switch c := v[0]; {
	case c == '~':
		if len(v) == 1 {
			return "!!null"
		}
		return "!!str"
	case c >= 'A':
		switch v {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return "!!bool"
		case "null", "Null", "NULL":
			return "!!null"
		}
		return "!!str"
	case c >= '1' && c <= '9' || c == '0' && len(v) == 1:
		if len(v) <= 18 && digits(v) {
			return "!!int" // not octal (a leading 0), nor past int64
		}
	case c == '0', c == '+', c == '-', c == '.':
	default:
		return ""
	}
	for i := 0; i < len(v); i++ {
		if !numberByte[v[i]] {
			return "!!str"
		}
	}
	return ""
}

// digits reports whether v is all decimal digits.
func digits(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// numberByte holds the bytes a plain scalar yaml.v3 resolves to a
// timestamp, an integer or a float may hold: digits, hexadecimal ones and
// the base prefixes of strconv's base 0 (0x, 0o, 0b, either case), the
// exponent and hex-float p, '_' (which yaml.v3 drops), signs, '.', and
// what time.Parse reads in its timestamp layouts (':', ',' or '.' before
// fractional seconds, 'T', 't', 'Z', ' '); and the letters of .inf and
// .nan.
var numberByte = func() (t [256]bool) {
	for _, c := range []byte("0123456789abcdefABCDEFxXoObBpP_+-.:,TtZ nNiI") {
		t[c] = true
	}
	return t
}()

// resolvable holds the first bytes of the plain scalars yaml.v3 may
// resolve to another tag than !!str (its resolveTable).
var resolvable = func() (t [256]bool) {
	for _, c := range []byte("+-0123456789yYnNtTfFoO~.") {
		t[c] = true
	}
	return t
}()

// flowSequence parses the one-line flow sequence at offset c of line l
// into n: quoted scalars and plain words, separated by commas.
func (p *fastParser) flowSequence(l fastLine, c int, n *yaml.Node) (*yaml.Node, int, bool) {
	t := p.text
	i := p.blanks(l, c+1)
	if i < l.end && t[i] == ']' {
		return n, i + 1, true
	}
	start := len(p.stack)
	for i < l.end {
		item := p.node(yaml.ScalarNode, l, i)
		var ok bool
		if t[i] == '"' || t[i] == '\'' {
			item, i, ok = p.quoted(l, i, item)
		} else {
			item, i, ok = p.flowWord(l, i, item)
		}
		if !ok {
			return nil, 0, false
		}
		p.stack = append(p.stack, item)
		if i = p.blanks(l, i); i == l.end {
			break
		}
		switch t[i] {
		case ']':
			n.Content = p.children(start)
			return n, i + 1, true
		case ',':
			if i = p.blanks(l, i+1); i < l.end && t[i] == ']' {
				return nil, 0, false // a trailing comma
			}
		default:
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// flowWord parses a plain scalar inside a flow sequence, at offset c of
// line l, into n: a run of characters that no YAML reader could take for
// anything else (no blank, indicator, quote or ':').
func (p *fastParser) flowWord(l fastLine, c int, n *yaml.Node) (*yaml.Node, int, bool) {
	t := p.text
	if !plainStart(t, c, l.end) {
		return nil, 0, false
	}
	i := c
	for ; i < l.end; i++ {
		switch t[i] {
		case ' ', ',', ']':
			return plain(n, p.sub(c, i)), i, true
		case '[', '{', '}', '#', ':', '\'', '"':
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// blanks returns the offset of the first non-blank at or after i on l.
func (p *fastParser) blanks(l fastLine, i int) int {
	for i < l.end && p.text[i] == ' ' {
		i++
	}
	return i
}

// plainEnd returns where the plain scalar at offset c of line l ends:
// before a comment and trailing blanks, or before the ':' of a key. It is
// -1 when the scalar holds what would make it something else (": " in a
// value, a key without ':').
func (p *fastParser) plainEnd(l fastLine, c int, key bool) int {
	t := p.text
	end := c
	for i := c; i < l.end; i++ {
		switch {
		case t[i] == ':' && (i+1 == l.end || t[i+1] == ' '):
			if key {
				return end
			}
			return -1
		case t[i] == '#' && t[i-1] == ' ':
			if key {
				return -1
			}
			return end
		case t[i] != ' ':
			end = i + 1
		}
	}
	if key {
		return -1
	}
	return end
}

// quoted parses the one-line quoted scalar at offset c of line l into n;
// a double-quoted one must hold no escape.
func (p *fastParser) quoted(l fastLine, c int, n *yaml.Node) (*yaml.Node, int, bool) {
	t := p.text
	q := t[c]
	n.Tag = "!!str"
	n.Style = yaml.DoubleQuotedStyle
	if q == '\'' {
		n.Style = yaml.SingleQuotedStyle
	}
	if j, ok := closingQuote(t[c+1:l.end], q); ok { // the common case
		n.Value = p.sub(c+1, c+1+j)
		return n, c + 2 + j, true
	}
	var v []byte
	for i := c + 1; i < l.end; i++ {
		switch {
		case q == '"' && t[i] == '\\':
			return nil, 0, false
		case q == '\'' && t[i] == '\'' && i+1 < l.end && t[i+1] == '\'':
			if v == nil {
				v = append([]byte{}, t[c+1:i]...)
			}
			v = append(v, '\'')
			i++
		case t[i] == q:
			if v == nil {
				n.Value = p.sub(c+1, i)
			} else {
				n.Value = string(v)
			}
			return n, i + 1, true
		case v != nil:
			v = append(v, t[i])
		}
	}
	return nil, 0, false
}

// closingQuote returns the index in rest (what follows an opening quote q)
// of the quote that closes it when nothing before it is escaped: no
// backslash in double quotes, no doubled quote in single quotes.
func closingQuote(rest []byte, q byte) (int, bool) {
	j := bytes.IndexByte(rest, q)
	switch {
	case j < 0:
		return 0, false
	case q == '"':
		return j, bytes.IndexByte(rest[:j], '\\') < 0
	}
	return j, j+1 == len(rest) || rest[j+1] != '\''
}
