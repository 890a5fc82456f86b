package syntax

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/lazyre"
	"github.com/guidec/guidec/internal/source"
)

// Configuration that embeds a YAML document in a string: a Kubernetes
// ConfigMap's `oidc.config: |` (Argo CD) or `sso: |` (Argo Workflows), a
// Helm chart's `values: |`. The application parses the string as YAML
// when it starts, so a syntax error there stops it as surely as one in the
// outer document, and yaml.v3 sees only a string. embeddedYAML checks
// such literal block scalars as YAML documents of their own and reports
// their errors at the guide's lines.

// embeddedKeyLine is a mapping key line of an embedded document.
var embeddedKeyLine = lazyre.New(`^\s*([A-Za-z_][A-Za-z0-9_.-]*|'[^']*'|"[^"]*"):(\s|$)`)

// maxEmbeddedDepth bounds how deep in the outer document embedded
// documents are looked for; an embedded document is not searched again.
const maxEmbeddedDepth = 32

// embeddedYAML appends the findings of the YAML documents embedded in the
// literal block scalars of the tree rooted at n.
func embeddedYAML(t *yamlText, n *yaml.Node, fs []finding, b *budget, depth int) []finding {
	if n == nil || n.Kind == yaml.AliasNode || depth > maxEmbeddedDepth {
		return fs
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if v.Kind == yaml.ScalarNode && v.Style&yaml.LiteralStyle != 0 && k.Kind == yaml.ScalarNode && yamlName(k.Value) && looksLikeYAMLBlock(v.Value) {
				fs = append(fs, embeddedFindings(t, k.Value, v, b)...)
			}
		}
	}
	for _, c := range n.Content {
		fs = embeddedYAML(t, c, fs, b, depth+1)
	}
	return fs
}

// yamlName reports whether a key may hold a YAML document: any key but a
// file name of another format (nginx.conf, policy.csv, app.properties).
func yamlName(key string) bool {
	switch ext := strings.ToLower(path.Ext(key)); ext {
	case "", ".yaml", ".yml", ".config":
		return true
	default:
		// oidc.config, dex.config: a dotted key is a name, not a file,
		// unless its last part is a known extension.
		return nameKind(key) == kindNone && !knownOtherExt[ext]
	}
}

// knownOtherExt lists extensions of formats that are not YAML and that
// nameKind does not know (scripts, templates, certificates).
var knownOtherExt = map[string]bool{
	".conf": true, ".cfg": true, ".properties": true, ".csv": true, ".sh": true, ".py": true, ".js": true,
	".lua": true, ".rb": true, ".pem": true, ".crt": true, ".key": true, ".txt": true, ".tpl": true,
	".tmpl": true, ".html": true, ".css": true, ".sql": true, ".rego": true, ".hcl": true, ".tf": true,
}

// looksLikeYAMLBlock reports whether the text of a block scalar reads as a
// YAML mapping: its first line is a top-level key, and all its lines but
// one in ten (or one) are keys, list items or lines indented below them. A script, a
// certificate or an nginx configuration is not.
func looksLikeYAMLBlock(s string) bool {
	lines := strings.Split(s, "\n")
	var n, yamlish int
	first := true
	for _, l := range lines {
		tl := strings.TrimSpace(l)
		if tl == "" || strings.HasPrefix(tl, "#") {
			continue
		}
		n++
		if first {
			first = false
			if l[0] == ' ' || !embeddedKeyLine.MatchString(l) {
				return false
			}
		}
		if embeddedKeyLine.MatchString(l) || strings.HasPrefix(tl, "-") || l[0] == ' ' && !strings.ContainsAny(tl, "{};") {
			yamlish++
		}
	}
	// A mistake makes a line odd (a key without its colon): one line in
	// ten, or one in a short document, is allowed.
	return n >= 2 && yamlish >= n-max(1, n/10)
}

// embeddedFindings checks the block scalar v's text (the value of key) as
// a YAML stream and returns its findings located in the snippet.
func embeddedFindings(t *yamlText, key string, v *yaml.Node, b *budget) []finding {
	text, m := blockText(t, v)
	if text == nil {
		return nil
	}
	inner := validateYAMLWithin(text, b)
	for i := range inner {
		f := &inner[i]
		f.msg += fmt.Sprintf(" (in the YAML document %s holds)", strconv.Quote(key))
		f.span = m.span(f.span)
		for j := range f.related {
			f.related[j].span = m.span(f.related[j].span)
		}
		if f.fix != nil {
			for j := range f.fix.edits {
				f.fix.edits[j].Span = m.span(f.fix.edits[j].Span)
			}
		}
	}
	return inner
}

// lineMap maps offsets of an embedded text to the snippet: line i of the
// embedded text starts at emb[i] and stands for the snippet bytes from
// src[i] on.
type lineMap struct{ emb, src []int }

func (m lineMap) offset(o int) int {
	i := sort.Search(len(m.emb), func(i int) bool { return m.emb[i] > o }) - 1
	if i < 0 {
		i = 0
	}
	return m.src[i] + o - m.emb[i]
}

func (m lineMap) span(sp source.Span) source.Span {
	return source.Span{Start: m.offset(sp.Start), End: m.offset(sp.End)}
}

// blockText returns the text of the literal block scalar v as it stands in
// the snippet, each line without the block's indentation, and where its
// lines are; nil when the block's lines cannot be found (an indentation
// indicator, tabs).
func blockText(t *yamlText, v *yaml.Node) ([]byte, lineMap) {
	lines := t.table()
	var m lineMap
	first := v.Line + 1 // the line after the | indicator
	if first > lines.Count() {
		return nil, m
	}
	indent := -1
	var out []byte
	for n := first; n <= lines.Count(); n++ {
		sp := lines.LineSpan(n)
		l := t.text[sp.Start:sp.End]
		blank := len(strings.TrimSpace(string(l))) == 0
		ind := 0
		for ind < len(l) && l[ind] == ' ' {
			ind++
		}
		if indent < 0 {
			if blank {
				m.emb = append(m.emb, len(out))
				m.src = append(m.src, sp.End)
				out = append(out, '\n')
				continue
			}
			if ind < len(l) && l[ind] == '\t' {
				return nil, m
			}
			indent = ind
		}
		if !blank && ind < indent {
			break
		}
		m.emb = append(m.emb, len(out))
		if blank && len(l) < indent {
			m.src = append(m.src, sp.End)
		} else {
			m.src = append(m.src, sp.Start+indent)
			out = append(out, l[indent:]...)
		}
		out = append(out, '\n')
	}
	if indent <= 0 {
		return nil, m
	}
	return out, m
}
