package shortcode

import (
	"strconv"

	"github.com/guidec/guidec/internal/source"
)

// Node is a piece of a parsed body: Text, Escaped or *Call.
type Node interface{ node() }

// Text is body text outside tags, copied verbatim.
type Text struct {
	Span source.Span
}

// Escaped is an escaped call `{{</* name params */>}}`. It prints as the
// literal call `{{< name params >}}`: the concatenation of Parts, each a
// verbatim piece of the guide (the delimiters and the text between the
// comment markers).
type Escaped struct {
	Span  source.Span
	Parts [3]source.Span
}

// Call is one shortcode call, with its inner content when it is paired.
type Call struct {
	Name     string
	NameSpan source.Span
	// Markup reports `{{% %}}` delimiters: the output is Markdown, parsed
	// with the page. Otherwise the output is HTML.
	Markup bool
	// Params holds the parameters in source order. They are all named or
	// all positional (Named says which).
	Params []Param
	Named  bool
	Open   source.Span // the opening (or only) tag
	Close  source.Span // the closing tag; zero when the call has none
	Span   source.Span // opening tag through closing tag
	// Inner is the content between the tags of a paired call.
	Inner     []Node
	InnerSpan source.Span
	// Paired reports a closing tag; SelfClosed a tag written `{{< x />}}`.
	Paired, SelfClosed bool
	// Parent is the paired call whose inner content holds this one, or nil.
	Parent *Call
	// Ordinal is the 0-based index of the call among the calls sharing its
	// parent (or among the top-level calls), as Hugo's .Ordinal.
	Ordinal int
	// Broken reports a call that failed to parse or names no template; it
	// is reported and renders nothing.
	Broken bool
}

// Param is one parameter. Key is "" for a positional parameter. Value is a
// string, or, for an unquoted value that reads as one, a bool, int or
// float64 (Hugo's typed parameters).
type Param struct {
	Key       string
	Value     any
	KeySpan   source.Span // zero for positional parameters
	ValueSpan source.Span // including quotes
}

func (Text) node()    {}
func (Escaped) node() {}
func (*Call) node()   {}

// Param returns the named parameter key.
func (c *Call) Param(key string) (Param, bool) {
	for _, p := range c.Params {
		if p.Key == key {
			return p, true
		}
	}
	return Param{}, false
}

// StringParam returns the named parameter key formatted as a string, or ""
// when it is absent.
func (c *Call) StringParam(key string) string {
	p, ok := c.Param(key)
	if !ok {
		return ""
	}
	return formatValue(p.Value)
}

func formatValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// typedValue converts an unquoted value as Hugo does: true/false to bool,
// [-+]digits to int, [-+]digits.digits to float64. Quoted values stay
// strings.
func typedValue(s string, quoted bool) any {
	if quoted {
		return s
	}
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	body := s
	if len(body) > 0 && (body[0] == '-' || body[0] == '+') {
		body = body[1:]
	}
	digits, dots, dotAt := 0, 0, -1
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
			dotAt = i
		default:
			return s
		}
	}
	switch {
	case digits == 0:
		return s
	case dots == 0:
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
	case dots == 1 && dotAt < len(body)-1:
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	}
	return s
}
