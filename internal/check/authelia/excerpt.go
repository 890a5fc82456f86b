package authelia

import (
	"bytes"

	"gopkg.in/yaml.v3"
)

// excerptMarkers are the words of a comment (or the lines) with which
// guides say that a mapping is shown in part: "...", "# rest of the
// configuration", "## The other portions … go here".
var excerptMarkers = [][]byte{[]byte("..."), []byte("…"), []byte("rest of"), []byte("go here"), []byte("other portions"), []byte("etc")}

// partial reports whether mapping m is shown in part: a line of its
// extent is an elision ("...") or a comment that says the rest is left
// out. Rules that need an option of a mapping to be absent do not run on
// partial mappings.
func (r *reporter) partial(m *yaml.Node) bool {
	m = resolve(m)
	if m == nil || m.Line <= 0 {
		return false
	}
	first, last := m.Line, lastLine(m, 0)
	text := r.snip.Text
	lines := r.lines.lines // yaml.v3's line numbering, as m's
	for line := first; line <= last+1 && line <= lines.Count(); line++ {
		start, end := lines.Start(line), lines.End(line)
		l := bytes.TrimSpace(text[start:end])
		if line == last+1 {
			// The line after the mapping's last value belongs to it when it
			// is a comment indented like its keys.
			if !bytes.HasPrefix(l, []byte("#")) || start+m.Column-1 > end || text[start+m.Column-1] != '#' {
				break
			}
		}
		if bytes.Equal(l, []byte("...")) || bytes.Equal(l, []byte("…")) {
			return true
		}
		if i := bytes.Index(l, []byte("#")); i >= 0 && (i == 0 || l[i-1] == ' ') {
			c := bytes.ToLower(l[i:])
			for _, w := range excerptMarkers {
				if bytes.Contains(c, w) {
					return true
				}
			}
		}
	}
	return false
}

// lastLine returns the last line a node's content reaches (bounded depth).
func lastLine(n *yaml.Node, depth int) int {
	if n == nil || depth > 64 {
		return 0
	}
	last := n.Line
	if len(n.Content) > 0 {
		if l := lastLine(n.Content[len(n.Content)-1], depth+1); l > last {
			last = l
		}
	}
	if n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		last += bytes.Count([]byte(n.Value), []byte("\n"))
	}
	return last
}
