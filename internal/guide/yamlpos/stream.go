package yamlpos

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"gopkg.in/yaml.v3"
)

// Stream is the outcome of decoding a YAML stream (every document of a
// text): the documents decoded, in order, until the first error or panic
// of yaml.v3, which stopped decoding.
type Stream struct {
	// Docs are the document nodes (yaml.DocumentNode) decoded before
	// the error, if any.
	Docs []*yaml.Node
	Err  error // the first error other than io.EOF; nil when every document parsed
	// Panicked says that yaml.v3 panicked (it has on hostile input) after
	// Docs; Panic is the value. Err is then nil.
	Panicked bool
	Panic    any
}

// OK reports whether every document parsed.
func (s Stream) OK() bool { return s.Err == nil && !s.Panicked }

// Roots returns the top node of each document (its content), leaving out
// empty documents.
func (s Stream) Roots() []*yaml.Node {
	var out []*yaml.Node
	for _, d := range s.Docs {
		if d.Kind == yaml.DocumentNode && len(d.Content) == 1 {
			out = append(out, d.Content[0])
		}
	}
	return out
}

// DecodeStream decodes every document of text into nodes; it is the one
// YAML decoder of snippets, and it never panics: a panic of yaml.v3 is
// recovered into Stream.Panicked. Decoding into yaml.Node expands no
// alias, so a "billion laughs" document costs no more than its size.
func DecodeStream(text []byte) (st Stream) {
	defer func() {
		if r := recover(); r != nil {
			st.Err, st.Panicked, st.Panic = nil, true, r
		}
	}()
	if docs, ok := fastParseStream(text); ok {
		return Stream{Docs: docs}
	}
	dec := yaml.NewDecoder(bytes.NewReader(text))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return st
		}
		if err != nil {
			st.Err = err
			return st
		}
		st.Docs = append(st.Docs, &n)
	}
}

// Error returns the stream's failure as an error: Err, a panic as an error
// naming it, or nil.
func (s Stream) Error() error {
	if s.Panicked {
		return fmt.Errorf("yaml: %v", s.Panic)
	}
	return s.Err
}
