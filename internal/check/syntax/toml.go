package syntax

import (
	"bytes"
	"errors"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/guidec/guidec/internal/format/tomlsize"
	"github.com/guidec/guidec/internal/source"
)

// maxTOMLComparisons bounds the key comparisons go-toml's decoder may make
// on one snippet (see tomlsize): beyond, keys and tables defined twice are
// not looked for.
const maxTOMLComparisons = 1 << 24

// validateTOML parses text with go-toml's parser, whose errors carry the
// exact bytes at fault, then decodes it, which also catches keys and tables
// defined twice (reported with a line and byte column), unless that would
// cost more than maxTOMLComparisons.
func validateTOML(text []byte) []finding {
	var p unstable.Parser
	p.Reset(text)
	for p.NextExpression() {
	}
	var pe *unstable.ParserError
	if err := p.Error(); errors.As(err, &pe) && len(pe.Highlight) > 0 {
		r := p.Range(pe.Highlight)
		start := int(r.Offset)
		return []finding{tomlFinding(source.Span{Start: start, End: start + int(r.Length)}, pe.Message)}
	}
	if tomlsize.Comparisons(text) > maxTOMLComparisons {
		return nil
	}
	var v map[string]any
	err := toml.Unmarshal(text, &v)
	if err == nil {
		return nil
	}
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return []finding{tomlFinding(source.Span{}, strings.TrimPrefix(err.Error(), "toml: "))}
	}
	line, col := de.Position() // lines at LF, columns in bytes
	start := source.NewLines(text, source.LFBreaks).ByteOffset(line, col)
	sp := runeSpan(text, start)
	if key := de.Key(); len(key) > 0 {
		if last := key[len(key)-1]; last != "" && bytes.HasPrefix(text[start:], []byte(last)) {
			sp.End = start + len(last)
		}
	}
	return []finding{tomlFinding(sp, strings.TrimPrefix(de.Error(), "toml: "))}
}

func tomlFinding(sp source.Span, msg string) finding {
	return finding{span: sp, code: "toml-syntax", msg: msg, hint: "fix the TOML here (see https://toml.io)"}
}
