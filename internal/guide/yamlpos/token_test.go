package yamlpos

import (
	"testing"

	"gopkg.in/yaml.v3"
)

// TestTextSpans locates the value of key k of each document as a token
// and as the value's characters.
func TestTextSpans(t *testing.T) {
	tests := []struct {
		text, token, value string
	}{
		{"k: plain value # note\n", "plain value", "plain value"},
		{"k: 'quoted'\n", "'quoted'", "quoted"},
		{"k: \"esc\\taped\"\n", "\"esc\\taped\"", "\""},
		{"k: &a [1, 'x]', 2] # c\n", "[1, 'x]', 2]", "&"},
		{"k: |-\n  block\n", "|-", "|"},
		{"k: !!str tagged\n", "tagged", "!"},
		{"a: 1\nk:\n  x: y\n", "x: y", "x"},
		{"k: \u00e9t\u00e9\u2028x: 1\n", "\u00e9t\u00e9", "\u00e9t\u00e9"},
	}
	for _, tt := range tests {
		st := DecodeStream([]byte(tt.text))
		if !st.OK() || len(st.Roots()) != 1 {
			t.Fatalf("%q: %+v", tt.text, st)
		}
		n := MapValue(st.Roots()[0], "k")
		tx := NewText([]byte(tt.text))
		sp := tx.TokenSpan(n)
		if got := tt.text[sp.Start:sp.End]; got != tt.token {
			t.Errorf("%q: token %q, want %q", tt.text, got, tt.token)
		}
		vs := tx.ValueSpan(n)
		if got := tt.text[vs.Start:vs.End]; got != tt.value {
			t.Errorf("%q: value %q, want %q", tt.text, got, tt.value)
		}
	}
}

func TestDecodeStream(t *testing.T) {
	st := DecodeStream([]byte("a: 1\n---\n---\nb: [\n"))
	if len(st.Docs) != 2 || st.Err == nil || st.OK() || len(st.Roots()) != 2 {
		t.Errorf("two documents then an error: got %d docs, %d roots, err %v", len(st.Docs), len(st.Roots()), st.Err)
	}
	if st.Error() == nil {
		t.Error("Error() lost the error")
	}
	if st := DecodeStream(nil); !st.OK() || len(st.Docs) != 0 {
		t.Errorf("empty text: %+v", st)
	}
	if MapValue(&yaml.Node{Kind: yaml.SequenceNode}, "k") != nil {
		t.Error("MapValue of a sequence")
	}
}
