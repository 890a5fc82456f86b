package testenv

import (
	"regexp"
	"strings"

	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// ScanGuide and its helpers are a deliberately naive fence scanner for
// the checkers' tests: package markdown owns real extraction. It handles what the fixtures and corpus
// need: ``` and ~~~ fences at any indentation (content lines lose up to the
// fence's indentation, so each line maps to its own guide offset), a
// language, {key="value"} attributes, and sitevar calls replaced by their
// nojs text as generated segments.

var (
	scanSitevarRe = regexp.MustCompile(`\{\{<\s*sitevar\b(.*?)>\}\}`)
	scanNojsRe    = regexp.MustCompile(`nojs=\\?"([^"\\]*)\\?"`)
	scanNameRe    = regexp.MustCompile(`name=\\?"([^"\\]*)\\?"`)
	scanAttrRe    = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_-]*)=("([^"]*)"?|[^\s}]+)`)
)

type scanLine struct{ start, end int } // end excludes '\n'

func scanLines(b []byte) []scanLine {
	var out []scanLine
	for start := 0; start < len(b); {
		end := start
		for end < len(b) && b[end] != '\n' {
			end++
		}
		out = append(out, scanLine{start, end})
		start = end + 1
	}
	return out
}

// ScanGuide returns the guide file and its fenced snippets.
func ScanGuide(name string, content []byte) (*source.File, []*snippet.Snippet) {
	f := source.NewFile(name, content)
	lines := scanLines(content)
	var out []*snippet.Snippet
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		text := string(content[l.start:l.end])
		indent := len(text) - len(strings.TrimLeft(text, " "))
		trimmed := text[indent:]
		if !strings.HasPrefix(trimmed, "```") && !strings.HasPrefix(trimmed, "~~~") {
			continue
		}
		fence := trimmed[:len(trimmed)-len(strings.TrimLeft(trimmed, trimmed[:1]))]
		s := &snippet.Snippet{File: f, Map: &source.Map{}, Index: len(out)}
		s.KeepParses() // as package markdown makes them
		infoStart := l.start + indent + len(fence)
		s.InfoSpan = source.Span{Start: infoStart, End: l.end}
		scanInfo(s, content, s.InfoSpan)
		j := i + 1
		for ; j < len(lines); j++ {
			c := strings.TrimSpace(string(content[lines[j].start:lines[j].end]))
			if strings.HasPrefix(c, fence) && strings.Trim(c, fence[:1]) == "" {
				break
			}
			scanAddLine(s, content, lines[j], indent)
		}
		end := len(content)
		if j < len(lines) {
			end = lines[j].end
		}
		s.Span = source.Span{Start: l.start, End: end}
		out = append(out, s)
		i = j
	}
	return f, out
}

func scanInfo(s *snippet.Snippet, content []byte, sp source.Span) {
	info := string(content[sp.Start:sp.End])
	lang, rest, _ := strings.Cut(strings.TrimSpace(info), " ")
	if strings.HasPrefix(lang, "{") {
		lang, rest = "", strings.TrimSpace(info)
	}
	s.Lang = strings.ToLower(lang)
	_ = rest
	for _, m := range scanAttrRe.FindAllStringSubmatchIndex(info, -1) {
		key := info[m[2]:m[3]]
		val := info[m[4]:m[5]]
		if m[6] >= 0 {
			val = info[m[6]:m[7]]
		}
		s.Attrs = append(s.Attrs, snippet.Attr{Key: key, Value: val, Span: source.Span{Start: sp.Start + m[0], End: sp.Start + m[1]}})
	}
}

// scanAddLine appends one content line, without up to indent leading spaces,
// replacing sitevar calls by their nojs values.
func scanAddLine(s *snippet.Snippet, content []byte, l scanLine, indent int) {
	start := l.start
	for k := 0; k < indent && start < l.end && content[start] == ' '; k++ {
		start++
	}
	pos := start
	for _, m := range scanSitevarRe.FindAllSubmatchIndex(content[start:l.end], -1) {
		ms, me := start+m[0], start+m[1]
		scanVerbatim(s, pos, ms)
		params := content[start+m[2] : start+m[3]]
		val, name := "", ""
		if v := scanNojsRe.FindSubmatch(params); v != nil {
			val = string(v[1])
		}
		if n := scanNameRe.FindSubmatch(params); n != nil {
			name = string(n[1])
		}
		dst := len(s.Text)
		s.Text = append(s.Text, val...)
		s.Map.AddGenerated(dst, len(val), source.Span{Start: ms, End: me})
		s.Vars = append(s.Vars, snippet.Var{Name: name, Span: source.Span{Start: dst, End: dst + len(val)}})
		pos = me
	}
	scanVerbatim(s, pos, l.end)
	if l.end < len(content) {
		scanVerbatim(s, l.end, l.end+1)
	} else {
		s.Map.AddGenerated(len(s.Text), 1, source.Span{Start: l.end, End: l.end})
		s.Text = append(s.Text, '\n')
	}
}

func scanVerbatim(s *snippet.Snippet, from, to int) {
	s.Map.AddVerbatim(len(s.Text), from, to-from)
	s.Text = append(s.Text, s.File.Content[from:to]...)
}
