package syntax

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/guidec/guidec/internal/source"
)

// xmlOpen is an element whose end tag has not been read yet.
type xmlOpen struct {
	name string
	tag  source.Span // its start tag
}

// validateXML reads every token of text with encoding/xml in strict mode.
// The decoder's InputOffset before and after the failing token gives the
// exact bytes at fault (xml.SyntaxError itself only carries a line). A
// snippet may hold several top-level elements: guides show fragments.
func validateXML(text []byte) []finding {
	d := xml.NewDecoder(bytes.NewReader(text))
	d.Strict = true
	// The snippet is the UTF-8 text the guide shows, whatever encoding its
	// declaration names.
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	var stack []xmlOpen
	for {
		before := int(d.InputOffset())
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return []finding{xmlError(text, err, before, int(d.InputOffset()), stack)}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			tag := source.Span{Start: before, End: int(d.InputOffset())}
			stack = append(stack, xmlOpen{name: xmlName(t.Name), tag: tag})
			if f, bad := duplicateAttr(t, tag); bad {
				return []finding{f}
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

func xmlError(text []byte, err error, before, after int, stack []xmlOpen) finding {
	msg := err.Error()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg = se.Msg
	}
	for before < after && isJSONSpace(text[before]) {
		before++
	}
	if before >= len(text) && len(stack) > 0 {
		top := stack[len(stack)-1]
		return finding{
			span: top.tag,
			code: "xml-syntax",
			msg:  fmt.Sprintf("element <%s> is never closed", top.name),
			hint: fmt.Sprintf("add </%s> where the element ends", top.name),
		}
	}
	sp := source.Span{Start: before, End: after}
	if sp.End <= sp.Start {
		sp = runeSpan(text, min(before, len(text)))
	}
	return finding{span: sp, code: "xml-syntax", msg: msg, hint: "fix the XML here: it must be well-formed"}
}

// duplicateAttr reports an attribute given twice, which XML forbids but
// encoding/xml accepts.
func duplicateAttr(t xml.StartElement, sp source.Span) (finding, bool) {
	seen := map[xml.Name]bool{}
	for _, a := range t.Attr {
		if seen[a.Name] {
			return finding{
				span: sp,
				code: "xml-syntax",
				msg:  fmt.Sprintf("attribute %s given twice in <%s>", xmlName(a.Name), xmlName(t.Name)),
				hint: "remove one of the attributes",
			}, true
		}
		seen[a.Name] = true
	}
	return finding{}, false
}

func xmlName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}
