package consistency

import (
	"strings"

	"github.com/guidec/guidec/internal/source"
	"gopkg.in/yaml.v3"
)

// Documents embedded in literal block scalars: an application's whole
// configuration held in one key of a Kubernetes ConfigMap or Helm values
// file (Argo CD's `oidc.config: |`, a `config.yaml: |` entry). Their
// content is read when it is clearly a document: a YAML (or JSON) mapping
// of at least two keys, or a .env file of at least two assignments.
//
// Literal style (|, |-, |+) is read: its lines are the document's lines
// one for one, each shifted by the block's indentation, so that a position
// in the document maps back to the snippet exactly. A folded block (>)
// joins lines, so its value is not the text as written; it is read only
// when it holds JSON (django-allauth's SOCIALACCOUNT_PROVIDERS: >- {…}),
// from its lines as written: folding only turns line breaks into blanks,
// which JSON does not notice.

// maxBlockNesting bounds documents embedded in documents embedded in…
const maxBlockNesting = 4

// block returns the buffer of the document held in literal block scalar n
// of b, or nil when n is not one: the document's line L column C is the
// snippet's line n.Line+L, column C plus the block's indentation.
func (b *yamlBuf) block(n *yaml.Node) *yamlBuf {
	if n.Style&yaml.FoldedStyle != 0 && jsonText(n.Value) {
		return b.foldedBlock(n)
	}
	if n.Style&yaml.LiteralStyle == 0 || b.nesting >= maxBlockNesting || !strings.Contains(n.Value, "\n") {
		return nil
	}
	text := b.s.Text
	// The indentation is that of the first line with content after the
	// indicator line (an explicit indentation indicator is not read).
	line := n.Line + b.lineOff                   // of the indicator, in b.pos
	ind := b.pos.Offset(line, n.Column+b.colOff) // the indicator
	if hdr := text[b.base+ind:]; len(hdr) > 1 && hdr[1] >= '1' && hdr[1] <= '9' || len(hdr) > 2 && hdr[2] >= '1' && hdr[2] <= '9' {
		return nil
	}
	indent := -1
	for l := line + 1; l <= line+1+strings.Count(n.Value, "\n") && indent < 0; l++ {
		start := b.base + b.pos.Offset(l, 1)
		i := start
		for i < len(text) && text[i] == ' ' {
			i++
		}
		if i < len(text) && text[i] != '\n' && text[i] != '\r' {
			indent = i - start
		}
	}
	if indent <= 0 {
		return nil
	}
	return &yamlBuf{s: b.s, base: b.base, pos: b.pos, lineOff: line, colOff: indent, nesting: b.nesting + 1}
}

// jsonText reports whether text is, after blanks, a JSON object or array.
func jsonText(text string) bool {
	t := strings.TrimSpace(text)
	return t != "" && (t[0] == '{' || t[0] == '[')
}

// foldedBlock returns the buffer of the JSON document held in folded
// block scalar n of b, with text set to its lines as written (their
// common indentation removed), or nil.
func (b *yamlBuf) foldedBlock(n *yaml.Node) *yamlBuf {
	if b.nesting >= maxBlockNesting {
		return nil
	}
	text := b.s.Text
	line := n.Line + b.lineOff
	ind := b.pos.Offset(line, n.Column+b.colOff)
	if hdr := text[b.base+ind:]; len(hdr) > 1 && hdr[1] >= '1' && hdr[1] <= '9' || len(hdr) > 2 && hdr[2] >= '1' && hdr[2] <= '9' {
		return nil
	}
	indent := -1
	var out strings.Builder
	for l := line + 1; l <= b.pos.Count(); l++ {
		start, end := b.base+b.pos.Start(l), b.base+b.pos.End(l)
		raw := strings.TrimRight(string(text[start:end]), "\r\n")
		body := strings.TrimLeft(raw, " ")
		if body == "" {
			out.WriteByte('\n')
			continue
		}
		in := len(raw) - len(body)
		if indent < 0 {
			indent = in
		}
		if in < indent || indent == 0 {
			break
		}
		out.WriteString(raw[indent:])
		out.WriteByte('\n')
	}
	if indent <= 0 {
		return nil
	}
	return &yamlBuf{s: b.s, base: b.base, pos: b.pos, lineOff: line, colOff: indent, nesting: b.nesting + 1, text: out.String()}
}

// blockText returns the document text of block scalar n, given the
// buffer block returned for it.
func blockText(b2 *yamlBuf, n *yaml.Node) string {
	if b2.text != "" {
		return b2.text
	}
	return n.Value
}

// blockSpan maps a span of the value of block scalar n (a document held
// in b, from block) to the snippet's Text; ok is false when the span
// crosses a line.
func (b *yamlBuf) blockSpan(value string, sp source.Span) (source.Span, bool) {
	if strings.ContainsAny(value[sp.Start:sp.End], "\n") {
		return source.Span{}, false
	}
	line := strings.Count(value[:sp.Start], "\n") + 1
	col := sp.Start - (strings.LastIndexByte(value[:sp.Start], '\n') + 1)
	start := b.base + b.pos.Offset(line+b.lineOff, 1) + b.colOff + col
	return source.Span{Start: start, End: start + sp.Len()}, true
}

// addBlock records the keys of a document held in block scalar n of the
// walk's buffer, under parents.
func (w *treeWalker) addBlock(n *yaml.Node, parents string) {
	b2 := w.buf.block(n)
	if b2 == nil {
		return
	}
	text := blockText(b2, n)
	if docs, ok := parseYAML([]byte(text)); ok && len(docs) == 1 && docs[0].Kind == yaml.MappingNode && (len(docs[0].Content) >= 4 || jsonText(text)) {
		cw := treeWalker{m: w.m, s: w.s, buf: b2, depth: w.depth}
		cw.walk(docs[0], parents)
		return
	}
	if lines, ok := parseEnv([]byte(n.Value)); ok && len(lines) >= 2 {
		for _, l := range lines {
			sp, ok := b2.blockSpan(n.Value, l.ValueSpan)
			if !ok || !l.Raw && sp.Len() != len(l.Value) {
				sp = source.Span{Start: sp.Start, End: sp.Start}
			}
			w.m.addKey(w.s, parents, l.Name, snippetValue(w.s, sp, l.Value))
		}
	}
}
