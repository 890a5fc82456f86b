package consistency

import (
	"bytes"
	"encoding/xml"
	"strings"

	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// maxXMLTokens bounds the tokens addXML reads of one snippet.
const maxXMLTokens = 1 << 16

// isXML reports whether s is XML by its language or title.
func isXML(s *snippet.Snippet) bool {
	return s.LangFormat() == snippet.XML || s.TitleFormat() == snippet.XML
}

// addXML records the text of each element that holds only text
// (<ClientId>app</ClientId>) as the value of a key named like the element,
// under its parents' names. A snippet that does not parse is read up to
// its first error (the syntax checker reports it).
func (m *model) addXML(s *snippet.Snippet) {
	dec := xml.NewDecoder(bytes.NewReader(s.Text))
	dec.Strict = false
	var stack []string
	type open struct {
		text     string
		at       source.Span
		children bool
	}
	var elems []open
	for n := 0; n < maxXMLTokens; n++ {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(elems) > 0 {
				elems[len(elems)-1].children = true
			}
			stack = append(stack, t.Name.Local)
			elems = append(elems, open{})
		case xml.CharData:
			if len(elems) == 0 {
				continue
			}
			raw := string(s.Text[before:dec.InputOffset()])
			v := strings.TrimSpace(string(t))
			if v == "" {
				continue
			}
			lead := len(raw) - len(strings.TrimLeft(raw, " \t\r\n"))
			trail := len(raw) - len(strings.TrimRight(raw, " \t\r\n"))
			e := &elems[len(elems)-1]
			e.text = v
			e.at = source.Span{Start: int(before) + lead, End: int(dec.InputOffset()) - trail}
		case xml.EndElement:
			if len(elems) == 0 {
				return
			}
			e := elems[len(elems)-1]
			elems, stack = elems[:len(elems)-1], stack[:len(stack)-1]
			if !e.children && e.text != "" {
				parents := ""
				for _, p := range stack {
					parents += normalizeKey(p)
				}
				m.addKey(s, parents, t.Name.Local, snippetValue(s, e.at, e.text))
			}
		}
	}
}
