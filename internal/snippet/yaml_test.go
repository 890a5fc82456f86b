package snippet

import (
	"testing"
)

func TestParseYAML(t *testing.T) {
	cases := []struct {
		name, text string
		docs       int
		err        bool
	}{
		{"one document", "a: 1\nb: [1, 2]\n", 1, false},
		{"three documents", "a: 1\n---\nb: 2\n---\n- c\n", 3, false},
		{"empty", "", 0, false},
		{"error after two documents", "a: 1\n---\nb: 2\n---\nc: [1\n", 2, true},
		{"error in the first", "a: 'x\n", 0, true},
		{"aliases kept unexpanded", "a: &x [1, 2]\nb: *x\nc: *x\n", 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, keep := range []bool{false, true} {
				s := &Snippet{Text: []byte(c.text)}
				if keep {
					s.KeepParses()
				}
				p := s.ParseYAML()
				if len(p.Docs) != c.docs || (p.Err != nil) != c.err || p.Panicked {
					t.Fatalf("keep=%v: %d documents, err %v, panicked %v; want %d, error %v", keep, len(p.Docs), p.Err, p.Panicked, c.docs, c.err)
				}
				docs, err := s.YAML()
				if len(docs) != len(p.Docs) || (err != nil) != c.err {
					t.Fatalf("keep=%v: YAML() disagrees with ParseYAML()", keep)
				}
				want, werr := DecodeYAML([]byte(c.text))
				if len(want) != len(docs) || (werr == nil) != (err == nil) {
					t.Fatalf("keep=%v: DecodeYAML disagrees", keep)
				}
			}
		})
	}
}

// TestKeepParses: with KeepParses every caller, and every copy of the
// snippet, gets the same nodes; without it each call parses again.
func TestKeepParses(t *testing.T) {
	s := &Snippet{Text: []byte("a: 1\n---\nb: 2\n")}
	a, b := s.ParseYAML(), s.ParseYAML()
	if a.Docs[0] == b.Docs[0] {
		t.Fatal("without KeepParses two calls shared nodes")
	}
	s.KeepParses()
	c := *s // as checkers copy a snippet to change its File
	x, y, z := s.ParseYAML(), s.ParseYAML(), c.ParseYAML()
	if x.Docs[0] != y.Docs[0] || x.Docs[1] != z.Docs[1] {
		t.Fatal("with KeepParses, calls and copies parsed again")
	}
	// A copy given other text is parsed anew, not answered from the parse
	// of the original's.
	c.Text = []byte("a: 1\n")
	if p := c.ParseYAML(); len(p.Docs) != 1 {
		t.Fatalf("a copy with one document of text: %d documents", len(p.Docs))
	}
}

// BenchmarkParseYAML measures the parse that the checkers of a page share
// (one per snippet, where each checker parsed it before).
func BenchmarkParseYAML(b *testing.B) {
	text := []byte("identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        client_name: 'App'\n        public: false\n        redirect_uris:\n          - 'https://app.example.com/callback'\n        scopes: ['openid', 'profile', 'email']\n")
	for b.Loop() {
		s := &Snippet{Text: text}
		s.KeepParses()
		for range 3 {
			s.ParseYAML()
		}
	}
}

// TestMemo: a reading is computed once per kept parse, for every copy of
// the snippet that has its Text, and again for a copy whose Text changed.
func TestMemo(t *testing.T) {
	type key struct{}
	calls := 0
	f := func() any { calls++; return calls }
	s := &Snippet{Text: []byte("a: 1\n")}
	if s.Memo(key{}, f) != 1 || s.Memo(key{}, f) != 2 {
		t.Fatal("without KeepParses every call computes")
	}
	s.KeepParses()
	c := *s
	if a, b := s.Memo(key{}, f), c.Memo(key{}, f); a != 3 || b != 3 {
		t.Fatalf("kept: got %v and %v, want 3 twice", a, b)
	}
	c.Text = []byte("a: 2\n")
	if got := c.Memo(key{}, f); got != 4 {
		t.Fatalf("a copy with another Text: got %v, want a new reading", got)
	}
}
